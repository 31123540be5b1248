"""The report views with a JavaScript row: the sdk is the matrix's row dimension and part of each JUnit name."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from conformance.catalog.config import Settings
from conformance.reporting.report import Report
from conformance.reporting.views import html, junit, markdown
from conformance.verdicts.results import CaseResult, Outcome

OP = "responses.create"


def _row(auth: str, client: str, outcome: str, sdk: str) -> CaseResult:
    suffix = "" if sdk == "python" else f"-{sdk}"
    return CaseResult(id=f"{OP}[v1-{auth}-{client}{suffix}]", operation=OP, surface="v1", api_version=None,
                      auth=auth, client=client, outcome=Outcome(outcome), duration=0.01, attempts=1, sdk=sdk)


def _report() -> dict[str, Any]:
    report = Report(Settings(api_versions=("2024-10-21",)), started="2026-01-01T00:00:00+00:00",
                    finished="2026-01-01T00:00:05+00:00", selection={"full_run": False}, expectations=[])
    # Same operation, surface, auth and client: only the sdk tells the two async rows apart.
    report.add([_row("api_key", "async", "passed", "javascript"), _row("api_key", "sync", "passed", "python"),
                _row("api_key", "async", "passed", "python"), _row("entra", "async", "failed", "javascript")])
    return report.to_dict()


def test_markdown_matrix_has_one_row_per_operation_and_sdk() -> None:
    md = markdown.render(_report())
    assert "| operation | sdk | v1 / api_key | v1 / entra |" in md
    assert f"| `{OP}` | python | ✅✅ | — |" in md  # Python's sync and async, nothing of the JS row
    assert f"| `{OP}` | javascript | ✅ | ❌ |" in md
    assert md.index(f"| `{OP}` | python |") < md.index(f"| `{OP}` | javascript |")


def test_html_grid_shows_the_sdk_of_each_row() -> None:
    page = html.render(_report())
    assert '<th rowspan="2">sdk</th>' in page
    assert page.count(f'<th class="op">{OP}</th><td class="sdk">python</td>') == 1
    assert page.count(f'<th class="op">{OP}</th><td class="sdk">javascript</td>') == 1


def test_junit_names_keep_the_sdk_so_no_two_testcases_collide() -> None:
    root = ET.fromstring(junit.render(_report()))
    names = [c.get("name") for c in root.iter("testcase")]
    assert sorted(names) == ["v1-api_key-async", "v1-api_key-async-javascript", "v1-api_key-sync",
                             "v1-entra-async-javascript"]


def test_markdown_says_which_sdks_ran_and_why_the_others_did_not() -> None:
    md = markdown.render(_report())
    assert "SDKs run: python, javascript." in md
    for sdk, reason in [("dotnet", "no .NET driver yet"), ("go", "no Go driver yet"), ("java", "no Java driver yet")]:
        line = next(line for line in md.splitlines() if line.startswith(f"- {sdk}: "))
        assert reason in line and "replay-server" in line
    assert "- javascript:" not in md


def test_html_says_which_sdks_ran_and_why_the_others_did_not() -> None:
    page = html.render(_report())
    assert "SDKs run: python, javascript" in page
    assert "<summary>SDKs not run</summary>" in page and "go: " in page and "no Go driver yet" in page


def test_markdown_names_the_reason_javascript_did_not_run() -> None:
    report = Report(Settings(api_versions=("2024-10-21",)), started="2026-01-01T00:00:00+00:00",
                    finished="2026-01-01T00:00:05+00:00", selection={"full_run": False}, expectations=[])
    report.add([_row("api_key", "sync", "passed", "python"),
                _row("api_key", "async", "skipped", "javascript")])
    md = markdown.render(report.to_dict())
    assert "SDKs run: python." in md
    assert "- javascript: " in md

"""`throttled` in the report, its views and `diff`; the exit code and live wait lines of a throttled run."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from conformance.catalog.config import Settings
from conformance.reporting import diff
from conformance.reporting.report import Report
from conformance.reporting.views import html, junit, markdown, matrix, terminal
from conformance.standin import StandIn
from conformance.verdicts.results import CaseResult, Outcome
from tests.support import run_cli
from tests.support.reports import assert_valid_report, row

KEY = "throttled-key-4a6c8e1b3d5f7a9c"
TOKEN = "throttled-token-7e9a1c3e5b7d9f2b"
OP = "chat.completions.create"
RETRIES = [{"status": 429, "wait_s": 1.0, "header": "retry-after-ms"}, {"status": 500, "wait_s": None, "header": None}]


def report_data() -> dict[str, Any]:
    report = Report(Settings(api_versions=("2024-10-21",)), started="2026-01-01T00:00:00+00:00",
                    finished="2026-01-01T00:00:05+00:00")
    report.add([
        row(OP, "v1", "api_key", "sync", status=200, retries=RETRIES),
        row(OP, "v1", "api_key", "async", "throttled", status=429, message="throttled: HTTP 429 after 3 attempt(s)",
            retries=RETRIES[:1] * 2),
        row(OP, "v1", "entra", "sync", "skipped", message="no deployment"),
        row(OP, "v1", "entra", "async", "throttled", status=429, message="throttled: HTTP 429 after 3 attempt(s)"),
    ])
    return report.render()


def test_throttled_rows_are_counted_apart_and_the_report_is_schema_valid() -> None:
    data = report_data()
    assert_valid_report(data)
    summary = data["summary"]
    assert (summary["passed"], summary["failed"], summary["skipped"], summary["throttled"]) == (1, 0, 1, 2)
    assert data["results"][0]["retries"] == RETRIES[:1] * 2
    rebuilt = CaseResult.from_dict(data["results"][0])
    assert rebuilt.outcome is Outcome.THROTTLED and rebuilt.retries == RETRIES[:1] * 2
    old_row = {k: v for k, v in data["results"][1].items() if k not in ("retries", "details")}
    assert CaseResult.from_dict(old_row).retries == []  # a report from before the field still loads


def test_every_view_shows_throttled_as_its_own_outcome() -> None:
    data = report_data()
    lines = terminal.render_lines(data, None)
    assert lines[0].endswith("1 passed, 0 failed, 1 skipped, 0 error, 2 throttled (HTTP 429 after the SDK's "
                             "retries; not failures)")
    assert any(line.startswith("  THROTTLED chat.completions.create[v1-api_key-async]") for line in lines)
    md = markdown.render(data)
    assert "2 ⏳ throttled" in md and "| `chat.completions.create` | python | ✅⏳ | ⏭⏳ |" in md
    assert "- ⏳ `chat.completions.create[v1-entra-async]`: throttled: HTTP 429" in md
    page = html.render(data)
    assert 'data-outcome="throttled"' in page and "⧗ 2 throttled" in page
    assert "HTTP 429 → 1 s (retry-after-ms); HTTP 500 → SDK backoff" in page
    suite = ET.fromstring(junit.render(data)).find("testsuite")
    assert suite is not None and suite.get("skipped") == "3" and suite.get("failures") == "0"
    kinds = [s.get("type") for s in suite.iter("skipped")]
    assert sorted(kinds) == ["aoai-conformance.skip", "aoai-conformance.throttled", "aoai-conformance.throttled"]


def test_a_throttled_cell_is_worse_than_skipped_and_better_than_any_finding() -> None:
    def cell(*outcomes: str) -> str:
        return matrix.worst([{"outcome": o} for o in outcomes])

    assert cell("passed", "throttled") == "throttled" and cell("skipped", "throttled") == "throttled"
    assert cell("throttled", "failed") == "failed" and cell("throttled", "error") == "error"


def test_diff_lists_a_throttled_case_but_never_as_a_regression() -> None:
    old, new = report_data(), report_data()
    old["results"][0].update(outcome="passed", status=200)  # v1-api_key-async passed before, throttled now
    changes = diff.compare(old, new)
    mine = [c for c in changes if c.subject == "chat.completions.create[v1-api_key-async]"]
    assert {c.category for c in mine} == {"outcome", "status"}
    assert all("throttled: not judged, not a regression" in c.text and not c.regression for c in mine)
    assert diff.failing(changes, {"outcome", "status"}) == []
    new["results"][0].update(outcome="failed")
    assert [c.subject for c in diff.failing(diff.compare(old, new), {"outcome"})] == [mine[0].subject]


def _run(tmp_path: Path, scenario: str, operations: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    env = {"AZURE_OPENAI_API_KEY": KEY, "AZURE_OPENAI_AD_TOKEN": TOKEN}
    with StandIn(api_key=KEY, token=TOKEN, scenario=scenario) as server:
        result = run_cli("run", "--mode", "live", "--endpoint", server.url, "--operations", operations,
                         "--auth-modes", "api_key", "--report-dir", str(tmp_path), "--report-formats", "json",
                         "--", "-k", "v1 and not async", cwd=tmp_path, env=env)
    return result, json.loads((tmp_path / "report.json").read_text())


def test_a_run_whose_only_non_passes_are_throttled_exits_6_and_shows_each_wait(tmp_path: Path) -> None:
    result, data = _run(tmp_path, "status:429;retry_after_ms=50", "chat.completions.create")
    assert result.returncode == 6, result.stdout[-2000:]
    out = result.stdout
    waits = [line for line in out.splitlines() if line.startswith("waiting ")]
    assert waits == [f"waiting 0.05 s before retry {n} of 2: HTTP 429 retry-after-ms 50 from POST "
                     "/openai/v1/chat/completions [chat.completions.create-v1-api_key-sync]" for n in (1, 2)]
    assert "1 skipped" in out and "failed" not in out.split("short test summary")[-1]
    assert data["summary"]["throttled"] == 1 and data["summary"]["failed"] == 0


def test_a_throttled_run_with_a_failure_still_exits_1(tmp_path: Path) -> None:
    result, data = _run(tmp_path, "status:429;retry_after_ms=5", "chat.completions.create,client.request_id")
    statuses = {r["operation"]: r["outcome"] for r in data["results"]}
    assert statuses["chat.completions.create"] == "throttled"
    assert statuses["client.request_id"] == "failed"  # a probe expecting success keeps its own verdict
    assert result.returncode == 1

"""The views of report.json: terminal, Markdown, JUnit XML and the static HTML page."""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance.errors import ConfigError
from conformance.reporting import views
from conformance.reporting.views import html, junit, markdown, terminal
from tests.support.reports import sample_report, sample_rows

DATA_DIR = Path(__file__).parent / "data"


def test_terminal_lists_counts_drift_and_failures() -> None:
    lines = terminal.render_lines(sample_report().to_dict(), Path("out/report.json"))
    assert lines[0] == "aoai-conformance: 6 cases (replay): 2 passed, 2 failed, 1 skipped, 1 error"
    assert lines[1] == "drift: 3 unexpected (2 major, 1 minor, 0 info), 0 expected, 5 occurrences"
    assert any(line.startswith("  ERROR   embeddings.create[v1-entra-sync]") for line in lines)
    assert any("DRIFT   minor undocumented-field $.choices[0].message.annotations (2x;" in line for line in lines)
    assert lines[-1] == "report: out/report.json"


def test_markdown_matrix_combines_sync_and_async_per_cell() -> None:
    md = markdown.render(sample_report().to_dict())
    assert "| operation | sdk | v1 / api_key | v1 / entra | 2024-10-21 / entra |" in md
    assert "| `chat.completions.create` | python | ✅✅ | — | ❌⏭ |" in md
    assert "| `embeddings.create` | python | — | ⚠️❌ | — |" in md


def test_markdown_groups_drift_by_kind() -> None:
    md = markdown.render(sample_report().to_dict())
    kinds = re.findall(r"^#### (.+)$", md, flags=re.M)
    assert kinds == ["missing-documented-field", "status-changed", "undocumented-field"]
    assert ("| minor | chat.completions.create | `$.choices[0].message.annotations` | docs/000 §Chat completions | 2 "
            "| **no** |") in md


def test_markdown_cells_escape_pipes_and_newlines() -> None:
    assert markdown.cell_text("a|b\nc") == "a\\|b c"


def test_junit_has_one_testcase_per_case_with_drift_properties() -> None:
    root = ET.fromstring(junit.render(sample_report().to_dict()))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("6", "2", "1",
                                                                                                     "1")
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert len(cases) == len(sample_rows())
    failed = cases[("chat.completions.create", "2024-10-21-entra-sync")]
    assert failed.find("failure") is not None
    assert failed.find("failure").get("message") == "$.choices: required property missing"  # type: ignore[union-attr]
    assert cases[("embeddings.create", "v1-entra-sync")].find("error") is not None
    assert cases[("chat.completions.create", "2024-10-21-entra-async")].find("skipped") is not None
    passed = cases[("chat.completions.create", "v1-api_key-sync")]
    assert "request id: req-1\n" in (passed.findtext("system-out") or "")
    props = [(p.get("name"), p.get("value")) for p in passed.iter("property")]
    assert [v for n, v in props if n == "drift"] == [
        "major missing-documented-field $.usage.prompt_tokens_details: missing-documented-field at "
        "$.usage.prompt_tokens_details [docs/000 §Chat completions] (unexpected)",
        "minor undocumented-field $.choices[0].message.annotations: undocumented-field at "
        "$.choices[0].message.annotations [docs/000 §Chat completions] (unexpected)",
    ]


def test_junit_strips_characters_xml_cannot_carry() -> None:
    assert junit.clean("a\x00b\x1bc") == "a#x00b#x1Bc"


def _xsd(extended: bool) -> object:
    """pytest's own JUnit XSD; `extended` also admits what pytest's default (xunit1) output itself contains."""
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is a test dependency for the JUnit XSD check")
    text = (DATA_DIR / "junit-10.xsd").read_text(encoding="utf-8")
    if extended:
        # pytest's xunit1 files carry <properties> per testcase (record_property) and <error> for errors;
        # the XSD predates both, so admit exactly those two and nothing else.
        text = text.replace('<xs:element ref="errors"/>', '<xs:element ref="errors"/><xs:element ref="error"/>'
                            '<xs:element ref="properties"/>')
        text = text.replace('<xs:element name="errors">', '<xs:element name="error"><xs:complexType mixed="true">'
                            '<xs:attribute name="type" type="xs:string"/><xs:attribute name="message" '
                            'type="xs:string"/></xs:complexType></xs:element><xs:element name="errors">')
    return xmlschema.XMLSchema(text)


def test_junit_validates_against_pytests_junit_xsd() -> None:
    data = sample_report().to_dict()
    _xsd(extended=True).validate(junit.render(data))  # type: ignore[attr-defined]
    # a clean run (no errors, no drift) is valid under the unmodified XSD
    clean = {**data, "results": [{**r, "drift": []} for r in data["results"] if r["outcome"] != "error"],
             "summary": {**data["summary"], "error": 0}}
    _xsd(extended=False).validate(junit.render(clean))  # type: ignore[attr-defined]


def test_html_is_self_contained() -> None:
    page = html.render(sample_report().to_dict())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page
    assert page.count('<section class="case"') == len(sample_rows())
    assert 'data-case="chat.completions.create[v1-api_key-sync]"' in page


def test_html_escapes_report_text() -> None:
    data = sample_report().to_dict()
    data["results"][0]["message"] = "<script>alert(1)</script>"
    assert "<script>alert(1)</script>" not in html.render(data)


def test_format_selection() -> None:
    assert views.parse_formats(None) == ("json", "md", "html", "junit")
    assert views.parse_formats("junit, md") == ("md", "junit")
    assert views.selected(views.parse_formats("json")) == []
    with pytest.raises(ConfigError, match="unknown report format"):
        views.parse_formats("pdf")


@pytest.mark.e2e
def test_report_command_rerenders_the_views_from_a_saved_json(tmp_path: Path) -> None:
    """The views are functions of report.json alone: `aoai-conformance report` rebuilds them anywhere."""
    from tests.support import run_cli

    run = run_cli("run", "--operations", "chat.completions.create", "--report-dir", str(tmp_path / "run"),
                  "--report-formats", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-2000:]
    assert not (tmp_path / "run" / "report.html").exists()
    out = tmp_path / "views"
    result = run_cli("report", str(tmp_path / "run" / "report.json"), "--output", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["junit.xml", "report.html", "report.md"]
    assert "chat.completions.create" in (out / "report.md").read_text()
    missing = run_cli("report", str(tmp_path / "nope.json"), cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_report_command_writes_json_elsewhere_and_refuses_to_write_nothing(tmp_path: Path) -> None:
    from conformance.commands import report as report_cmd
    from conformance.errors import ConformanceError

    source = tmp_path / "run"
    sample_report().write(source, formats=("json",))
    ns = argparse.Namespace(report_json=source / "report.json", formats="json", output=None)
    with pytest.raises(ConformanceError, match="nothing to write"):
        report_cmd.main(ns)
    ns.output = tmp_path / "copy"
    assert report_cmd.main(ns) == 0
    copied = json.loads((tmp_path / "copy" / "report.json").read_text())
    assert copied == json.loads((source / "report.json").read_text())


def test_every_registered_view_renders_every_case_from_report_json_alone() -> None:
    # The report-view recipe: a renderer in VIEWS is all a view needs; it is drawn from report.json alone.
    data = sample_report().to_dict()
    for name, (filename, render) in views.VIEWS.items():
        text = render(data)
        assert filename and text.strip(), name
        for row in data["results"]:
            assert row["operation"] in text, (name, row["id"])
    assert ("json", *views.VIEWS) == views.FORMATS

"""report.json: the published meta-schema, deterministic order, dedupe and the header fields."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conformance.reporting.expectations import Expectation
from conformance.reporting.report import SCHEMA_ID, Report
from conformance.verdicts.results import CaseResult
from tests.support.reports import (
    META,
    SMALL_OPERATIONS,
    assert_valid_report,
    run_suite,
    sample_report,
    sample_rows,
)


def test_meta_schemas_are_valid_draft_2020_12_with_their_ids() -> None:
    for name in ("report.schema.json", "expectations.schema.json"):
        schema = json.loads((META / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"https://aoai-conformance.invalid/schemas/meta/{name}"
    assert SCHEMA_ID.endswith("/report.schema.json")


def test_suite_run_writes_a_schema_valid_report_and_every_view(tmp_path: Path) -> None:
    data = run_suite(tmp_path / "out", "--operations", SMALL_OPERATIONS, cwd=tmp_path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["junit.xml", "report.html", "report.json",
                                                                    "report.md"]
    ids = [r["id"] for r in data["results"]]
    assert ids == sorted(ids) and len(ids) == data["summary"]["cases"] > 0
    info = data["run_info"]
    assert info["mode"] == "replay" and info["sdk_versions"]["openai"]
    assert info["selection"] == {"operations": SMALL_OPERATIONS, "keyword": None, "markers": None,
                                 "full_run": False, "deselected": []}
    assert info["expectations"]["ignored"] is False


def test_report_formats_option_limits_the_views(tmp_path: Path) -> None:
    run_suite(tmp_path / "out", "--operations", SMALL_OPERATIONS, "--report-formats", "md", "--", "-k", "v1 and sync",
              cwd=tmp_path)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.md"]


def test_hand_built_report_with_drift_is_valid_and_deduplicated() -> None:
    data = sample_report().to_dict()
    assert_valid_report(data)
    by_key = {d["key"]: d for d in data["drift"]}
    extra = by_key["chat.completions.create:undocumented-field:$.choices[0].message.annotations"]
    assert extra["occurrences"] == 2
    assert extra["cases"] == ["chat.completions.create[v1-api_key-async]", "chat.completions.create[v1-api_key-sync]"]
    assert [d["severity"] for d in data["drift"]] == ["major", "major", "minor"]  # worst first
    assert data["summary"]["drift"] == {"unique": 3, "unexpected": 3, "expected": 0, "occurrences": 5,
                                        "unexpected_by_severity": {"major": 2, "minor": 1, "info": 0}}
    sync_row = next(r for r in data["results"] if r["id"] == "chat.completions.create[v1-api_key-sync]")
    assert [d["kind"] for d in sync_row["drift"]] == ["missing-documented-field", "undocumented-field"]
    assert sync_row["unexpected_drift"] == 2


def test_report_is_independent_of_row_arrival_order() -> None:
    forward = sample_report().to_dict()
    backward = Report(sample_report().settings, started=forward["run_info"]["started"],
                      finished=forward["run_info"]["finished"], selection={"full_run": False})
    backward.add(reversed([CaseResult.from_dict(r.to_dict()) for r in sample_rows()]))
    assert backward.to_dict() == forward


def test_expected_drift_carries_its_expectation_in_rows_and_dedupe() -> None:
    entry = Expectation(operation="chat.completions.create", surface="v1", kind="undocumented-field",
                        reason="v1 adds annotations", link="https://example.invalid/1")
    data = sample_report([entry]).to_dict()
    assert_valid_report(data)
    extra = next(d for d in data["drift"] if d["kind"] == "undocumented-field")
    assert extra["expected"] is True and extra["expectation"]["reason"] == "v1 adds annotations"
    assert data["summary"]["drift"]["unexpected"] == 2 and data["summary"]["drift"]["expected"] == 1


def test_from_dict_ignores_report_only_keys() -> None:
    row = sample_rows()[1]
    assert CaseResult.from_dict({**row.to_dict(), "unexpected_drift": 1, "future": True}) == row

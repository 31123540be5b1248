"""The one drift de-duplication (drift.group) and the four views of it: a case's row, validate, the report, the docs."""

from __future__ import annotations

from typing import Any

from conformance.reporting import report
from conformance.verdicts import checks
from conformance.verdicts.drift import Drift, DriftKind, dedupe, group

SOURCE = "spec v1#/components/schemas/X"


def extra(path: str, message: str = "") -> Drift:
    return Drift.of(DriftKind.UNDOCUMENTED_FIELD, path, SOURCE, message or f"{path} is not documented")


def test_group_keeps_the_first_occurrence_counts_all_and_lists_each_case_once() -> None:
    pairs = [("b", extra("$.choices[0].x", "first")), ("a", extra("$.choices[1].x", "second")),
             ("b", extra("$.choices[2].x", "third")), ("a", extra("$.y"))]
    groups = group(pairs)
    assert [g.key for g in groups] == [extra("$.choices[0].x").key, extra("$.y").key]  # first-seen order
    first = groups[0]
    assert first.first["message"] == "first" and first.first["path"] == "$.choices[0].x"
    assert first.occurrences == 3 and first.cases == ["b", "a"]
    assert groups[1].occurrences == 1 and groups[1].cases == ["a"]


def test_group_takes_report_items_as_well_as_drift() -> None:
    item: dict[str, Any] = {**extra("$.x").to_dict(), "expected": True}
    (only,) = group([("case", item), ("case", extra("$.x"))])
    assert only.occurrences == 2 and only.cases == ["case"] and only.items[0]["expected"] is True


def test_a_case_row_lists_each_key_once_sorted() -> None:
    out = checks.Findings(drift=[extra("$.z[0]"), extra("$.a"), extra("$.z[1]")])
    rows = out.drift_rows()
    assert [r["path"] for r in rows] == ["$.a", "$.z[0]"]
    assert set(rows[0]) == {"kind", "severity", "path", "source", "message", "key"}


def test_validate_rows_count_occurrences_with_indices_as_stars() -> None:
    (row,) = dedupe([("interactions[1]", extra("$.z[3]")), ("interactions[0]", extra("$.z[0]"))])
    assert row["path"] == "$.z[*]" and row["occurrences"] == 2 and row["cases"] == ["interactions[0]",
                                                                                    "interactions[1]"]


def test_report_drift_is_expected_only_when_every_occurrence_is() -> None:
    item = extra("$.x").to_dict()
    rows = [{"id": "a", "drift": [{**item, "expected": True, "expectation": {"reason": "known"}}]},
            {"id": "b", "drift": [{**item, "expected": False}, {**item, "expected": False}]}]
    (entry,) = report.dedupe_drift(rows)
    assert entry["occurrences"] == 3 and entry["cases"] == ["a", "b"]
    assert entry["expected"] is False and "expectation" not in entry
    (kept,) = report.dedupe_drift(rows[:1])
    assert kept["expected"] is True and kept["expectation"] == {"reason": "known"}


def test_doc_drift_counts_each_key_once() -> None:
    entries = report.doc_drift()
    assert len({e["key"] for e in entries}) == len(entries)
    assert all(e["occurrences"] >= 1 for e in entries) and entries

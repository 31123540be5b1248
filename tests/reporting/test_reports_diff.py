"""`aoai-conformance diff`: run-over-run changes and the exit status on regressions."""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conformance.reporting import diff
from tests.support import run_cli
from tests.support.reports import (
    EXTRA,
    SMALL_OPERATIONS,
    copy_cassettes,
    drift,
    run_suite,
    sample_report,
)


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _row(data: dict[str, Any], case: str) -> dict[str, Any]:
    return next(r for r in data["results"] if r["id"] == case)


def test_identical_reports_have_no_changes() -> None:
    data = sample_report().to_dict()
    assert diff.compare(data, copy.deepcopy(data)) == []


def test_new_field_drift_is_named_by_path_and_fails() -> None:
    old = sample_report().to_dict()
    new = copy.deepcopy(old)
    case = "chat.completions.create[v1-api_key-async]"
    item = {**drift("undocumented-field", "$.choices[0].message.audio"), "expected": False}
    _row(new, case)["drift"].append(item)
    new["drift"].append({**{k: item[k] for k in ("key", "kind", "severity", "path", "source", "message")},
                         "occurrences": 1, "cases": [case], "expected": False})
    changes = diff.compare(old, new)
    assert [(c.category, c.regression) for c in changes] == [("field", True)]
    assert "field $.choices[0].message.audio appeared (undocumented)" in changes[0].text
    assert diff.failing(changes, diff.parse_fail_on("outcome")) == []
    assert diff.failing(changes, diff.parse_fail_on(diff.DEFAULT_FAIL_ON)) == changes


def test_vanished_drift_and_status_change_are_listed() -> None:
    old = sample_report().to_dict()
    new = copy.deepcopy(old)
    new["drift"] = [d for d in new["drift"] if d["key"] != EXTRA["key"]]
    _row(new, "embeddings.create[v1-entra-async]")["status"] = 400
    changes = diff.compare(old, new)
    assert {c.category for c in changes} == {"field", "status"}
    assert any("vanished" in c.text and EXTRA["path"] in c.text for c in changes)
    assert diff.failing(changes, diff.parse_fail_on(diff.DEFAULT_FAIL_ON)) == []
    assert [c.category for c in diff.failing(changes, diff.parse_fail_on("status"))] == ["status"]
    assert len(diff.failing(changes, diff.parse_fail_on("any"))) == 2
    assert diff.failing(changes, diff.parse_fail_on("none")) == []


def test_better_outcome_is_not_a_regression_and_worse_is() -> None:
    old = sample_report().to_dict()
    new = copy.deepcopy(old)
    _row(new, "embeddings.create[v1-entra-sync]")["outcome"] = "passed"
    _row(new, "chat.completions.create[v1-api_key-sync]")["outcome"] = "failed"
    changes = {c.subject: c for c in diff.compare(old, new)}
    assert not changes["embeddings.create[v1-entra-sync]"].regression
    assert changes["chat.completions.create[v1-api_key-sync]"].regression


def test_unknown_fail_on_value_is_rejected() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="choose from outcome, drift, status, any, none"):
        diff.parse_fail_on("outcomes")


@pytest.mark.e2e
def test_formats_render(tmp_path: Path) -> None:
    old = sample_report().to_dict()
    new = copy.deepcopy(old)
    _row(new, "chat.completions.create[v1-api_key-sync]")["outcome"] = "error"
    a, b = _write(tmp_path / "a.json", old), _write(tmp_path / "b.json", new)
    md = run_cli("diff", str(a), str(b), "--format", "markdown", cwd=tmp_path)
    assert md.returncode == 1
    assert "| ❌ | outcome | chat.completions.create[v1-api_key-sync]: passed → error" in md.stdout
    js = run_cli("diff", str(a), str(b), "--format", "json", "--fail-on", "none", cwd=tmp_path)
    assert js.returncode == 0 and json.loads(js.stdout)["changes"][0]["new"] == "error"
    bad = run_cli("diff", str(a), str(tmp_path / "missing.json"), cwd=tmp_path)
    assert bad.returncode == 2 and "cannot read report" in bad.stderr


@pytest.mark.e2e
def test_diff_of_two_suite_runs_names_the_mutated_cassette(tmp_path: Path) -> None:
    operations = f"{SMALL_OPERATIONS},embeddings.create"
    baseline = run_suite(tmp_path / "old", "--operations", operations, cwd=tmp_path)
    # mutate an operation whose v1 cases replay cleanly today (others may be re-recording cassettes)
    passing = [op for op in operations.split(",") if all(
        r["outcome"] == "passed" for r in baseline["results"] if _in_mutated(r, op))]
    if not passing:
        pytest.skip("no v1 cassette of the chosen operations replays cleanly right now")
    op = passing[0]
    cassettes = copy_cassettes(tmp_path / "cassettes")
    path = cassettes / "v1" / f"{op}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for interaction in doc["interactions"]:
        interaction["response"]["status"] = {"code": 500, "message": "Internal Server Error"}
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    mutated = run_suite(tmp_path / "new", "--operations", operations, "--cassette-dir", str(cassettes),
                        cwd=tmp_path)

    result = run_cli("diff", str(tmp_path / "old" / "report.json"), str(tmp_path / "new" / "report.json"),
                     "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    changes = json.loads(result.stdout)["changes"]
    # The mutated file is Python's v1 cassette; other SDKs replay their own (<sdk>/v1/) and must not move.
    v1_cases = sorted(r["id"] for r in baseline["results"] if _in_mutated(r, op))
    outcome_changes = [c for c in changes if c["category"] == "outcome"]
    assert sorted(c["subject"] for c in outcome_changes) == v1_cases
    assert all(c["old"] == "passed" and c["regression"] for c in outcome_changes), outcome_changes
    status_changes = [c for c in changes if c["category"] == "status"]
    assert {c["subject"] for c in status_changes} <= set(v1_cases)
    assert all(c["new"] in (500, None) for c in status_changes), status_changes
    # anything else the diff lists (drift, once the suite reports it) is about the same cases
    others = [c for c in changes if c["category"] not in ("outcome", "status")]
    assert all(op in c["text"] for c in others), others
    untouched = [r for r in mutated["results"] if not _in_mutated(r, op)]
    assert {r["id"]: r["outcome"] for r in untouched} == {
        r["id"]: r["outcome"] for r in baseline["results"] if not _in_mutated(r, op)}


def _in_mutated(row: dict[str, Any], op: str) -> bool:
    return row["operation"] == op and row["surface"] == "v1" and row["sdk"] == "python"


def _without(data: dict[str, Any], case: str) -> dict[str, Any]:
    new = copy.deepcopy(data)
    new["results"] = [r for r in new["results"] if r["id"] != case]
    return new


def test_a_case_that_vanished_from_a_run_that_selected_it_is_a_regression() -> None:
    old = sample_report().to_dict()
    case = old["results"][0]["id"]
    changes = diff.compare(old, _without(old, case))
    [change] = [c for c in changes if c.subject == case]
    assert change.regression and "vanished" in change.text and "included it" in change.text
    assert diff.failing(changes, {"outcome"}) == [change]


@pytest.mark.parametrize("narrow", ["operations", "deselected", "auth_modes", "api_versions"])
def test_a_case_the_new_selection_excluded_is_not_a_regression_and_says_why(narrow: str) -> None:
    old = sample_report().to_dict()
    row = next(r for r in old["results"] if r["api_version"])
    new = _without(old, row["id"])
    info = new["run_info"]
    if narrow == "operations":
        others = sorted({r["operation"] for r in old["results"]} - {row["operation"]}) or ["embeddings.create"]
        info["selection"]["operations"] = ",".join(others)
        why = "--operations"
    elif narrow == "deselected":
        info["selection"].update(keyword="not sync", deselected=[row["id"]])
        why = "deselected by -k 'not sync'"
    elif narrow == "auth_modes":
        info["auth_modes"] = [a for a in info["auth_modes"] if a != row["auth"]]
        why = "auth modes"
    else:
        info["api_versions"] = [v for v in info["api_versions"] if v != row["api_version"]]
        why = "api versions"
    [change] = [c for c in diff.compare(old, new) if c.subject == row["id"]]
    assert not change.regression and "excluded it" in change.text and why in change.text

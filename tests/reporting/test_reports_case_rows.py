"""One row per case, always: crashes anywhere in a case still reach the report, and counts equal pytest's."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind, build_cases
from conformance.catalog.config import AuthMode, Settings
from conformance.suite import case_rows
from conformance.verdicts.results import CaseResult, Outcome

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "conformance" / "suite"
CASE = Case(catalog.get("chat.completions.create"), "v1", AuthMode.API_KEY, ClientKind.SYNC)


def _item(case: Case | None = CASE) -> Any:
    return SimpleNamespace(callspec=SimpleNamespace(params={"conformance_case": case}))


def _report(when: str, outcome: str, longrepr: Any = None) -> pytest.TestReport:
    return pytest.TestReport("t::x", ("t", 0, "x"), {}, outcome, longrepr, when)  # type: ignore[arg-type]


def _crash(message: str) -> Any:
    return SimpleNamespace(reprcrash=SimpleNamespace(message=message))


def test_a_judged_call_keeps_its_row() -> None:
    judged = case_rows.blank_row(CASE, Outcome.PASSED, "")
    assert case_rows.row_for(_item(), _report("call", "passed"), judged) is judged


def test_a_call_that_crashed_before_a_verdict_is_an_error_naming_the_exception() -> None:
    row = case_rows.row_for(_item(), _report("call", "failed", _crash("KeyError: 'choices'")), None)
    assert row is not None and row.outcome is Outcome.ERROR and row.message == "KeyError: 'choices'"
    assert row.id == CASE.id and row.operation == "chat.completions.create" and row.auth == "api_key"


def test_a_failing_setup_is_an_error_row() -> None:
    row = case_rows.row_for(_item(), _report("setup", "failed", _crash("ImportError: no aiohttp")), None)
    assert row is not None and row.outcome is Outcome.ERROR and "ImportError: no aiohttp" in row.message


def test_a_skip_in_setup_is_a_skipped_row_with_the_reason() -> None:
    row = case_rows.row_for(_item(), _report("setup", "skipped", ("f", 1, "Skipped: no deployment")), None)
    assert row is not None and row.outcome is Outcome.SKIPPED and row.message == "Skipped: no deployment"


def test_a_passing_setup_and_teardown_settle_nothing() -> None:
    assert case_rows.row_for(_item(), _report("setup", "passed"), None) is None
    assert case_rows.row_for(_item(), _report("teardown", "passed"), None) is None


def test_a_failing_teardown_turns_a_passed_case_into_an_error_and_keeps_its_data() -> None:
    judged = case_rows.blank_row(CASE, Outcome.PASSED, "")
    judged.status = 200
    row = case_rows.row_for(_item(), _report("teardown", "failed", _crash("OSError: pool")), judged)
    assert row is not None and row.outcome is Outcome.ERROR and row.status == 200
    assert row.message == "teardown: OSError: pool"
    assert judged.outcome is Outcome.PASSED  # the judged row itself is not mutated


def test_a_call_without_a_verdict_is_never_silently_passed() -> None:
    row = case_rows.row_for(_item(), _report("call", "passed"), None)
    assert row is not None and row.outcome is Outcome.ERROR


def test_items_that_are_not_cases_get_no_row() -> None:
    assert case_rows.row_for(SimpleNamespace(), _report("call", "failed", _crash("x")), None) is None  # type: ignore[arg-type]
    assert case_rows.row_for(_item(None), _report("call", "failed", _crash("x")), None) is None


def test_rows_travel_on_the_report_and_messages_are_capped() -> None:
    report = _report("call", "failed")
    row = case_rows.blank_row(CASE, Outcome.ERROR, "ValueError: " + "x" * 10_000)
    case_rows.attach(report, row)
    again = case_rows.attached(report)
    assert isinstance(again, CaseResult) and again.id == CASE.id and len(again.message) <= 2000
    assert case_rows.attached(_report("call", "passed")) is None


# -- end to end: crash injection through the real plugin, serial and under xdist ------------------------------

CRASHES = '''
import pytest
from conformance.verdicts import checks
from conformance.verdicts import probes

CALL = "chat.completions.create-2024-10-21-api_key-sync"
PROBE = "client.request_id-v1-entra-async"
STREAM = "client.request_id-2024-10-21-env-sync"
SETUP = "chat.completions.create-v1-api_key-sync"
TEARDOWN = "chat.completions.create-v1-entra-async"
_saved = {}

def _current(request_node_name):
    return request_node_name.rsplit("[", 1)[-1].rstrip("]")

_NOW = {"case": ""}

@pytest.fixture(autouse=True)
def _inject(request):
    _NOW["case"] = _current(request.node.name)
    if _NOW["case"] == SETUP:
        raise RuntimeError("injected in setup")
    yield
    if _NOW["case"] == TEARDOWN:
        raise RuntimeError("injected in teardown")

def _raising(name, original, case_name, exc):
    def wrapper(*args, **kwargs):
        if _NOW["case"] == case_name:
            raise exc
        return original(*args, **kwargs)
    return wrapper

def pytest_configure(config):
    _saved.update(call=checks.check_request, run_probe=probes.run_probe, check_stream=checks.check_stream)
    checks.check_request = _raising("call", checks.check_request, CALL, KeyError("injected in call"))
    probes.run_probe = _raising("probe", probes.run_probe, PROBE, ZeroDivisionError("injected in a probe"))
    checks.check_stream = _raising("stream", checks.check_stream, STREAM, UnicodeError("injected in a stream"))

def pytest_unconfigure(config):
    checks.check_request, probes.run_probe = _saved["call"], _saved["run_probe"]
    checks.check_stream = _saved["check_stream"]
'''


def _outcomes(result: pytest.RunResult) -> dict[str, int]:
    counts = result.parseoutcomes()
    return {k: counts.get(k, 0) for k in ("passed", "failed", "skipped", "errors")}


def _run(pytester: pytest.Pytester, report_dir: Path, *args: str) -> tuple[dict[str, int], dict[str, Any]]:
    # Serial runs in-process (the injected crashes patch module functions and restore them at unconfigure); the
    # xdist run in a subprocess, whose environment lets its workers import the injecting plugin.
    run = pytester.runpytest_subprocess if "-n" in args else pytester.runpytest_inprocess
    result = run(
        str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"), "--rootdir", str(SUITE),
        "--conformance-report-dir", str(report_dir), "--conformance-report-formats", "json", *args)
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return _outcomes(result), report


def _reconcile(pytest_counts: dict[str, int], report: dict[str, Any], teardown_errors: int = 0) -> None:
    summary = report["summary"]
    # pytest counts a case whose teardown failed twice (passed, then an error); the report has one error row.
    run = sum(pytest_counts.values()) - teardown_errors
    assert summary["cases"] == len(report["results"]) == run
    assert summary["failed"] + summary["error"] == pytest_counts["failed"] + pytest_counts["errors"]
    assert summary["skipped"] == pytest_counts["skipped"]


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_crashes_in_setup_call_probe_stream_and_teardown_each_leave_an_error_row(
    pytester: pytest.Pytester, tmp_path: Path, workers: list[str]
) -> None:
    pytester.makepyfile(crashes=CRASHES)
    pytester.syspathinsert()
    counts, report = _run(pytester, tmp_path, "-p", "crashes", "-p", "no:cacheprovider", *workers,
                          "--conformance-operations", "chat.completions.create,client.request_id")
    _reconcile(counts, report, teardown_errors=1)
    rows = {r["id"]: r for r in report["results"]}
    selected = [catalog.get("chat.completions.create"), catalog.get("client.request_id")]
    assert len(rows) == len(build_cases(Settings(), selected))  # one row per case, the JS rows included
    expected = {
        "chat.completions.create[v1-api_key-sync]": "RuntimeError: injected in setup",
        "chat.completions.create[2024-10-21-api_key-sync]": "KeyError: 'injected in call'",
        "client.request_id[v1-entra-async]": "ZeroDivisionError: injected in a probe",
        "client.request_id[2024-10-21-env-sync]": "UnicodeError: injected in a stream",
        "chat.completions.create[v1-entra-async]": "RuntimeError: injected in teardown",
    }
    for case_id, text in expected.items():
        assert rows[case_id]["outcome"] == "error", rows[case_id]
        assert text in rows[case_id]["message"]
    assert sum(r["outcome"] == "error" for r in rows.values()) == len(expected)
    assert report["run_info"]["started"] < report["run_info"]["finished"]


def test_a_corrupt_stream_frame_in_a_cassette_is_counted_as_pytest_counts_it(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    cassettes = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", cassettes)
    path = cassettes / "v1" / "client.request_id.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["interactions"]:
        body = item["response"]["body"]["string"]
        if body.startswith("data: "):
            item["response"]["body"]["string"] = re.sub(r'^data: \{"id"', 'data: {"id"::', body, count=1)
    path.write_text(json.dumps(data), encoding="utf-8")
    counts, report = _run(pytester, tmp_path / "r", "-p", "no:cacheprovider",
                          "--conformance-operations", "client.request_id", "--conformance-cassette-dir", str(cassettes))
    _reconcile(counts, report)
    v1 = [r for r in report["results"] if r["surface"] == "v1"]
    assert len(v1) == 6 and all(r["outcome"] in ("failed", "error") for r in v1), v1

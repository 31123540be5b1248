"""Fail fast on an unreachable or misconfigured endpoint: stop calling, keep the report complete, name the fix."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from conformance.calling import backoff
from conformance.calling.transport import Attempt
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import load_settings
from conformance.standin import StandIn
from conformance.suite.failfast import Breaker
from conformance.suite.runner import Session, run_case
from tests.support import CANARY_KEY, CANARY_TOKEN, SURFACES, run_cli
from tests.support.sdk_rows import JS_REASON, runs_here

ENV = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}


def _dead_endpoint() -> str:
    """A loopback port nobody listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _refused() -> list[Attempt]:
    attempt = Attempt("POST", "http://x/openai/v1/chat/completions", {}, b"")
    attempt.error = "ConnectError: [Errno 111] Connection refused"
    return [attempt, attempt, attempt]


def _answered(status: int) -> list[Attempt]:
    return [*_refused()[:1], Attempt("POST", "http://x/", {}, b"", status=status)]


def test_the_breaker_trips_after_three_consecutive_cases_without_any_http_response() -> None:
    breaker = Breaker("http://127.0.0.1:9", planned=10)
    for _ in range(2):
        assert breaker.admit() is None
        breaker.observe(_refused())
    assert breaker.admit() is None
    breaker.observe([])  # a case that sent nothing (skipped, credential error) neither counts nor resets
    assert breaker.admit() is None
    breaker.observe(_refused())
    reason = breaker.admit()
    assert reason is not None and reason.startswith("endpoint unreachable: 3 consecutive cases got no HTTP response")
    assert "http://127.0.0.1:9" in reason and "Connection refused" in reason
    assert reason.endswith("; 6 cases not run")  # 10 planned, 4 admitted before it tripped
    assert breaker.admit() == reason  # one reason for every remaining case


def test_any_http_response_even_an_error_status_resets_the_count() -> None:
    breaker = Breaker("http://e")
    for attempts in (_refused(), _refused(), _answered(500), _refused(), _refused(), _answered(401), _refused()):
        breaker.admit()
        breaker.observe(attempts)
    assert breaker.admit() is None
    breaker.observe(_refused())
    breaker.admit()
    breaker.observe(_refused())
    assert (breaker.admit() or "").endswith("the remaining cases not run")  # planned unknown (an xdist worker)


def test_a_run_against_a_dead_port_stops_calling_and_skips_the_rest_in_process(tmp_path: Path) -> None:
    settings = load_settings({"mode": "live", "endpoint": _dead_endpoint()}, environ=ENV)
    session = Session(settings, tmp_path)
    cases = build_cases(settings, [catalog.get("chat.completions.create"), catalog.get("client.retries")])
    session.breaker.planned = len(cases)
    try:
        with backoff.shortened():
            rows = [run_case(session, case) for case in cases]
    finally:
        session.close()
    # Per operation: Python's every surface x three auth modes x sync/async, and the JS docs' two
    assert len(rows) == len(cases) == 2 * (len(SURFACES) * 3 * 2) + 2 * 2
    assert [r.outcome.value for r in rows[:3]] == ["failed"] * 3
    assert all("APIConnectionError" in r.message and r.attempts == 3 for r in rows[:3])
    rest = rows[3:]
    assert {r.outcome.value for r in rest} == {"skipped"} and {r.attempts for r in rest} == {0}
    assert len({r.message for r in rest}) == 1 and rest[0].message.endswith(f"; {len(cases) - 3} cases not run")


@pytest.mark.e2e  # the SDK's real backoff before each of the three failures: seconds of waiting, by design
def test_a_live_run_against_a_dead_port_ends_quickly_with_a_complete_report(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_cli("run", "--mode", "live", "--endpoint", _dead_endpoint(), "--report-dir", str(tmp_path),
                     cwd=tmp_path, env=ENV)
    elapsed = time.monotonic() - started
    print(f"dead-port live run of the full matrix: {elapsed:.1f} s")  # measured: 8.5-15.5 s on 2 shared cores
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    rows = report["results"]
    every = build_cases(load_settings({"mode": "live", "endpoint": _dead_endpoint()}, environ=ENV))
    assert sorted(r["id"] for r in rows) == sorted(c.id for c in every)  # one row per case
    assert report["summary"]["cases"] == len(every)
    failed = [r for r in rows if r["outcome"] == "failed"]
    skipped = [r for r in rows if r["outcome"] == "skipped"]
    assert len(failed) == 3 and len(skipped) == len(every) - 3
    assert len({r["message"] for r in skipped}) == 1
    assert skipped[0]["message"].startswith("endpoint unreachable: ")
    assert skipped[0]["message"].endswith(f"; {len(every) - 3} cases not run")
    assert elapsed < 60  # generous: the point is minutes -> seconds (it took 10.5 minutes before)


def test_a_missing_deployment_names_the_setting_to_fix_for_plain_and_probe_cases(tmp_path: Path) -> None:
    with StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN) as server:
        settings = load_settings({"mode": "live", "endpoint": server.url},
                                 environ={**ENV, "AOAI_CONFORMANCE_DEPLOYMENT_CHAT": "gpt-4o-typo"})
        session = Session(settings, tmp_path)
        ops = [catalog.get(op) for op in ("chat.completions.create", "chat.completions.create.stream",
                                          "client.request_id", "errors.status_mapping")]
        try:
            rows = [run_case(session, case) for case in build_cases(settings, ops) if case.surface == "v1"]
        finally:
            session.close()
    assert len(rows) == 4 * 6 + 2 * 2  # v1: Python's six per operation; JS documents chat and the errors
    for row in rows:
        if not runs_here(row):
            assert row.outcome.value == "skipped" and row.message == JS_REASON
            continue
        assert row.outcome.value == "error", (row.id, row.message)
        assert "no deployment named 'gpt-4o-typo' (kind 'chat')" in row.message, row.id
        assert "AOAI_CONFORMANCE_DEPLOYMENT_CHAT" in row.message and '[deployments] chat = "NAME"' in row.message
    # a probe case stops at the first 404 instead of failing each of its probes the same way
    assert {r.attempts for r in rows if r.operation == "errors.status_mapping" and runs_here(r)} == {1}

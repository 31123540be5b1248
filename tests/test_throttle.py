"""Throttling is not non-conformance: `throttled` rows, retries recorded in the row, 429 retry-header drift.

In-process live runs against the stand-in, whose scenario scripts the 429s (real clients over real HTTP).
"""

from __future__ import annotations

from pathlib import Path

from conformance import catalog, throttle
from conformance.cases import build_cases
from conformance.config import load_settings
from conformance.results import CaseResult, Outcome
from conformance.runner import Session, run_case
from conformance.standin import StandIn
from conformance.transport import Attempt

KEY = "throttle-key-5d1c9e7a3b2f4a6c"
TOKEN = "throttle-token-8e2f6a4c1d9b7e3a"


def run_one(scenario: str, tmp_path: Path, operation: str = "chat.completions.create") -> CaseResult:
    """The v1 api_key sync case of `operation`, live against a stand-in answering with `scenario`."""
    with StandIn(api_key=KEY, token=TOKEN, scenario=scenario) as server:
        settings = load_settings({"mode": "live", "endpoint": server.url, "auth_modes": "api_key"},
                                 environ={"AZURE_OPENAI_API_KEY": KEY})
        session = Session(settings, tmp_path / "cassettes")
        try:
            case = next(c for c in build_cases(settings, [catalog.get(operation)])
                        if c.surface == "v1" and c.client.value == "sync")
            return run_case(session, case)
        finally:
            session.close()


def attempt(status: int | None, retry_count: int, **headers: str) -> Attempt:
    return Attempt("POST", "http://x/openai/v1/chat/completions", {"x-stainless-retry-count": str(retry_count)},
                   b"", status=status, response_headers=headers)


def test_a_429_that_exhausts_the_retries_is_throttled_not_failed(tmp_path: Path) -> None:
    row = run_one("status:429;retry_after_ms=10", tmp_path)
    assert row.outcome is Outcome.THROTTLED, row.message
    assert row.message.startswith("throttled: HTTP 429 after 3 attempt(s); the last 429 asked for 0.01 s")
    assert "exceeded token rate limit" in row.message  # the service's own words
    assert row.attempts == 3 and row.status == 429
    assert row.retries == [{"status": 429, "wait_s": 0.01, "header": "retry-after-ms"}] * 2
    assert not [d for d in row.drift if d["kind"] == "status-changed"]  # a 429 is not status drift


def test_retries_the_sdk_absorbed_are_recorded_in_a_passing_row(tmp_path: Path) -> None:
    row = run_one("status:429;retry_after_ms=20,status:503;retry_after_ms=10,ok", tmp_path)
    assert row.outcome is Outcome.PASSED, row.message
    assert row.attempts == 3
    assert row.retries == [{"status": 429, "wait_s": 0.02, "header": "retry-after-ms"},
                           {"status": 503, "wait_s": 0.01, "header": "retry-after-ms"}]
    assert row.to_dict()["retries"] == row.retries


def test_a_429_without_retry_after_ms_is_drift_citing_the_docs(tmp_path: Path) -> None:
    row = run_one("status:429;retry_after=1,ok", tmp_path)
    assert row.outcome is Outcome.PASSED, row.message
    assert row.retries == [{"status": 429, "wait_s": 1.0, "header": "retry-after"}]
    drift = [d for d in row.drift if d["path"] == "headers.retry-after-ms"]
    assert len(drift) == 1, row.drift
    assert drift[0]["kind"] == "missing-header"
    assert "quota" in drift[0]["source"] and "Included in 429 responses" in drift[0]["source"]
    assert "`retry-after: 1`" in drift[0]["message"]
    assert not [d for d in run_one("status:429;retry_after_ms=5,ok", tmp_path).drift
                if d["path"] == "headers.retry-after-ms"]


def test_probes_that_trigger_429_on_purpose_keep_their_documented_verdict(tmp_path: Path) -> None:
    row = run_one("ok", tmp_path, "client.retries")
    assert row.outcome is Outcome.PASSED, row.message  # max_retries=0 → RateLimitError is what the probe expects
    assert row.retries  # its absorbed retries are recorded all the same


def test_retries_lists_only_attempts_the_sdk_retried_after() -> None:
    attempts = [attempt(429, 0, **{"retry-after-ms": "1500", "retry-after": "9"}), attempt(500, 1),
                attempt(200, 2), attempt(429, 0, **{"retry-after": "121"}), attempt(200, 1)]
    attempts[1].error = "ConnectError: refused"
    assert throttle.retries(attempts) == [
        {"status": 429, "wait_s": 1.5, "header": "retry-after-ms"},  # the SDK prefers the ms header
        {"status": 500, "wait_s": None, "header": None, "error": "ConnectError"},  # SDK backoff
        {"status": 429, "wait_s": None, "header": None},  # above 120 s the SDK does not honour it
    ]


def test_the_throttled_message_says_when_the_sdk_would_not_wait(tmp_path: Path) -> None:
    row = run_one("status:429;retry_after=121", tmp_path)
    assert row.outcome is Outcome.THROTTLED
    assert row.attempts == 1 and row.retries == []
    assert "asked for 121 s (retry-after), above the SDK's 120 s limit, so it was not retried" in row.message


"""Record never destroys a recording: which verdicts may replace a cassette, judged from the tapped attempts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance import catalog
from conformance.cases import Case, ClientKind
from conformance.config import AuthMode, Mode, Settings
from conformance.record_policy import unusable
from conformance.results import CaseResult, Outcome
from conformance.runner import Session, run_case
from conformance.standin import StandIn
from conformance.transport import FAULT_STATUS, Attempt

ENDPOINT = "http://127.0.0.1:8123"
URL = f"{ENDPOINT}/openai/v1/chat/completions"


def _case(op: str = "chat.completions.create", auth: AuthMode = AuthMode.API_KEY) -> Case:
    return Case(catalog.get(op), "v1", auth, ClientKind.SYNC)


def _row(case: Case, outcome: Outcome = Outcome.PASSED) -> CaseResult:
    return CaseResult(id=case.id, operation=case.operation.id, surface=case.surface, api_version=None,
                      auth=case.auth.value, client=case.client.value, outcome=outcome)


def _attempt(status: int | None, url: str = URL, retry: int = 0, error: str | None = None) -> Attempt:
    return Attempt("POST", url, {"x-stainless-retry-count": str(retry)}, b"{}", status=status, error=error)


def _scenario(text: str) -> str:
    return f"{URL}?standin-scenario={text}"


USABLE = {
    "200": (_case(), Outcome.PASSED, [_attempt(200)]),
    "a finding on a real 200 answer": (_case(), Outcome.FAILED, [_attempt(200)]),
    "a 400 the service really gave": (_case(), Outcome.FAILED, [_attempt(400)]),
    "429 absorbed by a retry": (_case(), Outcome.PASSED, [_attempt(429), _attempt(200, retry=1)]),
    "the documented 401 (embeddings, v1, Entra)": (
        _case("embeddings.create", AuthMode.ENTRA), Outcome.PASSED, [_attempt(401)]),
    "a scripted 401 and 403": (
        _case("errors.status_mapping"), Outcome.PASSED,
        [_attempt(401, _scenario("status:401")), _attempt(403, _scenario("status:403"))]),
    "a scripted drop, then ok": (
        _case("client.retries"), Outcome.PASSED,
        [_attempt(None, _scenario("drop,ok"), error="ReadError: x"), _attempt(200, _scenario("drop,ok"), retry=1)]),
    "a scripted 500 three times": (
        _case("client.retries"), Outcome.PASSED,
        [_attempt(500, _scenario("status:500;retry_after_ms=5"), retry=n) for n in range(3)]),
}

UNUSABLE = {
    "401: key rejected": (_case(), Outcome.FAILED, [_attempt(401)], "HTTP 401"),
    "403: no permission": (_case(auth=AuthMode.ENTRA), Outcome.FAILED, [_attempt(403)], "HTTP 403"),
    "a 401 where the stand-in was asked for a 400": (
        _case("errors.status_mapping"), Outcome.FAILED, [_attempt(401, _scenario("status:400"))], "HTTP 400"),
    "a 401 on the retry the scenario answers ok": (
        _case("client.retries"), Outcome.FAILED,
        [_attempt(429, _scenario("status:429,ok")), _attempt(401, _scenario("status:429,ok"), retry=1)], "401"),
    "connection refused": (_case(), Outcome.FAILED,
                           [_attempt(None, error="ConnectError: refused")] * 3, "no answer"),
    "a dropped connection retried to success": (
        _case(), Outcome.PASSED, [_attempt(None, error="ReadError: x"), _attempt(200, retry=1)], "no answer"),
    "a recorded fault response": (_case(), Outcome.FAILED, [_attempt(FAULT_STATUS)], "no answer"),
    "throttled to the end": (_case(), Outcome.FAILED, [_attempt(429, retry=n) for n in range(3)], "HTTP 429"),
    "a 503 to the end": (_case(), Outcome.FAILED, [_attempt(503, retry=n) for n in range(3)], "HTTP 503"),
    "another host": (_case(), Outcome.PASSED, [_attempt(200, "http://127.0.0.1:9999/openai/v1/chat/completions")],
                     "127.0.0.1"),
    "an error row": (_case(), Outcome.ERROR, [_attempt(200)], "ended error"),
    "a skipped row": (_case(), Outcome.SKIPPED, [], "ended skipped"),
    "no request sent": (_case(), Outcome.FAILED, [], "no request reached the endpoint"),
}


@pytest.mark.parametrize("name", list(USABLE))
def test_a_usable_answer_replaces_the_cassette(name: str) -> None:
    case, outcome, attempts = USABLE[name]
    assert unusable(case, _row(case, outcome), attempts, None, ENDPOINT, accepted={"entra"}) is None


def test_a_documented_401_counts_only_once_the_runs_credential_was_accepted() -> None:
    case = _case("embeddings.create", AuthMode.ENTRA)
    reason = unusable(case, _row(case), [_attempt(401)], None, ENDPOINT, accepted={"api_key"})
    assert reason is not None and "not yet accepted" in reason


@pytest.mark.parametrize("name", list(UNUSABLE))
def test_an_unusable_answer_replaces_nothing(name: str) -> None:
    case, outcome, attempts, says = UNUSABLE[name]
    reason = unusable(case, _row(case, outcome), attempts, None, ENDPOINT)
    assert reason is not None and says in reason, reason


def test_a_credential_error_after_a_good_answer_replaces_nothing() -> None:
    from azure.core.exceptions import ClientAuthenticationError

    case = _case("client.request_id", AuthMode.ENTRA)
    error = ClientAuthenticationError("token request failed")
    reason = unusable(case, _row(case, Outcome.FAILED), [_attempt(200)], error, ENDPOINT)
    assert reason is not None and "ClientAuthenticationError" in reason


def test_default_ports_name_the_same_endpoint() -> None:
    case = _case()
    attempts = [_attempt(200, "https://res.openai.azure.com/openai/v1/chat/completions")]
    assert unusable(case, _row(case), attempts, None, "https://RES.openai.azure.com:443") is None


@pytest.mark.parametrize("key_ok", [False, True], ids=["rejected key", "accepted key"])
def test_run_case_commits_only_a_usable_recording(tmp_path: Path, standin: StandIn, key_ok: bool) -> None:
    """The runner's wiring, in process: the verdict decides whether the cassette on disk is replaced."""
    key = standin.api_key if key_ok else "wrong-key-0000"
    settings = Settings(mode=Mode.RECORD, endpoint=standin.url, api_key=key, auth_modes=(AuthMode.API_KEY,))
    session = Session(settings, tmp_path)
    case = _case()
    path = session.cassettes.path_for(case)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"old": "recording"}\n')
    try:
        row = run_case(session, case)
    finally:
        session.close()
    assert len(standin.requests) == 1  # the case really reached the endpoint either way
    if key_ok:
        assert row.outcome is Outcome.PASSED, row.message
        assert json.loads(path.read_text())["provenance"]["source"] == "stand-in"
    else:
        assert row.outcome is Outcome.FAILED
        assert "cassette not replaced: attempt 1 got HTTP 401" in row.message, row.message
        assert path.read_bytes() == b'{"old": "recording"}\n'

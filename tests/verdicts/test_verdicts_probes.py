"""Probe and documented-outcome verdicts, judged directly: request ids, documented exceptions, probe exchanges."""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx2 as httpx
import openai
import pytest

from conformance import catalog, checks, invoke, outcomes, probes
from conformance.cases import Case, ClientKind
from conformance.config import AuthMode
from conformance.operation import Probe
from conformance.results import CaseResult, Outcome
from conformance.transport import Attempt

HEADERS = {"x-request-id": "req-1", "apim-request-id": "apim-1", "content-type": "application/json"}


def case(op_id: str, surface: str = "v1", auth: AuthMode = AuthMode.API_KEY) -> Case:
    return Case(catalog.get(op_id), surface, auth, ClientKind.SYNC)


def attempt(status: int | None, body: object = b"", headers: dict[str, str] | None = None,
            error: str | None = None) -> Attempt:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Attempt("POST", "https://x.invalid/openai/v1/chat/completions", {}, b"", status,
                   dict(HEADERS if headers is None else headers), [raw] if raw else [], True, error)


def status_error(cls: type[openai.APIStatusError], status: int) -> openai.APIStatusError:
    request = httpx.Request("POST", "https://x.invalid/")
    return cls("boom", response=httpx.Response(status, request=request), body=None)


# --- request ids -------------------------------------------------------------------------------------------

def request_id_failures(header: str | None, seen: str | None, stream: bool = False) -> list[str]:
    headers = {} if header is None else {"x-request-id": header}
    call = invoke.Call(parsed=SimpleNamespace(_request_id=seen), stream_headers=headers if stream else None)
    out = checks.Findings()
    probes._check_request_id(Probe("p", stream=stream, request_id=True), call, attempt(200, headers=headers), out)
    return out.failures


def test_request_id_matches_the_header() -> None:
    assert request_id_failures("req-1", "req-1") == []
    assert request_id_failures("req-1", "req-1", stream=True) == []


def test_request_id_differs_from_the_header() -> None:
    assert request_id_failures("req-1", "other") != []


@pytest.mark.parametrize("stream", [False, True])
def test_no_x_request_id_header_fails_even_though_none_equals_none(stream: bool) -> None:
    [failure] = request_id_failures(None, None, stream=stream)
    assert "no x-request-id header" in failure


# --- documented exceptions: status AND class ---------------------------------------------------------------

def judge_documented(error: BaseException | None) -> tuple[bool, CaseResult, checks.Findings]:
    entra = case("embeddings.create", "v1", AuthMode.ENTRA)
    result = CaseResult(entra.id, "embeddings.create", "v1", None, "entra", "sync", Outcome.PASSED)
    findings = checks.Findings()
    handled = outcomes.documented_exception(entra, result, error, findings)
    return handled, result, findings


def test_documented_status_and_class_is_the_documented_outcome() -> None:
    handled, result, findings = judge_documented(status_error(openai.AuthenticationError, 401))
    assert handled and findings.failures == [] and "documented outcome HTTP 401" in result.message


@pytest.mark.parametrize(("cls", "status"), [
    (openai.AuthenticationError, 403),   # the documented class on another status
    (openai.PermissionDeniedError, 401),  # the documented status raised as another class
    (openai.BadRequestError, 400),
])
def test_status_or_class_alone_is_not_the_documented_outcome(cls: type[openai.APIStatusError], status: int) -> None:
    handled, _result, findings = judge_documented(status_error(cls, status))
    assert handled and len(findings.failures) == 1
    assert "expected the documented outcome HTTP 401 AuthenticationError" in findings.failures[0]


# --- probe exchanges: status, headers and error bodies, as for normal cases --------------------------------

ENVELOPE = {"error": {"code": "invalidPayload", "message": "The specified training file 'file-test' does not exist."}}


def probe_findings(op_id: str, probe: Probe, attempts: list[Attempt]) -> checks.Findings:
    out = checks.Findings()
    probes._check_attempts(case(op_id), probe, attempts, out)
    return out


EXAMPLE = Probe("documented-example", raises="APIStatusError")


def test_documented_error_example_passes_on_a_documented_status_with_an_envelope() -> None:
    assert probe_findings("fine_tuning.jobs.create.error", EXAMPLE, [attempt(400, ENVELOPE)]).failures == []


@pytest.mark.parametrize(("status", "body"), [
    (500, b""),                      # the old pass: a 500 with an empty body
    (400, b"<html>bad gateway</html>"),  # not an Azure error envelope
    (400, {"message": "no envelope"}),   # JSON, but not the documented envelope
    (402, ENVELOPE),                 # an envelope on a status the Error codes table does not document
])
def test_documented_error_example_fails_without_status_and_envelope(status: int, body: object) -> None:
    assert probe_findings("fine_tuning.jobs.create.error", EXAMPLE, [attempt(status, body)]).failures != []


def test_scripted_status_must_be_the_one_answered() -> None:
    probe = Probe("500", scenario="status:500", raises="InternalServerError", attempts=1, max_retries=0)
    ok = probe_findings("errors.status_mapping", probe, [attempt(500, ENVELOPE)])
    assert ok.failures == []
    [failure] = probe_findings("errors.status_mapping", probe, [attempt(503, ENVELOPE)]).failures
    assert "HTTP 503, expected 500" in failure


def test_retry_script_expects_each_attempts_status() -> None:
    probe = Probe("429-then-ok", scenario="status:429;retry_after_ms=10,ok", attempts=2)
    headers = HEADERS | {"retry-after-ms": "10"}
    sev = {"filtered": False, "severity": "safe"}
    chat = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": "hi", "refusal": None},
                         "content_filter_results": {"hate": sev, "self_harm": sev, "sexual": sev, "violence": sev}}]}
    ok = probe_findings("client.retries", probe, [attempt(429, ENVELOPE, headers), attempt(200, chat)])
    assert ok.failures == []
    wrong = probe_findings("client.retries", probe, [attempt(200, chat), attempt(429, ENVELOPE, headers)])
    assert [f for f in wrong.failures if "HTTP" in f] == [
        "429-then-ok attempt 1: HTTP 200, expected 429 (docs/000 §Error codes)",
        "429-then-ok attempt 2: HTTP 429, expected 200 (docs/000 §Error codes)"]


def test_probe_error_body_that_is_not_json_fails() -> None:
    probe = Probe("400", scenario="status:400", raises="BadRequestError", attempts=1, max_retries=0)
    failures = probe_findings("errors.status_mapping", probe, [attempt(400, b"Bad Request")]).failures
    assert failures and "not JSON" in failures[0]


def test_probe_exchange_headers_are_drift() -> None:
    probe = Probe("429", scenario="status:429", raises="RateLimitError", attempts=1, max_retries=0)
    bare = {"content-type": "text/plain"}
    out = probe_findings("errors.status_mapping", probe, [attempt(429, ENVELOPE, bare)])
    assert {(d.kind.value, d.path) for d in out.drift} == {
        ("missing-header", "headers.x-request-id"), ("missing-header", "headers.apim-request-id"),
        ("content-type", "headers.content-type"), ("missing-header", "headers.retry-after-ms")}


def test_connection_faults_have_no_exchange_to_judge() -> None:
    probe = Probe("no-connection", scenario="drop", raises="APIConnectionError", attempts=1, max_retries=0)
    fault = attempt(None, b"", error="ConnectError: dropped")
    assert probe_findings("errors.status_mapping", probe, [fault]).failures == []

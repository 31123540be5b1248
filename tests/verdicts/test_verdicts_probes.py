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

"""How an exception becomes a verdict, directly: documented outcomes, missing deployments, fault classes.

docs/000 §Error handling: the SDK retries connection errors, 408, 409, 429 and >=500 twice by default; a
documented unsupported combination must end in its documented status AND exception class.
"""

from __future__ import annotations

import httpx2 as httpx
import openai
import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode
from conformance.verdicts import checks, outcomes
from conformance.verdicts.results import CaseResult, Outcome

REQUEST = httpx.Request("POST", "https://x.invalid/")


def status_error(cls: type[openai.APIStatusError], status: int, body: object = None) -> openai.APIStatusError:
    return cls("boom", response=httpx.Response(status, request=REQUEST), body=body)


def case(op_id: str = "embeddings.create", surface: str = "v1", auth: AuthMode = AuthMode.ENTRA) -> Case:
    return Case(catalog.get(op_id), surface, auth, ClientKind.SYNC)


def judge(c: Case, error: BaseException | None) -> tuple[bool, CaseResult, checks.Findings]:
    result = CaseResult(c.id, c.operation.id, c.surface, None, c.auth.value, "sync", Outcome.PASSED)
    findings = checks.Findings()
    return outcomes.documented_exception(c, result, error, findings), result, findings


DOCUMENTED = catalog.get("embeddings.create").exceptions[0]


def test_combinations_the_docs_do_not_single_out_are_not_handled_here() -> None:
    for c in (case(auth=AuthMode.API_KEY), case(surface="2024-10-21"), case("chat.completions.create")):
        handled, result, findings = judge(c, status_error(openai.AuthenticationError, 401))
        assert not handled and result.message == "" and result.drift == [] and findings.failures == []


def test_the_documented_outcome_names_status_class_note_and_source() -> None:
    handled, result, findings = judge(case(), status_error(openai.AuthenticationError, 401))
    assert handled and findings.failures == [] and result.drift == []
    assert result.message == (f"documented outcome HTTP 401 AuthenticationError: {DOCUMENTED.note} "
                               f"({DOCUMENTED.source})")


def test_an_accepted_unsupported_combination_is_drift_not_a_failure() -> None:
    handled, result, findings = judge(case(), None)
    assert not handled and findings.failures == [] and result.message == ""
    source = str(DOCUMENTED.source)
    assert result.drift == [{
        "kind": "documented-exception", "severity": "info", "path": "$", "source": source,
        "message": f"documented as unsupported ({DOCUMENTED.note}) but the service accepted it",
        "key": f"documented-exception|$|{source}",
    }]


def test_a_non_status_error_is_not_the_documented_outcome() -> None:
    handled, result, findings = judge(case(), openai.APIConnectionError(request=REQUEST))
    assert handled and result.message == ""
    assert findings.failures == ["expected the documented outcome HTTP 401 AuthenticationError, "
                                 "got APIConnectionError: Connection error."]


# --- a missing deployment is the run's configuration, not a finding ---------------------------------------

def test_deployment_not_found_names_the_fix() -> None:
    error = status_error(openai.NotFoundError, 404, {"code": "DeploymentNotFound", "message": "no"})
    assert outcomes.missing_deployment(case(), "my-emb", error) == (
        "the resource has no deployment named 'my-emb' (kind 'embeddings'): deploy it, or set "
        "[deployments] embeddings = \"NAME\" in the config file or AOAI_CONFORMANCE_DEPLOYMENT_EMBEDDINGS, "
        "or set it to \"\" to skip these cases")


@pytest.mark.parametrize("error", [
    None,
    status_error(openai.NotFoundError, 404, {"code": "NotFound", "message": "no"}),
    status_error(openai.NotFoundError, 404),
    status_error(openai.BadRequestError, 400, {"code": "DeploymentNotFound", "message": "no"}),
])
def test_other_errors_are_not_a_missing_deployment(error: BaseException | None) -> None:
    assert outcomes.missing_deployment(case(), "d", error) is None


# --- fault classes and the documented retries -------------------------------------------------------------

@pytest.mark.parametrize(("error", "kind"), [
    (openai.APITimeoutError(request=REQUEST), "timeout"),
    (openai.APIConnectionError(request=REQUEST), "connection"),
    (status_error(openai.RateLimitError, 429), "rate_limited"),
    (status_error(openai.InternalServerError, 503), "server_error"),
])
def test_retryable_faults_say_whether_the_two_documented_retries_happened(error: BaseException, kind: str) -> None:
    assert outcomes.classify(error, 3) == f"[{kind} after 3 attempt(s); the documented 2 retries happened]"
    assert outcomes.classify(error, 4) == f"[{kind} after 4 attempt(s); the documented 2 retries happened]"
    assert outcomes.classify(error, 2) == f"[{kind} after 2 attempt(s); only 1 retry(ies), 2 documented]"
    assert outcomes.classify(error, 1) == f"[{kind} after 1 attempt(s); only 0 retry(ies), 2 documented]"


@pytest.mark.parametrize(("error", "kind"), [
    (status_error(openai.BadRequestError, 400), "http_400"),
    (status_error(openai.APIStatusError, 418), "http_418"),
    (openai.APIError("cut", REQUEST, body=None), "stream_error"),
    (ValueError("bad json"), "invalid_body"),
    (KeyError("x"), "KeyError"),
])
def test_other_faults_are_named_without_retry_claims(error: BaseException, kind: str) -> None:
    assert outcomes.classify(error, 1) == f"[{kind} after 1 attempt(s)]"


def test_the_accepted_combination_row_is_the_taxonomys_documented_exception_drift() -> None:
    from conformance.verdicts.drift import Drift, DriftKind

    _handled, result, _findings = judge(case(), None)
    assert result.drift == [Drift.of(DriftKind.DOCUMENTED_EXCEPTION, "$", str(DOCUMENTED.source),
                                     result.drift[0]["message"]).to_dict()]

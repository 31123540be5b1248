"""How a case's exception becomes its verdict: documented exceptions, missing deployments, fault classes."""

from __future__ import annotations

import openai

from conformance.catalog.cases import Case
from conformance.catalog.operation import Operation
from conformance.catalog.operations import V1, VERSIONED
from conformance.verdicts import checks
from conformance.verdicts.drift import Drift, DriftKind
from conformance.verdicts.results import CaseResult


def documented_exception(
    case: Case, result: CaseResult, error: BaseException | None, findings: checks.Findings
) -> bool:
    """Judge a combination the docs single out; True when it was handled here."""
    documented = case.operation.exception_for(case.family, case.auth.value)
    if documented is None:
        return False
    expected = f"HTTP {documented.status} {documented.error}"
    # Both: a 401 raised as another class, or AuthenticationError on another status, is not the documented outcome.
    if isinstance(error, openai.APIStatusError) and (
        error.status_code == documented.status and type(error).__name__ == documented.error
    ):
        result.message = f"documented outcome {expected}: {documented.note} ({documented.source})"
        return True
    if error is None:
        message = f"documented as unsupported ({documented.note}) but the service accepted it"
        # The taxonomy sets the kind's severity and key, as for every other drift row.
        result.drift.append(Drift.of(DriftKind.DOCUMENTED_EXCEPTION, "$", str(documented.source), message).to_dict())
        return False
    findings.fail(f"expected the documented outcome {expected}, got {type(error).__name__}: {error}")
    return True


def documented_status_drift(op: Operation | None, surface: str, status: int) -> Drift | None:
    """A recorded status the docs single out for this operation on this surface family (e.g. v1 embeddings +
    Entra): info drift naming the doc, for `validate`, which cannot tell which auth mode a recording used."""
    family = V1 if surface == V1 else VERSIONED
    for exc in op.exceptions if op is not None else ():
        if exc.surface == family and exc.status == status:
            return Drift.of(DriftKind.DOCUMENTED_EXCEPTION, "status", str(exc.source),
                            f"HTTP {status} ({exc.auth}): {exc.note}")
    return None


def missing_deployment(case: Case, deployment: str, error: BaseException | None) -> str | None:
    """A 404 DeploymentNotFound is a configuration problem of the run, not a finding about the service."""
    if not isinstance(error, openai.NotFoundError) or error.code != "DeploymentNotFound":
        return None
    kind = case.operation.deployment_kind
    return (f"the resource has no deployment named {deployment!r} (kind {kind!r}): deploy it, or set "
            f"[deployments] {kind} = \"NAME\" in the config file or AOAI_CONFORMANCE_DEPLOYMENT_{kind.upper()}, "
            "or set it to \"\" to skip these cases")


_RETRYABLE = (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)


def classify(error: BaseException, attempts: int) -> str:
    """`kind after N attempt(s)`, and whether the documented retries (2 by default) happened."""
    if isinstance(error, openai.APITimeoutError):
        kind = "timeout"
    elif isinstance(error, openai.APIConnectionError):
        kind = "connection"
    elif isinstance(error, openai.RateLimitError):
        kind = "rate_limited"
    elif isinstance(error, openai.InternalServerError):
        kind = "server_error"
    elif isinstance(error, openai.APIStatusError):
        kind = f"http_{error.status_code}"
    elif isinstance(error, openai.APIError):
        kind = "stream_error"
    elif isinstance(error, ValueError):
        kind = "invalid_body"
    else:
        kind = type(error).__name__
    text = f"[{kind} after {attempts} attempt(s)"
    if isinstance(error, _RETRYABLE):
        done = attempts - 1
        text += "; the documented 2 retries happened" if done >= 2 else f"; only {done} retry(ies), 2 documented"
    return text + "]"



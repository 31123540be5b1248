"""One judge for one exchange: `run` (every case) and `validate` (recorded responses) reach their verdicts here.

A case's verdict is built in steps, each its own function: the request as sent (`_request`), the run-level
outcomes that are not findings (a missing deployment, throttling), the documented exceptions, the SDK's error
if it raised one, and the response itself: `judge_body` (contract schema per document, shape drift,
content-filter drift, stream rules, content type, no events) and `judge_headers` (status, content type and
headers as drift). `validate` builds an Attempt from a corpus file or a cassette interaction and calls
`judge_response` (body and headers), so both commands give the same verdict on the same exchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import openai

from conformance.calling.transport import Attempt
from conformance.catalog.cases import Case
from conformance.errors import ConformanceError
from conformance.recording.scrub import Scrubber
from conformance.verdicts import auth_errors, checks, messages, outcomes, throttle
from conformance.verdicts.drift import DriftKind
from conformance.verdicts.results import CaseResult, Outcome

__all__ = ["Exchange", "Expected", "expected_for", "judge", "judge_body", "judge_headers", "judge_response",
           "verdict"]


@dataclass(frozen=True)
class Expected:
    """The documented response of one exchange: its schema, surface, streamed or binary, and status.

    `headers_known` / `content_type_known` are False only for recordings whose publisher dropped the headers
    or sanitized the content type: an absent header there says nothing about the service, so it is not judged.
    """

    schema: str | None
    surface: str | None
    stream: bool = False
    binary: bool = False
    status: int = 200
    headers_known: bool = True
    content_type_known: bool = True


@dataclass(frozen=True)
class Exchange:
    """What one case produced: its tapped attempts and the exception the SDK raised, if any."""

    case: Case
    deployment: str
    endpoint: str
    attempts: Sequence[Attempt]
    error: BaseException | None = None
    scrubber: Scrubber | None = None  # to quote a 401/403 body without the secret


def expected_for(case: Case) -> Expected:
    """What the catalog documents for an ordinary case's response (a documented exception sets the status)."""
    op = case.operation
    documented = op.exception_for(case.family, case.auth.value)
    return Expected(op.schema, case.surface, stream=op.stream, binary=op.binary,
                    status=documented.status if documented else 200)


def judge_body(expected: Expected, attempt: Attempt, out: checks.Findings, label: str | None = None) -> None:
    """The response body: binary, a stream of documents, or one JSON document (label None: the run's labels)."""
    if expected.binary:
        checks.check_binary(attempt, out, content_type=expected.content_type_known)
    elif expected.schema is None:
        out.fail(f"{label or ''}no schema documents this response")
    elif expected.stream:
        checks.check_stream(expected.surface, expected.schema, attempt, out, label=label or "",
                            content_type=expected.content_type_known)
    else:
        checks.check_json_body(expected.surface, expected.schema, attempt, out,
                               label="body " if label is None else label)


def judge_headers(expected: Expected, attempt: Attempt, out: checks.Findings) -> None:
    """The documented status, content type and headers (drift tier); binary bodies are checked by judge_body."""
    if expected.schema is None or expected.binary or not expected.headers_known:
        return
    before = len(out.drift)
    checks.check_exchange(expected.surface, attempt, out, expected.schema, expected.status, expected.stream)
    if not expected.content_type_known:
        out.drift[before:] = [d for d in out.drift[before:] if d.kind is not DriftKind.CONTENT_TYPE]


def judge_response(expected: Expected, attempt: Attempt, out: checks.Findings, label: str | None = None) -> None:
    """One recorded response, body and headers, as the run judges a case that raised nothing."""
    judge_body(expected, attempt, out, label)
    judge_headers(expected, attempt, out)


def _set(result: CaseResult, outcome: Outcome, message: str) -> CaseResult:
    result.outcome, result.message = outcome, message
    return result


def _request(ex: Exchange, result: CaseResult, out: checks.Findings) -> None:
    """The row's status and request id, and the request form of the first attempt."""
    if not ex.attempts:
        return
    last = ex.attempts[-1]
    result.status = last.status
    result.request_id = last.response_headers.get("x-request-id") or None
    checks.check_request(ex.case, ex.attempts[0], ex.endpoint, ex.deployment, out)


def _throttled(ex: Exchange, result: CaseResult, out: checks.Findings) -> bool:
    """An ordinary case's 429s are throttling (probes trigger them on purpose); True when the case ends here."""
    op = ex.case.operation
    out.drift.extend(throttle.drift(f"{op.schema or op.id} on {ex.case.surface}", ex.attempts))
    if isinstance(ex.error, openai.RateLimitError) and not out.failures:
        _set(result, Outcome.THROTTLED, throttle.message(ex.error, ex.attempts))
        return True
    return False


def _error(ex: Exchange, out: checks.Findings) -> None:
    """The exception the SDK raised is the finding: a 401/403 names the auth mode and quotes the server."""
    error, last = ex.error, (ex.attempts[-1] if ex.attempts else None)
    assert error is not None
    kind = outcomes.classify(error, len(ex.attempts))
    if isinstance(error, openai.APIStatusError):
        said = auth_errors.message(ex.case, error, last, ex.scrubber) if ex.scrubber is not None else None
        out.fail(f"{said or f'HTTP {error.status_code}: {error.message}'} {kind}")
    else:
        out.fail(f"{type(error).__name__}: {error} {kind}")


def _response(ex: Exchange, out: checks.Findings) -> None:
    """The SDK's error or the last response's body; the last response's headers either way."""
    expected = expected_for(ex.case)
    last = ex.attempts[-1] if ex.attempts else None
    if ex.error is not None:
        _error(ex, out)
    elif last is not None:
        judge_body(expected, last, out)
    if last is not None:
        judge_headers(expected, last, out)


def verdict(result: CaseResult, out: checks.Findings) -> CaseResult:
    """The findings become the row: drift, and failed with a summary when any contract check failed."""
    result.drift.extend(out.drift_rows())
    if out.failures:
        result.outcome = Outcome.FAILED
        result.message, result.details = messages.summarise(out.failures)
    return result


def judge(ex: Exchange, result: CaseResult, out: checks.Findings) -> CaseResult:
    """Turn the tapped exchange and any exception into the case's outcome and message."""
    result.attempts = len(ex.attempts)
    if isinstance(ex.error, ConformanceError):
        return _set(result, Outcome.ERROR, str(ex.error))
    _request(ex, result, out)
    result.retries = throttle.retries(ex.attempts)
    missing = outcomes.missing_deployment(ex.case, ex.deployment, ex.error)
    if missing:
        return _set(result, Outcome.ERROR, missing)
    if not ex.case.operation.probes:
        if _throttled(ex, result, out):
            result.drift.extend(out.drift_rows())
            return result
        if not outcomes.documented_exception(ex.case, result, ex.error, out):
            _response(ex, out)
    return verdict(result, out)

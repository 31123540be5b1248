"""Behaviour cases: a sequence of probes, each a request variant with its documented outcome.

Status mapping, retries, request ids and the documented error example are checked here: the exception
class the SDK raised, how many HTTP attempts it made (counted at the tap, retries included), the
`_request_id` it exposes, and the raw bodies of every attempt against the contract schemas.
"""

from __future__ import annotations

from typing import Any

import openai

from conformance import checks, invoke, outcomes
from conformance.cases import Case
from conformance.errors import ConformanceError, DeploymentError
from conformance.operation import Probe
from conformance.transport import Attempt

STANDIN_QUERY = "standin-scenario"


def _expected_class(name: str) -> type[BaseException]:
    cls = getattr(openai, name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        raise ValueError(f"catalog names unknown openai exception {name!r}")
    return cls


# docs/000 §Error handling / Error codes: the exception class each status raises (>=500: InternalServerError).
ERROR_CODES = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError",
               404: "NotFoundError", 422: "UnprocessableEntityError", 429: "RateLimitError"}


def _documented_class(status: int) -> str | None:
    return ERROR_CODES.get(status) or ("InternalServerError" if status >= 500 else None)


def expected_status(probe: Probe, index: int, count: int) -> int | str | None:
    """What attempt `index` (of `count`) should answer: an exact status, the name of the exception class whose
    documented statuses are acceptable (an unscripted error probe), or None when the attempt has no status."""
    if probe.scenario:
        steps = probe.scenario.split(",")
        step = steps[min(index, len(steps) - 1)]  # past the script the stand-in repeats the last step
        if step.startswith("status:"):
            return int(step.split(";", 1)[0].removeprefix("status:"))
        return 200 if step == "ok" else None  # drop/cut/slow...: a connection fault or a body-level fault
    if probe.raises is None:
        return 200
    return probe.raises if index == count - 1 else None  # earlier attempts are the SDK's own retries


def _status_ok(expected: int | str, status: int) -> bool:
    if isinstance(expected, int):
        return status == expected
    documented = _documented_class(status)
    return documented is not None and issubclass(_expected_class(documented), _expected_class(expected))


def _check_attempts(case: Case, probe: Probe, attempts: list[Attempt], out: checks.Findings) -> None:
    """Each attempt's status, headers and body, as `judge` checks a normal case's exchange.

    An error status must carry an Azure error envelope (JSON matching the `error` schema): an empty or
    non-JSON error body is a failure, since the docs' error handling reads `code` and `message` from it.
    """
    for index, attempt in enumerate(attempts):
        if attempt.status is None or attempt.error:
            continue  # a connection fault: no exchange to judge (the attempt count and class are checked)
        status = attempt.status
        expected = expected_status(probe, index, len(attempts))
        where = f"{probe.name} attempt {index + 1}"
        if expected is not None and not _status_ok(expected, status):
            wanted = expected if isinstance(expected, int) else f"a documented {expected} status"
            out.fail(f"{where}: HTTP {status}, expected {wanted} (docs/000 §Error codes)")
        success_schema = probe.schema or (f"{case.operation.schema}.stream" if probe.stream else None)
        schema = "error" if status >= 400 else success_schema or case.operation.schema
        assert schema is not None
        # status mismatches are failures above; the exchange drift here is headers and content type
        checks.check_exchange(case, attempt, out, schema, status, probe.stream)
        if status >= 400:
            if not attempt.response_body.strip():
                out.fail(f"{where}: HTTP {status} with an empty body; documented an Azure error envelope")
            else:
                checks.check_json_body(case, attempt, out, schema="error", label=f"{where} error body ")
        elif probe.stream:
            checks.check_stream(case, attempt, out, schema=schema, label=f"{probe.name} ")
        else:
            checks.check_json_body(case, attempt, out, schema=probe.schema, label=f"{probe.name} body ")


def _check_request_id(probe: Probe, result: invoke.Call, last: Attempt, out: checks.Findings) -> None:
    header = last.response_headers.get("x-request-id")
    if probe.stream:
        # Streams carry no `_request_id`; the docs' header is read from the stream's response (sdk-facts §3).
        seen = (result.stream_headers or {}).get("x-request-id")
        where = "stream.response.headers['x-request-id']"
    else:
        seen = getattr(result.parsed, "_request_id", None)
        where = "_request_id"
    if header is None:  # nothing to compare with: passing would claim request ids work on this endpoint
        out.fail(f"{probe.name}: the response has no x-request-id header (docs/000 §Request IDs), "
                 f"so {where} ({seen!r}) identifies nothing")
    elif seen != header:
        out.fail(f"{probe.name}: {where} is {seen!r} but the x-request-id header is {header!r}")


def run_probe(session: Any, case: Case, client: Any, deployment: str, probe: Probe, out: checks.Findings) -> None:
    """Run one probe and record every way it departs from its documented outcome."""
    kwargs = invoke.request_kwargs(case, deployment, session.settings.max_output_tokens)
    if probe.stream:
        kwargs["stream"] = True
    if probe.scenario:
        kwargs["extra_query"] = {STANDIN_QUERY: probe.scenario}
    target = client if probe.max_retries is None else client.with_options(max_retries=probe.max_retries)
    start = len(session.tap.attempts)
    result: invoke.Call | None = None
    error: BaseException | None = None
    try:
        result = invoke.call(session, case, target, kwargs, probe.stream)
    except ConformanceError:
        raise
    except openai.OpenAIError as exc:
        error = exc
    missing = outcomes.missing_deployment(case, deployment, error)
    if missing:  # every probe of the case would fail the same way; the fix is a setting, so say which
        raise DeploymentError(missing)
    attempts = session.tap.attempts[start:]
    if probe.raises is None and error is not None:
        out.fail(f"{probe.name}: expected success, the SDK raised {type(error).__name__}: {error}")
    elif probe.raises is not None:
        expected = _expected_class(probe.raises)
        if error is None:
            out.fail(f"{probe.name}: expected {probe.raises}, the call succeeded")
        elif not isinstance(error, expected):
            out.fail(f"{probe.name}: expected {probe.raises}, the SDK raised {type(error).__name__}: {error}")
    if probe.attempts is not None and len(attempts) != probe.attempts:
        out.fail(f"{probe.name}: expected {probe.attempts} HTTP attempt(s) (retries included), saw {len(attempts)}")
    _check_attempts(case, probe, attempts, out)
    if probe.request_id and result is not None and attempts:
        _check_request_id(probe, result, attempts[-1], out)

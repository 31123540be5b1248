"""Behaviour cases: a sequence of probes, each a request variant with its documented outcome.

Status mapping, retries, request ids and the documented error example are checked here: the exception
class the SDK raised, how many HTTP attempts it made (counted at the tap, retries included), the
`_request_id` it exposes, and the raw bodies of every attempt against the contract schemas.
"""

from __future__ import annotations

import json
from typing import Any

import openai

from conformance import checks, invoke
from conformance.cases import Case
from conformance.errors import ConformanceError
from conformance.operation import Probe
from conformance.transport import Attempt

STANDIN_QUERY = "standin-scenario"


def _expected_class(name: str) -> type[BaseException]:
    cls = getattr(openai, name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        raise ValueError(f"catalog names unknown openai exception {name!r}")
    return cls


def _check_attempt_bodies(case: Case, probe: Probe, attempts: list[Attempt], out: checks.Findings) -> None:
    for attempt in attempts:
        if attempt.status is None or attempt.error:
            continue
        if attempt.status >= 400:
            if attempt.response_body:
                try:
                    json.loads(attempt.response_body)
                except ValueError:
                    continue  # a non-JSON error page is the SDK's business; the status mapping is checked
                checks.check_json_body(case, attempt, out, schema="error", label=f"{probe.name} error body ")
        elif probe.stream:
            checks.check_stream(case, attempt, out, schema=probe.schema or f"{case.operation.schema}.stream",
                                label=f"{probe.name} ")
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
    if header is None:  # None == None would pass a service that sends no id at all
        out.fail(f"{probe.name}: the response carries no x-request-id header, which {where} documents reading")
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
    _check_attempt_bodies(case, probe, attempts, out)
    if probe.request_id and result is not None and attempts:
        _check_request_id(probe, result, attempts[-1], out)

"""Runs one JavaScript case: the JS driver makes the documented call, Python judges what crossed the wire.

Replay and record go through the replay server on 127.0.0.1 (the driver's only address), so the JS SDK
replays the same way any other language would; live mode points the driver at the endpoint. The driver's
attempts become the session tap's attempts and `runner.judge` applies the same checks as to Python rows.
"""

from __future__ import annotations

import dataclasses
import json
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.calling import auth, backoff, js_calls, js_errors
from conformance.calling.js_bridge import DriverResult, JsDriver, unavailable_reason
from conformance.calling.transport import Attempt
from conformance.catalog import endpoints
from conformance.catalog.cases import Case
from conformance.catalog.config import AuthMode, Mode
from conformance.catalog.operation import Probe
from conformance.errors import CassetteError, ConformanceError, DeploymentError
from conformance.recording import netguard
from conformance.recording.cassettes import sdk_cassette_path
from conformance.recording.replay_server import MISMATCH_HEADER, ReplayServer
from conformance.verdicts import checks, outcomes, probes
from conformance.verdicts.results import CaseResult, Outcome

# The JS SDK's classes that are subclasses of a documented class (openai-node core/error.ts).
_SUBCLASSES = {"APIConnectionError": {"APIConnectionTimeoutError"}}


@dataclass
class JsContext:
    """The session's driver process and, offline or recording, its replay server."""

    driver: JsDriver
    server: ReplayServer | None
    base_url: str

    def close(self) -> None:
        self.driver.close()
        if self.server is not None:
            self.server.close()


def cassette_relpath(case: Case) -> str:
    """`javascript/<surface>/<operation id>.json` under the cassette folder: the catalog naming plus the sdk."""
    return sdk_cassette_path(Path(), case.sdk, case.surface, case.operation.id).as_posix()


def context(session: Any) -> JsContext:
    """The session's JS context, started on first use and closed with the session."""
    ctx = getattr(session, "js_context", None)
    if ctx is not None:
        return ctx
    settings = session.settings
    server: ReplayServer | None = None
    if settings.mode is Mode.REPLAY:
        server = ReplayServer(session.cassettes.root, session.scrubber).start()
    elif settings.mode is Mode.RECORD:
        server = ReplayServer(session.cassettes.root, session.scrubber, store=session.cassettes,
                              upstream=settings.endpoint.rstrip("/")).start()
    base = server.url if server is not None else settings.endpoint.rstrip("/")
    ctx = JsContext(JsDriver(), server, f"{base}/openai/v1/")
    session.js_context = ctx
    session._stack.callback(ctx.close)
    return ctx


def _request(session: Any, case: Case, ctx: JsContext, params: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {"call": case.operation.call, "baseURL": ctx.base_url, "auth": case.auth.value,
                               "params": params, "timeoutMs": int(session.settings.timeout * 1000)}
    if session.settings.mode is Mode.REPLAY:  # as for Python: a cassette observes attempts, not timing
        request["backoffScale"] = backoff.REPLAY_BACKOFF_SCALE
    if case.auth is AuthMode.ENTRA:
        token = auth.static_token(session.settings)
        if token:
            request["token"] = token  # the static credential stands in for Azure (see js/driver.mjs)
    else:
        request["apiKey"] = auth.api_key(session.settings)
    return request


def _mismatch(attempts: list[Attempt]) -> str | None:
    for attempt in attempts:
        if attempt.response_headers.get(MISMATCH_HEADER):
            try:
                return str(json.loads(attempt.response_body)["error"]["message"])
            except (ValueError, KeyError, TypeError):
                return attempt.response_body.decode("utf-8", "replace")
    return None


def _off_loopback(ctx: JsContext, attempts: list[Attempt]) -> str | None:
    """Offline, every attempt must have gone to the replay server: nothing else may be reached."""
    want = urlsplit(ctx.base_url).netloc
    for attempt in attempts:
        if urlsplit(attempt.url).netloc != want:
            return f"the JS driver sent a request to {attempt.url} in replay; only {ctx.base_url} is allowed"
    return None


def _as_forwarded(attempt: Attempt, server: ReplayServer) -> Attempt:
    """Recording, an attempt as the endpoint saw it: the server forwarded it to `upstream` + the same path."""
    if server.upstream is None or not attempt.url.startswith(server.url):
        return attempt
    return dataclasses.replace(attempt, url=server.upstream + attempt.url[len(server.url):])


def _raised_as_documented(expected: str, got: DriverResult) -> bool:
    return got.error_class == expected or got.error_class in _SUBCLASSES.get(expected, set())


def _run_probe(session: Any, case: Case, ctx: JsContext, base: dict[str, Any], probe: Probe,
               out: checks.Findings) -> DriverResult:
    params = dict(base, stream=True) if probe.stream else dict(base)
    request = _request(session, case, ctx, params)
    options: dict[str, Any] = {}
    if probe.scenario:
        options["query"] = {probes.STANDIN_QUERY: probe.scenario}
    if probe.max_retries == 0:
        request["clientOptions"] = {"maxRetries": 0}  # the docs' client-wide form
    elif probe.max_retries is not None:
        options["maxRetries"] = probe.max_retries  # the docs' per-request form
    request["requestOptions"] = options
    got = ctx.driver.run(request)
    if probe.raises is None and not got.ok:
        out.fail(f"{probe.name}: expected success, the JS SDK raised {got.error_class}: {got.error_message}")
    elif probe.raises is not None:
        if got.ok:
            out.fail(f"{probe.name}: expected {probe.raises}, the call succeeded")
        elif not _raised_as_documented(probe.raises, got):
            out.fail(f"{probe.name}: expected {probe.raises}, the JS SDK raised {got.error_class}: "
                     f"{got.error_message}")
    if probe.attempts is not None and len(got.attempts) != probe.attempts:
        out.fail(f"{probe.name}: expected {probe.attempts} HTTP attempt(s) (retries included), "
                 f"saw {len(got.attempts)}")
    probes._check_attempts(case, probe, got.attempts, out)
    return got


def _run_call(session: Any, case: Case, ctx: JsContext, params: dict[str, Any],
              out: checks.Findings) -> DriverResult:
    """The documented call; an SDK error is judged later, as the Python exception of its class (js_errors)."""
    got = ctx.driver.run(_request(session, case, ctx, params))
    if got.ok and case.operation.endpoint is endpoints.RESPONSES and not case.operation.stream \
            and got.parsed.get("output_text_type") != "string":
        out.fail(f"the JS SDK's response.output_text (printed by the docs) is {got.parsed.get('output_text_type')}")
    return got


def run_js_case(session: Any, case: Case, deployment: str, result: CaseResult) -> CaseResult:
    """Run a JS case and judge it with the Python checks; never raises for service or cassette problems."""
    from conformance.suite import runner  # runner dispatches here; imported late to keep the import graph acyclic

    reason = unavailable_reason()
    if reason:
        result.outcome, result.message = Outcome.SKIPPED, reason
        return result
    findings = checks.Findings()
    runs: list[DriverResult] = []  # filled as each call returns: a probe that stops the case keeps its attempts
    replay = session.settings.mode is Mode.REPLAY
    started = time.perf_counter()
    ctx: JsContext | None = None
    error: BaseException | None = None
    try:
        ctx = context(session)
        if ctx.server is not None:
            ctx.server.use(cassette_relpath(case))
        params = js_calls.params(case, deployment, session.settings.max_output_tokens)
        with netguard.blocked() if replay else nullcontext():
            for probe in case.operation.probes:
                runs.append(_run_probe(session, case, ctx, params, probe, findings))
                missing = outcomes.missing_deployment(case, deployment, js_errors.as_python_error(runs[-1]))
                if missing:  # every probe would fail the same way; the fix is a setting (as probes.run_probe)
                    raise DeploymentError(missing)
            if not case.operation.probes:
                runs.append(_run_call(session, case, ctx, params, findings))
                error = js_errors.as_python_error(runs[0])
    except ConformanceError as exc:
        error = exc
    finally:
        if ctx is not None and ctx.server is not None:
            ctx.server.finish()
    attempts = [a for run in runs for a in run.attempts]
    if ctx is not None and ctx.server is not None and ctx.server.upstream is not None:
        attempts = [_as_forwarded(a, ctx.server) for a in attempts]
    problem = ctx is not None and (_mismatch(attempts) or (_off_loopback(ctx, attempts) if replay else None))
    if problem:
        error = CassetteError(problem)
    result.duration = round(time.perf_counter() - started, 4)
    session.tap.attempts = attempts
    return runner.conclude(session, case, deployment, result, findings, error)

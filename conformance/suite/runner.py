"""Runs one case: documented client → cassette or endpoint → raw exchange → checks → CaseResult."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.request import Request as VcrRequest

from conformance.calling import auth, backoff, handshake, invoke
from conformance.calling.clients import ClientFactory
from conformance.calling.transport import FAULT_HEADER, FAULT_STATUS, Tap
from conformance.catalog.cases import Case
from conformance.catalog.config import Mode, Settings
from conformance.errors import CassetteError, ConformanceError
from conformance.recording import netguard
from conformance.recording.cassettes import CassetteStore
from conformance.recording.scrub import Scrubber
from conformance.suite import failfast, record_policy
from conformance.verdicts import checks, probes
from conformance.verdicts.judge import Exchange, judge
from conformance.verdicts.results import CaseResult, Outcome


class Session:
    """Everything shared by the cases of one run: clients, cassettes, one event loop."""

    def __init__(self, settings: Settings, cassette_dir: Path) -> None:
        self.settings = settings
        self.tap = Tap()
        self.clients = ClientFactory(settings, self.tap)
        key = auth.REPLAY_API_KEY if settings.mode is Mode.REPLAY else settings.api_key
        host = urlsplit(settings.endpoint).hostname or ""
        self.scrubber = Scrubber(key, auth.static_token(settings), [host])
        self.cassettes = CassetteStore(cassette_dir, settings, self.scrubber, lambda: self.targets_standin)
        # One loop for the session: async clients keep pooled connections bound to the loop.
        self.loop = asyncio.Runner()
        self.requests_made = 0
        self.breaker = failfast.Breaker(settings.endpoint)
        self._standin: bool | None = None
        self._stack = ExitStack()
        if settings.mode is Mode.REPLAY:
            self._stack.enter_context(backoff.shortened())

    @property
    def targets_standin(self) -> bool:
        """Whether the endpoint answered the stand-in handshake (asked once, on first use; never in replay).

        Never judged by address: another server on 127.0.0.1 would ignore the fault scenarios and be
        blamed for answering 200. The first case asks, before any cassette is open, so the handshake
        is never recorded.
        """
        if self.settings.mode is Mode.REPLAY:
            return False
        if self._standin is None:
            self._standin = handshake.ask(self.settings.endpoint)
        return self._standin

    def close(self) -> None:
        self._stack.close()  # also closes the JS driver and replay server, if a JS case started them
        self.clients.close()
        self.loop.run(self.clients.aclose())
        self.loop.close()


def _not_triggerable(session: Session, case: Case) -> str | None:
    if session.settings.mode is Mode.REPLAY or session.targets_standin or not case.operation.needs_standin:
        return None
    return (
        f"not triggerable in {session.settings.mode.value} mode against a server that is not the stand-in "
        f"(it did not answer the stand-in handshake): {case.operation.id} needs injected faults (429, 5xx, "
        "dropped connections) that cannot be produced safely there; it runs in replay and against the stand-in"
    )


def _skip(result: CaseResult, message: str) -> CaseResult:
    result.outcome, result.message = Outcome.SKIPPED, message
    return result


@contextmanager
def _fault_recording(session: Session, cassette: Any) -> Iterator[None]:
    """While recording, turn connection faults into synthetic interactions the cassette can hold."""
    if cassette is None or session.settings.mode is not Mode.RECORD:
        yield
        return

    def record(request: httpx2.Request, body: bytes, name: str) -> None:
        vcr_request = VcrRequest(request.method, str(request.url), body, dict(request.headers))
        response = {"status": {"code": FAULT_STATUS, "message": "connection fault"},
                    "headers": {FAULT_HEADER: [name]}, "body": {"string": b""}}
        cassette.append(vcr_request, response)

    session.tap.on_fault = record
    try:
        yield
    finally:
        session.tap.on_fault = None


def run_case(session: Session, case: Case) -> CaseResult:
    """Execute a case and judge it; never raises for service or cassette problems."""
    result = CaseResult(
        id=case.id, operation=case.operation.id, surface=case.surface, api_version=case.api_version,
        auth=case.auth.value, client=case.client.value, outcome=Outcome.PASSED, sdk=case.sdk,
    )
    stopped = session.breaker.admit() if session.settings.uses_network else None
    if stopped:
        return _skip(result, stopped)
    kind = case.operation.deployment_kind
    deployment = session.settings.deployment(kind)
    if deployment is None:
        return _skip(result, f"no deployment configured for kind {kind!r}: set [deployments] {kind} = \"NAME\" "
                             f"in the config file or AOAI_CONFORMANCE_DEPLOYMENT_{kind.upper()}")
    reason = _not_triggerable(session, case)
    if reason:
        return _skip(result, reason)
    budget = session.settings.max_requests
    if session.settings.uses_network and budget and session.requests_made >= budget:
        return _skip(result, f"request budget reached: this run already made {session.requests_made} requests "
                             f"(limit {budget}); raise it with AOAI_CONFORMANCE_MAX_REQUESTS or max_requests")
    session.tap.clear()
    if case.sdk != "python":  # another SDK's driver makes the calls; judging stays here (js_runner)
        from conformance.suite import js_runner

        return js_runner.run_js_case(session, case, deployment, result)
    findings = checks.Findings()
    error: BaseException | None = None
    guard = netguard.blocked() if session.settings.mode is Mode.REPLAY else nullcontext()
    started = time.perf_counter()
    try:
        with guard, session.cassettes.use(case) as cassette, _fault_recording(session, cassette):
            client = session.clients.get(case.surface, case.auth, case.client)
            if case.operation.probes:
                for probe in case.operation.probes:
                    probes.run_probe(session, case, client, deployment, probe, findings)
            else:
                try:
                    kwargs = invoke.request_kwargs(case, deployment, session.settings.max_output_tokens)
                    invoke.call(session, case, client, kwargs, case.operation.stream)
                except (ConformanceError, CannotOverwriteExistingCassetteException):
                    raise
                except Exception as exc:  # a body the SDK cannot decode is a finding, not a crash
                    error = exc
    except CannotOverwriteExistingCassetteException as exc:
        error = CassetteError(
            f"cassette {session.cassettes.path_for(case)} has no interaction matching this request "
            f"({_closest(exc)}); re-record it with `aoai-conformance run --mode record`"
        )
    except ConformanceError as exc:
        error = exc
    result.duration = round(time.perf_counter() - started, 4)
    return conclude(session, case, deployment, result, findings, error)


def conclude(
    session: Session, case: Case, deployment: str, result: CaseResult, findings: checks.Findings,
    error: BaseException | None,
) -> CaseResult:
    """After any SDK's call (the tap holds its attempts): count, feed the breaker, judge, settle the recording."""
    session.requests_made += len(session.tap.attempts)
    if session.settings.uses_network:
        session.breaker.observe(session.tap.attempts)
    exchange = Exchange(case, deployment, session.settings.endpoint, session.tap.attempts, error, session.scrubber)
    result = judge(exchange, result, findings)
    if session.settings.mode is Mode.RECORD:  # the verdict decides whether the recording replaces the cassette
        record_policy.settle(session, case, result, error)
    return result


def _closest(exc: CannotOverwriteExistingCassetteException) -> str:
    """What differs between the request and the closest recorded one, from vcrpy's matcher results."""
    for _request, _ok, failed in getattr(exc, "similar_requests", None) or []:
        if failed:
            return "; ".join(f"{name}: {message}" for name, message in failed)
    return "no recorded request is similar to it"

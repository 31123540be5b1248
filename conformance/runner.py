"""Runs one case: documented client → cassette or endpoint → raw exchange → checks → CaseResult."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openai
from vcr.errors import CannotOverwriteExistingCassetteException

from conformance import auth, checks, netguard
from conformance.cases import Case, ClientKind
from conformance.cassettes import CassetteStore
from conformance.clients import ClientFactory
from conformance.config import Mode, Settings
from conformance.errors import CassetteError, ConformanceError
from conformance.results import CaseResult, Outcome
from conformance.scrub import Scrubber
from conformance.transport import Tap


class Session:
    """Everything shared by the cases of one run: clients, cassettes, one event loop."""

    def __init__(self, settings: Settings, cassette_dir: Path) -> None:
        self.settings = settings
        self.tap = Tap()
        self.clients = ClientFactory(settings, self.tap)
        key = auth.REPLAY_API_KEY if settings.mode is Mode.REPLAY else settings.api_key
        host = urlsplit(settings.endpoint).hostname or ""
        self.scrubber = Scrubber(key, auth.static_token(settings), [host])
        self.cassettes = CassetteStore(cassette_dir, settings, self.scrubber)
        # One loop for the session: async clients keep pooled connections bound to the loop.
        self.loop = asyncio.Runner()

    def close(self) -> None:
        self.clients.close()
        self.loop.run(self.clients.aclose())
        self.loop.close()


def _resolve(client: Any, call: str) -> Any:
    *parents, method = call.split(".")
    target = client
    for name in parents:
        target = getattr(target, name)
    return getattr(target.with_raw_response, method)


def request_kwargs(case: Case, deployment: str) -> dict[str, Any]:
    """The documented request with the run's deployment as `model`."""
    return {**case.operation.request, "model": deployment}


async def _call_async(fn: Any, kwargs: dict[str, Any], stream: bool) -> int:
    raw = await fn(**kwargs)
    parsed = raw.parse()
    if inspect.isawaitable(parsed):
        parsed = await parsed
    if not stream:
        return 1
    return len([chunk async for chunk in parsed])


def _consume(raw: Any, stream: bool) -> int:
    parsed = raw.parse()
    return len(list(parsed)) if stream else 1


@contextmanager
def _timed() -> Iterator[list[float]]:
    box = [time.perf_counter()]
    yield box
    box[0] = time.perf_counter() - box[0]


def run_case(session: Session, case: Case) -> CaseResult:
    """Execute a case and judge it; never raises for service or cassette problems."""
    result = CaseResult(
        id=case.id, operation=case.operation.id, surface=case.surface, api_version=case.api_version,
        auth=case.auth.value, client=case.client.value, outcome=Outcome.PASSED,
    )
    deployment = session.settings.deployment(case.operation.deployment_kind)
    if deployment is None:
        kind = case.operation.deployment_kind
        result.outcome = Outcome.SKIPPED
        result.message = (
            f"no deployment configured for kind {kind!r}: set [deployments] {kind} = \"NAME\" in the config "
            f"file or AOAI_CONFORMANCE_DEPLOYMENT_{kind.upper()}"
        )
        return result
    session.tap.clear()
    error: BaseException | None = None
    guard = netguard.blocked() if session.settings.mode is Mode.REPLAY else nullcontext()
    with _timed() as elapsed:
        try:
            with guard, session.cassettes.use(case):
                client = session.clients.get(case.surface, case.auth, case.client)
                fn = _resolve(client, case.operation.call)
                kwargs = request_kwargs(case, deployment)
                if case.client is ClientKind.ASYNC:
                    session.loop.run(_call_async(fn, kwargs, case.operation.stream))
                else:
                    _consume(fn(**kwargs), case.operation.stream)
        except CannotOverwriteExistingCassetteException as exc:
            error = CassetteError(
                f"cassette {session.cassettes.path_for(case)} has no interaction matching this request "
                f"({_closest(exc)}); re-record it with `aoai-conformance run --mode record`"
            )
        except (ConformanceError, openai.OpenAIError) as exc:
            error = exc
    result.duration = round(elapsed[0], 4)
    return judge(session, case, deployment, result, error)


def _closest(exc: CannotOverwriteExistingCassetteException) -> str:
    """What differs between the request and the closest recorded one, from vcrpy's matcher results."""
    for _request, _ok, failed in getattr(exc, "similar_requests", None) or []:
        if failed:
            return "; ".join(f"{name}: {message}" for name, message in failed)
    return "no recorded request is similar to it"


def judge(
    session: Session, case: Case, deployment: str, result: CaseResult, error: BaseException | None
) -> CaseResult:
    """Turn the tapped exchange and any exception into the case's outcome and message."""
    attempts = session.tap.attempts
    result.attempts = len(attempts)
    if isinstance(error, ConformanceError):
        result.outcome, result.message = Outcome.ERROR, str(error)
        return result
    findings = checks.Findings()
    if attempts:
        first, last = attempts[0], attempts[-1]
        result.status = last.status
        result.request_id = last.response_headers.get("x-request-id") or None
        checks.check_request(case, first, session.settings.endpoint, deployment, findings)
    if isinstance(error, openai.APIStatusError):
        findings.fail(f"HTTP {error.status_code}: {error.message}")
    elif error is not None:
        findings.fail(f"{type(error).__name__}: {error}")
    elif attempts:
        if case.operation.stream:
            checks.check_stream(case, attempts[-1], findings)
        else:
            checks.check_json_body(case, attempts[-1], findings)
    if findings.failures:
        result.outcome, result.message = Outcome.FAILED, "; ".join(findings.failures)
    return result

"""When a recorded case may replace its cassette: only when the endpoint under test gave it a usable answer.

A record run overwrites evidence. A case that met a credential error, a 401/403 it did not ask for, a
connection fault it did not ask for, or a throttled/failing service (429/5xx at the end) recorded nothing
worth keeping, so its episode is discarded and the old cassette stays byte-identical. What a case "asked
for" is what its stand-in scenario scripted for that attempt, or the status the docs document for it
(the 401 of embeddings with Entra ID on v1, once the run's Entra credential was accepted elsewhere, since
a wrong credential gets the same 401); a failure on a real answer (a schema violation, a missing
field) is a finding and is recorded, so replay shows it again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.cases import Case
from conformance.hosts import host_port, same_endpoint
from conformance.probes import STANDIN_QUERY
from conformance.results import CaseResult, Outcome
from conformance.transport import FAULT_STATUS, Attempt

_REJECTED = (401, 403)
# What a transport fault looks like to the recorder: not an answer from the endpoint.
_FAULT_STEPS = frozenset({"drop"})


def _scripted(attempt: Attempt) -> str | None:
    """The stand-in scenario step this attempt asked for (`status:401`, `drop`, `ok`, ...), if any."""
    values = parse_qs(urlsplit(attempt.url).query).get(STANDIN_QUERY)
    if not values:
        return None
    steps = [s.strip() for s in values[0].split(",")]
    # The stand-in picks the step by the SDK's retry counter (conformance/standin/faults.py).
    retry = attempt.headers.get("x-stainless-retry-count", "0")
    index = int(retry) if retry.isdigit() else 0
    return steps[min(index, len(steps) - 1)]


def _asked_status(step: str | None) -> int | None:
    if step is None or not step.startswith("status:"):
        return None
    code = step[len("status:"):].split(";", 1)[0]
    return int(code) if code.isdigit() else None


def _problem(case: Case, attempt: Attempt, n: int, endpoint: str, last: bool, accepted: Collection[str]) -> str | None:
    step = _scripted(attempt)
    asked = _asked_status(step)
    if not same_endpoint(attempt.url, endpoint):
        return f"attempt {n} went to {host_port(attempt.url)[0]}, not the endpoint under test"
    if attempt.error or attempt.status is None or attempt.status == FAULT_STATUS:
        if step in _FAULT_STEPS:
            return None
        return f"attempt {n} got no answer ({attempt.error or 'connection fault'})"
    status = attempt.status
    if asked is not None:
        return None if status == asked else f"attempt {n} asked the stand-in for HTTP {asked} and got HTTP {status}"
    documented = case.operation.exception_for(case.family, case.auth.value)
    if status in _REJECTED:
        if not (documented and documented.status == status):
            return f"attempt {n} got HTTP {status}: the endpoint rejected the {case.auth.value} credential"
        if case.auth.value not in accepted:  # a wrong credential gets the same 401 as the documented one
            return (f"attempt {n} got the documented HTTP {status}, but the endpoint has not yet accepted this "
                    f"run's {case.auth.value} credential, so it may be a rejected credential")
    if last and (status == 429 or status >= 500):
        return f"the case ended on HTTP {status} (throttled or unavailable), not an answer to record"
    return None


def unusable(case: Case, result: CaseResult, attempts: Sequence[Attempt], error: BaseException | None,
             endpoint: str, accepted: Collection[str] = ()) -> str | None:
    """Why this case's recording must not replace its cassette; None when it may."""
    if result.outcome not in (Outcome.PASSED, Outcome.FAILED):
        return f"the case ended {result.outcome.value}"
    if not attempts:
        detail = f" ({type(error).__name__})" if error is not None else ""
        return f"no request reached the endpoint{detail}"
    if error is not None and type(error).__module__.split(".")[0] == "azure":
        return f"the credential failed ({type(error).__name__})"  # e.g. ClientAuthenticationError mid-case
    for n, attempt in enumerate(attempts, 1):
        problem = _problem(case, attempt, n, endpoint, n == len(attempts), accepted)
        if problem:
            return problem
    return None


def settle(session: Any, case: Case, result: CaseResult, error: BaseException | None) -> None:
    """Commit the case's recording, or discard it and say in the row why its cassette was kept."""
    attempts, accepted = session.tap.attempts, session.cassettes.accepted_auth
    if any(a.status is not None and 200 <= a.status < 300 for a in attempts):
        accepted.add(case.auth.value)  # the endpoint took this auth mode's credential
    reason = unusable(case, result, attempts, error, session.settings.endpoint, accepted)
    if reason is None:
        session.cassettes.commit(case)
        return
    session.cassettes.discard(case)
    note = f"cassette not replaced: {reason}"
    result.message = f"{result.message}; {note}" if result.message else note

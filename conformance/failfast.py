"""Fail fast on an unreachable endpoint: after a few cases that got no HTTP response, stop calling it.

Against a dead port or a wrong host every case fails the same way, and each one costs the SDK's full
retry cycle (connect timeout 5 s, two backoff sleeps; a hung server costs the whole read timeout, three
times). 228 identical connection errors say nothing the first three did not, so after THRESHOLD
consecutive cases in which no attempt got any HTTP response, every later case is skipped with one
reason. The report stays complete (one row per case) and the failed cases keep the exit code non-zero.
Any HTTP response, even an error status, proves the endpoint reachable and resets the count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance.transport import Attempt

THRESHOLD = 3


def got_no_response(attempts: Sequence[Attempt]) -> bool:
    """The case sent requests and not one of them got a status line back (refused, reset, timed out)."""
    return bool(attempts) and all(attempt.status is None for attempt in attempts)


@dataclass
class Breaker:
    """Counts consecutive unreachable cases for one session; `reason` is set once it trips.

    `planned` is the number of cases the session will be asked to run, when known (the plugin sets it;
    under xdist a worker's share is not known in advance, so the count is left out of the message).
    """

    endpoint: str
    threshold: int = THRESHOLD
    planned: int | None = None
    started: int = 0
    streak: int = 0
    reason: str | None = None

    def admit(self) -> str | None:
        """Called as a case starts: None to run it, else the skip reason shared by every remaining case."""
        self.started += 1
        return self.reason

    def observe(self, attempts: Sequence[Attempt]) -> None:
        """Called after a case that ran: update the streak and trip once it reaches the threshold."""
        if not attempts or self.reason is not None:
            return  # a case that sent nothing (skipped, credential error) says nothing about the endpoint
        if not got_no_response(attempts):
            self.streak = 0
            return
        self.streak += 1
        if self.streak >= self.threshold:
            last = attempts[-1].error or "no response"
            not_run = f"{self.planned - self.started} cases not run" if self.planned is not None \
                else "the remaining cases not run"
            self.reason = (
                f"endpoint unreachable: {self.threshold} consecutive cases got no HTTP response from "
                f"{self.endpoint} (last: {last}); the run stopped calling it; check the endpoint URL, "
                f"that the service is up and that this machine can reach it; {not_run}"
            )

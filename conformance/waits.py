"""Live progress for retry waits: say, as it starts, that the SDK is sleeping before a retry and why.

A 429 may ask for a wait of up to 120 s, during which a live run printed nothing. The SDK announces each
sleep on its own logger ("Retrying request in 1.000000 seconds (retry 1 of 2)", an INFO record); the
announcer turns that into one line naming the response that caused it, read from the tap's latest attempt:

    waiting 1.0 s before retry 1 of 2: HTTP 429 retry-after-ms 1000 from POST /openai/v1/chat/completions
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from contextlib import nullcontext
from urllib.parse import urlsplit

import pytest

from conformance.config import Mode
from conformance.throttle import requested_wait
from conformance.transport import Attempt, Tap

SDK_LOGGER = "openai._base_client"
_RETRYING = re.compile(r"Retrying request in ([0-9.]+) seconds \(retry (\d+) of (\d+)\)")
_ANNOUNCED_MODES = (Mode.LIVE, Mode.RECORD)


def _case_id() -> str:
    """The running case's id, from the test pytest is running now (its parametrization)."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    _, bracket, rest = current.partition("[")
    return rest[:-1] if bracket and rest.endswith("]") else current


def describe(seconds: float, retry: int, limit: int, attempt: Attempt | None, case: str = "") -> str:
    """The progress line for one retry wait."""
    cause = "an unanswered request"
    if attempt is not None:
        if attempt.error:
            cause = attempt.error.split(":", 1)[0]
        elif attempt.status is not None:
            _, header = requested_wait(attempt.response_headers)
            asked = f" {header} {attempt.response_headers.get(header, '')}" if header else " (no retry-after-ms)"
            cause = f"HTTP {attempt.status}{asked if attempt.status == 429 else ''}"
        cause += f" from {attempt.method} {urlsplit(attempt.url).path}"
    where = f" [{case}]" if case else ""
    return f"waiting {seconds:.3g} s before retry {retry} of {limit}: {cause}{where}"


class WaitAnnouncer(logging.Handler):
    """Receives the SDK's retry records and writes one line per wait."""

    def __init__(self, tap: Tap, write: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self._tap = tap
        self._write = write

    def emit(self, record: logging.LogRecord) -> None:
        match = _RETRYING.search(record.getMessage())
        if match is None:
            return
        attempts = self._tap.attempts
        self._write(describe(float(match.group(1)), int(match.group(2)), int(match.group(3)),
                             attempts[-1] if attempts else None, _case_id()))


def _terminal_writer(config: pytest.Config) -> Callable[[str], None]:
    """Write a line to the terminal even while pytest captures the test's output (a wait happens inside one).

    An xdist worker's terminal reporter goes nowhere visible, but its stderr is the controller's terminal.
    """
    capture = config.pluginmanager.get_plugin("capturemanager")
    terminal = None if hasattr(config, "workerinput") else config.pluginmanager.get_plugin("terminalreporter")

    def write(line: str) -> None:
        with capture.global_and_fixture_disabled() if capture is not None else nullcontext():
            if terminal is not None:
                terminal.ensure_newline()
                terminal.write_line(line)
                terminal.flush()
            else:
                sys.stderr.write(line + "\n")
                sys.stderr.flush()

    return write


def announce(config: pytest.Config, tap: Tap, mode: Mode) -> None:
    """In live and record runs, print each retry wait as it starts; undone when pytest unconfigures."""
    if mode not in _ANNOUNCED_MODES:
        return
    logger = logging.getLogger(SDK_LOGGER)
    handler = WaitAnnouncer(tap, _terminal_writer(config))
    level = logger.level
    if not logger.isEnabledFor(logging.INFO):
        logger.setLevel(logging.INFO)  # the SDK logs each retry at INFO; the default WARNING would drop it
    logger.addHandler(handler)

    def remove() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    config.add_cleanup(remove)

"""Replay runs skip the SDK's retry sleeps: a cassette cannot observe timing, only the attempts.

The SDK sleeps `INITIAL_RETRY_DELAY * 2**n` (0.5 s, 1 s, ...) between retries that carry no retry-after
header, such as dropped connections. In replay that is pure waiting: the retry probes check the attempt
count at the tap, which is unchanged. Live and record runs keep the documented backoff.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from openai import _base_client

REPLAY_INITIAL_DELAY = 0.001
# The same shrink for the JS SDK, whose default backoff starts at the same 0.5 s (js/driver.mjs scales it).
REPLAY_BACKOFF_SCALE = REPLAY_INITIAL_DELAY / _base_client.INITIAL_RETRY_DELAY


@contextmanager
def shortened() -> Iterator[None]:
    """Shrink the SDK's initial retry delay for the duration of a replay session, then restore it."""
    original = _base_client.INITIAL_RETRY_DELAY
    _base_client.INITIAL_RETRY_DELAY = REPLAY_INITIAL_DELAY
    try:
        yield
    finally:
        _base_client.INITIAL_RETRY_DELAY = original

"""Throttling: a 429 the SDK's retries could not get past is `throttled`, not a finding; absorbed retries are kept.

A resource answers 429 when the caller exceeds its quota: that says nothing about whether the service
conforms to its documentation, so an ordinary case that ends in RateLimitError is `throttled` (counted apart
from failures) rather than `failed` with status drift. Behaviour probes that trigger 429 on purpose keep
their documented expectation. Every retry the SDK made is recorded in the row (`retries`), with the wait the
response asked for, read the way the SDK reads it (sdk-facts §2): `retry-after-ms` first, then `retry-after`
in seconds; a value outside (0, 120] s makes the SDK fall back to its own backoff (or, above 120 s, not retry).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import openai

from conformance.drift import Drift, DriftKind
from conformance.transport import Attempt

RETRY_MS = "retry-after-ms"
# The docs' quota page ("Rate limit response headers") says `retry-after-ms` is "Included in 429 responses";
# no Azure spec documents a 429 at all (spec-notes §4b, §6.6). OpenAI's spec documents only `Retry-After`.
RETRY_SOURCE = 'docs quota-2 §Rate limit response headers: retry-after-ms "Included in 429 responses" (spec-notes §4b)'
SDK_MAX_RETRY_AFTER = 120.0  # openai._constants.MAX_RETRY_AFTER_DELAY
RETRY_COUNT_HEADER = "x-stainless-retry-count"


def requested_wait(headers: Mapping[str, str]) -> tuple[float | None, str | None]:
    """(seconds, header name) the response asks the client to wait, or (None, None) when it names no wait."""
    lower = {k.lower(): v for k, v in headers.items()}
    for name, divisor in ((RETRY_MS, 1000.0), ("retry-after", 1.0)):
        value = lower.get(name)
        if value is None:
            continue
        try:
            return float(value) / divisor, name
        except ValueError:
            continue
    return None, None


def _retried(attempts: Sequence[Attempt], index: int) -> bool:
    """The SDK retried after attempts[index]: the next attempt is a retry (its retry-count header is not 0)."""
    if index + 1 >= len(attempts):
        return False
    count = attempts[index + 1].headers.get(RETRY_COUNT_HEADER, "0")
    return count.isdigit() and int(count) > 0


def retries(attempts: Sequence[Attempt]) -> list[dict[str, Any]]:
    """One entry per attempt the SDK retried after: its status (or transport error) and the wait it asked for.

    `wait_s` is null when the response named no usable wait and the SDK used its own backoff (0.5 s · 2ⁿ with
    jitter), so the row stays identical between runs.
    """
    out: list[dict[str, Any]] = []
    for index, attempt in enumerate(attempts):
        if not _retried(attempts, index):
            continue
        wait, header = requested_wait(attempt.response_headers)
        honoured = wait is not None and 0 < wait <= SDK_MAX_RETRY_AFTER
        entry: dict[str, Any] = {"status": attempt.status, "wait_s": wait if honoured else None,
                                 "header": header if honoured else None}
        if attempt.error:
            entry["error"] = attempt.error.split(":", 1)[0]
        out.append(entry)
    return out


def retry_header_drift(where: str, headers: Mapping[str, str]) -> list[Drift]:
    """A 429 without the documented `retry-after-ms` header (whatever else it carries) is drift."""
    lower = {k.lower(): v for k, v in headers.items()}
    if RETRY_MS in lower:
        return []
    other = f"; it carried `retry-after: {lower['retry-after']}`" if "retry-after" in lower else ""
    return [Drift.of(DriftKind.MISSING_HEADER, f"headers.{RETRY_MS}", RETRY_SOURCE,
                     f"{where}: 429 without the documented `{RETRY_MS}` header{other}")]


def drift(where: str, attempts: Sequence[Attempt]) -> list[Drift]:
    """Retry-header drift of every 429 the case received, retried or not."""
    out: list[Drift] = []
    for attempt in attempts:
        if attempt.status == 429:
            out.extend(retry_header_drift(where, attempt.response_headers))
    return out


def message(error: openai.RateLimitError, attempts: Sequence[Attempt]) -> str:
    """Why the case could not be judged, what the service asked for, and what to do."""
    last = attempts[-1].response_headers if attempts else {}
    wait, header = requested_wait(last)
    if header is None:
        asked = "the last 429 named no wait (no retry-after-ms)"
    elif wait is not None and wait > SDK_MAX_RETRY_AFTER:
        asked = (f"the last 429 asked for {wait:g} s ({header}), above the SDK's {SDK_MAX_RETRY_AFTER:g} s limit, "
                 "so it was not retried")
    else:
        asked = f"the last 429 asked for {wait:g} s ({header})"
    return (f"throttled: HTTP 429 after {len(attempts)} attempt(s); {asked}. Not a conformance finding: rerun "
            f"later, with fewer cases at once, or with more quota. The service said: {error.message[:300]}")

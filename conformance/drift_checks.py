"""Exchange-level drift: documented status, content type and response headers of one HTTP exchange."""

from __future__ import annotations

from collections.abc import Mapping

from conformance import throttle
from conformance.drift import Drift, DriftKind

__all__ = ["REQUEST_ID_HEADERS", "exchange_drift"]

# docs/000 §Request IDs: `_request_id` corresponds to `x-request-id`; every Azure spec documents `apim-request-id`.
REQUEST_ID_HEADERS = {
    "x-request-id": "docs/000 §Error handling / Request IDs",
    "apim-request-id": "spec-notes §4b (apim-request-id, every Azure spec)",
}
STATUS_SOURCE = "docs/000 §Error codes"
SSE_SOURCE = "spec v1#/paths/~1chat~1completions/post/responses/200 (text/event-stream)"
JSON_SOURCE = "spec v1/stable responses (application/json)"


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def exchange_drift(
    schema_name: str,
    surface: str,
    status: int,
    expected_status: int,
    headers: Mapping[str, str],
    stream: bool,
) -> list[Drift]:
    """Drift of one exchange's status, content type and headers from what the docs and specs document."""
    lower = {k.lower(): v for k, v in headers.items()}  # header names are case-insensitive (spec-notes §4b)
    where = f"{schema_name} on {surface}"
    out: list[Drift] = []
    if status != expected_status:
        out.append(Drift.of(DriftKind.STATUS_CHANGED, "status", STATUS_SOURCE,
                            f"{where}: HTTP {status}, documented {expected_status}"))
    for name, source in REQUEST_ID_HEADERS.items():
        if name not in lower:
            out.append(Drift.of(DriftKind.MISSING_HEADER, f"headers.{name}", source,
                                f"{where}: response has no `{name}` header"))
    media = _media_type(lower)
    if stream and status < 400 and media != "text/event-stream":
        out.append(Drift.of(DriftKind.CONTENT_TYPE, "headers.content-type", SSE_SOURCE,
                            f"{where}: stream content-type is {media or 'absent'!r}, documented text/event-stream"))
    elif (not stream or status >= 400) and media != "application/json":
        out.append(Drift.of(DriftKind.CONTENT_TYPE, "headers.content-type", JSON_SOURCE,
                            f"{where}: content-type is {media or 'absent'!r}, documented application/json"))
    if status == 429:  # docs quota page: `retry-after-ms` "Included in 429 responses"
        out.extend(throttle.retry_header_drift(where, lower))
    return out

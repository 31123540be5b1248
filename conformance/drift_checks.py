"""Exchange-level drift: documented status, content type and response headers of one HTTP exchange."""

from __future__ import annotations

from collections.abc import Mapping

from conformance import throttle
from conformance.drift import Drift, DriftKind

__all__ = ["FILTER_PLACEMENTS", "REQUEST_ID_HEADERS", "documents_filters", "exchange_drift", "filter_drift"]

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


# Where the docs' example responses and the specs put content-filter results (spec-notes §3a, §3c).
# The specs list them as optional properties, so the shape schemas cannot require them; the docs print them
# on every example response, so a body without them (under any spelling) is drift naming both sources.
_CHAT_SOURCE = ("docs/000, docs/003 §Chat / chat.completions.create() (Response); spec createChatCompletionResponse, "
                "v1 AzureCreateChatCompletionResponse")
_IMAGES_SOURCE = "docs/003 §Images / images.generate(); spec imageResult"
FILTER_PLACEMENTS: dict[str, tuple[tuple[str | None, tuple[str, ...], str], ...]] = {
    "chat.completions.create": (
        ("choices", ("content_filter_results", "content_filter_result"), _CHAT_SOURCE),
        (None, ("prompt_filter_results", "prompt_annotations"), _CHAT_SOURCE),
    ),
    "completions.create": (
        ("choices", ("content_filter_results", "content_filter_result"),
         "docs/003 §Completions (legacy) / completions.create(); spec createCompletionResponse"),
        (None, ("prompt_filter_results", "prompt_annotations"),
         "docs/003 §Completions (legacy) / completions.create(); spec createCompletionResponse"),
    ),
    "images.generate": (
        ("data", ("content_filter_results", "content_filter_result"), _IMAGES_SOURCE),
        ("data", ("prompt_filter_results",), _IMAGES_SOURCE),
    ),
}
FILTER_PLACEMENTS["chat.completions.create.image_input"] = FILTER_PLACEMENTS["chat.completions.create"]
FILTER_PLACEMENTS["chat.completions.create.reasoning"] = FILTER_PLACEMENTS["chat.completions.create"]


# The oldest api version the shared docs and specs document (stable-2024-10-21); older versions predate some
# filter fields (a real 2023-03-15-preview stream has no prompt-annotation frame), so they are not held to them.
OLDEST_DOCUMENTED = "2024-10-21"


def documents_filters(surface: str | None) -> bool:
    """True when the docs this suite reads document content-filter results for this surface."""
    return surface == "v1" or (surface is not None and surface[:10] >= OLDEST_DOCUMENTED)


def filter_drift(schema_name: str, body: object, surface: str | None) -> list[Drift]:
    """Missing content-filter results where the docs document them: one drift per missing placement."""
    placements = FILTER_PLACEMENTS.get(schema_name, ())
    if not isinstance(body, Mapping) or not documents_filters(surface):
        return []
    out: list[Drift] = []
    for array, names, source in placements:
        if array is None:
            holders: list[tuple[str, object]] = [("$", body)]
        else:
            items = body.get(array)
            holders = [(f"$.{array}[{i}]", item) for i, item in enumerate(items)] if isinstance(items, list) else []
        for where, holder in holders:
            if isinstance(holder, Mapping) and not any(name in holder for name in names):
                out.append(Drift.of(DriftKind.MISSING_DOCUMENTED_FIELD, f"{where}.{names[0]}", source,
                                    f"{schema_name}: no `{names[0]}` where the docs document it"))
    return out

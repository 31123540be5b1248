"""Ordering rules across a stream's events: what one event's schema cannot see (ids, offsets, terminal frames)."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.drift import Drift, DriftKind
from conformance.drift_checks import documents_filters
from conformance.messages import sample
from conformance.sse import DONE

__all__ = ["chat_stream_drift", "responses_stream_drift"]

STREAM_DOC = "docs content-streaming (spec-notes §3e)"
RESPONSES_SOURCE = "spec v1#/components/schemas/OpenAI.ResponseStreamEvent"
TERMINAL_RESPONSE_EVENTS = ("response.completed", "response.failed", "response.incomplete")

Event = dict | str  # a parsed `data:` payload, or the literal "[DONE]"


def _is_annotation(event: dict) -> bool:
    """Azure filter frames (prompt annotations, async-filter annotations) carry id "" by design."""
    return event.get("id") == "" and (
        "prompt_filter_results" in event
        or "prompt_annotations" in event
        or any(isinstance(c, dict) and "delta" not in c for c in event.get("choices") or [])
    )


def chat_stream_drift(events: Sequence[Event], surface: str | None = None) -> tuple[list[str], list[Drift]]:
    """Contract failures and drift of one chat stream's events, in order as received.

    The first-frame rule needs the surface (None: unknown, not applied): see drift_checks.documents_filters.
    """
    failures: list[str] = []
    drift: list[Drift] = []
    ids: set[str] = set()
    last_check: dict[int, int] = {}
    terminal = False
    done_at: int | None = None
    first = events[0] if events else None
    # content-streaming doc: the first frame is the prompt-annotation frame, `choices: []` + prompt_filter_results
    if documents_filters(surface) and not (isinstance(first, dict) and first.get("choices") == []
            and ("prompt_filter_results" in first or "prompt_annotations" in first)):
        drift.append(Drift.of(DriftKind.STREAM_RULE, "event[0]", STREAM_DOC,
                              "first frame is not the documented empty-`choices` frame carrying "
                              "`prompt_filter_results`"))
    for index, event in enumerate(events):
        if event == DONE:
            done_at = index if done_at is None else done_at
            continue
        if done_at is not None:
            failures.append(f"event[{index}]: data after the terminal `[DONE]` (event[{done_at}])")
            continue
        if not isinstance(event, dict):
            failures.append(f"event[{index}]: payload is neither a JSON object nor [DONE]")
            continue
        event_id = event.get("id")
        if isinstance(event_id, str) and event_id:
            ids.add(event_id)
        elif event_id == "" and not _is_annotation(event):
            drift.append(Drift.of(DriftKind.STREAM_RULE, f"event[{index}].id", STREAM_DOC,
                                  "empty id on a frame that is not a filter annotation frame"))
        for pos, choice in enumerate(event.get("choices") or []):
            if not isinstance(choice, dict):
                continue
            if choice.get("finish_reason") is not None:
                terminal = True
            offsets = choice.get("content_filter_offsets")
            check = offsets.get("check_offset") if isinstance(offsets, dict) else None
            if isinstance(check, int):
                slot = choice.get("index", pos)
                if check < last_check.get(slot, check):
                    failures.append(f"event[{index}].choices[{pos}].content_filter_offsets.check_offset went "
                                    f"back from {last_check[slot]} to {check}; documented never decreasing")
                last_check[slot] = max(check, last_check.get(slot, check))
    if len(ids) > 1:
        failures.append(f"stream carries {sample(ids, 'ids')}; documented one id per stream")
    if not terminal:
        failures.append("no frame with a non-null `finish_reason` before `[DONE]` (stream cut short?)")
    if done_at is None:
        failures.append("stream ended without its terminal `data: [DONE]` event")
    return failures, drift


def responses_stream_drift(events: Sequence[Event], surface: str | None = None) -> tuple[list[str], list[Drift]]:
    """Contract failures and drift of one Responses stream: sequence numbers, first and last event types."""
    failures: list[str] = []
    drift: list[Drift] = []
    payloads = [(i, e) for i, e in enumerate(events) if isinstance(e, dict)]
    if not payloads:
        return ["stream carried no events"], drift
    previous: int | None = None
    for index, event in payloads:
        number = event.get("sequence_number")
        if isinstance(number, int):
            if previous is not None and number <= previous:
                failures.append(f"event[{index}].sequence_number is {number} after {previous}; "
                                "documented strictly increasing")
            previous = number
    first, last = payloads[0][1].get("type"), payloads[-1][1].get("type")
    if first != "response.created":
        failures.append(f"first event is {first!r}, documented `response.created`")
    if last not in TERMINAL_RESPONSE_EVENTS:
        failures.append(f"last event is {last!r}, documented one of {list(TERMINAL_RESPONSE_EVENTS)}")
    if DONE in events:
        drift.append(Drift.of(DriftKind.STREAM_RULE, f"event[{events.index(DONE)}]", RESPONSES_SOURCE,
                              "Responses stream sent `[DONE]`, which the Responses API does not document"))
    return failures, drift

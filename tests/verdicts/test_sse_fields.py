"""SSE details the event model exposes (WHATWG HTML §9.2.6): absent fields stay absent, events are numbered
in dispatch order, and a `data` payload that is not JSON is reported with its event number and its start."""

from __future__ import annotations

import pytest

from conformance.verdicts import sse


def test_fields_never_sent_are_none() -> None:
    [event] = sse.parse(b"data: {}\n\n")
    assert event.event is None and event.id is None and event.retry is None


def test_an_empty_id_field_is_an_empty_last_event_id() -> None:
    """`id:` with no value resets the last event id to the empty string (it is not 'no id')."""
    [event] = sse.parse(b"id\ndata: {}\n\n")
    assert event.id == ""


def test_events_are_numbered_in_dispatch_order() -> None:
    events = sse.parse(b": c\n\ndata: 1\n\nevent: x\n\ndata: 2\n\ndata: [DONE]\n\n")
    assert [(e.index, e.data) for e in events] == [(0, "1"), (1, "2"), (2, "[DONE]")]


def test_a_non_json_payload_names_its_event_and_start() -> None:
    with pytest.raises(sse.SSEParseError) as caught:
        sse.parse(b"data: {}\n\ndata: " + b"x" * 100 + b"\n\n")
    assert str(caught.value) == f"event 1 data is not JSON: {'x' * 80!r}"

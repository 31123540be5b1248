"""Server-sent events as received, parsed per the HTML SSE spec; each `data` payload parsed as JSON.

The rules (WHATWG HTML §9.2.6 "Interpreting an event stream"): lines end with CRLF, LF or CR only (never
U+2028, U+2029 or U+0085, which str.splitlines() would also split on, breaking JSON text that holds them);
a leading BOM is dropped; `:` starts a comment; a line without `:` is a field with an empty value; one
space after the colon is dropped; `data` lines are joined with LF; `event` names the event; `id` sets the
last event id (unless it holds NUL); `retry` sets the reconnection time (ASCII digits only); a blank line
dispatches the event, and an event with no data is not dispatched. At the end of the body an unterminated
line or event is discarded, as a browser (and the SDK's decoder) would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

DONE = "[DONE]"
_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Event:
    """One SSE event: its `event:` name (if any), raw data text, the parsed JSON (None for [DONE]),
    the last event id in effect when it was dispatched, and the reconnection time if one was set."""

    index: int
    event: str | None
    data: str
    json: Any
    id: str | None = None
    retry: int | None = None

    @property
    def is_done(self) -> bool:
        return self.data == DONE


class SSEParseError(ValueError):
    """A `data:` payload that is neither JSON nor [DONE]."""


def lines(text: str) -> list[str]:
    """The complete lines of an event stream: split on CRLF, LF or CR; an unterminated last line is dropped."""
    return _EOL.split(text)[:-1]


def parse(body: bytes) -> list[Event]:
    """Split a text/event-stream body into dispatched events (UnicodeDecodeError if it is not UTF-8)."""
    text = body.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    events: list[Event] = []
    name: str | None = None
    data: list[str] = []
    last_id: str | None = None
    retry: int | None = None

    def dispatch() -> None:
        nonlocal name, data
        if data:
            payload = "\n".join(data)
            if payload == DONE:
                parsed = None
            else:
                try:
                    parsed = json.loads(payload)
                except ValueError as exc:
                    raise SSEParseError(f"event {len(events)} data is not JSON: {payload[:80]!r}") from exc
            events.append(Event(len(events), name, payload, parsed, last_id, retry))
        name, data = None, []

    for line in lines(text):
        if not line:
            dispatch()
            continue
        if line.startswith(":"):
            continue  # a comment (keep-alive)
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "data":
            data.append(value)
        elif field == "event":
            name = value
        elif field == "id" and "\0" not in value:  # an id holding NUL is ignored
            last_id = value
        elif field == "retry" and value.isascii() and value.isdigit():
            retry = int(value)
        # any other field name is ignored, as the spec says
    return events  # an event not closed by a blank line is never dispatched

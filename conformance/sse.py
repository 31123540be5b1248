"""Server-sent events as received: the raw body split into events, each `data:` payload parsed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DONE = "[DONE]"


@dataclass(frozen=True)
class Event:
    """One SSE event: its `event:` name (if any), raw data text, and the parsed JSON (None for [DONE])."""

    index: int
    event: str | None
    data: str
    json: Any

    @property
    def is_done(self) -> bool:
        return self.data == DONE


class SSEParseError(ValueError):
    """A `data:` payload that is neither JSON nor [DONE]."""


def parse(body: bytes) -> list[Event]:
    """Split a text/event-stream body into events (blank-line separated, `data:` lines joined)."""
    text = body.decode("utf-8")
    events: list[Event] = []
    name: str | None = None
    data: list[str] = []

    def flush() -> None:
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
            events.append(Event(len(events), name, payload, parsed))
        name, data = None, []

    for line in text.splitlines():
        if not line:
            flush()
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                data.append(value)
            elif field == "event":
                name = value
    flush()
    return events

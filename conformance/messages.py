"""Readable row messages: failures summarised, long lists sampled, every message capped in one place.

A stream of 384 events can fail the same rule in every event; listing each (or every chunk id) made one
message 100,000 characters and report.json 2 MB. Here the same failure at different event indexes is one
line with a count and the first indexes, lists are sampled ("384 different ids; first 3: …"), and
`cap` bounds any message (CaseResult applies it to every message it is given).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

MESSAGE_LIMIT = 2000  # characters; a row's message never exceeds it
# What the listed failures may take: a few distinct failures, readable at a glance; the hard cap leaves room
# for the classification tail and keeps a run where every case fails small (228 rows, report.json < 500 KB).
SUMMARY_BUDGET = 600
LINE_LIMIT = 1000  # one failure (the first is always listed, e.g. a 401 quoting the server's body)
SHOWN = 3  # items named when a list or a repeated failure is sampled
_EVENT = re.compile(r"event\[(\d+)\]")


def cap(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    tail = f" … [{len(text)} characters, cut to {limit}]"
    return text[: limit - len(tail)] + tail


def sample(values: Collection[str], noun: str, shown: int = SHOWN) -> str:
    """`384 different ids; first 3: 'a', 'b', 'c'` (all of them when there are no more than `shown`)."""
    ordered = sorted(values)
    head = ", ".join(repr(v[:80]) for v in ordered[:shown])
    if len(ordered) <= shown:
        return f"{len(ordered)} different {noun}: {head}"
    return f"{len(ordered)} different {noun}; first {shown}: {head}"


def _group(failures: Sequence[str]) -> list[tuple[str, list[int], str]]:
    """(pattern with `event[*]`, event indexes, first text) per distinct failure, in first-seen order."""
    groups: dict[str, tuple[list[int], str]] = {}
    for text in failures:
        indexes = [int(i) for i in _EVENT.findall(text)[:1]]
        pattern = _EVENT.sub("event[*]", text, count=1)
        seen, _ = groups.setdefault(pattern, ([], text))
        seen.extend(indexes)
    return [(pattern, seen, first) for pattern, (seen, first) in groups.items()]


def _line(pattern: str, indexes: list[int], first: str) -> str:
    if len(indexes) <= 1:
        return first
    named = ", ".join(f"event[{i}]" for i in indexes[:SHOWN])
    more = ", …" if len(indexes) > SHOWN else ""
    return f"{pattern} (in {len(indexes)} events: {named}{more})"


def summarise(failures: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """The message for a case's contract failures, and the counts behind it (empty when nothing was cut)."""
    groups = _group(failures)
    lines: list[str] = []
    used = 0
    for pattern, indexes, first in groups:
        line = cap(_line(pattern, indexes, first), LINE_LIMIT)
        if lines and used + len(line) > SUMMARY_BUDGET:
            break
        lines.append(line)
        used += len(line) + 2
    left = len(groups) - len(lines)
    if left:
        lines.append(f"… and {left} more distinct failure(s)")
    summarised = len(groups) < len(failures) or left > 0
    details = {"failures": len(failures), "distinct_failures": len(groups), "listed": len(lines) - bool(left)}
    return "; ".join(lines), details if summarised else {}

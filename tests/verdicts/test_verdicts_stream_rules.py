"""Stream rules across events: one id, non-decreasing offsets, a terminal frame, [DONE] last; Responses order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.stream_rules import chat_stream_drift, responses_stream_drift

PROMPT = {"id": "", "object": "", "created": 0, "model": "", "choices": [], "prompt_filter_results": []}


def chunk(content: str | None = "x", finish: str | None = None, cid: str = "c1") -> dict[str, Any]:
    delta = {} if content is None else {"content": content}
    return {"id": cid, "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def annotation(check: int, finish: str | None = None) -> dict[str, Any]:
    return {"id": "", "object": "", "created": 0, "model": "", "choices": [
        {"index": 0, "finish_reason": finish, "content_filter_results": {},
         "content_filter_offsets": {"check_offset": check, "start_offset": 0, "end_offset": check}}]}


def test_every_corpus_stream_is_accepted(corpus: list[Path]) -> None:
    checked = 0
    for path in corpus:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["operation"] == "chat.completions.stream":
            assert chat_stream_drift(data["sse"], data["api_version"]) == ([], []), path.name
            checked += 1
        elif data["operation"] == "responses.stream":
            assert responses_stream_drift(data["sse"])[0] == [], path.name
            checked += 1
    assert checked >= 9


def test_documented_async_filter_stream_passes() -> None:
    events = [PROMPT, chunk("a"), annotation(10), chunk("b"), annotation(20), chunk(None, "stop"), annotation(20),
              "[DONE]"]
    assert chat_stream_drift(events) == ([], [])


def test_two_ids_fail() -> None:
    failures, _ = chat_stream_drift([chunk("a"), chunk("b", cid="c2"), chunk(None, "stop"), "[DONE]"])
    assert any("2 different ids" in f for f in failures)


def test_decreasing_check_offset_fails() -> None:
    failures, _ = chat_stream_drift([chunk("a"), annotation(20), annotation(10), chunk(None, "stop"), "[DONE]"])
    assert any("check_offset went back from 20 to 10" in f for f in failures)


def test_terminal_frame_and_done_are_required() -> None:
    assert any("finish_reason" in f for f in chat_stream_drift([chunk("a"), "[DONE]"])[0])
    assert any("[DONE]" in f for f in chat_stream_drift([chunk("a"), chunk(None, "stop")])[0])
    assert any("after the terminal" in f for f in chat_stream_drift([chunk(None, "stop"), "[DONE]", chunk("x")])[0])


def test_blocked_stream_ends_with_an_annotation_frame() -> None:
    assert chat_stream_drift([PROMPT, chunk("a"), annotation(5, "content_filter"), "[DONE]"]) == ([], [])


def test_empty_id_on_a_content_frame_is_drift() -> None:
    failures, drift = chat_stream_drift([chunk("a", cid=""), chunk(None, "stop"), "[DONE]"])
    assert failures == [] and [d.kind.value for d in drift] == ["stream-rule"]


def test_responses_order_rules() -> None:
    def ev(kind: str, n: int | None) -> dict[str, Any]:
        return {"type": kind} | ({} if n is None else {"sequence_number": n})

    good = [ev("response.created", 0), ev("response.output_text.delta", 1), ev("response.completed", 2)]
    assert responses_stream_drift(good) == ([], [])
    assert any("strictly increasing" in f for f in responses_stream_drift(
        [ev("response.created", 0), ev("response.output_text.delta", 2), ev("response.completed", 2)])[0])
    assert any("first event" in f for f in responses_stream_drift([ev("response.in_progress", 0),
                                                                   ev("response.completed", 1)])[0])
    assert any("last event" in f for f in responses_stream_drift([ev("response.created", 0),
                                                                  ev("response.output_text.delta", 1)])[0])
    failures, drift = responses_stream_drift([*good, "[DONE]"])
    assert failures == [] and drift[0].kind.value == "stream-rule"

"""Stream rules, row by row: every failure and drift names its event and, for drift, the documenting source.

docs content-streaming (spec-notes §3e): the first chat frame is the prompt-annotation frame (`choices: []`),
annotation frames carry id "", each choice's `content_filter_offsets.check_offset` never decreases, one id per
stream, a non-null `finish_reason` and then `data: [DONE]` end it. Responses streams (spec v1
OpenAI.ResponseStreamEvent): strictly increasing `sequence_number`, `response.created` first, a terminal
event last, and no `[DONE]`.
"""

from __future__ import annotations

from typing import Any

from conformance.verdicts.drift import Drift, DriftKind
from conformance.verdicts.stream_rules import (
    RESPONSES_SOURCE,
    STREAM_DOC,
    chat_stream_drift,
    responses_stream_drift,
)

DONE = "[DONE]"
PROMPT = {"id": "", "object": "", "created": 0, "model": "", "choices": [], "prompt_filter_results": []}
FIRST_FRAME = Drift.of(DriftKind.STREAM_RULE, "event[0]", STREAM_DOC,
                       "first frame is not the documented empty-`choices` frame carrying `prompt_filter_results`")
NO_TERMINAL = "no frame with a non-null `finish_reason` before `[DONE]` (stream cut short?)"
NO_DONE = "stream ended without its terminal `data: [DONE]` event"


def chunk(finish: str | None = None, cid: str = "c1", choices: list[Any] | None = None) -> dict[str, Any]:
    return {"id": cid, "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": choices if choices is not None else [{"index": 0, "delta": {}, "finish_reason": finish}]}


def offsets(index: int, check: int, finish: str | None = None) -> dict[str, Any]:
    return {"index": index, "finish_reason": finish, "content_filter_results": {},
            "content_filter_offsets": {"check_offset": check, "start_offset": 0, "end_offset": check}}


def annotation(*choices: dict[str, Any]) -> dict[str, Any]:
    return {"id": "", "object": "", "created": 0, "model": "", "choices": list(choices)}


def test_the_missing_first_frame_row() -> None:
    assert chat_stream_drift([chunk("stop"), DONE], "v1") == ([], [FIRST_FRAME])


def test_an_empty_stream_fails_both_end_rules_and_misses_the_first_frame() -> None:
    assert chat_stream_drift([], "v1") == ([NO_TERMINAL, NO_DONE], [FIRST_FRAME])
    assert chat_stream_drift([]) == ([NO_TERMINAL, NO_DONE], [])


def test_each_choice_index_has_its_own_offsets() -> None:
    """With n=2 each choice is filtered separately; its annotation may arrive in any position."""
    events = [PROMPT, annotation(offsets(0, 20)), annotation(offsets(1, 5)),
              annotation(offsets(1, 8), offsets(0, 25, "stop")), chunk("stop"), DONE]
    assert chat_stream_drift(events, "v1") == ([], [])


def test_every_decrease_below_the_highest_offset_seen_fails() -> None:
    events = [PROMPT, annotation(offsets(0, 20)), annotation(offsets(0, 10)), annotation(offsets(0, 15)),
              chunk("stop"), DONE]
    assert chat_stream_drift(events, "v1")[0] == [
        "event[2].choices[0].content_filter_offsets.check_offset went back from 20 to 10; documented never decreasing",
        "event[3].choices[0].content_filter_offsets.check_offset went back from 20 to 15; documented never decreasing",
    ]


def test_data_after_done_names_the_first_done_and_every_late_event() -> None:
    events = [PROMPT, chunk("stop"), DONE, DONE, chunk(), chunk()]
    assert chat_stream_drift(events, "v1")[0] == [
        "event[4]: data after the terminal `[DONE]` (event[2])",
        "event[5]: data after the terminal `[DONE]` (event[2])",
    ]


def test_a_payload_that_is_not_an_object_fails_and_the_rest_is_still_judged() -> None:
    assert chat_stream_drift([PROMPT, [1], chunk("stop"), DONE], "v1") == (
        ["event[1]: payload is neither a JSON object nor [DONE]"], [])


def test_a_non_object_choice_is_skipped_not_the_frame() -> None:
    assert chat_stream_drift([PROMPT, chunk(choices=["x", {"index": 1, "delta": {}, "finish_reason": "stop"}]),
                              DONE], "v1") == ([], [])


def test_an_empty_id_on_a_content_frame_row() -> None:
    assert chat_stream_drift([PROMPT, chunk(cid=""), chunk("stop"), DONE], "v1") == ([], [Drift.of(
        DriftKind.STREAM_RULE, "event[1].id", STREAM_DOC, "empty id on a frame that is not a filter annotation frame")])


def test_end_rule_failures_read_as_documented() -> None:
    assert chat_stream_drift([PROMPT, chunk()], "v1")[0] == [NO_TERMINAL, NO_DONE]


# --- Responses ---------------------------------------------------------------------------------------------

def event(kind: str, number: int | None = None) -> dict[str, Any]:
    return {"type": kind} if number is None else {"type": kind, "sequence_number": number}


def test_a_responses_stream_without_events() -> None:
    assert responses_stream_drift([]) == (["stream carried no events"], [])
    assert responses_stream_drift([DONE]) == (["stream carried no events"], [])


def test_a_repeated_sequence_number_fails_as_not_strictly_increasing() -> None:
    events = [event("response.created", 0), event("response.output_text.delta", 1),
              event("response.output_text.delta", 1), event("response.completed", 2)]
    assert responses_stream_drift(events) == (
        ["event[2].sequence_number is 1 after 1; documented strictly increasing"], [])


def test_done_in_a_responses_stream_is_drift_at_its_index() -> None:
    events = [event("response.created", 0), event("response.completed", 1), DONE]
    assert responses_stream_drift(events) == ([], [Drift.of(
        DriftKind.STREAM_RULE, "event[2]", RESPONSES_SOURCE,
        "Responses stream sent `[DONE]`, which the Responses API does not document")])


def test_first_and_last_event_types() -> None:
    assert responses_stream_drift([event("response.in_progress"), event("response.output_text.delta")])[0] == [
        "first event is 'response.in_progress', documented `response.created`",
        "last event is 'response.output_text.delta', documented one of "
        "['response.completed', 'response.failed', 'response.incomplete']",
    ]
    for last in ("response.completed", "response.failed", "response.incomplete"):
        assert responses_stream_drift([event("response.created"), event(last)]) == ([], [])

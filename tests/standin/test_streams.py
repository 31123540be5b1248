"""Chat and Responses streams are framed as Azure frames them."""

from __future__ import annotations

import json

import openai

from conformance.standin import StandIn, bodies

CHAT = [{"role": "user", "content": "When was Microsoft founded?"}]


def _frames(server: StandIn, path: str, body: dict[str, object], query: str = "") -> list[str]:
    import httpx2

    with httpx2.Client(base_url=server.url, headers={"api-key": "k"}) as client:
        response = client.post(path + query, json=body)
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        return [frame for frame in response.text.split("\n\n") if frame]


def test_chat_stream_prompt_frame_then_content(v1: openai.OpenAI) -> None:
    stream = v1.chat.completions.create(model="gpt-4o", messages=CHAT, stream=True,  # type: ignore[arg-type]
                                        stream_options={"include_usage": True})
    chunks = list(stream)
    first = chunks[0]
    assert first.choices == [] and first.id == "" and "prompt_filter_results" in (first.model_extra or {})
    role = chunks[1].choices[0]
    assert role.delta.role == "assistant" and (role.model_extra or {})["content_filter_results"] == {}
    content = [c for c in chunks[2:] if c.choices and c.choices[0].delta.content]
    assert "".join(c.choices[0].delta.content or "" for c in content) == "".join(bodies.STREAM_PIECES)
    assert {c.id for c in chunks[1:]} == {bodies.CHAT_ID}
    assert all(len((c.choices[0].model_extra or {})["content_filter_results"]) == 4 for c in content)
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage is not None


def test_chat_stream_wire_ends_with_done(standin: StandIn) -> None:
    frames = _frames(standin, "/openai/deployments/gpt-4o/chat/completions",
                     {"messages": CHAT, "stream": True}, "?api-version=2024-10-21")
    assert all(frame.startswith("data: ") for frame in frames)
    assert frames[-1] == "data: [DONE]"
    assert json.loads(frames[0][6:])["choices"] == []


def test_chat_stream_async_filter(v1: openai.OpenAI) -> None:
    stream = v1.chat.completions.create(model="gpt-4o", messages=CHAT, stream=True,  # type: ignore[arg-type]
                                        extra_query={"standin-scenario": "async_filter"})
    chunks = list(stream)
    annotations = [c for c in chunks if c.id == "" and c.choices]
    assert len(annotations) >= 2
    offsets = []
    for chunk in annotations:
        choice = chunk.choices[0]
        assert "delta" not in choice.model_fields_set
        extra = choice.model_extra or {}
        assert set(extra["content_filter_results"]) == {"hate", "self_harm", "sexual", "violence"}
        offsets.append(extra["content_filter_offsets"]["check_offset"])
    assert offsets == sorted(offsets) and annotations[-1].choices[0].finish_reason == "stop"
    content = [c for c in chunks if c.id and c.choices and c.choices[0].delta.content]
    assert content and all("content_filter_results" not in (c.choices[0].model_extra or {}) for c in content)


def test_responses_stream_events_in_order(v1: openai.OpenAI, azure: openai.AzureOpenAI) -> None:
    for client in (v1, azure):
        events = list(client.responses.create(model="gpt-4.1-nano", input="This is a test.", stream=True))
        types = [event.type for event in events]
        assert types[:4] == ["response.created", "response.in_progress", "response.output_item.added",
                             "response.content_part.added"]
        assert types[-4:] == ["response.output_text.done", "response.content_part.done",
                              "response.output_item.done", "response.completed"]
        deltas = [e for e in events if e.type == "response.output_text.delta"]
        assert len(deltas) > 1 and "".join(e.delta for e in deltas) == bodies.RESPONSE_TEXT
        assert [e.sequence_number for e in events] == list(range(len(events)))
        assert events[-1].response.output_text == bodies.RESPONSE_TEXT  # type: ignore[union-attr]


def test_responses_stream_wire_has_event_lines_and_no_done(standin: StandIn) -> None:
    frames = _frames(standin, "/openai/v1/responses", {"model": "gpt-4.1-nano", "input": "x", "stream": True})
    assert all(frame.startswith("event: response.") for frame in frames)
    assert "[DONE]" not in frames[-1]


def test_responses_stream_helper(v1: openai.OpenAI) -> None:
    with v1.responses.stream(model="gpt-4.1-nano", input="This is a test.") as stream:
        final = stream.get_final_response()
    assert final.output_text == bodies.RESPONSE_TEXT

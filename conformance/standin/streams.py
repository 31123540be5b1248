"""Server-sent event framing for chat completion and Responses API streams, as Azure sends them."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conformance.standin import bodies

DONE = b"data: [DONE]\n\n"
SSE_ERROR = {"error": {"code": "server_error",
                       "message": "The server had an error while processing your request."}}


@dataclass(frozen=True)
class Json:
    body: dict[str, Any]
    status: int = 200


@dataclass(frozen=True)
class Binary:
    content: bytes
    media_type: str


@dataclass(frozen=True)
class Stream:
    frames: list[bytes]
    truncated: list[bytes]
    errored: list[bytes]


Reply = Json | Binary | Stream


def data_frame(payload: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def event_frame(payload: dict[str, Any]) -> bytes:
    return f"event: {payload['type']}\n".encode() + data_frame(payload)


def _chunk(kind: str, choices: list[dict[str, Any]], usage: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": bodies.CHAT_ID, "object": "chat.completion.chunk", "created": bodies.CHAT_CREATED,
            "model": bodies.MODELS[kind][1], "system_fingerprint": bodies.FINGERPRINT, "choices": choices,
            "usage": usage}


def _annotation(check_offset: int, start_offset: int, finish_reason: str | None) -> dict[str, Any]:
    # Asynchronous-filter annotation frames carry no delta and blank id/object/model (content-streaming doc).
    return {"id": "", "object": "", "created": 0, "model": "", "choices": [{
        "index": 0, "finish_reason": finish_reason, "content_filter_results": bodies.filters(),
        "content_filter_offsets": {"check_offset": check_offset, "start_offset": start_offset,
                                   "end_offset": check_offset}}]}


def chat_frames(kind: str, *, async_filter: bool = False, include_usage: bool = False) -> list[bytes]:
    """All frames of a complete chat stream, [DONE] included."""
    prompt = {"id": "", "object": "", "created": 0, "model": "",
              "prompt_filter_results": bodies.prompt_filters(), "choices": []}
    frames = [data_frame(prompt), data_frame(_chunk(kind, [{
        "index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None, "logprobs": None,
        "content_filter_results": {}}]))]
    offset = checked = 0
    half = len(bodies.STREAM_PIECES) // 2
    for number, piece in enumerate(bodies.STREAM_PIECES, start=1):
        choice: dict[str, Any] = {"index": 0, "delta": {"content": piece}, "finish_reason": None,
                                  "logprobs": None}
        if not async_filter:
            choice["content_filter_results"] = bodies.filters()
        frames.append(data_frame(_chunk(kind, [choice])))
        offset += len(piece)
        if async_filter and number == half:
            frames.append(data_frame(_annotation(offset, checked, None)))
            checked = offset
    stop = {"index": 0, "delta": {}, "finish_reason": "stop", "logprobs": None, "content_filter_results": {}}
    frames.append(data_frame(_chunk(kind, [stop])))
    if async_filter:
        frames.append(data_frame(_annotation(offset, checked, "stop")))
    if include_usage:
        completion_tokens = len(bodies.STREAM_PIECES) * 3
        usage = {"completion_tokens": completion_tokens, "prompt_tokens": 22,
                 "total_tokens": 22 + completion_tokens}
        frames.append(data_frame(_chunk(kind, [], usage)))
    frames.append(DONE)
    return frames


def _split(text: str, parts: int = 4) -> list[str]:
    words = text.split(" ")
    size = max(1, -(-len(words) // parts))
    pieces = [" ".join(words[i:i + size]) for i in range(0, len(words), size)]
    return [piece if i == 0 else " " + piece for i, piece in enumerate(pieces)]


def response_events(final: dict[str, Any]) -> list[dict[str, Any]]:
    """The Responses API event sequence that builds up ``final``; sequence numbers start at 0."""
    pending = copy.deepcopy(final)
    pending.update(status="in_progress", output=[], usage=None)
    events: list[dict[str, Any]] = [{"type": "response.created", "response": pending},
                                    {"type": "response.in_progress", "response": pending}]
    for index, item in enumerate(final["output"]):
        if item["type"] != "message":
            events += [{"type": "response.output_item.added", "output_index": index, "item": item},
                       {"type": "response.output_item.done", "output_index": index, "item": item}]
            continue
        where = {"item_id": item["id"], "output_index": index, "content_index": 0}
        text = item["content"][0]["text"]
        part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
        events += [{"type": "response.output_item.added", "output_index": index,
                    "item": {**item, "status": "in_progress", "content": []}},
                   {"type": "response.content_part.added", **where, "part": part}]
        events += [{"type": "response.output_text.delta", **where, "delta": piece, "logprobs": []}
                   for piece in _split(text)]
        events += [{"type": "response.output_text.done", **where, "text": text, "logprobs": []},
                   {"type": "response.content_part.done", **where, "part": {**part, "text": text}},
                   {"type": "response.output_item.done", "output_index": index, "item": item}]
    events.append({"type": "response.completed", "response": final})
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def response_frames(final: dict[str, Any]) -> list[bytes]:
    return [event_frame(event) for event in response_events(final)]


def response_error_frame(sequence_number: int) -> bytes:
    error = SSE_ERROR["error"]
    return event_frame({"type": "error", "code": error["code"], "message": error["message"], "param": None,
                        "sequence_number": sequence_number})


def cut(frames: list[bytes]) -> list[bytes]:
    """The first half of a stream: never reaches its terminal frame."""
    return frames[: max(1, len(frames) // 2)]


def with_error(frames: list[bytes], responses: bool) -> list[bytes]:
    head = cut(frames)
    return [*head, response_error_frame(len(head)) if responses else data_frame(SSE_ERROR)]


def _stream(frames: list[bytes], responses: bool) -> Stream:
    return Stream(frames, cut(frames), with_error(frames, responses))


def _chat(kind: str, payload: dict[str, Any], async_filter: bool) -> Reply:
    if payload.get("stream") is True:
        include_usage = bool((payload.get("stream_options") or {}).get("include_usage"))
        return _stream(chat_frames(kind, async_filter=async_filter, include_usage=include_usage), False)
    raw = payload.get("messages")
    messages: list[Any] = raw if isinstance(raw, list) else []
    parts = [part for message in messages if isinstance(message, dict)
             and isinstance(message.get("content"), list) for part in message["content"]]
    image = any(isinstance(part, dict) and part.get("type") == "image_url" for part in parts)
    reasoning = kind == "reasoning" or "reasoning_effort" in payload or "max_completion_tokens" in payload
    return Json(bodies.chat_completion(kind, image_input=image, reasoning=reasoning))


def _responses(kind: str, payload: dict[str, Any], async_filter: bool) -> Reply:
    final = bodies.response(kind, payload)
    return _stream(response_frames(final), True) if payload.get("stream") is True else Json(final)


def _transcription(kind: str, payload: dict[str, Any], async_filter: bool) -> Reply:
    if payload.get("response_format") == "text":
        return Binary(bodies.TRANSCRIPT.encode() + b"\n", "text/plain; charset=utf-8")
    return Json({"text": bodies.TRANSCRIPT})


def _fine_tuning_job(kind: str, payload: dict[str, Any], async_filter: bool) -> Reply:
    message = f"The specified training file '{payload.get('training_file')}' does not exist."
    return Json({"error": {"code": "invalidPayload", "message": message, "param": "training_file",
                           "type": "invalid_request_error"}}, 400)


Builder = Callable[[str, dict[str, Any], bool], Reply]
# The normal reply per endpoint, keyed by the service's operation name (catalog Endpoint.operation_name).
REPLIES: Mapping[str, Builder] = {
    "AudioSpeech_Create": lambda kind, payload, _: Binary(bodies.SPEECH_MP3, "audio/mpeg"),
    "AudioTranscriptions_Create": _transcription,
    "ChatCompletions_Create": _chat,
    "Completions_Create": lambda kind, payload, _: Json(bodies.completion(kind)),
    "Embeddings_Create": lambda kind, payload, _: Json(bodies.embeddings(kind, payload)),
    "FineTuningJobs_Create": _fine_tuning_job,
    "ImageGenerations_Create": lambda kind, payload, _: Json(bodies.images(payload)),
    "Responses_Create": _responses,
}


def build_reply(operation_name: str, kind: str, payload: dict[str, Any], async_filter: bool = False) -> Reply:
    """The normal reply for the endpoint the service calls ``operation_name``, shaped by the request."""
    return REPLIES[operation_name](kind, payload, async_filter)

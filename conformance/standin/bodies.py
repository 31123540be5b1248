"""Example response bodies, modelled on the example outputs printed in the Azure OpenAI Python docs."""

from __future__ import annotations

import base64
import struct
from typing import Any

# kind -> (model name as the Responses API reports it, dated model name as chat/completions report it)
MODELS: dict[str, tuple[str, str]] = {
    "chat": ("gpt-4o", "gpt-4o-2024-08-06"),
    "responses": ("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14"),
    "reasoning": ("o4-mini", "o4-mini-2025-04-16"),
    "frontier": ("gpt-5", "gpt-5-2025-08-07"),
    "embeddings": ("text-embedding-3-large", "text-embedding-3-large"),
    "image": ("dall-e-3", "dall-e-3"),
    "completions": ("gpt-35-turbo-instruct", "gpt-35-turbo-instruct"),
    "tts": ("tts-hd", "tts-hd"),
    "transcription": ("whisper", "whisper"),
}

CHAT_ID = "chatcmpl-AUhZ11g6aNb1Nnxjp4hFUNcszw3uf"
CHAT_CREATED = 1731880663
FINGERPRINT = "fp_04751d0b65"
CHAT_TEXT = "Microsoft was founded on April 4, 1975, by Bill Gates and Paul Allen in Albuquerque, New Mexico."
STREAM_PIECES = ("Microsoft", " was founded", " on April 4,", " 1975, by", " Bill Gates and", " Paul Allen.")
IMAGE_TEXT = (
    "This image is a watercolor painting of a city skyline, featuring a prominent tower that resembles the "
    "Space Needle, which is located in Seattle. The painting uses a blend of colors to depict the cityscape "
    "and sky."
)
RESPONSE_TEXT = "Hello! I see you've sent a message saying \"This is a test.\" How can I assist you today?"
MCP_TEXT = (
    "Here is a summary of Azure Functions based on official Microsoft documentation:\n\n"
    "## What is Azure Functions?\nAzure Functions is a serverless compute service that enables you to run "
    "event-driven code without managing infrastructure."
)
EMBEDDING = (0.009098228, -0.010369237, -0.00048062875, -0.014328566, 0.019677775, 0.010049199,
             -0.005600668, 0.003858746, -0.007818076, 0.012554641, 0.005134327, 0.004514824,
             -0.020262988, -0.0039181816, 0.025475038, 0.016733425)
TRANSCRIPT = "Testing, testing, one, two, three."
SAFE = {"filtered": False, "severity": "safe"}


def filters(*, jailbreak: bool = False, profanity: bool = False) -> dict[str, Any]:
    """The four severity categories, with the detection-only ones the docs show for prompts."""
    result: dict[str, Any] = {"hate": dict(SAFE)}
    if jailbreak:
        result["jailbreak"] = {"filtered": False, "detected": False}
    if profanity:
        result["profanity"] = {"detected": False, "filtered": False}
    result.update(self_harm=dict(SAFE), sexual=dict(SAFE), violence=dict(SAFE))
    return result


def prompt_filters() -> list[dict[str, Any]]:
    return [{"prompt_index": 0, "content_filter_results": filters(jailbreak=True)}]


def chat_completion(kind: str, *, image_input: bool = False, reasoning: bool = False) -> dict[str, Any]:
    usage: dict[str, Any] = {"completion_tokens": 24, "prompt_tokens": 22, "total_tokens": 46,
                             "completion_tokens_details": None, "prompt_tokens_details": None}
    body: dict[str, Any] = {
        "id": CHAT_ID,
        "choices": [{
            "finish_reason": "stop", "index": 0, "logprobs": None,
            "message": {"content": CHAT_TEXT, "refusal": None, "role": "assistant",
                        "function_call": None, "tool_calls": None},
            "content_filter_results": filters(),
        }],
        "created": CHAT_CREATED, "model": MODELS[kind][1], "object": "chat.completion",
        "service_tier": None, "system_fingerprint": FINGERPRINT, "usage": usage,
        "prompt_filter_results": prompt_filters(),
    }
    if image_input:
        body.update(id="chatcmpl-AUisNBsjzPisMbx3k5Uz5SOKN63KN", created=1731885707)
        body["choices"][0]["message"]["content"] = IMAGE_TEXT
        usage.update(completion_tokens=42, prompt_tokens=639, total_tokens=681)
        images = {k: dict(SAFE) for k in ("sexual", "violence", "hate", "self_harm")}
        body["prompt_filter_results"] = [
            {"prompt_index": 0,
             "content_filter_results": {"jailbreak": {"filtered": False, "detected": False}}},
            {"prompt_index": 1, "content_filter_results": images},
        ]
    if reasoning:
        usage.update(completion_tokens=216, total_tokens=238, prompt_tokens_details={
            "audio_tokens": 0, "cached_tokens": 0})
        usage["completion_tokens_details"] = {"accepted_prediction_tokens": 0, "audio_tokens": 0,
                                              "reasoning_tokens": 192, "rejected_prediction_tokens": 0}
        body["system_fingerprint"] = None
    return body


def completion(kind: str) -> dict[str, Any]:
    return {
        "id": "cmpl-AUlF8xymP0ngMlIgIEYlT7C3Igi2H",
        "choices": [{"finish_reason": "stop", "index": 0, "logprobs": None,
                     "text": "\n\nHello World!\n\nHello World!", "content_filter_results": filters()}],
        "created": 1731894806, "model": MODELS[kind][1], "object": "text_completion",
        "system_fingerprint": None,
        "usage": {"completion_tokens": 8, "prompt_tokens": 3, "total_tokens": 11,
                  "completion_tokens_details": None, "prompt_tokens_details": None},
        "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": filters()}],
    }


def message_item(text: str) -> dict[str, Any]:
    return {
        "id": "msg_088ffc6b5f37c64d0068e187d15f8c819495f84e214435175d",
        "content": [{"annotations": [], "text": text, "type": "output_text", "logprobs": []}],
        "role": "assistant", "status": "completed", "type": "message",
    }


def mcp_items(tool: dict[str, Any]) -> list[dict[str, Any]]:
    label = str(tool.get("server_label", "mcp"))
    return [
        {"type": "mcp_list_tools", "id": "mcpl_088ffc6b5f37c64d0068e187d0f1a88194a1c2b3d4e5f60718",
         "server_label": label, "error": None,
         "tools": [{"name": "microsoft_docs_search", "annotations": None,
                    "description": "Search official Microsoft/Azure documentation.",
                    "input_schema": {"type": "object", "properties": {"query": {"type": "string"}},
                                     "required": ["query"]}}]},
        {"type": "mcp_call", "id": "mcp_088ffc6b5f37c64d0068e187d11b7c8194b2c3d4e5f6071829",
         "name": "microsoft_docs_search", "arguments": '{"query":"Azure Functions overview"}',
         "server_label": label, "error": None, "status": "completed",
         "output": '[{"title":"What is Azure Functions?",'
                   '"contentUrl":"https://learn.microsoft.com/en-us/azure/azure-functions/functions-overview"}]'},
    ]


def response(kind: str, request: dict[str, Any]) -> dict[str, Any]:
    raw_tools = request.get("tools")
    tools: list[Any] = raw_tools if isinstance(raw_tools, list) else []
    mcp = [t for t in tools if isinstance(t, dict) and t.get("type") == "mcp"]
    reasoning = request.get("reasoning")
    effort = reasoning.get("effort") if isinstance(reasoning, dict) else None
    if effort is None and kind == "reasoning":
        effort = "medium"
    output: list[dict[str, Any]] = []
    output_details = {"reasoning_tokens": 0}
    if effort is not None:
        output.append({"id": "rs_088ffc6b5f37c64d0068e187d0d9a4819482f2b7a3e1c0d4b5", "type": "reasoning",
                       "summary": []})
        output_details["reasoning_tokens"] = 64
    if mcp:
        output.extend(mcp_items(mcp[0]))
    output.append(message_item(MCP_TEXT if mcp else RESPONSE_TEXT))
    output_tokens = 23 + output_details["reasoning_tokens"]
    return {
        "id": "resp_088ffc6b5f37c64d0068e187d0ceac819499c9331c2a02e92e",
        "created_at": 1759610832.0, "error": None, "incomplete_details": None,
        "instructions": request.get("instructions"), "metadata": {}, "model": MODELS[kind][0],
        "object": "response", "output": output, "parallel_tool_calls": True, "temperature": 1.0,
        "tool_choice": "auto", "tools": tools, "top_p": 1.0, "background": False, "conversation": None,
        "max_output_tokens": None, "max_tool_calls": None, "previous_response_id": None, "prompt": None,
        "prompt_cache_key": None, "reasoning": {"effort": effort, "generate_summary": None, "summary": None},
        "safety_identifier": None, "service_tier": "default", "status": "completed",
        "text": {"format": {"type": "text"}, "verbosity": "medium"}, "top_logprobs": 0,
        "truncation": "disabled",
        "usage": {"input_tokens": 11, "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens": output_tokens, "output_tokens_details": output_details,
                  "total_tokens": 11 + output_tokens},
        "user": None, "content_filters": None, "store": True,
    }


def embeddings(kind: str, request: dict[str, Any]) -> dict[str, Any]:
    inputs = request.get("input")
    count = len(inputs) if isinstance(inputs, list) and inputs and not isinstance(inputs[0], int) else 1
    vector: Any = list(EMBEDDING)
    if request.get("encoding_format") == "base64":
        vector = base64.b64encode(struct.pack(f"<{len(EMBEDDING)}f", *EMBEDDING)).decode("ascii")
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": i, "embedding": vector} for i in range(count)],
        "model": MODELS[kind][1], "usage": {"prompt_tokens": 7 * count, "total_tokens": 7 * count},
    }


def images(request: dict[str, Any]) -> dict[str, Any]:
    n = request.get("n")
    count = n if isinstance(n, int) and n > 0 else 1
    as_b64 = request.get("response_format") == "b64_json"
    blob = "https://dalleprodsec.blob.core.windows.net/private/images/5d0a8f2c-1f0e-4c53-9e2b-7a41c9d3e6b1"
    return {"created": 1731894125, "data": [{
        "b64_json": base64.b64encode(PNG_1X1).decode("ascii") if as_b64 else None,
        "revised_prompt": "A fluffy rabbit contentedly munching on a stack of miniature pancakes laid out on "
                          "a small plate just its size, set against the backdrop of a sunny meadow.",
        "url": None if as_b64 else f"{blob}/generated_{i:02d}.png?{SAS}",
        "content_filter_results": filters(),
        "prompt_filter_results": filters(profanity=True),
    } for i in range(count)]}


SAS = "se=2024-11-19T01%3A42%3A15Z&sig=c3RhbmQtaW4%3D"


def _mp3() -> bytes:
    # ID3v2.4 header, then MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each) of silence.
    frame = b"\xff\xfb\x90\x64" + bytes(413)
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + frame * 3


# A valid 1x1 white PNG, built by hand (signature, IHDR, IDAT, IEND).
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC")
SPEECH_MP3 = _mp3()

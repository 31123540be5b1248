"""Write tests/contract_corpus/*.json: hand-authored contract cases from the specs and docs.

The corpus must be independent of the schemas it judges, so this script never opens schemas/. Every base
instance below is transcribed from a doc example or a spec schema (see each `source`), and every required
field and type below is listed by hand from the cited spec definition. The script only saves typing: it
applies "drop this documented field" and "give this field a value of the wrong type" to the hand-written
bases. Re-run it after editing a table: `python scripts/author_contract_corpus.py`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "tests" / "contract_corpus"
Path_ = tuple[str | int, ...]

STABLE = "specs/azure-openai/stable-2024-10-21/inference.json#/components/schemas/"
PREVIEW = "specs/azure-openai/preview-2025-04-01-preview/inference.yaml#/components/schemas/"
V1 = "specs/azure-openai/v1/azure-v1-v1-generated.yaml#/components/schemas/"
D000 = "docs/000_94777f1e682e4747.txt"
D003 = "docs/003_3aad714f642376c2.txt"
NOTES = "design/spec-notes.md"
WRONG = {
    "string": 5,
    "integer": "1",
    "number": "1.5",
    "boolean": "false",
    "array": "x",
    "object": "x",
    "nullable-object": 7,
}


def case(description: str, source: str, instance: Any, valid: bool) -> dict[str, Any]:
    return {"description": description, "source": source, "instance": instance, "valid": valid}


def at(doc: Any, path: Path_) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def with_value(base: Any, path: Path_, value: Any) -> Any:
    if not path:  # the whole instance
        return copy.deepcopy(value)
    out = copy.deepcopy(base)
    at(out, path[:-1])[path[-1]] = value
    return out


def without(base: Any, path: Path_) -> Any:
    out = copy.deepcopy(base)
    del at(out, path[:-1])[path[-1]]
    return out


def show(path: Path_) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path) or "(root)"


def fields(
    base: Any, source: str, required: Iterable[Path_] = (), types: Iterable[tuple[Path_, str]] = (), prefix: Path_ = ()
) -> list[dict[str, Any]]:
    """The documented-field cases for one base: the base is valid; each required field absent, each typed
    field given a wrong type, is invalid."""
    out = [case(f"{show(prefix)} documented example is valid", source, base, True)]
    for path in required:
        full = prefix + path
        out.append(case(f"{show(full)} is required: absent -> invalid", source, without(base, full), False))
    for path, kind in types:
        full = prefix + path
        out.append(
            case(
                f"{show(full)} must be {kind}: {WRONG[kind]!r} -> invalid",
                source,
                with_value(base, full, WRONG[kind]),
                False,
            )
        )
    return out


# ----------------------------------------------------------------------------- content filters

SEV = {"filtered": False, "severity": "safe"}
DET = {"filtered": False, "detected": False}
CATEGORY = {  # category -> (result kind, example result, source)
    "hate": ("severity", {"filtered": True, "severity": "high"}, STABLE + "contentFilterSeverityResult"),
    "sexual": ("severity", {"filtered": False, "severity": "low"}, STABLE + "contentFilterSeverityResult"),
    "violence": ("severity", {"filtered": False, "severity": "medium"}, STABLE + "contentFilterSeverityResult"),
    "self_harm": ("severity", dict(SEV), STABLE + "contentFilterSeverityResult"),
    "profanity": ("detected", {"filtered": False, "detected": True}, STABLE + "contentFilterDetectedResult"),
    "jailbreak": ("detected", {"filtered": True, "detected": True}, STABLE + "contentFilterPromptResults"),
    "indirect_attack": ("detected", dict(DET), PREVIEW + "contentFilterPromptResults"),
    "protected_material_text": (
        "detected",
        {"filtered": True, "detected": True},
        STABLE + "contentFilterChoiceResults",
    ),
    "protected_material_code": (
        "citation",
        {"filtered": False, "detected": True, "citation": {"URL": "https://github.com/example/repo", "license": "MIT"}},
        STABLE + "contentFilterDetectedWithCitationResult",
    ),
    "custom_blocklists": (
        "blocklist",
        {"filtered": True, "details": [{"filtered": True, "id": "my-list"}]},
        V1 + "AzureContentFilterBlocklistResult",
    ),
    "custom_topics": (
        "topics",
        {"filtered": False, "details": [{"detected": False, "id": "topic-1"}]},
        V1 + "AzureContentFilterCustomTopicResult",
    ),
    "ungrounded_material": (
        "spans",
        {"filtered": False, "detected": True, "details": [{"completion_start_offset": 0, "completion_end_offset": 12}]},
        V1 + "AzureContentFilterCompletionTextSpanDetectionResult",
    ),
    "personally_identifiable_information": (
        "pii",
        {
            "filtered": False,
            "detected": True,
            "redacted_text": "x",
            "sub_categories": [{"sub_category": "email", "filtered": False, "detected": True, "redacted": True}],
        },
        V1 + "AzureContentFilterPersonallyIdentifiableInformationResult",
    ),
    "error": (
        "error",
        {"code": "content_filter_error", "message": "The filter timed out."},
        STABLE + "contentFilterResultsBase (error: errorBase)",
    ),
}
KIND_RULES: dict[str, tuple[list[Path_], list[tuple[Path_, str]]]] = {
    "severity": ([("filtered",), ("severity",)], [("filtered", "boolean"), ("severity", "string"), ((), "object")]),
    "detected": ([("filtered",), ("detected",)], [("filtered", "boolean"), ("detected", "boolean"), ((), "object")]),
    "citation": (
        [("filtered",), ("detected",)],
        [
            ("filtered", "boolean"),
            ("detected", "boolean"),
            ((), "object"),
            (("citation",), "object"),
            (("citation", "URL"), "string"),
            (("citation", "license"), "string"),
        ],
    ),
    "blocklist": (
        [("filtered",), ("details", 0, "filtered"), ("details", 0, "id")],
        [
            ("filtered", "boolean"),
            (("details",), "array"),
            (("details", 0), "object"),
            (("details", 0, "filtered"), "boolean"),
            (("details", 0, "id"), "string"),
            ((), "object"),
        ],
    ),
    "topics": (
        [("filtered",), ("details", 0, "detected"), ("details", 0, "id")],
        [
            ("filtered", "boolean"),
            (("details",), "array"),
            (("details", 0), "object"),
            (("details", 0, "detected"), "boolean"),
            (("details", 0, "id"), "string"),
            ((), "object"),
        ],
    ),
    "spans": (
        [
            ("filtered",),
            ("detected",),
            ("details",),
            ("details", 0, "completion_start_offset"),
            ("details", 0, "completion_end_offset"),
        ],
        [
            ("filtered", "boolean"),
            ("detected", "boolean"),
            (("details",), "array"),
            (("details", 0), "object"),
            (("details", 0, "completion_start_offset"), "integer"),
            (("details", 0, "completion_end_offset"), "integer"),
            ((), "object"),
        ],
    ),
    "pii": (
        [
            ("filtered",),
            ("detected",),
            ("sub_categories", 0, "sub_category"),
            ("sub_categories", 0, "filtered"),
            ("sub_categories", 0, "detected"),
            ("sub_categories", 0, "redacted"),
        ],
        [
            ("filtered", "boolean"),
            ("detected", "boolean"),
            (("redacted_text",), "string"),
            (("sub_categories",), "array"),
            (("sub_categories", 0), "object"),
            (("sub_categories", 0, "sub_category"), "string"),
            (("sub_categories", 0, "filtered"), "boolean"),
            (("sub_categories", 0, "detected"), "boolean"),
            (("sub_categories", 0, "redacted"), "boolean"),
            ((), "object"),
        ],
    ),
    "error": ([("code",), ("message",)], [(("message",), "string"), ((), "object")]),
}
CHOICE_CATS = [
    "hate",
    "sexual",
    "violence",
    "self_harm",
    "profanity",
    "protected_material_text",
    "protected_material_code",
    "custom_blocklists",
    "custom_topics",
    "ungrounded_material",
    "personally_identifiable_information",
    "error",
]
PROMPT_CATS = [
    "hate",
    "sexual",
    "violence",
    "self_harm",
    "profanity",
    "jailbreak",
    "indirect_attack",
    "custom_blocklists",
    "custom_topics",
    "error",
]
IMAGE_OUT_CATS = ["hate", "sexual", "violence", "self_harm", "error"]
IMAGE_PROMPT_CATS = ["hate", "sexual", "violence", "self_harm", "profanity", "jailbreak", "custom_blocklists", "error"]


def _norm(rule: Path_ | str) -> Path_:
    return (rule,) if isinstance(rule, str) else rule


def filter_cases(base: Any, results_path: Path_, categories: list[str], placement: str) -> list[dict[str, Any]]:
    """Every category at one placement: documented result valid, each documented field absent or mistyped
    invalid. A new severity *value* is drift, never a contract failure, so no case asserts one is invalid."""
    out: list[dict[str, Any]] = []
    for cat in categories:
        kind, example, source = CATEGORY[cat]
        src = f"{source}; placement: {placement}"
        one = with_value(base, results_path, {cat: copy.deepcopy(example)})
        required, types = KIND_RULES[kind]
        out += fields(
            one, src, [_norm(r) for r in required], [(_norm(p), k) for p, k in types], prefix=(*results_path, cat)
        )
        if kind == "severity":
            out.append(
                case(
                    f"{placement} {cat}.severity: 5 (a number, not a documented string) -> invalid",
                    src,
                    with_value(one, (*results_path, cat, "severity"), 5),
                    False,
                )
            )
        if kind == "blocklist":  # the 2023 docs print the legacy array of {filtered, id}
            legacy = with_value(base, results_path, {cat: [{"filtered": True, "id": "legacy"}]})
            out.append(case(f"{placement} legacy custom_blocklists array is valid", NOTES + " §3e", legacy, True))
            out.append(
                case(
                    f"{placement} legacy custom_blocklists item without id -> invalid",
                    NOTES + " §3e",
                    with_value(base, results_path, {cat: [{"filtered": True}]}),
                    False,
                )
            )
            out.append(
                case(
                    f"{placement} custom_blocklists is a string -> invalid",
                    NOTES + " §3e",
                    with_value(base, results_path, {cat: "x"}),
                    False,
                )
            )
        if kind == "error":
            out.append(
                case(
                    f"{placement} filter error code as v1 int32 is valid",
                    V1 + "AzureContentFilterResultForChoice",
                    with_value(one, (*results_path, cat, "code"), 3),
                    True,
                )
            )
            out.append(
                case(
                    f"{placement} filter error code: true -> invalid",
                    source,
                    with_value(one, (*results_path, cat, "code"), True),
                    False,
                )
            )
    full = {c: copy.deepcopy(CATEGORY[c][1]) for c in categories if c != "error"}
    src = f"{STABLE}contentFilterResultsBase; placement: {placement}"
    out.append(
        case(
            f"{placement}: every documented category at once is valid", src, with_value(base, results_path, full), True
        )
    )
    out.append(
        case(
            f"{placement}: results that are not an object -> invalid",
            src,
            with_value(base, results_path, ["hate"]),
            False,
        )
    )
    return out


def prompt_filter_cases(base: Any, path: Path_, placement: str) -> list[dict[str, Any]]:
    """prompt_filter_results[]: {prompt_index, content_filter_results} (stable promptFilterResult; the 003 docs
    spell it content_filter_result)."""
    src = STABLE + "promptFilterResult; " + placement
    item = {"prompt_index": 0, "content_filter_results": {"hate": dict(SEV), "jailbreak": dict(DET)}}
    one = with_value(base, path, [item])
    out = fields(
        one,
        src,
        [(0, "prompt_index")],
        [((), "array"), ((0,), "object"), ((0, "prompt_index"), "integer")],
        prefix=path,
    )
    singular = {"prompt_index": 0, "content_filter_result": {"jailbreak": dict(DET)}}
    out.append(
        case(
            f"{placement} docs/003 singular content_filter_result spelling is valid",
            D003 + " §chat.completions.create() - image input Response",
            with_value(base, path, [singular]),
            True,
        )
    )
    out.append(
        case(
            f"{placement} item with neither content_filter_results nor content_filter_result -> invalid",
            src,
            with_value(base, path, [{"prompt_index": 0}]),
            False,
        )
    )
    out += filter_cases(one, (*path, 0, "content_filter_results"), PROMPT_CATS, placement)
    out += filter_cases(
        with_value(base, path, [singular]),
        (*path, 0, "content_filter_result"),
        ["hate", "jailbreak"],
        placement + " (singular spelling)",
    )
    return out


# ----------------------------------------------------------------------------- usage and logprobs

USAGE = {
    "completion_tokens": 24,
    "prompt_tokens": 22,
    "total_tokens": 46,
    "completion_tokens_details": {
        "reasoning_tokens": 0,
        "audio_tokens": 0,
        "accepted_prediction_tokens": 0,
        "rejected_prediction_tokens": 0,
    },
    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
}
USAGE_REQUIRED: list[Path_] = [("prompt_tokens",), ("completion_tokens",), ("total_tokens",)]
USAGE_TYPES: list[tuple[Path_, str]] = [
    ((), "object"),
    (("prompt_tokens",), "integer"),
    (("completion_tokens",), "integer"),
    (("total_tokens",), "integer"),
    (("completion_tokens_details",), "object"),
    (("prompt_tokens_details",), "object"),
    *[
        (("completion_tokens_details", k), "integer")
        for k in ("reasoning_tokens", "audio_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens")
    ],
    *[(("prompt_tokens_details", k), "integer") for k in ("cached_tokens", "audio_tokens")],
]
TOKEN = {
    "token": "Hi",
    "logprob": -0.1,
    "bytes": [72, 105],
    "top_logprobs": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105]}],
}
LOGPROBS = {"content": [TOKEN], "refusal": None}
LOGPROB_REQUIRED: list[Path_] = [
    ("content", 0, "token"),
    ("content", 0, "logprob"),
    ("content", 0, "top_logprobs", 0, "token"),
    ("content", 0, "top_logprobs", 0, "logprob"),
]
LOGPROB_TYPES: list[tuple[Path_, str]] = [
    ((), "object"),
    (("content",), "array"),
    (("content", 0), "object"),
    (("content", 0, "token"), "string"),
    (("content", 0, "logprob"), "number"),
    (("content", 0, "bytes"), "array"),
    (("content", 0, "bytes", 0), "integer"),
    (("content", 0, "top_logprobs"), "array"),
    (("content", 0, "top_logprobs", 0), "object"),
    (("content", 0, "top_logprobs", 0, "token"), "string"),
    (("content", 0, "top_logprobs", 0, "logprob"), "number"),
    (("content", 0, "top_logprobs", 0, "bytes"), "array"),
    (("content", 0, "top_logprobs", 0, "bytes", 0), "integer"),
]
LOGPROB_SRC = STABLE + "chatCompletionTokenLogprob (+ top_logprobs items)"


def logprob_cases(base: Any, path: Path_) -> list[dict[str, Any]]:
    out = fields(
        with_value(base, path, copy.deepcopy(LOGPROBS)), LOGPROB_SRC, LOGPROB_REQUIRED, LOGPROB_TYPES, prefix=path
    )
    refusal = with_value(base, path, {"content": None, "refusal": [copy.deepcopy(TOKEN)]})
    out += fields(
        refusal,
        LOGPROB_SRC,
        [("refusal", 0, "token")],
        [(("refusal",), "array"), (("refusal", 0), "object")],
        prefix=path,
    )
    return out


# ----------------------------------------------------------------------------- chat.completions.create

CHAT_SRC = D000 + " §chat.completions.create() Response (lines 452-530)"
CF4 = {k: dict(SEV) for k in ("hate", "self_harm", "sexual", "violence")}
CHAT = {
    "id": "chatcmpl-AUhZ11g6aNb1Nnxjp4hFUNcszw3uf",
    "choices": [
        {
            "finish_reason": "stop",
            "index": 0,
            "logprobs": None,
            "message": {
                "content": "Microsoft was founded on April 4, 1975.",
                "refusal": None,
                "role": "assistant",
                "function_call": None,
                "tool_calls": None,
            },
            "content_filter_results": copy.deepcopy(CF4),
        }
    ],
    "created": 1731880663,
    "model": "gpt-4o-2024-08-06",
    "object": "chat.completion",
    "service_tier": None,
    "system_fingerprint": "fp_04751d0b65",
    "usage": {
        "completion_tokens": 24,
        "prompt_tokens": 22,
        "total_tokens": 46,
        "completion_tokens_details": None,
        "prompt_tokens_details": None,
    },
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": dict(CF4, jailbreak=dict(DET))}],
}
TOOL_CALL = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}


def chat_cases() -> list[dict[str, Any]]:
    out = fields(
        CHAT,
        CHAT_SRC + "; " + STABLE + "createChatCompletionResponse",
        [
            ("id",),
            ("object",),
            ("created",),
            ("model",),
            ("choices",),
            ("choices", 0, "index"),
            ("choices", 0, "finish_reason"),
            ("choices", 0, "message"),
            ("choices", 0, "message", "role"),
        ],
        [
            ((), "object"),
            (("id",), "string"),
            (("created",), "integer"),
            (("model",), "string"),
            (("choices",), "array"),
            (("choices", 0), "object"),
            (("choices", 0, "index"), "integer"),
            (("choices", 0, "finish_reason"), "string"),
            (("system_fingerprint",), "string"),
            (("service_tier",), "string"),
            (("choices", 0, "message"), "object"),
            (("choices", 0, "message", "role"), "string"),
            (("choices", 0, "message", "content"), "string"),
            (("choices", 0, "message", "refusal"), "string"),
            (("choices", 0, "message", "tool_calls"), "array"),
            (("choices", 0, "message", "function_call"), "object"),
        ],
    )
    msg_src = V1 + "AzureChatCompletionResponseMessage"
    extras = with_value(
        CHAT,
        ("choices", 0, "message"),
        {
            "role": "assistant",
            "content": None,
            "refusal": None,
            "annotations": [],
            "audio": None,
            "context": {},
            "reasoning_content": "thinking",
            "tool_calls": [copy.deepcopy(TOOL_CALL)],
            "function_call": {"name": "get_weather", "arguments": "{}"},
        },
    )
    out += fields(
        extras,
        msg_src,
        [
            ("tool_calls", 0, "id"),
            ("tool_calls", 0, "type"),
            ("tool_calls", 0, "function"),
            ("tool_calls", 0, "function", "name"),
            ("tool_calls", 0, "function", "arguments"),
            ("function_call", "name"),
            ("function_call", "arguments"),
        ],
        [
            (("annotations",), "array"),
            (("audio",), "object"),
            (("context",), "object"),
            (("reasoning_content",), "string"),
            (("tool_calls", 0), "object"),
            (("tool_calls", 0, "id"), "string"),
            (("tool_calls", 0, "type"), "string"),
            (("tool_calls", 0, "function"), "object"),
            (("tool_calls", 0, "function", "name"), "string"),
            (("tool_calls", 0, "function", "arguments"), "string"),
            (("function_call", "name"), "string"),
            (("function_call", "arguments"), "string"),
        ],
        prefix=("choices", 0, "message"),
    )
    full_usage = with_value(CHAT, ("usage",), copy.deepcopy(USAGE))
    out += fields(full_usage, STABLE + "completionUsage", USAGE_REQUIRED, USAGE_TYPES, prefix=("usage",))
    out.append(
        case("usage: null is valid", V1 + "AzureCreateChatCompletionResponse", with_value(CHAT, ("usage",), None), True)
    )
    out += logprob_cases(CHAT, ("choices", 0, "logprobs"))
    out += filter_cases(
        CHAT, ("choices", 0, "content_filter_results"), CHOICE_CATS, "chat choices[].content_filter_results"
    )
    out += prompt_filter_cases(CHAT, ("prompt_filter_results",), "chat prompt_filter_results")
    return out


REASONING_SRC = (
    V1 + "OpenAI.CompletionUsage (completion_tokens_details.reasoning_tokens); " + STABLE + "completionUsage"
)
REASONING_CHAT = with_value(
    CHAT,
    ("usage",),
    {
        "completion_tokens": 216,
        "prompt_tokens": 22,
        "total_tokens": 238,
        "completion_tokens_details": {
            "accepted_prediction_tokens": 0,
            "audio_tokens": 0,
            "reasoning_tokens": 192,
            "rejected_prediction_tokens": 0,
        },
        "prompt_tokens_details": {"audio_tokens": 0, "cached_tokens": 0},
    },
)


def chat_reasoning_cases() -> list[dict[str, Any]]:
    out = fields(
        REASONING_CHAT,
        REASONING_SRC,
        [
            ("usage",),
            ("usage", "completion_tokens_details"),
            ("usage", "completion_tokens_details", "reasoning_tokens"),
        ],
        [
            (("usage",), "object"),
            (("usage", "completion_tokens_details"), "object"),
            (("usage", "completion_tokens_details", "reasoning_tokens"), "integer"),
        ],
    )
    out.append(
        case(
            "reasoning: usage: null says nothing about reasoning tokens -> invalid",
            REASONING_SRC,
            with_value(REASONING_CHAT, ("usage",), None),
            False,
        )
    )
    out.append(
        case(
            "reasoning: completion_tokens_details: null -> invalid",
            REASONING_SRC,
            with_value(REASONING_CHAT, ("usage", "completion_tokens_details"), None),
            False,
        )
    )
    out.append(
        case(
            "reasoning: reasoning_tokens: null -> invalid",
            REASONING_SRC,
            with_value(REASONING_CHAT, ("usage", "completion_tokens_details", "reasoning_tokens"), None),
            False,
        )
    )
    out.append(
        case(
            "reasoning: still a chat.completion (choices absent -> invalid)",
            CHAT_SRC,
            without(REASONING_CHAT, ("choices",)),
            False,
        )
    )
    return out


# ----------------------------------------------------------------------------- chat.completions.create.stream

STREAM_SRC = STABLE + "createChatCompletionStreamResponse; " + STABLE + "chatCompletionStreamResponseDelta"
STREAMING_NOTES = NOTES + " §3e (content-streaming doc: prompt-annotation frame, annotation frames)"
CHUNK = {
    "id": "chatcmpl-AEGTBkVVthwTc3DgRp6RGKJxyY1pE",
    "object": "chat.completion.chunk",
    "created": 1727963265,
    "model": "gpt-4o-mini",
    "system_fingerprint": "fp_878413d04d",
    "choices": [
        {
            "index": 0,
            "finish_reason": None,
            "logprobs": None,
            "delta": {"role": "assistant", "content": "Hi", "refusal": None},
            "content_filter_results": copy.deepcopy(CF4),
        }
    ],
}
PROMPT_FRAME = {
    "id": "",
    "object": "",
    "created": 0,
    "model": "",
    "choices": [],
    "usage": None,
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": copy.deepcopy(CF4)}],
}
ANNOTATION = {
    "id": "",
    "object": "",
    "created": 0,
    "model": "",
    "choices": [
        {
            "index": 0,
            "finish_reason": None,
            "content_filter_results": copy.deepcopy(CF4),
            "content_filter_raw": [],
            "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 44},
        }
    ],
}


def stream_cases() -> list[dict[str, Any]]:
    out = fields(
        CHUNK,
        STREAM_SRC,
        [
            ("id",),
            ("object",),
            ("created",),
            ("model",),
            ("choices",),
            ("choices", 0, "index"),
            ("choices", 0, "finish_reason"),
        ],
        [
            ((), "object"),
            (("id",), "string"),
            (("created",), "integer"),
            (("model",), "string"),
            (("choices",), "array"),
            (("choices", 0), "object"),
            (("choices", 0, "index"), "integer"),
            (("choices", 0, "finish_reason"), "string"),
            (("system_fingerprint",), "string"),
            (("choices", 0, "delta"), "object"),
            (("choices", 0, "delta", "role"), "string"),
            (("choices", 0, "delta", "content"), "string"),
            (("choices", 0, "delta", "refusal"), "string"),
        ],
    )
    out.append(
        case(
            "a delta choice with neither delta nor content_filter_results/offsets -> invalid",
            STREAMING_NOTES,
            with_value(CHUNK, ("choices", 0), {"index": 0, "finish_reason": None}),
            False,
        )
    )
    tools = with_value(
        CHUNK,
        ("choices", 0, "delta"),
        {
            "role": None,
            "content": None,
            "reasoning_content": "r",
            "context": {},
            "function_call": None,
            "tool_calls": [
                {
                    "index": 0,
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"ci'},
                }
            ],
        },
    )
    out += fields(
        tools,
        STABLE + "chatCompletionMessageToolCallChunk",
        [("tool_calls", 0, "index")],
        [
            (("tool_calls",), "array"),
            (("tool_calls", 0), "object"),
            (("tool_calls", 0, "index"), "integer"),
            (("tool_calls", 0, "id"), "string"),
            (("tool_calls", 0, "type"), "string"),
            (("tool_calls", 0, "function"), "object"),
            (("tool_calls", 0, "function", "name"), "string"),
            (("tool_calls", 0, "function", "arguments"), "string"),
            (("reasoning_content",), "string"),
            (("context",), "object"),
            (("function_call",), "object"),
        ],
        prefix=("choices", 0, "delta"),
    )
    last = dict(copy.deepcopy(CHUNK), choices=[], usage=copy.deepcopy(USAGE), obfuscation="abc")
    out += fields(
        last,
        STABLE + "createChatCompletionStreamResponse (usage chunk, stream_options.include_usage)",
        [],
        [
            (("usage",), "object"),
            (("usage", "prompt_tokens"), "integer"),
            (("obfuscation",), "string"),
            (("service_tier",), "string"),
        ],
    )
    out += logprob_cases(CHUNK, ("choices", 0, "logprobs"))
    out += fields(PROMPT_FRAME, STREAMING_NOTES + " first frame", [], [(("created",), "integer")])
    out += prompt_filter_cases(PROMPT_FRAME, ("prompt_filter_results",), "stream first frame prompt_filter_results")
    out.append(
        case(
            "old name prompt_annotations on the first frame is valid",
            STREAMING_NOTES,
            dict(
                without(PROMPT_FRAME, ("prompt_filter_results",)),
                prompt_annotations=copy.deepcopy(PROMPT_FRAME["prompt_filter_results"]),
            ),
            True,
        )
    )
    out.append(
        case(
            "prompt_annotations item without prompt_index -> invalid",
            STREAMING_NOTES,
            dict(
                without(PROMPT_FRAME, ("prompt_filter_results",)), prompt_annotations=[{"content_filter_results": {}}]
            ),
            False,
        )
    )
    out += fields(
        ANNOTATION,
        STREAMING_NOTES + " annotation frame",
        [("choices", 0, "content_filter_offsets", k) for k in ("check_offset", "start_offset", "end_offset")],
        [
            (("choices", 0, "content_filter_offsets"), "object"),
            (("choices", 0, "content_filter_raw"), "array"),
            *[
                (("choices", 0, "content_filter_offsets", k), "integer")
                for k in ("check_offset", "start_offset", "end_offset")
            ],
        ],
    )
    offsets_only = with_value(
        ANNOTATION,
        ("choices", 0),
        {
            "index": 0,
            "finish_reason": None,
            "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 1},
        },
    )
    out.append(case("annotation choice with content_filter_offsets only is valid", STREAMING_NOTES, offsets_only, True))
    out += filter_cases(CHUNK, ("choices", 0, "content_filter_results"), CHOICE_CATS, "stream chunk choices[]")
    out += filter_cases(
        ANNOTATION,
        ("choices", 0, "content_filter_results"),
        ["hate", "protected_material_code"],
        "stream annotation frame choices[]",
    )
    top = dict(copy.deepcopy(CHUNK), content_filter_results=copy.deepcopy(CF4))
    out += filter_cases(top, ("content_filter_results",), ["violence"], "stream chunk top-level")
    return out


# ----------------------------------------------------------------------------- completions.create

COMPLETION = {
    "id": "cmpl-AUlF8xymP0ngMlIgIEYlT7C3Igi2H",
    "object": "text_completion",
    "created": 1731894806,
    "model": "gpt-35-turbo-instruct",
    "system_fingerprint": None,
    "choices": [
        {
            "text": "\n\nHello World!",
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "content_filter_results": copy.deepcopy(CF4),
        }
    ],
    "usage": {"completion_tokens": 8, "prompt_tokens": 3, "total_tokens": 11},
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": copy.deepcopy(CF4)}],
}
COMPLETION_SRC = D003 + " §completions.create() Response; " + STABLE + "createCompletionResponse"


def completion_cases() -> list[dict[str, Any]]:
    out = fields(
        COMPLETION,
        COMPLETION_SRC,
        [
            ("id",),
            ("object",),
            ("created",),
            ("model",),
            ("choices",),
            ("choices", 0, "text"),
            ("choices", 0, "index"),
            ("choices", 0, "finish_reason"),
            ("choices", 0, "logprobs"),
        ],
        [
            ((), "object"),
            (("id",), "string"),
            (("created",), "integer"),
            (("model",), "string"),
            (("choices",), "array"),
            (("choices", 0), "object"),
            (("choices", 0, "text"), "string"),
            (("choices", 0, "index"), "integer"),
            (("choices", 0, "finish_reason"), "string"),
            (("choices", 0, "logprobs"), "nullable-object"),
            (("system_fingerprint",), "string"),
        ],
    )
    out += fields(
        with_value(COMPLETION, ("usage",), copy.deepcopy(USAGE)),
        STABLE + "completionUsage",
        USAGE_REQUIRED,
        USAGE_TYPES,
        prefix=("usage",),
    )
    out += filter_cases(
        COMPLETION,
        ("choices", 0, "content_filter_results"),
        CHOICE_CATS,
        "completions choices[].content_filter_results",
    )
    out += prompt_filter_cases(COMPLETION, ("prompt_filter_results",), "completions prompt_filter_results")
    return out


# ----------------------------------------------------------------------------- embeddings.create

EMBEDDING = {
    "object": "list",
    "model": "text-embedding-3-large",
    "data": [{"object": "embedding", "index": 0, "embedding": [0.009098228, -0.010369237]}],
    "usage": {"prompt_tokens": 7, "total_tokens": 7},
}
EMBEDDING_SRC = (
    D000 + " §embeddings.create() Response; " + STABLE + "(paths /deployments/{deployment-id}/embeddings post 200)"
)


def embedding_cases() -> list[dict[str, Any]]:
    out = fields(
        EMBEDDING,
        EMBEDDING_SRC,
        [
            ("object",),
            ("model",),
            ("data",),
            ("usage",),
            ("data", 0, "object"),
            ("data", 0, "index"),
            ("data", 0, "embedding"),
            ("usage", "prompt_tokens"),
            ("usage", "total_tokens"),
        ],
        [
            ((), "object"),
            (("model",), "string"),
            (("data",), "array"),
            (("data", 0), "object"),
            (("data", 0, "index"), "integer"),
            (("data", 0, "embedding", 0), "number"),
            (("usage",), "object"),
            (("usage", "prompt_tokens"), "integer"),
            (("usage", "total_tokens"), "integer"),
        ],
    )
    out.append(
        case(
            "base64 embedding (encoding_format=base64) is a string: valid",
            V1 + "OpenAI.Embedding",
            with_value(EMBEDDING, ("data", 0, "embedding"), "AAAAAA=="),
            True,
        )
    )
    out.append(
        case(
            "embedding is an object -> invalid",
            V1 + "OpenAI.Embedding",
            with_value(EMBEDDING, ("data", 0, "embedding"), {"x": 1}),
            False,
        )
    )
    return out


# ----------------------------------------------------------------------------- images.generate

IMAGE = {
    "created": 1698116662,
    "data": [
        {
            "url": "https://example.blob.core.windows.net/generated/image.png",
            "revised_prompt": "A painting",
            "content_filter_results": copy.deepcopy(CF4),
            "prompt_filter_results": dict(copy.deepcopy(CF4), profanity=dict(DET), jailbreak=dict(DET)),
        }
    ],
}
IMAGE_SRC = D003 + " §images.generate() Response; " + STABLE + "generateImagesResponse, imageResult"


def image_cases() -> list[dict[str, Any]]:
    out = fields(
        IMAGE,
        IMAGE_SRC,
        [("created",), ("data",)],
        [
            ((), "object"),
            (("created",), "integer"),
            (("data",), "array"),
            (("data", 0), "object"),
            (("data", 0, "url"), "string"),
            (("data", 0, "revised_prompt"), "string"),
        ],
    )
    b64 = with_value(IMAGE, ("data", 0), {"b64_json": "iVBORw0KGgo="})
    out += fields(b64, STABLE + "imageResult (b64_json)", [], [(("data", 0, "b64_json"), "string")])
    out.append(
        case(
            "image item with neither url nor b64_json -> invalid",
            STABLE + "imageResult",
            with_value(IMAGE, ("data", 0), {"revised_prompt": "x"}),
            False,
        )
    )
    usage = dict(
        copy.deepcopy(IMAGE),
        usage={
            "input_tokens": 10,
            "output_tokens": 4160,
            "total_tokens": 4170,
            "input_tokens_details": {"image_tokens": 0, "text_tokens": 10},
        },
        background=None,
        output_format="png",
        quality="high",
        size="1024x1024",
    )
    out += fields(
        usage,
        PREVIEW + "imageGenerationsUsage, generateImagesResponse",
        [],
        [
            (("usage",), "object"),
            (("usage", "input_tokens"), "integer"),
            (("usage", "output_tokens"), "integer"),
            (("usage", "total_tokens"), "integer"),
            (("usage", "input_tokens_details"), "object"),
            (("usage", "input_tokens_details", "image_tokens"), "integer"),
            (("usage", "input_tokens_details", "text_tokens"), "integer"),
            (("background",), "string"),
            (("output_format",), "string"),
            (("quality",), "string"),
            (("size",), "string"),
        ],
    )
    out += filter_cases(
        IMAGE,
        ("data", 0, "content_filter_results"),
        IMAGE_OUT_CATS,
        STABLE + "dalleContentFilterResults at data[].content_filter_results",
    )
    out += filter_cases(
        IMAGE,
        ("data", 0, "prompt_filter_results"),
        IMAGE_PROMPT_CATS,
        STABLE + "dalleFilterResults at data[].prompt_filter_results",
    )
    return out


# ----------------------------------------------------------------------------- audio.transcriptions.create

AUDIO = {
    "task": "transcribe",
    "language": "english",
    "duration": 2.5,
    "text": "Hello.",
    "segments": [
        {
            "id": 0,
            "seek": 0,
            "start": 0.0,
            "end": 2.5,
            "text": "Hello.",
            "tokens": [50364, 2425],
            "temperature": 0.0,
            "avg_logprob": -0.3,
            "compression_ratio": 0.6,
            "no_speech_prob": 0.01,
        }
    ],
    "words": [{"word": "Hello", "start": 0.0, "end": 0.5}],
}
AUDIO_SRC = STABLE + "audioVerboseResponse, audioSegment; " + PREVIEW + "audioWord"


def audio_cases() -> list[dict[str, Any]]:
    seg = [(("segments", 0, k), "integer") for k in ("id", "seek")] + [
        (("segments", 0, k), "number")
        for k in ("start", "end", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob")
    ]
    out = fields(
        AUDIO,
        AUDIO_SRC,
        [("text",), ("words", 0, "word"), ("words", 0, "start"), ("words", 0, "end")],
        [
            ((), "object"),
            (("text",), "string"),
            (("task",), "string"),
            (("language",), "string"),
            (("duration",), "number"),
            (("segments",), "array"),
            (("segments", 0), "object"),
            *seg,
            (("segments", 0, "text"), "string"),
            (("segments", 0, "tokens"), "array"),
            (("segments", 0, "tokens", 0), "integer"),
            (("words",), "array"),
            (("words", 0), "object"),
            (("words", 0, "word"), "string"),
            (("words", 0, "start"), "number"),
            (("words", 0, "end"), "number"),
        ],
    )
    out.append(
        case(
            "json response_format: just text is valid",
            "specs/azure-openai/stable-2024-10-21/examples/audio_transcription_object.json",
            {"text": "A structured object when requesting json or verbose_json"},
            True,
        )
    )
    return out


# ----------------------------------------------------------------------------- error

ERROR_SRC = NOTES + " §3e (wire: innererror, content_filter_result) and §4a; " + STABLE + "errorResponse"
ERROR = {
    "error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        "type": None,
        "param": "prompt",
        "code": "content_filter",
        "status": 400,
        "innererror": {
            "code": "ResponsibleAIPolicyViolation",
            "content_filter_result": dict(copy.deepcopy(CF4), jailbreak={"filtered": True, "detected": True}),
        },
    }
}


def error_cases() -> list[dict[str, Any]]:
    out = fields(
        ERROR,
        ERROR_SRC,
        [("error",), ("error", "code"), ("error", "message")],
        [
            ((), "object"),
            (("error",), "object"),
            (("error", "code"), "string"),
            (("error", "message"), "string"),
            (("error", "param"), "string"),
            (("error", "type"), "string"),
            (("error", "status"), "integer"),
            (("error", "innererror"), "object"),
            (("error", "innererror", "code"), "string"),
        ],
    )
    out.append(
        case(
            "a plain 401 envelope {code, message} is valid",
            D000 + " §Error handling",
            {"error": {"code": "401", "message": "Access denied due to invalid subscription key."}},
            True,
        )
    )
    out.append(
        case(
            "code: null is valid (OpenAI error.code is nullable)",
            "specs/openai/openapi.yaml#/components/schemas/Error",
            {"error": {"code": None, "message": "x"}},
            True,
        )
    )
    spec = {
        "error": {
            "code": "content_filter",
            "message": "x",
            "inner_error": {
                "code": "ResponsibleAIPolicyViolation",
                "revised_prompt": "y",
                "content_filter_results": copy.deepcopy(CF4),
            },
        }
    }
    out += fields(
        spec,
        STABLE + "error (inner_error: innerError), dalleInnerError",
        [],
        [(("error", "inner_error"), "object"), (("error", "inner_error", "revised_prompt"), "string")],
    )
    out += filter_cases(
        ERROR,
        ("error", "innererror", "content_filter_result"),
        PROMPT_CATS,
        "error innererror.content_filter_result (singular, wire)",
    )
    out += filter_cases(
        spec,
        ("error", "inner_error", "content_filter_results"),
        ["hate", "jailbreak"],
        "error inner_error.content_filter_results (spec spelling)",
    )
    return out


# ----------------------------------------------------------------------------- responses.create

RESPONSE_SRC = D000 + " §responses.create() Response (lines 158-227); " + V1 + "AzureResponse"
MESSAGE_ITEM = {
    "id": "msg_088ffc6b5f37c64d0068e187d15f8c819495f84e214435175d",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"annotations": [], "text": "Hello!", "type": "output_text", "logprobs": []}],
}
RESPONSE = {
    "id": "resp_088ffc6b5f37c64d0068e187d0ceac819499c9331c2a02e92e",
    "created_at": 1759610832.0,
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "model": "gpt-4.1-nano",
    "object": "response",
    "output": [MESSAGE_ITEM],
    "parallel_tool_calls": True,
    "temperature": 1.0,
    "tool_choice": "auto",
    "tools": [],
    "top_p": 1.0,
    "previous_response_id": None,
    "status": "completed",
    "completed_at": None,
    "output_text": None,
    "usage": {
        "input_tokens": 11,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 23,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 34,
    },
    "content_filters": None,
}
ITEMS: dict[str, tuple[dict[str, Any], str, list[Path_], list[tuple[Path_, str]]]] = {
    "message": (
        MESSAGE_ITEM,
        V1 + "OpenAI.ResponsesMessageItemResource, OpenAI.ItemContentOutputText",
        [
            ("id",),
            ("role",),
            ("content",),
            ("content", 0, "type"),
            ("content", 0, "text"),
            ("content", 0, "annotations"),
        ],
        [
            ((), "object"),
            (("id",), "string"),
            (("status",), "string"),
            (("role",), "string"),
            (("content",), "array"),
            (("content", 0), "object"),
            (("content", 0, "text"), "string"),
            (("content", 0, "annotations"), "array"),
            (("content", 0, "logprobs"), "array"),
        ],
    ),
    "refusal": (
        {
            "id": "msg_2",
            "type": "message",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "refusal", "refusal": "I can't help with that."}],
        },
        V1 + "OpenAI.ItemContentRefusal",
        [("content", 0, "refusal")],
        [(("content", 0, "type"), "string"), (("content", 0, "refusal"), "string")],
    ),
    "reasoning": (
        {
            "id": "rs_1",
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": "Think."}],
            "content": None,
            "encrypted_content": None,
        },
        V1 + "OpenAI.ReasoningItemResource",
        [("id",), ("summary",), ("summary", 0, "type")],
        [
            (("summary",), "array"),
            (("summary", 0), "object"),
            (("summary", 0, "type"), "string"),
            (("summary", 0, "text"), "string"),
            (("content",), "array"),
            (("encrypted_content",), "string"),
        ],
    ),
    "function_call": (
        {
            "id": "fc_1",
            "type": "function_call",
            "status": "completed",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": "{}",
        },
        V1 + "OpenAI.FunctionToolCallItemResource",
        [("call_id",), ("name",), ("arguments",)],
        [(("call_id",), "string"), (("name",), "string"), (("arguments",), "string")],
    ),
    "mcp_list_tools": (
        {
            "id": "mcpl_1",
            "type": "mcp_list_tools",
            "server_label": "microsoft_learn",
            "error": None,
            "tools": [
                {
                    "name": "microsoft_docs_search",
                    "description": "Search docs.",
                    "annotations": None,
                    "input_schema": {"type": "object"},
                }
            ],
        },
        V1 + "OpenAI.MCPListToolsItemResource, OpenAI.MCPListToolsTool",
        [("id",), ("server_label",), ("tools",), ("tools", 0, "name")],
        [
            (("server_label",), "string"),
            (("tools",), "array"),
            (("tools", 0), "object"),
            (("tools", 0, "name"), "string"),
            (("error",), "string"),
        ],
    ),
    "mcp_call": (
        {
            "id": "mcp_1",
            "type": "mcp_call",
            "server_label": "microsoft_learn",
            "name": "microsoft_docs_search",
            "arguments": '{"query":"Azure Functions"}',
            "output": "[]",
            "error": None,
            "status": "completed",
        },
        V1 + "OpenAI.MCPCallItemResource",
        [("id",), ("server_label",), ("name",), ("arguments",)],
        [(("server_label",), "string"), (("name",), "string"), (("arguments",), "string"), (("output",), "string")],
    ),
    "mcp_approval_request": (
        {
            "id": "mcpr_1",
            "type": "mcp_approval_request",
            "server_label": "microsoft_learn",
            "name": "microsoft_docs_search",
            "arguments": "{}",
        },
        V1 + "OpenAI.MCPApprovalRequestItemResource",
        [("id",), ("server_label",), ("name",), ("arguments",)],
        [(("server_label",), "string"), (("name",), "string"), (("arguments",), "string")],
    ),
    "image_generation_call": (
        {"id": "ig_1", "type": "image_generation_call", "status": "completed", "result": "iVBORw0KGgo="},
        V1 + "OpenAI.ImageGenToolCallItemResource",
        [("id",)],
        [(("result",), "string")],
    ),
}
CONTENT_FILTER_ITEM = {
    "blocked": False,
    "source_type": "prompt",
    "content_filter_results": dict(copy.deepcopy(CF4), jailbreak=dict(DET)),
    "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 20},
    "content_filter_raw": None,
}
RESPONSES_CF_SRC = NOTES + " §3e Responses API (top-level content_filters[], Foundry extension)"


def item_cases(base: Any, items_path: Path_) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for _kind, (item, src, required, types) in ITEMS.items():
        one = with_value(base, items_path, [copy.deepcopy(item)])
        out += fields(one, src, required, types, prefix=(*items_path, 0))
    out.append(
        case(
            "an output item without type -> invalid",
            V1 + "OpenAI.ItemResource",
            with_value(base, items_path, [{"id": "x"}]),
            False,
        )
    )
    out.append(
        case(
            "output item type: 5 -> invalid",
            V1 + "OpenAI.ItemResource",
            with_value(base, items_path, [{"id": "x", "type": 5}]),
            False,
        )
    )
    out.append(
        case(
            "an output item of a type added later (only type) is valid",
            V1 + "OpenAI.ItemResource",
            with_value(base, items_path, [{"type": "web_search_call", "id": "ws_1", "status": "completed"}]),
            True,
        )
    )
    return out


def response_cases() -> list[dict[str, Any]]:
    top = [
        "id",
        "object",
        "created_at",
        "model",
        "output",
        "error",
        "incomplete_details",
        "instructions",
        "metadata",
        "parallel_tool_calls",
        "temperature",
        "top_p",
        "tools",
        "tool_choice",
    ]
    out = fields(
        RESPONSE,
        RESPONSE_SRC,
        [(k,) for k in top],
        [
            ((), "object"),
            (("id",), "string"),
            (("created_at",), "number"),
            (("completed_at",), "number"),
            (("status",), "string"),
            (("model",), "string"),
            (("output",), "array"),
            (("instructions",), "string"),
            (("metadata",), "object"),
            (("parallel_tool_calls",), "boolean"),
            (("temperature",), "number"),
            (("top_p",), "number"),
            (("tools",), "array"),
            (("tool_choice",), "string"),
            (("previous_response_id",), "string"),
            (("output_text",), "string"),
            (("content_filters",), "array"),
            (("usage",), "object"),
            (("output", 0), "object"),
        ],
    )
    failed = with_value(RESPONSE, ("error",), {"code": "server_error", "message": "The model failed."})
    out += fields(
        failed,
        PREVIEW + "ResponseError (code, message required)",
        [("error", "code"), ("error", "message")],
        [(("error",), "object"), (("error", "code"), "string"), (("error", "message"), "string")],
    )
    incomplete = with_value(RESPONSE, ("incomplete_details",), {"reason": "max_output_tokens"})
    out += fields(
        incomplete,
        V1 + "AzureResponse (incomplete_details.reason)",
        [],
        [(("incomplete_details",), "object"), (("incomplete_details", "reason"), "string")],
    )
    out += fields(
        RESPONSE,
        V1 + "OpenAI.ResponseUsage",
        [("usage", "input_tokens"), ("usage", "output_tokens"), ("usage", "total_tokens")],
        [(("usage", k), "integer") for k in ("input_tokens", "output_tokens", "total_tokens")]
        + [
            (("usage", "input_tokens_details"), "object"),
            (("usage", "input_tokens_details", "cached_tokens"), "integer"),
            (("usage", "output_tokens_details"), "object"),
            (("usage", "output_tokens_details", "reasoning_tokens"), "integer"),
        ],
    )
    out += item_cases(RESPONSE, ("output",))
    cf = with_value(RESPONSE, ("content_filters",), [copy.deepcopy(CONTENT_FILTER_ITEM)])
    out += fields(
        cf,
        RESPONSES_CF_SRC,
        [("content_filters", 0, k) for k in ("blocked", "source_type", "content_filter_results")]
        + [("content_filters", 0, "content_filter_offsets", k) for k in ("check_offset", "start_offset", "end_offset")],
        [
            (("content_filters", 0), "object"),
            (("content_filters", 0, "blocked"), "boolean"),
            (("content_filters", 0, "source_type"), "string"),
            (("content_filters", 0, "content_filter_raw"), "array"),
            (("content_filters", 0, "content_filter_offsets"), "object"),
        ]
        + [
            (("content_filters", 0, "content_filter_offsets", k), "integer")
            for k in ("check_offset", "start_offset", "end_offset")
        ],
    )
    completion_cf = with_value(cf, ("content_filters", 0, "source_type"), "completion")
    out += filter_cases(
        cf,
        ("content_filters", 0, "content_filter_results"),
        PROMPT_CATS,
        "Responses content_filters[] (source_type prompt)",
    )
    out += filter_cases(
        completion_cf,
        ("content_filters", 0, "content_filter_results"),
        CHOICE_CATS,
        "Responses content_filters[] (source_type completion)",
    )
    return out


REASONING_RESPONSE = with_value(
    dict(copy.deepcopy(RESPONSE), model="o4-mini"),
    ("output",),
    [copy.deepcopy(ITEMS["reasoning"][0]), copy.deepcopy(MESSAGE_ITEM)],
)
REASONING_RESPONSE["usage"] = {
    "input_tokens": 11,
    "input_tokens_details": {"cached_tokens": 0},
    "output_tokens": 87,
    "output_tokens_details": {"reasoning_tokens": 64},
    "total_tokens": 98,
}
RESPONSE_REASONING_SRC = V1 + "OpenAI.ResponseUsage (output_tokens_details.reasoning_tokens required)"


def response_reasoning_cases() -> list[dict[str, Any]]:
    out = fields(
        REASONING_RESPONSE,
        RESPONSE_REASONING_SRC,
        [("usage",), ("usage", "output_tokens_details"), ("usage", "output_tokens_details", "reasoning_tokens")],
        [
            (("usage",), "object"),
            (("usage", "output_tokens_details"), "object"),
            (("usage", "output_tokens_details", "reasoning_tokens"), "integer"),
        ],
    )
    out.append(
        case(
            "reasoning: usage: null -> invalid",
            RESPONSE_REASONING_SRC,
            with_value(REASONING_RESPONSE, ("usage",), None),
            False,
        )
    )
    out.append(
        case(
            "reasoning: still a response (output absent -> invalid)",
            RESPONSE_SRC,
            without(REASONING_RESPONSE, ("output",)),
            False,
        )
    )
    return out


MCP_RESPONSE = with_value(
    RESPONSE,
    ("output",),
    [copy.deepcopy(ITEMS["mcp_list_tools"][0]), copy.deepcopy(ITEMS["mcp_call"][0]), copy.deepcopy(MESSAGE_ITEM)],
)
MCP_SRC = (
    D000
    + " §responses.create() with MCP server tool; "
    + V1
    + "OpenAI.MCPListToolsItemResource, OpenAI.MCPListToolsTool, OpenAI.MCPCallItemResource"
)


def response_mcp_cases() -> list[dict[str, Any]]:
    out = fields(
        MCP_RESPONSE, MCP_SRC, [("output", 0, "tools", 0, "input_schema")], [(("output", 1, "error"), "string")]
    )
    out.append(
        case(
            "MCP: no mcp_list_tools item -> invalid",
            MCP_SRC,
            with_value(MCP_RESPONSE, ("output",), MCP_RESPONSE["output"][1:]),
            False,
        )
    )
    out.append(
        case(
            "MCP: no mcp_call item -> invalid",
            MCP_SRC,
            with_value(MCP_RESPONSE, ("output",), [MCP_RESPONSE["output"][0], MESSAGE_ITEM]),
            False,
        )
    )
    out.append(
        case(
            "MCP: only a message (the tool never ran) -> invalid",
            MCP_SRC,
            with_value(MCP_RESPONSE, ("output",), [MESSAGE_ITEM]),
            False,
        )
    )
    out.append(
        case(
            "MCP: mcp_call error as a string is valid",
            MCP_SRC,
            with_value(MCP_RESPONSE, ("output", 1, "error"), "tool failed"),
            True,
        )
    )
    out.append(
        case(
            "MCP: still a response (mcp_call without server_label -> invalid)",
            MCP_SRC,
            without(MCP_RESPONSE, ("output", 1, "server_label")),
            False,
        )
    )
    return out


# ----------------------------------------------------------------------------- responses.create.stream

EV = V1 + "OpenAI.Response{}Event"
IDX = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
IDX_TYPES: list[tuple[Path_, str]] = [
    (("item_id",), "string"),
    (("output_index",), "integer"),
    (("content_index",), "integer"),
]
EVENTS: dict[str, tuple[dict[str, Any], str, list[str], list[tuple[Path_, str]]]] = {
    **{
        t: ({"response": copy.deepcopy(RESPONSE)}, EV.format(n), ["response"], [(("response",), "object")])
        for t, n in (
            ("response.created", "Created"),
            ("response.in_progress", "InProgress"),
            ("response.completed", "Completed"),
            ("response.failed", "Failed"),
            ("response.incomplete", "Incomplete"),
            ("response.queued", "Queued"),
        )
    },
    **{
        t: (
            {"output_index": 0, "item": copy.deepcopy(MESSAGE_ITEM)},
            EV.format(n),
            ["output_index", "item"],
            [(("output_index",), "integer"), (("item",), "object")],
        )
        for t, n in (("response.output_item.added", "OutputItemAdded"), ("response.output_item.done", "OutputItemDone"))
    },
    **{
        t: (
            dict(IDX, part={"type": "output_text", "text": "", "annotations": []}),
            EV.format(n),
            ["item_id", "output_index", "content_index", "part"],
            [*IDX_TYPES, (("part",), "object")],
        )
        for t, n in (
            ("response.content_part.added", "ContentPartAdded"),
            ("response.content_part.done", "ContentPartDone"),
        )
    },
    "response.output_text.delta": (
        dict(IDX, delta="Hel"),
        EV.format("TextDelta"),
        ["item_id", "output_index", "content_index", "delta"],
        [*IDX_TYPES, (("delta",), "string")],
    ),
    "response.output_text.done": (
        dict(IDX, text="Hello"),
        EV.format("TextDone"),
        ["item_id", "output_index", "content_index", "text"],
        [*IDX_TYPES, (("text",), "string")],
    ),
    "response.refusal.delta": (
        dict(IDX, delta="No"),
        EV.format("RefusalDelta"),
        ["item_id", "output_index", "content_index", "delta"],
        [*IDX_TYPES, (("delta",), "string")],
    ),
    "response.refusal.done": (
        dict(IDX, refusal="No."),
        EV.format("RefusalDone"),
        ["item_id", "output_index", "content_index", "refusal"],
        [*IDX_TYPES, (("refusal",), "string")],
    ),
    "response.function_call_arguments.delta": (
        {"item_id": "fc_1", "output_index": 0, "delta": '{"'},
        EV.format("FunctionCallArgumentsDelta"),
        ["item_id", "output_index", "delta"],
        [(("item_id",), "string"), (("output_index",), "integer"), (("delta",), "string")],
    ),
    "response.function_call_arguments.done": (
        {"item_id": "fc_1", "output_index": 0, "arguments": "{}"},
        EV.format("FunctionCallArgumentsDone"),
        ["item_id", "output_index", "arguments"],
        [(("item_id",), "string"), (("output_index",), "integer"), (("arguments",), "string")],
    ),
    "error": (
        {"code": "server_error", "message": "Something went wrong.", "param": None},
        V1 + "OpenAI.ResponseErrorEvent",
        ["message"],
        [(("code",), "string"), (("message",), "string"), (("param",), "string")],
    ),
}


def response_stream_cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, (event_type, (body, src, required, types)) in enumerate(EVENTS.items()):
        event = dict(type=event_type, sequence_number=n, **copy.deepcopy(body))
        out += fields(event, src, [(k,) for k in required], types)
    created = dict(type="response.created", sequence_number=0, response=copy.deepcopy(RESPONSE))
    out.append(
        case(
            "response.created whose response lacks output -> invalid",
            EV.format("Created"),
            without(created, ("response", "output")),
            False,
        )
    )
    added = dict(type="response.output_item.added", sequence_number=1, output_index=0, item=copy.deepcopy(MESSAGE_ITEM))
    out.append(
        case(
            "output_item.added whose item lacks type -> invalid",
            EV.format("OutputItemAdded"),
            without(added, ("item", "type")),
            False,
        )
    )
    part = dict(type="response.content_part.added", sequence_number=2, part={"type": "output_text"}, **IDX)
    out.append(
        case(
            "content_part.added output_text part without text -> invalid",
            V1 + "OpenAI.ItemContentOutputText",
            part,
            False,
        )
    )
    out.append(
        case("an event without type -> invalid", V1 + "OpenAI.ResponseStreamEvent", {"sequence_number": 0}, False)
    )
    out.append(case("type: 5 -> invalid", V1 + "OpenAI.ResponseStreamEvent", {"type": 5, "sequence_number": 0}, False))
    out.append(
        case(
            "sequence_number: '1' -> invalid",
            V1 + "OpenAI.ResponseStreamEvent",
            {"type": "response.reasoning_summary_text.delta", "sequence_number": "1"},
            False,
        )
    )
    out.append(
        case(
            "an event type added later is valid",
            V1 + "OpenAI.ResponseStreamEvent (unknown types allowed)",
            {"type": "response.reasoning_summary_text.delta", "sequence_number": 4, "delta": "x"},
            True,
        )
    )
    out.append(case("an event that is not an object -> invalid", V1 + "OpenAI.ResponseStreamEvent", ["x"], False))
    return out


IMAGE_INPUT_SRC = D000 + " §chat.completions.create() - image input Response (lines 721-804)"
IMAGE_INPUT = with_value(
    CHAT,
    ("prompt_filter_results",),
    [
        {"prompt_index": 0, "content_filter_results": {"jailbreak": dict(DET)}},
        {"prompt_index": 1, "content_filter_results": copy.deepcopy(CF4)},
    ],
)


def image_input_cases() -> list[dict[str, Any]]:
    """The image-input response is a chat.completion; both docs print one prompt result per prompt part."""
    out = fields(
        IMAGE_INPUT,
        IMAGE_INPUT_SRC,
        [("choices",), ("prompt_filter_results", 1, "prompt_index")],
        [(("prompt_filter_results", 1, "prompt_index"), "integer")],
    )
    singular = with_value(
        IMAGE_INPUT, ("prompt_filter_results", 1), {"prompt_index": 1, "content_filter_result": copy.deepcopy(CF4)}
    )
    out.append(
        case(
            "docs/003 spelling content_filter_result on the image prompt is valid",
            D003 + " §chat.completions.create() - image input Response",
            singular,
            True,
        )
    )
    out += filter_cases(
        IMAGE_INPUT,
        ("prompt_filter_results", 1, "content_filter_results"),
        ["hate", "sexual", "violence", "self_harm"],
        "image-input prompt_filter_results[1]",
    )
    return out


BUILDERS = {
    "chat.completions.create": chat_cases,
    "chat.completions.create.image_input": image_input_cases,
    "chat.completions.create.reasoning": chat_reasoning_cases,
    "chat.completions.create.stream": stream_cases,
    "completions.create": completion_cases,
    "embeddings.create": embedding_cases,
    "images.generate": image_cases,
    "audio.transcriptions.create": audio_cases,
    "error": error_cases,
    "responses.create": response_cases,
    "responses.create.reasoning": response_reasoning_cases,
    "responses.create.mcp_tool": response_mcp_cases,
    "responses.create.stream": response_stream_cases,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        cases = build()
        text = json.dumps(cases, indent=1, ensure_ascii=False) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    main()

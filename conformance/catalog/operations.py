"""The documented operations, as data: the single source of truth for cases, schemas, cassettes and rows.

Adding an operation = one entry here (alphabetical order of id), its schema(s) and one recording.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from conformance.catalog import endpoints as ep
from conformance.catalog.behaviour import RETRY_PROBES, STATUS_MAPPING_PROBES
from conformance.catalog.families import CHAT, MCP_REQUEST, chat, responses
from conformance.catalog.operation import (
    JAVASCRIPT,
    PYTHON,
    V1,
    VERSIONED,
    AudioFile,
    DocRef,
    DocumentedException,
    Operation,
    Probe,
)

__all__ = ["OPERATIONS", "V1", "VERSIONED", "AudioFile", "DocRef", "DocumentedException", "Operation", "Probe", "get"]

AUDIO_FILE = AudioFile()

_IMAGE_URL = (
    "https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/ai-foundry/openai/media/"
    "how-to/generated-seattle.png"
)


_WITH_JS = (PYTHON, JAVASCRIPT)  # docs 001/002 show these calls in JavaScript too

_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        id="audio.speech.create",
        call="audio.speech.create",
        endpoint=ep.AUDIO_SPEECH,
        deployment_kind="tts",
        request={"voice": "alloy", "input": "Testing, testing, 1,2,3."},
        schema=None,
        binary=True,
        surfaces=(VERSIONED,),
        preview_only=True,
        documented=(DocRef("003", "Audio / audio.speech.create()", note="requires a preview API version"),),
    ),
    Operation(
        id="audio.transcriptions.create",
        call="audio.transcriptions.create",
        endpoint=ep.AUDIO_TRANSCRIPTIONS,
        deployment_kind="transcription",
        request={"file": AUDIO_FILE},
        schema="audio.transcriptions.create",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Audio / audio.transcriptions.create()"),),
    ),
    chat(
        "chat.completions.create",
        sdks=_WITH_JS,
        documented=(
            DocRef("000", "Chat / chat.completions.create()"),
            DocRef("003", "Chat / chat.completions.create()"),
        ),
    ),
    chat(
        "chat.completions.create.image_input",
        request={
            "messages": [{"role": "user", "content": [
                {"type": "text", "text": "What's in this image?"},
                {"type": "image_url", "image_url": {"url": _IMAGE_URL}},
            ]}],
            "max_tokens": 300,
        },
        schema="chat.completions.create.image_input",
        documented=(
            DocRef("000", "Chat / chat.completions.create() - image input"),
            DocRef("003", "Chat / chat.completions.create() - image input"),
        ),
    ),
    chat(
        "chat.completions.create.reasoning",
        token_cap="max_completion_tokens",
        deployment_kind="reasoning",
        request={
            "messages": [
                {"role": "developer", "content": "You are a helpful assistant"},
                {"role": "user", "content": "Tell me about the bitter lesson"},
            ],
            "reasoning_effort": "low",
            "max_completion_tokens": 100000,
        },
        schema="chat.completions.create.reasoning",
        documented=(
            DocRef("001", "Chat", note="reasoning model: DeveloperChatMessage, ReasoningEffortLevel.Low"),
            DocRef("003", "Reasoning models", note="C#: ReasoningEffortLevel.Low, MaxOutputTokenCount"),
        ),
    ),
    chat(
        "chat.completions.create.stream",
        request={**CHAT, "stream": True},
        schema="chat.completions.create.stream",
        stream=True,
        documented=(
            DocRef("000", "Chat / chat.completions.create() - streaming"),
            DocRef("003", "Chat / chat.completions.create() - streaming"),
        ),
    ),
    chat(
        "client.request_id",
        documented=(DocRef("000", "Request IDs"), DocRef("003", "Request IDs")),
        probes=(
            Probe("completion", request_id=True),
            Probe("stream", stream=True, request_id=True),
        ),
    ),
    chat(
        "client.retries",
        sdks=_WITH_JS,
        documented=(DocRef("000", "Retries"), DocRef("003", "Retries")),
        probes=RETRY_PROBES,
    ),
    Operation(
        id="completions.create",
        token_cap="max_tokens",
        call="completions.create",
        endpoint=ep.COMPLETIONS,
        deployment_kind="completions",
        request={"prompt": "Hello World!", "max_tokens": 100, "temperature": 0},
        schema="completions.create",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Completions (legacy) / completions.create()"),),
    ),
    Operation(
        id="embeddings.create",
        call="embeddings.create",
        endpoint=ep.EMBEDDINGS,
        deployment_kind="embeddings",
        request={"input": "Attenion is all you need", "encoding_format": "float"},
        schema="embeddings.create",
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("000", "Embeddings / embeddings.create()"),
            DocRef("003", "Embeddings / embeddings.create()"),
        ),
        exceptions=(
            DocumentedException(
                surface=V1, auth="entra", status=401, error="AuthenticationError",
                source=DocRef("000", "Embeddings / embeddings.create() (Microsoft Entra ID tab)"),
                note="Embeddings currently do not support Microsoft Entra ID with Azure OpenAI and the v1 API.",
            ),
        ),
    ),
    chat(
        "errors.status_mapping",
        sdks=_WITH_JS,
        schema="error",
        documented=(DocRef("000", "Error handling / Error codes"), DocRef("003", "Error handling / Error codes")),
        probes=STATUS_MAPPING_PROBES,
    ),
    Operation(
        id="fine_tuning.jobs.create.error",
        call="fine_tuning.jobs.create",
        endpoint=ep.FINE_TUNING_JOBS,
        deployment_kind="chat",
        request={"training_file": "file-test"},
        schema="error",
        surfaces=(V1, VERSIONED),
        documented=(DocRef("000", "Error handling"), DocRef("003", "Error handling")),
        probes=(Probe("documented-example", raises="APIStatusError"),),
    ),
    Operation(
        id="images.generate",
        call="images.generate",
        endpoint=ep.IMAGE_GENERATIONS,
        deployment_kind="image",
        request={"prompt": "A rabbit eating pancakes", "n": 1, "size": "1024x1024", "quality": "hd",
                 "response_format": "url", "style": "vivid"},
        schema="images.generate",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Images / images.generate()"),),
    ),
    responses(
        "responses.create",
        sdks=_WITH_JS,
        request={"input": "This is a test."},
        documented=(DocRef("000", "Responses API / responses.create()"),),
    ),
    responses(
        "responses.create.mcp_tool",
        sdks=_WITH_JS,
        request=MCP_REQUEST,
        documented=(DocRef("000", "Responses API / responses.create() with MCP server tool"),),
    ),
    responses(
        "responses.create.reasoning",
        deployment_kind="reasoning",
        request={"input": "What's the optimal strategy to win at poker?", "reasoning": {"effort": "high"}},
        documented=(DocRef("001", "Responses API", note="ReasoningEffortLevel.High"),),
    ),
    responses(
        "responses.create.stream",
        sdks=_WITH_JS,
        request={"input": "Provide a brief history of the attention is all you need paper.", "stream": True},
        stream=True,
        documented=(DocRef("001", "Responses / Streaming", note="JavaScript"),),
    ),
)

OPERATIONS: Mapping[str, Operation] = MappingProxyType({op.id: op for op in _OPERATIONS})

if list(OPERATIONS) != sorted(OPERATIONS):  # pragma: no cover - guards the catalog's own rule
    raise RuntimeError("catalog entries must be in alphabetical order of id")


def get(operation_id: str) -> Operation:
    """The operation with this id, or a KeyError listing the known ids."""
    try:
        return OPERATIONS[operation_id]
    except KeyError:
        known = ", ".join(OPERATIONS)
        raise KeyError(f"unknown operation {operation_id!r}; known operations: {known}") from None

"""The documented operations, as data: the single source of truth for cases, schemas, cassettes and rows.

Adding an operation means one entry here, one schema file named after its id and one recording.
Entries stay in alphabetical order of id.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from conformance.operation import (
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

_CHAT_MESSAGES = (
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "When was Microsoft founded?"},
)
_CHAT = {"messages": list(_CHAT_MESSAGES)}
_IMAGE_URL = (
    "https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/ai-foundry/openai/media/"
    "how-to/generated-seattle.png"
)
_WITH_JS = (PYTHON, JAVASCRIPT)  # docs 001/002 show these calls in JavaScript too
_RETRY_STEP = ";retry_after_ms=5"  # short server-advised delays keep the retry probes fast

_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        id="audio.speech.create",
        call="audio.speech.create",
        path="/audio/speech",
        deployment_kind="tts",
        request={"voice": "alloy", "input": "Testing, testing, 1,2,3."},
        schema=None,
        binary=True,
        surfaces=(VERSIONED,),
        preview_only=True,
        documented=(DocRef("003", "Audio / audio.speech.create() (requires a preview API version)"),),
    ),
    Operation(
        id="audio.transcriptions.create",
        call="audio.transcriptions.create",
        path="/audio/transcriptions",
        deployment_kind="transcription",
        request={"file": AUDIO_FILE},
        schema="audio.transcriptions.create",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Audio / audio.transcriptions.create()"),),
    ),
    Operation(
        id="chat.completions.create",
        sdks=_WITH_JS,
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request=_CHAT,
        schema="chat.completions.create",
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("000", "Chat / chat.completions.create()"),
            DocRef("003", "Chat / chat.completions.create()"),
        ),
    ),
    Operation(
        id="chat.completions.create.image_input",
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request={
            "messages": [{"role": "user", "content": [
                {"type": "text", "text": "What's in this image?"},
                {"type": "image_url", "image_url": {"url": _IMAGE_URL}},
            ]}],
            "max_tokens": 300,
        },
        schema="chat.completions.create.image_input",
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("000", "Chat / chat.completions.create() - image input"),
            DocRef("003", "Chat / chat.completions.create() - image input"),
        ),
    ),
    Operation(
        id="chat.completions.create.reasoning",
        token_cap="max_completion_tokens",
        call="chat.completions.create",
        path="/chat/completions",
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
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("001", "Chat (reasoning model: DeveloperChatMessage, ReasoningEffortLevel.Low)"),
            DocRef("003", "C# Reasoning models (ReasoningEffortLevel.Low, MaxOutputTokenCount)"),
        ),
    ),
    Operation(
        id="chat.completions.create.stream",
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request={**_CHAT, "stream": True},
        schema="chat.completions.create.stream",
        stream=True,
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("000", "Chat / chat.completions.create() - streaming"),
            DocRef("003", "Chat / chat.completions.create() - streaming"),
        ),
    ),
    Operation(
        id="client.request_id",
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request=_CHAT,
        schema="chat.completions.create",
        surfaces=(V1, VERSIONED),
        documented=(DocRef("000", "Request IDs"), DocRef("003", "Request IDs")),
        probes=(
            Probe("completion", request_id=True),
            Probe("stream", stream=True, request_id=True),
        ),
    ),
    Operation(
        id="client.retries",
        sdks=_WITH_JS,
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request=_CHAT,
        schema="chat.completions.create",
        surfaces=(V1, VERSIONED),
        documented=(DocRef("000", "Retries"), DocRef("003", "Retries")),
        probes=(
            Probe("connection-error-retried", scenario="drop,ok", attempts=2),
            Probe("408-retried", scenario=f"status:408{_RETRY_STEP},ok", attempts=2),
            Probe("429-retried-twice", scenario=f"status:429{_RETRY_STEP},status:429{_RETRY_STEP},ok", attempts=3),
            Probe("500-retried-twice-then-raised", scenario=f"status:500{_RETRY_STEP}",
                  raises="InternalServerError", attempts=3),
            Probe("max_retries=0", scenario=f"status:429{_RETRY_STEP},ok", raises="RateLimitError",
                  attempts=1, max_retries=0),
            Probe("with_options(max_retries=5)", scenario=f"status:503{_RETRY_STEP}", raises="InternalServerError",
                  attempts=6, max_retries=5),
        ),
    ),
    Operation(
        id="completions.create",
        token_cap="max_tokens",
        call="completions.create",
        path="/completions",
        deployment_kind="completions",
        request={"prompt": "Hello World!", "max_tokens": 100, "temperature": 0},
        schema="completions.create",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Completions (legacy) / completions.create()"),),
    ),
    Operation(
        id="embeddings.create",
        call="embeddings.create",
        path="/embeddings",
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
    Operation(
        id="errors.status_mapping",
        sdks=_WITH_JS,
        token_cap="max_tokens",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request=_CHAT,
        schema="error",
        surfaces=(V1, VERSIONED),
        documented=(DocRef("000", "Error handling / Error codes"), DocRef("003", "Error handling / Error codes")),
        probes=tuple(
            Probe(name, scenario=scenario, raises=error, attempts=1, max_retries=0)
            for name, scenario, error in (
                ("400", "status:400", "BadRequestError"),
                ("401", "status:401", "AuthenticationError"),
                ("403", "status:403", "PermissionDeniedError"),
                ("404", "status:404", "NotFoundError"),
                ("422", "status:422", "UnprocessableEntityError"),
                ("429", "status:429", "RateLimitError"),
                ("500", "status:500", "InternalServerError"),
                ("503", "status:503", "InternalServerError"),
                ("no-connection", "drop", "APIConnectionError"),
            )
        ),
    ),
    Operation(
        id="fine_tuning.jobs.create.error",
        call="fine_tuning.jobs.create",
        path="/fine_tuning/jobs",
        deployment_kind="chat",
        deployment_in_path=False,
        request={"training_file": "file-test"},
        schema="error",
        surfaces=(V1, VERSIONED),
        documented=(DocRef("000", "Error handling"), DocRef("003", "Error handling")),
        probes=(Probe("documented-example", raises="APIStatusError"),),
    ),
    Operation(
        id="images.generate",
        call="images.generate",
        path="/images/generations",
        deployment_kind="image",
        request={"prompt": "A rabbit eating pancakes", "n": 1, "size": "1024x1024", "quality": "hd",
                 "response_format": "url", "style": "vivid"},
        schema="images.generate",
        surfaces=(VERSIONED,),
        documented=(DocRef("003", "Images / images.generate()"),),
    ),
    Operation(
        id="responses.create",
        sdks=_WITH_JS,
        token_cap="max_output_tokens",
        call="responses.create",
        path="/responses",
        deployment_kind="responses",
        request={"input": "This is a test."},
        schema="responses.create",
        surfaces=(V1,),
        documented=(DocRef("000", "Responses API / responses.create()"),),
    ),
    Operation(
        id="responses.create.mcp_tool",
        sdks=_WITH_JS,
        token_cap="max_output_tokens",
        call="responses.create",
        path="/responses",
        deployment_kind="responses",
        request={
            "tools": [{
                "type": "mcp",
                "server_label": "microsoft_learn",
                "server_description": "Microsoft Learn MCP server for searching and fetching Microsoft documentation.",
                "server_url": "https://learn.microsoft.com/api/mcp",
                "require_approval": "never",
            }],
            "input": "Search for information about Azure Functions",
        },
        schema="responses.create.mcp_tool",
        surfaces=(V1,),
        documented=(DocRef("000", "Responses API / responses.create() with MCP server tool"),),
    ),
    Operation(
        id="responses.create.reasoning",
        token_cap="max_output_tokens",
        call="responses.create",
        path="/responses",
        deployment_kind="reasoning",
        request={"input": "What's the optimal strategy to win at poker?", "reasoning": {"effort": "high"}},
        schema="responses.create.reasoning",
        surfaces=(V1,),
        documented=(DocRef("001", "Responses API (ReasoningEffortLevel.High)"),),
    ),
    Operation(
        id="responses.create.stream",
        sdks=_WITH_JS,
        token_cap="max_output_tokens",
        call="responses.create",
        path="/responses",
        deployment_kind="responses",
        request={"input": "Provide a brief history of the attention is all you need paper.", "stream": True},
        schema="responses.create.stream",
        stream=True,
        surfaces=(V1,),
        documented=(DocRef("001", "JavaScript Responses API / Streaming"),),
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

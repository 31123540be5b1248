"""The two operation families the catalog repeats: chat completions and the Responses API.

A family entry states only where it differs from the family's plain call, so the differences are what the
eye sees in `operations.py`.
"""

from __future__ import annotations

from conformance.catalog import endpoints as ep
from conformance.catalog.operation import V1, VERSIONED, Operation

_CHAT_MESSAGES = (
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "When was Microsoft founded?"},
)
CHAT = {"messages": list(_CHAT_MESSAGES)}


def chat(id: str, **differences: object) -> Operation:
    """A chat-family entry: the documented chat call on v1 and the versioned surface, capped by `max_tokens`.

    Entries spell out only where they differ from the plain chat completion, so the differences are what
    the eye sees.
    """
    shared: dict[str, object] = {
        "call": "chat.completions.create", "endpoint": ep.CHAT_COMPLETIONS, "deployment_kind": "chat",
        "token_cap": "max_tokens", "request": CHAT, "schema": "chat.completions.create",
        "surfaces": (V1, VERSIONED),
    }
    return Operation(id=id, **{**shared, **differences})  # type: ignore[arg-type]


def responses(id: str, **differences: object) -> Operation:
    """A Responses API entry: `responses.create` on the v1 surface, capped by `max_output_tokens`."""
    shared: dict[str, object] = {
        "call": "responses.create", "endpoint": ep.RESPONSES, "deployment_kind": "responses",
        "token_cap": "max_output_tokens", "schema": id, "surfaces": (V1,),
    }
    return Operation(id=id, **{**shared, **differences})  # type: ignore[arg-type]


# The MCP server tool request the Python (docs/000) and JavaScript (docs/001) examples both send.
MCP_REQUEST = {
    "tools": [{
        "type": "mcp",
        "server_label": "microsoft_learn",
        "server_description": "Microsoft Learn MCP server for searching and fetching Microsoft documentation.",
        # The JS page's copy shows a mirror host here; the Python page's (the service's own) URL is used.
        "server_url": "https://learn.microsoft.com/api/mcp",
        "require_approval": "never",
    }],
    "input": "Search for information about Azure Functions",
}

"""The JavaScript examples' request bodies (docs 001/002, JavaScript section), per catalog operation.

The JS examples send their own bodies (the Responses example adds `instructions`; the chat example asks
another question with `max_tokens: 100`; the retries example asks about Node.js), so they are catalog data
of their own beside the Python entries. An operation whose `sdks` lists javascript needs an entry here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from conformance.catalog.families import MCP_REQUEST
from conformance.catalog.operation import DocRef

_RETRIES_MESSAGES = [{"role": "user", "content": "How can I get the name of the current day in Node.js?"}]

# operation id -> (documented request without `model`, where the JS docs show it)
JS_REQUESTS: Mapping[str, tuple[Mapping[str, Any], DocRef]] = MappingProxyType({
    "responses.create": (
        {"instructions": "You are a helpful AI agent", "input": "Tell me about the bitter lesson?"},
        DocRef("001", "JavaScript Responses / responses.create"),
    ),
    "responses.create.stream": (
        {"input": "Provide a brief history of the attention is all you need paper.", "stream": True},
        DocRef("001", "JavaScript Responses / Streaming"),
    ),
    "responses.create.mcp_tool": (
        MCP_REQUEST,
        DocRef("001", "JavaScript Responses / MCP Server"),
    ),
    "chat.completions.create": (
        {
            "messages": [
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "Tell me about the attention is all you need paper"},
            ],
            "max_tokens": 100,
        },
        DocRef("001", "JavaScript Chat / chat.completions.create"),
    ),
    "errors.status_mapping": (
        {"messages": _RETRIES_MESSAGES}, DocRef("001", "JavaScript Error handling / Error codes"),
    ),
    "client.retries": ({"messages": _RETRIES_MESSAGES}, DocRef("001", "JavaScript Retries")),
})

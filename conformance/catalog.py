"""The documented operations, as data: the single source of truth for cases, schemas, cassettes and rows.

Adding an operation means one entry here, one schema file named after its id and one recording.
Entries stay in alphabetical order of id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

V1 = "v1"
VERSIONED = "versioned"


@dataclass(frozen=True)
class DocRef:
    """Where an operation is documented: the seed doc file prefix and the section heading."""

    doc: str
    section: str

    def __str__(self) -> str:
        return f"docs/{self.doc} §{self.section}"


@dataclass(frozen=True)
class DocumentedException:
    """A combination the docs single out, with the outcome they document for it."""

    surface: str
    auth: str
    status: int
    error: str
    source: DocRef
    note: str


@dataclass(frozen=True)
class Operation:
    """One documented SDK call; `id` names its schema, cassette, test id and report row."""

    id: str
    call: str
    path: str
    deployment_kind: str
    request: Mapping[str, Any]
    schema: str
    surfaces: tuple[str, ...]
    documented: tuple[DocRef, ...]
    stream: bool = False
    deployment_in_path: bool = True
    preview_only: bool = False
    exceptions: tuple[DocumentedException, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "request", MappingProxyType(dict(self.request)))
        unknown = set(self.surfaces) - {V1, VERSIONED}
        if unknown:
            raise ValueError(f"{self.id}: unknown surfaces {sorted(unknown)}")

    def exception_for(self, surface: str, auth: str) -> DocumentedException | None:
        """The documented exception for a surface family and auth mode, if the docs name one."""
        for exc in self.exceptions:
            if exc.surface == surface and exc.auth == auth:
                return exc
        return None


_CHAT_MESSAGES = (
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "When was Microsoft founded?"},
)

_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        id="chat.completions.create",
        call="chat.completions.create",
        path="/chat/completions",
        deployment_kind="chat",
        request={"messages": list(_CHAT_MESSAGES)},
        schema="chat.completions.create",
        surfaces=(V1, VERSIONED),
        documented=(
            DocRef("000", "Chat / chat.completions.create()"),
            DocRef("003", "Chat / chat.completions.create()"),
        ),
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

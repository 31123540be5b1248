"""The record types the catalog is made of: operations, where they are documented, probes, exceptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

V1 = "v1"
VERSIONED = "versioned"
PYTHON = "python"
JAVASCRIPT = "javascript"
SDKS = (PYTHON, JAVASCRIPT)


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
class Probe:
    """One scripted exchange inside a behaviour case: request variant, trigger, and documented outcome.

    `scenario` is a stand-in fault script (sent as the `standin-scenario` query); probes with one can
    only run against the stand-in or from cassettes, never against a real resource.
    """

    name: str
    scenario: str | None = None
    raises: str | None = None
    attempts: int | None = None
    max_retries: int | None = None
    stream: bool = False
    request_id: bool = False
    schema: str | None = None


@dataclass(frozen=True)
class Operation:
    """One documented SDK call; `id` names its schema, cassette, test id and report row."""

    id: str
    call: str
    path: str
    deployment_kind: str
    request: Mapping[str, Any]
    schema: str | None
    surfaces: tuple[str, ...]
    documented: tuple[DocRef, ...]
    stream: bool = False
    binary: bool = False
    deployment_in_path: bool = True
    preview_only: bool = False
    token_cap: str | None = None
    exceptions: tuple[DocumentedException, ...] = field(default=())
    probes: tuple[Probe, ...] = field(default=())
    # The SDKs whose docs show this call; each runs it (javascript: js/driver.mjs, on v1 only).
    sdks: tuple[str, ...] = (PYTHON,)

    def __post_init__(self) -> None:
        object.__setattr__(self, "request", MappingProxyType(dict(self.request)))
        unknown = set(self.surfaces) - {V1, VERSIONED}
        if unknown:
            raise ValueError(f"{self.id}: unknown surfaces {sorted(unknown)}")
        if set(self.sdks) - set(SDKS):
            raise ValueError(f"{self.id}: unknown sdks {sorted(set(self.sdks) - set(SDKS))}")
        if self.schema is None and not self.binary:
            raise ValueError(f"{self.id}: only binary operations may have no schema")

    @property
    def needs_standin(self) -> bool:
        """True when a probe's trigger cannot be produced safely on a real resource."""
        return any(p.scenario for p in self.probes)

    def exception_for(self, surface: str, auth: str) -> DocumentedException | None:
        """The documented exception for a surface family and auth mode, if the docs name one."""
        for exc in self.exceptions:
            if exc.surface == surface and exc.auth == auth:
                return exc
        return None


class AudioFile:
    """Placeholder in a request for the small WAV the project generates itself (see media.py)."""

    def __repr__(self) -> str:
        return "AudioFile()"

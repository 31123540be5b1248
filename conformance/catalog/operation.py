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
    """Where an operation is documented: the seed doc file prefix, the heading path ("Group / heading", each
    a heading line of that doc: tests/catalog/test_doc_refs.py) and a note on what the section shows."""

    doc: str
    section: str
    note: str = ""

    def __str__(self) -> str:
        return f"docs/{self.doc} §{self.section}" + (f" ({self.note})" if self.note else "")


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
class Endpoint:
    """One path of the service API: what every operation sent there shares, whichever SDK call sends it.

    The stand-in serves every endpoint the catalog names (its routes, deployment checks and error texts
    come from here), so an operation on an existing endpoint needs no stand-in change.
    """

    path: str  # below /openai/v1 and below /openai[/deployments/NAME] on the versioned surface
    operation_name: str  # the service's name for it, as its 429 messages put it (ChatCompletions_Create)
    model_check_name: str | None  # as "The X operation does not work with the specified model" puts it
    accepts: frozenset[str]  # deployment kinds whose models serve it; empty: the request names no deployment
    deployment_in_path: bool = True  # the versioned surface names the deployment in the path


@dataclass(frozen=True)
class Operation:
    """One documented SDK call; `id` names its schema, cassette, test id and report row."""

    id: str
    call: str
    endpoint: Endpoint
    deployment_kind: str
    request: Mapping[str, Any]
    schema: str | None
    surfaces: tuple[str, ...]
    documented: tuple[DocRef, ...]
    stream: bool = False
    binary: bool = False
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
        if self.endpoint.accepts and self.deployment_kind not in self.endpoint.accepts:
            raise ValueError(f"{self.id}: {self.endpoint.path} is not served by {self.deployment_kind} deployments")

    @property
    def path(self) -> str:
        return self.endpoint.path

    @property
    def deployment_in_path(self) -> bool:
        return self.endpoint.deployment_in_path

    @property
    def uploads_file(self) -> bool:
        """True when the request carries a file, so the SDK sends it as multipart/form-data."""
        return any(isinstance(value, AudioFile) for value in self.request.values())

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

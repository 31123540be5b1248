"""The case matrix: catalog operations × documented surfaces × auth modes × sync/async clients."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from conformance.catalog import operations as catalog
from conformance.catalog.config import AuthMode, Settings
from conformance.catalog.operations import V1, VERSIONED, Operation


class ClientKind(StrEnum):
    SYNC = "sync"
    ASYNC = "async"


@dataclass(frozen=True)
class Case:
    """One test case; its `id` is the pytest id and the report row key."""

    operation: Operation
    surface: str
    auth: AuthMode
    client: ClientKind

    @property
    def family(self) -> str:
        """`v1` or `versioned`: the client class family the surface is reached through."""
        return V1 if self.surface == V1 else VERSIONED

    @property
    def api_version(self) -> str | None:
        return None if self.surface == V1 else self.surface

    @property
    def param_id(self) -> str:
        return f"{self.operation.id}-{self.surface}-{self.auth.value}-{self.client.value}"

    @property
    def id(self) -> str:
        return f"{self.operation.id}[{self.surface}-{self.auth.value}-{self.client.value}]"


def surfaces_for(operation: Operation, settings: Settings) -> list[str]:
    """The concrete surfaces (v1 and/or api versions) an operation is documented on for this run."""
    out: list[str] = []
    if V1 in operation.surfaces:
        out.append(V1)
    if VERSIONED in operation.surfaces:
        for version in settings.api_versions:
            if operation.preview_only and not version.endswith("-preview"):
                continue
            out.append(version)
    return out


def build_cases(settings: Settings, operations: Iterable[Operation] | None = None) -> list[Case]:
    """Every documented case for this run, in catalog order (the catalog as it is now, not at import)."""
    cases = []
    for op in operations if operations is not None else catalog.OPERATIONS.values():
        for surface in surfaces_for(op, settings):
            for auth in settings.auth_modes:
                for client in ClientKind:
                    cases.append(Case(op, surface, auth, client))
    return cases

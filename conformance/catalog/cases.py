"""The case matrix: catalog operations × documented surfaces × auth modes × sync/async clients."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from conformance.catalog import operations as catalog
from conformance.catalog.config import AuthMode, Settings
from conformance.catalog.operation import JAVASCRIPT, PYTHON
from conformance.catalog.operations import V1, VERSIONED, Operation

JS_AUTH_MODES = (AuthMode.API_KEY, AuthMode.ENTRA)


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
    sdk: str = PYTHON

    @property
    def family(self) -> str:
        """`v1` or `versioned`: the client class family the surface is reached through."""
        return V1 if self.surface == V1 else VERSIONED

    @property
    def api_version(self) -> str | None:
        return None if self.surface == V1 else self.surface

    @property
    def param_id(self) -> str:
        return f"{self.operation.id}-{self._dims}"

    @property
    def id(self) -> str:
        return f"{self.operation.id}[{self._dims}]"

    @property
    def _dims(self) -> str:
        # Python ids keep their historical form (expectations and baselines are keyed by them); other SDKs add theirs.
        sdk = "" if self.sdk == PYTHON else f"-{self.sdk}"
        return f"{self.surface}-{self.auth.value}-{self.client.value}{sdk}"


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
        if JAVASCRIPT in op.sdks and V1 in op.surfaces:
            # The JS docs show the v1 client only, with a key or a bearer token provider; its calls are async.
            for auth in settings.auth_modes:
                if auth in JS_AUTH_MODES:
                    cases.append(Case(op, V1, auth, ClientKind.ASYNC, JAVASCRIPT))
    return cases

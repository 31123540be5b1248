"""The stand-in's routes, derived from the catalog: every endpoint a catalog operation is sent to is served.

Nothing here names an operation: paths, deployment checks, preview-only paths, file uploads and documented
refusals all come from the catalog's Operation and Endpoint records, so a new catalog entry on an existing
endpoint is served with no stand-in change, and one on a new endpoint fails start-up naming the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from conformance.catalog import operations as catalog
from conformance.catalog.config import AuthMode
from conformance.catalog.operation import V1, VERSIONED, Endpoint, Operation

_DEPLOYMENT_PATH = re.compile(r"/openai/deployments/([^/]+)(/.+)")


@dataclass(frozen=True)
class ServedEndpoint:
    """One endpoint as the stand-in serves it, with what its catalog operations say about it."""

    endpoint: Endpoint
    preview_only: bool  # on the versioned surface it exists only in preview api versions
    form: bool  # requests upload a file as multipart/form-data
    v1_refuses_entra: bool  # the docs say the v1 surface refuses Entra ID tokens here

    @property
    def name(self) -> str:
        return self.endpoint.operation_name

    @property
    def names_deployment(self) -> bool:
        """False when the request addresses no deployment (fine-tuning jobs name a base model)."""
        return bool(self.endpoint.accepts)


def _route(operations: list[Operation]) -> ServedEndpoint:
    endpoint = operations[0].endpoint
    refused = [exc for op in operations for exc in op.exceptions
               if exc.surface == V1 and exc.auth == AuthMode.ENTRA and exc.status == 401]
    return ServedEndpoint(endpoint, preview_only=all(op.preview_only for op in operations),
                 form=any(op.uploads_file for op in operations), v1_refuses_entra=bool(refused))


def routes(operations: Iterable[Operation] | None = None,
           replies: Mapping[str, Callable[..., object]] | None = None) -> dict[str, ServedEndpoint]:
    """Path (below the surface prefix) -> ServedEndpoint, for every endpoint of ``operations`` (default: the catalog).

    With ``replies`` (operation name -> reply builder), an endpoint the stand-in has no reply for is a
    start-up error naming the fix, never a 500 on the first request.
    """
    by_path: dict[str, list[Operation]] = {}
    for op in operations if operations is not None else catalog.OPERATIONS.values():
        by_path.setdefault(op.endpoint.path, []).append(op)
    table = {path: _route(ops) for path, ops in by_path.items()}
    for path, route in table.items():
        endpoints = {op.endpoint for op in by_path[path]}
        if len(endpoints) > 1:
            raise RuntimeError(f"catalog operations on {path} disagree about its endpoint: {endpoints}")
        if replies is not None and route.name not in replies:
            raise RuntimeError(f"the stand-in has no reply for {route.name} ({path}); add a builder for it "
                               "to conformance/standin/streams.py REPLIES")
    return table


def resolve(path: str, table: Mapping[str, ServedEndpoint]) -> tuple[str, ServedEndpoint, str | None] | None:
    """(surface, route, deployment named in the path) for a path the resource answers, else None."""
    if path.startswith("/openai/v1/"):
        route = table.get(path[len("/openai/v1"):])
        return (V1, route, None) if route is not None else None
    match = _DEPLOYMENT_PATH.fullmatch(path)
    if match:
        route = table.get(match.group(2))
        return (VERSIONED, route, match.group(1)) if route is not None and route.endpoint.deployment_in_path \
            else None
    route = table.get(path.removeprefix("/openai")) if path.startswith("/openai/") else None
    return (VERSIONED, route, None) if route is not None and not route.endpoint.deployment_in_path else None

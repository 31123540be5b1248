"""Calling the SDK as the docs do: the documented call path, via `.with_raw_response`, sync or async.

The SDK still parses every response (and iterates every stream), so a body it cannot consume fails the
case even when the raw JSON validates.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conformance.calling import media
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.operation import AudioFile


@dataclass
class Call:
    """What the SDK handed back: the parsed object (or stream) and, for streams, the response headers."""

    parsed: Any = None
    stream_headers: Mapping[str, str] | None = None


def request_kwargs(case: Case, deployment: str, token_cap: int = 0) -> dict[str, Any]:
    """The documented request with the run's deployment as `model`, generated media, and the token cap.

    The cap bounds the output of every generating call in every mode (so cassettes match the requests
    replay sends): the documented value when it is lower, the cap otherwise; 0 disables it.
    """
    kwargs: dict[str, Any] = {"model": deployment}
    for key, value in case.operation.request.items():
        kwargs[key] = media.upload() if isinstance(value, AudioFile) else value
    param = case.operation.token_cap
    if param and token_cap > 0:
        documented = kwargs.get(param)
        kwargs[param] = min(int(documented), token_cap) if documented is not None else token_cap
    return kwargs


def resolve(client: Any, call: str) -> Any:
    """`client.a.b.with_raw_response.c` for call path `a.b.c`."""
    *parents, method = call.split(".")
    target = client
    for name in parents:
        target = getattr(target, name)
    return getattr(target.with_raw_response, method)


def _finish(parsed: Any, stream: bool) -> Call:
    if not stream:
        return Call(parsed=parsed)
    return Call(parsed=parsed, stream_headers=dict(parsed.response.headers))


def call_sync(client: Any, call: str, kwargs: dict[str, Any], stream: bool) -> Call:
    raw = resolve(client, call)(**kwargs)
    parsed = raw.parse()
    result = _finish(parsed, stream)
    if stream:
        for _chunk in parsed:  # the SDK must be able to consume every event, Azure's filter frames included
            pass
    return result


async def call_async(client: Any, call: str, kwargs: dict[str, Any], stream: bool) -> Call:
    raw = await resolve(client, call)(**kwargs)
    parsed = raw.parse()
    if inspect.isawaitable(parsed):
        parsed = await parsed
    result = _finish(parsed, stream)
    if stream:
        async for _chunk in parsed:
            pass
    return result


def call(session: Any, case: Case, client: Any, kwargs: dict[str, Any], stream: bool) -> Call:
    """Run the documented call on the case's client kind (async ones on the session's loop)."""
    if case.client is ClientKind.ASYNC:
        return session.loop.run(call_async(client, case.operation.call, kwargs, stream))
    return call_sync(client, case.operation.call, kwargs, stream)

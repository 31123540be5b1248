"""A tap between the SDK and the real transport: records each request and the raw response bytes.

It sits above httpx2's HTTPTransport, which vcrpy patches, so in replay it sees exactly what the client
sent (headers included, before any scrubbing) and exactly the bytes the cassette played back, and in live
mode exactly what crossed the wire. Stream bodies are teed as the SDK consumes them, so validation sees
the events as received rather than SDK models.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

import httpx2

# A cassette cannot hold "no response", so a connection fault is recorded as a synthetic 599 carrying
# this header, and turned back into the same transport exception on replay.
FAULT_HEADER = "x-aoai-conformance-fault"
FAULT_STATUS = 599

FaultRecorder = Callable[[httpx2.Request, bytes, str], None]


def raise_recorded_fault(response: httpx2.Response) -> None:
    """Re-raise the transport exception a replayed synthetic fault response stands for."""
    name = response.headers.get(FAULT_HEADER)
    if name is None:
        return
    cls = getattr(httpx2, name, None)
    if not (isinstance(cls, type) and issubclass(cls, httpx2.TransportError)):
        cls = httpx2.RemoteProtocolError
    raise cls(f"recorded connection fault: {name}")


@dataclass
class Attempt:
    """One HTTP attempt: the request as sent and the response as received (body filled as it is read)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    complete: bool = False
    error: str | None = None

    @property
    def response_body(self) -> bytes:
        return b"".join(self.chunks)


class Tap:
    """Collects attempts; the runner clears it before a case and reads it after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.attempts: list[Attempt] = []
        self.on_fault: FaultRecorder | None = None

    def fault(self, attempt: Attempt, request: httpx2.Request, exc: Exception) -> None:
        attempt.error = f"{type(exc).__name__}: {exc}"
        if self.on_fault is not None and isinstance(exc, httpx2.TransportError):
            self.on_fault(request, attempt.body, type(exc).__name__)

    def clear(self) -> None:
        with self._lock:
            self.attempts = []

    def start(self, request: httpx2.Request, body: bytes) -> Attempt:
        attempt = Attempt(
            method=request.method,
            url=str(request.url),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        with self._lock:
            self.attempts.append(attempt)
        return attempt


class _Tee:
    """Records the bytes of one response body into its Attempt, however often the body is iterated.

    A live network body is single-pass: the async SDK iterates it a second time after `[DONE]` to drain
    the connection (openai `drain_response_async`), and that pass yields only what is left, usually
    nothing. So a later pass over a live body continues the record instead of restarting it. A replayed
    or recorded body (vcrpy hands back an `httpx2.ByteStream`) is whole on every pass, so each pass
    restarts the record and the bytes are never doubled.
    """

    def __init__(self, inner: object, attempt: Attempt) -> None:
        self._replayable = isinstance(inner, httpx2.ByteStream)
        self._attempt = attempt
        self._passes = 0

    def begin(self) -> None:
        if self._passes == 0 or self._replayable:
            self._attempt.chunks = []
            self._attempt.complete = False
        self._passes += 1

    def add(self, chunk: bytes) -> None:
        self._attempt.chunks.append(chunk)

    def end(self) -> None:
        self._attempt.complete = True


class _TeeStream(httpx2.SyncByteStream):
    def __init__(self, inner: httpx2.SyncByteStream, attempt: Attempt) -> None:
        self._inner = inner
        self._tee = _Tee(inner, attempt)

    def __iter__(self) -> Iterator[bytes]:
        self._tee.begin()
        for chunk in self._inner:
            self._tee.add(chunk)
            yield chunk
        self._tee.end()

    def close(self) -> None:
        self._inner.close()


class _AsyncTeeStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, attempt: Attempt) -> None:
        self._inner = inner
        self._tee = _Tee(inner, attempt)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self._tee.begin()
        async for chunk in self._inner:
            self._tee.add(chunk)
            yield chunk
        self._tee.end()

    async def aclose(self) -> None:
        await self._inner.aclose()


def _wrap(
    request: httpx2.Request, response: httpx2.Response, stream: httpx2.SyncByteStream | httpx2.AsyncByteStream
) -> httpx2.Response:
    # vcrpy's stubs build responses without a request attached, so take it from the call.
    return httpx2.Response(
        response.status_code,
        headers=response.headers,
        stream=stream,
        request=request,
        extensions=response.extensions,
    )


class TapTransport(httpx2.BaseTransport):
    """Sync transport: delegates to a real HTTPTransport and reports to a Tap."""

    def __init__(self, tap: Tap, inner: httpx2.BaseTransport) -> None:
        self._tap = tap
        self._inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        attempt = self._tap.start(request, request.read())
        try:
            response = self._inner.handle_request(request)
            raise_recorded_fault(response)
        except Exception as exc:
            self._tap.fault(attempt, request, exc)
            raise
        attempt.status = response.status_code
        attempt.response_headers = {k.lower(): v for k, v in response.headers.items()}
        assert isinstance(response.stream, httpx2.SyncByteStream)
        return _wrap(request, response, _TeeStream(response.stream, attempt))

    def close(self) -> None:
        self._inner.close()


class AsyncTapTransport(httpx2.AsyncBaseTransport):
    """Async transport: delegates to a real AsyncHTTPTransport and reports to a Tap."""

    def __init__(self, tap: Tap, inner: httpx2.AsyncBaseTransport) -> None:
        self._tap = tap
        self._inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        attempt = self._tap.start(request, await request.aread())
        try:
            response = await self._inner.handle_async_request(request)
            raise_recorded_fault(response)
        except Exception as exc:
            self._tap.fault(attempt, request, exc)
            raise
        attempt.status = response.status_code
        attempt.response_headers = {k.lower(): v for k, v in response.headers.items()}
        assert isinstance(response.stream, httpx2.AsyncByteStream)
        return _wrap(request, response, _AsyncTeeStream(response.stream, attempt))

    async def aclose(self) -> None:
        await self._inner.aclose()

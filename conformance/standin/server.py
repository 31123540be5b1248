"""Run the stand-in under uvicorn, on loopback only: in a background thread (StandIn) or blocking (serve)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

from conformance.catalog.config import DEFAULT_DEPLOYMENTS
from conformance.errors import ConformanceError
from conformance.standin import faults
from conformance.standin.app import RequestLog, create_app

STARTUP_TIMEOUT = 10.0


class ServeError(ConformanceError, ValueError):
    """`serve` cannot start: a busy port, a bad scenario or a non-loopback host (one line, no traceback)."""


class _Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.value = 0

    def increment(self) -> None:
        with self._lock:
            self.value += 1


def _protocol(counter: _Counter) -> type[H11Protocol]:
    """An HTTP protocol that counts every accepted TCP connection and lets the app abort its own."""

    class CountingProtocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            counter.increment()
            super().connection_made(transport)
            app = self.app

            async def with_drop(scope: Any, receive: Any, send: Any) -> None:
                # The "drop" fault must close the socket with no response; ASGI offers no way to do that.
                extensions = {**(scope.get("extensions") or {}), "standin.drop": transport.abort}
                await app({**scope, "extensions": extensions}, receive, send)

            self.app = with_drop

    return CountingProtocol


def check_loopback(host: str) -> str:
    """The address to bind for ``host``; ValueError unless it is a loopback address."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"refusing to serve on {host!r}: not an IP address or 'localhost'") from None
    if not address.is_loopback:
        raise ValueError(f"refusing to serve on {host!r}: not a loopback address; the stand-in accepts a "
                         "fixed key and token, so it must not be reachable from other machines")
    return host


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio disables Nagle only on sockets that say they are TCP; with proto 0 every
    # answer (headers and body are two writes) waited for the client's delayed ACK, ~40 ms a request.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class _AnnouncingServer(uvicorn.Server):
    """Calls ``on_ready`` once uvicorn is actually accepting connections, never before."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self._on_ready()


def _server(app: Any, counter: _Counter, quiet: bool, on_ready: Callable[[], None] = lambda: None) -> uvicorn.Server:
    config = uvicorn.Config(app, http=_protocol(counter), lifespan="off", ws="none", access_log=not quiet,
                            timeout_graceful_shutdown=1, log_config=None if quiet else LOGGING_CONFIG)
    return _AnnouncingServer(config, on_ready)


class StandIn:
    """A local Azure OpenAI stand-in on 127.0.0.1, served from a background thread."""

    def __init__(self, api_key: str = "k", token: str = "t", port: int = 0,
                 deployments: Mapping[str, str] = DEFAULT_DEPLOYMENTS, scenario: str = "ok") -> None:
        self.api_key, self.token, self.deployments = api_key, token, dict(deployments)
        self.scenario = scenario
        self.port = port
        self.requests = RequestLog()
        self._counter = _Counter()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def connections(self) -> int:
        """TCP connections accepted so far, whether or not a full request arrived on them."""
        return self._counter.value

    def start(self) -> StandIn:
        if self._thread is not None:
            raise RuntimeError("StandIn is already running")
        sock = _listen("127.0.0.1", self.port)
        self.port = sock.getsockname()[1]
        app = create_app(self.api_key, self.token, self.deployments, self.requests, self.scenario)
        server = self._server = _server(app, self._counter, quiet=True)
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                                        name=f"standin-{self.port}")
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                sock.close()
                raise RuntimeError(f"the stand-in did not start on port {self.port}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


def serve(port: int, api_key: str, token: str, host: str = "127.0.0.1", scenario: str = "ok",
          on_ready: Callable[[int], None] | None = None) -> None:
    """Serve the stand-in in the foreground until interrupted (the ``aoai-conformance serve`` command).

    Every start-up problem is a ServeError raised before anything is announced; ``on_ready`` gets the bound
    port (``port=0`` picks a free one) once the server accepts connections.
    """
    try:
        bind = check_loopback(host)
        faults.parse_scenario(scenario)
    except ValueError as exc:
        raise ServeError(f"{exc}; see conformance/standin/faults.py for the scenario syntax"
                         if isinstance(exc, faults.ScenarioError) else str(exc)) from None
    app = create_app(api_key, token, DEFAULT_DEPLOYMENTS, scenario=scenario)
    try:
        sock = _listen(bind, port)
    except OSError as exc:
        raise ServeError(f"cannot listen on {bind}:{port} ({exc.strerror or exc}); pick another --port, "
                         "or --port 0 for any free one") from None
    bound = sock.getsockname()[1]
    _server(app, _Counter(), quiet=False, on_ready=lambda: on_ready(bound) if on_ready else None).run(sockets=[sock])

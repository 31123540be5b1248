"""Run the stand-in under uvicorn, on loopback only: in a background thread (StandIn) or blocking (serve)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG
from uvicorn.protocols.http.h11_impl import H11Protocol

from conformance.standin.app import DEFAULT_DEPLOYMENTS, RequestLog, create_app

STARTUP_TIMEOUT = 10.0


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
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _server(app: Any, counter: _Counter, quiet: bool) -> uvicorn.Server:
    config = uvicorn.Config(app, http=_protocol(counter), lifespan="off", ws="none", access_log=not quiet,
                            timeout_graceful_shutdown=1, log_config=None if quiet else LOGGING_CONFIG)
    return uvicorn.Server(config)


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


def serve(port: int, api_key: str, token: str, host: str = "127.0.0.1", scenario: str = "ok") -> None:
    """Serve the stand-in in the foreground until interrupted (the ``aoai-conformance serve`` command)."""
    bind = check_loopback(host)
    app = create_app(api_key, token, DEFAULT_DEPLOYMENTS, scenario=scenario)
    sock = _listen(bind, port)
    _server(app, _Counter(), quiet=False).run(sockets=[sock])

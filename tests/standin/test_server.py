"""StandIn lifecycle: port 0, connection counting, clean stop; serve refuses non-loopback hosts."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from conformance.catalog import config
from conformance.standin import DEFAULT_DEPLOYMENTS, SUPPORTED_API_VERSIONS, StandIn, serve
from conformance.standin.server import _listen


def test_port_zero_picks_a_free_port() -> None:
    with StandIn(api_key="k", token="t", port=0) as one, StandIn(port=0) as two:
        assert one.port > 0 and two.port > 0 and one.port != two.port
        assert one.url == f"http://127.0.0.1:{one.port}"


def test_connections_are_counted_even_without_a_request() -> None:
    with StandIn() as server:
        assert server.connections == 0
        with socket.create_connection(("127.0.0.1", server.port), timeout=2):
            deadline = time.monotonic() + 2
            while server.connections == 0 and time.monotonic() < deadline:
                time.sleep(0.005)
        assert server.connections == 1
        assert len(server.requests) == 0


def test_stop_is_quick_and_frees_the_port() -> None:
    server = StandIn().start()
    port = server.port
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    began = time.monotonic()
    server.stop()
    assert time.monotonic() - began < 1
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_custom_deployments() -> None:
    import httpx2

    with StandIn(deployments={"chat": "my-chat"}) as server, httpx2.Client(base_url=server.url) as client:
        body = {"messages": [{"role": "user", "content": "hi"}]}
        ok = client.post("/openai/deployments/my-chat/chat/completions?api-version=2024-10-21", json=body,
                         headers={"api-key": "k"})
        missing = client.post("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", json=body,
                              headers={"api-key": "k"})
    assert ok.status_code == 200 and missing.json()["error"]["code"] == "DeploymentNotFound"


def test_public_constants() -> None:
    # The stand-in restates neither: both are the catalog settings' own objects.
    assert SUPPORTED_API_VERSIONS is config.KNOWN_API_VERSIONS and DEFAULT_DEPLOYMENTS is config.DEFAULT_DEPLOYMENTS
    assert DEFAULT_DEPLOYMENTS["chat"] == "gpt-4o" and len(DEFAULT_DEPLOYMENTS) == 8
    for version in ("2024-02-01", "2024-06-01", "2024-10-21", "2024-10-01-preview", "2025-04-01-preview"):
        assert version in SUPPORTED_API_VERSIONS


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_serve_refuses_non_loopback_hosts(host: str) -> None:
    with pytest.raises(ValueError, match="refusing to serve"):
        serve(0, "k", "t", host=host)


def test_each_accepted_connection_has_nagle_disabled() -> None:
    # asyncio disables Nagle only on sockets whose proto says TCP. With proto 0 the stand-in's answers
    # (headers and body are two writes) each waited for the client's delayed ACK: ~44 ms a request, not ~2.5.
    async def accept_one() -> int:
        listener = _listen("127.0.0.1", 0)
        with listener, socket.create_connection(listener.getsockname(), timeout=2):
            accepted, _ = listener.accept()
            transport, _ = await asyncio.get_running_loop().connect_accepted_socket(asyncio.Protocol, accepted)
            try:
                return int(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            finally:
                transport.close()

    assert asyncio.run(accept_one()) == 1

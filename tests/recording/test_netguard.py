"""Replay's socket-level network block, directly: inside it no connection leaves the process."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance.calling import invoke
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode, Settings
from conformance.recording import netguard
from conformance.suite.runner import Session, run_case
from conformance.verdicts.results import Outcome

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, tuple[str, int]]]:
    """A listening loopback socket: a connection to it would succeed if nothing stopped it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    yield server, server.getsockname()
    server.close()


def _accepted(server: socket.socket) -> int:
    count = 0
    try:
        while True:
            conn, _ = server.accept()
            conn.close()
            count += 1
    except TimeoutError:
        return count


def test_inside_the_block_connect_and_connect_ex_raise_naming_the_address(listener: Any) -> None:
    server, address = listener
    with netguard.blocked():
        for method in ("connect", "connect_ex"):
            with socket.socket() as sock, pytest.raises(netguard.NetworkBlockedError, match=str(address[1])):
                getattr(sock, method)(address)
    assert _accepted(server) == 0


def test_outside_the_block_connections_work_and_the_block_is_undone_after_an_error(listener: Any) -> None:
    server, address = listener
    with pytest.raises(ZeroDivisionError), netguard.blocked():
        1 / 0  # noqa: B018
    with socket.create_connection(address, timeout=2):
        pass
    assert _accepted(server) == 1


def test_local_unix_sockets_stay_allowed(tmp_path: Path) -> None:
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen(1)
        with netguard.blocked(), socket.socket(socket.AF_UNIX) as client:
            client.connect(path)  # event loops use socketpairs/unix sockets internally


def test_a_replay_case_that_reaches_for_the_network_is_an_error_and_nothing_leaves(
    listener: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, address = listener

    def stray(*args: Any, **kwargs: Any) -> Any:  # e.g. a credential probing a metadata endpoint
        with socket.socket() as sock:
            sock.connect(address)
        raise AssertionError("the connection should have been refused")

    monkeypatch.setattr(invoke, "call", stray)
    session = Session(Settings(), REPO / "cassettes")
    try:
        case = Case(catalog.get("embeddings.create"), "v1", AuthMode.API_KEY, ClientKind.SYNC)
        row = run_case(session, case)
    finally:
        session.close()
    assert row.outcome in (Outcome.FAILED, Outcome.ERROR) and "replay mode blocks the network" in row.message
    assert _accepted(server) == 0

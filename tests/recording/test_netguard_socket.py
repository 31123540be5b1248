"""The replay network block, directly: every outgoing inet connection raises, local UNIX sockets do not,
and leaving the block (normally or by an exception) restores the real socket methods."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.recording import netguard
from conformance.recording.netguard import NetworkBlockedError, blocked


@pytest.fixture
def listener() -> Iterator[tuple[str, int]]:
    """A listening TCP socket on 127.0.0.1 (a free port), so an unblocked connect succeeds."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    try:
        yield server.getsockname()
    finally:
        server.close()


def test_connect_is_refused_inside_the_block_naming_the_address_and_the_fix(listener: tuple[str, int]) -> None:
    with blocked(), socket.socket() as sock, pytest.raises(NetworkBlockedError) as caught:
        sock.connect(listener)
    message = str(caught.value)
    assert repr(listener) in message
    assert "--mode live" in message and "--mode record" in message


def test_connect_ex_is_refused_too(listener: tuple[str, int]) -> None:
    with blocked(), socket.socket() as sock, pytest.raises(NetworkBlockedError) as caught:
        sock.connect_ex(listener)
    assert str(caught.value) == (
        f"replay mode blocks the network, but something tried to connect to {listener!r}; "
        "replay serves every request from cassettes (use --mode live or --mode record to reach an endpoint)")


def test_the_error_is_a_runtime_error() -> None:
    assert issubclass(NetworkBlockedError, RuntimeError)


def test_unix_sockets_stay_usable(tmp_path: Path) -> None:
    """AF_UNIX connections never leave the machine (asyncio's self-pipe and local IPC use them)."""
    path = str(tmp_path / "s")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    try:
        with blocked(), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as a, \
                socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as b:
            a.connect(path)
            assert b.connect_ex(path) == 0
    finally:
        server.close()


def test_the_block_is_lifted_afterwards(listener: tuple[str, int]) -> None:
    with blocked():
        pass
    with socket.socket() as sock:
        sock.connect(listener)
    with socket.socket() as sock:
        assert sock.connect_ex(listener) == 0
    assert socket.socket.connect is netguard._original_connect
    assert socket.socket.connect_ex is netguard._original_connect_ex


def test_the_block_is_lifted_after_an_exception(listener: tuple[str, int]) -> None:
    with pytest.raises(KeyError), blocked():
        raise KeyError("boom")
    with socket.socket() as sock:
        sock.connect(listener)
    with socket.socket() as sock:
        assert sock.connect_ex(listener) == 0

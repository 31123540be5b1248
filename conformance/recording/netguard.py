"""Replay's network block: any outgoing socket connection raises instead of leaving the process.

vcrpy in record mode `none` already refuses unmatched requests, but a block at the socket layer also
covers anything that bypasses the patched transports (a credential probing IMDS, a stray client).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class NetworkBlockedError(RuntimeError):
    """Raised when code tries to open a network connection during a replay run."""


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex


def _refuse(sock: socket.socket, address: Any) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    raise NetworkBlockedError(
        f"replay mode blocks the network, but something tried to connect to {address!r}; "
        "replay serves every request from cassettes (use --mode live or --mode record to reach an endpoint)"
    )


def _connect(self: socket.socket, address: Any) -> None:
    _refuse(self, address)
    _original_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _refuse(self, address)
    return _original_connect_ex(self, address)


@contextmanager
def blocked() -> Iterator[None]:
    """Block outgoing connections for the duration of the block."""
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = _original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _original_connect_ex  # type: ignore[method-assign]

"""`aoai-conformance serve`: start-up problems are one line (exit 2); "serving on" only once it answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx2
import pytest

from conformance import cli
from conformance.standin import serve
from conformance.standin.server import ServeError


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def _serve_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["serve", "--api-key", "k", "--token", "t", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_busy_port_is_one_line_and_nothing_is_announced(busy_port: int,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _serve_cli(capsys, "--port", str(busy_port))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"cannot listen on 127.0.0.1:{busy_port}" in err and "--port" in err


def test_a_bad_scenario_is_one_line_and_nothing_is_announced(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _serve_cli(capsys, "--port", "0", "--scenario", "status:429,bogus")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown scenario step 'bogus'" in err


def test_serve_raises_before_calling_on_ready(busy_port: int) -> None:
    announced: list[int] = []
    with pytest.raises(ServeError, match="cannot listen"):
        serve(busy_port, "k", "t", on_ready=announced.append)
    assert announced == []


def test_serving_on_names_the_bound_port_and_the_server_answers() -> None:
    """`--port 0` announces the port it got; a request sent right after the line is answered."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "AOAI_"))}
    with subprocess.Popen([sys.executable, "-m", "conformance.cli", "serve", "--port", "0", "--api-key", "k",
                           "--token", "t"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=env) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("stand-in serving on http://127.0.0.1:"), line
            url = line.split()[3]
            assert not url.endswith(":0")
            response = httpx2.post(f"{url}/openai/v1/chat/completions", json={}, timeout=5)
            assert response.status_code == 401
        finally:
            proc.kill()

"""`aoai-conformance replay-server` as a user starts it: a process on 127.0.0.1 any HTTP client can replay from."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from conformance.calling import auth
from conformance.recording.replay_server import MISMATCH_HEADER
from tests.support import run_cli

REPO = Path(__file__).resolve().parents[2]
CHAT = "javascript/v1/chat.completions.create.json"
STARTUP_SECONDS = 60


def _recorded_request() -> tuple[str, bytes]:
    first = json.loads((REPO / "cassettes" / CHAT).read_text())["interactions"][0]["request"]
    path = "/" + first["uri"].split("://", 1)[1].split("/", 1)[1]
    return path, str(first["body"]).encode()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    shutil.copytree(REPO / "cassettes" / "javascript", tmp_path / "cassettes" / "javascript")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_"))}
    env["PYTHONPATH"] = str(REPO)
    # The context manager closes the pipes; `finally` kills the process if a test left it running.
    with subprocess.Popen(
        [sys.executable, "-m", "conformance.commands.cli", "replay-server",
         "--cassette-dir", str(tmp_path / "cassettes")],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            ready, _, _ = select.select([proc.stdout], [], [], STARTUP_SECONDS)
            line = proc.stdout.readline() if ready else ""
            assert " on http://127.0.0.1:" in line, f"no startup line: {line!r}"
            yield proc, line.split(" on ", 1)[1].split(" ", 1)[0]
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)


def test_the_command_serves_a_recording_names_a_mismatch_and_stops_on_ctrl_c(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    proc, url = served
    path, body = _recorded_request()
    headers = {"authorization": f"Bearer {auth.REPLAY_API_KEY}", "content-type": "application/json"}
    assert httpx2.post(url + "/__aoai-conformance/cassette", json={"cassette": CHAT}).status_code == 200

    reply = httpx2.post(url + path, content=body, headers=headers)
    assert reply.status_code == 200 and reply.json()["object"] == "chat.completion"

    changed = json.loads(body)
    changed["max_tokens"] = 7
    mismatch = httpx2.post(url + path, content=json.dumps(changed).encode(), headers=headers)
    assert mismatch.status_code == 404 and mismatch.headers[MISMATCH_HEADER] == "mismatch"
    assert "$.max_tokens is 7 in the request" in mismatch.json()["error"]["message"]

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
    with pytest.raises(httpx2.TransportError):
        httpx2.get(url + "/openai/v1/models", timeout=5)  # stopped: nothing listens there any more


def test_record_without_an_endpoint_names_the_fix(tmp_path: Path) -> None:
    result = run_cli("replay-server", "--cassette-dir", str(tmp_path), "--record", cwd=tmp_path)
    assert result.returncode != 0
    assert "--record needs --endpoint URL" in result.stderr and "Traceback" not in result.stderr

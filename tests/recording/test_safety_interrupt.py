"""Nothing half-written: a record run stopped with SIGINT, and two xdist workers recording at once."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from vcr.request import Request

from conformance.recording import cassette_format, matchers
from conformance.standin import StandIn
from tests.support import REPO, SURFACES
from tests.support.leaky import LeakyProxy, cli, cli_env
from tests.support.sdk_rows import JS_REASON

OPERATIONS = "chat.completions.create,chat.completions.create.stream,embeddings.create"


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_sigint_mid_record_restores_every_cassette(tmp_path: Path, canary_standin: StandIn) -> None:
    cassettes = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", cassettes)
    before = _snapshot(cassettes)
    log = (tmp_path / "output.txt").open("wb")  # a file, not a pipe: a full pipe would stall the run
    with log, LeakyProxy(canary_standin, leak=False) as proxy:
        proc = subprocess.Popen(
            [sys.executable, "-m", "conformance.commands.cli", "run", "--mode", "record", "--endpoint",
             f"http://127.0.0.1:{proxy.port}", "--operations", OPERATIONS, "--cassette-dir", str(cassettes),
             "--report-dir", str(tmp_path / "reports")],
            cwd=tmp_path, env=cli_env(), stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while _snapshot(cassettes) == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # polling for an event, not timing one
        # At least one cassette is rewritten. Close the gate and wait until the run's next request is held
        # there: the run is then provably mid-way (it cannot finish) when the signal arrives.
        proxy.open.clear()
        assert proxy.held.acquire(timeout=60), "the run made no further request"
        assert proc.poll() is None, "the run finished before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    output = (tmp_path / "output.txt").read_text()
    assert proc.returncode != 0, output
    # Cassettes were rewritten mid-run (the poll above saw it); the interrupt put every one of them back,
    # so none holds only the episodes recorded before the signal.
    assert "record run interrupted:" in output and "restored to their state before this run" in output, output
    after = _snapshot(cassettes)
    assert not [p for p in after if p.name.endswith(".tmp")]
    assert after == before


def _request_keys(root: Path) -> dict[str, set[str]]:
    out = {}
    for path in sorted(root.rglob("*.json")):
        data = cassette_format.deserialize(path.read_text())
        cassette_format.check_structure(data)
        keys = set()
        for item in data["interactions"]:
            req = Request._from_dict(item["request"])
            kind, body = matchers._normalised_body(req)
            keys.add(json.dumps([req.method, req.path, req.query, matchers.credential_form(req), kind, repr(body)],
                                default=str))
        out[path.relative_to(root).as_posix()] = keys
    return out


@pytest.mark.e2e
def test_two_xdist_workers_record_every_episode_a_serial_run_does(tmp_path: Path, canary_standin: StandIn) -> None:
    runs = {}
    for name, extra in (("serial", []), ("parallel", ["--", "-n", "2"])):
        out = tmp_path / name
        result = cli("run", "--mode", "record", "--endpoint", canary_standin.url, "--operations", OPERATIONS,
                     "--cassette-dir", str(out), "--report-dir", str(tmp_path / f"{name}-report"), *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        runs[name] = _request_keys(out)
    assert runs["parallel"] == runs["serial"]
    # One cassette per (sdk, surface, operation): every surface each, and the JS docs' v1 chat where Node runs.
    assert set(runs["serial"]) == {f"{surface}/{op}.json" for op in OPERATIONS.split(",") for surface in SURFACES} | (
        set() if JS_REASON else {"javascript/v1/chat.completions.create.json"})
    assert all(runs["serial"].values())

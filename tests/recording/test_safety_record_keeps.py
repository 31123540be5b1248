"""A record run in which every case fails leaves every cassette byte-identical (end to end, as a user runs it)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.catalog.cases import build_cases
from conformance.catalog.config import Settings
from conformance.standin import StandIn

REPO = Path(__file__).resolve().parents[2]
WRONG_KEY, WRONG_TOKEN = "0" * 32, "not-the-stand-ins-token-0000"


def _record(endpoint: str, cassettes: Path, reports: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_", "PYTEST_XDIST", "PYTEST_CURRENT"))}
    env.update({"AZURE_OPENAI_API_KEY": WRONG_KEY, "AZURE_OPENAI_AD_TOKEN": WRONG_TOKEN})
    return subprocess.run(
        [sys.executable, "-m", "conformance.commands.cli", "run", "--mode", "record", "--endpoint", endpoint,
         "--cassette-dir", str(cassettes), "--report-dir", str(reports), *extra],
        cwd=cassettes.parent, env=env, capture_output=True, text=True, timeout=600, check=False,
    )


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _copy(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    cassettes = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", cassettes)
    return cassettes, _snapshot(cassettes)


@pytest.mark.e2e
def test_a_record_run_whose_key_the_endpoint_rejects_replaces_no_cassette(tmp_path: Path) -> None:
    cassettes, before = _copy(tmp_path)
    with StandIn(api_key="the-real-key-1111", token="the-real-token-2222") as server:  # every request: 401
        result = _record(server.url, cassettes, tmp_path / "report")
        reached = len(server.requests)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    rows = json.loads((tmp_path / "report" / "report.json").read_text())["results"]
    # the whole matrix ran (one row per case, every SDK's) and called the endpoint
    assert len(rows) == len(build_cases(Settings())) and reached >= 200, output
    assert not [r["id"] for r in rows if r["outcome"] != "skipped" and "cassette not replaced" not in r["message"]]
    assert _snapshot(cassettes) == before


@pytest.mark.e2e
def test_a_record_run_against_a_dead_port_replaces_no_cassette(tmp_path: Path) -> None:
    cassettes, before = _copy(tmp_path)
    with socket.socket() as probe:  # a port nothing listens on once this socket is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _record(f"http://127.0.0.1:{port}", cassettes, tmp_path / "report",
                     "--operations", "chat.completions.create,embeddings.create", "--", "-k", "v1")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    rows = json.loads((tmp_path / "report" / "report.json").read_text())["results"]
    assert rows and all(r["outcome"] != "passed" for r in rows), output
    assert _snapshot(cassettes) == before

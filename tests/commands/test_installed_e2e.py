"""The installed-tool path, end to end: wheel → fresh venv → `init` → record against `serve` → replay.

One subprocess test (it builds the wheel once and installs it with its dependencies from the package
index): everything the installed tool reads ships in the wheel, and everything it writes lands in the
user's folder — never in the repository it was built from.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.catalog.config import DEFAULT_API_VERSIONS
from tests.support import SURFACES

REPO = Path(__file__).resolve().parents[2]
# Every operation with a plain response or stream; the retry and status probes wait out real
# retry-after delays when recording, which would dominate the test's time without proving more wiring.
OPERATIONS = "chat.completions.create,chat.completions.create.stream,embeddings.create,audio.transcriptions.create"
KEY, TOKEN = "installed-key-5e1f0a", "installed-token-9c2d7b"


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.e2e
def test_installed_wheel_init_record_replay_in_an_empty_folder(tmp_path: Path) -> None:
    base_env = {k: v for k, v in os.environ.items()
                if k != "PYTHONPATH" and not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_"))}
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO)],
         tmp_path, base_env, timeout=180)
    wheel = next((tmp_path / "dist").glob("aoai_conformance-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, base_env)
    _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], tmp_path, base_env, timeout=300)
    tool = str(venv / "bin" / "aoai-conformance")
    work = tmp_path / "work"
    work.mkdir()
    env = {**base_env, "HOME": str(tmp_path / "home")}
    repo_before = _snapshot(REPO / "cassettes")

    where = _run([str(venv / "bin" / "python"), "-c", "import conformance; print(conformance.__file__)"], work, env)
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's copy, not the clone
    empty = subprocess.run([tool, "run"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
    assert empty.returncode != 0 and "--mode record --endpoint" in empty.stdout + empty.stderr
    assert "FAILED" not in empty.stdout and "Traceback" not in empty.stdout + empty.stderr

    _run([tool, "init"], work, env)
    assert (work / "aoai-conformance.toml").is_file()
    with subprocess.Popen([tool, "serve", "--port", "0", "--api-key", KEY, "--token", TOKEN], cwd=work, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            assert "serving on" in line, line
            secrets = {"AZURE_OPENAI_API_KEY": KEY, "AZURE_OPENAI_AD_TOKEN": TOKEN}
            _run([tool, "run", "--mode", "record", "--endpoint", line.split()[3], "--operations", OPERATIONS],
                 work, {**env, **secrets}, timeout=300)
        finally:
            server.kill()
    replay = _run([tool, "run", "--operations", OPERATIONS], work, env)

    report = json.loads((work / "reports" / "latest" / "report.json").read_text())
    summary = report["summary"]
    assert report["run_info"]["mode"] == "replay" and summary["cases"] > 50, summary
    # The JS driver is not in the wheel: its rows are there, skipped with the one reason that says so.
    js = [r for r in report["results"] if r["sdk"] == "javascript"]
    assert js and {r["outcome"] for r in js} == {"skipped"} and len({r["message"] for r in js}) == 1
    assert "an installed package does not include" in js[0]["message"]
    assert summary["passed"] == summary["cases"] - len(js), replay.stdout[-3000:]
    recorded = sorted(p.relative_to(work / "cassettes").as_posix() for p in (work / "cassettes").rglob("*.json"))
    # Python's, no JS: one cassette per operation and surface it is documented on (transcription: api versions only).
    surfaces = {op: DEFAULT_API_VERSIONS if op == "audio.transcriptions.create" else SURFACES
                for op in OPERATIONS.split(",")}
    assert recorded == sorted(f"{surface}/{op}.json" for op, on in surfaces.items() for surface in on)
    assert _snapshot(REPO / "cassettes") == repo_before  # the clone's recordings were neither read nor written
    assert not list((venv / "lib").rglob(".pytest_cache"))

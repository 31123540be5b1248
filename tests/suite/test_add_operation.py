"""The add-an-operation recipe holds: a catalog entry, its schema (here an existing one) and its recording.

Nothing else changes: the run parametrizes the new entry, the stand-in serves it from the catalog, record
mode writes its cassettes and replay judges them. One record and one replay run, in subprocesses, because
the wiring between the catalog, the plugin, the stand-in and the cassette store is what is under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.catalog.cases import build_cases
from conformance.catalog.config import Settings
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, REPO, SURFACES
from tests.support.synthetic_operation import SYNTHETIC, installed


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_"))}
    clean.update(env or {}, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "tests.support.synthetic_operation", *args], cwd=cwd,
                          env=clean, capture_output=True, text=True, timeout=300, check=False)


def test_the_case_matrix_takes_a_new_entry_from_the_catalog_alone() -> None:
    with installed():
        ids = {case.id for case in build_cases(Settings())}
    mine = {i for i in ids if i.startswith(SYNTHETIC.id + "[")}
    assert len(mine) == len(SURFACES) * 3 * 2  # every documented surface x auth mode x client
    assert not any(c.operation.id == SYNTHETIC.id for c in build_cases(Settings()))


@pytest.mark.e2e
def test_a_new_entry_is_recorded_from_the_standin_and_replays(tmp_path: Path) -> None:
    cassettes = tmp_path / "cassettes"
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
    with installed(), StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN) as server:
        record = _run("run", "--mode", "record", "--endpoint", server.url, "--operations", SYNTHETIC.id,
                      "--cassette-dir", str(cassettes), "--report-dir", str(tmp_path / "rec"), cwd=tmp_path, env=env)
        assert record.returncode == 0, record.stdout[-3000:] + record.stderr[-3000:]
        served = [r for r in server.requests if b"Name a prime number." in r.body]
    assert served and all(r.status == 200 for r in served)
    assert {p.relative_to(cassettes).as_posix() for p in cassettes.rglob("*.json")} == {
        f"{surface}/{SYNTHETIC.id}.json" for surface in SURFACES}

    replay = _run("run", "--operations", SYNTHETIC.id, "--cassette-dir", str(cassettes),
                  "--report-dir", str(tmp_path / "rep"), cwd=tmp_path)
    assert replay.returncode == 0, replay.stdout[-3000:] + replay.stderr[-3000:]
    rows = json.loads((tmp_path / "rep" / "report.json").read_text())["results"]
    assert len(rows) == len(SURFACES) * 3 * 2
    assert {r["operation"] for r in rows} == {SYNTHETIC.id} and {r["outcome"] for r in rows} == {"passed"}

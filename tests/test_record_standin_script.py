"""`python scripts/record_standin.py` runs as the README says: any python, the clone's .venv used when needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _fake_clone(tmp_path: Path, with_venv: bool) -> Path:
    """A clone layout holding the script and, optionally, a .venv whose python has the package."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "record_standin.py", tmp_path / "scripts")
    if with_venv:
        python = tmp_path / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        python.chmod(0o755)
    return tmp_path / "scripts" / "record_standin.py"


def _run_bare(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run with an interpreter that cannot import the package (-I -S: no site-packages, no PYTHONPATH)."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "AOAI_"))},
           "PYTHONPATH": str(REPO)}  # seen only by the re-executed venv python, which is what -I hides
    return subprocess.run([sys.executable, "-I", "-S", str(script), *args], env=env, capture_output=True,
                          text=True, timeout=60, check=False, cwd=script.parent)


def test_without_the_package_it_reruns_under_the_clone_venv(tmp_path: Path) -> None:
    result = _run_bare(_fake_clone(tmp_path, with_venv=True), "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage: aoai-conformance run" in result.stdout


def test_without_a_venv_it_says_how_to_install_in_one_line(tmp_path: Path) -> None:
    result = _run_bare(_fake_clone(tmp_path, with_venv=False), "--help")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "pip install -e" in result.stderr and str(tmp_path / ".venv") in result.stderr

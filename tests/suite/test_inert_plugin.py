"""The pytest11 entry point is inert: loading it into an unrelated pytest run imports nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("openai", "httpx2", "vcr", "azure.identity", "jsonschema", "jsonschema_rs", "starlette", "uvicorn",
         "conformance.suite.run_plugin", "conformance.suite.runner")

PROBE = """
import json, sys
def pytest_sessionfinish(session):
    heavy = {heavy!r}
    print("LOADED=" + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _loaded(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None) -> list[str]:
    (tmp_path / "conftest.py").write_text(PROBE.format(heavy=HEAVY), encoding="utf-8")
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    assert True\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **(env_extra or {})}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-s", *args],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if "LOADED=" in x)  # after -q's progress dot
    return list(json.loads(line.split("LOADED=", 1)[1]))


def test_an_unrelated_project_loads_the_entry_point_but_imports_nothing_heavy(tmp_path: Path) -> None:
    assert _loaded(tmp_path) == []


def test_asking_for_conformance_activates_the_run(tmp_path: Path) -> None:
    # The control: the same probe sees the heavy modules once a conformance option is given.
    loaded = _loaded(tmp_path, "--conformance-report-formats", "json")
    assert "conformance.suite.run_plugin" in loaded

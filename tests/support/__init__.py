"""Test helpers shared across the test tree (imported as modules, never from conftest)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from conformance.catalog.config import DEFAULT_API_VERSIONS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CANARY_KEY = "canary-key-7f3a9c0e5b1d4e2f"
CANARY_TOKEN = "canary-token-9b8e7d6c5a4f3e2d"
# The api versions a default run covers, as the catalog's settings define them (never restated in a test).
# The newest of each (dates sort as text), whatever order the tuple lists them in.
GA = max(v for v in DEFAULT_API_VERSIONS if not v.endswith("-preview"))
PREVIEW = max(v for v in DEFAULT_API_VERSIONS if v.endswith("-preview"))
SURFACES = ("v1", *DEFAULT_API_VERSIONS)  # every surface a default run covers


def _user_env(env: dict[str, str] | None) -> dict[str, str]:
    """This environment as a user's shell has it, plus `env`: no Azure/OpenAI/tool settings, and none of the
    outer xdist run's variables (its PYTEST_XDIST_TESTRUNUID would make separate runs share one run id)."""
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_", "PYTEST_XDIST"))}
    full_env.update(env or {})
    return full_env


def run_cli_subprocess(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `aoai-conformance` in a new interpreter, as a user's shell does: for the tests of the process wiring."""
    return subprocess.run(
        [sys.executable, "-m", "conformance.commands.cli", *args],
        cwd=cwd, env=_user_env(env), capture_output=True, text=True, timeout=300, check=False,
    )


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `aoai-conformance` in this process with the cwd, environment and output a subprocess would have.

    The CLI's `main` is what the console script calls; only the interpreter start and the imports (~1.2 s a
    run) are saved. An exception escaping `main` becomes a traceback on stderr and exit code 1, as the
    interpreter would make it, so "no traceback" assertions keep their meaning.
    """
    from conformance.commands import cli

    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(_user_env(env) | {k: v for k, v in saved_env.items() if k == "PYTEST_CURRENT_TEST"})
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["aoai-conformance", *args], code, out.getvalue(), err.getvalue())

"""Test helpers shared across the test tree (imported as modules, never from conftest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conformance.catalog.config import DEFAULT_API_VERSIONS

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CANARY_KEY = "canary-key-7f3a9c0e5b1d4e2f"
CANARY_TOKEN = "canary-token-9b8e7d6c5a4f3e2d"
# The api versions a default run covers, as the catalog's settings define them (never restated in a test).
GA = next(v for v in DEFAULT_API_VERSIONS if not v.endswith("-preview"))
PREVIEW = next(v for v in DEFAULT_API_VERSIONS if v.endswith("-preview"))
SURFACES = ("v1", *DEFAULT_API_VERSIONS)  # every surface a default run covers


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `aoai-conformance` in a subprocess, as a user would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "conformance.commands.cli", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300, check=False,
    )

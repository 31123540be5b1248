"""The shared evidence (../shared: real corpus, docs) next to the checkout: required where it exists or is expected.

Present: its tests run and never skip. Absent: they skip with the reason on a developer machine, and FAIL
in CI (env CI=true), where the evidence is expected, so the corpus guarantee cannot vanish silently.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
DOCS = SHARED / "docs"


def expected() -> bool:
    """CI promises the shared evidence (the CI script mounts ../shared)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def absent(what: str, path: Path) -> NoReturn:
    """Stop a test whose evidence is missing: fail in CI, skip elsewhere."""
    message = f"{what} not found at {path}"
    if expected():
        pytest.fail(f"{message}, but CI=true expects it: mount the shared evidence at {SHARED}", pytrace=False)
    pytest.skip(f"{message} (CI=true makes this a failure)")


def corpus_files() -> list[Path]:
    """Every real-corpus file; stops the test (see `absent`) when there are none."""
    files = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
    if not files:
        absent("the real corpus", CORPUS)
    return files

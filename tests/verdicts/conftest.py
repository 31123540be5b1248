"""Fixtures for the verdict tests: the shared corpus, skipped cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"


@pytest.fixture
def corpus() -> list[Path]:
    """Every corpus file; the test is skipped when the shared corpus is not mounted."""
    files = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return files

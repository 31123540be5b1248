"""Fixtures for the verdict tests: the shared corpus (required where present, expected in CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import shared_data


@pytest.fixture
def corpus() -> list[Path]:
    """Every corpus file; absent corpus: the test fails under CI=true, skips elsewhere."""
    return shared_data.corpus_files()

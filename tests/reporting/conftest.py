"""Fixtures for the report tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def artefacts_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder for files worth looking at; copied to $AOAI_CONFORMANCE_ARTEFACTS (when set) after the test."""
    path = tmp_path / "artefacts"
    path.mkdir()
    yield path
    target = os.environ.get("AOAI_CONFORMANCE_ARTEFACTS")
    if target:
        shutil.copytree(path, Path(target), dirs_exist_ok=True)

"""Where the tool finds a run's folders: the clone's own when run from a clone, else the current folder.

An installed wheel has no repository around it, so its defaults must point at the user's folder; only a
source checkout (the package beside `pyproject.toml` and `cassettes/`) uses the bundled recordings.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CASSETTES_ENV", "clone_root", "default_cassette_dir"]

CASSETTES_ENV = "AOAI_CONFORMANCE_CASSETTES"


def clone_root(package_dir: Path | None = None) -> Path | None:
    """The repository root when the package is imported from a clone (editable or PYTHONPATH), else None."""
    root = (package_dir or Path(__file__).resolve().parent).parent
    return root if (root / "pyproject.toml").is_file() and (root / "cassettes").is_dir() else None


def default_cassette_dir(package_dir: Path | None = None) -> Path:
    """$AOAI_CONFORMANCE_CASSETTES, else the clone's cassettes/, else ./cassettes in the current folder."""
    if os.environ.get(CASSETTES_ENV):
        return Path(os.environ[CASSETTES_ENV])
    root = clone_root(package_dir)
    return root / "cassettes" if root is not None else Path("cassettes")

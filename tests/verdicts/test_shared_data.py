"""The shared evidence is required where it exists and expected in CI: absent under CI=true is a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import shared_data


def test_absent_evidence_fails_under_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true expects it"):
        shared_data.absent("the real corpus", tmp_path / "missing")


def test_absent_evidence_skips_with_its_path_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="missing"):
        shared_data.absent("the real corpus", tmp_path / "missing")


def test_an_empty_corpus_folder_counts_as_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(shared_data, "CORPUS", tmp_path)
    with pytest.raises(pytest.fail.Exception):
        shared_data.corpus_files()
    (tmp_path / "001_chat.completions.json").write_text("{}")
    assert shared_data.corpus_files() == [tmp_path / "001_chat.completions.json"]

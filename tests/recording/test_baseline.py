"""No recordings for the selection: one message on how to record a baseline, not one error per case.

Also where an installed tool looks for cassettes: the clone's folder only inside a clone, else ./cassettes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import Settings
from conformance.locations import CASSETTES_ENV, clone_root, default_cassette_dir
from conformance.recording.baseline import NoBaselineError, require_baseline
from conformance.recording.cassettes import cassette_path
from tests.support import run_cli

CASES = build_cases(Settings(), [catalog.get("embeddings.create")])


def test_a_missing_folder_says_how_to_record_a_baseline(tmp_path: Path) -> None:
    with pytest.raises(NoBaselineError) as caught:
        require_baseline(tmp_path / "nope", CASES)
    message = str(caught.value)
    assert "does not exist" in message and "--mode record --endpoint" in message
    assert "aoai-conformance serve" in message and "\n" not in message


def test_a_folder_without_any_selected_recording_is_refused(tmp_path: Path) -> None:
    other = cassette_path(tmp_path, "v1", "chat.completions.create")
    other.parent.mkdir(parents=True)
    other.write_text("{}")
    with pytest.raises(NoBaselineError, match="holds no recording for the selected cases"):
        require_baseline(tmp_path, CASES)


def test_one_recording_is_enough_so_a_single_missing_cassette_stays_a_case_error(tmp_path: Path) -> None:
    one = cassette_path(tmp_path, CASES[0].surface, CASES[0].operation.id)
    one.parent.mkdir(parents=True)
    one.write_text("{}")
    require_baseline(tmp_path, CASES)


def test_a_wrong_cassette_dir_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("run", "--cassette-dir", str(tmp_path / "typo"), "--report-dir", str(tmp_path / "r"), cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert [line for line in output.splitlines() if line.strip()] == [
        line for line in output.splitlines() if "needs recordings" in line]
    assert "does not exist" in output and "FAILED" not in output and "Traceback" not in output


def test_an_installed_package_uses_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CASSETTES_ENV, raising=False)
    installed = tmp_path / "site-packages" / "conformance"
    installed.mkdir(parents=True)
    assert clone_root(installed) is None
    assert default_cassette_dir(installed) == Path("cassettes")


def test_a_clone_uses_its_bundled_cassettes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CASSETTES_ENV, raising=False)
    (tmp_path / "conformance").mkdir()
    (tmp_path / "cassettes").mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    assert default_cassette_dir(tmp_path / "conformance") == tmp_path / "cassettes"
    monkeypatch.setenv(CASSETTES_ENV, str(tmp_path / "elsewhere"))
    assert default_cassette_dir(tmp_path / "conformance") == tmp_path / "elsewhere"

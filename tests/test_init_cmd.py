"""`aoai-conformance init`: a commented config derived from the catalog, loadable, never overwriting."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conformance import cli
from conformance.catalog import OPERATIONS
from conformance.config import DEFAULT_API_VERSIONS, DEFAULT_CONFIG_FILE, AuthMode, load_settings


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_a_config_that_loads_to_the_defaults(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init"]) == 0
    path = folder / DEFAULT_CONFIG_FILE
    data = tomllib.loads(path.read_text())
    assert data["api_versions"] == list(DEFAULT_API_VERSIONS)
    assert data["auth_modes"] == [m.value for m in AuthMode]
    assert set(data["deployments"]) == {op.deployment_kind for op in OPERATIONS.values()}
    assert "endpoint" not in data  # a placeholder endpoint must not steer replay; it is a comment
    settings = load_settings({}, environ={})
    assert settings.config_file == Path(DEFAULT_CONFIG_FILE)
    assert all(settings.deployment(kind) for kind in data["deployments"])
    assert "wrote aoai-conformance.toml" in capsys.readouterr().out


def test_the_config_is_commented(folder: Path) -> None:
    cli.main(["init"])
    text = (folder / DEFAULT_CONFIG_FILE).read_text()
    assert '# endpoint = "https://YOUR-RESOURCE.openai.azure.com"' in text
    assert "AZURE_OPENAI_API_KEY" in text and "DefaultAzureCredential" in text
    chat_line = next(line for line in text.splitlines() if line.startswith("chat = "))
    assert "chat.completions.create" in chat_line.split("#", 1)[1]


def test_init_refuses_to_overwrite(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / DEFAULT_CONFIG_FILE).write_text("# mine\n")
    assert cli.main(["init"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and err.count("\n") == 1
    assert (folder / DEFAULT_CONFIG_FILE).read_text() == "# mine\n"

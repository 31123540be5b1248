"""The CLI's help states the defaults the run actually uses, read from the catalog's settings."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest

from conformance.catalog import config
from conformance.commands import cli


@pytest.fixture
def reloaded_cli(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI module as it would be built with an edited config; restored afterwards."""
    monkeypatch.setattr(config, "DEFAULT_API_VERSIONS", ("2099-01-01", "2099-02-01-preview"))
    importlib.reload(cli)
    yield
    monkeypatch.undo()
    importlib.reload(cli)


def _run_help() -> str:
    parser = cli.build_parser()
    run = parser._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    return " ".join(run.format_help().split())


def test_api_versions_help_names_the_configured_defaults() -> None:
    assert f"default {','.join(config.DEFAULT_API_VERSIONS)}]" in _run_help()


def test_a_new_default_api_version_reaches_the_help_without_editing_the_cli(reloaded_cli: None) -> None:
    assert "default 2099-01-01,2099-02-01-preview]" in _run_help()

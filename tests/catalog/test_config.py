"""Settings resolution: precedence, defaults, and one clear error per kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.catalog.config import (
    DEFAULT_API_VERSIONS,
    DEFAULT_DEPLOYMENTS,
    PLACEHOLDER_ENDPOINT,
    AuthMode,
    Mode,
    load_settings,
)
from conformance.errors import ConfigError


def test_defaults_need_no_config_and_use_the_documented_deployments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings({}, environ={})
    assert s.mode is Mode.REPLAY
    assert s.endpoint == PLACEHOLDER_ENDPOINT
    assert s.api_versions == DEFAULT_API_VERSIONS
    assert s.auth_modes == (AuthMode.API_KEY, AuthMode.ENTRA, AuthMode.ENV)
    assert dict(s.deployments) == dict(DEFAULT_DEPLOYMENTS)
    assert {"gpt-4o", "gpt-4.1-nano", "o4-mini", "text-embedding-3-large", "dall-e-3",
            "gpt-35-turbo-instruct", "tts-hd", "whisper"} == set(DEFAULT_DEPLOYMENTS.values())


def test_option_beats_env_beats_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('endpoint = "https://file.openai.azure.com"\napi_versions = ["2024-06-01"]\n'
                   '[deployments]\nchat = "from-file"\nimage = ""\n')
    env = {"AOAI_CONFORMANCE_ENDPOINT": "https://env.openai.azure.com", "AOAI_CONFORMANCE_DEPLOYMENT_CHAT": "env-chat"}
    s = load_settings({"config": str(cfg)}, environ=env)
    assert s.endpoint == "https://env.openai.azure.com"
    assert s.api_versions == ("2024-06-01",)
    assert s.deployment("chat") == "env-chat"
    assert s.deployment("image") is None  # an empty name switches the kind off
    s = load_settings({"config": str(cfg), "endpoint": "https://flag.openai.azure.com/"}, environ=env)
    assert s.endpoint == "https://flag.openai.azure.com"


def test_secrets_come_only_from_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('api_key = "oops"\n')
    with pytest.raises(ConfigError, match="AZURE_OPENAI_API_KEY"):
        load_settings({"config": str(cfg)}, environ={})
    s = load_settings({}, environ={"AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_AD_TOKEN": "t"})
    assert (s.api_key, s.ad_token) == ("k", "t")


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"endpoint": "not a url"}, "is not a URL"),
        ({"endpoint": "https://x.openai.azure.com/openai/v1/"}, "resource root"),
        ({"mode": "sometimes"}, "choose replay, record or live"),
        ({"auth_modes": "api_key,magic"}, "choose from api_key, entra, env"),
        ({"mode": "live"}, "needs an endpoint"),
        ({"config": "/nonexistent/aoai.toml"}, "does not exist"),
    ],
)
def test_bad_input_gets_one_message_naming_the_fix(options: dict[str, str], match: str) -> None:
    with pytest.raises(ConfigError, match=match):
        load_settings(options, environ={})


def test_malformed_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("endpoint = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({"config": str(cfg)}, environ={})
    cfg.write_text('endpoitn = "https://x"\n')
    with pytest.raises(ConfigError, match="unknown keys"):
        load_settings({"config": str(cfg)}, environ={})

"""Run settings: mode, endpoint, deployments, api versions and auth modes from flags, env and a TOML file.

Precedence, highest first: command-line option, environment variable, config file, built-in default.
Secrets never come from the config file: only from the environment or the credential chain.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from conformance.catalog.auth_modes import AuthMode  # re-exported: settings name the modes
from conformance.errors import ConfigError

DEFAULT_CONFIG_FILE = "aoai-conformance.toml"
PLACEHOLDER_ENDPOINT = "https://fake-resource.openai.azure.com"
# The api versions a run covers by default (the newest GA and the newest preview the shared docs document);
# adding an api version = one entry in KNOWN_API_VERSIONS (and here, to run it by default) plus its recordings.
DEFAULT_API_VERSIONS = ("2024-10-21", "2025-04-01-preview")
# Every versioned-surface api version the service answers (the stand-in refuses any other).
KNOWN_API_VERSIONS: tuple[str, ...] = (
    "2022-12-01", "2023-05-15", "2024-02-01", "2024-06-01", "2024-10-21",
    "2023-03-15-preview", "2023-12-01-preview", "2024-02-15-preview", "2024-03-01-preview",
    "2024-05-01-preview", "2024-07-01-preview", "2024-08-01-preview", "2024-09-01-preview",
    "2024-10-01-preview", "2024-12-01-preview", "2025-01-01-preview", "2025-02-01-preview",
    "2025-03-01-preview", "2025-04-01-preview",
)
V1_API_VERSIONS = ("v1", "preview")  # the only api-version values the v1 surface takes (it needs none)
if not set(DEFAULT_API_VERSIONS) <= set(KNOWN_API_VERSIONS):  # pragma: no cover - guards the table itself
    raise RuntimeError("every default api version must be a known one")
DEFAULT_DEPLOYMENTS: Mapping[str, str] = MappingProxyType(
    {
        "chat": "gpt-4o",
        "completions": "gpt-35-turbo-instruct",
        "embeddings": "text-embedding-3-large",
        "image": "dall-e-3",
        "reasoning": "o4-mini",
        "responses": "gpt-4.1-nano",
        "transcription": "whisper",
        "tts": "tts-hd",
    }
)
ENTRA_SCOPE = "https://cognitiveservices.azure.com/.default"
_SECRET_KEYS = {"api_key", "key", "token", "ad_token", "azure_ad_token", "secret", "password"}
_KNOWN_KEYS = {
    "mode", "endpoint", "api_versions", "auth_modes", "deployments", "scope", "timeout", "max_output_tokens",
    "max_requests",
}
DEFAULT_MAX_OUTPUT_TOKENS = 512
DEFAULT_MAX_REQUESTS = 2000


class Mode(StrEnum):
    REPLAY = "replay"
    RECORD = "record"
    LIVE = "live"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; built once per session."""

    mode: Mode = Mode.REPLAY
    endpoint: str = PLACEHOLDER_ENDPOINT
    api_versions: tuple[str, ...] = DEFAULT_API_VERSIONS
    auth_modes: tuple[AuthMode, ...] = tuple(AuthMode)
    deployments: Mapping[str, str | None] = field(default_factory=lambda: dict(DEFAULT_DEPLOYMENTS))
    scope: str = ENTRA_SCOPE
    timeout: float = 60.0
    max_output_tokens: int = DEFAULT_MAX_OUTPUT_TOKENS
    max_requests: int = DEFAULT_MAX_REQUESTS
    api_key: str | None = None
    ad_token: str | None = None
    config_file: Path | None = None

    @property
    def uses_network(self) -> bool:
        return self.mode is not Mode.REPLAY

    def deployment(self, kind: str) -> str | None:
        """The deployment name configured for a kind, or None when the run has none."""
        return self.deployments.get(kind) or None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _strings(value: object, default: Sequence[str]) -> list[str]:
    if value is None:
        return list(default)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"expected a list of strings, got {value!r}")
    return [str(v) for v in value]


def _check_endpoint(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"endpoint {endpoint!r} is not a URL; pass --endpoint https://YOUR-RESOURCE.openai.azure.com "
            "(scheme and host, no /openai path)"
        )
    path = parts.path.rstrip("/")
    if path.endswith("/openai") or "/openai/" in path:
        raise ConfigError(f"endpoint {endpoint!r} includes an /openai path; give the resource root only")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _read_file(path: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist; create it or drop --config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc}); fix the syntax") from None
    secret = sorted(_SECRET_KEYS & set(data))
    if secret:
        raise ConfigError(
            f"config file {path} holds {secret}: secrets come only from the environment "
            "(AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN) or the Azure credential chain; remove them"
        )
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"config file {path}: unknown keys {unknown}; known keys: {sorted(_KNOWN_KEYS)}")
    return data


def _parse_auth(values: list[str]) -> tuple[AuthMode, ...]:
    try:
        return tuple(AuthMode(v) for v in values)
    except ValueError:
        raise ConfigError(
            f"unknown auth mode in {values}; choose from {', '.join(m.value for m in AuthMode)}"
        ) from None


def load_settings(
    options: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Resolve settings from option values (None = not given), the environment and the config file."""
    opts = {k: v for k, v in (options or {}).items() if v is not None}
    env = os.environ if environ is None else environ
    config_name = opts.get("config") or env.get("AOAI_CONFORMANCE_CONFIG")
    config_path = Path(str(config_name)) if config_name else None
    if config_path is None and Path(DEFAULT_CONFIG_FILE).is_file():
        config_path = Path(DEFAULT_CONFIG_FILE)
    file = _read_file(config_path) if config_path else {}

    def pick(key: str, env_name: str) -> object | None:
        if key in opts:
            return opts[key]
        if env.get(env_name):
            return env[env_name]
        return file.get(key)

    raw_mode = pick("mode", "AOAI_CONFORMANCE_MODE") or Mode.REPLAY.value
    try:
        mode = Mode(str(raw_mode))
    except ValueError:
        raise ConfigError(f"unknown mode {raw_mode!r}; choose replay, record or live") from None
    explicit = "mode" in opts or bool(env.get("AOAI_CONFORMANCE_MODE"))
    if mode is not Mode.REPLAY and not explicit:
        # A committed config file must never turn a CI replay run into calls against a real resource.
        raise ConfigError(
            f"mode = {mode.value!r} in {config_path} is refused: modes that call an endpoint need an explicit "
            f"--mode {mode.value} (or AOAI_CONFORMANCE_MODE={mode.value}); remove `mode` from the file"
        )

    endpoint = pick("endpoint", "AOAI_CONFORMANCE_ENDPOINT") or env.get("AZURE_OPENAI_ENDPOINT")
    if not endpoint:
        if mode is not Mode.REPLAY:
            raise ConfigError(
                f"{mode.value} mode needs an endpoint: pass --endpoint URL, set AZURE_OPENAI_ENDPOINT "
                f"or put endpoint = \"https://...\" in {DEFAULT_CONFIG_FILE}"
            )
        endpoint = PLACEHOLDER_ENDPOINT

    versions = pick("api_versions", "AOAI_CONFORMANCE_API_VERSIONS")
    api_versions = tuple(_split(versions) if isinstance(versions, str) else _strings(versions, DEFAULT_API_VERSIONS))
    auths = pick("auth_modes", "AOAI_CONFORMANCE_AUTH_MODES")
    auth_modes = _parse_auth(_split(auths) if isinstance(auths, str) else _strings(auths, [m.value for m in AuthMode]))

    deployments: dict[str, str | None] = dict(DEFAULT_DEPLOYMENTS)
    file_deployments = file.get("deployments", {})
    if not isinstance(file_deployments, dict):
        raise ConfigError(f"config file {config_path}: [deployments] must be a table of kind = \"name\"")
    deployments.update({str(k): (str(v) or None) for k, v in file_deployments.items()})
    for kind in list(deployments):
        env_name = f"AOAI_CONFORMANCE_DEPLOYMENT_{kind.upper()}"
        if env_name in env:
            deployments[kind] = env[env_name] or None

    def number(key: str, env_name: str, default: float) -> float:
        raw = pick(key, env_name)
        try:
            value = float(str(raw)) if raw is not None else default
        except ValueError:
            raise ConfigError(f"{key} must be a number, got {raw!r} (option, {env_name} or config file)") from None
        if value < 0:
            raise ConfigError(f"{key} must not be negative, got {raw!r}")
        return value

    timeout = number("timeout", "AOAI_CONFORMANCE_TIMEOUT", 60.0) or 60.0
    return Settings(
        mode=mode,
        endpoint=_check_endpoint(str(endpoint)),
        api_versions=api_versions,
        auth_modes=auth_modes,
        deployments=MappingProxyType(deployments),
        scope=str(pick("scope", "AOAI_CONFORMANCE_SCOPE") or ENTRA_SCOPE),
        timeout=timeout,
        max_output_tokens=int(number("max_output_tokens", "AOAI_CONFORMANCE_MAX_OUTPUT_TOKENS",
                                     DEFAULT_MAX_OUTPUT_TOKENS)),
        max_requests=int(number("max_requests", "AOAI_CONFORMANCE_MAX_REQUESTS", DEFAULT_MAX_REQUESTS)),
        api_key=env.get("AZURE_OPENAI_API_KEY") or None,
        ad_token=env.get("AZURE_OPENAI_AD_TOKEN") or None,
        config_file=config_path,
    )

"""Entra ID credentials and the azure-identity bearer token providers the documented clients use.

The credential is DefaultAzureCredential unless AZURE_OPENAI_AD_TOKEN holds a static token. Replay
never builds DefaultAzureCredential: it would probe the network (IMDS) and fail in CI anyway.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import get_bearer_token_provider
from azure.identity.aio import get_bearer_token_provider as get_async_bearer_token_provider

from conformance.catalog.auth_modes import KEY, TOKEN, AuthMode, modes_using
from conformance.catalog.config import Mode, Settings
from conformance.errors import CredentialError

REPLAY_API_KEY = KEY.replay
REPLAY_AD_TOKEN = TOKEN.replay

DAC_HELP = (
    "no Entra ID credential is available: set AZURE_OPENAI_AD_TOKEN to a bearer token, or configure "
    "DefaultAzureCredential (AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, a managed identity, "
    "or `az login`), or drop `entra` from the auth modes"
)


class StaticTokenCredential:
    """A `get_token` credential serving one fixed token (AZURE_OPENAI_AD_TOKEN, or replay's placeholder)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    def close(self) -> None:
        """Nothing to release."""


class AsyncStaticTokenCredential:
    """The async twin of StaticTokenCredential, for `azure.identity.aio` providers."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    async def close(self) -> None:
        """Nothing to release."""

    async def __aenter__(self) -> AsyncStaticTokenCredential:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def api_key(settings: Settings) -> str:
    """The API key for this run: the replay placeholder offline, AZURE_OPENAI_API_KEY otherwise."""
    if settings.mode is Mode.REPLAY:
        return REPLAY_API_KEY
    if not settings.api_key:
        using = modes_using(KEY)
        others = ",".join(mode.value for mode in AuthMode if mode not in using)
        raise CredentialError(
            f"{settings.mode.value} mode with the {' or '.join(using)} auth mode needs {KEY.variable}; "
            f"set it, or drop those auth modes with --auth-modes {others}"
        )
    return settings.api_key


def static_token(settings: Settings) -> str | None:
    """The static Entra token, if the run has one (always in replay)."""
    return REPLAY_AD_TOKEN if settings.mode is Mode.REPLAY else settings.ad_token


def _guard(provider: Callable[[], str]) -> Callable[[], str]:
    def call() -> str:
        try:
            return provider()
        except ClientAuthenticationError as exc:
            raise CredentialError(f"{DAC_HELP} ({str(exc).splitlines()[0]})") from None

    return call


def _guard_async(provider: Callable[[], Awaitable[str]]) -> Callable[[], Awaitable[str]]:
    async def call() -> str:
        try:
            return await provider()
        except ClientAuthenticationError as exc:
            raise CredentialError(f"{DAC_HELP} ({str(exc).splitlines()[0]})") from None

    return call


def sync_token_provider(settings: Settings) -> Callable[[], str]:
    """azure-identity's bearer token provider over the run's credential."""
    token = static_token(settings)
    if token is not None:
        return get_bearer_token_provider(StaticTokenCredential(token), settings.scope)
    from azure.identity import DefaultAzureCredential

    return _guard(get_bearer_token_provider(DefaultAzureCredential(), settings.scope))


def async_token_provider(settings: Settings, owned: list[Any] | None = None) -> Callable[[], Awaitable[str]]:
    """azure.identity.aio's bearer token provider: async clients need an awaitable provider.

    The aio DefaultAzureCredential holds an aiohttp session that must be closed on the loop that used
    it, so it is appended to `owned` for the caller to close.
    """
    token = static_token(settings)
    if token is not None:
        return get_async_bearer_token_provider(AsyncStaticTokenCredential(token), settings.scope)
    from azure.identity.aio import DefaultAzureCredential

    credential = DefaultAzureCredential()
    if owned is not None:
        owned.append(credential)
    return _guard_async(get_async_bearer_token_provider(credential, settings.scope))

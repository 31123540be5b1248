"""Builds the documented client for each (surface, auth mode, sync/async), once per session, as the auth
mode's spec (`catalog.auth_modes`) describes it.

Each client sees exactly its documented inputs: every OPENAI_*/AZURE_OPENAI_* variable is hidden while
it is built (AzureOpenAI reads AZURE_OPENAI_AD_TOKEN and prefers it over a key), and the `env` mode sets
only the variables its docs name. The SDK reads the environment only in its constructors, so nothing
leaks into later cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx2
import openai

from conformance.calling import auth
from conformance.calling.transport import AsyncTapTransport, Tap, TapTransport
from conformance.catalog import auth_modes
from conformance.catalog.auth_modes import AuthMode, Input
from conformance.catalog.cases import ClientKind
from conformance.catalog.config import Settings
from conformance.catalog.operations import V1, VERSIONED

_SDK_ENV_PREFIXES = ("OPENAI_", "AZURE_OPENAI_")

AnyClient = openai.OpenAI | openai.AzureOpenAI | openai.AsyncOpenAI | openai.AsyncAzureOpenAI


@contextmanager
def sdk_environment(only: Mapping[str, str]) -> Iterator[None]:
    """Hide every SDK variable, expose just `only`, and restore the environment afterwards."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(_SDK_ENV_PREFIXES)}
    for key in saved:
        del os.environ[key]
    os.environ.update(only)
    try:
        yield
    finally:
        for key in only:
            os.environ.pop(key, None)
        os.environ.update(saved)


def v1_base_url(endpoint: str) -> str:
    return f"{endpoint}/openai/v1/"


class ClientFactory:
    """Session-scoped cache of clients sharing one tap and one connection pool per sync/async kind."""

    def __init__(self, settings: Settings, tap: Tap) -> None:
        self.settings = settings
        self.tap = tap
        self._clients: dict[tuple[str, AuthMode, ClientKind], AnyClient] = {}
        self._sync_http: httpx2.Client | None = None
        self._async_http: httpx2.AsyncClient | None = None
        self._async_credentials: list[Any] = []  # aio credentials own aiohttp sessions: closed in aclose

    def _http(self, kind: ClientKind) -> httpx2.Client | httpx2.AsyncClient:
        # One pool per kind: a new SSL context per client costs ~30 ms (sdk-facts §7).
        if kind is ClientKind.SYNC:
            if self._sync_http is None:
                transport = TapTransport(self.tap, httpx2.HTTPTransport())
                self._sync_http = openai.DefaultHttpx2Client(transport=transport)
            return self._sync_http
        if self._async_http is None:
            async_transport = AsyncTapTransport(self.tap, httpx2.AsyncHTTPTransport())
            self._async_http = openai.DefaultAsyncHttpx2Client(transport=async_transport)
        return self._async_http

    def get(self, surface: str, auth_mode: AuthMode, kind: ClientKind) -> AnyClient:
        """The client for this combination, built on first use."""
        key = (surface, auth_mode, kind)
        if key not in self._clients:
            self._clients[key] = self._build(surface, auth_mode, kind)
        return self._clients[key]

    def _build(self, surface: str, auth_mode: AuthMode, kind: ClientKind) -> AnyClient:
        # The auth mode's spec names the documented constructor and its inputs; nothing here knows a mode.
        family = V1 if surface == V1 else VERSIONED
        recipe = auth_modes.spec(auth_mode).on(family).client
        is_async = kind is ClientKind.ASYNC
        cls: Any = getattr(openai, f"Async{recipe.cls}" if is_async else recipe.cls)
        common: dict[str, Any] = {"http_client": self._http(kind), "timeout": self.settings.timeout}
        env = {name: self._input(value, surface, is_async) for name, value in recipe.environment.items()}
        kwargs = {name: self._input(value, surface, is_async) for name, value in recipe.kwargs.items()}
        with sdk_environment(env):
            return cls(**kwargs, **common)

    def _input(self, value: Input, surface: str, is_async: bool) -> Any:
        s = self.settings
        if value is Input.ENDPOINT:
            return s.endpoint
        if value is Input.V1_BASE_URL:
            return v1_base_url(s.endpoint)
        if value is Input.API_VERSION:
            return surface
        if value is Input.KEY:
            return auth.api_key(s)
        if value is Input.TOKEN_PROVIDER:
            return self._token_provider(is_async)
        raise AssertionError(f"no resolver for client input {value}")  # a new Input needs one here

    def _token_provider(self, is_async: bool) -> Any:
        if is_async:
            return auth.async_token_provider(self.settings, self._async_credentials)
        return auth.sync_token_provider(self.settings)

    def close(self) -> None:
        """Close the shared pools (the clients share them, so closing a client is not enough)."""
        if self._sync_http is not None:
            self._sync_http.close()
        self._clients.clear()

    async def aclose(self) -> None:
        if self._async_http is not None:
            await self._async_http.aclose()
        for credential in self._async_credentials:
            await credential.close()
        self._async_credentials.clear()

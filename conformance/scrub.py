"""Removes secrets from recorded interactions before anything reaches disk.

Credentials are not just deleted: the request's credential header keeps its documented *form* with a
placeholder naming which credential was used (`api-key: <api-key>`, `authorization: Bearer <entra-token>`),
so replay can still check that each auth mode sent the documented header form.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PLACEHOLDER_HOST = "fake-resource.openai.azure.com"
API_KEY_PLACEHOLDER = "<api-key>"
TOKEN_PLACEHOLDER = "<entra-token>"
REDACTED = "<redacted>"

# Response/request headers that identify a subscription, session or account, never needed for replay.
DROP_HEADERS = frozenset(
    {"set-cookie", "cookie", "openai-organization", "openai-project", "x-ms-client-principal-id"}
)
_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


class Scrubber:
    """Knows the run's secrets and replaces each with a placeholder wherever it appears."""

    def __init__(self, api_key: str | None, static_token: str | None, hosts: Iterable[str]) -> None:
        self._lock = threading.Lock()
        self.api_key = api_key
        self._secrets: dict[str, str] = {}
        if api_key:
            self._secrets[api_key] = API_KEY_PLACEHOLDER
        if static_token:
            self._secrets[static_token] = TOKEN_PLACEHOLDER
        for host in hosts:
            if host and host != PLACEHOLDER_HOST:
                self._secrets[host] = PLACEHOLDER_HOST

    def learn_token(self, token: str) -> None:
        """Remember a bearer token seen on the wire (DefaultAzureCredential's, say) as a secret."""
        if token and token not in self._secrets:
            with self._lock:
                self._secrets[token] = API_KEY_PLACEHOLDER if token == self.api_key else TOKEN_PLACEHOLDER

    def credential_placeholder(self, value: str) -> str:
        return API_KEY_PLACEHOLDER if self.api_key is not None and value == self.api_key else TOKEN_PLACEHOLDER

    def text(self, value: str) -> str:
        # Longest first so a host inside a URL is replaced before any shorter secret it contains.
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in value:
                value = value.replace(secret, self._secrets[secret])
        return value

    def data(self, value: bytes) -> bytes:
        for secret in sorted(self._secrets, key=len, reverse=True):
            raw = secret.encode()
            if raw in value:
                value = value.replace(raw, self._secrets[secret].encode())
        return _JWT.sub(REDACTED.encode(), value)

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        query = self.text(parts.query)
        return urlunsplit(("https", PLACEHOLDER_HOST, parts.path, query, ""))

    def request_headers(self, headers: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in headers.items():
            lower = name.lower()
            values = value if isinstance(value, list) else [value]
            if lower in DROP_HEADERS:
                continue
            if lower == "api-key":
                out[name] = [API_KEY_PLACEHOLDER for _ in values]
            elif lower == "authorization":
                out[name] = [self._authorization(str(v)) for v in values]
            elif lower == "host":
                out[name] = [PLACEHOLDER_HOST]
            else:
                scrubbed = [self.text(str(v)) for v in values]
                out[name] = scrubbed if isinstance(value, list) else scrubbed[0]
        return out

    def _authorization(self, value: str) -> str:
        scheme, _, credential = value.partition(" ")
        if credential in (API_KEY_PLACEHOLDER, TOKEN_PLACEHOLDER):
            return value
        self.learn_token(credential)
        return f"{scheme} {self.credential_placeholder(credential)}"

    def response_headers(self, headers: dict[str, list[str]]) -> dict[str, list[str]]:
        return {
            name: [self.text(v) for v in values]
            for name, values in headers.items()
            if name.lower() not in DROP_HEADERS
        }

    def interaction(self, interaction: dict[str, Any]) -> dict[str, Any]:
        """Scrub one serialized interaction (request + response dicts) in place and return it."""
        request, response = interaction["request"], interaction["response"]
        request["uri"] = self.url(request["uri"])
        request["headers"] = self.request_headers(request.get("headers", {}))
        request["body"] = _scrub_body(self, request.get("body"))
        response["headers"] = self.response_headers(response.get("headers", {}))
        body = response.get("body", {})
        body["string"] = _scrub_body(self, body.get("string"))
        return interaction


def _scrub_body(scrubber: Scrubber, body: Any) -> Any:
    if isinstance(body, bytes):
        return scrubber.data(body)
    if isinstance(body, str):
        return scrubber.data(body.encode()).decode("utf-8", "surrogateescape")
    return body

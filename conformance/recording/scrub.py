"""Removes secrets from recorded interactions before anything reaches disk.

Credentials are not just deleted: the request's credential header keeps its documented *form* with a
placeholder naming which credential was used (`api-key: <api-key>`, `authorization: Bearer <entra-token>`),
so replay can still check that each auth mode sent the documented header form. Everything else that
identifies an account (cookies, subscription/tenant/principal ids, SAS signatures, tokens) is replaced
by `<redacted>` or dropped. Every rule is idempotent, so scrubbing twice changes nothing.
"""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections.abc import Iterable
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from conformance.catalog import auth_modes
from conformance.catalog.auth_modes import KEY, TOKEN

PLACEHOLDER_HOST = "fake-resource.openai.azure.com"
API_KEY_PLACEHOLDER = KEY.placeholder
TOKEN_PLACEHOLDER = TOKEN.placeholder
# Credential headers keep their form with the credential's placeholder; which header carries what is the
# auth modes' knowledge, not this module's.
_CREDENTIAL_FORMS = {form.header: form for form in auth_modes.HEADER_FORMS}
REDACTED = "<redacted>"

# Headers that carry a session or an account identity and are never needed for replay.
DROP_HEADERS = frozenset({"set-cookie", "set-cookie2", "cookie", "openai-organization", "openai-project"})
# Request ids are read by the `_request_id` checks and are per-request, not per-account: keep them.
KEEP_HEADERS = frozenset({"x-request-id", "apim-request-id", "x-ms-client-request-id"})
# A header whose name has one of these dash-separated words holds a credential or an account id.
SECRET_NAME_WORDS = frozenset({
    "key", "secret", "token", "password", "signature", "credential", "credentials", "authorization",
    "subscription", "tenant", "principal", "objectid", "oid", "clientid", "upn",
})
SECRET_NAME_PAIRS = frozenset({("object", "id"), ("client", "id"), ("user", "id")})

_JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
# 16+ token characters, so prose such as "the bearer of bad news" is left alone.
_BEARER = re.compile(rb"(?i)(\bbearer\s+)(?!<)[A-Za-z0-9._~+/-]{16,}=*")
# Secret query parameters (SAS `sig`, keys, tokens) in URLs and in URLs inside JSON bodies, where `&` may
# be escaped as \u0026; the value stops at the next separator, quote or JSON escape.
_QUERY_SECRET = re.compile(
    rb"(?i)((?:(?<=[?&;])|(?<=\\u0026))"
    rb"(?:sig|signature|api-key|api_key|apikey|subscription-key|access_token|token|secret|password)=)"
    rb"[^&#\"'\s\\]+"
)
# The placeholder host keeps no port: `127.0.0.1:51234` must not survive as `fake-resource…:51234`.
_HOST_PORT = re.compile(re.escape(PLACEHOLDER_HOST).encode() + rb":\d{1,5}(?![0-9])")


def is_secret_header(name: str) -> bool:
    """Whether a header name (other than api-key/authorization) suggests a credential or account id."""
    lower = name.lower()
    if lower in KEEP_HEADERS:
        return False
    words = lower.replace("_", "-").split("-")
    return bool(SECRET_NAME_WORDS.intersection(words)) or bool(SECRET_NAME_PAIRS.intersection(pairwise(words)))


def scrub_patterns(value: bytes) -> bytes:
    """Apply the run-independent rules: JWTs, bearer tokens, secret query parameters, the host's port."""
    value = _JWT.sub(REDACTED.encode(), value)
    value = _BEARER.sub(rb"\1" + REDACTED.encode(), value)
    value = _QUERY_SECRET.sub(rb"\1" + REDACTED.encode(), value)
    return _HOST_PORT.sub(PLACEHOLDER_HOST.encode(), value)


class Scrubber:
    """Knows the run's secrets and replaces each with a placeholder wherever it appears."""

    def __init__(self, api_key: str | None, static_token: str | None, hosts: Iterable[str]) -> None:
        self._lock = threading.Lock()
        self.api_key = api_key
        self._secrets: dict[str, str] = {}
        self._sorted: list[tuple[str, str]] | None = None
        self._known_credentials = {api_key: KEY} if api_key is not None else {}
        if api_key:
            self._secrets[api_key] = KEY.placeholder
        if static_token:
            self._secrets[static_token] = TOKEN.placeholder
        for host in hosts:
            if host and host != PLACEHOLDER_HOST:
                self._secrets[host] = PLACEHOLDER_HOST

    def learn_token(self, token: str) -> None:
        """Remember a bearer token seen on the wire (DefaultAzureCredential's, say) as a secret."""
        if token and token not in self._secrets:
            with self._lock:
                self._secrets[token] = self.credential_placeholder(token)
                self._sorted = None

    def credential_placeholder(self, value: str, form: auth_modes.HeaderForm = auth_modes.BEARER) -> str:
        """The placeholder for a credential sent in `form`: the run's key is the key, anything else a token."""
        return auth_modes.credential_for(form, value, self._known_credentials).placeholder

    def _known(self) -> list[tuple[str, str]]:
        # Longest first so a host inside a URL is replaced before any shorter secret it contains. Sorted once
        # and again only when a token is learned: this runs tens of thousands of times per run.
        known = self._sorted
        if known is None:
            with self._lock:
                known = self._sorted = sorted(self._secrets.items(), key=lambda item: len(item[0]), reverse=True)
        return known

    def data(self, value: bytes) -> bytes:
        for secret, placeholder in self._known():
            raw = secret.encode()
            if raw in value:
                value = value.replace(raw, placeholder.encode())
        return scrub_patterns(value)

    def text(self, value: str) -> str:
        return self.data(value.encode("utf-8", "surrogateescape")).decode("utf-8", "surrogateescape")

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit(("https", PLACEHOLDER_HOST, self.text(parts.path), self.text(parts.query), ""))

    def request_headers(self, headers: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in headers.items():
            lower = name.lower()
            values = value if isinstance(value, list) else [value]
            if lower in DROP_HEADERS:
                continue
            if lower in _CREDENTIAL_FORMS:
                out[name] = [self._credential(_CREDENTIAL_FORMS[lower], str(v)) for v in values]
            elif lower == "host":
                out[name] = [PLACEHOLDER_HOST]
            else:
                scrubbed = [REDACTED if is_secret_header(name) else self.text(str(v)) for v in values]
                out[name] = scrubbed if isinstance(value, list) else scrubbed[0]
        return out

    def _credential(self, form: auth_modes.HeaderForm, value: str) -> str:
        if form.scheme is None:
            return self.credential_placeholder(value, form)
        scheme, _, credential = value.partition(" ")
        if credential in auth_modes.PLACEHOLDERS:
            return value
        self.learn_token(credential)
        return f"{scheme} {self.credential_placeholder(credential, form)}"

    def response_headers(self, headers: dict[str, list[str]]) -> dict[str, list[str]]:
        return {
            name: [REDACTED if is_secret_header(name) else self.text(v) for v in values]
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
        return scrubber.text(body)
    return body


# Third-party loggers that print exchanges as they happen: vcrpy logs each response *before* its
# before_record_response hook runs, httpx/httpcore log URLs and raw response headers.
LOGGERS = (
    "vcr.cassette", "vcr.request", "vcr.stubs", "vcr.stubs.httpx_stubs", "httpx2", "httpx",
    "httpcore2.connection", "httpcore2.http11", "httpcore2.http2", "httpcore.connection", "httpcore.http11",
    "openai", "openai._base_client",
)
# httpcore's trace prints headers as `(b'name', b'value')` pairs.
_TRACE_HEADER = re.compile(r"\(b'([A-Za-z0-9_-]+)', b'((?:[^'\\]|\\.)*)'\)")


class LogScrubber(logging.Filter):
    """Scrubs log records of the HTTP and cassette loggers with the run's current scrubber."""

    scrubber: Scrubber | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        scrubber = self.scrubber
        if scrubber is None:
            return True
        if isinstance(record.args, tuple):
            record.args = tuple(_scrub_log_arg(scrubber, arg) for arg in record.args)
        message = scrubber.text(record.getMessage())
        record.msg, record.args = _TRACE_HEADER.sub(_trace_header, message), ()
        return True


def _scrub_log_arg(scrubber: Scrubber, arg: Any) -> Any:
    # vcrpy's "Appending request %s and response %s": scrub the response dict by header name, too.
    if isinstance(arg, dict) and isinstance(arg.get("headers"), dict) and "status" in arg:
        arg = copy.copy(arg)
        arg["headers"] = scrubber.response_headers(arg["headers"])
    return arg


def _trace_header(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.lower() in DROP_HEADERS or is_secret_header(name):
        return f"(b'{name}', b'{REDACTED}')"
    return match.group(0)


LOG_SCRUBBER = LogScrubber()


def install_log_scrubber(scrubber: Scrubber) -> None:
    """Make LOG_SCRUBBER use `scrubber` and attach it (once) to every logger in LOGGERS."""
    LOG_SCRUBBER.scrubber = scrubber
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if LOG_SCRUBBER not in logger.filters:
            logger.addFilter(LOG_SCRUBBER)

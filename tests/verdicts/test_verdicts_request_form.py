"""The documented request form (path, api-version, credential header) and the binary body check, directly."""

from __future__ import annotations

import pytest

from conformance.calling.transport import Attempt
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode
from conformance.verdicts.checks import Findings, check_binary, check_request

ENDPOINT = "https://fake-resource.openai.azure.com"
CHAT = catalog.get("chat.completions.create")
V1_URL = f"{ENDPOINT}/openai/v1/chat/completions"
AZURE_URL = f"{ENDPOINT}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
KEY = {"api-key": "k"}
BEARER = {"authorization": "Bearer t"}


def _failures(case: Case, url: str, headers: dict[str, str]) -> list[str]:
    out = Findings()
    check_request(case, Attempt("POST", url, headers, b"{}"), ENDPOINT, "gpt-4o", out)
    return out.failures


@pytest.mark.parametrize(("surface", "auth", "url", "headers"), [
    ("v1", AuthMode.API_KEY, V1_URL, BEARER),  # OpenAI(api_key=...) sends Bearer
    ("v1", AuthMode.ENV, V1_URL, BEARER),
    ("v1", AuthMode.ENTRA, V1_URL, BEARER),
    ("2024-10-21", AuthMode.API_KEY, AZURE_URL, KEY),
    ("2024-10-21", AuthMode.ENV, AZURE_URL, KEY),
    ("2024-10-21", AuthMode.ENTRA, AZURE_URL, BEARER),
])
def test_the_documented_form_passes(surface: str, auth: AuthMode, url: str, headers: dict[str, str]) -> None:
    assert _failures(Case(CHAT, surface, auth, ClientKind.SYNC), url, headers) == []


def test_a_wrong_path_names_both_paths() -> None:
    case = Case(CHAT, "v1", AuthMode.API_KEY, ClientKind.SYNC)
    [message] = _failures(case, f"{ENDPOINT}/openai/v1/deployments/gpt-4o/chat/completions", BEARER)
    assert message == ("request path is /openai/v1/deployments/gpt-4o/chat/completions, "
                       "documented /openai/v1/chat/completions")


def test_an_endpoint_path_prefix_is_part_of_the_documented_path() -> None:
    case = Case(CHAT, "v1", AuthMode.API_KEY, ClientKind.SYNC)
    out = Findings()
    check_request(case, Attempt("POST", "https://gw.example/aoai/openai/v1/chat/completions", BEARER, b""),
                  "https://gw.example/aoai", "gpt-4o", out)
    assert out.failures == []


@pytest.mark.parametrize(("query", "expected"), [
    ("", "request api-version is [], documented ['2024-10-21']"),
    ("?api-version=2025-04-01-preview", "request api-version is ['2025-04-01-preview'], documented ['2024-10-21']"),
    ("?api-version=2024-10-21&api-version=2024-10-21", "request api-version is ['2024-10-21', '2024-10-21']"),
])
def test_the_versioned_surface_needs_exactly_its_api_version(query: str, expected: str) -> None:
    case = Case(CHAT, "2024-10-21", AuthMode.API_KEY, ClientKind.SYNC)
    [message] = _failures(case, f"{ENDPOINT}/openai/deployments/gpt-4o/chat/completions{query}", KEY)
    assert message.startswith(expected)


def test_v1_sends_no_api_version() -> None:
    case = Case(CHAT, "v1", AuthMode.ENTRA, ClientKind.SYNC)
    assert _failures(case, V1_URL + "?api-version=preview", BEARER) == [
        "v1 request carries api-version ['preview']; the v1 docs send none"]


@pytest.mark.parametrize("headers", [BEARER, {**KEY, **BEARER}, {}])
def test_versioned_key_auth_sends_api_key_and_no_authorization(headers: dict[str, str]) -> None:
    case = Case(CHAT, "2024-10-21", AuthMode.API_KEY, ClientKind.ASYNC)
    assert _failures(case, AZURE_URL, headers) == [
        "auth mode api_key on the versioned surface must send `api-key: <api-key>` and no `authorization` header"]


@pytest.mark.parametrize(("surface", "url", "headers"), [
    ("2024-10-21", AZURE_URL, KEY), ("2024-10-21", AZURE_URL, {**KEY, **BEARER}),
    ("v1", V1_URL, {"authorization": "Basic t"}), ("v1", V1_URL, {}),
])
def test_bearer_modes_send_authorization_bearer_and_no_api_key(surface: str, url: str,
                                                                headers: dict[str, str]) -> None:
    case = Case(CHAT, surface, AuthMode.ENTRA, ClientKind.SYNC)
    family = "v1" if surface == "v1" else "versioned"
    assert _failures(case, url, headers) == [f"auth mode entra on the {family} surface must send "
                                             "`Authorization: Bearer <entra-token>` and no `api-key` header"]


def _binary(content_type: str | None, body: bytes) -> list[str]:
    attempt = Attempt("POST", "u", {}, b"", status=200, chunks=[body] if body else [])
    if content_type is not None:
        attempt.response_headers["content-type"] = content_type
    out = Findings()
    check_binary(attempt, out)
    return out.failures


@pytest.mark.parametrize("content_type", ["audio/mpeg", "audio/wav", "application/octet-stream"])
def test_audio_with_a_body_passes(content_type: str) -> None:
    assert _binary(content_type, b"ID3\x04") == []


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_a_non_audio_content_type_fails_naming_it(content_type: str | None) -> None:
    assert _binary(content_type, b"ID3") == [
        f"binary response content-type is {content_type or ''!r}, expected audio/*"]


def test_an_empty_audio_body_fails() -> None:
    assert _binary("audio/mpeg", b"") == ["binary response body is empty"]

"""The Scrubber with a realistic resource: host, key, token, account ids, cookies, SAS signatures."""

from __future__ import annotations

import logging

import pytest

from conformance.recording.scrub import (
    API_KEY_PLACEHOLDER,
    LOG_SCRUBBER,
    PLACEHOLDER_HOST,
    REDACTED,
    TOKEN_PLACEHOLDER,
    Scrubber,
    install_log_scrubber,
    is_secret_header,
)
from tests.support.leaky import KEY, SAS, SUBSCRIPTION, TOKEN

HOST = "my-canary-resource.openai.azure.com"


@pytest.fixture
def scrubber() -> Scrubber:
    return Scrubber(KEY, TOKEN, [HOST])


def test_url_keeps_path_and_query_but_loses_host_port_and_secrets(scrubber: Scrubber) -> None:
    url = f"http://{HOST}:8443/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key={KEY}&sig={SAS}"
    assert scrubber.url(url) == (f"https://{PLACEHOLDER_HOST}/openai/deployments/d/chat/completions"
                                 f"?api-version=2024-10-21&api-key={REDACTED}&sig={REDACTED}")


def test_request_headers_keep_the_credential_form(scrubber: Scrubber) -> None:
    out = scrubber.request_headers({
        "api-key": KEY, "Authorization": f"Bearer {TOKEN}", "host": f"{HOST}:443", "cookie": "a=b",
        "ocp-apim-subscription-key": "0" * 32, "x-stainless-retry-count": "0", "x-ms-client-request-id": "abc",
        "x-custom": f"see https://{HOST}/x",
    })
    assert out == {
        "api-key": [API_KEY_PLACEHOLDER], "Authorization": [f"Bearer {TOKEN_PLACEHOLDER}"], "host": [PLACEHOLDER_HOST],
        "ocp-apim-subscription-key": REDACTED, "x-stainless-retry-count": "0", "x-ms-client-request-id": "abc",
        "x-custom": f"see https://{PLACEHOLDER_HOST}/x",
    }


def test_bearer_api_key_is_named_as_the_api_key(scrubber: Scrubber) -> None:
    assert scrubber.request_headers({"authorization": [f"Bearer {KEY}"]}) == {
        "authorization": [f"Bearer {API_KEY_PLACEHOLDER}"]}


def test_response_headers_drop_cookies_and_redact_account_ids_but_keep_request_ids(scrubber: Scrubber) -> None:
    out = scrubber.response_headers({
        "set-cookie": ["ARRAffinity=x"], "openai-organization": ["org-1"], "x-ms-subscription-id": [SUBSCRIPTION],
        "apim-subscription-id": [SUBSCRIPTION], "x-ms-tenant-id": ["t"], "x-ms-client-principal-id": ["p"],
        "x-ms-object-id": ["o"], "x-ms-client-id": ["c"], "x-request-id": ["r1"], "apim-request-id": ["r2"],
        "x-ratelimit-remaining-tokens": ["99"], "operation-location": [f"https://{HOST}/ops/1?sig={SAS}"],
    })
    assert out == {
        "x-ms-subscription-id": [REDACTED], "apim-subscription-id": [REDACTED], "x-ms-tenant-id": [REDACTED],
        "x-ms-client-principal-id": [REDACTED], "x-ms-object-id": [REDACTED], "x-ms-client-id": [REDACTED],
        "x-request-id": ["r1"], "apim-request-id": ["r2"], "x-ratelimit-remaining-tokens": ["99"],
        "operation-location": [f"https://{PLACEHOLDER_HOST}/ops/1?sig={REDACTED}"],
    }


@pytest.mark.parametrize(("name", "secret"), [
    ("x-ms-subscription-id", True), ("Ocp-Apim-Subscription-Key", True), ("x-ms-tenant-id", True),
    ("x-ms-client-principal-name", True), ("x-ms-oid", True), ("proxy-authorization", True),
    ("x-request-id", False), ("apim-request-id", False), ("x-ms-client-request-id", False),
    ("x-ratelimit-remaining-tokens", False), ("x-stainless-package-version", False), ("content-type", False),
])
def test_secret_header_names(name: str, secret: bool) -> None:
    assert is_secret_header(name) is secret


def test_bodies_lose_key_token_host_port_jwts_and_signatures(scrubber: Scrubber) -> None:
    jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzb21lb25lLWVsc2UifQ.c29tZS1zaWduYXR1cmU"
    body = (f'{{"k":"{KEY}","t":"{TOKEN}","u":"http://{HOST}:51234/openai/files/1",'
            f'"img":"https://blob.core.windows.net/p.png?se=2030\\u0026sig={SAS}","other":"{jwt}",'
            f'"h":"Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345","prose":"the bearer of bad news"}}').encode()
    out = scrubber.data(body).decode()
    for secret in (KEY, TOKEN, HOST, "51234", SAS, jwt, "abcdefghijklmnop"):
        assert secret not in out
    assert f'"u":"http://{PLACEHOLDER_HOST}/openai/files/1"' in out
    assert f"\\u0026sig={REDACTED}" in out and "the bearer of bad news" in out
    assert scrubber.data(out.encode()).decode() == out  # idempotent: save-time re-scrub changes nothing


def test_learned_tokens_are_scrubbed_everywhere() -> None:
    scrubber = Scrubber(None, None, [HOST])
    scrubber.request_headers({"authorization": "Bearer dac-token-from-the-credential-chain"})
    assert scrubber.text("echo dac-token-from-the-credential-chain") == f"echo {TOKEN_PLACEHOLDER}"


def test_log_records_of_http_loggers_are_scrubbed(scrubber: Scrubber, caplog: pytest.LogCaptureFixture) -> None:
    install_log_scrubber(scrubber)
    try:
        with caplog.at_level(logging.DEBUG):
            logging.getLogger("vcr.cassette").info("Appending request %s and response %s", f"https://{HOST}/x",
                                                   {"status": {"code": 200}, "headers": {"set-cookie": ["c=1"]}})
            logging.getLogger("httpcore2.http11").debug(f"return_value=[(b'x-ms-tenant-id', b'{SUBSCRIPTION}')]")
            logging.getLogger("httpx2").info(f"HTTP Request: POST http://{HOST}:8080/openai?api-key={KEY}")
    finally:
        LOG_SCRUBBER.scrubber = None
    text = caplog.text
    for secret in (HOST, SUBSCRIPTION, KEY, "c=1", "8080"):
        assert secret not in text
    assert f"(b'x-ms-tenant-id', b'{REDACTED}')" in text

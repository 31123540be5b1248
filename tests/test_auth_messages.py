"""A 401/403 names the auth mode (never the secret) and quotes the server's own error body, trimmed and scrubbed."""

from __future__ import annotations

import json
from pathlib import Path

from conformance import auth_errors, catalog
from conformance.cases import build_cases
from conformance.config import load_settings
from conformance.results import CaseResult, Outcome
from conformance.runner import Session, run_case
from conformance.scrub import Scrubber
from conformance.standin import StandIn
from conformance.transport import Attempt
from tests.scripted_server import Reply, ScriptedServer

KEY = "auth-key-9f1e3d5c7b2a4e6d"
TOKEN = "auth-token-2c4e6a8b1d3f5e7a"
WRONG = "wrong-key-0a1b2c3d4e5f6a7b"


def run_chat(endpoint: str, api_key: str, tmp_path: Path) -> list[CaseResult]:
    """chat.completions.create live, every auth mode and surface, sync clients."""
    settings = load_settings({"mode": "live", "endpoint": endpoint},
                             environ={"AZURE_OPENAI_API_KEY": api_key, "AZURE_OPENAI_AD_TOKEN": TOKEN})
    session = Session(settings, tmp_path / "cassettes")
    try:
        return [run_case(session, case) for case in build_cases(settings, [catalog.get("chat.completions.create")])
                if case.client.value == "sync"]
    finally:
        session.close()


def gateway(method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
    """A non-Azure gateway: plain-text 401 that echoes the key it was given, 403 for bearer tokens."""
    if "api-key" in headers:
        text = f"Invalid subscription key {headers['api-key']} for this gateway.\n\n  Contact your admin." + "!" * 900
        return 401, {"content-type": "text/plain"}, text.encode()
    if headers.get("authorization", "").startswith("Bearer "):
        body_out = {"statusCode": 403, "message": f"principal lacks role; token {headers['authorization'][7:]}"}
        return 403, {"content-type": "application/json"}, json.dumps(body_out).encode()
    return 500, {}, b""


def test_a_401_with_a_non_azure_body_quotes_it_without_the_secret(tmp_path: Path) -> None:
    with ScriptedServer(gateway) as server:
        rows = run_chat(server.url, WRONG, tmp_path)
    by_auth = {(r.surface, r.auth): r for r in rows}
    key_row = by_auth[("2024-10-21", "api_key")]
    assert key_row.outcome is Outcome.FAILED and key_row.status == 401
    message = key_row.message
    assert message.startswith("HTTP 401 AuthenticationError with auth mode api_key (the key from "
                              "AZURE_OPENAI_API_KEY, sent in the `api-key` header)")
    assert "The server said: Invalid subscription key <api-key> for this gateway. Contact your admin." in message
    assert "… (972 characters)" in message and "[http_401 after 1 attempt(s)]" in message
    entra_row = by_auth[("v1", "entra")]
    assert entra_row.status == 403
    assert "HTTP 403 PermissionDeniedError with auth mode entra (an Entra ID token" in entra_row.message
    assert "`Authorization: Bearer` header" in entra_row.message and "lacks permission" in entra_row.message
    assert '"message": "principal lacks role; token <entra-token>"' in entra_row.message
    text = json.dumps([r.to_dict() for r in rows])
    assert WRONG not in text and TOKEN not in text


def test_an_azure_401_quotes_its_error_body(tmp_path: Path) -> None:
    with StandIn(api_key=KEY, token=TOKEN) as server:
        rows = run_chat(server.url, WRONG, tmp_path)
    row = next(r for r in rows if r.surface == "v1" and r.auth == "env")
    assert row.outcome is Outcome.FAILED
    assert "with auth mode env (the key from AZURE_OPENAI_API_KEY, read by the client from its" in row.message
    assert 'The server said: {"error":{"code":"401","message":"Unauthorized. Access token is missing' in row.message
    assert all(r.outcome is Outcome.PASSED for r in rows if r.auth == "entra")


def test_the_quoted_body_loses_every_credential_the_request_carried_even_unknown_ones() -> None:
    # A DefaultAzureCredential token is known to no setting: the request's own headers name it.
    token = "dac-token-not-in-any-setting-1a2b3c"
    attempt = Attempt("POST", "http://x/openai/v1/chat/completions",
                      {"authorization": f"Bearer {token}", "api-key": WRONG}, b"", status=401,
                      chunks=[f"bad token {token}; bad key {WRONG}".encode()])
    assert auth_errors.quoted_body(attempt, Scrubber(None, None, [])) == "bad token <entra-token>; bad key <api-key>"

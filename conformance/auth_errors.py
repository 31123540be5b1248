"""401/403 messages that say why: the auth mode used (never the secret) and the server's own error body.

The SDK's exception text keeps only `error.message` of a JSON body, so a non-Azure 401 (a gateway's HTML
page, `{"statusCode": 401, ...}` from API Management, plain text) read `Error code: 401` and nothing else.
The body as received is quoted instead, trimmed, with every credential the request carried scrubbed out.
"""

from __future__ import annotations

import openai

from conformance.cases import Case
from conformance.catalog import V1
from conformance.config import AuthMode
from conformance.scrub import API_KEY_PLACEHOLDER, TOKEN_PLACEHOLDER, Scrubber
from conformance.transport import Attempt

BODY_LIMIT = 400  # characters of the server's body quoted in the message

# How each auth mode presents its credential, and where the credential comes from (names only, never values).
_MODES = {
    AuthMode.API_KEY: "the key from AZURE_OPENAI_API_KEY",
    AuthMode.ENV: "the key from AZURE_OPENAI_API_KEY, read by the client from its documented environment variables",
    AuthMode.ENTRA: "an Entra ID token (AZURE_OPENAI_AD_TOKEN, else DefaultAzureCredential)",
}
_FIX = {
    401: "check that the credential is valid for this endpoint",
    403: "the credential was accepted but lacks permission: grant the identity a role such as "
         "'Cognitive Services OpenAI User' on the resource, or check the resource's network rules",
}


def _header_form(case: Case) -> str:
    if case.family != V1 and case.auth in (AuthMode.API_KEY, AuthMode.ENV):
        return "`api-key` header"
    return "`Authorization: Bearer` header"


def _credentials(attempt: Attempt) -> list[tuple[str, str]]:
    """The credential values the request carried, with the placeholder each is replaced by."""
    found = []
    key = attempt.headers.get("api-key")
    if key:
        found.append((key, API_KEY_PLACEHOLDER))
    bearer = attempt.headers.get("authorization", "")
    if bearer.lower().startswith("bearer ") and bearer[7:].strip():
        found.append((bearer[7:].strip(), TOKEN_PLACEHOLDER))
    return found


def quoted_body(attempt: Attempt, scrubber: Scrubber) -> str:
    """The response body as received, whitespace collapsed, credentials scrubbed, trimmed."""
    text = attempt.response_body.decode("utf-8", "replace")
    for secret, placeholder in _credentials(attempt):
        text = text.replace(secret, placeholder)
    text = " ".join(scrubber.text(text).split())
    if not text:
        return "(empty body)"
    return text if len(text) <= BODY_LIMIT else text[:BODY_LIMIT] + f" … ({len(text)} characters)"


def message(case: Case, error: BaseException | None, attempt: Attempt | None, scrubber: Scrubber) -> str | None:
    """The failure text for a 401/403, or None for any other outcome."""
    if not isinstance(error, openai.APIStatusError) or error.status_code not in _FIX or attempt is None:
        return None
    status = error.status_code
    return (f"HTTP {status} {type(error).__name__} with auth mode {case.auth.value} ({_MODES[case.auth]}, sent in "
            f"the {_header_form(case)}): {_FIX[status]}. The server said: {quoted_body(attempt, scrubber)}")

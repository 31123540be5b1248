"""401/403 messages that say why: the auth mode used (never the secret) and the server's own error body.

The SDK's exception text keeps only `error.message` of a JSON body, so a non-Azure 401 (a gateway's HTML
page, `{"statusCode": 401, ...}` from API Management, plain text) read `Error code: 401` and nothing else.
The body as received is quoted instead, trimmed, with every credential the request carried scrubbed out.
"""

from __future__ import annotations

import openai

from conformance.calling.transport import Attempt
from conformance.catalog import auth_modes
from conformance.catalog.cases import Case
from conformance.recording.scrub import Scrubber

BODY_LIMIT = 400  # characters of the server's body quoted in the message

_FIX = {
    401: "check that the credential is valid for this endpoint",
    403: "the credential was accepted but lacks permission: grant the identity a role such as "
         "'Cognitive Services OpenAI User' on the resource, or check the resource's network rules",
}


def _credentials(attempt: Attempt) -> list[tuple[str, str]]:
    """The credential values the request carried, with the placeholder each is replaced by."""
    found = []
    for form in auth_modes.HEADER_FORMS:
        value = form.read(attempt.headers)
        if value:  # nothing here knows the run's key: a value in a shared header reads as a chain token
            found.append((value, auth_modes.credential_for(form, value, {}).placeholder))
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
    mode = auth_modes.spec(case.auth)
    return (f"HTTP {status} {type(error).__name__} with auth mode {case.auth.value} ({mode.source}, sent in "
            f"the {mode.on(case.family).header.label}): {_FIX[status]}. "
            f"The server said: {quoted_body(attempt, scrubber)}")

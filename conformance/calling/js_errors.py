"""What the JS SDK raised, as the Python `openai` exception of the same documented class.

The JS and Python SDKs share their error class names (openai-node core/error.ts mirrors openai-python's
`_exceptions`): `AuthenticationError` for 401, `RateLimitError` for 429 and so on. Turning the JS verdict
into the Python exception lets `runner.judge` treat a JS row exactly as a Python one: a 429 after the
retries is *throttled*, a 401/403 gets the auth-mode message that names the fix, a documented exception
is recognised, a missing deployment names the setting, and an error status is classified with its
attempt count, instead of the error body being validated against the success schema.
"""

from __future__ import annotations

import json

import httpx2
import openai

from conformance.calling.js_bridge import DriverResult
from conformance.calling.transport import Attempt


class JsBodyError(ValueError):
    """The JS SDK could not parse a body (JSON.parse's SyntaxError): a ValueError, as Python's decode error is."""


def _body(attempt: Attempt) -> object | None:
    """The error body as openai-python hands it to the exception: the envelope's `error` object, if any."""
    try:
        data = json.loads(attempt.response_body)
    except ValueError:
        return None
    return data.get("error", data) if isinstance(data, dict) else data


def _status_class(name: str | None, status: int) -> type[openai.APIStatusError]:
    """The Python class of the JS class's name; by status (as openai-python maps it) when the name is unknown."""
    cls = getattr(openai, name or "", None)
    if isinstance(cls, type) and issubclass(cls, openai.APIStatusError):
        return cls
    by_status: dict[int, type[openai.APIStatusError]] = {
        400: openai.BadRequestError, 401: openai.AuthenticationError, 403: openai.PermissionDeniedError,
        404: openai.NotFoundError, 409: openai.ConflictError, 422: openai.UnprocessableEntityError,
        429: openai.RateLimitError}
    return by_status.get(status) or (openai.InternalServerError if status >= 500 else openai.APIStatusError)


def as_python_error(got: DriverResult) -> Exception | None:
    """The Python equivalent of the JS SDK's error (None when the call succeeded)."""
    if got.ok:
        return None
    said = f"{got.error_message} (the JS SDK raised {got.error_class})"
    last = got.attempts[-1] if got.attempts else None
    request = httpx2.Request(last.method, last.url) if last else httpx2.Request("POST", "http://js-driver.invalid")
    if got.error_status and last is not None and last.status == got.error_status:
        response = httpx2.Response(got.error_status, headers=last.response_headers, request=request)
        return _status_class(got.error_class, got.error_status)(said, response=response, body=_body(last))
    if got.error_class == "APIConnectionTimeoutError":
        return openai.APITimeoutError(request)
    if got.error_class == "APIConnectionError":
        return openai.APIConnectionError(message=said, request=request)
    if got.error_class == "SyntaxError":
        return JsBodyError(said)
    return openai.OpenAIError(f"{got.error_class}: {said}")

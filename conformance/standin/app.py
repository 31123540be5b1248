"""The stand-in's ASGI app: routing, auth and api-version checks as an Azure OpenAI resource does them."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from conformance import handshake
from conformance.standin import faults
from conformance.standin.faults import OperationError
from conformance.standin.streams import build_reply

DEFAULT_DEPLOYMENTS: Mapping[str, str] = {
    "chat": "gpt-4o", "responses": "gpt-4.1-nano", "reasoning": "o4-mini",
    "embeddings": "text-embedding-3-large", "image": "dall-e-3", "completions": "gpt-35-turbo-instruct",
    "tts": "tts-hd", "transcription": "whisper",
}
# The docs' MCP example calls a "gpt-5" deployment; serve it alongside the configured ones.
EXTRA_DEPLOYMENTS: Mapping[str, str] = {"gpt-5": "frontier"}
SUPPORTED_API_VERSIONS: tuple[str, ...] = (
    "2022-12-01", "2023-05-15", "2024-02-01", "2024-06-01", "2024-10-21",
    "2023-03-15-preview", "2023-12-01-preview", "2024-02-15-preview", "2024-03-01-preview",
    "2024-05-01-preview", "2024-07-01-preview", "2024-08-01-preview", "2024-09-01-preview",
    "2024-10-01-preview", "2024-12-01-preview", "2025-01-01-preview", "2025-02-01-preview",
    "2025-03-01-preview", "2025-04-01-preview",
)
V1_API_VERSIONS = ("v1", "preview")

OPERATIONS = {
    "chat/completions": "chat", "completions": "completions", "embeddings": "embeddings",
    "images/generations": "images", "audio/speech": "speech", "audio/transcriptions": "transcriptions",
    "responses": "responses", "fine_tuning/jobs": "fine_tuning",
}
DEPLOYMENT_OPERATIONS = frozenset(OPERATIONS) - {"responses", "fine_tuning/jobs"}
TEXT_KINDS = frozenset({"chat", "responses", "reasoning", "frontier"})
OPERATION_KINDS: Mapping[str, frozenset[str]] = {
    "chat": TEXT_KINDS, "responses": TEXT_KINDS, "embeddings": frozenset({"embeddings"}),
    "completions": frozenset({"completions"}), "images": frozenset({"image"}),
    "speech": frozenset({"tts"}), "transcriptions": frozenset({"transcription"}),
}
AZURE_OPERATION = {"chat": "chatCompletion", "completions": "completion", "embeddings": "embeddings",
                   "images": "imageGeneration", "responses": "responses", "speech": "audioSpeech",
                   "transcriptions": "audioTranscription"}

NOT_FOUND = faults.error_body("404", "Resource not found")
BAD_VERSION = faults.error_body("BadRequest", "API version not supported")
DEPLOYMENT_NOT_FOUND = faults.error_body(
    "DeploymentNotFound", "The API deployment for this resource does not exist. If you created the "
    "deployment within the last 5 minutes, please wait a moment and try again.")
KEY_DENIED = faults.error_body("401", faults.STATUS_CODES[401][1])
TOKEN_DENIED = faults.error_body(
    "401", "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired.")
RATE_HEADERS = {"x-ratelimit-limit-requests": "100", "x-ratelimit-limit-tokens": "100000",
                "x-ratelimit-remaining-requests": "99", "x-ratelimit-remaining-tokens": "99954"}
_DEPLOYMENT_PATH = re.compile(r"/openai/deployments/([^/]+)/(.+)")


@dataclass
class CapturedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int | None = None


@dataclass
class RequestLog:
    """Requests in arrival order; safe to read from other threads while the server appends."""

    _items: list[CapturedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def append(self, item: CapturedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[CapturedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index: int) -> CapturedRequest:
        with self._lock:
            return self._items[index]

    def __iter__(self) -> Iterator[CapturedRequest]:
        return iter(self.snapshot())


def _route(path: str) -> tuple[str, str, str | None] | None:
    """(surface, operation, deployment from the path) for the paths a resource answers, else None."""
    if path.startswith("/openai/v1/") and path[len("/openai/v1/"):] in OPERATIONS:
        return "v1", OPERATIONS[path[len("/openai/v1/"):]], None
    if path in ("/openai/responses", "/openai/fine_tuning/jobs"):
        return "versioned", OPERATIONS[path[len("/openai/"):]], None
    match = _DEPLOYMENT_PATH.fullmatch(path)
    if match and match.group(2) in DEPLOYMENT_OPERATIONS:
        return "versioned", OPERATIONS[match.group(2)], match.group(1)
    return None


def _auth_error(headers: Mapping[str, str], surface: str, operation: str, api_key: str, token: str) -> Any:
    if "api-key" in headers:
        return None if headers["api-key"] == api_key else KEY_DENIED
    scheme, _, bearer = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not bearer:
        return KEY_DENIED
    if surface == "v1" and bearer == api_key:
        return None
    # v1 docs: "Embeddings currently do not support Microsoft Entra ID with Azure OpenAI and the v1 API".
    if bearer == token and not (surface == "v1" and operation == "embeddings"):
        return None
    return TOKEN_DENIED


def request_ids(method: str, path: str, body: bytes, headers: Mapping[str, str]) -> tuple[str, str]:
    """Deterministic ids, so re-recording a cassette reproduces the same headers."""
    boundary = re.search(r"boundary=([^;\s]+)", headers.get("content-type", ""))
    if boundary:  # the SDK picks a random multipart boundary per request
        body = body.replace(boundary.group(1).encode(), b"standin-boundary")
    seed = f"{method} {path} {headers.get('x-stainless-retry-count', '0')} {hashlib.sha256(body).hexdigest()}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "apim:" + seed)), str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def create_app(api_key: str, token: str, deployments: Mapping[str, str] = DEFAULT_DEPLOYMENTS,
               log: RequestLog | None = None, scenario: str = "ok") -> Starlette:
    """An ASGI app answering like an Azure OpenAI resource that holds ``deployments`` (kind -> name).

    ``scenario`` is the fault script for requests that carry none of their own, so a whole run can meet
    a misbehaving service without sending anything special.
    """
    faults.parse_scenario(scenario)  # fail at start-up, not on the first request
    kinds = {**EXTRA_DEPLOYMENTS, **{name: kind for kind, name in deployments.items()}}
    requests = log if log is not None else RequestLog()

    async def dispatch(request: Request, body: bytes, headers: dict[str, str]) -> Response | None:
        route = _route(request.url.path)
        if request.method != "POST" or route is None:
            return JSONResponse(NOT_FOUND, 404)
        surface, operation, deployment = route
        api_version = request.query_params.get("api-version")
        if surface == "v1" and api_version is not None and api_version not in V1_API_VERSIONS:
            return JSONResponse(BAD_VERSION, 400)
        if surface == "versioned" and api_version is None:
            return JSONResponse(NOT_FOUND, 404)
        if surface == "versioned" and api_version not in SUPPORTED_API_VERSIONS:
            return JSONResponse(BAD_VERSION, 400)
        denied = _auth_error(headers, surface, operation, api_key, token)
        if denied is not None:
            return JSONResponse(denied, 401)
        if operation == "speech" and surface == "versioned" and not str(api_version).endswith("-preview"):
            return JSONResponse(NOT_FOUND, 404)
        try:
            payload = await _payload(request, body, operation)
        except OperationError as error:
            return JSONResponse(error.body, error.status)
        kind = ""
        if operation != "fine_tuning":
            name = deployment if deployment is not None else payload.get("model")
            kind = kinds.get(name, "") if isinstance(name, str) else ""
            if not kind:
                return JSONResponse(DEPLOYMENT_NOT_FOUND, 404)
            if kind not in OPERATION_KINDS[operation]:
                return JSONResponse(faults.error_body("OperationNotSupported", (
                    f"The {AZURE_OPERATION[operation]} operation does not work with the specified model, "
                    f"{name}. Please choose different model and try again. You can learn more about which "
                    "models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993."
                )), 400)
        try:
            steps = faults.parse_scenario(request.query_params.get(faults.SCENARIO_PARAM, scenario))
        except faults.ScenarioError as error:
            message = f"Invalid {faults.SCENARIO_PARAM}: {error}"
            return JSONResponse(faults.error_body("BadRequest", message), 400)
        step = faults.step_for_attempt(steps, faults.attempt_number(headers))
        build = lambda: build_reply(operation, kind, payload, step.kind == "async_filter")  # noqa: E731
        return await faults.respond(request, step, build, operation, api_version or "v1")

    async def handle(request: Request) -> Response:
        body = await request.body()
        headers = {key.lower(): value for key, value in request.headers.items()}
        entry = CapturedRequest(request.method, request.url.path, dict(request.query_params), headers, body)
        requests.append(entry)
        response = await dispatch(request, body, headers)
        if response is None:  # the connection was dropped on purpose; nothing reaches the client
            return Response(status_code=500)
        entry.status = response.status_code
        apim_id, request_id = request_ids(request.method, request.url.path, body, headers)
        response.headers.update({"apim-request-id": apim_id, "x-request-id": request_id,
                                 "x-ms-region": "Stand-in", **RATE_HEADERS})
        return response

    async def identify(request: Request) -> Response:
        # Answered before the request log: the handshake is the run asking who we are, not a case's request.
        return JSONResponse(handshake.answer(request.query_params.get("nonce", "")))

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route(handshake.PATH, identify, methods=["GET"]),
                             Route("/{path:path}", handle, methods=methods)])


async def _payload(request: Request, body: bytes, operation: str) -> dict[str, Any]:
    if operation == "transcriptions":
        return await _form(request)
    try:
        payload = json.loads(body) if body else {}
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        message = "The request body is not a valid JSON object."
        raise OperationError(400, faults.error_body("BadRequest", message))
    return payload


async def _form(request: Request) -> dict[str, Any]:
    try:
        async with request.form() as form:
            upload = form.get("file")
            payload: dict[str, Any] = {key: value for key, value in form.items() if isinstance(value, str)}
            if upload is None or isinstance(upload, str):
                raise OperationError(400, faults.error_body(
                    "invalid_request_error", "Missing required parameter: 'file'.", param="file"))
            payload["file"] = await upload.read()
            return payload
    except (AssertionError, ValueError, KeyError) as error:
        message = f"Invalid multipart body: {error}"
        raise OperationError(400, faults.error_body("BadRequest", message)) from None

"""Scenario parsing and Azure-shaped fault bodies for the stand-in.

A request opts into a fault with the query parameter ``standin-scenario=<steps>``::

    steps  := step ("," step)*
    step   := "ok" | "drop" | "cut" | "sse_error" | "async_filter" | "content_filter"
            | "slow:" SECONDS | "status:" CODE (";" param)*
    param  := "retry_after_ms=" INT | "retry_after=" INT

The step is picked by the ``x-stainless-retry-count`` request header (0 on the first attempt); past the
end of the list the last step repeats.  The server keeps no state between requests, so a retried
request is answered deterministically.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from conformance.standin.streams import SSE_ERROR, Binary, Reply, Stream

SCENARIO_PARAM = "standin-scenario"
SIMPLE_STEPS = frozenset({"ok", "drop", "cut", "sse_error", "async_filter", "content_filter"})

STATUS_CODES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is invalid."),
    401: ("401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to "
          "provide a valid key for an active subscription and use a correct regional API endpoint for your "
          "resource."),
    403: ("PermissionDenied", "The principal does not have permission to perform this operation."),
    404: ("404", "Resource not found"),
    408: ("Timeout", "The operation was timeout."),
    409: ("Conflict", "The request conflicts with the current state of the resource."),
    422: ("UnprocessableEntity", "The request could not be processed."),
    500: ("InternalServerError", "The server had an error while processing your request. Sorry about that!"),
    502: ("BadGateway", "Bad gateway."),
    503: ("ServiceUnavailable",
          "The service is temporarily unable to process your request. Please try again later."),
    504: ("GatewayTimeout", "The operation was timeout."),
}

FILTER_MESSAGE = (
    "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. "
    "Please modify your prompt and retry. To learn more about our content filtering policies please read "
    "our documentation: https://go.microsoft.com/fwlink/?linkid=2198766"
)


class OperationError(Exception):
    """A request the operation refuses; carries the Azure-shaped error reply."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["error"]["message"])
        self.status, self.body = status, body


class ScenarioError(ValueError):
    """The ``standin-scenario`` value does not follow the grammar."""


@dataclass(frozen=True)
class Step:
    kind: str
    status: int | None = None
    seconds: float = 0.0
    retry_after_ms: int | None = None
    retry_after: int | None = None


OK = Step("ok")


def _parse_step(text: str) -> Step:
    head, _, rest = text.strip().partition(":")
    if head in SIMPLE_STEPS and not rest:
        return Step(head)
    if head == "slow" and rest:
        try:
            seconds = float(rest)
        except ValueError:
            raise ScenarioError(f"slow needs seconds, got {rest!r}") from None
        if not 0 <= seconds <= 600:
            raise ScenarioError(f"slow seconds out of range: {rest!r}")
        return Step("slow", seconds=seconds)
    if head == "status" and rest:
        code_text, *params = rest.split(";")
        if not code_text.isdigit() or not 400 <= int(code_text) <= 599:
            raise ScenarioError(f"status needs a 4xx/5xx code, got {code_text!r}")
        extra: dict[str, int] = {}
        for param in params:
            name, _, value = param.partition("=")
            if name not in ("retry_after_ms", "retry_after") or not value.isdigit():
                raise ScenarioError(f"unknown status parameter {param!r}")
            extra[name] = int(value)
        return Step("status", status=int(code_text), **extra)
    raise ScenarioError(f"unknown scenario step {text!r}")


def parse_scenario(text: str) -> tuple[Step, ...]:
    """Parse a comma-separated list of steps; raise ScenarioError on anything unknown."""
    if not text.strip():
        raise ScenarioError("empty scenario")
    return tuple(_parse_step(part) for part in text.split(","))


def step_for_attempt(steps: tuple[Step, ...], attempt: int) -> Step:
    if not steps:
        return OK
    return steps[min(max(attempt, 0), len(steps) - 1)]


def attempt_number(headers: Mapping[str, str]) -> int:
    value = headers.get("x-stainless-retry-count", "0")
    return int(value) if value.isdigit() else 0


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def status_body(status: int, operation_name: str, api_version: str) -> dict[str, Any]:
    """The error body for a scripted status; ``operation_name`` as the service names the operation."""
    if status == 429:
        return error_body(
            "429",
            f"Requests to the {operation_name} Operation under Azure OpenAI API version {api_version} have exceeded "
            "token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go "
            "here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate "
            "limit.",
        )
    code, message = STATUS_CODES.get(status, (str(status), f"The stand-in answered {status}."))
    return error_body(code, message)


def retry_headers(step: Step) -> dict[str, str]:
    headers: dict[str, str] = {}
    if step.retry_after_ms is not None:
        headers["retry-after-ms"] = str(step.retry_after_ms)
    if step.retry_after is not None:
        headers["retry-after"] = str(step.retry_after)
    return headers


def content_filter_error() -> dict[str, Any]:
    """The 400 envelope as Azure puts it on the wire (``innererror``, singular ``content_filter_result``)."""
    safe = {"filtered": False, "severity": "safe"}
    return {
        "error": {
            "message": FILTER_MESSAGE,
            "type": None,
            "param": "prompt",
            "code": "content_filter",
            "status": 400,
            "innererror": {
                "code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {
                    "hate": safe,
                    "jailbreak": {"filtered": False, "detected": False},
                    "self_harm": safe,
                    "sexual": safe,
                    "violence": {"filtered": True, "severity": "medium"},
                },
            },
        }
    }




async def _client_left(request: Request, seconds: float) -> bool:
    """Wait up to ``seconds``; True as soon as the client disconnects (so shutdown is never held up)."""

    async def watch() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass

    try:
        await asyncio.wait_for(watch(), seconds)
    except TimeoutError:
        return False
    return True


async def _drop(request: Request) -> None:
    abort = request.scope.get("extensions", {}).get("standin.drop")
    if abort is None:
        raise RuntimeError("drop needs the StandIn server, which hands the app its connection")
    abort()
    await asyncio.sleep(0.01)  # let the transport report the loss before the app returns


async def respond(request: Request, step: Step, build: Callable[[], Reply], operation_name: str,
                  api_version: str) -> Response | None:
    """Apply ``step`` around the normal reply; None means the connection was dropped."""
    if step.kind == "status" and step.status is not None:
        body = status_body(step.status, operation_name, api_version)
        return JSONResponse(body, step.status, headers=retry_headers(step))
    if step.kind == "content_filter":
        return JSONResponse(content_filter_error(), 400)
    if step.kind == "drop":
        await _drop(request)
        return None
    if step.kind == "slow" and await _client_left(request, step.seconds):
        return None
    try:
        reply = build()
    except OperationError as error:
        return JSONResponse(error.body, error.status)
    if isinstance(reply, Stream):
        frames = {"cut": reply.truncated, "sse_error": reply.errored}.get(step.kind, reply.frames)

        async def emit() -> Any:
            for frame in frames:
                yield frame

        return StreamingResponse(emit(), media_type="text/event-stream; charset=utf-8",
                                 headers={"cache-control": "no-cache, must-revalidate"})
    if isinstance(reply, Binary):
        content = reply.content[: len(reply.content) // 2] if step.kind == "cut" else reply.content
        return Response(content, media_type=reply.media_type)
    if step.kind == "sse_error":
        return JSONResponse(SSE_ERROR, 500)
    if step.kind == "cut":
        text = JSONResponse(reply.body).body
        return Response(text[: len(text) // 2], reply.status, media_type="application/json")
    return JSONResponse(reply.body, reply.status)

"""The contract checks for one exchange: documented request form, status, and raw bodies vs schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from conformance import schemas, sse
from conformance.cases import Case
from conformance.catalog import V1
from conformance.config import AuthMode
from conformance.transport import Attempt

MAX_LISTED = 5


@dataclass
class Findings:
    """Contract failures (each names a JSON path or the expectation broken) for one case."""

    failures: list[str] = field(default_factory=list)
    events: int = 0

    def fail(self, message: str) -> None:
        self.failures.append(message)


def expected_path(case: Case, endpoint: str, deployment: str) -> str:
    """The request path the docs show for this surface."""
    prefix = urlsplit(endpoint).path.rstrip("/") + "/openai"
    op = case.operation
    if case.family == V1:
        return f"{prefix}/v1{op.path}"
    if op.deployment_in_path:
        return f"{prefix}/deployments/{deployment}{op.path}"
    return f"{prefix}{op.path}"


def check_request(case: Case, attempt: Attempt, endpoint: str, deployment: str, out: Findings) -> None:
    """The client sent the documented path, api-version and credential header form."""
    url = urlsplit(attempt.url)
    want = expected_path(case, endpoint, deployment)
    if url.path != want:
        out.fail(f"request path is {url.path}, documented {want}")
    versions = parse_qs(url.query).get("api-version", [])
    if case.api_version is not None and versions != [case.api_version]:
        out.fail(f"request api-version is {versions}, documented [{case.api_version!r}]")
    if case.api_version is None and versions:
        out.fail(f"v1 request carries api-version {versions}; the v1 docs send none")
    headers = attempt.headers
    key_header = case.family != V1 and case.auth in (AuthMode.API_KEY, AuthMode.ENV)
    if key_header:
        if "api-key" not in headers or "authorization" in headers:
            out.fail("versioned key auth must send the `api-key` header and no Authorization header")
    elif not headers.get("authorization", "").startswith("Bearer ") or "api-key" in headers:
        out.fail("this auth mode must send `Authorization: Bearer ...` and no `api-key` header")


def _violations(schema: str, instance: object, where: str, out: Findings) -> None:
    found = schemas.validate(schema, instance)
    for violation in found[:MAX_LISTED]:
        out.fail(f"{where}{violation.target}: {violation.message} [{violation.keyword}]")
    if len(found) > MAX_LISTED:
        out.fail(f"{where}: {len(found) - MAX_LISTED} more schema violations")


def check_json_body(
    case: Case, attempt: Attempt, out: Findings, schema: str | None = None, label: str = "body "
) -> object:
    """The raw body is JSON and satisfies the operation's schema; returns the parsed body."""
    try:
        body = json.loads(attempt.response_body)
    except ValueError:
        out.fail(f"{label}is not JSON: {attempt.response_body[:80]!r}")
        return None
    name = schema or case.operation.schema
    assert name is not None
    _violations(name, body, label, out)
    return body


def check_binary(attempt: Attempt, out: Findings) -> None:
    """A binary (audio) body: an audio content type and a non-empty body."""
    content_type = attempt.response_headers.get("content-type", "")
    if not content_type.startswith(("audio/", "application/octet-stream")):
        out.fail(f"binary response content-type is {content_type!r}, expected audio/*")
    if not attempt.response_body:
        out.fail("binary response body is empty")


def check_stream(
    case: Case, attempt: Attempt, out: Findings, schema: str | None = None, label: str = ""
) -> list[sse.Event]:
    """Every event as received satisfies the schema, in order; the stream ends as documented."""
    content_type = attempt.response_headers.get("content-type", "")
    if not content_type.startswith("text/event-stream"):
        out.fail(f"stream content-type is {content_type!r}, documented text/event-stream")
    try:
        events = sse.parse(attempt.response_body)
    except (sse.SSEParseError, UnicodeDecodeError) as exc:
        out.fail(f"stream is not valid SSE: {exc}")
        return []
    out.events = len(events)
    if not events:
        out.fail("stream carried no events")
    name = schema or case.operation.schema
    assert name is not None
    for event in events:
        if event.is_done:
            continue
        _violations(name, event.json, f"{label}event[{event.index}] ", out)
    # Chat streams end with `data: [DONE]`; Responses streams end with a terminal response.* event.
    if name.startswith("chat.") and (not events or not events[-1].is_done):
        out.fail(f"{label}stream ended without its terminal `data: [DONE]` event (cut short?)")
    return events

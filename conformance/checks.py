"""The contract checks for one exchange: documented request form, status, and raw bodies vs schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from conformance import drift_checks, schemas, shape, sse, stream_rules
from conformance.cases import Case
from conformance.catalog import V1
from conformance.config import AuthMode
from conformance.drift import Drift
from conformance.transport import Attempt

MAX_LISTED = 5


@dataclass
class Findings:
    """Contract failures (fail the case) and documented-shape drift (reported only) for one case."""

    failures: list[str] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def drift_rows(self) -> list[dict[str, str]]:
        """Each distinct drift once (a field missing from every stream event is one row)."""
        rows: dict[str, dict[str, str]] = {}
        for item in self.drift:
            rows.setdefault(item.key, item.to_dict())
        return sorted(rows.values(), key=lambda row: row["key"])


def check_exchange(case: Case, attempt: Attempt, out: Findings, schema: str, expected_status: int,
                   stream: bool) -> None:
    """Documented status, content type and headers of one exchange (drift tier)."""
    if attempt.status is None:
        return
    out.drift.extend(drift_checks.exchange_drift(schema, case.surface, attempt.status, expected_status,
                                                 attempt.response_headers, stream))


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
    out.drift.extend(shape.drift_for(name, case.surface, body))
    out.drift.extend(drift_checks.filter_drift(name, body, case.surface))
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
    if not events:
        out.fail("stream carried no events")
    name = schema or case.operation.schema
    assert name is not None
    for event in events:
        if event.is_done:
            continue
        _violations(name, event.json, f"{label}event[{event.index}] ", out)
        out.drift.extend(shape.drift_for(name, case.surface, event.json))
    payloads = [sse.DONE if e.is_done else e.json for e in events]
    # Chat streams end with a finish_reason frame and `data: [DONE]`; Responses streams with response.completed.
    rules = stream_rules.chat_stream_drift if name.startswith("chat.") else stream_rules.responses_stream_drift
    failures, drift = rules(payloads, case.surface)
    out.failures.extend(f"{label}{failure}" for failure in failures)
    out.drift.extend(drift)
    return events

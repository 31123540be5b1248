"""The contract checks for one exchange: documented request form, status, and raw bodies vs schemas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.calling.transport import Attempt
from conformance.catalog import auth_modes
from conformance.catalog.cases import Case
from conformance.catalog.operations import V1
from conformance.verdicts import exchange_drift as drift_checks
from conformance.verdicts import schemas, shape, sse, stream_rules
from conformance.verdicts.drift import Drift, group

MAX_LISTED = 5


@dataclass
class Findings:
    """Contract failures (fail the case) and documented-shape drift (reported only) for one case."""

    failures: list[str] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def drift_rows(self) -> list[dict[str, Any]]:
        """Each distinct drift once (a field missing from every stream event is one row)."""
        return sorted((g.first for g in group(("", item) for item in self.drift)), key=lambda row: row["key"])


def check_exchange(surface: str | None, attempt: Attempt, out: Findings, schema: str, expected_status: int,
                   stream: bool) -> None:
    """Documented status, content type and headers of one exchange (drift tier)."""
    if attempt.status is None:
        return
    out.drift.extend(drift_checks.exchange_drift(schema, str(surface), attempt.status, expected_status,
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
    sent = auth_modes.spec(case.auth).on(case.family)
    others = sorted(auth_modes.CREDENTIAL_HEADERS - {sent.header.header})
    if not sent.header.sends(attempt.headers) or any(name in attempt.headers for name in others):
        out.fail(f"auth mode {case.auth.value} on the {case.family} surface must send `{sent.documented}` "
                 f"and no {', '.join(f'`{name}`' for name in others)} header")


def _violations(schema: str, instance: object, where: str, out: Findings) -> None:
    found = schemas.validate(schema, instance)
    for violation in found[:MAX_LISTED]:
        out.fail(f"{where}{violation.target}: {violation.message} [{violation.keyword}]")
    if len(found) > MAX_LISTED:
        out.fail(f"{where}: {len(found) - MAX_LISTED} more schema violations")


def check_json_body(surface: str | None, schema: str, attempt: Attempt, out: Findings, label: str = "body ") -> object:
    """The raw body is JSON and satisfies the schema; returns the parsed body."""
    try:
        body = json.loads(attempt.response_body)
    except ValueError:  # UnicodeDecodeError included
        out.fail(f"{label}is not JSON: {attempt.response_body[:80]!r}")
        return None
    _violations(schema, body, label, out)
    out.drift.extend(shape.drift_for(schema, surface, body))
    out.drift.extend(drift_checks.filter_drift(schema, body, surface))
    return body


def check_binary(attempt: Attempt, out: Findings, content_type: bool = True) -> None:
    """A binary (audio) body: an audio content type (unless unknown) and a non-empty body."""
    media = attempt.response_headers.get("content-type", "")
    if content_type and not media.startswith(("audio/", "application/octet-stream")):
        out.fail(f"binary response content-type is {media!r}, expected audio/*")
    if not attempt.response_body:
        out.fail("binary response body is empty")


def check_stream(
    surface: str | None, schema: str, attempt: Attempt, out: Findings, label: str = "", content_type: bool = True
) -> list[sse.Event]:
    """Every event as received satisfies the schema, in order; the stream ends as documented.

    `content_type` False: the recording's publisher dropped or sanitized the header, so it is not judged.
    """
    media = attempt.response_headers.get("content-type", "")
    if content_type and not media.startswith("text/event-stream"):
        out.fail(f"{label}stream content-type is {media!r}, documented text/event-stream")
    try:
        events = sse.parse(attempt.response_body)
    except (sse.SSEParseError, UnicodeDecodeError) as exc:
        out.fail(f"{label}stream is not valid SSE: {exc}")
        return []
    if not events:
        out.fail(f"{label}stream carried no events")
    for event in events:
        if event.is_done:
            continue
        _violations(schema, event.json, f"{label}event[{event.index}] ", out)
        out.drift.extend(shape.drift_for(schema, surface, event.json))
    payloads = [sse.DONE if e.is_done else e.json for e in events]
    # Chat streams end with a finish_reason frame and `data: [DONE]`; Responses streams with response.completed.
    rules = stream_rules.chat_stream_drift if schema.startswith("chat.") else stream_rules.responses_stream_drift
    failures, drift = rules(payloads, surface)
    out.failures.extend(f"{label}{failure}" for failure in failures)
    out.drift.extend(drift)
    return events

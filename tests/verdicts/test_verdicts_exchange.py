"""Exchange drift: request-id headers, documented status, content type and 429 retry headers."""

from __future__ import annotations

from conformance.drift_checks import exchange_drift

GOOD = {"x-request-id": "a", "apim-request-id": "b", "content-type": "application/json"}


def kinds(**kw: object) -> set[tuple[str, str]]:
    args = {"schema_name": "chat.completions.create", "surface": "v1", "status": 200, "expected_status": 200,
            "headers": GOOD, "stream": False} | kw
    return {(d.kind.value, d.path) for d in exchange_drift(**args)}  # type: ignore[arg-type]


def test_documented_exchange_has_no_drift() -> None:
    assert kinds() == set()
    mixed_case = {"X-Request-ID": "a", "Apim-Request-Id": "b", "Content-Type": "application/json; charset=utf-8"}
    assert kinds(headers=mixed_case) == set()


def test_missing_request_ids() -> None:
    assert kinds(headers={"content-type": "application/json"}) == {
        ("missing-header", "headers.x-request-id"), ("missing-header", "headers.apim-request-id")}


def test_status_and_content_type() -> None:
    assert ("status-changed", "status") in kinds(status=202)
    assert kinds(stream=True) == {("content-type", "headers.content-type")}
    assert kinds(stream=True, headers=GOOD | {"content-type": "text/event-stream; charset=utf-8"}) == set()
    assert kinds(headers=GOOD | {"content-type": "text/plain"}) == {("content-type", "headers.content-type")}


def test_429_needs_the_documented_retry_after_ms_header() -> None:
    assert kinds(status=429, expected_status=429) == {("missing-header", "headers.retry-after-ms")}
    assert kinds(status=429, expected_status=429, headers=GOOD | {"Retry-After-Ms": "5"}) == set()
    # The docs document retry-after-ms on 429s; `retry-after` alone (OpenAI's header) does not stand in for it.
    assert kinds(status=429, expected_status=429, headers=GOOD | {"retry-after": "1"}) == {
        ("missing-header", "headers.retry-after-ms")}

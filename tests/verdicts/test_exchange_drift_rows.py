"""Exchange drift rows in full: each names what differs, where, and the doc or spec section documenting it.

docs/000 §Error codes (status), §Request IDs (`x-request-id`), spec-notes §4b (`apim-request-id`, header names
case-insensitive), the v1 spec's 200 responses (`text/event-stream` for streams, `application/json` otherwise,
and for every error status, streamed or not), the quota page (`retry-after-ms` on 429).
"""

from __future__ import annotations

import pytest

from conformance.verdicts import exchange_drift as ex
from conformance.verdicts.drift import Drift, DriftKind, classify
from conformance.verdicts.schemas import Violation

IDS = {"x-request-id": "a", "apim-request-id": "b"}
JSON = {**IDS, "content-type": "application/json"}
SSE = {**IDS, "content-type": "text/event-stream"}
WHERE = "chat.completions.create on 2024-10-21"


def rows(status: int = 200, expected: int = 200, headers: dict[str, str] = JSON, stream: bool = False) -> list[Drift]:
    return ex.exchange_drift("chat.completions.create", "2024-10-21", status, expected, headers, stream)


def test_a_status_change_names_both_statuses_and_the_error_codes_table() -> None:
    assert rows(status=202) == [Drift.of(DriftKind.STATUS_CHANGED, "status", "docs/000 §Error codes",
                                         f"{WHERE}: HTTP 202, documented 200")]


def test_each_missing_request_id_header_names_its_source() -> None:
    assert rows(headers={"content-type": "application/json"}) == [
        Drift.of(DriftKind.MISSING_HEADER, "headers.x-request-id", "docs/000 §Error handling / Request IDs",
                 f"{WHERE}: response has no `x-request-id` header"),
        Drift.of(DriftKind.MISSING_HEADER, "headers.apim-request-id",
                 "spec-notes §4b (apim-request-id, every Azure spec)",
                 f"{WHERE}: response has no `apim-request-id` header"),
    ]


@pytest.mark.parametrize(("headers", "shown"), [({}, "absent"), ({"content-type": "application/json"},
                                                                   "application/json")])
def test_a_stream_without_event_stream_content_type(headers: dict[str, str], shown: str) -> None:
    assert rows(headers={**IDS, **headers}, stream=True) == [Drift.of(
        DriftKind.CONTENT_TYPE, "headers.content-type", ex.SSE_SOURCE,
        f"{WHERE}: stream content-type is {shown!r}, documented text/event-stream")]


@pytest.mark.parametrize(("headers", "shown"), [({}, "absent"), ({"content-type": "text/plain"}, "text/plain")])
def test_a_json_response_without_json_content_type(headers: dict[str, str], shown: str) -> None:
    assert rows(headers={**IDS, **headers}) == [Drift.of(
        DriftKind.CONTENT_TYPE, "headers.content-type", ex.JSON_SOURCE,
        f"{WHERE}: content-type is {shown!r}, documented application/json")]


@pytest.mark.parametrize("status", [400, 401, 500])
def test_an_error_answer_to_a_stream_request_is_json(status: int) -> None:
    assert [d.kind for d in rows(status, status, JSON, stream=True)] == []
    assert [d.source for d in rows(status, status, SSE, stream=True)] == [ex.JSON_SOURCE]


def test_a_399_stream_answer_is_still_a_stream() -> None:
    assert rows(399, 399, SSE, stream=True) == []


@pytest.mark.parametrize("value", ["application/json; charset=utf-8", "Application/JSON ;charset=x",
                                   "application/json;a=b;c=d"])
def test_media_type_parameters_and_case_are_ignored(value: str) -> None:
    assert ex._media_type({"content-type": value}) == "application/json"


def test_absent_content_type_is_empty() -> None:
    assert ex._media_type({}) == ""


def test_429_retry_header_drift_names_the_exchange() -> None:
    [row] = rows(429, 429)
    assert row.kind is DriftKind.MISSING_HEADER and row.message.startswith(f"{WHERE}: 429 without")


def test_a_contract_violation_classifies_by_keyword_with_the_given_source() -> None:
    assert classify(Violation("$.a", "required", "x", "m", missing="b"), "src") == Drift.of(
        DriftKind.MISSING_DOCUMENTED_FIELD, "$.a.b", "src", "fails documented `required`")
    assert classify(Violation("$", "someNewKeyword", "x", "m"), "src") == Drift.of(
        DriftKind.TYPE_CHANGED, "$", "src", "fails documented `someNewKeyword`")

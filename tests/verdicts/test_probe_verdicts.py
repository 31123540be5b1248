"""Probe verdict details, directly: which status each attempt must answer, which schema judges each body,
and the messages that name the probe, the attempt and the documented rule (docs/000 §Error codes, §Request IDs).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from conformance.calling import invoke
from conformance.calling.transport import Attempt
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode
from conformance.catalog.operation import Probe
from conformance.standin import streams
from conformance.verdicts import checks, probes

HEADERS = {"x-request-id": "r", "apim-request-id": "a", "content-type": "application/json"}
SSE = {**HEADERS, "content-type": "text/event-stream"}
ENVELOPE = {"error": {"code": "invalidPayload", "message": "bad"}}


def attempt(status: int | None, body: object = b"", headers: dict[str, str] = HEADERS,
            error: str | None = None) -> Attempt:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Attempt("POST", "https://x.invalid/", {}, b"", status, dict(headers), [raw] if raw else [], True, error)


def findings(probe: Probe, attempts: list[Attempt], op_id: str = "chat.completions.create") -> checks.Findings:
    out = checks.Findings()
    probes._check_attempts(Case(catalog.get(op_id), "v1", AuthMode.API_KEY, ClientKind.SYNC), probe, attempts, out)
    return out


@pytest.mark.parametrize(("probe", "index", "count", "expected"), [
    (Probe("p", scenario="status:429;retry_after_ms=5;x=1,ok"), 0, 2, 429),
    (Probe("p", scenario="status:429;retry_after_ms=5,ok"), 1, 2, 200),
    (Probe("p", scenario="status:503"), 4, 5, 503),   # past the script the stand-in repeats the last step
    (Probe("p", scenario="drop,ok"), 0, 2, None),    # a connection fault has no status
    (Probe("p", scenario="cut"), 0, 1, None),
    (Probe("p"), 0, 1, 200),
    (Probe("p", raises="BadRequestError"), 1, 2, "BadRequestError"),
    (Probe("p", raises="BadRequestError"), 0, 2, None),  # an earlier attempt is the SDK's own retry
])
def test_expected_status(probe: Probe, index: int, count: int, expected: int | str | None) -> None:
    assert probes.expected_status(probe, index, count) == expected


def test_documented_classes_of_statuses() -> None:
    assert probes._status_ok("InternalServerError", 500) and probes._status_ok("InternalServerError", 599)
    assert probes._status_ok("APIStatusError", 404) and not probes._status_ok("APIStatusError", 402)
    assert not probes._status_ok("InternalServerError", 499) and not probes._status_ok(200, 201)


@pytest.mark.parametrize("name", ["NoSuchError", "OpenAI", "VERSION"])
def test_the_catalog_may_only_name_openai_exception_classes(name: str) -> None:
    with pytest.raises(ValueError, match=f"catalog names unknown openai exception {name!r}"):
        probes._expected_class(name)


def test_an_unscripted_error_probe_names_the_documented_class_it_wanted() -> None:
    out = findings(Probe("p", raises="NotFoundError"), [attempt(400, ENVELOPE)], "fine_tuning.jobs.create.error")
    assert out.failures == ["p attempt 1: HTTP 400, expected a documented NotFoundError status (docs/000 §Error codes)"]


def test_an_empty_error_body_fails_with_the_attempt_named() -> None:
    out = findings(Probe("p", scenario="status:400,ok"), [attempt(400), attempt(200, b"{}")])
    assert out.failures[0] == "p attempt 1: HTTP 400 with an empty body; documented an Azure error envelope"


def test_a_400_is_judged_as_an_error_envelope() -> None:
    probe = Probe("p", scenario="status:400", raises="BadRequestError")
    assert findings(probe, [attempt(400, ENVELOPE)]).failures == []
    out = findings(probe, [attempt(400, {"error": {}})])
    assert out.failures and all(f.startswith("p attempt 1 error body $.error") for f in out.failures)


def test_a_connection_fault_attempt_does_not_end_the_judging() -> None:
    attempts = [attempt(None, error="ConnectError: refused"), attempt(200, {"not": "a completion"}),
                attempt(500, b"", error="RemoteProtocolError: cut")]
    out = findings(Probe("p", scenario="drop,ok,ok"), attempts)
    assert out.failures and all(f.startswith("p body $") for f in out.failures)


def test_a_success_body_is_judged_by_the_probe_schema_with_the_probe_label() -> None:
    out = findings(Probe("p", schema="error"), [attempt(200, ENVELOPE)])
    assert out.failures == []
    out = findings(Probe("p"), [attempt(200, ENVELOPE)])  # the operation's schema otherwise
    assert "p body $.choices: 'choices' is a required property [required]" in out.failures


def test_a_stream_probe_is_judged_by_the_stream_schema_and_rules_with_its_label() -> None:
    frames = streams.chat_frames("chat")
    assert findings(Probe("s", stream=True), [attempt(200, b"".join(frames), SSE)]).failures == []
    out = findings(Probe("s", stream=True), [attempt(200, b"".join(frames[:-1]), SSE)])
    assert out.failures == ["s stream ended without its terminal `data: [DONE]` event"]
    out = findings(Probe("s", stream=True), [attempt(200, b"".join(frames), HEADERS)])
    assert "s event[0]" not in " ".join(out.failures)
    assert any(d.path == "headers.content-type" for d in out.drift)  # a stream answered as JSON is drift


def test_probe_exchange_drift_names_the_schema_judged() -> None:
    out = findings(Probe("p", scenario="status:400", raises="BadRequestError"),
                   [attempt(400, ENVELOPE, {"content-type": "application/json"})])
    assert {d.message for d in out.drift} == {"error on v1: response has no `x-request-id` header",
                                             "error on v1: response has no `apim-request-id` header"}


@pytest.mark.parametrize(("stream", "where"), [(False, "_request_id"),
                                               (True, "stream.response.headers['x-request-id']")])
def test_a_request_id_mismatch_names_what_the_sdk_exposed(stream: bool, where: str) -> None:
    call = invoke.Call(parsed=SimpleNamespace(_request_id="other"),
                       stream_headers={"x-request-id": "other"} if stream else None)
    out = checks.Findings()
    probes._check_request_id(Probe("rid", stream=stream), call, attempt(200, headers={"x-request-id": "r1"}), out)
    assert out.failures == [f"rid: {where} is 'other' but the x-request-id header is 'r1'"]


def test_a_parsed_object_without_request_id_is_none() -> None:
    out = checks.Findings()
    probes._check_request_id(Probe("rid"), invoke.Call(parsed=object()), attempt(200, headers={"x-request-id": "r"}),
                             out)
    assert out.failures == ["rid: _request_id is None but the x-request-id header is 'r'"]

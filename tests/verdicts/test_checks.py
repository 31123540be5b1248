"""The per-exchange contract checks, directly: documented request form, binary bodies, streams, JSON bodies.

Request form: docs/000 and docs/003 show `{endpoint}/openai/v1/...` with no api-version for the v1 surface,
`{endpoint}/openai/deployments/{deployment}/...?api-version=X` for a versioned one (fine-tuning jobs have no
deployment in the path), the `api-key` header for versioned key auth and `Authorization: Bearer` otherwise.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conformance.calling.transport import Attempt
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode
from conformance.standin import streams
from conformance.verdicts import checks
from conformance.verdicts.drift import Drift, DriftKind

ENDPOINT = "https://res.openai.azure.com"
KEY = {"api-key": "k"}
BEARER = {"authorization": "Bearer t"}


def case(op_id: str = "chat.completions.create", surface: str = "v1", auth: AuthMode = AuthMode.API_KEY) -> Case:
    return Case(catalog.get(op_id), surface, auth, ClientKind.SYNC)


def _json_body(c: Case, att: Attempt, out: checks.Findings, schema: str | None = None, **kw: Any) -> object:
    return checks.check_json_body(c.surface, schema or str(c.operation.schema), att, out, **kw)


def _stream(c: Case, att: Attempt, out: checks.Findings, schema: str | None = None, **kw: Any) -> Any:
    return checks.check_stream(c.surface, schema or str(c.operation.schema), att, out, **kw)


def attempt(url: str = "", headers: dict[str, str] | None = None, body: bytes = b"", status: int | None = 200,
            response_headers: dict[str, str] | None = None) -> Attempt:
    return Attempt("POST", url, dict(headers or {}), b"", status, dict(response_headers or {}),
                   [body] if body else [], True)


def request_failures(c: Case, url: str, headers: dict[str, str], endpoint: str = ENDPOINT) -> list[str]:
    out = checks.Findings()
    checks.check_request(c, attempt(url, headers), endpoint, "dep", out)
    return out.failures


# --- the documented request path -------------------------------------------------------------------------

@pytest.mark.parametrize(("op_id", "surface", "path"), [
    ("chat.completions.create", "v1", "/openai/v1/chat/completions"),
    ("chat.completions.create", "2024-10-21", "/openai/deployments/dep/chat/completions"),
    ("fine_tuning.jobs.create.error", "2024-10-21", "/openai/fine_tuning/jobs"),
    ("fine_tuning.jobs.create.error", "v1", "/openai/v1/fine_tuning/jobs"),
])
def test_expected_path(op_id: str, surface: str, path: str) -> None:
    assert checks.expected_path(case(op_id, surface), ENDPOINT, "dep") == path
    # an endpoint behind a gateway path keeps its prefix; a trailing slash adds no empty segment
    assert checks.expected_path(case(op_id, surface), ENDPOINT + "/gw/", "dep") == "/gw" + path
    assert checks.expected_path(case(op_id, surface), ENDPOINT + "/GX/", "dep") == "/GX" + path


def test_documented_v1_request_passes() -> None:
    assert request_failures(case(), f"{ENDPOINT}/openai/v1/chat/completions", BEARER) == []


@pytest.mark.parametrize("auth", [AuthMode.API_KEY, AuthMode.ENV])
def test_documented_versioned_key_request_passes(auth: AuthMode) -> None:
    url = f"{ENDPOINT}/openai/deployments/dep/chat/completions?api-version=2024-10-21"
    assert request_failures(case(surface="2024-10-21", auth=auth), url, KEY) == []


def test_documented_versioned_entra_request_passes() -> None:
    url = f"{ENDPOINT}/openai/deployments/dep/chat/completions?api-version=2024-10-21"
    assert request_failures(case(surface="2024-10-21", auth=AuthMode.ENTRA), url, BEARER) == []


def test_wrong_path_fails_naming_both_paths() -> None:
    [failure] = request_failures(case(), f"{ENDPOINT}/openai/chat/completions", BEARER)
    assert failure == "request path is /openai/chat/completions, documented /openai/v1/chat/completions"


def test_wrong_or_missing_or_repeated_api_version_fails() -> None:
    base = f"{ENDPOINT}/openai/deployments/dep/chat/completions"
    c = case(surface="2024-10-21")
    assert request_failures(c, base + "?api-version=2024-06-01", KEY) == [
        "request api-version is ['2024-06-01'], documented ['2024-10-21']"]
    assert request_failures(c, base, KEY) == ["request api-version is [], documented ['2024-10-21']"]
    assert len(request_failures(c, base + "?api-version=2024-10-21&api-version=2024-10-21", KEY)) == 1


def test_v1_request_with_an_api_version_fails() -> None:
    assert request_failures(case(), f"{ENDPOINT}/openai/v1/chat/completions?api-version=preview", BEARER) == [
        "v1 request carries api-version ['preview']; the v1 docs send none"]


@pytest.mark.parametrize("headers", [BEARER, {}, {**KEY, **BEARER}])
def test_versioned_key_auth_needs_api_key_and_no_authorization(headers: dict[str, str]) -> None:
    url = f"{ENDPOINT}/openai/deployments/dep/chat/completions?api-version=2024-10-21"
    assert request_failures(case(surface="2024-10-21"), url, headers) == [
        "auth mode api_key on the versioned surface must send `api-key: <api-key>` and no `authorization` header"]


@pytest.mark.parametrize(("surface", "auth"), [("v1", AuthMode.API_KEY), ("v1", AuthMode.ENTRA),
                                               ("2024-10-21", AuthMode.ENTRA)])
@pytest.mark.parametrize("headers", [KEY, {}, {"authorization": "Basic t"}, {**KEY, **BEARER}])
def test_bearer_modes_need_bearer_and_no_api_key(surface: str, auth: AuthMode, headers: dict[str, str]) -> None:
    c = case(surface=surface, auth=auth)
    url = ENDPOINT + checks.expected_path(c, ENDPOINT, "dep") + ("" if surface == "v1" else f"?api-version={surface}")
    [message] = request_failures(c, url, headers)
    family = "v1" if surface == "v1" else "versioned"
    assert message.startswith(f"auth mode {auth.value} on the {family} surface must send `Authorization: Bearer <")
    assert message.endswith("and no `api-key` header")


# --- binary (audio) bodies --------------------------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["audio/mpeg", "audio/wav", "application/octet-stream"])
def test_audio_content_types_pass(content_type: str) -> None:
    out = checks.Findings()
    checks.check_binary(attempt(body=b"ID3", response_headers={"content-type": content_type}), out)
    assert out.failures == []


@pytest.mark.parametrize("headers", [{"content-type": "application/json"}, {}])
def test_other_content_types_fail(headers: dict[str, str]) -> None:
    out = checks.Findings()
    checks.check_binary(attempt(body=b"ID3", response_headers=headers), out)
    assert out.failures == [f"binary response content-type is {headers.get('content-type', '')!r}, "
                            "expected audio/*"]


def test_empty_audio_body_fails() -> None:
    out = checks.Findings()
    checks.check_binary(attempt(response_headers={"content-type": "audio/mpeg"}), out)
    assert out.failures == ["binary response body is empty"]


# --- JSON bodies ------------------------------------------------------------------------------------------

ERROR = {"error": {"code": "404", "message": "Resource not found"}}


def test_json_body_is_parsed_and_judged_by_the_named_schema() -> None:
    out = checks.Findings()
    body = _json_body(case(), attempt(body=json.dumps(ERROR).encode()), out, schema="error")
    assert body == ERROR and out.failures == []


def test_non_json_body_fails_with_its_start() -> None:
    out = checks.Findings()
    assert _json_body(case(), attempt(body=b"<html>" + b"x" * 200), out, label="probe body ") is None
    assert out.failures == [f"probe body is not JSON: {(b'<html>' + b'x' * 74)!r}"]


def test_json_body_violations_name_label_path_and_keyword() -> None:
    out = checks.Findings()
    _json_body(case(), attempt(body=b'{"error": {"code": 404, "message": "m"}}'), out, schema="error",
                           label="x ")
    assert out.failures and all(f.startswith("x $.error") for f in out.failures)
    assert any(f.endswith("[type]") for f in out.failures)


def test_the_operation_schema_is_the_default() -> None:
    out = checks.Findings()
    _json_body(case(), attempt(body=json.dumps(ERROR).encode()), out)
    assert any("'choices' is a required property [required]" in f for f in out.failures)


SEVEN_WRONG = {"object": 1, "created": "x", "model": 1, "choices": "x", "usage": "x", "system_fingerprint": 5}


def test_at_most_five_violations_are_listed_then_a_count() -> None:
    out = checks.Findings()
    _json_body(case(), attempt(body=json.dumps(SEVEN_WRONG).encode()), out)
    assert len(out.failures) == checks.MAX_LISTED + 1 == 6
    assert all(f.startswith("body $.") and f.endswith("]") for f in out.failures[:5])
    assert out.failures[5] == "body : 2 more schema violations"


def test_exactly_five_violations_need_no_count() -> None:
    out = checks.Findings()
    _json_body(case(), attempt(body=b"{}"), out)  # the five required chat fields, each at its path
    assert sorted(out.failures) == [f"body $.{name}: '{name}' is a required property [required]"
                                    for name in ("choices", "created", "id", "model", "object")]


# --- streams ----------------------------------------------------------------------------------------------

SSE = {"content-type": "text/event-stream; charset=utf-8"}


def chat_stream(frames: list[bytes] | None = None) -> bytes:
    return b"".join(streams.chat_frames("chat") if frames is None else frames)


def stream_findings(body: bytes, headers: dict[str, str] = SSE, **kw: Any) -> tuple[checks.Findings, list[Any]]:
    out = checks.Findings()
    c = case("chat.completions.create.stream")
    events = _stream(c, attempt(body=body, response_headers=headers), out, **kw)
    return out, events


def test_documented_chat_stream_passes() -> None:
    out, events = stream_findings(chat_stream())
    assert out.failures == [] and events[-1].is_done and len(events) > 3


def test_stream_content_type_must_be_event_stream() -> None:
    out, events = stream_findings(chat_stream(), {"content-type": "application/json"})
    assert out.failures == ["stream content-type is 'application/json', documented text/event-stream"]
    assert events  # the body is still judged
    out, _ = stream_findings(chat_stream(), {})
    assert out.failures == ["stream content-type is '', documented text/event-stream"]


def test_invalid_sse_fails_and_stops() -> None:
    out, events = stream_findings(b"data: {not json\n\n")
    assert events == [] and len(out.failures) == 1 and out.failures[0].startswith("stream is not valid SSE: ")
    out, events = stream_findings(b"data: \xff\n\n")
    assert events == [] and out.failures[0].startswith("stream is not valid SSE: ")


def test_a_stream_with_no_events_fails() -> None:
    out, events = stream_findings(b": keep-alive\n\n")
    assert events == [] and out.failures[0] == "stream carried no events"


def test_each_event_is_judged_by_the_schema_with_its_index_and_label() -> None:
    frames = streams.chat_frames("chat")
    bad = json.loads(frames[2].decode().removeprefix("data: "))
    del bad["object"]
    frames[2] = streams.data_frame(bad)
    out, _ = stream_findings(chat_stream(frames), label="probe ")
    assert out.failures == ["probe event[2] $.object: 'object' is a required property [required]"]


def test_events_after_done_are_still_judged_by_the_schema() -> None:
    frames = streams.chat_frames("chat")
    late = json.loads(frames[2].decode().removeprefix("data: "))
    del late["object"]
    out, _ = stream_findings(chat_stream([*frames, streams.data_frame(late)]))
    index = len(frames)
    assert out.failures == [f"event[{index}] $.object: 'object' is a required property [required]",
                            f"event[{index}]: data after the terminal `[DONE]` (event[{index - 1}])"]


def test_stream_rule_failures_carry_the_label() -> None:
    out, _ = stream_findings(chat_stream(streams.chat_frames("chat")[:-1]), label="p ")
    assert out.failures == ["p stream ended without its terminal `data: [DONE]` event"]


def test_responses_streams_use_the_responses_rules() -> None:
    out = checks.Findings()
    body = b'data: {"type": "response.in_progress", "sequence_number": 0}\n\n'
    _stream(case("responses.create.stream"), attempt(body=body, response_headers=SSE), out)
    assert "first event is 'response.in_progress', documented `response.created`" in out.failures


def test_shape_drift_of_events_is_collected() -> None:
    frames = streams.chat_frames("chat")
    extra = json.loads(frames[2].decode().removeprefix("data: "))
    extra["undocumented_x"] = 1
    frames[2] = streams.data_frame(extra)
    out, _ = stream_findings(chat_stream(frames))
    assert out.failures == []
    assert any(d.kind is DriftKind.UNDOCUMENTED_FIELD and d.path == "$.undocumented_x" for d in out.drift)


def test_stream_rule_drift_is_collected() -> None:
    frames = streams.chat_frames("chat")[1:]  # no prompt-annotation first frame
    out, _ = stream_findings(chat_stream(frames))
    assert any(d.kind is DriftKind.STREAM_RULE and d.path == "event[0]" for d in out.drift)


# --- exchange drift and the drift rows --------------------------------------------------------------------

def test_check_exchange_skips_attempts_without_a_status() -> None:
    out = checks.Findings()
    checks.check_exchange(case().surface, attempt(status=None), out, "error", 200, False)
    assert out.drift == []
    checks.check_exchange(case().surface, attempt(status=500), out, "error", 200, False)
    assert {d.kind for d in out.drift} >= {DriftKind.STATUS_CHANGED, DriftKind.MISSING_HEADER}
    assert any("error on v1: HTTP 500, documented 200" in d.message for d in out.drift)


def test_stream_flag_reaches_the_exchange_drift() -> None:
    out = checks.Findings()
    headers = {"x-request-id": "r", "apim-request-id": "a", "content-type": "text/event-stream"}
    checks.check_exchange(case().surface, attempt(response_headers=headers), out, "chat.completions.create.stream", 200,
                          True)
    assert out.drift == []


def test_drift_rows_are_one_per_key_sorted_by_key() -> None:
    out = checks.Findings()
    b = Drift.of(DriftKind.UNDOCUMENTED_FIELD, "$.choices[1].x", "s", "second")
    a = Drift.of(DriftKind.MISSING_HEADER, "headers.x", "s", "first")
    out.drift += [b, Drift.of(DriftKind.UNDOCUMENTED_FIELD, "$.choices[0].x", "s", "first"), a]
    rows = out.drift_rows()
    assert [r["key"] for r in rows] == [a.key, b.key]
    assert rows[1]["message"] == "second"  # the first occurrence of a key is kept
    out.fail("f")
    assert out.failures == ["f"]

"""Missing content-filter results where the docs document them, and the documented first stream frame."""

from __future__ import annotations

import json
from typing import Any

from conformance import catalog, checks
from conformance.cases import Case, ClientKind
from conformance.config import AuthMode
from conformance.drift import DriftKind
from conformance.drift_checks import filter_drift
from conformance.stream_rules import chat_stream_drift
from conformance.transport import Attempt

SEV = {"filtered": False, "severity": "safe"}
CFR = {"hate": SEV, "self_harm": SEV, "sexual": SEV, "violence": SEV}
CHAT: dict[str, Any] = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None}, "content_filter_results": CFR}],
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": CFR}],
}


def paths(schema: str, body: object, surface: str = "v1") -> set[tuple[DriftKind, str]]:
    return {(d.kind, d.path) for d in filter_drift(schema, body, surface)}


def test_documented_filter_results_give_no_drift() -> None:
    assert paths("chat.completions.create", CHAT) == set()


def test_choice_without_content_filter_results_is_missing_documented_field_naming_the_docs() -> None:
    body = json.loads(json.dumps(CHAT))
    del body["choices"][0]["content_filter_results"]
    [drift] = filter_drift("chat.completions.create.reasoning", body, "2024-10-21")
    assert (drift.kind, drift.path) == (DriftKind.MISSING_DOCUMENTED_FIELD, "$.choices[0].content_filter_results")
    assert "docs/000" in drift.source and "createChatCompletionResponse" in drift.source


def test_missing_prompt_filter_results_is_drift() -> None:
    body = {k: v for k, v in CHAT.items() if k != "prompt_filter_results"}
    assert paths("chat.completions.create", body) == {(DriftKind.MISSING_DOCUMENTED_FIELD, "$.prompt_filter_results")}


def test_legacy_spellings_count_as_present() -> None:
    body = json.loads(json.dumps(CHAT))
    body["choices"][0]["content_filter_result"] = body["choices"][0].pop("content_filter_results")
    body["prompt_annotations"] = body.pop("prompt_filter_results")
    assert paths("chat.completions.create", body) == set()


def test_images_and_completions_placements() -> None:
    assert paths("images.generate", {"created": 1, "data": [{"url": "u"}]}) == {
        (DriftKind.MISSING_DOCUMENTED_FIELD, "$.data[0].content_filter_results"),
        (DriftKind.MISSING_DOCUMENTED_FIELD, "$.data[0].prompt_filter_results")}
    assert (DriftKind.MISSING_DOCUMENTED_FIELD, "$.choices[0].content_filter_results") in paths(
        "completions.create", {"choices": [{"text": "x"}]})


def test_surfaces_without_filter_results_are_not_asked_for_them() -> None:
    assert paths("embeddings.create", {"data": [{"embedding": [0.1]}]}) == set()
    bare = {k: v for k, v in CHAT.items() if k != "prompt_filter_results"}
    assert paths("chat.completions.create", bare, "2023-03-15-preview") == set()  # before the documented versions
    assert paths("chat.completions.create", bare, "2025-04-01-preview") != set()


def test_a_real_case_body_without_filter_results_reports_the_drift() -> None:
    body = json.loads(json.dumps(CHAT))
    del body["choices"][0]["content_filter_results"]
    attempt = Attempt("POST", "https://x.invalid/", {}, b"", 200, {"content-type": "application/json"},
                      [json.dumps(body).encode()], True)
    out = checks.Findings()
    checks.check_json_body(Case(catalog.get("chat.completions.create"), "v1", AuthMode.API_KEY, ClientKind.SYNC),
                           attempt, out)
    assert out.failures == []
    assert "missing-documented-field|$.choices[*].content_filter_results|" in {
        row["key"].rsplit("|", 1)[0] + "|" for row in out.drift_rows()}


# --- the documented first stream frame ---------------------------------------------------------------------

ANNOTATION = {"id": "", "object": "", "created": 0, "model": "", "choices": [],
              "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": CFR}]}
CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
         "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": "stop"}]}


def stream_drift(events: list[Any], surface: str = "v1") -> set[tuple[DriftKind, str]]:
    failures, drift = chat_stream_drift(events, surface)
    assert failures == []
    return {(d.kind, d.path) for d in drift}


def test_documented_first_frame_gives_no_drift() -> None:
    assert stream_drift([ANNOTATION, CHUNK, "[DONE]"]) == set()
    assert stream_drift([{**{k: v for k, v in ANNOTATION.items() if k != "prompt_filter_results"},
                          "prompt_annotations": []}, CHUNK, "[DONE]"]) == set()


def test_stream_without_the_annotation_frame_is_drift() -> None:
    assert stream_drift([CHUNK, "[DONE]"]) == {(DriftKind.STREAM_RULE, "event[0]")}
    assert stream_drift([CHUNK, "[DONE]"], "2024-10-21") == {(DriftKind.STREAM_RULE, "event[0]")}
    # a real 2023-03-15-preview stream has no annotation frame: no doc this suite reads holds that version to it
    assert stream_drift([CHUNK, "[DONE]"], "2023-03-15-preview") == set()


def test_empty_choices_first_frame_without_prompt_filter_results_is_drift() -> None:
    bare = {k: v for k, v in ANNOTATION.items() if k != "prompt_filter_results"}
    assert (DriftKind.STREAM_RULE, "event[0]") in stream_drift([bare, CHUNK, "[DONE]"])

"""The documented-shape tier: coverage, layout, and the per-surface content-filter placements (spec-notes §3)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conformance import schemas, shape
from conformance.drift import DriftKind

SHAPE_DIR = Path(__file__).resolve().parents[2] / "schemas" / "shape"
SEV = {"filtered": False, "severity": "safe"}
DET = {"filtered": False, "detected": False}
CHAT: dict[str, Any] = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o", "system_fingerprint": None,
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None},
                 "content_filter_results": {"hate": SEV, "self_harm": SEV, "sexual": SEV, "violence": SEV}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {"hate": SEV, "jailbreak": DET}}],
}


def kinds(name: str, surface: str, instance: object) -> set[tuple[str, str]]:
    return {(d.kind.value, d.path) for d in shape.drift_for(name, surface, instance)}


def test_every_contract_schema_has_a_shape_schema() -> None:
    assert set(schemas.schema_names()) <= set(shape.shape_names())


@pytest.mark.parametrize("path", sorted(SHAPE_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_shape_files_declare_sources_surfaces_and_local_ids(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["$id"] == f"https://aoai-conformance.invalid/schemas/shape/{path.name}"
    assert doc["x-derived-from"]
    assert set(doc["x-surfaces"]) == set(shape.FAMILIES)


@pytest.mark.parametrize(("surface", "family"), [
    ("v1", "v1"), ("2024-10-21", "stable"), ("2023-05-15", "stable"), (None, "stable"),
    ("2025-04-01-preview", "preview"), ("2023-03-15-preview", "preview"), ("2099-01-01-preview", "preview"),
])
def test_unknown_versions_map_to_their_family(surface: str | None, family: str) -> None:
    assert shape.family(surface) == family


@pytest.mark.parametrize("surface", ["v1", "2024-10-21", "2025-04-01-preview"])
def test_the_documented_example_has_no_drift(surface: str) -> None:
    assert shape.drift_for("chat.completions.create", surface, CHAT) == []


@pytest.mark.parametrize(("field", "where", "documented_on"), [
    ("custom_blocklists", "choice", {"2025-04-01-preview", "v1"}),
    ("ungrounded_material", "choice", {"2025-04-01-preview", "v1"}),
    ("indirect_attack", "prompt", {"2025-04-01-preview", "v1"}),
    ("custom_topics", "choice", {"v1"}),
    ("personally_identifiable_information", "choice", {"v1"}),
])
def test_filter_categories_are_tied_to_the_surfaces_that_document_them(
        field: str, where: str, documented_on: set[str]) -> None:
    values = {"custom_blocklists": {"filtered": False, "details": []}, "custom_topics": {"filtered": False},
              "ungrounded_material": {"filtered": False, "detected": False, "details": []},
              "indirect_attack": DET, "personally_identifiable_information": DET}
    body = copy.deepcopy(CHAT)
    if where == "choice":
        body["choices"][0]["content_filter_results"][field] = values[field]
        path = f"$.choices[0].content_filter_results.{field}"
    else:
        body["prompt_filter_results"][0]["content_filter_results"][field] = values[field]
        path = f"$.prompt_filter_results[0].content_filter_results.{field}"
    assert schemas.validate("chat.completions.create", body) == []  # the contract accepts every placement
    for surface in ("2024-10-21", "2025-04-01-preview", "v1"):
        found = kinds("chat.completions.create", surface, body)
        expected = set() if surface in documented_on else {("undocumented-field", path)}
        assert found == expected, surface


def test_prompt_annotations_is_a_legacy_name() -> None:
    body = copy.deepcopy(CHAT)
    body["prompt_annotations"] = body.pop("prompt_filter_results")
    drifts = shape.drift_for("chat.completions.create", "2024-10-21", body)
    assert [(d.kind, d.path) for d in drifts] == [(DriftKind.LEGACY_NAME, "$.prompt_annotations")]
    assert "prompt_filter_results" in drifts[0].message


def test_stream_annotation_frames_are_documented_shape() -> None:
    first = {"id": "", "object": "", "created": 0, "model": "", "choices": [], "usage": None,
             "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {"hate": SEV}}]}
    annotation = {"id": "", "object": "", "created": 0, "model": "", "choices": [
        {"index": 0, "finish_reason": None, "content_filter_results": {"hate": SEV},
         "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 10}}]}
    for surface in ("2024-10-21", "2025-04-01-preview", "v1"):
        assert shape.drift_for("chat.completions.create.stream", surface, first) == []
        assert shape.drift_for("chat.completions.create.stream", surface, annotation) == []


@pytest.mark.parametrize("surface", ["2024-10-21", "v1"])
def test_wire_error_spelling_is_legacy_drift_naming_the_documented_names(surface: str) -> None:
    body = {"error": {"code": "content_filter", "message": "filtered", "param": "prompt",
                      "innererror": {"code": "ResponsibleAIPolicyViolation",
                                     "content_filter_result": {"violence": {"filtered": True, "severity": "extreme"}}}}}
    drifts = {(d.kind, d.path): d for d in shape.drift_for("error", surface, body)}
    assert "inner_error" in drifts[(DriftKind.LEGACY_NAME, "$.error.innererror")].message
    nested = drifts[(DriftKind.LEGACY_NAME, "$.error.innererror.content_filter_result")]
    assert "content_filter_results" in nested.message
    # the value under the legacy name is still checked against the documented one
    assert (DriftKind.NEW_ENUM_VALUE, "$.error.innererror.content_filter_result.violence.severity") in drifts


def test_responses_content_filters_are_documented_by_the_docs() -> None:
    body = {"id": "r", "object": "response", "created_at": 1, "status": "completed", "model": "m", "output": [],
            "error": None, "incomplete_details": None, "instructions": None, "metadata": {},
            "parallel_tool_calls": True, "temperature": 1.0, "top_p": 1.0, "tools": [], "tool_choice": "auto",
            "user": None, "content_filters": [{"blocked": False, "source_type": "prompt",
                                               "content_filter_results": {"hate": SEV, "jailbreak": DET}}]}
    assert shape.drift_for("responses.create", "v1", body) == []


def test_sources_name_the_spec_schema_or_doc_section() -> None:
    body = copy.deepcopy(CHAT)
    body["choices"][0]["content_filter_results"]["custom_topics"] = {"filtered": False}
    (drift,) = shape.drift_for("chat.completions.create", "2024-10-21", body)
    assert drift.source == "stable-2024-10-21#/components/schemas/contentFilterChoiceResults"
    del body["choices"][0]["content_filter_results"]["hate"]
    sources = {d.path: d.source for d in shape.drift_for("chat.completions.create", "v1", body)}
    assert sources["$.choices[0].content_filter_results.hate"].startswith("docs/000")


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[2] / "schemas" / "shape").glob("*.json")),
                         ids=lambda p: p.name)
def test_shape_schema_file_is_valid_2020_12(path: Path) -> None:
    """The reference validator's meta-schema check (load time only runs jsonschema-rs's, for speed)."""
    import json

    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))

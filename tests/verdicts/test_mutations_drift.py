"""Mutations across both tiers: what fails the contract, what is only drift, and rs/py agreement everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from conformance.commands.validate import corpus_operations
from conformance.verdicts import doc_evidence, schemas, shape
from conformance.verdicts.drift import DriftKind
from tests.support import SURFACES, shared_data
from tests.support.independent import shape_verdicts

SEV = {"filtered": False, "severity": "safe"}
HAND_BUILT: dict[str, Any] = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None},
                 "content_filter_results": {"hate": SEV, "self_harm": SEV, "sexual": SEV, "violence": SEV}}],
    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {"hate": SEV}}],
}


def chat_instances() -> list[tuple[str, str, dict[str, Any]]]:
    """(label, surface, body) for the doc examples of chat completions plus a hand-built one."""
    out = [("hand-built", surface, HAND_BUILT) for surface in SURFACES]
    for example in doc_evidence.doc_examples():
        if example.schema.startswith("chat.completions.create"):
            out.append((example.source, example.surface, example.body))
    return out


INSTANCES = chat_instances()
IDS = [f"{label}@{surface}" for label, surface, _ in INSTANCES]


def fresh(body: dict[str, Any]) -> dict[str, Any]:
    """An independent copy: deepcopy would keep the hand-built example's shared leaf dicts shared."""
    return json.loads(json.dumps(body))


def agree(name: str, surface: str, instance: object) -> list[Any]:
    """Shape drift, asserting jsonschema_rs and jsonschema, each asked on its own, give drift_for's verdict."""
    drift = shape.drift_for(name, surface, instance)
    verdicts = shape_verdicts(name, surface, instance)
    assert verdicts is not None, (f"{name} on {surface}: no derived shapes and no alias (see the api-version recipe in "
                                  "ARCHITECTURE.md)")
    rs_valid, py_valid = verdicts
    assert rs_valid == py_valid == (drift == []), (name, surface, rs_valid, py_valid)
    return drift


@pytest.mark.parametrize(("label", "surface", "body"), INSTANCES, ids=IDS)
def test_unknown_severity_passes_the_contract_and_is_a_new_enum_value(
        label: str, surface: str, body: dict[str, Any]) -> None:
    mutated = fresh(body)
    mutated["choices"][0]["content_filter_results"]["hate"]["severity"] = "extreme"
    assert schemas.validate("chat.completions.create", mutated) == []  # breaks no client reading documented values
    drift = agree("chat.completions.create", surface, mutated)
    assert (DriftKind.NEW_ENUM_VALUE, "$.choices[0].content_filter_results.hate.severity") in {
        (d.kind, d.path) for d in drift}


@pytest.mark.parametrize(("label", "surface", "body"), INSTANCES, ids=IDS)
def test_severity_of_another_type_still_fails_the_contract(label: str, surface: str, body: dict[str, Any]) -> None:
    mutated = fresh(body)
    mutated["choices"][0]["content_filter_results"]["hate"]["severity"] = 3
    contract = schemas.validate("chat.completions.create", mutated)
    assert [(v.path, v.keyword) for v in contract] == [("$.choices[0].content_filter_results.hate.severity", "type")]


@pytest.mark.parametrize(("label", "surface", "body"), INSTANCES, ids=IDS)
def test_singular_content_filter_result_passes_the_contract_but_is_legacy_drift(
        label: str, surface: str, body: dict[str, Any]) -> None:
    mutated = fresh(body)
    item = mutated["prompt_filter_results"][0]
    item["content_filter_result"] = item.pop("content_filter_results", item.get("content_filter_result"))
    assert schemas.validate("chat.completions.create", mutated) == []
    drift = agree("chat.completions.create", surface, mutated)
    found = {(d.kind, d.path) for d in drift}
    assert (DriftKind.LEGACY_NAME, "$.prompt_filter_results[0].content_filter_result") in found
    # renamed, not missing: no second row for the documented name
    assert (DriftKind.MISSING_DOCUMENTED_FIELD, "$.prompt_filter_results[0].content_filter_results") not in found


@pytest.mark.parametrize(("label", "surface", "body"), INSTANCES, ids=IDS)
def test_prompt_annotations_rename_is_legacy_drift(label: str, surface: str, body: dict[str, Any]) -> None:
    mutated = fresh(body)
    mutated["prompt_annotations"] = mutated.pop("prompt_filter_results")
    stream_frame = {"id": "", "object": "", "created": 0, "model": "", "choices": [],
                    "prompt_annotations": mutated["prompt_annotations"]}
    assert schemas.validate("chat.completions.create.stream", stream_frame) == []
    for name, instance in (("chat.completions.create", mutated), ("chat.completions.create.stream", stream_frame)):
        kinds = {(d.kind, d.path) for d in agree(name, surface, instance)}
        assert (DriftKind.LEGACY_NAME, "$.prompt_annotations") in kinds


@pytest.mark.parametrize(("label", "surface", "body"), INSTANCES, ids=IDS)
def test_unknown_top_level_field_is_undocumented_drift_only(label: str, surface: str, body: dict[str, Any]) -> None:
    mutated = fresh(body) | {"x_new_field": {"a": 1}}
    assert schemas.validate("chat.completions.create", mutated) == []
    before = {(d.kind, d.path) for d in agree("chat.completions.create", surface, body)}
    after = {(d.kind, d.path) for d in agree("chat.completions.create", surface, mutated)}
    assert after - before == {(DriftKind.UNDOCUMENTED_FIELD, "$.x_new_field")}


def corpus_documents() -> Iterator[tuple[str, str, str | None, object]]:
    root = shared_data.CORPUS
    known = corpus_operations()
    for path in sorted(root.glob("*.json")) if root.is_dir() else []:
        data = json.loads(path.read_text(encoding="utf-8"))
        name, stream = known[data["operation"]]
        docs = [e for e in data["sse"] if isinstance(e, dict)] if stream else [data["body"]]
        for index, doc in enumerate(docs):
            yield f"{path.name}#{index}", name, data["api_version"], doc


def test_rs_and_py_agree_on_every_corpus_document() -> None:
    documents = list(corpus_documents())
    if not documents:
        shared_data.absent("the real corpus", shared_data.CORPUS)
    for label, name, surface, doc in documents:
        for fam_surface in {surface or "unknown", *SURFACES}:
            drift = shape.drift_for(name, fam_surface, doc)
            verdicts = shape_verdicts(name, fam_surface, doc)
            if verdicts is None:  # no derived shapes and no alias: one info row, never another version's verdict
                assert [d.kind for d in drift] == [DriftKind.NO_DERIVED_SHAPES], (label, fam_surface)
                continue
            rs_valid, py_valid = verdicts
            assert rs_valid == py_valid == (drift == []), (label, fam_surface, rs_valid, py_valid)

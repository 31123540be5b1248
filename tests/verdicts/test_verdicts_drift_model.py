"""The drift taxonomy: keys, serialisation, dedupe and classification from structured validator errors."""

from __future__ import annotations

import jsonschema
import pytest

from conformance.drift import Drift, DriftKind, Severity, classify, classify_all, dedupe
from conformance.schemas import Violation

SOURCE = "docs/000 §Chat chat.completions.create() Response"


def _errors(schema: dict, instance: object) -> list[jsonschema.ValidationError]:
    return list(jsonschema.Draft202012Validator(schema).iter_errors(instance))


def test_key_normalises_array_indices_and_round_trips() -> None:
    drift = Drift.of(DriftKind.UNDOCUMENTED_VALUE, "$.choices[3].content_filter_results.hate.severity", SOURCE, "m")
    assert drift.severity is Severity.MINOR
    assert drift.key == f"undocumented-value|$.choices[*].content_filter_results.hate.severity|{SOURCE}"
    data = drift.to_dict()
    assert set(data) == {"kind", "severity", "path", "source", "message", "key"}
    assert Drift.from_dict(data) == drift


def test_dedupe_one_missing_field_across_40_cases_is_one_row() -> None:
    pairs = [(f"case-{i:02d}", Drift.of(DriftKind.MISSING_DOCUMENTED_FIELD, f"$.choices[{i % 3}].logprobs", SOURCE,
                                        "absent")) for i in range(40)]
    pairs.append(("case-x", Drift.of(DriftKind.UNDOCUMENTED_FIELD, "$.obfuscation", SOURCE, "extra")))
    rows = dedupe(pairs)
    assert len(rows) == 2
    first = rows[0]  # major sorts before minor
    assert first["kind"] == "missing-documented-field" and first["occurrences"] == 40
    assert first["path"] == "$.choices[*].logprobs"
    assert first["cases"] == sorted(f"case-{i:02d}" for i in range(40))
    assert set(first) == {"key", "kind", "severity", "path", "source", "message", "occurrences", "cases"}


def test_additional_properties_points_at_each_extra_property() -> None:
    schema = {"type": "object", "properties": {"a": {}}, "additionalProperties": False, "x-source": "spec X"}
    (error,) = _errors(schema, {"a": 1, "b": 2, "c": 3})
    drifts = classify_all(error, SOURCE)
    assert [(d.kind, d.path, d.source) for d in drifts] == [
        (DriftKind.UNDOCUMENTED_FIELD, "$.b", "spec X"), (DriftKind.UNDOCUMENTED_FIELD, "$.c", "spec X")]


def test_legacy_names_are_classified_from_the_schema_annotation() -> None:
    schema = {"type": "object", "properties": {"content_filter_results": {}}, "additionalProperties": False,
              "x-legacy-names": {"content_filter_result": "content_filter_results"}}
    (error,) = _errors({"properties": {"x": {"type": "array", "items": schema}}}, {"x": [{"content_filter_result": 1}]})
    drift = classify(error, SOURCE)
    assert (drift.kind, drift.path, drift.source) == (DriftKind.LEGACY_NAME, "$.x[0].content_filter_result", SOURCE)


@pytest.mark.parametrize(("schema", "instance", "kind", "path"), [
    ({"required": ["logprobs"]}, {}, DriftKind.MISSING_DOCUMENTED_FIELD, "$.logprobs"),
    ({"properties": {"s": {"enum": ["safe"]}}}, {"s": "extreme"}, DriftKind.NEW_ENUM_VALUE, "$.s"),
    ({"properties": {"o": {"const": "list"}}}, {"o": "dict"}, DriftKind.UNDOCUMENTED_VALUE, "$.o"),
    ({"properties": {"t": {"type": "string"}}}, {"t": None}, DriftKind.TYPE_CHANGED, "$.t"),
    ({"properties": {"u": {"type": "object", "unevaluatedProperties": False, "properties": {"a": {}}}}},
     {"u": {"a": 1, "zz": 2}}, DriftKind.UNDOCUMENTED_FIELD, "$.u.zz"),
])
def test_keyword_maps_to_kind(schema: dict, instance: object, kind: DriftKind, path: str) -> None:
    (error,) = _errors(schema, instance)
    drift = classify(error, SOURCE)
    assert (drift.kind, drift.path, drift.source) == (kind, path, SOURCE)


def test_message_text_is_never_read() -> None:
    (error,) = _errors({"required": ["logprobs"]}, {})
    error.message = "garbage that mentions additionalProperties and 'other'"
    assert classify(error, SOURCE).path == "$.logprobs"


def test_a_contract_violation_classifies_too() -> None:
    violation = Violation(path="$.choices[0]", keyword="required", schema_path="x", message="ignored", missing="index")
    drift = classify(violation, SOURCE)
    assert (drift.kind, drift.path) == (DriftKind.MISSING_DOCUMENTED_FIELD, "$.choices[0].index")

"""Contract validation verdicts, judged directly: required fields at their own paths, validator disagreement."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from conformance import schemas, shape
from conformance.drift import DriftKind, classify
from tests.verdicts.independent import contract_verdicts, shape_verdicts

SEV = {"filtered": False, "severity": "safe"}
CHAT: dict[str, Any] = {
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o",
    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                 "message": {"role": "assistant", "content": "hi", "refusal": None},
                 "content_filter_results": {"hate": SEV, "self_harm": SEV, "sexual": SEV, "violence": SEV}}],
}


def without(*names: str) -> dict[str, Any]:
    return {k: v for k, v in json.loads(json.dumps(CHAT)).items() if k not in names}


def test_two_missing_required_fields_are_two_violations_at_their_own_paths() -> None:
    found = schemas.validate("chat.completions.create", without("id", "choices"))
    assert sorted((v.target, v.keyword) for v in found) == [("$.choices", "required"), ("$.id", "required")]
    by_target = {v.target: v.message for v in found}
    assert "'id'" in by_target["$.id"] and "'choices'" in by_target["$.choices"]


def test_two_missing_required_fields_are_two_drift_rows() -> None:
    found = schemas.validate("chat.completions.create", without("id", "choices"))
    drift = [classify(v, "spec") for v in found]
    assert {(d.kind, d.path) for d in drift} == {
        (DriftKind.MISSING_DOCUMENTED_FIELD, "$.id"), (DriftKind.MISSING_DOCUMENTED_FIELD, "$.choices")}
    assert len({d.key for d in drift}) == 2


def test_one_missing_required_field_is_one_violation() -> None:
    [violation] = schemas.validate("chat.completions.create", without("model"))
    assert violation.target == "$.model" and violation.path == "$"


# --- validator disagreement --------------------------------------------------------------------------------

class Always:
    """A jsonschema-rs stand-in with a fixed verdict (a library bug, for the disagreement checks)."""

    def __init__(self, verdict: bool) -> None:
        self.verdict = verdict

    def is_valid(self, _instance: object) -> bool:
        return self.verdict


@pytest.fixture
def rs_says(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Replace jsonschema-rs's verdict for the chat contract and every chat shape family."""
    def install(verdict: bool) -> None:
        store = schemas._load()
        name = "chat.completions.create"
        monkeypatch.setitem(store.compiled, name, replace(store.compiled[name], rs=Always(verdict)))
        shapes = shape._load().compiled
        for fam in shape.FAMILIES:
            monkeypatch.setitem(shapes, (name, fam), replace(shapes[(name, fam)], rs=Always(verdict)))
    yield install


def test_rs_rejecting_what_py_accepts_is_a_contract_violation(rs_says: Any) -> None:
    rs_says(False)
    [violation] = schemas.validate("chat.completions.create", CHAT)
    assert violation.keyword == schemas.DISAGREEMENT and "rejects" in violation.message


def test_rs_accepting_what_py_rejects_still_fails_and_says_so(rs_says: Any) -> None:
    rs_says(True)
    found = schemas.validate("chat.completions.create", without("id"))
    assert {(v.target, v.keyword) for v in found} == {("$.id", "required"), ("$", schemas.DISAGREEMENT)}


@pytest.mark.parametrize("rs_verdict", [True, False])
def test_shape_disagreement_is_major_drift(rs_says: Any, rs_verdict: bool) -> None:
    rs_says(rs_verdict)
    body = CHAT if not rs_verdict else {**CHAT, "x_new": 1}  # documented for py, or undocumented for py
    drift = shape.drift_for("chat.completions.create", "v1", body)
    split = [d for d in drift if d.kind is DriftKind.VALIDATOR_DISAGREEMENT]
    assert len(split) == 1 and split[0].severity.value == "major"


def test_agreeing_validators_add_nothing() -> None:
    assert schemas.validate("chat.completions.create", CHAT) == []
    assert not [d for d in shape.drift_for("chat.completions.create", "v1", {**CHAT, "x_new": 1})
                if d.kind is DriftKind.VALIDATOR_DISAGREEMENT]


@pytest.mark.parametrize("body", [CHAT, {**CHAT, "x_new": 1}, {k: v for k, v in CHAT.items() if k != "id"}],
                         ids=["documented", "extra-field", "missing-id"])
@pytest.mark.parametrize("surface", ["v1", "2024-10-21", "2025-04-01-preview"])
def test_rs_and_py_asked_independently_agree(body: dict[str, Any], surface: str) -> None:
    rs_c, py_c = contract_verdicts("chat.completions.create", body)
    assert rs_c == py_c == (schemas.validate("chat.completions.create", body) == [])
    rs_s, py_s = shape_verdicts("chat.completions.create", surface, body)
    assert rs_s == py_s == (shape.drift_for("chat.completions.create", surface, body) == [])

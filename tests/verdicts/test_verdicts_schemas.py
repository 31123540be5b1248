"""Contract validation verdicts, judged directly: required fields at their own paths, validator disagreement."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from conformance import schemas
from conformance.drift import DriftKind, classify

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

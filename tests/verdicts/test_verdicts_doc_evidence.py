"""Doc evidence: the docs' example responses pass the contract, their drift is listed, and 000 vs 003 disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance import doc_evidence
from conformance.drift import DriftKind


@pytest.fixture
def examples() -> list[doc_evidence.DocExample]:
    found = doc_evidence.doc_examples()
    if not found:
        pytest.skip("shared docs not found (set AOAI_CONFORMANCE_SHARED)")
    return found


def test_examples_are_found_in_both_docs(examples: list[doc_evidence.DocExample]) -> None:
    by_doc = {(e.doc, e.schema) for e in examples}
    assert {("000", "responses.create"), ("000", "chat.completions.create"),
            ("000", "chat.completions.create.image_input"), ("003", "chat.completions.create"),
            ("003", "chat.completions.create.image_input"), ("003", "images.generate"),
            ("003", "completions.create")} <= by_doc
    assert {e.surface for e in examples if e.doc == "000"} == {"v1"}


def test_every_example_passes_the_contract(examples: list[doc_evidence.DocExample]) -> None:
    for example in examples:
        assert example.contract() == [], example.source


def test_the_image_input_doc_disagreement_is_reported(examples: list[doc_evidence.DocExample]) -> None:
    rows = [d for d in doc_evidence.doc_drift() if d.kind is DriftKind.DOC_DISAGREEMENT]
    paths = {d.path for d in rows}
    assert "$.prompt_filter_results[0].content_filter_result" in paths
    row = next(d for d in rows if d.path == "$.prompt_filter_results[0].content_filter_result")
    assert "docs/000" in row.source and "docs/003" in row.source
    assert "content_filter_results" in row.message


def test_doc_drift_lists_the_003_legacy_spelling_as_evidence(examples: list[doc_evidence.DocExample]) -> None:
    legacy = [d for d in doc_evidence.doc_drift() if d.kind is DriftKind.LEGACY_NAME]
    assert any("docs/003" in d.source and d.path.endswith("content_filter_result") for d in legacy)


def test_absent_docs_give_no_examples(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(doc_evidence.ENV_VAR, str(tmp_path))
    assert doc_evidence.docs_dir() is None
    assert doc_evidence.doc_examples() == [] and doc_evidence.doc_drift() == []

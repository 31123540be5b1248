"""Doc evidence: the docs' example responses pass the contract, their drift is listed, and 000 vs 003 disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance import doc_evidence
from conformance.drift import DriftKind


@pytest.fixture
def examples() -> list[doc_evidence.DocExample]:
    return doc_evidence.doc_examples()  # package data: present wherever the tool is installed


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


def test_each_example_names_its_doc_file_and_section(examples: list[doc_evidence.DocExample]) -> None:
    for example in examples:
        assert example.file.startswith(f"{example.doc}_") and example.file.endswith(".txt")
        assert example.section and example.line > 0


def test_the_run_report_lists_the_doc_disagreement(tmp_path: Path) -> None:
    """The image-input example's `content_filter_result` (003) vs `content_filter_results` (000) reaches report.json."""
    import json

    from tests.conftest import run_cli

    result = run_cli("run", "--operations", "chat.completions.create.image_input", "--report-dir", str(tmp_path),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    disagreements = [d for d in report["doc_drift"] if d["kind"] == "doc-disagreement"]
    assert disagreements and disagreements[0]["path"].endswith(".content_filter_result")
    assert "docs/000" in disagreements[0]["source"] and "docs/003" in disagreements[0]["source"]
    assert "Documentation drift" in (tmp_path / "report.md").read_text()

"""The docs' example responses ship as package data; regenerating them from the shared docs gives the same file.

Runs (never skips) wherever the shared docs are present, so the data cannot drift from the docs unnoticed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from conformance.catalog.operations import OPERATIONS
from conformance.verdicts import doc_evidence

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "extract_doc_examples.py"


@pytest.fixture(scope="module")
def extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_doc_examples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_data_matches_the_docs(extractor: ModuleType) -> None:
    docs = extractor.default_docs()
    if not docs.is_dir():
        pytest.skip(f"the shared docs are not at {docs} (set AOAI_CONFORMANCE_SHARED)")
    assert doc_evidence.DATA_FILE.read_text(encoding="utf-8") == extractor.render(extractor.extract(docs)), (
        "conformance/data/doc_examples.json differs from the docs: run python scripts/extract_doc_examples.py")


def test_the_data_is_what_doc_evidence_reads(extractor: ModuleType) -> None:
    assert extractor.OUTPUT == doc_evidence.DATA_FILE
    data = json.loads(doc_evidence.DATA_FILE.read_text(encoding="utf-8"))
    assert [e["body"] for e in data["examples"]] == [e.body for e in doc_evidence.doc_examples()]


def test_an_edited_doc_example_is_caught(extractor: ModuleType, tmp_path: Path) -> None:
    """The comparison sees a one-value change in a doc, so it is not vacuous."""
    docs = extractor.default_docs()
    if not docs.is_dir():
        pytest.skip(f"the shared docs are not at {docs}")
    for path in docs.glob("003_*.txt"):
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(text.replace('"object": "text_completion"', '"object": "edited"', 1))
    edited = extractor.extract(tmp_path)
    original = extractor.extract(docs)
    assert [e for e in edited["examples"] if e["doc"] == "003"] != [
        e for e in original["examples"] if e["doc"] == "003"]


def _docs(extractor: ModuleType) -> Path:
    docs = extractor.default_docs()
    if not docs.is_dir():
        pytest.skip(f"the shared docs are not at {docs}")
    return docs



def test_the_sections_read_are_those_the_catalog_cites(extractor: ModuleType) -> None:
    docs = extractor.default_docs()
    if not docs.is_dir():
        pytest.skip(f"the shared docs are not at {docs}")
    every = extractor.extract(docs)["examples"]
    images = [e for e in every if e["schema"] == "images.generate"]
    assert images and all(e["section"] == "images.generate()" for e in images)
    # The schema an example is checked against is the citing operation's: change it there, it changes here.
    renamed = [dataclasses.replace(op, schema="images.generate.synthetic") if op.id == "images.generate" else op
               for op in OPERATIONS.values()]
    moved = extractor.extract(docs, renamed)["examples"]
    assert [e["line"] for e in moved if e["schema"] == "images.generate.synthetic"] == [e["line"] for e in images]
    # A cited section without a schema (a binary body) ends the section before it and yields no example.
    assert extractor.schema_by_section(OPERATIONS.values())["audio.speech.create()"] is None

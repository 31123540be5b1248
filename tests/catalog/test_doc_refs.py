"""Every place the catalog says an operation is documented is a real heading path of that doc.

The docs' example extraction (scripts/extract_doc_examples.py) reads the sections the catalog cites, so a
citation that names no heading would silently extract nothing: it fails here instead.
"""

from __future__ import annotations

from functools import cache

from conformance.catalog.operations import OPERATIONS
from tests.support.shared_data import DOCS, absent


@cache
def _headings(doc: str) -> list[str]:
    """The doc's lines, stripped of markdown heading marks, in order."""
    files = sorted(DOCS.glob(f"{doc}_*.txt")) if DOCS.is_dir() else []
    if not files:
        absent(f"docs/{doc}", DOCS)
    return [line.lstrip("#").strip() for path in files for line in path.read_text(encoding="utf-8").split("\n")]


def test_every_cited_section_is_a_heading_path_of_its_doc() -> None:
    wrong = []
    for op in OPERATIONS.values():
        for ref in op.documented:
            lines, at = _headings(ref.doc), -1
            for part in ref.section.split(" / "):  # "Group / heading": the group's heading comes first
                at = next((i for i in range(at + 1, len(lines)) if lines[i] == part), -1)
                if at < 0:
                    wrong.append(f"{op.id}: {ref} (no heading {part!r} after the one before it)")
                    break
    assert wrong == []


def test_a_note_is_not_part_of_the_heading() -> None:
    speech = OPERATIONS["audio.speech.create"].documented[0]
    assert speech.section == "Audio / audio.speech.create()"
    assert str(speech) == "docs/003 §Audio / audio.speech.create() (requires a preview API version)"

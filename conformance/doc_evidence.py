"""Doc evidence: the example responses printed in the shared docs, checked against both tiers and each other."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from conformance import schemas, shape
from conformance.drift import Drift, DriftKind

__all__ = ["DATA_FILE", "DocExample", "doc_drift", "doc_examples"]

# Extracted from the shared docs by scripts/extract_doc_examples.py and shipped in the wheel, so an
# installed tool has the evidence with no docs around it; a test regenerates it to catch drift.
DATA_FILE = Path(__file__).resolve().parent / "data" / "doc_examples.json"


@dataclass(frozen=True)
class DocExample:
    """One example response body printed in a doc, with where it is and what it must satisfy."""

    doc: str
    section: str
    line: int
    surface: str
    schema: str
    body: dict[str, Any] = field(hash=False, compare=False)
    file: str = ""  # the doc's file name in the shared docs

    @property
    def source(self) -> str:
        return f"docs/{self.doc} §{self.section} Response (line {self.line})"

    def contract(self) -> list[schemas.Violation]:
        return schemas.validate(self.schema, self.body)

    def drift(self) -> list[Drift]:
        return shape.drift_for(self.schema, self.surface, self.body)


@cache
def _load() -> tuple[DocExample, ...]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(DocExample(**item) for item in data["examples"])


def doc_examples() -> list[DocExample]:
    """Every example response in docs 000 (v1) and 003 (versioned), with its doc, section and line."""
    return list(_load())


def _names(value: object, path: str = "$") -> set[str]:
    """Every object-key path in a JSON value, array indices kept."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            out.add(f"{path}.{key}")
            out |= _names(sub, f"{path}.{key}")
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            out |= _names(sub, f"{path}[{index}]")
    return out


def _disagreements(examples: list[DocExample]) -> list[Drift]:
    """The same example (same id) printed in two docs with different field names."""
    out: list[Drift] = []
    by_id: dict[str, list[DocExample]] = {}
    for example in examples:
        by_id.setdefault(str(example.body.get("id") or example.body.get("created")), []).append(example)
    for group in by_id.values():
        for a, b in itertools.pairwise(group):
            if a.doc == b.doc:
                continue
            only_a, only_b = _names(a.body) - _names(b.body), _names(b.body) - _names(a.body)
            for path in sorted(p for p in only_b if p.rsplit(".", 1)[0] not in only_b):
                out.append(Drift.of(
                    DriftKind.DOC_DISAGREEMENT, path, f"{a.source} vs {b.source}",
                    f"docs/{b.doc} names `{path}`; docs/{a.doc} has "
                    f"{sorted(p for p in only_a if p.rsplit('.', 1)[0] == path.rsplit('.', 1)[0]) or 'nothing'}"
                    " there",
                ))
    return out


def doc_drift() -> list[Drift]:
    """Documented evidence: each example's shape drift (source names the example) plus doc-vs-doc disagreements."""
    examples = doc_examples()
    out: list[Drift] = []
    for example in examples:
        out += [Drift(d.kind, d.severity, d.path, f"{d.source} (evidence: {example.source})", d.message)
                for d in example.drift()]
    return out + _disagreements(examples)

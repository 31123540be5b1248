"""Doc evidence: the example responses printed in the shared docs, checked against both tiers and each other."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from conformance import schemas, shape
from conformance.drift import Drift, DriftKind

__all__ = ["ENV_VAR", "DocExample", "doc_drift", "doc_examples", "docs_dir"]

ENV_VAR = "AOAI_CONFORMANCE_SHARED"
# doc file prefix -> (surface the doc is written for, section headings that precede examples)
DOCS = {"000": "v1", "003": "2024-10-21"}
SECTIONS = (
    "responses.create() with MCP server tool", "responses.create()", "chat.completions.create() - image input",
    "chat.completions.create() - streaming", "chat.completions.create()", "images.generate()",
    "completions.create()", "embeddings.create()",
)
SCHEMA_BY_SECTION = {
    "responses.create()": "responses.create",
    "chat.completions.create() - image input": "chat.completions.create.image_input",
    "chat.completions.create()": "chat.completions.create",
    "images.generate()": "images.generate",
    "completions.create()": "completions.create",
}


@dataclass(frozen=True)
class DocExample:
    """One example response body printed in a doc, with where it is and what it must satisfy."""

    doc: str
    section: str
    line: int
    surface: str
    schema: str
    body: dict[str, Any] = field(hash=False, compare=False)

    @property
    def source(self) -> str:
        return f"docs/{self.doc} §{self.section} Response (line {self.line})"

    def contract(self) -> list[schemas.Violation]:
        return schemas.validate(self.schema, self.body)

    def drift(self) -> list[Drift]:
        return shape.drift_for(self.schema, self.surface, self.body)


def docs_dir() -> Path | None:
    """`<shared>/docs` from $AOAI_CONFORMANCE_SHARED, else `<repo>/../shared/docs`; None when absent."""
    env = os.environ.get(ENV_VAR)
    shared = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"
    path = shared / "docs"
    return path if path.is_dir() else None


def _sections(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line index, heading) for each line that is exactly a known section heading (markdown or plain)."""
    for index, line in enumerate(lines):
        text = line.lstrip("#").strip()
        if text in SECTIONS:
            yield index, text


def _objects(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Top-level JSON objects starting at a line's first column, with their offsets."""
    decoder = json.JSONDecoder()
    pos = 0
    while (start := text.find("\n{", pos)) >= 0:
        try:
            obj, end = decoder.raw_decode(text, start + 1)
        except json.JSONDecodeError:
            pos = start + 2
            continue
        if isinstance(obj, dict):
            yield start + 1, obj
        pos = end


def _examples_in(path: Path, doc: str) -> list[DocExample]:
    text = path.read_text(encoding="utf-8")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    heads = list(_sections(text.split("\n")))
    seen: set[tuple[str, str]] = set()
    out: list[DocExample] = []
    for offset, body in _objects(text):
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= offset)
        section = next((h for i, h in reversed(heads) if i < line), None)
        schema = SCHEMA_BY_SECTION.get(section or "")
        key = (section or "", json.dumps(body, sort_keys=True))
        if schema is None or key in seen:  # 003 prints every example twice (one per tab)
            continue
        seen.add(key)
        out.append(DocExample(doc, str(section), line + 1, DOCS[doc], schema, body))
    return out


@cache
def _cached(root: str) -> tuple[DocExample, ...]:
    found: list[DocExample] = []
    for doc in DOCS:
        for path in sorted(Path(root).glob(f"{doc}_*.txt")):
            found += _examples_in(path, doc)
    return tuple(found)


def doc_examples() -> list[DocExample]:
    """Every example response in docs 000 (v1) and 003 (versioned); [] when the shared docs are absent."""
    root = docs_dir()
    return list(_cached(str(root))) if root is not None else []


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

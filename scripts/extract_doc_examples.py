"""Extract the example responses printed in the shared docs into `conformance/data/doc_examples.json`.

    python scripts/extract_doc_examples.py [--docs ../shared/docs] [--check]

The installed tool has no docs around it, so the examples ship as data: each with its doc, file, section
heading and line. `--check` (and tests/verdicts/test_doc_examples_data.py) regenerates and compares, so the data
cannot drift from the docs unnoticed. The sections to read are those the catalog cites (`documented`).
Standard library and the (standard-library-only) catalog: it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the catalog is standard library only: importable from the clone by any python

from conformance.catalog.operations import OPERATIONS, Operation  # noqa: E402

OUTPUT = REPO / "conformance" / "data" / "doc_examples.json"
# doc file prefix -> the surface the doc is written for (the pages that print example responses)
DOCS = {"000": "v1", "003": "2024-10-21"}


def schema_by_section(operations: Iterable[Operation]) -> dict[str, str | None]:
    """Each section heading the catalog cites in docs 000/003 -> the schema of the operation documented there.

    From the catalog's `documented` references ("Group / heading"), so a new operation's examples are
    extracted by citing its section there. Every cited heading ends the section before it; one without a
    schema (audio.speech.create: a binary body) yields no example. A heading names at most one schema.
    """
    found: dict[str, str | None] = {}
    for operation in operations:
        for ref in operation.documented:
            if ref.doc not in DOCS:
                continue
            heading = ref.section.rsplit(" / ", 1)[-1]
            known = found.get(heading)
            if known is not None and operation.schema is not None and known != operation.schema:
                raise SystemExit(f"docs/{ref.doc} section {heading!r} names two schemas: "
                                 f"{known} and {operation.schema}")
            found[heading] = known or operation.schema
    return found


def default_docs() -> Path:
    """`$AOAI_CONFORMANCE_SHARED/docs`, else `../shared/docs` beside the clone."""
    env = os.environ.get("AOAI_CONFORMANCE_SHARED")
    return (Path(env) if env else REPO.parent / "shared") / "docs"


def _sections(lines: list[str], headings: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line index, heading) for each line that is exactly one of `headings` (markdown or plain)."""
    wanted = set(headings)
    for index, line in enumerate(lines):
        text = line.lstrip("#").strip()
        if text in wanted:
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


def _examples_in(path: Path, doc: str, schemas: dict[str, str | None]) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    heads = list(_sections(text.split("\n"), schemas))
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for offset, body in _objects(text):
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= offset)
        section = next((h for i, h in reversed(heads) if i < line), None)
        schema = schemas.get(section or "")
        key = (section or "", json.dumps(body, sort_keys=True))
        if schema is None or key in seen:  # 003 prints every example twice (one per tab)
            continue
        seen.add(key)
        out.append({"doc": doc, "file": path.name, "section": section, "line": line + 1, "surface": DOCS[doc],
                    "schema": schema, "body": body})
    return out


def extract(docs: Path, operations: Iterable[Operation] = OPERATIONS.values()) -> dict[str, Any]:
    """Every example response in docs 000 (v1) and 003 (versioned) under a section the catalog cites."""
    schemas = schema_by_section(operations)
    examples: list[dict[str, Any]] = []
    for doc in DOCS:
        for path in sorted(docs.glob(f"{doc}_*.txt")):
            examples += _examples_in(path, doc, schemas)
    if not examples:
        raise SystemExit(f"no doc examples found in {docs}; pass --docs pointing at the shared docs folder")
    return {"generated_by": "scripts/extract_doc_examples.py", "examples": examples}


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=default_docs(), help="the shared docs folder")
    parser.add_argument("--check", action="store_true", help="compare with the committed file; exit 1 on drift")
    ns = parser.parse_args(argv)
    text = render(extract(ns.docs))
    if ns.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT}: {'up to date' if same else 'differs from the docs; run this script without --check'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

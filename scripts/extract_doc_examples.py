"""Extract the example responses printed in the shared docs into `conformance/data/doc_examples.json`.

    python scripts/extract_doc_examples.py [--docs ../shared/docs] [--check]

The installed tool has no docs around it, so the examples ship as data: each with its doc, file, section
heading and line. `--check` (and tests/test_doc_examples_data.py) regenerates and compares, so the data
cannot drift from the docs unnoticed. Standard library only: it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "conformance" / "data" / "doc_examples.json"
# doc file prefix -> the surface the doc is written for
DOCS = {"000": "v1", "003": "2024-10-21"}
# section headings that precede examples (longest first where one is a prefix of another)
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


def default_docs() -> Path:
    """`$AOAI_CONFORMANCE_SHARED/docs`, else `../shared/docs` beside the clone."""
    env = os.environ.get("AOAI_CONFORMANCE_SHARED")
    return (Path(env) if env else REPO.parent / "shared") / "docs"


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


def _examples_in(path: Path, doc: str) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    heads = list(_sections(text.split("\n")))
    seen: set[tuple[str, str]] = set()
    out: list[dict[str, Any]] = []
    for offset, body in _objects(text):
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= offset)
        section = next((h for i, h in reversed(heads) if i < line), None)
        schema = SCHEMA_BY_SECTION.get(section or "")
        key = (section or "", json.dumps(body, sort_keys=True))
        if schema is None or key in seen:  # 003 prints every example twice (one per tab)
            continue
        seen.add(key)
        out.append({"doc": doc, "file": path.name, "section": section, "line": line + 1, "surface": DOCS[doc],
                    "schema": schema, "body": body})
    return out


def extract(docs: Path) -> dict[str, Any]:
    """Every example response in docs 000 (v1) and 003 (versioned), in doc and line order."""
    examples: list[dict[str, Any]] = []
    for doc in DOCS:
        for path in sorted(docs.glob(f"{doc}_*.txt")):
            examples += _examples_in(path, doc)
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

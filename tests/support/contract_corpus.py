"""The independent contract corpus (tests/contract_corpus/*.json) and a schema-aware walk of the contract schemas.

Kept apart from conftest so the corpus runner and the deletion meta-test share one loader.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"
CORPUS = Path(__file__).resolve().parents[1] / "contract_corpus"
CASE_KEYS = {"description", "source", "instance", "valid"}

# Keywords whose value is one subschema, a list of subschemas, or a name -> subschema map (draft 2020-12).
_ONE = (
    "items",
    "contains",
    "if",
    "then",
    "else",
    "not",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "dependentSchemas")


@dataclass(frozen=True)
class Deletion:
    """One keyword deletion: `keyword` removed from the subschema at `pointer` in schema file `file`."""

    file: str  # path relative to schemas/, e.g. "defs/content-filters.json"
    pointer: tuple[str | int, ...]
    keyword: str  # "required" or "type"

    def __str__(self) -> str:
        return f"{self.file}#/{'/'.join(str(p) for p in self.pointer)}/{self.keyword}"


@cache
def schema_documents() -> dict[str, dict[str, Any]]:
    """Every schema file, keyed by its path relative to schemas/."""
    files = sorted(SCHEMAS.glob("*.json")) + sorted((SCHEMAS / "defs").glob("*.json"))
    return {p.relative_to(SCHEMAS).as_posix(): json.loads(p.read_text(encoding="utf-8")) for p in files}


def operation_schema_names() -> list[str]:
    return sorted(p.stem for p in SCHEMAS.glob("*.json"))


@cache
def corpus() -> dict[str, list[dict[str, Any]]]:
    """Schema name -> its cases, read from tests/contract_corpus/<schema name>.json."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.json"))}


def subschemas(
    node: Any, pointer: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every subschema object under node, with its JSON pointer; property *names* are never taken for keywords."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in _ONE:
        if key in node:
            yield from subschemas(node[key], (*pointer, key))
    for key in _LIST:
        for index, child in enumerate(node.get(key) or []):
            yield from subschemas(child, (*pointer, key, index))
    for key in _MAP:
        for name, child in (node.get(key) or {}).items():
            yield from subschemas(child, (*pointer, key, name))


def deletions() -> list[Deletion]:
    """Every `required` list and every `type` keyword in every schema file."""
    out = []
    for file, doc in schema_documents().items():
        for pointer, node in subschemas(doc):
            for keyword in ("required", "type"):
                if keyword in node:
                    out.append(Deletion(file, pointer, keyword))
    return out


def apply(deletion: Deletion) -> dict[str, dict[str, Any]]:
    """All schema documents, with the one deletion applied to a copy of its file."""
    docs = dict(schema_documents())
    doc = copy.deepcopy(docs[deletion.file])
    node: Any = doc
    for part in deletion.pointer:
        node = node[part]
    del node[deletion.keyword]
    docs[deletion.file] = doc
    return docs


def refs(node: Any) -> Iterator[str]:
    """Every $ref value in a schema document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


@cache
def files_reached(name: str) -> frozenset[str]:
    """The schema files an operation schema can reach through $ref (itself included)."""
    docs = schema_documents()
    seen: set[str] = set()
    todo = [f"{name}.json"]
    while todo:
        file = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        base = Path(file).parent
        for ref in refs(docs[file]):
            target = ref.split("#", 1)[0]
            if target:
                todo.append((base / target).as_posix().removeprefix("./").replace("defs/../", ""))
    return frozenset(seen)

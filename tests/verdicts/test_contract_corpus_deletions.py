"""Meta-test: deleting any `required` list or any `type` keyword from any schema fails a contract-corpus case.

A schema that forgets a constraint must be noticed by the independent corpus, not by mutations of the schema
itself. Each deletion is applied to a copy of one file; every operation schema that reaches that file through
$ref is compiled again (jsonschema-rs) and its corpus cases are re-judged.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from tests.support.contract_corpus import Deletion, apply, corpus, deletions, files_reached, schema_documents

# Deletions no instance can notice, as structural rules with their reason (each must still match a survivor).
EQUIVALENT = {
    "required-in-if": "an `if` that tests `type` needs no `required: [type]`: the enclosing schema already requires "
    "`type`, so an instance without it is invalid either way",
    "type-beside-enum": "an `enum` whose values all have the declared type already rejects every other type "
    "(until new enum values become drift and the enum leaves the contract tier)",
}
_JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def _equivalent(deletion: Deletion) -> str | None:
    pointer = deletion.pointer
    if deletion.keyword == "required" and pointer and pointer[-1] == "if":
        return "required-in-if"
    node: Any = schema_documents()[deletion.file]
    for part in pointer:
        node = node[part]
    kind = _JSON_TYPES.get(node.get("type")) if isinstance(node.get("type"), str) else None
    if (
        deletion.keyword == "type"
        and kind
        and node.get("enum")
        and all(
            (isinstance(v, kind) and not isinstance(v, bool)) or (kind is bool and isinstance(v, bool))
            for v in node["enum"]
        )
    ):
        return "type-beside-enum"
    return None


def _caught(deletion: Deletion) -> bool:
    docs = apply(deletion)
    registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in docs.values()])
    cases = corpus()
    for name in sorted(cases):
        if deletion.file not in files_reached(name):
            continue
        doc = docs[f"{name}.json"]
        validator = jsonschema_rs.Draft202012Validator(doc, registry=registry, base_uri=doc["$id"], offline=True)
        if any(validator.is_valid(c["instance"]) != c["valid"] for c in cases[name]):
            return True
    return False


def test_every_required_and_type_deletion_fails_a_corpus_case() -> None:
    found = deletions()
    assert len(found) > 300  # the walk reaches every schema file's subschemas
    survivors = [d for d in found if not _caught(d)]
    unexplained = [str(d) for d in survivors if _equivalent(d) is None]
    assert not unexplained, f"{len(unexplained)} deletions no contract-corpus case notices:\n" + "\n".join(unexplained)
    used = {_equivalent(d) for d in survivors}
    assert used <= set(EQUIVALENT)
    assert "required-in-if" in used  # the rules are exercised, not dead


def test_the_walk_never_takes_a_property_name_for_a_keyword() -> None:
    """`properties.type` (the Responses `type` field) is a property, not the `type` keyword."""
    for deletion in deletions():
        assert deletion.pointer[-1:] != ("properties",), deletion
    assert any(d.pointer[-2:] == ("properties", "type") and d.keyword == "type" for d in deletions())

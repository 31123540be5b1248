"""Issue 11 §4: every field the contract requires is documented in the shape of every surface the contract covers.

The contract tier fails a case on a missing required field; the shape tier is the documented, per-version view.
If a contract-required field had no place in some version's generated shape, that version would report the
field itself as undocumented drift on every passing response: the contract would be asking for something the
version's documentation does not have. This walks each `required` list of `schemas/<name>.json` (following
`$ref`s into its own `$defs` and into `schemas/defs/*.json`) and looks the same path up in the generated shape,
through its `$ref`s and `anyOf`/`oneOf`/`allOf` branches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.config import DEFAULT_API_VERSIONS
from conformance.verdicts import shape
from tests.support.independent import shape_version

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
Json = Any
ITEM = "[*]"
BRANCHES = ("anyOf", "oneOf", "allOf")


def _documents() -> dict[str, Json]:
    files = [*SCHEMAS.glob("*.json"), *(SCHEMAS / "defs").glob("*.json"), *(SCHEMAS / "shape").glob("*.json")]
    docs = (json.loads(p.read_text(encoding="utf-8")) for p in files)
    return {doc["$id"]: doc for doc in docs if "$id" in doc}


DOCS = _documents()


def _deref(base: str, ref: str) -> tuple[str, Json]:
    """(new base uri, target schema) of a `$ref` written relative to `base`."""
    uri, fragment = urldefrag(urljoin(base, ref))
    node = DOCS[uri]
    for key in filter(None, fragment.split("/")):
        node = node[key.replace("~1", "/").replace("~0", "~")]
    return uri, node


def required_paths(base: str, schema: Json, path: tuple[str, ...] = (), seen: frozenset[str] = frozenset()
                   ) -> Iterator[tuple[str, ...]]:
    """Every (…, field) path the contract schema requires, `[*]` standing for any array item."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        target = urljoin(base, schema["$ref"])
        if target not in seen:  # a recursive definition requires nothing new the second time round
            uri, node = _deref(base, schema["$ref"])
            yield from required_paths(uri, node, path, seen | {target})
    for name in schema.get("required", []):
        yield (*path, name)
    for name, sub in schema.get("properties", {}).items():
        yield from required_paths(base, sub, (*path, name), seen)
    if isinstance(schema.get("items"), dict):
        yield from required_paths(base, schema["items"], (*path, ITEM), seen)
    for keyword in BRANCHES:
        for sub in schema.get(keyword, []):
            yield from required_paths(base, sub, path, seen)


def documents(base: str, schema: Json, path: tuple[str, ...], depth: int = 0) -> bool:
    """True when some branch of the shape schema lists `path` as a property (or array item) all the way down."""
    if not isinstance(schema, dict) or depth > 40:
        return False
    if not path:
        return True
    if "$ref" in schema and documents(*_deref(base, schema["$ref"]), path, depth + 1):
        return True
    if any(documents(base, sub, path, depth + 1) for keyword in BRANCHES for sub in schema.get(keyword, [])):
        return True
    head, rest = path[0], path[1:]
    if head == ITEM:
        return documents(base, schema.get("items"), rest, depth + 1)
    # a legacy spelling the shape names (x-legacy-names) is documented: it is reported as legacy-name drift
    head = schema.get("x-legacy-names", {}).get(head, head)
    return head in schema.get("properties", {}) and documents(base, schema["properties"][head], rest, depth + 1)


def covered() -> list[tuple[str, str]]:
    """(contract schema name, surface) for every surface the catalog runs that schema on."""
    pairs = set()
    for operation in catalog.OPERATIONS.values():
        if operation.schema is None:
            continue
        for surface in operation.surfaces:
            versions = DEFAULT_API_VERSIONS if surface == catalog.VERSIONED else (surface,)
            pairs |= {(operation.schema, version) for version in versions}
    return sorted(pairs)


def gaps(name: str, surface: str) -> list[str]:
    contract = DOCS[f"https://aoai-conformance.invalid/schemas/{name}.json"]
    version = shape_version(name, surface)
    assert version is not None, (
        f"{name} on {surface}: no derived shapes and no alias; generate the version's shapes from its spec "
        f"(scripts/generate_shapes.py, README §Development) or alias it in schemas/shape/aliases.json with a source")
    doc = json.loads((SCHEMAS / "shape" / f"{version}.json").read_text(encoding="utf-8"))
    root = {"$ref": doc["x-operations"][name]}
    wanted = sorted(set(required_paths(contract["$id"], contract)))
    # the contract spans every version (a category one version adds is optional there): a field is owed only
    # where its parent object is documented on this surface; an undocumented parent is drift in its own right
    return [".".join(p) for p in wanted
            if documents(doc["$id"], root, p[:-1]) and not documents(doc["$id"], root, p)]


def test_the_walk_finds_required_fields_inside_refs_and_defs() -> None:
    contract = DOCS["https://aoai-conformance.invalid/schemas/chat.completions.create.json"]
    found = set(required_paths(contract["$id"], contract))
    assert ("choices",) in found and ("choices", ITEM, "message", "role") in found
    # through the shared content-filter definitions (schemas/defs/content-filters.json)
    assert ("choices", ITEM, "content_filter_results", "hate", "severity") in found


def test_a_field_the_shape_lacks_is_a_gap() -> None:
    """The check can fail: a contract path the v1 shape does not list is reported."""
    doc = json.loads((SCHEMAS / "shape" / "v1.json").read_text(encoding="utf-8"))
    root = {"$ref": doc["x-operations"]["chat.completions.create"]}
    assert documents(doc["$id"], root, ("choices", ITEM, "message", "role"))
    assert not documents(doc["$id"], root, ("choices", ITEM, "message", "x_not_documented"))


@pytest.mark.parametrize(("name", "surface"), covered(), ids=lambda v: str(v))
def test_contract_required_fields_are_documented_in_the_surface_shape(name: str, surface: str) -> None:
    assert name in shape.shape_names()
    assert gaps(name, surface) == [], f"{name} on {surface}: contract-required fields missing from the shape"

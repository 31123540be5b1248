"""The documented-shape tier: strict schemas per surface family; differences are drift, never failures.

Layout: `schemas/shape/<schema name>.json`, one file per contract schema name. Each file carries
`x-derived-from` (spec schemas and doc sections) and an `x-surfaces` map from surface family to the
definition that applies, a reference relative to the file's `$id`:

    "x-surfaces": {"stable": "#/$defs/stable", "preview": "#/$defs/preview", "v1": "#/$defs/v1"}

Families: `v1` (the /openai/v1 surface), `stable` (GA api versions, e.g. 2024-10-21, and unknown or
missing versions) and `preview` (any `*-preview` version). A family with no own rules points at another's
definition (v1 images → preview) or at another file (image_input → chat.completions.create.json).
Inside a definition, `x-source` on an object names the spec schema or doc section behind it (becomes
the Drift source), `x-source-<keyword>` overrides it for one keyword, and `x-legacy-names` maps an
old or wire spelling to the documented one (`content_filter_result` → `content_filter_results`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from conformance import schemas
from conformance.drift import Drift, DriftKind, classify_all
from conformance.schemas import _no_retrieve, _read, json_path

__all__ = ["FAMILIES", "drift_for", "family", "is_documented", "shape_names"]

FAMILIES = ("stable", "preview", "v1")
SUBDIR = "shape"


def family(surface: str | None) -> str:
    """The rule family for a surface: v1, preview (any *-preview version) or stable (GA, unknown, None)."""
    if surface == "v1":
        return "v1"
    if surface and surface.endswith("-preview"):
        return "preview"
    return "stable"


@dataclass(frozen=True)
class _Compiled:
    py: jsonschema.Draft202012Validator
    rs: Any
    source: str


@dataclass(frozen=True)
class _Store:
    root: Path
    compiled: dict[tuple[str, str], _Compiled]


_lock = threading.Lock()
_store: _Store | None = None


def _load() -> _Store:
    """Load and compile every shape schema once per schema root (thread-safe)."""
    global _store
    root = schemas._load().root  # resolved once per process, like the contract schemas
    if _store is not None and _store.root == root:
        return _store
    with _lock:
        if _store is not None and _store.root == root:
            return _store
        docs = {path.stem: _read(path) for path in sorted((root / SUBDIR).glob("*.json"))}
        resources = [(doc["$id"], doc) for doc in docs.values()]
        registry: Registry = Registry(retrieve=_no_retrieve).with_resources(  # type: ignore[call-arg]
            (uri, DRAFT202012.create_resource(doc)) for uri, doc in resources
        )
        rs_registry = jsonschema_rs.Registry(resources)
        compiled: dict[tuple[str, str], _Compiled] = {}
        for name, doc in docs.items():
            surfaces = doc.get("x-surfaces", {})
            source = str((doc.get("x-derived-from") or [f"shape/{name}"])[0])
            for fam in FAMILIES:
                wrapper = {"$ref": urljoin(doc["$id"], surfaces[fam])}
                compiled[(name, fam)] = _Compiled(
                    py=jsonschema.Draft202012Validator(wrapper, registry=registry),
                    rs=jsonschema_rs.Draft202012Validator(wrapper, registry=rs_registry, offline=True),
                    source=source,
                )
        _store = _Store(root=root, compiled=compiled)
        return _store


def shape_names() -> list[str]:
    """Every schema name that has a documented-shape schema."""
    return sorted({name for name, _fam in _load().compiled})


def _validator(name: str, surface: str | None) -> _Compiled:
    try:
        return _load().compiled[(name, family(surface))]
    except KeyError:
        raise KeyError(f"no shape schema {name!r}; known: {', '.join(shape_names())}") from None


def is_documented(name: str, surface: str | None, instance: object) -> bool:
    """True when the instance has exactly the documented shape for the surface (fast path)."""
    return bool(_validator(name, surface).rs.is_valid(instance))


def _leaves(error: ValidationError) -> list[ValidationError]:
    """anyOf/oneOf errors stand for their most relevant branch error."""
    if error.context:
        best = best_match(error.context)
        return _leaves(best) if best is not None else [error]
    return [error]


def _legacy(error: ValidationError) -> list[tuple[str, str]]:
    """(legacy name, documented name) pairs present in the instance of an additionalProperties error."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, Mapping):
        return []
    names = error.schema.get("x-legacy-names", {}) if isinstance(error.schema, Mapping) else {}
    return [(old, new) for old, new in names.items() if old in error.instance]


def _legacy_nested(compiled: _Compiled, error: ValidationError, old: str, new: str) -> list[Drift]:
    """Check the value under a legacy name against the documented name's schema, reported at the legacy path."""
    sub = error.schema.get("properties", {}).get(new)
    if not isinstance(sub, Mapping):
        return []
    base = [*error.absolute_path, old]
    out: list[Drift] = []
    for nested in compiled.py.evolve(schema=sub).iter_errors(error.instance[old]):
        for leaf in _leaves(nested):
            leaf.path.extendleft(reversed(base))
            out += classify_all(leaf, compiled.source)
            for inner_old, inner_new in _legacy(leaf):  # a legacy name inside a legacy name (innererror)
                out += _legacy_nested(compiled, leaf, inner_old, inner_new)
    return out


def drift_for(name: str, surface: str, instance: object) -> list[Drift]:
    """Drift of one instance from the documented shape of `name` on `surface` ([] when it matches)."""
    compiled = _validator(name, surface)
    rs_valid = bool(compiled.rs.is_valid(instance))
    errors = list(compiled.py.iter_errors(instance))  # both judge every document: see schemas.validate
    found: list[Drift] = []
    split = schemas.disagreement(rs_valid, bool(errors))
    if split is not None:
        found.append(Drift.of(DriftKind.VALIDATOR_DISAGREEMENT, "$", compiled.source, f"{name}: {split.message}"))
    renamed: set[str] = set()  # documented paths present under a legacy spelling
    for error in errors:
        for leaf in _leaves(error):
            found += classify_all(leaf, compiled.source)
            for old, new in _legacy(leaf):
                renamed.add(json_path([*leaf.absolute_path, new]))
                found += _legacy_nested(compiled, leaf, old, new)
    # a legacy spelling means the documented one is "missing" only by name: one row, not two
    unique = {(d.kind, d.path, d.source): d for d in found
              if not (d.kind is DriftKind.MISSING_DOCUMENTED_FIELD and d.path in renamed)}
    return sorted(unique.values(), key=lambda d: (d.path, d.kind.value))

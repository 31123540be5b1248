"""Load the contract JSON Schemas and validate raw Azure OpenAI response bodies against them."""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

__all__ = ["DISAGREEMENT", "Violation", "disagreement", "is_valid", "schema_names", "schemas_dir", "validate"]

ENV_VAR = "AOAI_CONFORMANCE_SCHEMAS"
_SUBDIRS = ("defs",)  # shared $defs; "meta" and any other folder are not operation schemas


@dataclass(frozen=True)
class Violation:
    """One contract violation found in an instance."""

    path: str
    keyword: str
    schema_path: str
    message: str
    missing: str | None = None  # for `required`: the absent property, taken from the schema, not the text

    @property
    def target(self) -> str:
        """The JSON path the violation is about: the missing property itself for `required`."""
        return self.path if self.missing is None else json_path([*_parts(self.path), self.missing])


def schemas_dir() -> Path:
    """Return the schema data root (env override, repo checkout, or packaged copy)."""
    return _schemas_dir(os.environ.get(ENV_VAR))


@functools.lru_cache(maxsize=8)
def _schemas_dir(env: str | None) -> Path:
    # Cached per override value: the shape tier asks for the root on every validation.
    if env:
        path = Path(env)
        if not path.is_dir():
            raise FileNotFoundError(f"{ENV_VAR}={env!r} is not a directory")
        return path
    here = Path(__file__).resolve().parent
    # the wheel's packaged copy first: site-packages/schemas could belong to another distribution
    for candidate in (here / "_data" / "schemas", here.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"no schemas directory found next to {here}; set {ENV_VAR} to the folder holding the *.json schemas"
    )


@dataclass(frozen=True)
class _Compiled:
    """Both validators for one operation schema."""

    py: jsonschema.Draft202012Validator
    rs: Any


@dataclass(frozen=True)
class _Store:
    """Every loaded schema, the shared registry and the compiled validators."""

    env: str | None
    root: Path
    documents: dict[str, dict[str, Any]]
    registry: Registry
    compiled: dict[str, _Compiled]


_lock = threading.Lock()
_store: _Store | None = None


def _read(path: Path) -> dict[str, Any]:
    """Read one schema file and check it against both libraries' 2020-12 meta-schema."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(schema, dict) or not isinstance(schema.get("$id"), str):
        raise ValueError(f"{path}: a schema must be an object with a string $id")
    # jsonschema-rs checks the meta-schema in ~0.1 ms a file; python-jsonschema's check costs 0.5-0.9 s for all
    # files per process (and per xdist worker), so it runs in the schema tests instead of at load time.
    jsonschema_rs.meta.validate(schema)
    return schema


def _no_retrieve(uri: str) -> Resource:
    """Refuse to fetch any resource that is not in the local registry."""
    raise LookupError(f"refusing to retrieve {uri!r}: only local schemas are allowed")


def reset() -> None:
    """Forget the loaded schemas, so the next call resolves the data root (and AOAI_CONFORMANCE_SCHEMAS) again."""
    global _store
    with _lock:
        _store = None


def _load() -> _Store:
    """Load and compile every schema once per process (thread-safe); `reset()` starts over."""
    global _store
    store = _store
    if store is not None:  # the hot path: reading os.environ here would cost 4x the validation itself
        return store
    env = os.environ.get(ENV_VAR)
    with _lock:
        if _store is not None:
            return _store
        root = schemas_dir()
        files = sorted(root.glob("*.json"))
        for sub in _SUBDIRS:
            files += sorted((root / sub).glob("*.json"))
        loaded = {path: _read(path) for path in files}
        pairs = [(doc["$id"], DRAFT202012.create_resource(doc)) for doc in loaded.values()]
        registry: Registry = Registry(retrieve=_no_retrieve).with_resources(pairs)  # type: ignore[call-arg]
        rs_registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in loaded.values()])
        documents: dict[str, dict[str, Any]] = {}
        compiled: dict[str, _Compiled] = {}
        for path, doc in loaded.items():
            if path.parent != root:
                continue
            documents[path.stem] = doc
            compiled[path.stem] = _Compiled(
                py=jsonschema.Draft202012Validator(doc, registry=registry),
                rs=jsonschema_rs.Draft202012Validator(
                    doc, registry=rs_registry, base_uri=doc["$id"], offline=True
                ),
            )
        _store = _Store(env=env, root=root, documents=documents, registry=registry, compiled=compiled)
        return _store


def schema_names() -> list[str]:
    """Return every operation schema name available (file stems of schemas/*.json)."""
    return sorted(_load().compiled)


def _compiled(name: str) -> _Compiled:
    """Return the compiled validators for one schema name, or raise KeyError listing the known names."""
    store = _load()
    try:
        return store.compiled[name]
    except KeyError:
        known = ", ".join(sorted(store.compiled))
        raise KeyError(f"unknown schema {name!r}; known schemas: {known}") from None


def json_path(parts: Iterable[object]) -> str:
    """Render an instance location as a JSONPath-like string ("$" for the root)."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part)}]"
    return out


def _deepest(error: ValidationError) -> ValidationError:
    """Descend through anyOf/oneOf failures to the most relevant nested error."""
    if not error.context:
        return error
    best = best_match([error])
    return best if best is not None else error


def _parts(path: str) -> list[object]:
    return [int(i) if i.isdigit() else json.loads(q) if q else n
            for n, i, q in re.findall(r"\.([A-Za-z_]\w*)|\[(\d+)\]|\[(\"(?:[^\"\\]|\\.)*\")\]", path)]


def _violations(error: ValidationError) -> list[Violation]:
    """Convert one jsonschema error into Violations: one per absent property for `required`.

    The absent names come from the schema's list and the instance (structured fields), each with its own
    message, so two missing fields are two violations at two paths and never one name pinned to both.
    """
    path = json_path(error.absolute_path)
    schema_path = "/".join(str(p) for p in error.absolute_schema_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        absent = [p for p in error.validator_value if p not in error.instance]
        if absent:
            return [Violation(path, "required", schema_path, f"{name!r} is a required property", missing=name)
                    for name in absent]
    return [Violation(path, str(error.validator), schema_path, error.message)]


def is_valid(name: str, instance: object) -> bool:
    """Return True when instance satisfies the named schema (fast path, jsonschema_rs)."""
    return bool(_compiled(name).rs.is_valid(instance))


DISAGREEMENT = "validator-disagreement"


def disagreement(rs_valid: bool, py_found: bool) -> Violation | None:
    """A finding when the two validators reach different verdicts on one document, in either direction.

    Each library is the other's check: a bug that makes one accept what the schema forbids (or reject what it
    allows) must surface, never pass silently because the fast path answered alone.
    """
    if rs_valid == (not py_found):
        return None
    verdict = ("jsonschema-rs accepts it but python-jsonschema finds violations" if rs_valid
               else "jsonschema-rs rejects it but python-jsonschema finds no violation")
    return Violation("$", DISAGREEMENT, "", f"the validators disagree: {verdict}")


def validate(name: str, instance: object) -> list[Violation]:
    """Return the violations of instance against the named schema ([] when valid).

    Both validators judge every document (python-jsonschema costs ~0.5 ms a document, ~0.5 s a full run):
    a disagreement is itself a violation, so a document neither passes on one library's word alone.
    """
    compiled = _compiled(name)
    rs_valid = bool(compiled.rs.is_valid(instance))
    found: dict[Violation, None] = {}
    for error in compiled.py.iter_errors(instance):
        for violation in _violations(_deepest(error)):
            found.setdefault(violation, None)
    split = disagreement(rs_valid, bool(found))
    if split is not None:
        found.setdefault(split, None)
    return sorted(found, key=lambda v: (v.path, v.schema_path, v.message))

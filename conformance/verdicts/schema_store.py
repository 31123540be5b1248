"""The one schema store: where the schemas live, how a file is read, the registries, validator compilation.

Both tiers read through it: the contract tier (`schemas`, the operation schemas and their shared `$defs`) is
compiled when the store loads; the documented-shape tier (`shape`) is a view built on the store on first use
(`Store.view`) from the same reader and compiler. `reset()` forgets everything, so the next use resolves the
data root (and AOAI_CONFORMANCE_SCHEMAS) again. No resource outside the store is ever retrieved.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import jsonschema_rs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conformance.locations import PACKAGE_DIR

__all__ = ["ENV_VAR", "Library", "Store", "Validators", "no_retrieve", "read", "reset", "schemas_dir", "store"]

ENV_VAR = "AOAI_CONFORMANCE_SCHEMAS"
SUBDIRS = ("defs",)  # shared $defs of the contract tier; "meta", "shape" and other folders are not operation schemas
V = TypeVar("V")


def schemas_dir() -> Path:
    """Return the schema data root (env override, repo checkout, or packaged copy)."""
    return _schemas_dir(os.environ.get(ENV_VAR))


@functools.lru_cache(maxsize=8)
def _schemas_dir(env: str | None) -> Path:
    # Cached per override value: asked for on every load.
    if env:
        path = Path(env)
        if not path.is_dir():
            raise FileNotFoundError(f"{ENV_VAR}={env!r} is not a directory")
        return path
    here = PACKAGE_DIR
    # the wheel's packaged copy first: site-packages/schemas could belong to another distribution
    for candidate in (here / "_data" / "schemas", here.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"no schemas directory found next to {here}; set {ENV_VAR} to the folder holding the *.json schemas"
    )


def read(path: Path) -> dict[str, Any]:
    """Read one schema file and check it against the 2020-12 meta-schema."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(schema, dict) or not isinstance(schema.get("$id"), str):
        raise ValueError(f"{path}: a schema must be an object with a string $id")
    # jsonschema-rs checks the meta-schema in ~0.1 ms a file; python-jsonschema's check costs 0.5-0.9 s for all
    # files per process (and per xdist worker), so it runs in the schema tests instead of at load time.
    jsonschema_rs.meta.validate(schema)
    return schema


def no_retrieve(uri: str) -> Resource:
    """Refuse to fetch any resource that is not in the local registry."""
    raise LookupError(f"refusing to retrieve {uri!r}: only local schemas are allowed")


@dataclass(frozen=True)
class Validators:
    """Both libraries' validators for one schema: each is the other's check (see schemas.disagreement)."""

    py: jsonschema.Draft202012Validator
    rs: Any


@dataclass(frozen=True)
class Library:
    """A set of schema files read once, with one registry per library, resolving only among themselves."""

    documents: dict[Path, dict[str, Any]]
    registry: Registry
    rs_registry: Any

    @classmethod
    def load(cls, files: Iterable[Path]) -> Library:
        documents = {path: read(path) for path in files}
        pairs = [(doc["$id"], DRAFT202012.create_resource(doc)) for doc in documents.values()]
        registry: Registry = Registry(retrieve=no_retrieve).with_resources(pairs)  # type: ignore[call-arg]
        rs_registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in documents.values()])
        return cls(documents, registry, rs_registry)

    def compile(self, schema: dict[str, Any], base_uri: str) -> Validators:
        """Both validators for `schema` (a document, or a `$ref` into one), resolving relative refs at base_uri."""
        # jsonschema-rs: a document is based at its own $id; a bare `$ref` wrapper has no base (it would
        # otherwise look for the document's `#/$defs/...` inside the wrapper)
        rs_base = {"base_uri": schema["$id"]} if "$id" in schema else {}
        return Validators(
            # resolver based at the document: a subschema checked alone (shape's legacy names) still resolves
            # its relative `#/$defs/...` references there
            py=jsonschema.Draft202012Validator(schema, registry=self.registry,
                                               _resolver=self.registry.resolver(base_uri=base_uri)),
            rs=jsonschema_rs.Draft202012Validator(schema, registry=self.rs_registry, offline=True, **rs_base),
        )


@dataclass
class Store:
    """The data root's contract validators (by schema name), and the views built on them (the shape tier)."""

    root: Path
    contract: dict[str, Validators]
    documents: dict[str, dict[str, Any]]
    _views: dict[str, Any] = field(default_factory=dict)

    def view(self, name: str, build: Callable[[Store], V]) -> V:
        """The view `name` of this store, built by `build` on first use (once, thread-safe)."""
        found = self._views.get(name)
        if found is None:
            with _lock:
                found = self._views.get(name)
                if found is None:
                    found = self._views[name] = build(self)
        return found


_lock = threading.RLock()
_store: Store | None = None


def _build(root: Path) -> Store:
    files = sorted(root.glob("*.json"))
    for sub in SUBDIRS:
        files += sorted((root / sub).glob("*.json"))
    library = Library.load(files)
    operations = {path.stem: doc for path, doc in library.documents.items() if path.parent == root}
    contract = {name: library.compile(doc, doc["$id"]) for name, doc in operations.items()}
    return Store(root, contract, operations)


def store() -> Store:
    """The loaded store: every contract schema read and compiled once per process (thread-safe)."""
    found = _store
    if found is not None:  # the hot path: reading os.environ here would cost 4x the validation itself
        return found
    return _load()


def _load() -> Store:
    global _store
    with _lock:
        if _store is None:
            _store = _build(schemas_dir())
        return _store


def reset() -> None:
    """Forget the store and its views, so the next use resolves the data root (and AOAI_CONFORMANCE_SCHEMAS) again."""
    global _store
    with _lock:
        _store = None

"""Both validators compiled straight from the schema files, not through conformance's loaders or fast paths.

The agreement tests ask each library for its own verdict; a stub or bug in the code under test (for example
jsonschema-rs answering alone) cannot make both answers agree.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import jsonschema_rs
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2] / "schemas"


def _documents(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


@functools.lru_cache(maxsize=1)
def _contract() -> tuple[dict[str, dict[str, Any]], Registry, Any]:
    docs = _documents(ROOT) | {f"defs/{k}": v for k, v in _documents(ROOT / "defs").items()}
    py, rs = _registries(docs.values())
    return docs, py, rs


@functools.lru_cache(maxsize=1)
def _shape() -> tuple[dict[str, dict[str, Any]], Registry, Any]:
    docs = _documents(ROOT / "shape")
    py, rs = _registries(docs.values())
    return docs, py, rs


def _registries(docs: Any) -> tuple[Registry, Any]:
    docs = list(docs)
    py: Registry = Registry().with_resources((d["$id"], DRAFT202012.create_resource(d)) for d in docs)
    return py, jsonschema_rs.Registry([(d["$id"], d) for d in docs])


def contract_verdicts(name: str, instance: object) -> tuple[bool, bool]:
    """(jsonschema-rs valid, python-jsonschema valid) for the contract schema `name`."""
    docs, py_registry, rs_registry = _contract()
    doc = docs[name]
    rs = jsonschema_rs.Draft202012Validator(doc, registry=rs_registry, base_uri=doc["$id"])
    py = jsonschema.Draft202012Validator(doc, registry=py_registry)
    return bool(rs.is_valid(instance)), next(iter(py.iter_errors(instance)), None) is None


def shape_verdicts(name: str, surface: str, instance: object) -> tuple[bool, bool]:
    """(jsonschema-rs valid, python-jsonschema valid) for the documented shape of `name` on `surface`."""
    docs, py_registry, rs_registry = _shape()
    doc = docs[name]
    family = "v1" if surface == "v1" else "preview" if surface.endswith("-preview") else "stable"
    wrapper = {"$ref": urljoin(doc["$id"], doc["x-surfaces"][family])}
    rs = jsonschema_rs.Draft202012Validator(wrapper, registry=rs_registry)
    py = jsonschema.Draft202012Validator(wrapper, registry=py_registry)
    return bool(rs.is_valid(instance)), next(iter(py.iter_errors(instance)), None) is None

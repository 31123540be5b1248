"""Generate the documented-shape schemas from the official Azure OpenAI inference specs.

    python scripts/generate_shapes.py ../shared/specs/azure-openai/stable-2024-10-21/inference.json \
        ../shared/specs/azure-openai/preview-2025-04-01-preview/inference.yaml \
        ../shared/specs/azure-openai/v1/azure-v1-v1-generated.yaml

One output file per spec, `schemas/shape/<api version>.json` (the spec's `info.version`): `x-sources` names each
input with its sha256, `x-operations` maps a schema name to its root definition, and `$defs` holds every spec
component the roots reach, once (the content-filter block is one definition, `$ref`ed from every placement).
Each component is converted from OpenAPI 3.0/3.1 to JSON Schema 2020-12 (nullable → a null type, allOf of
objects flattened, descriptions and examples dropped) and made strict (`additionalProperties: false` on every
object) so an undocumented field is drift. Every subschema carries `x-source` naming its spec component.
What the spec does not say (doc sections, legacy names, stream frames) comes from `scripts/shape_overlay.json`,
merged per definition after conversion; `--check` writes nothing and exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "schemas" / "shape"
OVERLAY = Path(__file__).resolve().with_name("shape_overlay.json")
BASE_ID = "https://aoai-conformance.invalid/schemas/shape/"
# Keywords that document a shape; everything else (description, example, format, x-ms-*) is prose or codegen.
KEEP = {"type", "enum", "const", "properties", "items", "required", "additionalProperties", "anyOf", "oneOf",
        "allOf", "$ref", "nullable", "prefixItems"}
REF = "#/components/schemas/"

Json = Any


def _load(path: Path) -> Json:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


class Converter:
    """OpenAPI components → strict 2020-12 `$defs`, each reachable component converted once."""

    def __init__(self, spec: Json, label: str) -> None:
        self.components: dict[str, Json] = spec.get("components", {}).get("schemas", {})
        self.label = label
        self.defs: dict[str, Json] = {}

    def source(self, name: str) -> str:
        return f"{self.label}#/components/schemas/{name}"

    def define(self, name: str, schema: Json | None = None) -> str:
        """Convert component `name` (or an inline schema given that name) into `$defs`; return its reference."""
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursive components refer to themselves
            raw = self.components.get(name) if schema is None else schema
            if raw is None:  # the spec refers to a component it does not define: it documents nothing
                self.defs[name] = {"x-source": self.source(name), "x-unresolved": "no such component in the spec"}
            else:
                self.defs[name] = self.convert(raw, self.source(name))
        return f"#/$defs/{name}"

    def resolve(self, schema: Json) -> Json:
        """The raw component behind a `$ref` (for flattening allOf)."""
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.components[schema["$ref"].removeprefix(REF)]
        return schema

    def flatten(self, schema: Json) -> Json:
        """allOf of object schemas → one object: properties and required united (strictness needs one object)."""
        members = schema.get("allOf", [])
        if len(members) == 1 and "$ref" in members[0] and not schema.get("properties"):
            return {**{k: v for k, v in schema.items() if k != "allOf"}, "$ref": members[0]["$ref"]}
        merged: Json = {k: v for k, v in schema.items() if k != "allOf"}
        for member in members:
            part = self.resolve(member)
            if part.get("allOf"):
                part = self.flatten(part)
            for key, value in part.items():
                if key == "discriminator":  # the base's dispatch belongs to the base, not to each subtype
                    continue
                if key == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **value}
                elif key == "required":
                    merged["required"] = sorted(set(merged.get("required", [])) | set(value))
                elif key not in merged:
                    merged[key] = value
        return merged

    def convert(self, schema: Json, source: str) -> Json:
        if not isinstance(schema, dict):
            return schema
        if "allOf" in schema:
            schema = self.flatten(schema)
        nullable = schema.get("nullable") is True
        if "discriminator" in schema and schema["discriminator"].get("mapping"):
            return self.dispatch(schema, source)
        if "$ref" in schema:
            ref = self.define(schema["$ref"].removeprefix(REF))
            return {"anyOf": [{"$ref": ref}, {"type": "null"}]} if nullable else {"$ref": ref}
        out: Json = {}
        for key, value in schema.items():
            if key not in KEEP or key in ("nullable", "$ref"):
                continue
            if key == "properties":
                out[key] = {name: self.convert(sub, source) for name, sub in value.items()}
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                out[key] = self.convert(value, source) if value else True
            elif key in ("anyOf", "oneOf", "allOf", "prefixItems"):
                out[key] = [self.convert(sub, source) for sub in value]
            else:
                out[key] = copy.deepcopy(value)
        if nullable:
            out = _nullable(out)
        if out.get("type") in ("object", ["object", "null"]) or "properties" in out:
            out.setdefault("additionalProperties", False)
        if "oneOf" in out:  # spec unions overlap (a string is both an enum member and a string): any branch documents
            out["anyOf"] = out.pop("oneOf")
        out["x-source"] = source
        return out


    def dispatch(self, schema: Json, source: str) -> Json:
        """A discriminated base: the discriminator value picks the subtype (strict); the base alone is open."""
        prop = schema["discriminator"]["propertyName"]
        mapping = schema["discriminator"]["mapping"]
        cases = [{"if": {"properties": {prop: {"const": value}}, "required": [prop]},
                  "then": {"$ref": self.define(target.removeprefix(REF))}} for value, target in sorted(mapping.items())]
        return {"type": "object", "properties": {prop: {"enum": sorted(mapping), "x-source": source}},
                "required": [prop], "allOf": cases, "x-source": source}


def _nullable(schema: Json) -> Json:
    """The schema, also accepting null (idempotent)."""
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind) or {"type": "null"} in schema.get("anyOf", []):
        return schema
    if not set(schema) - {"x-source"}:  # documents any value already
        return schema
    if isinstance(kind, str) or "enum" in schema:
        out = dict(schema)
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


def merge(base: Json, patch: Json, defs: Json | None = None) -> Json:
    """JSON merge patch (RFC 7396) plus two directives: `"$replace": true` replaces instead of merging, and
    `"$nullable": "<doc source>"` also accepts null (the docs print null where the spec types a value), and
    `"$copy": "<def>/<key>/..."` takes a generated subschema (where the spec nests a block one level too deep)."""
    if isinstance(patch, dict) and "$copy" in patch:
        found: Json = defs or {}
        for key in patch["$copy"].split("/"):
            found = found[key]
        return merge(copy.deepcopy(found), {k: v for k, v in patch.items() if k not in ("$copy", "$replace")}, defs)
    if isinstance(patch, dict) and "$nullable" in patch:
        rest = {k: v for k, v in patch.items() if k != "$nullable"}
        out = _nullable(merge(base, rest, defs) if rest else base)
        return {**out, "x-source-type": patch["$nullable"]}
    if not isinstance(patch, dict) or not isinstance(base, dict) or patch.get("$replace"):
        return {k: v for k, v in patch.items() if k != "$replace"} if isinstance(patch, dict) else patch
    out = dict(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(base.get(key), value, defs) if key in base else merge({}, value, defs)
    return out


def _response_schema(spec: Json, operation: str, status: str, media: str) -> Json:
    method, path = operation.split(" ", 1)
    try:
        return spec["paths"][path][method]["responses"][status]["content"][media]["schema"]
    except KeyError:
        raise SystemExit(f"{operation} has no {status} {media} response in the spec") from None


def generate(spec_path: Path, overlay: Json) -> tuple[str, Json]:
    """(api version, the generated document) for one spec file."""
    spec = _load(spec_path)
    version = str(spec["info"]["version"])
    label = spec_path.parent.name  # the specs folder names the source: stable-2024-10-21, v1, ...
    conf = overlay["versions"].get(version)
    if conf is None:
        raise SystemExit(f"{spec_path}: no entry for api version {version!r} in {OVERLAY.name}: add its operations")
    conv = Converter(spec, label)
    operations: dict[str, str] = {}
    for name, where in conf["operations"].items():
        schema = _response_schema(spec, where["operation"], where.get("status", "200"), where["media"])
        component = where.get("component")
        if component is None:  # an inline response schema: named after the operation
            operations[name] = conv.define(where["name"], schema)
            continue
        branches = [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]
        if {"$ref": REF + component} not in branches:
            raise SystemExit(f"{version}: {where['operation']} does not respond with {component}")
        operations[name] = conv.define(component)
    defs = conv.defs
    for name, patch in conf.get("defs", {}).items():
        defs[name] = merge(defs.get(name, {}), patch, defs)
    for alias, target in overlay.get("same_shape", {}).items():
        if target in operations:
            operations[alias] = operations[target]
    files = [spec_path, OVERLAY]
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_ID}{version}.json",
        "title": f"Documented response shapes for api-version {version} (generated; do not edit)",
        "x-generated-by": "scripts/generate_shapes.py",
        "x-sources": [{"file": f"{p.parent.name}/{p.name}", "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                      for p in files],
        "x-operations": dict(sorted(operations.items())),
        "$defs": dict(sorted(defs.items())),
    }
    return version, doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("specs", nargs="+", type=Path, help="inference spec files (JSON or YAML)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: schemas/shape)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    overlay = json.loads(OVERLAY.read_text(encoding="utf-8"))
    changed = []
    for spec_path in args.specs:
        version, doc = generate(spec_path, overlay)
        target = args.out / f"{version}.json"
        text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        changed.append(target)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
    for path in changed:
        print(f"{'would change' if args.check else 'wrote'} {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())

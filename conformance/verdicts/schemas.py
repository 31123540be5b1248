"""The contract tier: validate raw Azure OpenAI response bodies against the operation schemas (schema_store)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from jsonschema.exceptions import ValidationError, best_match

from conformance.verdicts.schema_store import ENV_VAR, Validators, reset, schemas_dir, store

__all__ = ["DISAGREEMENT", "ENV_VAR", "Violation", "disagreement", "is_valid", "reset", "schema_names", "schemas_dir",
           "validate"]


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


def schema_names() -> list[str]:
    """Return every operation schema name available (file stems of schemas/*.json)."""
    return sorted(store().contract)


def _compiled(name: str) -> Validators:
    """Return the compiled validators for one schema name, or raise KeyError listing the known names."""
    contract = store().contract
    try:
        return contract[name]
    except KeyError:
        known = ", ".join(sorted(contract))
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

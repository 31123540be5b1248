"""The drift taxonomy: what differs from the documented shape, never a failure, deduplicated across cases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from conformance.schemas import Violation, json_path

__all__ = ["Drift", "DriftKind", "Severity", "classify", "classify_all", "dedupe"]


class DriftKind(StrEnum):
    UNDOCUMENTED_FIELD = "undocumented-field"
    MISSING_DOCUMENTED_FIELD = "missing-documented-field"
    UNDOCUMENTED_VALUE = "undocumented-value"
    NEW_ENUM_VALUE = "new-enum-value"
    TYPE_CHANGED = "type-changed"
    LEGACY_NAME = "legacy-name"
    STATUS_CHANGED = "status-changed"
    MISSING_HEADER = "missing-header"
    CONTENT_TYPE = "content-type"
    STREAM_RULE = "stream-rule"
    DOC_DISAGREEMENT = "doc-disagreement"
    DOCUMENTED_EXCEPTION = "documented-exception"
    VALIDATOR_DISAGREEMENT = "validator-disagreement"


class Severity(StrEnum):
    INFO = "info"
    MINOR = "minor"
    MAJOR = "major"


_RANK = {Severity.MAJOR: 0, Severity.MINOR: 1, Severity.INFO: 2}

# Additive changes (new fields, new names) rarely break clients; removals and type changes do.
DEFAULT_SEVERITY: Mapping[DriftKind, Severity] = {
    DriftKind.UNDOCUMENTED_FIELD: Severity.MINOR,
    DriftKind.MISSING_DOCUMENTED_FIELD: Severity.MAJOR,
    DriftKind.UNDOCUMENTED_VALUE: Severity.MINOR,
    DriftKind.NEW_ENUM_VALUE: Severity.MINOR,  # Azure adds values; a client reading the documented ones still works
    DriftKind.TYPE_CHANGED: Severity.MAJOR,
    DriftKind.LEGACY_NAME: Severity.MINOR,
    DriftKind.STATUS_CHANGED: Severity.MAJOR,
    DriftKind.MISSING_HEADER: Severity.MINOR,
    DriftKind.CONTENT_TYPE: Severity.MAJOR,
    DriftKind.STREAM_RULE: Severity.MAJOR,
    DriftKind.DOC_DISAGREEMENT: Severity.INFO,
    DriftKind.DOCUMENTED_EXCEPTION: Severity.INFO,
    DriftKind.VALIDATOR_DISAGREEMENT: Severity.MAJOR,  # one library is wrong about this document
}

# Validator keyword -> drift kind (style item 12: structured fields only, never message text).
_KIND_BY_KEYWORD: Mapping[str, DriftKind] = {
    "additionalProperties": DriftKind.UNDOCUMENTED_FIELD,
    "unevaluatedProperties": DriftKind.UNDOCUMENTED_FIELD,
    "required": DriftKind.MISSING_DOCUMENTED_FIELD,
    "enum": DriftKind.NEW_ENUM_VALUE,  # a value beyond a documented list; `const` and `pattern` stay undocumented-value
    "const": DriftKind.UNDOCUMENTED_VALUE,
    "type": DriftKind.TYPE_CHANGED,
    "format": DriftKind.TYPE_CHANGED,
    "pattern": DriftKind.UNDOCUMENTED_VALUE,
}

_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Drift:
    """One difference from the documented shape, with the spec or doc section that documents the expectation."""

    kind: DriftKind
    severity: Severity
    path: str
    source: str
    message: str

    @property
    def key(self) -> str:
        """Stable dedupe key: kind, path with array indices as [*], and source."""
        return f"{self.kind.value}|{_INDEX.sub('[*]', self.path)}|{self.source}"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "severity": self.severity.value, "path": self.path,
                "source": self.source, "message": self.message, "key": self.key}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Drift:
        return cls(DriftKind(data["kind"]), Severity(data["severity"]), data["path"], data["source"], data["message"])

    @classmethod
    def of(cls, kind: DriftKind, path: str, source: str, message: str) -> Drift:
        """A drift with its kind's default severity."""
        return cls(kind, DEFAULT_SEVERITY[kind], path, source, message)


def dedupe(occurrences: Iterable[tuple[str, Drift]]) -> list[dict[str, Any]]:
    """Group (case id, drift) pairs by key: one row per key with its occurrence count and sorted case ids."""
    rows: dict[str, dict[str, Any]] = {}
    for case_id, drift in occurrences:
        row = rows.get(drift.key)
        if row is None:
            row = rows[drift.key] = {**drift.to_dict(), "path": _INDEX.sub("[*]", drift.path),
                                     "occurrences": 0, "cases": set()}
        row["occurrences"] += 1
        row["cases"].add(case_id)
    out = [{**row, "cases": sorted(row["cases"])} for row in rows.values()]
    return sorted(out, key=lambda r: (_RANK[Severity(r["severity"])], r["key"]))


def _declared(schema: Mapping[str, Any]) -> set[str]:
    """Property names a schema declares itself or in its in-place applicators (for unevaluatedProperties)."""
    names = set(schema.get("properties", {}))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword, []):
            if isinstance(sub, Mapping):
                names |= _declared(sub)
    for keyword in ("then", "else"):
        if isinstance(schema.get(keyword), Mapping):
            names |= _declared(schema[keyword])
    return names


def _extras(error: Any) -> list[str]:
    """The instance's property names the failing schema does not document, from schema and instance."""
    schema, instance = error.schema, error.instance
    if not isinstance(instance, Mapping) or not isinstance(schema, Mapping):
        return []
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    known = _declared(schema)
    return [k for k in instance if k not in known and not any(p.search(k) for p in patterns)]


def _source(schema: object, keyword: str, default: str) -> str:
    """The section documenting this expectation: x-source-<keyword>, else x-source, else the schema's default."""
    if isinstance(schema, Mapping):
        return str(schema.get(f"x-source-{keyword}") or schema.get("x-source") or default)
    return default


def classify_all(error: Any, source: str) -> list[Drift]:
    """Every drift one structured validator error stands for (one per undocumented or missing property)."""
    if isinstance(error, Violation):
        return [_from_violation(error, source)]
    keyword = str(error.validator)
    parts = list(error.absolute_path)
    src = _source(error.schema, keyword, source)
    kind = _KIND_BY_KEYWORD.get(keyword, DriftKind.TYPE_CHANGED)
    if kind is DriftKind.UNDOCUMENTED_FIELD:
        legacy = error.schema.get("x-legacy-names", {}) if isinstance(error.schema, Mapping) else {}
        extras = _extras(error)
        if not extras:  # the extras could not be located: point at the object itself
            return [Drift.of(kind, json_path(parts), src, "undocumented properties")]
        out = []
        for name in extras:
            path = json_path([*parts, name])
            if name in legacy:
                out.append(Drift.of(DriftKind.LEGACY_NAME, path, src,
                                    f"`{name}` is a legacy/wire name; documented as `{legacy[name]}`"))
            else:
                out.append(Drift.of(kind, path, src, f"`{name}` is not documented here"))
        return out
    if kind is DriftKind.MISSING_DOCUMENTED_FIELD:
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        missing = [p for p in error.validator_value if p not in instance]
        return [Drift.of(kind, json_path([*parts, name]), src, f"documented field `{name}` is absent")
                for name in missing]
    if kind in (DriftKind.UNDOCUMENTED_VALUE, DriftKind.NEW_ENUM_VALUE):
        allowed = error.validator_value if keyword != "const" else [error.validator_value]
        return [Drift.of(kind, json_path(parts), src, f"value {error.instance!r} is not among {list(allowed)!r}")]
    if keyword == "type":
        return [Drift.of(kind, json_path(parts), src,
                         f"{type(error.instance).__name__} where the docs say {error.validator_value!r}")]
    return [Drift.of(kind, json_path(parts), src, f"fails documented `{keyword}`")]


def classify(violation: Any, source: str) -> Drift:
    """Map one structured validation error (jsonschema error or schemas.Violation) to its first Drift."""
    return classify_all(violation, source)[0]


def _from_violation(violation: Violation, source: str) -> Drift:
    """A schemas.Violation carries keyword and paths only, so extras are located at the object."""
    kind = _KIND_BY_KEYWORD.get(violation.keyword, DriftKind.TYPE_CHANGED)
    return Drift.of(kind, violation.target, source, f"fails documented `{violation.keyword}`")

"""Known drift as data: `schemas/expectations.toml` entries mark matching drift as expected.

An entry names an operation, a surface (`v1`, an api version, or `*`), optionally an auth mode and a JSON
path, and a drift kind, with a human reason and a tracking link. Matching drift is written `expected: true`
in the report; an entry that matched nothing on a full run is *stale*.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from conformance.errors import ConfigError
from conformance.verdicts import schemas

__all__ = [
    "IGNORE_ENV",
    "Expectation",
    "annotate",
    "default_path",
    "dump",
    "ignored_by_env",
    "load",
    "stale",
]

IGNORE_ENV = "AOAI_CONFORMANCE_IGNORE_EXPECTATIONS"
PATH_ENV = "AOAI_CONFORMANCE_EXPECTATIONS"
ANY = "*"
# Outcomes whose drift was actually examined: an entry scoped only to skipped or errored cases is not stale.
_EXAMINED = ("passed", "failed")


@dataclass(frozen=True)
class Expectation:
    """One known drift: where it happens, which kind, and why it is accepted."""

    operation: str
    kind: str
    reason: str
    link: str = ""
    surface: str = ANY
    auth: str | None = None
    path: str | None = None

    def covers(self, operation: str, surface: str, auth: str) -> bool:
        """True when a case (operation, surface, auth) is within this entry's scope."""
        return (self.operation == operation and self.surface in (ANY, surface)
                and self.auth in (None, auth))

    def matches(self, row: Mapping[str, Any], drift: Mapping[str, Any]) -> bool:
        """True when this entry explains one drift item of a report row."""
        return (self.covers(row["operation"], row["surface"], row["auth"]) and self.kind == drift.get("kind")
                and self.path in (None, drift.get("path")))

    def to_dict(self) -> dict[str, Any]:
        """The entry as written in the TOML file and the report (optional keys only when set)."""
        data: dict[str, Any] = {"operation": self.operation, "surface": self.surface}
        if self.auth is not None:
            data["auth"] = self.auth
        data["kind"] = self.kind
        if self.path is not None:
            data["path"] = self.path
        data["reason"], data["link"] = self.reason, self.link
        return data

    @property
    def sort_key(self) -> tuple[str, ...]:
        return (self.operation, self.surface, self.auth or "", self.kind, self.path or "")


def default_path() -> Path:
    """The expectations file: env override, else `expectations.toml` in the schema root."""
    env = os.environ.get(PATH_ENV)
    return Path(env) if env else schemas.schemas_dir() / "expectations.toml"


def ignored_by_env() -> bool:
    """True when the environment asks to run as if no expectation existed."""
    return os.environ.get(IGNORE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _meta_schema() -> dict[str, Any]:
    return json.loads((schemas.schemas_dir() / "meta" / "expectations.schema.json").read_text(encoding="utf-8"))


def load(path: Path, known_operations: Iterable[str] | None = None) -> list[Expectation]:
    """Read and validate an expectations file; a missing file means no expectations."""
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"expectations file {path} is not valid TOML: {exc}") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(_meta_schema()).iter_errors(data))
    if error is not None:
        raise ConfigError(f"expectations file {path}: {error.json_path}: {error.message}")
    entries = [Expectation(**item) for item in data.get("expectation", [])]
    if known_operations is not None:
        known = set(known_operations)
        for entry in entries:
            if entry.operation not in known:
                raise ConfigError(f"expectations file {path}: unknown operation {entry.operation!r}; "
                                  f"known operations: {', '.join(sorted(known))}")
    return sorted(entries, key=lambda e: e.sort_key)


def annotate(rows: Sequence[dict[str, Any]], entries: Sequence[Expectation]) -> None:
    """Mark each row's drift `expected` (with the matching entry) and count the row's unexpected drift."""
    for row in rows:
        unexpected = 0
        for item in row.get("drift", []):
            entry = next((e for e in entries if e.matches(row, item)), None)
            item["expected"] = entry is not None
            item.pop("expectation", None)
            if entry is not None:
                item["expectation"] = entry.to_dict()
            else:
                unexpected += 1
        row["unexpected_drift"] = unexpected


def stale(rows: Sequence[Mapping[str, Any]], entries: Sequence[Expectation]) -> list[Expectation]:
    """Entries that explained no drift although a case in their scope was examined."""
    out = []
    for entry in entries:
        in_scope = [r for r in rows if entry.covers(r["operation"], r["surface"], r["auth"])
                    and r["outcome"] in _EXAMINED]
        if in_scope and not any(entry.matches(r, d) for r in in_scope for d in r.get("drift", [])):
            out.append(entry)
    return out


def _toml_string(value: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


HEADER = """\
# Known drift: each [[expectation]] marks matching drift `expected` in the report.
# Schema: schemas/meta/expectations.schema.json. Regenerate from a report for review with
#   aoai-conformance update-expectations reports/latest/report.json
# Fields: operation (catalog id), surface ("v1", an api version or "*"), auth (optional: api_key|entra|env),
# kind (drift kind), path (optional JSON path), reason (why it is accepted), link (tracking URL).
#
# [[expectation]]
# operation = "chat.completions.create"
# surface = "2024-10-21"
# kind = "undocumented-field"
# path = "$.choices[0].message.annotations"
# reason = "Azure returns the v1 field on older api versions too"
# link = "https://github.com/Azure/azure-rest-api-specs/issues/0000"
"""


def dump(entries: Iterable[Expectation]) -> str:
    """The TOML text of an expectations file, entries sorted, with the explanatory header."""
    blocks = [HEADER]
    for entry in sorted(entries, key=lambda e: e.sort_key):
        lines = ["[[expectation]]"] + [f"{k} = {_toml_string(v)}" for k, v in entry.to_dict().items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)

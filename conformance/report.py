"""The JSON report (the product) and its terminal view; written once, atomically, by the controller."""

from __future__ import annotations

import hashlib
import json
import platform
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.cassettes import write_atomic
from conformance.config import PLACEHOLDER_ENDPOINT, Settings
from conformance.results import CaseResult, Outcome

REPORT_FORMAT = 1


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def endpoint_hash(endpoint: str) -> str:
    """A non-reversible id for the resource host: comparable across runs, useless to an attacker."""
    host = (urlsplit(endpoint).hostname or "").lower()
    return "sha256:" + hashlib.sha256(host.encode()).hexdigest()[:16]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Report:
    """A run's header plus one row per case."""

    settings: Settings
    started: str = field(default_factory=now)
    finished: str | None = None
    selection: dict[str, Any] = field(default_factory=dict)
    results: list[CaseResult] = field(default_factory=list)

    def add(self, rows: Iterable[CaseResult]) -> None:
        self.results.extend(rows)

    def counts(self) -> dict[str, int]:
        tally = Counter(row.outcome.value for row in self.results)
        return {outcome.value: tally.get(outcome.value, 0) for outcome in Outcome}

    def to_dict(self) -> dict[str, Any]:
        s = self.settings
        rows = sorted(self.results, key=lambda r: r.id)
        return {
            "format": REPORT_FORMAT,
            "run_info": {
                "mode": s.mode.value,
                "tool_version": _version("aoai-conformance"),
                "sdk_versions": {
                    "openai": _version("openai"),
                    "azure-identity": _version("azure-identity"),
                    "vcrpy": _version("vcrpy"),
                },
                "python": platform.python_version(),
                "api_versions": list(s.api_versions),
                "auth_modes": [a.value for a in s.auth_modes],
                "endpoint_hash": endpoint_hash(s.endpoint),
                "endpoint_is_placeholder": s.endpoint == PLACEHOLDER_ENDPOINT,
                "started": self.started,
                "finished": self.finished,
                "selection": self.selection,
            },
            "summary": {"cases": len(rows), **self.counts()},
            "results": [row.to_dict() for row in rows],
        }

    def write(self, directory: Path) -> Path:
        """Write `report.json` into the directory (atomically) and return its path."""
        if self.finished is None:
            self.finished = now()
        path = directory / "report.json"
        write_atomic(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return path


def summary_lines(report: Report, written: Path | None) -> Sequence[str]:
    """The terminal view: counts, then one line per case that did not pass."""
    counts = report.counts()
    parts = ", ".join(f"{n} {name}" for name, n in counts.items())
    lines = [f"aoai-conformance: {len(report.results)} cases ({report.settings.mode.value}): {parts}"]
    for row in sorted(report.results, key=lambda r: r.id):
        if row.outcome not in (Outcome.PASSED, Outcome.SKIPPED):
            lines.append(f"  {row.outcome.value.upper():7} {row.id}: {row.message[:300]}")
    if written is not None:
        lines.append(f"report: {written}")
    return lines

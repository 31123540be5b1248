"""The JSON report (the product): run header, summary, one row per case, deduplicated drift; written once.

Every other output (terminal, Markdown, HTML, JUnit) is a view rendered from `Report.to_dict()`.
Rows and drift are sorted so serial and parallel runs give identical reports apart from timings.
"""

from __future__ import annotations

import json
import platform
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.calling import js_bridge
from conformance.catalog.config import PLACEHOLDER_ENDPOINT, Settings
from conformance.errors import ConformanceError
from conformance.files import write_atomic
from conformance.recording import provenance
from conformance.recording.provenance import endpoint_hash
from conformance.reporting import expectations as expect
from conformance.reporting import sdk_coverage
from conformance.verdicts.drift import group
from conformance.verdicts.results import CaseResult, Outcome

REPORT_FORMAT = 2
SCHEMA_ID = "https://aoai-conformance.invalid/schemas/meta/report.schema.json"
SEVERITIES = ("major", "minor", "info")  # worst first: the order drift is listed in




def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _drift_sort_key(item: dict[str, Any]) -> tuple[str, ...]:
    return (str(item.get("key", "")), str(item.get("path", "")), str(item.get("kind", "")),
            str(item.get("message", "")))


def _row_dict(row: CaseResult) -> dict[str, Any]:
    data = row.to_dict()
    data["drift"] = sorted(({**d} for d in row.drift), key=_drift_sort_key)
    for item in data["drift"]:
        # a stable key even if a producer forgot one, so dedupe never merges unrelated drift
        item.setdefault("key", f"{row.operation}:{item.get('kind')}:{item.get('path')}")
    return data


def doc_drift() -> list[dict[str, Any]]:
    """Drift in the docs' own example responses (vs the specs, and docs vs docs), deduplicated by key."""
    from conformance.verdicts import doc_evidence  # the docs' examples, shipped as package data

    entries = [{**g.first, "occurrences": g.occurrences} for g in group(("", d) for d in doc_evidence.doc_drift())]
    return sorted(entries, key=lambda e: (e["kind"] != "doc-disagreement", e["key"]))


def dedupe_drift(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per drift key with its occurrences and cases; expected only if every occurrence is."""
    merged = []
    # rows are sorted by id, so the first occurrence (message, source) is deterministic
    for g in group((row["id"], item) for row in rows for item in row["drift"]):
        first = g.first
        entry: dict[str, Any] = {
            "key": g.key, "kind": first.get("kind", ""), "severity": first.get("severity", "info"),
            "path": first.get("path", ""), "source": first.get("source", ""), "message": first.get("message", ""),
            "occurrences": g.occurrences, "cases": g.cases,
            "expected": all(bool(item.get("expected")) for item in g.items),
        }
        expectation = next((item["expectation"] for item in g.items if item.get("expectation")), None)
        if entry["expected"] and expectation:
            entry["expectation"] = expectation
        merged.append(entry)
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(merged, key=lambda e: (rank.get(e["severity"], 9), e["kind"], e["path"], e["key"]))


@dataclass
class Report:
    """A run's header plus one row per case, with the expectations that judge its drift."""

    settings: Settings
    started: str = field(default_factory=now)
    finished: str | None = None
    selection: dict[str, Any] = field(default_factory=dict)
    results: list[CaseResult] = field(default_factory=list)
    expectations: list[expect.Expectation] = field(default_factory=list)
    expectations_file: str | None = None
    expectations_ignored: bool = False
    # What a replay replays (provenance.replays), e.g. "recordings of the stand-in, 2026-11-23"; None otherwise.
    replays: str | None = None

    def add(self, rows: Iterable[CaseResult]) -> None:
        self.results.extend(rows)

    def counts(self) -> dict[str, int]:
        tally = Counter(row.outcome.value for row in self.results)
        return {outcome.value: tally.get(outcome.value, 0) for outcome in Outcome}

    @property
    def full_run(self) -> bool:
        """Stale expectations are judged only when every case of the run's matrix ran (no -k, no subset)."""
        return bool(self.selection.get("full_run"))

    def to_dict(self) -> dict[str, Any]:
        s = self.settings
        rows = [_row_dict(r) for r in sorted(self.results, key=lambda r: r.id)]
        entries = [] if self.expectations_ignored else self.expectations
        expect.annotate(rows, entries)
        drift = dedupe_drift(rows)
        stale = expect.stale(rows, entries) if self.full_run else []
        unexpected = [d for d in drift if not d["expected"]]
        return {
            "$schema": SCHEMA_ID,
            "format": REPORT_FORMAT,
            "run_info": {
                "mode": s.mode.value,
                "tool_version": provenance.version("aoai-conformance"),
                "sdk_versions": {
                    "openai": provenance.version("openai"),
                    "azure-identity": provenance.version("azure-identity"),
                    "vcrpy": provenance.version("vcrpy"),
                    "openai-node": js_bridge.installed_sdk_version(),
                },
                "sdks": sdk_coverage.summary(rows),
                "python": platform.python_version(),
                "api_versions": list(s.api_versions),
                "auth_modes": [a.value for a in s.auth_modes],
                "endpoint_hash": endpoint_hash(s.endpoint),
                "endpoint_is_placeholder": s.endpoint == PLACEHOLDER_ENDPOINT,
                "replays": self.replays,
                "started": self.started,
                "finished": self.finished,
                "selection": {"operations": "all", "keyword": None, "markers": None, "full_run": False,
                              **self.selection},
                "expectations": {"file": self.expectations_file, "ignored": self.expectations_ignored,
                                 "entries": len(self.expectations)},
            },
            "summary": {
                "cases": len(rows), **self.counts(),
                "drift": {
                    "unique": len(drift), "unexpected": len(unexpected), "expected": len(drift) - len(unexpected),
                    "occurrences": sum(d["occurrences"] for d in drift),
                    "unexpected_by_severity": {sev: sum(d["severity"] == sev for d in unexpected)
                                               for sev in SEVERITIES},
                },
                "stale_expectations": len(stale),
            },
            "results": rows,
            "drift": drift,
            "stale_expectations": [e.to_dict() for e in stale],
            "doc_drift": doc_drift(),
        }

    def render(self) -> dict[str, Any]:
        """The finished report as data (stamps the finish time on first use): what every view is drawn from."""
        if self.finished is None:
            self.finished = now()
        return self.to_dict()

    def write(
        self, directory: Path, formats: Iterable[str] = ("json", "md", "html", "junit"),
        data: dict[str, Any] | None = None,
    ) -> Path:
        """Write `report.json` and the requested views into the directory (each atomically); return the JSON path.

        Pass `data` from `render()` when the caller also shows it elsewhere, so the report is built once.
        """
        from conformance.reporting import views  # the views import this module's helpers

        data = self.render() if data is None else data
        path = directory / "report.json"
        write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        for name in views.selected(formats):
            filename, render = views.VIEWS[name]
            write_atomic(directory / filename, render(data))
        return path


def load_report(path: Path) -> dict[str, Any]:
    """Read a report.json written by this tool; a user-fixable problem raises ConformanceError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConformanceError(f"cannot read report {path}: {exc}") from None
    if not isinstance(data, dict) or "results" not in data or "run_info" not in data:
        raise ConformanceError(f"{path} is not an aoai-conformance report (no run_info/results)")
    return data


def summary_lines(data: dict[str, Any], written: Path | None) -> Sequence[str]:
    """The terminal view of a rendered report (see `conformance.reporting.views.terminal`)."""
    from conformance.reporting.views.terminal import render_lines

    return render_lines(data, written)

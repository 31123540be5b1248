"""The terminal view: counts, drift counts, then one line per case that did not pass and per unexpected drift."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

_DRIFT_LIMIT = 20


def render_lines(data: dict[str, Any], written: Path | None) -> Sequence[str]:
    """The summary lines printed at the end of a run."""
    summary = data["summary"]
    parts = ", ".join(f"{summary[name]} {name}" for name in ("passed", "failed", "skipped", "error"))
    if summary.get("throttled"):  # named only when it happened: throttling is not a finding
        parts += f", {summary['throttled']} throttled (HTTP 429 after the SDK's retries; not failures)"
    lines = [f"aoai-conformance: {summary['cases']} cases ({data['run_info']['mode']}): {parts}"]
    drift = summary["drift"]
    severities = ", ".join(f"{n} {sev}" for sev, n in drift["unexpected_by_severity"].items())
    lines.append(f"drift: {drift['unexpected']} unexpected ({severities}), {drift['expected']} expected, "
                 f"{drift['occurrences']} occurrences")
    if data["run_info"].get("replays"):
        lines.append(f"replays: {data['run_info']['replays']}")
    for row in data["results"]:
        if row["outcome"] not in ("passed", "skipped"):
            lines.append(f"  {row['outcome'].upper():7} {row['id']}: {row['message'][:300]}")
    unexpected = [d for d in data["drift"] if not d["expected"]]
    for d in unexpected[:_DRIFT_LIMIT]:
        lines.append(f"  DRIFT   {d['severity']:5} {d['kind']} {d['path']} ({d['occurrences']}x; {d['source']})")
    if len(unexpected) > _DRIFT_LIMIT:
        lines.append(f"  ... and {len(unexpected) - _DRIFT_LIMIT} more unexpected drift (see report.json)")
    stale = data.get("stale_expectations") or []
    if stale:
        lines.append(f"stale expectations ({len(stale)}; they no longer fire, remove or update them):")
        for e in stale:
            auth = f" {e['auth']}" if e.get("auth") else ""
            lines.append(f"  STALE   {e['operation']} {e['surface']}{auth} {e['kind']} {e.get('path', '')}".rstrip())
    if written is not None:
        lines.append(f"report: {written}")
    return lines

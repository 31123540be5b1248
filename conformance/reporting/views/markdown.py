"""`report.md`: the outcome matrix and drift grouped by kind, ready to paste into a pull request."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from conformance.reporting.views import matrix

_NOT_PASSING_LIMIT = 50


def cell_text(value: Any) -> str:
    """A value made safe for one Markdown table cell (no pipes or newlines)."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _code(value: str) -> str:
    return f"`{cell_text(value).replace('`', '')}`" if value else ""


def operations_of(cases: list[str]) -> list[str]:
    """Operation ids named by case ids (`op[surface-auth-client]`)."""
    return sorted({case.split("[", 1)[0] for case in cases})


def _header(data: dict[str, Any]) -> list[str]:
    info, summary = data["run_info"], data["summary"]
    shown = ("passed", "failed", "error", "skipped") + (("throttled",) if summary.get("throttled") else ())
    counts = " · ".join(f"{summary[o]} {matrix.MARKS[o]} {o}" for o in shown)
    drift = summary["drift"]
    sdk = ", ".join(f"{k} {v}" for k, v in info["sdk_versions"].items() if v)
    return [
        f"## aoai-conformance: {summary['cases']} cases ({info['mode']})",
        "",
        f"{counts} · drift: {drift['unexpected']} unexpected, {drift['expected']} expected"
        f" · stale expectations: {summary['stale_expectations']}",
        "",
        f"tool {info['tool_version']} · {sdk} · api versions {', '.join(info['api_versions'])}"
        f" · auth {', '.join(info['auth_modes'])} · endpoint `{info['endpoint_hash']}`"
        + (f" · replays {cell_text(info['replays'])}" if info.get("replays") else ""),
    ]


def _matrix(data: dict[str, Any]) -> list[str]:
    grid = matrix.build(data)
    if not grid.rows:
        return ["_No cases ran._"]
    head = "| operation | sdk | " + " | ".join(f"{s} / {a}" for s, a in grid.columns) + " |"
    lines = [head, "|---|---|" + "---|" * len(grid.columns)]
    for row in grid.rows:
        cells = [matrix.marks(grid.cell(row, col)) for col in grid.columns]
        lines.append(f"| `{row[0]}` | {cell_text(row[1])} | " + " | ".join(cells) + " |")
    lines += ["", "Each cell: sync then async client. ✅ passed · ❌ failed · ⚠️ error · ⏭ skipped · "
              "⏳ throttled (HTTP 429 after the SDK's retries) · — not run."]
    return lines


def _sdks(data: dict[str, Any]) -> list[str]:
    """Which documented SDKs ran, and why each other one did not: a green matrix covers only the ones that ran."""
    sdks = data["run_info"].get("sdks") or {}
    if not sdks:
        return []
    lines = ["", f"SDKs run: {', '.join(sdks.get('run') or []) or 'none'}."]
    if sdks.get("not_run"):
        lines += ["Not run:", ""] + [f"- {entry['sdk']}: {cell_text(entry['reason'])}" for entry in sdks["not_run"]]
    return lines


def _drift(data: dict[str, Any]) -> list[str]:
    drift = data["drift"]
    if not drift:
        return ["### Drift", "", "No drift."]
    lines = ["### Drift", ""]
    for kind, group in groupby(sorted(drift, key=lambda d: d["kind"]), key=lambda d: d["kind"]):
        lines += [f"#### {kind}", "", "| severity | operation | path | source | occurrences | expected |",
                  "|---|---|---|---|---|---|"]
        for d in group:
            expected = "yes" if d["expected"] else "**no**"
            lines.append(f"| {d['severity']} | {', '.join(operations_of(d['cases']))} | {_code(d['path'])} | "
                         f"{cell_text(d['source'])} | {d['occurrences']} | {expected} |")
        lines.append("")
    return lines[:-1]


def _not_passing(data: dict[str, Any]) -> list[str]:
    rows = [r for r in data["results"] if r["outcome"] in ("failed", "error", "throttled")]
    if not rows:
        return []
    lines = ["", "### Not passing", ""]
    for row in rows[:_NOT_PASSING_LIMIT]:
        lines.append(f"- {matrix.MARKS[row['outcome']]} `{row['id']}`: {cell_text(row['message'])[:300]}")
    if len(rows) > _NOT_PASSING_LIMIT:
        lines.append(f"- … and {len(rows) - _NOT_PASSING_LIMIT} more (see report.json)")
    return lines


def _stale(data: dict[str, Any]) -> list[str]:
    stale = data.get("stale_expectations") or []
    if not stale:
        return []
    lines = ["", "### Stale expectations", "", "These entries in the expectations file no longer fire:", ""]
    for e in stale:
        where = f"{e['operation']} {e['surface']}" + (f" {e['auth']}" if e.get("auth") else "")
        lines.append(f"- `{where}` {e['kind']} {_code(e.get('path', ''))} ({cell_text(e['reason'])})")
    return lines


def _doc_drift(data: dict[str, Any]) -> list[str]:
    entries = data.get("doc_drift") or []
    if not entries:
        return []
    lines = ["", "### Documentation drift", "", "The docs' own example responses, against the specs and each other:",
             "", "| kind | severity | path | source |", "|---|---|---|---|"]
    for e in entries:
        lines.append(f"| {e['kind']} | {e['severity']} | {_code(e['path'])} | {cell_text(e['source'])} |")
    return lines


def render(data: dict[str, Any]) -> str:
    """The Markdown document for a report."""
    lines = [*_header(data), "", *_matrix(data), *_sdks(data), "", *_drift(data), *_not_passing(data), *_stale(data),
             *_doc_drift(data)]
    return "\n".join(lines) + "\n"

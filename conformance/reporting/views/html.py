"""`report.html`: one self-contained page (inline CSS and JS, no network assets) with the outcome grid,
outcome filters and a detail panel per case; `#case=<id>` in the URL opens that case's panel on load and
`#show=failed,error` presets the filters."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from conformance.reporting.views import matrix

_ASSETS = Path(__file__).resolve().parent
_OUTCOMES = ("passed", "failed", "error", "skipped", "throttled")
# Plain text glyphs instead of emoji: they render with the system's default fonts, and the page loads none.
GLYPHS = {"passed": "✓", "failed": "✗", "error": "⚠", "skipped": "↷", "throttled": "⧗"}


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _summary(data: dict[str, Any]) -> str:
    info, summary = data["run_info"], data["summary"]
    drift = summary["drift"]
    counts = "".join(f'<span class="count o-{o}">{GLYPHS[o]} {summary.get(o, 0)} {o}</span>' for o in _OUTCOMES)
    sdk = ", ".join(f"{k} {v}" for k, v in info["sdk_versions"].items() if v)
    return (
        f"<header><h1>aoai-conformance: {summary['cases']} cases <small>({_e(info['mode'])})</small></h1>"
        f'<p class="counts">{counts}<span class="count">drift: {drift["unexpected"]} unexpected, '
        f'{drift["expected"]} expected</span><span class="count">stale expectations: '
        f'{summary["stale_expectations"]}</span></p>'
        f'<p class="meta">tool {_e(info["tool_version"])} · {_e(sdk)} · api versions '
        f'{_e(", ".join(info["api_versions"]))} · endpoint {_e(info["endpoint_hash"])} · '
        f'started {_e(info["started"])}</p>{_sdks(info)}</header>'
    )


def _sdks(info: dict[str, Any]) -> str:
    """Which documented SDKs ran, and why each other one did not (each reason in its element's title)."""
    sdks = info.get("sdks") or {}
    if not sdks:
        return ""
    others = "".join(f'<li title="{_e(n["reason"])}">{_e(n["sdk"])}: {_e(n["reason"])}</li>'
                     for n in sdks.get("not_run") or [])
    return (f'<p class="meta">SDKs run: {_e(", ".join(sdks.get("run") or []) or "none")}</p>'
            + (f'<details class="meta"><summary>SDKs not run</summary><ul>{others}</ul></details>' if others else ""))


def _filters() -> str:
    boxes = "".join(
        f'<label class="o-{o}"><input type="checkbox" data-outcome="{o}" checked> {GLYPHS[o]} {o}</label>'
        for o in _OUTCOMES
    )
    return f'<nav id="filters" aria-label="filter by outcome">Show: {boxes}</nav>'


def _grid(data: dict[str, Any]) -> str:
    grid = matrix.build(data)
    if not grid.rows:
        return "<p>No cases ran.</p>"
    surfaces = "".join(
        f'<th colspan="{sum(1 for s, _ in grid.columns if s == surface)}">{_e(surface)}</th>'
        for surface in grid.surfaces
    )
    auths = "".join(f"<th>{_e(auth)}</th>" for _, auth in grid.columns)
    body = []
    for row in grid.rows:
        cells = []
        for column in grid.columns:
            cases = grid.cell(row, column)
            buttons = "".join(
                f'<button class="mark o-{_e(c["outcome"])}" data-case="{_e(c["id"])}" '
                f'data-outcome="{_e(c["outcome"])}" title="{_e(c["id"])}: {_e(c["outcome"])}">'
                f'{GLYPHS.get(c["outcome"], "?")}<span class="client">{_e(c["client"])}</span>'
                + ("<sup>d</sup>" if c.get("unexpected_drift") else "") + "</button>"
                for c in cases
            ) or matrix.NOT_RUN
            cells.append(f'<td class="cell w-{matrix.worst(cases)}">{buttons}</td>')
        body.append(f'<tr><th class="op">{_e(row[0])}</th><td class="sdk">{_e(row[1])}</td>{"".join(cells)}</tr>')
    return (
        '<table id="grid"><thead><tr><th rowspan="2">operation</th><th rowspan="2">sdk</th>' + surfaces
        + "</tr><tr>" + auths
        + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
    )


def _drift_table(items: list[dict[str, Any]]) -> str:
    if not items:
        return '<p class="none">No drift.</p>'
    head = "<tr><th>kind</th><th>severity</th><th>JSON path</th><th>source</th><th>message</th><th>expected</th>"
    head += "<th>occurrences</th></tr>"
    rows = []
    for d in items:
        expected = "yes" if d.get("expected") else "no"
        extra = f"<td>{d['occurrences']}</td>"
        rows.append(
            f'<tr class="sev-{_e(d.get("severity"))} exp-{expected}"><td>{_e(d.get("kind"))}</td>'
            f'<td>{_e(d.get("severity"))}</td><td><code>{_e(d.get("path"))}</code></td>'
            f'<td>{_e(d.get("source"))}</td><td>{_e(d.get("message"))}</td><td>{expected}</td>{extra}</tr>'
        )
    return f'<table class="drift">{head}{"".join(rows)}</table>'


def _drift_cards(items: list[dict[str, Any]]) -> str:
    """A case's drift, one stacked card per item (the panel is too narrow for a table)."""
    if not items:
        return '<p class="none">No drift.</p>'
    cards = []
    for d in items:
        expected = "yes" if d.get("expected") else "no"
        cards.append(
            f'<div class="drift-card sev-{_e(d.get("severity"))} exp-{expected}"><b>{_e(d.get("kind"))}</b> '
            f'<span class="tag">{_e(d.get("severity"))}</span> <span class="tag">expected: {expected}</span>'
            f'<div><span class="label">JSON path</span> <code>{_e(d.get("path"))}</code></div>'
            f'<div><span class="label">source</span> {_e(d.get("source"))}</div>'
            f'<div class="msg">{_e(d.get("message"))}</div></div>'
        )
    return "".join(cards)


def retries_text(row: dict[str, Any]) -> str:
    """`429 → 1 s (retry-after-ms); 500 → SDK backoff`: what each retried attempt got and the wait it asked for."""
    parts = []
    for r in row.get("retries") or []:
        what = r.get("error") or f"HTTP {r.get('status')}"
        wait = f"{r['wait_s']:g} s ({r.get('header')})" if r.get("wait_s") is not None else "SDK backoff"
        parts.append(f"{what} → {wait}")
    return "; ".join(parts)


def _panels(data: dict[str, Any]) -> str:
    panels = []
    for row in data["results"]:
        shown = {**row, "retries": retries_text(row)}
        facts = "".join(
            f"<dt>{label}</dt><dd>{_e(shown.get(key)) if shown.get(key) not in (None, '') else '—'}</dd>"
            for label, key in (("outcome", "outcome"), ("status", "status"), ("request id", "request_id"),
                               ("attempts", "attempts"), ("retries", "retries"), ("duration (s)", "duration"))
        )
        panels.append(
            f'<section class="case" data-case="{_e(row["id"])}" hidden><h2>{_e(row["id"])}</h2><dl>{facts}</dl>'
            f'<h3>message</h3><pre class="message">{_e(row.get("message")) or "—"}</pre>'
            f"<h3>drift</h3>{_drift_cards(row.get('drift', []))}</section>"
        )
    hint = '<p id="hint">Click a mark in the grid to see that case here.</p>'
    return f'<aside id="detail">{hint}{"".join(panels)}</aside>'


def render(data: dict[str, Any]) -> str:
    """The HTML page for a report."""
    css = (_ASSETS / "report.css").read_text(encoding="utf-8")
    js = (_ASSETS / "report.js").read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>aoai-conformance report</title><style>{css}</style></head><body>"
        + _summary(data) + _filters()
        + f'<main><div id="matrix">{_grid(data)}</div>{_panels(data)}</main>'
        + f'<h2 id="all-drift">Drift ({len(data["drift"])})</h2>{_drift_table(data["drift"])}'
        + f"<script>{js}</script></body></html>\n"
    )

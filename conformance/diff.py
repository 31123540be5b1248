"""`aoai-conformance diff OLD.json NEW.json`: what changed between two runs, and whether it is a regression.

Compares outcomes and status codes per case, drift by key (fields for undocumented/missing-field drift),
cases that appeared or vanished, and tool/SDK versions. Exits 1 when a change in a `--fail-on` category
is a regression: an outcome got worse, new unexpected drift, or (for `status`) any status change. A case
that became `throttled` (HTTP 429 after the SDK's retries) was not judged, so it is listed, never a regression.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from conformance.report import load_report
from conformance.results import Outcome

FIELD_KINDS = ("undocumented-field", "missing-documented-field")
CATEGORIES = ("outcome", "drift", "status")
DEFAULT_FAIL_ON = "outcome,drift"


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new report."""

    category: str  # outcome | status | drift | field | case | run_info
    subject: str  # case id, drift key or run_info field
    old: Any
    new: Any
    text: str
    regression: bool = False


THROTTLED = "throttled"


def _outcome_rank(value: str | None) -> int:
    return -1 if value is None else Outcome(value).rank


def _excluded_by(row: dict[str, Any], run_info: dict[str, Any]) -> str | None:
    """Why NEW's selection left this case out, or None when it should have run."""
    selection = run_info.get("selection", {})
    operations = selection.get("operations", "all")
    if operations != "all" and row["operation"] not in {o.strip() for o in operations.split(",")}:
        return f"--operations {operations}"
    if row.get("api_version") and row["api_version"] not in run_info.get("api_versions", []):
        return f"api versions {', '.join(run_info.get('api_versions', []))}"
    if row.get("auth") not in run_info.get("auth_modes", []):
        return f"auth modes {', '.join(run_info.get('auth_modes', []))}"
    if row["id"] in selection.get("deselected", []):
        filters = [f"{flag} {value!r}" for flag, value in (("-k", selection.get("keyword")),
                                                           ("-m", selection.get("markers"))) if value]
        return "deselected by " + (", ".join(filters) or "pytest's selection")
    return None


def _cases(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    before = {r["id"]: r for r in old["results"]}
    after = {r["id"]: r for r in new["results"]}
    out: list[Change] = []
    for case in sorted(before.keys() | after.keys()):
        a, b = before.get(case), after.get(case)
        if a is None and b is not None:
            # A new case that does not pass is as bad as a case that stopped passing.
            out.append(Change("case", case, None, b["outcome"], f"new case {case}: {b['outcome']}",
                              regression=b["outcome"] in ("failed", "error")))
        elif b is None and a is not None:
            excluded = _excluded_by(a, new["run_info"])
            if excluded:
                out.append(Change("case", case, a["outcome"], None,
                                  f"case {case} not run: NEW's selection excluded it ({excluded})"))
            else:
                out.append(Change("case", case, a["outcome"], None,
                                  f"case {case} vanished (was {a['outcome']}): NEW's selection included it but "
                                  "its report has no row for it", regression=True))
        elif a is not None and b is not None:
            throttled = b["outcome"] == THROTTLED
            note = " (throttled: not judged, not a regression)" if throttled else ""
            if a["outcome"] != b["outcome"]:
                worse = _outcome_rank(b["outcome"]) > _outcome_rank(a["outcome"]) and not throttled
                why = f": {b['message'][:200]}" if b.get("message") and worse else ""
                out.append(Change("outcome", case, a["outcome"], b["outcome"],
                                  f"{case}: {a['outcome']} → {b['outcome']}{why}{note}", regression=worse))
            if a.get("status") != b.get("status"):
                out.append(Change("status", case, a.get("status"), b.get("status"),
                                  f"{case}: HTTP status {a.get('status')} → {b.get('status')}{note}",
                                  regression=not throttled))
    return out


def _drift_text(entry: dict[str, Any], verb: str) -> tuple[str, str]:
    ops = ", ".join(sorted({c.split("[", 1)[0] for c in entry["cases"]}))
    where = f"in {ops} ({entry['occurrences']} cases)"
    if entry["kind"] in FIELD_KINDS:
        label = "undocumented" if entry["kind"] == "undocumented-field" else "documented field missing"
        return "field", f"field {entry['path']} {verb} ({label}) {where}"
    return "drift", f"{entry['severity']} {entry['kind']} at {entry['path']} {verb} {where}: {entry['message']}"


def _drift(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    before = {d["key"]: d for d in old.get("drift", [])}
    after = {d["key"]: d for d in new.get("drift", [])}
    out: list[Change] = []
    for key in sorted(after.keys() - before.keys()):
        entry = after[key]
        category, text = _drift_text(entry, "appeared" + (" (expected)" if entry["expected"] else ""))
        out.append(Change(category, key, None, entry, text, regression=not entry["expected"]))
    for key in sorted(before.keys() - after.keys()):
        category, text = _drift_text(before[key], "vanished")
        out.append(Change(category, key, before[key], None, text))
    for key in sorted(before.keys() & after.keys()):
        if before[key]["expected"] and not after[key]["expected"]:
            category, text = _drift_text(after[key], "is no longer expected")
            out.append(Change(category, key, before[key], after[key], text, regression=True))
    return out


def _run_info(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out = []
    a, b = old["run_info"], new["run_info"]
    pairs = [("tool_version", a.get("tool_version"), b.get("tool_version")),
             ("mode", a.get("mode"), b.get("mode")), ("endpoint_hash", a.get("endpoint_hash"), b.get("endpoint_hash")),
             ("replays", a.get("replays"), b.get("replays"))]
    for name in sorted(set(a.get("sdk_versions", {})) | set(b.get("sdk_versions", {}))):
        pairs.append((name, a.get("sdk_versions", {}).get(name), b.get("sdk_versions", {}).get(name)))
    for name, x, y in pairs:
        if x != y:
            out.append(Change("run_info", name, x, y, f"{name}: {x} → {y}"))
    return out


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two reports, regressions marked."""
    return _run_info(old, new) + _cases(old, new) + _drift(old, new)


def parse_fail_on(value: str) -> set[str]:
    """`outcome,drift,status`, `any` or `none` → the categories whose regressions fail the diff."""
    names = {v.strip() for v in value.split(",") if v.strip()}
    unknown = names - {*CATEGORIES, "any", "none"}
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown --fail-on value(s) {', '.join(sorted(unknown))}; "
                                         f"choose from {', '.join(CATEGORIES)}, any, none")
    return set() if "none" in names else names


def failing(changes: Iterable[Change], fail_on: set[str]) -> list[Change]:
    """The changes that make the diff exit non-zero; `any` means every change."""
    groups = {"outcome": {"outcome", "case"}, "drift": {"drift", "field"}, "status": {"status"}}
    if "any" in fail_on:
        return list(changes)
    wanted = set().union(*(groups[name] for name in fail_on)) if fail_on else set()
    return [c for c in changes if c.regression and c.category in wanted]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(changes: list[Change], bad: list[Change], fmt: str, names: tuple[str, str]) -> str:
    """The diff as text, Markdown or JSON."""
    if fmt == "json":
        return json.dumps({"old": names[0], "new": names[1], "changes": [asdict(c) for c in changes],
                           "failing": len(bad)}, indent=2, ensure_ascii=False) + "\n"
    head = f"aoai-conformance diff {names[0]} → {names[1]}: {len(changes)} changes, {len(bad)} failing"
    if fmt == "markdown":
        lines = [f"## {head}", ""]
        if changes:
            lines += ["| | category | change |", "|---|---|---|"]
            lines += [f"| {'❌' if c in bad else '·'} | {c.category} | {_cell(c.text)} |" for c in changes]
        else:
            lines.append("No changes.")
        return "\n".join(lines) + "\n"
    lines = [head] + [f"  {'FAIL' if c in bad else '    '} {c.category:8} {c.text}" for c in changes]
    return "\n".join(lines) + "\n"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `diff` on the CLI."""
    p = subparsers.add_parser(
        "diff", help="compare two report.json files and exit 1 on regressions",
        description="List what changed between two runs: outcomes, HTTP status codes, drift (by key) and fields.",
    )
    p.add_argument("old", type=Path, help="the baseline report.json")
    p.add_argument("new", type=Path, help="the report.json to judge")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text",
                   help="output format [default: text]")
    p.add_argument("--fail-on", type=parse_fail_on, default=DEFAULT_FAIL_ON,
                   help="comma-separated: outcome (an outcome got worse or a new case fails), drift (new "
                        "unexpected drift), status (any HTTP status change), any (any change), none "
                        f"[default: {DEFAULT_FAIL_ON}]")


def main(ns: argparse.Namespace) -> int:
    """Print the diff; 1 when a failing change exists, else 0."""
    fail_on = parse_fail_on(ns.fail_on) if isinstance(ns.fail_on, str) else ns.fail_on
    changes = compare(load_report(ns.old), load_report(ns.new))
    bad = failing(changes, fail_on)
    print(render(changes, bad, ns.format, (str(ns.old), str(ns.new))), end="")
    return 1 if bad else 0

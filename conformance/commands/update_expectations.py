"""`aoai-conformance update-expectations REPORT`: rewrite the known-drift file from a report, for review.

Existing entries keep their reasons and links; entries the report lists as stale are dropped; each unexpected
drift becomes a new entry with the reason "TODO: explain", widened to `surface = "*"` or to all auth modes
when it occurred in every examined case of that scope, so a person reviews a short diff.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

from conformance.files import write_atomic
from conformance.reporting import expectations as expect
from conformance.reporting.report import load_report

PLACEHOLDER_REASON = "TODO: explain"
_Pair = tuple[str, str]  # (surface, auth)


def _examined(rows: list[dict[str, Any]]) -> dict[str, set[_Pair]]:
    """Per operation, the (surface, auth) pairs whose drift was examined in this run."""
    out: dict[str, set[_Pair]] = defaultdict(set)
    for row in rows:
        if row["outcome"] in ("passed", "failed"):
            out[row["operation"]].add((row["surface"], row["auth"]))
    return out


def _widened(op: str, kind: str, path: str | None, seen: set[_Pair], examined: set[_Pair]) -> list[expect.Expectation]:
    """The fewest entries covering `seen`: one for every surface, else per surface, else per surface and auth."""
    def entry(surface: str, auth: str | None = None) -> expect.Expectation:
        return expect.Expectation(operation=op, kind=kind, reason=PLACEHOLDER_REASON, surface=surface, auth=auth,
                                  path=path)

    if seen >= examined:
        return [entry(expect.ANY)]
    out = []
    for surface in sorted({s for s, _ in seen}):
        auths = {a for s, a in seen if s == surface}
        if auths >= {a for s, a in examined if s == surface}:
            out.append(entry(surface))
        else:
            out.extend(entry(surface, auth) for auth in sorted(auths))
    return out


def updated_entries(report: dict[str, Any], existing: list[expect.Expectation]) -> list[expect.Expectation]:
    """Existing entries minus stale ones, plus new entries for drift no kept entry explains."""
    stale = {expect.Expectation(**e).sort_key for e in report.get("stale_expectations", [])}
    kept = [e for e in existing if e.sort_key not in stale]
    seen: dict[tuple[str, str, str | None], set[_Pair]] = defaultdict(set)
    for row in report["results"]:
        for item in row.get("drift", []):
            # a report run with expectations ignored marks everything unexpected; kept entries still explain it
            if item.get("expected") or any(e.matches(row, item) for e in kept):
                continue
            seen[(row["operation"], item["kind"], item.get("path") or None)].add((row["surface"], row["auth"]))
    examined = _examined(report["results"])
    order = sorted(seen, key=lambda k: (k[0], k[1], k[2] or ""))
    added = [new for op, kind, path in order for new in _widened(op, kind, path, seen[(op, kind, path)], examined[op])]
    return sorted(kept + added, key=lambda e: e.sort_key)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `update-expectations` on the CLI."""
    p = subparsers.add_parser(
        "update-expectations", help="rewrite the known-drift file from a report's unexpected drift, for review",
        description="Keep existing entries (reasons, links), drop the report's stale ones, add one entry per "
                    f"unexpected drift with reason {PLACEHOLDER_REASON!r}. Review the diff before committing.",
    )
    p.add_argument("report", type=Path, help="a report.json written by `aoai-conformance run`")
    p.add_argument("--expectations", type=Path, default=None,
                   help="the existing expectations file [env AOAI_CONFORMANCE_EXPECTATIONS; default "
                        "schemas/expectations.toml]")
    p.add_argument("--output", type=Path, default=None,
                   help="where to write [default: overwrite the --expectations file]")


def main(ns: argparse.Namespace) -> int:
    """Write the updated file and say what changed."""
    source = ns.expectations or expect.default_path()
    existing = expect.load(source)
    report = load_report(ns.report)
    entries = updated_entries(report, existing)
    target = ns.output or source
    write_atomic(target, expect.dump(entries))
    old_keys = {e.sort_key for e in existing}
    new_keys = {e.sort_key for e in entries}
    added = len(new_keys - old_keys)
    removed = len(old_keys - new_keys)
    print(f"{target}: {len(entries)} entries ({added} added with reason {PLACEHOLDER_REASON!r}, "
          f"{removed} stale removed); review the diff before committing")
    return 0

"""`aoai-conformance report REPORT.json`: re-render the views of a saved report (the JSON is the product)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from conformance.errors import ConfigError
from conformance.files import write_atomic
from conformance.reporting import views
from conformance.reporting.report import load_report


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report", help="re-render report.md, report.html and junit.xml from a saved report.json",
        description="Every view is rendered from report.json alone, so a report from any run, host or CI "
                    "artefact can be viewed again.",
    )
    p.add_argument("report_json", type=Path, help="a report.json written by `aoai-conformance run`")
    views_only = ",".join(views.VIEWS)
    p.add_argument("--formats", default=views_only, help=f"comma-separated: {', '.join(views.FORMATS)} "
                   f"(json copies the report into --output) [default {views_only}]")
    p.add_argument("--output", type=Path, default=None, help="folder for the views [default: beside the report]")
    return p


def main(ns: argparse.Namespace) -> int:
    """Write the selected views and list them; a missing or foreign file is a usage error (exit 2).

    `json` re-writes the report itself, which only makes sense into another folder; asking for nothing
    that can be written is refused rather than exiting 0 with no file.
    """
    data = load_report(ns.report_json)
    out = ns.output or ns.report_json.parent
    formats = views.parse_formats(ns.formats)
    targets: list[tuple[str, str]] = []
    if "json" in formats and out.resolve() != ns.report_json.parent.resolve():
        targets.append(("report.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n"))
    for name in views.selected(formats):
        filename, render = views.VIEWS[name]
        targets.append((filename, render(data)))
    if not targets:
        raise ConfigError(f"nothing to write: {ns.report_json} is already the JSON report; choose views with "
                          f"--formats {','.join(views.VIEWS)}, or copy the JSON elsewhere with --output DIR")
    for filename, text in targets:
        write_atomic(out / filename, text)
        print(out / filename)
    return 0

"""`aoai-conformance report REPORT.json`: re-render the views of a saved report (the JSON is the product)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from conformance import views
from conformance.cassettes import write_atomic
from conformance.report import load_report


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report", help="re-render report.md, report.html and junit.xml from a saved report.json",
        description="Every view is rendered from report.json alone, so a report from any run, host or CI "
                    "artefact can be viewed again.",
    )
    p.add_argument("report_json", type=Path, help="a report.json written by `aoai-conformance run`")
    p.add_argument("--formats", default="md,html,junit", help="comma-separated views: md, html, junit "
                   "[default md,html,junit]")
    p.add_argument("--output", type=Path, default=None, help="folder for the views [default: beside the report]")
    return p


def main(ns: argparse.Namespace) -> int:
    """Write the selected views and list them; a missing or foreign file is a usage error (exit 2)."""
    data = load_report(ns.report_json)
    out = ns.output or ns.report_json.parent
    for name in views.selected(views.parse_formats(ns.formats)):
        filename, render = views.VIEWS[name]
        write_atomic(out / filename, render(data))
        print(out / filename)
    return 0

"""Helpers for the report tests: hand-built rows with drift, the report meta-schema, running the suite."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema

from conformance.catalog.config import Settings
from conformance.reporting.expectations import Expectation
from conformance.reporting.report import Report
from conformance.verdicts.results import CaseResult, Outcome
from tests.support import REPO, run_cli

META = REPO / "schemas" / "meta"
SMALL_OPERATIONS = "chat.completions.create"  # the suite's first operation: fast subprocess runs
TIMINGS = ("duration", "started", "finished")


def drift(kind: str, path: str, severity: str = "minor", op: str = "chat.completions.create",
          source: str = "docs/000 §Chat completions") -> dict[str, Any]:
    """One drift item as the drift module produces it."""
    return {"kind": kind, "severity": severity, "path": path, "source": source,
            "message": f"{kind} at {path}", "key": f"{op}:{kind}:{path}"}


def row(op: str, surface: str, auth: str, client: str, outcome: str = "passed", **extra: Any) -> CaseResult:
    """One hand-built report row."""
    return CaseResult(id=f"{op}[{surface}-{auth}-{client}]", operation=op, surface=surface,
                      api_version=None if surface == "v1" else surface, auth=auth, client=client,
                      outcome=Outcome(outcome), duration=0.01, attempts=1, **extra)


EXTRA = drift("undocumented-field", "$.choices[0].message.annotations")
MISSING = drift("missing-documented-field", "$.usage.prompt_tokens_details", severity="major")
STATUS = drift("status-changed", "$", severity="major", op="embeddings.create", source="spec 2024-10-21")


def sample_rows() -> list[CaseResult]:
    """A small matrix with every outcome and repeated drift (given unsorted on purpose)."""
    op = "chat.completions.create"
    return [
        row("embeddings.create", "v1", "entra", "sync", "error", message="cassette missing; re-record it"),
        row(op, "v1", "api_key", "async", drift=[EXTRA], status=200, request_id="req-2"),
        row(op, "v1", "api_key", "sync", drift=[MISSING, EXTRA], status=200, request_id="req-1"),
        row(op, "2024-10-21", "entra", "sync", "failed", message="$.choices: required property missing",
            status=200, request_id="req-3", drift=[MISSING]),
        row(op, "2024-10-21", "entra", "async", "skipped", message="no deployment configured for kind 'chat'"),
        row("embeddings.create", "v1", "entra", "async", "failed", status=404, message="HTTP 404", drift=[STATUS]),
    ]


def sample_report(expectations: list[Expectation] | None = None, full_run: bool = False) -> Report:
    """A report over `sample_rows()` with the given expectations."""
    report = Report(Settings(api_versions=("2024-10-21",)), started="2026-01-01T00:00:00+00:00",
                    finished="2026-01-01T00:00:05+00:00", selection={"full_run": full_run},
                    expectations=expectations or [])
    report.add(sample_rows())
    return report


def report_schema() -> dict[str, Any]:
    return json.loads((META / "report.schema.json").read_text(encoding="utf-8"))


def assert_valid_report(data: dict[str, Any]) -> None:
    """Fail with every schema error of a report."""
    validator = jsonschema.Draft202012Validator(report_schema(), format_checker=jsonschema.FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors[:20])


def strip_timings(data: Any) -> Any:
    """The report without durations and start/finish times, for serial-vs-parallel comparison."""
    if isinstance(data, dict):
        return {k: strip_timings(v) for k, v in data.items() if k not in TIMINGS}
    if isinstance(data, list):
        return [strip_timings(v) for v in data]
    return data


def run_suite(report_dir: Path, *extra: str, cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `aoai-conformance run` (replay) in a subprocess; return the schema-valid report."""
    result = run_cli("run", "--report-dir", str(report_dir), *extra, cwd=cwd, env=env)
    assert (report_dir / "report.json").is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert_valid_report(data)
    return data


def copy_cassettes(target: Path) -> Path:
    """A private copy of the bundled cassettes to mutate."""
    shutil.copytree(REPO / "cassettes", target)
    return target

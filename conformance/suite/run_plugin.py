"""The conformance run inside pytest: settings, case parametrization, one row per case, the report.

Imported only when a run asks for conformance (a `--conformance-*` option or a test that requests
`conformance_case`): see `conformance.suite.plugin`, the light entry point. Under xdist, rows travel on
each test report to the controller, which alone writes the report.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conformance.calling import preflight
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import Mode, Settings, load_settings
from conformance.errors import ConformanceError
from conformance.locations import default_cassette_dir
from conformance.recording import provenance
from conformance.recording.baseline import require_baseline
from conformance.recording.cassettes import sdk_cassette_path
from conformance.reporting import expectations as expect
from conformance.reporting import views, waits
from conformance.reporting.progress import OUTCOME_PROPERTY as _OUTCOME_PROPERTY
from conformance.reporting.report import Report, now, summary_lines
from conformance.suite import case_rows
from conformance.suite.options import THROTTLED_EXIT, options_given
from conformance.suite.runner import Session
from conformance.verdicts.results import CaseResult


class ConformancePlugin:
    """Per-run state: settings, the shared session, and the collected rows."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._settings: Settings | None = None
        self.session: Session | None = None
        # Keyed by case id: a later phase (a failing teardown) may settle a case again.
        self._rows: dict[str, CaseResult] = {}
        self._collected: set[str] | None = None
        self.started = now()
        self.report: Report | None = None
        self._expectations: list[expect.Expectation] | None = None
        self.planned: int | None = None  # conformance cases this process will run (unknown on xdist workers)

    @property
    def rows(self) -> list[CaseResult]:
        return list(self._rows.values())

    def opt(self, name: str) -> Any:
        return self.config.getoption(f"conformance_{name}")

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            options = {key: self.opt(key) for key in ("mode", "endpoint", "config", "api_versions", "auth_modes")}
            try:
                self._settings = load_settings(options)
            except ConformanceError as exc:
                raise pytest.UsageError(str(exc)) from None
        return self._settings

    def selected_operations(self) -> list[catalog.Operation]:
        wanted = self.opt("operations")
        if not wanted:
            return list(catalog.OPERATIONS.values())
        try:
            return [catalog.get(op.strip()) for op in wanted.split(",") if op.strip()]
        except KeyError as exc:
            raise pytest.UsageError(str(exc.args[0])) from None

    def cassette_dir(self) -> Path:
        return Path(self.opt("cassette_dir") or default_cassette_dir())

    def get_session(self) -> Session:
        if self.session is None:
            self.session = Session(self.settings, self.cassette_dir())
            self.session.breaker.planned = self.planned
            waits.announce(self.config, self.session.tap, self.settings.mode)
        return self.session

    def replays(self) -> str | None:
        """In replay: what the cassettes behind this run's rows were recorded from (their provenance)."""
        if self.settings.mode is not Mode.REPLAY:
            return None
        return provenance.replays(sdk_cassette_path(self.cassette_dir(), r.sdk, r.surface, r.operation)
                                  for r in self.rows)

    def report_dir(self) -> Path | None:
        value = self.opt("report_dir") or os.environ.get("AOAI_CONFORMANCE_REPORT_DIR")
        return Path(value) if value else None

    def report_formats(self) -> tuple[str, ...]:
        value = self.opt("report_formats") or os.environ.get("AOAI_CONFORMANCE_REPORT_FORMATS")
        try:
            return views.parse_formats(value)
        except ConformanceError as exc:
            raise pytest.UsageError(str(exc)) from None

    def ignore_expectations(self) -> bool:
        return bool(self.opt("ignore_expectations")) or expect.ignored_by_env()

    def expectations_path(self) -> Path:
        value = self.opt("expectations")
        return Path(value) if value else expect.default_path()

    def expectations(self) -> list[expect.Expectation]:
        """The known-drift entries, loaded once; a malformed file is a usage error."""
        if self._expectations is None:
            try:
                self._expectations = expect.load(self.expectations_path(), catalog.OPERATIONS)
            except ConformanceError as exc:
                raise pytest.UsageError(str(exc)) from None
        return self._expectations

    def selection(self) -> dict[str, Any]:
        """What this run selected; `full_run` means every case of the configured matrix produced a row.

        `deselected` lists the cases of the selected operations that pytest did not collect (-k, -m,
        --deselect), so `diff` can tell a case the selection left out from one that vanished.
        """
        keyword = self.config.getoption("keyword", "") or None
        markers = self.config.getoption("markexpr", "") or None
        all_ids = {case.id for case in build_cases(self.settings)}
        ran = {r.id for r in self.rows}
        full = not self.opt("operations") and not keyword and not markers and all_ids <= ran
        wanted = {case.id for case in build_cases(self.settings, self.selected_operations())}
        deselected = sorted(wanted - self._collected) if self._collected is not None else []
        return {"operations": self.opt("operations") or "all", "keyword": keyword, "markers": markers,
                "full_run": full, "deselected": deselected}

    # -- hooks --------------------------------------------------------------------------------
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        # Validate up front when the run asks for conformance, so bad input is one usage error, not a
        # collection traceback; unrelated pytest runs never touch the settings.
        if options_given(self.config):
            _ = self.settings
            self.selected_operations()
            self.report_formats()
            if not self.ignore_expectations():
                self.expectations()
            # Live/record: refuse before the first request if a selected auth mode has no credential.
            # On xdist workers the controller has already checked.
            refused = None if hasattr(self.config, "workerinput") else preflight.refusal(self.settings)
            if refused:
                raise pytest.UsageError(refused)
            if self.settings.mode is Mode.REPLAY:  # no recordings at all: one message, not one error per case
                try:
                    require_baseline(self.cassette_dir(), build_cases(self.settings, self.selected_operations()))
                except ConformanceError as exc:
                    raise pytest.UsageError(str(exc)) from None

    def parametrize(self, metafunc: pytest.Metafunc) -> None:
        """Parametrize `conformance_case` over the run's cases (called by the entry point's hook)."""
        cases = build_cases(self.settings, self.selected_operations())
        metafunc.parametrize("conformance_case", cases, ids=[c.param_id for c in cases])

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # After -k/-m deselection; a worker runs only part of its items, so its count would mislead.
        if not hasattr(self.config, "workerinput"):
            self._collected = {c.id for c in map(case_rows.case_of, session.items) if c is not None}
            self.planned = len(self._collected)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        row = case_rows.row_for(item, report, getattr(item, "conformance_result", None))
        if row is not None:
            case_rows.attach(report, row)
            report.user_properties.append((_OUTCOME_PROPERTY, row.outcome.value))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Runs on the controller for every worker report too, so rows never depend on a worker finishing.
        row = case_rows.attached(report)
        if row is not None:
            self._rows[row.id] = row

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        # Every worker collects the same items; node ids end in `[<case param id>]`.
        params = {nodeid.rsplit("[", 1)[-1].rstrip("]") for nodeid in ids if "[" in nodeid}
        by_param = {case.param_id: case.id for case in build_cases(self.settings, self.selected_operations())}
        self._collected = {by_param[p] for p in params if p in by_param}

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.session is not None:
            if exitstatus == pytest.ExitCode.INTERRUPTED and self.session.settings.mode is Mode.RECORD:
                # A cassette holding only the episodes recorded before the interrupt would replay some auth
                # modes and not others: every cassette goes back to what it was before this run.
                restored = self.session.cassettes.rollback()
                self._summary: list[str] = [f"record run interrupted: {len(restored)} cassette(s) restored to their "
                                 "state before this run"]
            self.session.close()
        if hasattr(self.config, "workeroutput"):
            return  # the controller builds the report from the rows relayed with each test report
        if not self.rows:
            return
        ignore = self.ignore_expectations()
        self.report = Report(
            self.settings, started=self.started, selection=self.selection(),
            expectations=[] if ignore else self.expectations(),
            expectations_file=str(self.expectations_path()), expectations_ignored=ignore, replays=self.replays(),
        )
        self.report.add(self.rows)
        directory = self.report_dir()
        data = self.report.render()  # expectations, dedupe and doc evidence run once for every view
        written = self.report.write(directory, self.report_formats(), data) if directory else None
        self._summary = [*getattr(self, "_summary", []), *summary_lines(data, written)]
        if exitstatus == pytest.ExitCode.OK and data["summary"].get("throttled"):
            session.exitstatus = THROTTLED_EXIT  # all judged cases passed, but some could not be judged

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        for line in getattr(self, "_summary", ()):
            terminalreporter.write_line(line)

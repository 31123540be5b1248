"""Progress for long runs: `[n/N] case-id outcome` per case in live and record mode, on the controller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conformance.catalog.config import Mode

OUTCOME_PROPERTY = "conformance_outcome"
_PROGRESS_MODES = (Mode.LIVE, Mode.RECORD)


class Progress:
    """Counts finished cases across xdist workers and prints one line per case."""

    def __init__(self, config: pytest.Config, mode: Callable[[], Mode]) -> None:
        self.config = config
        self._mode = mode
        self._progress_total = 0
        self._progress_done: set[str] = set()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._progress_total = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self._progress_total = max(self._progress_total, len(ids))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Runs on the controller for worker reports too (xdist replays them), so the count is global.
        outcome = dict(report.user_properties).get(OUTCOME_PROPERTY)
        if outcome is None or report.nodeid in self._progress_done or hasattr(self.config, "workeroutput"):
            return
        self._progress_done.add(report.nodeid)
        if self._mode() not in _PROGRESS_MODES:
            return
        writer = self.config.pluginmanager.get_plugin("terminalreporter")
        if writer is not None:
            case_id = report.nodeid.rsplit("[", 1)[-1].rstrip("]")
            writer.ensure_newline()
            writer.write_line(f"[{len(self._progress_done)}/{self._progress_total or '?'}] {case_id} {outcome}")


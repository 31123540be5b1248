"""Under pytest-xdist the controller alone writes the report, identical to a serial run's apart from timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.reports import SMALL_OPERATIONS, run_suite, strip_timings


@pytest.mark.e2e
def test_parallel_report_equals_serial_report(tmp_path: Path) -> None:
    serial = run_suite(tmp_path / "serial", "--operations", SMALL_OPERATIONS, cwd=tmp_path)
    parallel = run_suite(tmp_path / "parallel", "--operations", SMALL_OPERATIONS, "--", "-n", "2", cwd=tmp_path)
    assert serial["summary"]["cases"] > 0
    assert strip_timings(parallel) == strip_timings(serial)
    # the views without timings are byte-identical too
    assert (tmp_path / "parallel" / "report.md").read_bytes() == (tmp_path / "serial" / "report.md").read_bytes()

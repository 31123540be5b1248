"""Which rows of a run actually run here: Python's always, another SDK's only where its driver is installed.

Without Node the JS rows are still in every report (one row per case), skipped with the one reason
`js_bridge.unavailable_reason()` gives; tests that count outcomes use this to stay true on both machines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conformance.calling import js_bridge
from conformance.catalog.operation import PYTHON

JS_REASON = js_bridge.unavailable_reason()


def sdk_of(row: Any) -> str:
    return str(row["sdk"] if isinstance(row, dict) else row.sdk)


def runs_here(row: Any) -> bool:
    """Whether this case/row's SDK can run on this machine."""
    return sdk_of(row) == PYTHON or JS_REASON is None


def not_runnable(rows: Iterable[Any]) -> int:
    """How many of these cases/rows are skipped here for want of their SDK's driver."""
    return sum(not runs_here(r) for r in rows)

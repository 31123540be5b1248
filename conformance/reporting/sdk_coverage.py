"""Which of the documented SDKs this run exercised, and why the others were not run (for report.json).

The docs (001/002) show five SDKs. Python runs in-process; JavaScript through js/driver.mjs; .NET, Go and
Java have no driver here yet, but can replay the same cassettes through `aoai-conformance replay-server`
(README: "Other SDKs").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from conformance.calling.js_bridge import unavailable_reason
from conformance.catalog.operation import SDKS

_NO_DRIVER = ("documented in docs 001/002 but the suite has no {name} driver yet; its client can replay the "
              "cassettes through `aoai-conformance replay-server` (README: Other SDKs)")
UNDRIVEN = {"dotnet": ".NET", "go": "Go", "java": "Java"}


def summary(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """`{"run": [sdk, ...], "not_run": [{"sdk", "reason"}]}` for this run's rows."""
    ran: set[str] = set()
    for row in rows:
        if row.get("outcome") != "skipped":
            ran.add(str(row.get("sdk", "python")))
    not_run = [{"sdk": sdk, "reason": _NO_DRIVER.format(name=name)} for sdk, name in UNDRIVEN.items()]
    if "javascript" not in ran:
        reason = unavailable_reason() or "no javascript case was selected in this run"
        not_run.insert(0, {"sdk": "javascript", "reason": reason})
    return {"run": [sdk for sdk in SDKS if sdk in ran], "not_run": not_run}

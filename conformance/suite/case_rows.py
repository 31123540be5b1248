"""One report row per conformance case, whatever happened to it inside pytest.

A case's row normally comes from `run_case`. When anything else ends the test — a fixture that raised in
setup, a tool bug or credential import inside the call, a teardown error, a skip marker — pytest still
counts the test, so the report must too: the row is built from pytest's own report of that phase. Rows
travel on the `TestReport` (xdist serialises unknown report attributes), so the controller sees every row
pytest saw, including those of a worker that crashed later.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.catalog.cases import Case
from conformance.verdicts.messages import MESSAGE_LIMIT
from conformance.verdicts.results import CaseResult, Outcome

ROW_ATTRIBUTE = "conformance_row"
_MESSAGE_LIMIT = MESSAGE_LIMIT  # the one cap, shared with CaseResult (conformance.verdicts.messages)


def case_of(item: pytest.Item) -> Case | None:
    """The conformance case a test item runs, if it is one."""
    callspec = getattr(item, "callspec", None)
    case = callspec.params.get("conformance_case") if callspec is not None else None
    return case if isinstance(case, Case) else None


def blank_row(case: Case, outcome: Outcome, message: str) -> CaseResult:
    """A row for a case that `run_case` did not judge (or judged before something else went wrong)."""
    return CaseResult(
        id=case.id, operation=case.operation.id, surface=case.surface, api_version=case.api_version,
        auth=case.auth.value, client=case.client.value, outcome=outcome, message=_trim(message), sdk=case.sdk,
    )


def _trim(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 1] + "…"


def crash_message(report: pytest.TestReport) -> str:
    """`ExceptionType: message` for the exception that ended a phase, from pytest's report of it."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        text = str(crash.message)
    elif isinstance(report.longrepr, tuple):  # skips: (path, line, reason)
        text = str(report.longrepr[-1])
    else:
        text = str(report.longrepr)
    return text.strip() or "the test failed without a message"


def exception_text(exc: BaseException) -> str:
    """How a crash inside a case is named in its row: the exception type and its message."""
    return f"{type(exc).__name__}: {exc}"


def row_for(item: pytest.Item, report: pytest.TestReport, judged: CaseResult | None) -> CaseResult | None:
    """The row this phase settles for a case, or None when the phase settles nothing new.

    `judged` is the row `run_case` attached to the item, if it ran. Precedence follows what pytest counts:
    a failing setup is an error; a call that produced no row crashed; a failing teardown turns a finished
    case into an error, since pytest reports that error too.
    """
    case = case_of(item)
    if case is None:
        return None
    phase = report.when
    if phase == "setup":
        if report.failed:
            return blank_row(case, Outcome.ERROR, f"setup: {crash_message(report)}")
        if report.skipped:
            return blank_row(case, Outcome.SKIPPED, crash_message(report))
        return None
    if phase == "call":
        if judged is not None:
            return judged
        if report.skipped:
            return blank_row(case, Outcome.SKIPPED, crash_message(report))
        if report.failed:
            return blank_row(case, Outcome.ERROR, crash_message(report))
        return blank_row(case, Outcome.ERROR, "the case finished without producing a verdict")
    if phase == "teardown" and report.failed:
        base = judged or blank_row(case, Outcome.ERROR, "")
        row = CaseResult.from_dict(base.to_dict())
        row.outcome = Outcome.ERROR
        row.message = _trim(f"{row.message} | teardown: {crash_message(report)}".lstrip(" |"))
        return row
    return None


def attach(report: pytest.TestReport, row: CaseResult) -> None:
    report.__dict__[ROW_ATTRIBUTE] = row.to_dict()


def attached(report: Any) -> CaseResult | None:
    """The row a (possibly xdist-relayed) report carries."""
    data = getattr(report, ROW_ATTRIBUTE, None)
    return CaseResult.from_dict(data) if isinstance(data, dict) else None

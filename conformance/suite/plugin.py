"""The pytest entry point (`pytest11`): options, the `conformance_case` parametrization hook, the fixtures.

Installing the package loads this module into every pytest run, so it imports nothing heavy: the run
itself (`conformance.suite.run_plugin`: settings, SDK clients, cassettes, validators, reports) is imported
and registered only when the run asks for conformance — a `--conformance-*` option or AOAI_CONFORMANCE_*
variable at configure time, or a test that requests `conformance_case` at collection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from conformance.suite.options import add_options, options_given

if TYPE_CHECKING:
    from conformance.catalog.cases import Case
    from conformance.suite.run_plugin import ConformancePlugin
    from conformance.suite.runner import Session
    from conformance.verdicts.results import CaseResult

_NAME = "conformance-run"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def activate(config: pytest.Config) -> ConformancePlugin:
    """The run's plugin, imported and registered on first need (with the progress line)."""
    plugin = config.pluginmanager.get_plugin(_NAME)
    if plugin is None:
        from conformance.reporting.progress import Progress
        from conformance.suite.run_plugin import ConformancePlugin

        plugin = ConformancePlugin(config)
        config.pluginmanager.register(plugin, _NAME)
        config.pluginmanager.register(Progress(config, lambda: plugin.settings.mode), "conformance-progress")
    return plugin


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "conformance: a generated aoai-conformance case")
    if options_given(config):
        activate(config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "conformance_case" in metafunc.fixturenames:
        activate(metafunc.config).parametrize(metafunc)


@pytest.fixture(scope="session")
def conformance_session(pytestconfig: pytest.Config) -> Session:
    """The run's shared session: settings, clients, cassettes and event loop."""
    from conformance.errors import ConformanceError

    try:
        return activate(pytestconfig).get_session()
    except ConformanceError as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.fixture
def conformance_check(request: pytest.FixtureRequest, conformance_session: Session) -> Any:
    """Run a case, attach its row to the test item, and turn the outcome into pytest's."""
    from conformance.suite import case_rows
    from conformance.suite.runner import run_case
    from conformance.verdicts.results import Outcome

    def check(case: Case) -> CaseResult:
        try:
            row = run_case(conformance_session, case)
        except Exception as exc:
            # A tool bug or an unexpected exception still gets its row; pytest shows the traceback.
            request.node.conformance_result = case_rows.blank_row(case, Outcome.ERROR, case_rows.exception_text(exc))
            raise
        request.node.conformance_result = row
        if row.outcome in (Outcome.SKIPPED, Outcome.THROTTLED):  # throttled: not judged, so not failed
            pytest.skip(row.message)
        if row.outcome in (Outcome.FAILED, Outcome.ERROR):
            pytest.fail(f"{row.outcome.value}: {row.message}", pytrace=False)
        return row

    return check

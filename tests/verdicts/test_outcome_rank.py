"""One outcome ranking (results.Outcome.rank) for the views' cell colour and diff's regressions."""

from __future__ import annotations

import pytest

from conformance.reporting.views import matrix
from conformance.verdicts.results import Outcome

P, S, T, F, E = Outcome.PASSED, Outcome.SKIPPED, Outcome.THROTTLED, Outcome.FAILED, Outcome.ERROR


def test_the_ranking_runs_passed_skipped_throttled_failed_error() -> None:
    assert sorted(Outcome, key=lambda o: o.rank) == [P, S, T, F, E]
    assert len({o.rank for o in Outcome}) == len(Outcome)


def test_a_matrix_cell_takes_the_colour_of_its_worst_case_by_that_ranking() -> None:
    for worse in Outcome:
        for better in Outcome:
            if better.rank < worse.rank:
                assert matrix.worst([{"outcome": better.value}, {"outcome": worse.value}]) == worse.value
    assert matrix.worst([{"outcome": "passed"}, {"outcome": "unheard-of"}]) == "passed"


@pytest.mark.parametrize(("old", "new", "regressed"), [
    (P, F, True), (P, E, True), (S, F, True), (P, S, True), (T, F, True),
    (F, P, False), (E, F, False), (S, P, False),
    (P, T, False), (F, T, False),  # throttled was not judged: never a regression
    (F, E, False),  # both findings: a change, not a regression
    (T, S, False),
])
def test_diff_regressions_follow_the_ranking(old: Outcome, new: Outcome, regressed: bool) -> None:
    assert new.regressed_from(old) is regressed

"""Live and record runs print `[n/N] case-id outcome` per case; replay runs stay quiet."""

from __future__ import annotations

import pytest

from conformance.standin import StandIn
from tests.support import REPO

SUITE = REPO / "conformance" / "suite"


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"), "--rootdir",
                              str(SUITE), "--conformance-operations", "chat.completions.create",
                              "--conformance-auth-modes", "api_key", *args)


def test_live_run_prints_progress_per_case(pytester: pytest.Pytester, standin: StandIn,
                                           canary_env: dict[str, str]) -> None:
    result = _run(pytester, "--conformance-mode", "live", "--conformance-endpoint", standin.url)
    result.assert_outcomes(passed=6)
    lines = [line for line in result.outlines if line.startswith("[")]
    assert len(lines) == 6
    assert lines[0].startswith("[1/6] chat.completions.create-") and lines[-1].startswith("[6/6] ")
    assert all(line.endswith(" passed") for line in lines)


def test_replay_run_prints_no_progress(pytester: pytest.Pytester) -> None:
    result = _run(pytester)
    assert "aoai-conformance: 6 cases (replay)" in result.stdout.str()
    assert not [line for line in result.outlines if line.startswith("[1/")]

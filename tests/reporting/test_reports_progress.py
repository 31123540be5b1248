"""Live and record runs print `[n/N] case-id outcome` per case; replay runs stay quiet."""

from __future__ import annotations

import pytest

from conformance.calling import js_bridge
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import AuthMode, Settings
from conformance.standin import StandIn
from tests.support import REPO, SURFACES

SUITE = REPO / "conformance" / "suite"
# The selection below: chat with the key, on every Python surface x sync/async and the JS docs' v1 row.
CASES = build_cases(Settings(auth_modes=(AuthMode.API_KEY,)), [catalog.get("chat.completions.create")])
# Without Node the JS row is skipped with the reason (and still printed with its outcome).
SKIPPED = sum(c.sdk == "javascript" for c in CASES) if js_bridge.unavailable_reason() else 0


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"), "--rootdir",
                              str(SUITE), "--conformance-operations", "chat.completions.create",
                              "--conformance-auth-modes", "api_key", *args)


def test_live_run_prints_progress_per_case(pytester: pytest.Pytester, standin: StandIn,
                                           canary_env: dict[str, str]) -> None:
    result = _run(pytester, "--conformance-mode", "live", "--conformance-endpoint", standin.url)
    n = len(CASES)
    assert n == len(SURFACES) * 2 + 1
    result.assert_outcomes(passed=n - SKIPPED, skipped=SKIPPED)
    lines = [line for line in result.outlines if line.startswith("[")]
    assert len(lines) == n
    assert lines[0].startswith(f"[1/{n}] chat.completions.create-") and lines[-1].startswith(f"[{n}/{n}] ")
    assert sum(line.endswith(" passed") for line in lines) == n - SKIPPED


def test_replay_run_prints_no_progress(pytester: pytest.Pytester) -> None:
    result = _run(pytester)
    assert f"aoai-conformance: {len(CASES)} cases (replay)" in result.stdout.str()
    assert not [line for line in result.outlines if line.startswith("[1/")]

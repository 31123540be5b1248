"""Faults from the service, injected by the stand-in: every case ends in a classified outcome, nothing hangs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.operation import JAVASCRIPT
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, REPO
from tests.support.sdk_rows import runs_here

SUITE = REPO / "conformance" / "suite"
ENV = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN, "AOAI_CONFORMANCE_TIMEOUT": "0.5"}

# Live runs keep the SDK's real backoff (0.5 s, 1 s, jittered) and timeouts: these three scenarios wait
# 4-9 s each, so they run in CI's end-to-end step rather than in the README's fast command.
REAL_WAITS = pytest.mark.e2e


def _live(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, scenario: str, operation: str
) -> tuple[list[dict[str, Any]], StandIn]:
    # In-process (pytester) rather than a subprocess per scenario: the wiring is the plugin's, and the
    # CLI path is proven once by the full live-matrix run in test_live_safety.
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    with StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN, scenario=scenario) as server:
        result = pytester.runpytest(
            str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"), "--rootdir", str(SUITE),
            "--conformance-mode", "live", "--conformance-endpoint", server.url,
            "--conformance-operations", operation, "--conformance-auth-modes", "api_key",
            "--conformance-report-dir", str(tmp_path), "-k", "v1",
        )
    assert "Traceback" not in result.stdout.str() + result.stderr.str(), result.stdout.str()[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    # the report is complete even when the service misbehaves, for the sync and the async client alike,
    # and for the JS docs' row of the operations they show (async by nature)
    rows = sorted(report["results"], key=lambda row: (row["sdk"], row["client"]))
    expected = [("javascript", "async")] if JAVASCRIPT in catalog.get(operation).sdks else []
    assert [(row["sdk"], row["client"]) for row in rows] == [*expected, ("python", "async"), ("python", "sync")]
    assert report["summary"]["cases"] == len(rows)
    return rows, server


@pytest.mark.parametrize(
    ("scenario", "operation", "outcome", "fragment", "attempts"),
    [
        ("status:429;retry_after_ms=10,ok", "chat.completions.create", "passed", "", 2),
        pytest.param("status:429;retry_after=1,ok", "chat.completions.create", "passed", "", 2, marks=REAL_WAITS),
        ("status:429;retry_after_ms=10", "chat.completions.create", "throttled",
         "throttled: HTTP 429 after 3 attempt(s); the last 429 asked for 0.01 s (retry-after-ms)", 3),
        ("status:503;retry_after_ms=10", "chat.completions.create", "failed",
         "[server_error after 3 attempt(s); the documented 2 retries happened]", 3),
        ("status:500;retry_after_ms=10,ok", "chat.completions.create", "passed", "", 2),
        pytest.param("drop", "chat.completions.create", "failed",
                     "[connection after 3 attempt(s); the documented 2 retries happened]", 3, marks=REAL_WAITS),
        pytest.param("slow:3", "chat.completions.create", "failed",
                     "[timeout after 3 attempt(s); the documented 2 retries happened]", 3, marks=REAL_WAITS),
        ("cut", "chat.completions.create.stream", "failed", "without its terminal `data: [DONE]`", 1),
        ("cut", "chat.completions.create", "failed", "[invalid_body after 1 attempt(s)]", 1),
        ("sse_error", "chat.completions.create.stream", "failed", "[stream_error after 1 attempt(s)]", 1),
    ],
)
def test_fault_ends_in_a_classified_outcome(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    scenario: str, operation: str, outcome: str, fragment: str, attempts: int,
) -> None:
    rows, server = _live(pytester, monkeypatch, tmp_path, scenario, operation)
    ran = [row for row in rows if runs_here(row)]  # a JS row without Node is skipped with the reason
    for row in ran:
        assert row["outcome"] == outcome, (row["id"], row["message"])
        assert fragment in row["message"], (row["id"], row["message"])
        assert row["attempts"] == attempts, row["id"]
    assert len(server.requests) == len(ran) * attempts

"""Faults from the service, injected by the stand-in: every case ends in a classified outcome, nothing hangs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.standin import StandIn
from tests.conftest import CANARY_KEY, CANARY_TOKEN, run_cli

ENV = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN, "AOAI_CONFORMANCE_TIMEOUT": "0.5"}


def _live(tmp_path: Path, scenario: str, operation: str) -> tuple[dict[str, Any], StandIn]:
    with StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN, scenario=scenario) as server:
        result = run_cli("run", "--mode", "live", "--endpoint", server.url, "--operations", operation,
                         "--auth-modes", "api_key", "--report-dir", str(tmp_path), "--", "-k", "v1 and not async",
                         cwd=tmp_path, env=ENV)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["cases"] == 1  # the report is complete even when the service misbehaves
    return report["results"][0], server


@pytest.mark.parametrize(
    ("scenario", "operation", "outcome", "fragment", "attempts"),
    [
        ("status:429;retry_after_ms=10,ok", "chat.completions.create", "passed", "", 2),
        ("status:429;retry_after=1,ok", "chat.completions.create", "passed", "", 2),
        ("status:429;retry_after_ms=10", "chat.completions.create", "failed",
         "[rate_limited after 3 attempt(s); the documented 2 retries happened]", 3),
        ("status:503;retry_after_ms=10", "chat.completions.create", "failed",
         "[server_error after 3 attempt(s); the documented 2 retries happened]", 3),
        ("status:500;retry_after_ms=10,ok", "chat.completions.create", "passed", "", 2),
        ("drop", "chat.completions.create", "failed",
         "[connection after 3 attempt(s); the documented 2 retries happened]", 3),
        ("slow:3", "chat.completions.create", "failed",
         "[timeout after 3 attempt(s); the documented 2 retries happened]", 3),
        ("cut", "chat.completions.create.stream", "failed", "without its terminal `data: [DONE]`", 1),
        ("cut", "chat.completions.create", "failed", "[invalid_body after 1 attempt(s)]", 1),
        ("sse_error", "chat.completions.create.stream", "failed", "[stream_error after 1 attempt(s)]", 1),
    ],
)
def test_fault_ends_in_a_classified_outcome(
    tmp_path: Path, scenario: str, operation: str, outcome: str, fragment: str, attempts: int
) -> None:
    row, server = _live(tmp_path, scenario, operation)
    assert row["outcome"] == outcome, row["message"]
    assert fragment in row["message"]
    assert row["attempts"] == attempts == len(server.requests)

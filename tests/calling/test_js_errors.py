"""A JS row's SDK error is judged as a Python row's is: throttled after 429s, the auth message for a 401.

Live against the stand-in (real JS driver, real HTTP), whose scenario or credentials produce the error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.calling import js_bridge
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import load_settings
from conformance.standin import StandIn
from conformance.suite.runner import Session, run_case
from conformance.verdicts.results import CaseResult, Outcome

KEY = "js-errors-key-4b8e1f6a2c9d7e3f"
TOKEN = "js-errors-token-7c2e9a4f1b6d8e3a"
pytestmark = pytest.mark.skipif(js_bridge.unavailable_reason() is not None,
                                reason=js_bridge.unavailable_reason() or "")


def run_js(tmp_path: Path, scenario: str = "ok", key: str = KEY) -> CaseResult:
    """The JS api_key chat case, live against a stand-in that accepts KEY and answers with `scenario`."""
    with StandIn(api_key=KEY, token=TOKEN, scenario=scenario) as server:
        settings = load_settings({"mode": "live", "endpoint": server.url, "auth_modes": "api_key"},
                                 environ={"AZURE_OPENAI_API_KEY": key})
        session = Session(settings, tmp_path / "cassettes")
        try:
            case = next(c for c in build_cases(settings, [catalog.get("chat.completions.create")])
                        if c.sdk == "javascript")
            return run_case(session, case)
        finally:
            session.close()


def test_a_js_429_that_exhausts_the_retries_is_throttled_not_failed(tmp_path: Path) -> None:
    row = run_js(tmp_path, "status:429;retry_after_ms=10")
    assert row.outcome is Outcome.THROTTLED, row.message
    assert row.message.startswith("throttled: HTTP 429 after 3 attempt(s)")
    assert row.attempts == 3 and row.status == 429


def test_a_js_401_names_the_auth_mode_and_the_fix_not_the_success_schema(tmp_path: Path) -> None:
    row = run_js(tmp_path, key="not-the-key-0000")
    assert row.outcome is Outcome.FAILED and row.status == 401
    assert row.message.startswith("HTTP 401 AuthenticationError with auth mode api_key"), row.message
    assert "[http_401 after 1 attempt(s)]" in row.message
    assert "$.choices" not in row.message  # the error body is not judged as a chat completion
    assert "not-the-key-0000" not in row.message

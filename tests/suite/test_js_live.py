"""The JS rows against the stand-in: live (the driver calls it directly) and record (through the replay server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.calling import js_bridge
from conformance.catalog.cases import build_cases
from conformance.catalog.config import AuthMode, Mode, Settings
from conformance.recording import provenance
from conformance.standin import StandIn
from conformance.suite.runner import Session, run_case
from conformance.verdicts.results import CaseResult, Outcome
from tests.support import CANARY_KEY, CANARY_TOKEN

pytestmark = pytest.mark.skipif(js_bridge.unavailable_reason() is not None,
                                reason=js_bridge.unavailable_reason() or "")


def _run_js(settings: Settings, cassettes: Path) -> list[CaseResult]:
    session = Session(settings, cassettes)
    try:
        return [run_case(session, case) for case in build_cases(settings) if case.sdk == "javascript"]
    finally:
        session.close()


def _settings(mode: Mode, standin: StandIn) -> Settings:
    # The static token stands in for Azure: no credential chain runs, so nothing leaves 127.0.0.1.
    return Settings(mode=mode, endpoint=standin.url, api_key=CANARY_KEY, ad_token=CANARY_TOKEN)


def _failures(rows: list[CaseResult]) -> list[tuple[str, str, str]]:
    return [(r.id, r.outcome.value, r.message) for r in rows if r.outcome is not Outcome.PASSED]


@pytest.mark.e2e
def test_live_js_rows_pass_against_the_standin_on_both_js_auth_modes(standin: StandIn, tmp_path: Path) -> None:
    rows = _run_js(_settings(Mode.LIVE, standin), tmp_path / "cassettes")
    assert len(rows) == 12 and not _failures(rows), _failures(rows)
    assert {r.auth for r in rows} == {AuthMode.API_KEY.value, AuthMode.ENTRA.value}
    assert not (tmp_path / "cassettes").exists()  # live writes nothing
    seen = standin.requests.snapshot()
    assert len(seen) == sum(r.attempts for r in rows)  # every attempt the driver captured reached the stand-in
    # The JS docs send both credentials as a bearer token on v1; the stand-in saw each one.
    bearers = {item.headers.get("authorization") for item in seen}
    assert bearers == {f"Bearer {CANARY_KEY}", f"Bearer {CANARY_TOKEN}"}
    assert all(item.headers.get("user-agent", "").startswith("OpenAI/JS") for item in seen)


@pytest.mark.e2e
def test_record_through_the_replay_server_writes_js_cassettes_that_replay_offline(
    standin: StandIn, tmp_path: Path
) -> None:
    cassettes = tmp_path / "cassettes"
    recorded = _run_js(_settings(Mode.RECORD, standin), cassettes)
    assert len(recorded) == 12 and not _failures(recorded), _failures(recorded)
    files = sorted(p.relative_to(cassettes).as_posix() for p in cassettes.rglob("*.json"))
    assert files == sorted(f"javascript/v1/{op}.json" for op in {r.operation for r in recorded})
    for path in cassettes.rglob("*.json"):
        text = path.read_text()
        assert CANARY_KEY not in text and CANARY_TOKEN not in text and f":{standin.port}" not in text
        assert provenance.problems(json.loads(text)) == []
        assert json.loads(text)["provenance"]["source"] == provenance.STANDIN
    before = len(standin.requests)
    replayed = _run_js(Settings(), cassettes)
    assert len(replayed) == 12 and not _failures(replayed), _failures(replayed)
    assert len(standin.requests) == before  # offline: only the loopback replay server was asked

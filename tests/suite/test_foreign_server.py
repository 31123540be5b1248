"""Live against a server that is not ours: the stand-in is recognised by asking, and every verdict is true.

The foreign server (tests/support/foreign_server.py) is Azure-ish but has quirks of its own. The matrix runs
live against it in-process (real clients, real HTTP, every auth mode, sync and async); each row's
verdict is pinned below. Retry waits are shortened: they change timing, not attempts or verdicts.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.calling import backoff, handshake
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import load_settings
from conformance.standin import StandIn
from conformance.suite.runner import Session, run_case
from conformance.verdicts.results import CaseResult
from tests.support import CANARY_KEY, CANARY_TOKEN, SURFACES, run_cli
from tests.support.foreign_server import ForeignServer
from tests.support.sdk_rows import JS_REASON, runs_here

NOT_STANDIN = "not triggerable in live mode against a server that is not the stand-in"
SSE_TYPE = "stream content-type is 'application/json', documented text/event-stream"
# operation -> (outcome, fragments every row's message must hold); with the right key and token.
VERDICTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "audio.speech.create": ("passed", ()),
    "audio.transcriptions.create": ("passed", ()),
    "chat.completions.create": ("passed", ()),
    "chat.completions.create.image_input": ("passed", ()),
    "chat.completions.create.reasoning": ("passed", ()),
    "chat.completions.create.stream": ("failed", (SSE_TYPE,)),
    "client.request_id": ("failed", ("completion: the response has no x-request-id header", SSE_TYPE)),
    "client.retries": ("skipped", (NOT_STANDIN, "needs injected faults")),
    "completions.create": ("passed", ()),
    "embeddings.create": ("passed", ()),
    "errors.status_mapping": ("skipped", (NOT_STANDIN, "needs injected faults")),
    "fine_tuning.jobs.create.error": ("failed", ("attempt 1 error body $.error: 'error' is a required",)),
    "images.generate": ("failed", ("HTTP 500", "[server_error after 3 attempt(s); the documented 2 retries")),
    "responses.create": ("passed", ()),
    "responses.create.mcp_tool": ("passed", ()),
    "responses.create.reasoning": ("passed", ()),
    "responses.create.stream": ("passed", ()),
}


@pytest.fixture
def foreign() -> Iterator[ForeignServer]:
    with ForeignServer(api_key=CANARY_KEY, token=CANARY_TOKEN) as server:
        yield server


def run_live(endpoint: str, api_key: str, tmp_path: Path, operations: list[str] | None = None,
             surface: str | None = None) -> tuple[list[CaseResult], bool]:
    """Every case of the live matrix against `endpoint`, as the plugin runs them; and the handshake verdict."""
    settings = load_settings({"mode": "live", "endpoint": endpoint},
                             environ={"AZURE_OPENAI_API_KEY": api_key, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN})
    session = Session(settings, tmp_path / "cassettes")
    selected = [catalog.get(op) for op in operations] if operations else None
    try:
        with backoff.shortened():
            cases = [c for c in build_cases(settings, selected) if surface in (None, c.surface)]
            rows = [run_case(session, case) for case in cases]
        return rows, session.targets_standin
    finally:
        session.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_handshake_tells_the_standin_from_every_other_server(standin: StandIn) -> None:
    assert handshake.ask(standin.url) is True
    assert len(standin.requests) == 0  # the handshake is not a case's request: the stand-in's log ignores it
    with ForeignServer("k", "t") as plain:
        assert handshake.ask(plain.url) is False  # 404
        assert [r.path for r in plain.requests] == [handshake.PATH]
        assert "nonce" in plain.requests[0].query and "api-key" not in plain.requests[0].headers
    forged = json.dumps({"service": handshake.SERVICE, "nonce": "n", "proof": handshake.proof("n")}).encode()
    for body in (b"OK", b"[]", forged):  # not JSON, the wrong JSON, a replayed answer to another nonce
        with ForeignServer("k", "t", get_body=body) as catch_all:
            assert handshake.ask(catch_all.url) is False, body
    assert handshake.ask(f"http://127.0.0.1:{_free_port()}") is False  # nothing listening


def test_live_matrix_against_a_foreign_server_gives_each_row_its_verdict(
    tmp_path: Path, foreign: ForeignServer
) -> None:
    rows, is_standin = run_live(foreign.url, CANARY_KEY, tmp_path)
    assert not is_standin
    every = build_cases(load_settings({"mode": "live", "endpoint": foreign.url}, environ={}))
    assert [r.id for r in rows] == [c.id for c in every]  # one row per case, the JS docs' rows included
    assert {r.operation for r in rows} == set(VERDICTS)
    modes = {(a, c) for a in ("api_key", "entra", "env") for c in ("sync", "async")}
    assert {(r.auth, r.client) for r in rows} == modes
    for row in rows:
        outcome, fragments = VERDICTS[row.operation]
        if not runs_here(row) and outcome != "skipped":  # a JS row without Node: skipped with the install reason
            outcome, fragments = "skipped", (JS_REASON or "",)  # (a fault case is "not triggerable" first)
        assert row.outcome.value == outcome, (row.id, row.message)
        for fragment in fragments:
            assert fragment in row.message, (row.id, fragment, row.message)
        if outcome == "passed":
            assert row.message == "" or row.message.startswith("documented"), (row.id, row.message)
        op = catalog.get(row.operation)
        if not op.probes and not op.binary and outcome != "skipped":
            # the missing x-request-id is reported, as drift, on every row that got a JSON or SSE response
            assert row.request_id is None
            assert "headers.x-request-id" in {d["path"] for d in row.drift}, row.id
    images = [r for r in rows if r.operation == "images.generate"]
    assert {(r.status, r.attempts) for r in images} == {(500, 3)}
    accepted = [r for r in rows if r.id.startswith("embeddings.create[v1-entra")]
    assert len(accepted) == 2 and all("documented-exception" in {d["kind"] for d in r.drift} for r in accepted)

    seen = foreign.requests
    assert not [r for r in seen if r.path != handshake.PATH and r.method != "POST"]
    assert not [r for r in seen if any("standin" in key for key in r.query)], "a fault scenario reached the server"
    asked = [r for r in seen if r.path == handshake.PATH]
    assert len(asked) == 1 and asked[0].status == 404  # asked once per session, and not answered
    # every case that was not skipped reached the server (no fault case sneaked a request in)
    ran = [r for r in rows if r.outcome.value != "skipped"]
    assert len(seen) - 1 == sum(r.attempts for r in ran)


def test_a_wrong_key_on_a_foreign_server_fails_the_key_modes_only(tmp_path: Path, foreign: ForeignServer) -> None:
    chat = ["chat.completions.create", "chat.completions.create.stream"]
    rows, _ = run_live(foreign.url, "wrong-key", tmp_path, chat)
    every = build_cases(load_settings({"mode": "live", "endpoint": foreign.url}, environ={}),
                        [catalog.get(op) for op in chat])
    # Python's every surface x three auth modes x sync/async per operation; JS documents the first on v1
    assert len(rows) == len(every) == 2 * (len(SURFACES) * 3 * 2) + 2
    for row in rows:
        if not runs_here(row):
            assert row.outcome.value == "skipped"
            continue
        if row.auth == "entra":  # the token is right: the server's other quirks show through
            expected = ("passed", "") if row.operation == "chat.completions.create" else ("failed", SSE_TYPE)
        else:  # {"detail": "nope"} is no Azure error body; the row still says it was a 401
            expected = ("failed", "401")
            assert row.status == 401 and row.attempts == 1, row.id
        assert row.outcome.value == expected[0], (row.id, row.message)
        assert expected[1] in row.message, (row.id, row.message)
    assert not [r for r in foreign.requests if "standin-scenario" in r.query]
    assert "wrong-key" not in json.dumps([r.to_dict() for r in rows])  # a 401 never quotes the secret


def test_the_cli_sends_no_fault_scenario_to_a_foreign_loopback_server(tmp_path: Path, foreign: ForeignServer) -> None:
    result = run_cli("run", "--mode", "live", "--endpoint", foreign.url, "--operations",
                     "client.retries,errors.status_mapping", "--report-dir", str(tmp_path),
                     cwd=tmp_path, env={"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    rows = json.loads((tmp_path / "report.json").read_text())["results"]
    every = build_cases(load_settings({"mode": "live", "endpoint": foreign.url}, environ={}),
                        [catalog.get("client.retries"), catalog.get("errors.status_mapping")])
    assert len(rows) == len(every) and {r["outcome"] for r in rows} == {"skipped"}
    assert all(r["message"].startswith(NOT_STANDIN) for r in rows)
    assert [r.path for r in foreign.requests] == [handshake.PATH]  # the handshake, and nothing else


def test_the_standin_is_still_recognised_and_its_faults_still_run(tmp_path: Path, standin: StandIn) -> None:
    rows, is_standin = run_live(standin.url, CANARY_KEY, tmp_path, ["errors.status_mapping"], surface="v1")
    assert is_standin
    assert len(rows) == 6 + 2  # v1: Python's six, the JS docs' two
    assert {r.outcome.value for r in rows if runs_here(r)} == {"passed"}
    assert {r.outcome.value for r in rows if not runs_here(r)} <= {"skipped"}
    assert any(entry.query.get("standin-scenario") == "status:429" for entry in standin.requests)

"""Record against the stand-in, replay offline, run live: the spine end to end, as a user runs it."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conformance.calling import js_bridge
from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import Settings
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, GA, REPO, SURFACES, run_cli, run_cli_subprocess

CHAT = "chat.completions.create"
# One row per documented case: Python's (every surface x auth mode x client) and the JS docs' v1 rows, which
# run wherever Node is installed (without it they are skipped with the reason, and record nothing).
CASES = build_cases(Settings(), [catalog.get(CHAT)])
N = len(CASES)
JS_RUN = 0 if js_bridge.unavailable_reason() else sum(c.sdk == "javascript" for c in CASES)
RUN = sum(c.sdk == "python" for c in CASES) + JS_RUN
SKIPPED = N - RUN


def _python_v1(row: dict) -> bool:
    """A row that replays Python's v1 cassette (the JS rows replay their own, javascript/v1/)."""
    return row["surface"] == "v1" and row["sdk"] == "python"


def _report(directory: Path) -> dict:
    return json.loads((directory / "report.json").read_text())


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_record_writes_scrubbed_cassettes_that_replay(tmp_path: Path, standin: StandIn) -> None:
    cassettes, reports = tmp_path / "cassettes", tmp_path / "reports"
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
    rec = run_cli("run", "--mode", "record", "--endpoint", standin.url, "--operations", CHAT,
                  "--cassette-dir", str(cassettes), "--report-dir", str(reports / "rec"), cwd=tmp_path, env=env)
    assert rec.returncode == 0, rec.stdout + rec.stderr
    summary = _report(reports / "rec")["summary"]
    assert {k: summary[k] for k in ("cases", "passed", "failed", "skipped", "error")} == {
        "cases": N, "passed": RUN, "failed": 0, "skipped": SKIPPED, "error": 0}
    assert len(standin.requests) == RUN  # every case really called the endpoint (JS through the replay server)
    written = _files(tmp_path)
    assert {p.relative_to(cassettes).as_posix() for p in cassettes.rglob("*.json")} == {
        *(f"{surface}/{CHAT}.json" for surface in SURFACES), *([f"javascript/v1/{CHAT}.json"] if JS_RUN else [])}
    for path in written:
        text = path.read_text(errors="replace")
        for secret in (CANARY_KEY, CANARY_TOKEN, f"127.0.0.1:{standin.port}"):
            assert secret not in text, f"{secret} leaked into {path}"
    # The credential header keeps its documented form, with a placeholder.
    versioned = json.loads((cassettes / GA / f"{CHAT}.json").read_text())
    forms = sorted(json.dumps({k: v for k, v in i["request"]["headers"].items() if k in ("api-key", "authorization")})
                   for i in versioned["interactions"])
    assert forms == ['{"api-key": ["<api-key>"]}', '{"authorization": ["Bearer <entra-token>"]}']

    before = standin.connections
    rep = run_cli("run", "--endpoint", standin.url, "--operations", CHAT, "--cassette-dir", str(cassettes),
                  "--report-dir", str(reports / "replay"), cwd=tmp_path)
    assert rep.returncode == 0, rep.stdout + rep.stderr
    assert _report(reports / "replay")["summary"]["passed"] == RUN
    assert standin.connections == before


def test_replay_of_bundled_cassettes_opens_no_connection_to_a_listening_server(
    tmp_path: Path, standin: StandIn
) -> None:
    # In a fresh interpreter, as a user's shell runs it: the one fast-suite run that proves the process wiring.
    result = run_cli_subprocess("run", "--endpoint", standin.url, "--operations", CHAT,
                                "--report-dir", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = _report(tmp_path)
    assert report["run_info"]["mode"] == "replay"
    assert report["summary"]["passed"] == RUN
    assert standin.connections == 0
    assert len(standin.requests) == 0
    assert f"{RUN} passed" in result.stdout
    # The report says what this replay replays, from the cassettes' provenance (bundled: the stand-in).
    replays = report["run_info"]["replays"]
    # The dates are those of every cassette behind the rows (Python's, one a surface, and JS's), one date or a range.
    dates = sorted({json.loads(p.read_text())["provenance"]["recorded"]
                    for p in (REPO / "cassettes").rglob(f"{CHAT}.json")})
    span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", dates[0]) and replays == f"recordings of the stand-in, {span}", replays
    assert f"replays {replays}" in (tmp_path / "report.md").read_text()


def test_live_mode_passes_against_the_standin_and_writes_no_cassette(tmp_path: Path, standin: StandIn) -> None:
    cassettes = tmp_path / "cassettes"
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
    result = run_cli("run", "--mode", "live", "--endpoint", standin.url, "--operations", CHAT,
                     "--cassette-dir", str(cassettes), "--report-dir", str(tmp_path), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _report(tmp_path)["summary"]["passed"] == RUN
    assert not cassettes.exists()
    assert len(standin.requests) == RUN


class _NoChoices(BaseHTTPRequestHandler):
    """A resource whose chat body lacks `choices`: the contract must catch it."""
    disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = json.dumps({"id": "chatcmpl-x", "object": "chat.completion", "created": 1, "model": "gpt-4o"}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def broken_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NoChoices)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_live_mode_fails_with_the_json_path_when_choices_is_missing(tmp_path: Path, broken_server: str) -> None:
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
    result = run_cli("run", "--mode", "live", "--endpoint", broken_server, "--operations", CHAT,
                     "--report-dir", str(tmp_path), cwd=tmp_path, env=env)
    assert result.returncode == 1
    report = _report(tmp_path)
    assert report["summary"]["failed"] == RUN
    for row in report["results"]:
        if row["outcome"] == "skipped":  # a JS row on a machine without Node
            assert row["sdk"] == "javascript" and not JS_RUN
            continue
        assert row["outcome"] == "failed"
        assert "$.choices" in row["message"], row["message"]


@pytest.fixture
def cassette_copy(tmp_path: Path) -> Path:
    target = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", target)
    return target


def _replay(tmp_path: Path, cassettes: Path, *extra: str) -> dict:
    result = run_cli("run", "--operations", CHAT, "--cassette-dir", str(cassettes), "--report-dir", str(tmp_path),
                     *extra, cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    return _report(tmp_path)


def test_missing_cassette_is_an_error_naming_the_fix(tmp_path: Path, cassette_copy: Path) -> None:
    (cassette_copy / "v1" / f"{CHAT}.json").unlink()
    report = _replay(tmp_path, cassette_copy)
    v1 = [r for r in report["results"] if _python_v1(r)]
    assert {r["outcome"] for r in v1} == {"error"}
    assert "does not exist" in v1[0]["message"] and "--mode record" in v1[0]["message"]
    assert all(r["outcome"] in ("passed", "skipped") for r in report["results"] if not _python_v1(r))
    assert sum(r["outcome"] == "passed" for r in report["results"]) == RUN - len(v1)


def test_corrupt_cassette_is_an_error_naming_the_fix(tmp_path: Path, cassette_copy: Path) -> None:
    path = cassette_copy / GA / f"{CHAT}.json"
    path.write_text(path.read_text()[:200])
    report = _replay(tmp_path, cassette_copy)
    bad = [r for r in report["results"] if r["surface"] == GA]
    assert {r["outcome"] for r in bad} == {"error"}
    assert "corrupt or truncated" in bad[0]["message"]


def test_cassette_mismatch_names_the_differing_field(tmp_path: Path, cassette_copy: Path) -> None:
    path = cassette_copy / "v1" / f"{CHAT}.json"
    path.write_text(path.read_text().replace("When was Microsoft founded?", "When was Contoso founded?"))
    report = _replay(tmp_path, cassette_copy)
    bad = [r for r in report["results"] if _python_v1(r)]
    assert {r["outcome"] for r in bad} == {"error"}
    assert "$.messages[1].content" in bad[0]["message"]


def test_replay_checks_each_auth_modes_documented_header_form(tmp_path: Path, cassette_copy: Path) -> None:
    path = cassette_copy / GA / f"{CHAT}.json"
    data = json.loads(path.read_text())
    for item in data["interactions"]:  # pretend the resource had only seen bearer tokens
        headers = item["request"]["headers"]
        headers.pop("api-key", None)
        headers["authorization"] = ["Bearer <entra-token>"]
    path.write_text(json.dumps(data))
    report = _replay(tmp_path, cassette_copy)
    rows = {(r["surface"], r["auth"]): r for r in report["results"] if r["client"] == "sync"}
    assert rows[(GA, "entra")]["outcome"] == "passed"
    for auth in ("api_key", "env"):
        row = rows[(GA, auth)]
        assert row["outcome"] == "error"
        assert "credential header is 'api-key'" in row["message"]

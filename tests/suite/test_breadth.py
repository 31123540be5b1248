"""Every documented operation, on every documented surface x auth mode x client, from the bundled cassettes."""

from __future__ import annotations

import json
import shutil
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import DEFAULT_API_VERSIONS, Settings
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, GA, REPO, SURFACES, run_cli, run_cli_subprocess
from tests.support.sdk_rows import JS_REASON, runs_here


def _report(directory: Path) -> dict[str, Any]:
    return json.loads((directory / "report.json").read_text())


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("offline")
    result = run_cli("run", "--report-dir", str(out), cwd=out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return _report(out), result.stdout


def test_offline_run_passes_every_documented_case(offline_run: tuple[dict[str, Any], str]) -> None:
    report, stdout = offline_run
    expected = {c.id for c in build_cases(Settings())}
    rows = {r["id"]: r for r in report["results"]}
    assert set(rows) == expected
    failing = {i: r["message"] for i, r in rows.items() if r["outcome"] != "passed" and runs_here(r)}
    assert failing == {}
    # Without Node the JS rows are still there, skipped with the one install reason (tests/support/sdk_rows.py).
    assert all(r["outcome"] == "skipped" and r["message"] == JS_REASON for r in rows.values() if not runs_here(r))
    passed = sum(runs_here(r) for r in rows.values())
    assert f"aoai-conformance: {len(expected)} cases (replay): {passed} passed" in stdout
    per_op = Counter(r["operation"] for r in report["results"])
    assert set(per_op) == set(catalog.OPERATIONS)


def test_surfaces_follow_the_docs(offline_run: tuple[dict[str, Any], str]) -> None:
    report, _ = offline_run
    surfaces: dict[str, set[str]] = {}
    for row in report["results"]:
        surfaces.setdefault(row["operation"], set()).add(row["surface"])
    assert surfaces["responses.create.stream"] == {"v1"}
    assert surfaces["images.generate"] == set(DEFAULT_API_VERSIONS)
    # needs a preview api-version
    assert surfaces["audio.speech.create"] == {v for v in DEFAULT_API_VERSIONS if v.endswith("-preview")}
    assert surfaces["chat.completions.create"] == set(SURFACES)


def test_documented_entra_exception_is_reported_as_its_documented_outcome(
    offline_run: tuple[dict[str, Any], str],
) -> None:
    report, _ = offline_run
    rows = [r for r in report["results"] if r["operation"] == "embeddings.create" and r["surface"] == "v1"]
    entra = [r for r in rows if r["auth"] == "entra"]
    assert len(entra) == 2 and all(r["outcome"] == "passed" and r["status"] == 401 for r in entra)
    assert all("documented outcome HTTP 401 AuthenticationError" in r["message"] for r in entra)
    assert all(r["status"] == 200 for r in rows if r["auth"] != "entra")


def test_probes_count_retries_at_the_wire(offline_run: tuple[dict[str, Any], str]) -> None:
    report, _ = offline_run
    retries = [r for r in report["results"] if r["operation"] == "client.retries" and runs_here(r)]
    expected = sum(p.attempts or 0 for p in catalog.get("client.retries").probes)
    assert retries and all(r["attempts"] == expected for r in retries)


@pytest.fixture
def cassettes(tmp_path: Path) -> Path:
    target = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes", target)
    return target


def _replay(tmp_path: Path, cassettes: Path, operation: str) -> dict[str, Any]:
    result = run_cli("run", "--operations", operation, "--cassette-dir", str(cassettes),
                     "--report-dir", str(tmp_path), cwd=tmp_path)
    assert "Traceback" not in result.stdout + result.stderr
    return _report(tmp_path)


def _rewrite_body(path: Path, edit: Any) -> None:
    data = json.loads(path.read_text())
    for item in data["interactions"]:
        body = item["response"]["body"]
        body["string"] = edit(body["string"])
    path.write_text(json.dumps(data))


def test_stream_case_fails_when_a_middle_chunk_is_mutated(tmp_path: Path, cassettes: Path) -> None:
    def mutate(text: str) -> str:
        frames = text.split("\n\n")
        middle = len(frames) // 2
        chunk = json.loads(frames[middle].removeprefix("data: "))
        chunk["choices"][0]["index"] = "zero"
        frames[middle] = "data: " + json.dumps(chunk)
        return "\n\n".join(frames)

    _rewrite_body(cassettes / "v1" / "chat.completions.create.stream.json", mutate)
    report = _replay(tmp_path, cassettes, "chat.completions.create.stream")
    v1 = [r for r in report["results"] if r["surface"] == "v1"]
    assert v1 and all(r["outcome"] == "failed" for r in v1)
    assert all("$.choices[0].index" in r["message"] and "event[" in r["message"] for r in v1)
    assert all(r["outcome"] == "passed" for r in report["results"] if r["surface"] != "v1")


def test_stream_case_fails_when_the_stream_is_cut_before_its_end(tmp_path: Path, cassettes: Path) -> None:
    _rewrite_body(cassettes / GA / "chat.completions.create.stream.json",
                  lambda text: "\n\n".join(text.split("\n\n")[:3]) + "\n\n")
    report = _replay(tmp_path, cassettes, "chat.completions.create.stream")
    cut = [r for r in report["results"] if r["surface"] == GA]
    assert cut and all(r["outcome"] == "failed" for r in cut)
    assert all("without its terminal `data: [DONE]`" in r["message"] for r in cut)


@pytest.mark.e2e
def test_retry_case_fails_when_the_service_needs_fewer_attempts(tmp_path: Path, cassettes: Path) -> None:
    path = cassettes / "v1" / "client.retries.json"
    data = json.loads(path.read_text())
    second_429 = [i for i in data["interactions"]
                  if "status%3A429" in i["request"]["uri"] and i["response"]["status"]["code"] == 429]
    assert second_429
    # Make the first 429 of each "429 retried twice" episode a success: the SDK stops after one attempt.
    for item in data["interactions"]:
        if "429%3Bretry_after_ms%3D5%2Cstatus" in item["request"]["uri"] and item["response"]["status"]["code"] == 429:
            ok = next(i for i in data["interactions"] if i["request"]["uri"] == item["request"]["uri"]
                      and i["response"]["status"]["code"] == 200)
            item["response"] = ok["response"]
    path.write_text(json.dumps(data))
    report = _replay(tmp_path, cassettes, "client.retries")
    # The mutated file is Python's; the JS rows replay their own (javascript/v1/) and are untouched.
    v1 = [r for r in report["results"] if r["surface"] == "v1" and r["sdk"] == "python"]
    assert v1 and all(r["outcome"] in ("failed", "error") for r in v1)
    assert {r["outcome"] for r in report["results"] if r["sdk"] == "javascript"} <= {"passed", "skipped"}
    assert any("429-retried-twice: expected 3 HTTP attempt(s)" in r["message"] for r in v1)


def test_fault_cases_are_not_triggerable_live_against_a_real_resource(tmp_path: Path) -> None:
    # Nothing listens on the port, so the stand-in handshake gets no answer (and no test reaches past loopback).
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{sock.getsockname()[1]}"
    result = run_cli("run", "--mode", "live", "--endpoint", endpoint,
                     "--operations", "client.retries,errors.status_mapping", "--report-dir", str(tmp_path),
                     cwd=tmp_path, env={"AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_AD_TOKEN": "t"})
    assert result.returncode == 0, result.stdout + result.stderr
    rows = _report(tmp_path)["results"]
    assert rows and {r["outcome"] for r in rows} == {"skipped"}
    assert all(r["message"].startswith("not triggerable in live mode against a server that is not the stand-in")
               for r in rows)


@pytest.mark.e2e
def test_rerecording_everything_against_the_standin_then_replaying_passes(tmp_path: Path) -> None:
    fresh = tmp_path / "cassettes"
    with StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN) as server:
        env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
        rec = run_cli_subprocess("run", "--mode", "record", "--endpoint", server.url, "--cassette-dir", str(fresh),
                      "--report-dir", str(tmp_path / "rec"), cwd=tmp_path, env=env)
        assert rec.returncode == 0, rec.stdout[-3000:]
        served = {(r.method, r.path.split("?")[0]) for r in server.requests}
    assert len(served) >= 12  # every documented path, on both surfaces
    rep = run_cli_subprocess("run", "--cassette-dir", str(fresh), "--report-dir", str(tmp_path / "rep"), cwd=tmp_path)
    assert rep.returncode == 0, rep.stdout[-3000:]
    assert _report(tmp_path / "rep")["summary"]["failed"] == 0
    expected = {p.relative_to(REPO / "cassettes") for p in (REPO / "cassettes").rglob("*.json")}
    assert {p.relative_to(fresh) for p in fresh.rglob("*.json")} == expected

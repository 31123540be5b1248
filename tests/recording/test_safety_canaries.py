"""No canary secret reaches any file a record run writes: cassettes, report, JUnit, log, pytest cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.commands.cli import SUITE_DIR
from conformance.standin import StandIn
from tests.support import SURFACES
from tests.support.leaky import CANARIES, LeakyProxy, cli, files_under, hits, run_pytest

# JSON, SSE, multipart upload, binary download: every body shape the scrubber must handle.
OPERATIONS = "chat.completions.create,chat.completions.create.stream,audio.transcriptions.create,audio.speech.create"


def _record(tmp_path: Path, endpoint: str, via_cli: bool) -> list[Path]:
    """Record through the CLI, or through plain pytest (which, unlike the CLI, keeps its cache)."""
    out = tmp_path / "out"
    # DEBUG: vcrpy logs responses before scrubbing them and httpcore logs raw headers (scrub.LogScrubber).
    common = ["--junitxml", str(out / "junit.xml"), "--log-file", str(out / "run.log"), "--log-file-level", "DEBUG",
              "-rA"]
    if via_cli:
        result = cli("run", "--mode", "record", "--endpoint", endpoint, "--operations", OPERATIONS,
                     "--cassette-dir", str(out / "cassettes"), "--report-dir", str(out / "reports"), "--", *common,
                     cwd=tmp_path)
    else:
        (tmp_path / "pytest.ini").write_text("[pytest]\n")
        result = run_pytest(
            str(SUITE_DIR / "test_conformance.py"), "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-o", f"cache_dir={out / 'pytest-cache'}", "--conformance-mode", "record", "--conformance-endpoint",
            endpoint, "--conformance-operations", OPERATIONS, "--conformance-cassette-dir", str(out / "cassettes"),
            "--conformance-report-dir", str(out / "reports"), *common, cwd=tmp_path,
        )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    (out / "stdout.txt").write_text(result.stdout + result.stderr)
    written = files_under(out)
    names = {p.relative_to(out).parts[0] for p in written}
    expected = {"cassettes", "reports", "junit.xml", "run.log", "stdout.txt"} | (set() if via_cli else {"pytest-cache"})
    assert expected <= names, names
    report = json.loads((out / "reports" / "report.json").read_text())
    assert report["summary"]["cases"] > 0
    return written


@pytest.mark.parametrize(("host", "via_cli"), [("127.0.0.1", True), ("localhost", False)])
def test_record_run_writes_no_canary_anywhere(
    tmp_path: Path, canary_standin: StandIn, host: str, via_cli: bool
) -> None:
    with LeakyProxy(canary_standin) as proxy:
        written = _record(tmp_path, f"http://{host}:{proxy.port}", via_cli)
    assert canary_standin.requests, "the run never reached the stand-in"
    needles = (*CANARIES, host, f":{proxy.port}", f":{canary_standin.port}")
    assert hits(written, needles) == []
    # The run really saw every auth mode's credential and every surface.
    cassettes = [p for p in written if p.suffix == ".json" and "cassettes" in p.parts]
    assert {p.parent.name for p in cassettes} == set(SURFACES)
    forms = {json.dumps({k: v for k, v in i["request"]["headers"].items() if k in ("api-key", "authorization")})
             for p in cassettes for i in json.loads(p.read_text())["interactions"]}
    assert forms == {'{"api-key": ["<api-key>"]}', '{"authorization": ["Bearer <api-key>"]}',
                     '{"authorization": ["Bearer <entra-token>"]}'}

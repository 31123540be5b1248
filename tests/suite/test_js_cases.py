"""The JavaScript rows: the documented JS calls replayed offline through the replay server, judged in Python."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from conformance.calling import backoff, js_bridge
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, build_cases
from conformance.catalog.config import AuthMode, Mode, Settings
from conformance.reporting import sdk_coverage
from conformance.suite import js_runner
from conformance.suite.runner import Session, run_case
from conformance.verdicts.results import Outcome
from tests.support import run_cli

REPO = Path(__file__).resolve().parents[2]
JS_OPERATIONS = {"responses.create", "responses.create.stream", "responses.create.mcp_tool",
                 "chat.completions.create", "errors.status_mapping", "client.retries"}
needs_node = pytest.mark.skipif(js_bridge.unavailable_reason() is not None,
                                reason=js_bridge.unavailable_reason() or "")


def js_cases(settings: Settings, operation: str | None = None) -> list[Case]:
    return [c for c in build_cases(settings) if c.sdk == "javascript"
            and (operation is None or c.operation.id == operation)]


@pytest.fixture
def cassettes(tmp_path: Path) -> Path:
    root = tmp_path / "cassettes"
    shutil.copytree(REPO / "cassettes" / "javascript", root / "javascript")
    return root


@pytest.fixture
def session(cassettes: Path) -> Iterator[Session]:
    s = Session(Settings(), cassettes)
    yield s
    s.close()


def test_js_cases_come_from_the_catalog_on_v1_for_both_documented_auth_modes() -> None:
    cases = js_cases(Settings())
    assert {c.operation.id for c in cases} == JS_OPERATIONS
    assert {(c.surface, c.client.value) for c in cases} == {("v1", "async")}
    assert {c.auth for c in cases} == {AuthMode.API_KEY, AuthMode.ENTRA}
    assert all(c.id.endswith("-javascript]") for c in cases)
    assert len({c.param_id for c in build_cases(Settings())}) == len(build_cases(Settings()))


@pytest.mark.parametrize("mode", list(Mode))
def test_only_replay_asks_the_driver_to_shrink_the_sdk_backoff(mode: Mode, cassettes: Path) -> None:
    # As for Python (calling/backoff.py): a cassette observes the attempts, not the waits between them.
    settings = Settings(mode=mode, endpoint="http://127.0.0.1:9", api_key="key-for-test", ad_token="token-for-test")
    session = SimpleNamespace(settings=settings)
    case = js_cases(settings, "client.retries")[0]
    request = js_runner._request(session, case, js_runner.JsContext(None, None, "http://127.0.0.1:9/"), {})  # type: ignore[arg-type]
    if mode is Mode.REPLAY:
        assert request["backoffScale"] == backoff.REPLAY_BACKOFF_SCALE == 0.002
    else:
        assert "backoffScale" not in request


@needs_node
def test_offline_js_rows_pass_on_both_auth_modes(session: Session) -> None:
    rows = [run_case(session, case) for case in js_cases(session.settings)]
    assert len(rows) == 12
    bad = [(r.id, r.outcome, r.message) for r in rows if r.outcome is not Outcome.PASSED]
    assert not bad
    assert {r.sdk for r in rows} == {"javascript"}
    retries = {r.id: r.attempts for r in rows if r.operation == "client.retries"}
    assert set(retries.values()) == {2 + 2 + 3 + 3 + 1 + 6}  # every probe's attempts counted at the wire


@needs_node
def test_a_mutated_js_cassette_body_fails_its_case_with_the_json_path(session: Session, cassettes: Path) -> None:
    path = cassettes / "javascript" / "v1" / "responses.create.json"
    data = json.loads(path.read_text())
    for item in data["interactions"]:
        body = json.loads(item["response"]["body"]["string"])
        body["status"] = 42
        item["response"]["body"]["string"] = json.dumps(body)
    path.write_text(json.dumps(data))
    row = run_case(session, js_cases(session.settings, "responses.create")[0])
    assert row.outcome is Outcome.FAILED
    assert "$.status" in row.message


@needs_node
def test_a_js_request_the_cassette_does_not_hold_is_an_error_naming_the_difference(
    session: Session, cassettes: Path
) -> None:
    path = cassettes / "javascript" / "v1" / "chat.completions.create.json"
    path.write_text(path.read_text().replace("attention is all you need", "something else"))
    row = run_case(session, js_cases(session.settings, "chat.completions.create")[0])
    assert row.outcome is Outcome.ERROR
    assert "no interaction matching" in row.message and "$.messages[1].content" in row.message


@needs_node
def test_entra_replay_must_send_the_bearer_token_form_the_cassette_recorded(session: Session, cassettes: Path) -> None:
    # Only key-form recordings left: the entra case's `Bearer <entra-token>` no longer matches anything.
    path = cassettes / "javascript" / "v1" / "responses.create.json"
    path.write_text(path.read_text().replace("Bearer <entra-token>", "Bearer <api-key>"))
    entra = [c for c in js_cases(session.settings, "responses.create") if c.auth is AuthMode.ENTRA]
    row = run_case(session, entra[0])
    assert row.outcome is Outcome.ERROR
    assert "credential header is 'bearer <entra-token>' in the request" in row.message


def test_js_cases_are_skipped_with_the_install_reason_without_node(
    session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH holding no node
    rows = [run_case(session, case) for case in js_cases(session.settings)]
    assert {r.outcome for r in rows} == {Outcome.SKIPPED}
    assert all("npm ci --prefix js" in r.message and "Node.js" in r.message for r in rows)
    info = sdk_coverage.summary([r.to_dict() for r in rows])
    assert info["run"] == []
    assert [n["sdk"] for n in info["not_run"]] == ["javascript", "dotnet", "go", "java"]
    assert "npm ci --prefix js" in info["not_run"][0]["reason"]


def test_js_cases_are_skipped_when_the_driver_packages_are_missing(tmp_path: Path) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed; the PATH case covers this machine")
    shutil.copy(js_bridge.DRIVER, tmp_path / "driver.mjs")  # the driver without its packages
    reason = js_bridge.unavailable_reason(tmp_path)
    assert reason is not None and "openai" in reason and "npm ci --prefix js" in reason


@pytest.mark.e2e
def test_the_offline_run_without_node_passes_and_keeps_every_js_row_skipped_with_one_reason(tmp_path: Path) -> None:
    # As the README's first command on a machine without Node: a PATH with no node on it.
    empty = tmp_path / "bin"
    empty.mkdir()
    ops = sorted(JS_OPERATIONS)
    result = run_cli("run", "--operations", ",".join(ops), "--report-dir", str(tmp_path / "r"),
                     cwd=tmp_path, env={"PATH": str(empty)})
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    wanted = build_cases(Settings(), [catalog.get(op) for op in ops])
    assert sorted(r["id"] for r in report["results"]) == sorted(c.id for c in wanted)  # none vanished
    js = [r for r in report["results"] if r["sdk"] == "javascript"]
    assert len(js) == 12 and {r["outcome"] for r in js} == {"skipped"}
    assert len({r["message"] for r in js}) == 1 and "Node.js" in js[0]["message"]
    assert {r["outcome"] for r in report["results"] if r["sdk"] == "python"} == {"passed"}
    assert report["summary"]["skipped"] == 12 and report["summary"]["failed"] == report["summary"]["error"] == 0
    not_run = {n["sdk"]: n["reason"] for n in report["run_info"]["sdks"]["not_run"]}
    assert report["run_info"]["sdks"]["run"] == ["python"]
    assert not_run["javascript"] == js[0]["message"]
    assert set(not_run) == {"javascript", "dotnet", "go", "java"}


def test_without_the_driver_folder_the_reason_says_the_installed_package_lacks_it(tmp_path: Path) -> None:
    reason = js_bridge.unavailable_reason(tmp_path)  # an installed wheel: no js/driver.mjs beside the package
    assert reason is not None and "an installed package does not include" in reason and "clone" in reason

"""CassetteStore on disk: save-time re-scrub, atomic writes, and episode merging across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from vcr.request import Request

from conformance import cassette_format
from conformance.cassettes import CassetteStore, write_atomic
from conformance.config import Mode, Settings
from conformance.scrub import Scrubber
from tests.safety.conftest import COOKIE, KEY, SUBSCRIPTION, TOKEN

HOST = "my-canary-resource.openai.azure.com"


def _store(root: Path) -> CassetteStore:
    settings = Settings(mode=Mode.RECORD, endpoint=f"https://{HOST}")
    return CassetteStore(root, settings, Scrubber(KEY, TOKEN, [HOST]))


def _exchange(n: int = 0) -> tuple[Request, dict]:
    request = Request("POST", f"https://{HOST}/openai/v1/chat/completions", json.dumps({"n": n}).encode(),
                      {"api-key": KEY, "content-type": "application/json"})
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"set-cookie": [f"ARRAffinity={COOKIE}"], "x-ms-subscription-id": [SUBSCRIPTION],
                    "apim-subscription-id": [SUBSCRIPTION], "x-request-id": ["req-1"]},
        "body": {"string": f'{{"echo":"{KEY} {TOKEN} https://{HOST}/x"}}'.encode()},
    }
    return request, response


def _save(store: CassetteStore, path: Path, request: Request, response: dict) -> None:
    """What a recorded case does: vcrpy saves its episode, the runner then commits it."""
    store.save_cassette(path, {"requests": [request], "responses": [response]}, cassette_format)
    assert store.commit_path(path)


def test_save_rescrubs_even_when_vcrpy_hooks_were_bypassed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    request, response = _exchange()  # never passed through before_record_request/response
    path = tmp_path / "v1" / "op.json"
    _save(store, path, request, response)
    text = path.read_text()
    for secret in (KEY, TOKEN, HOST, COOKIE, SUBSCRIPTION):
        assert secret not in text
    item = json.loads(text)["interactions"][0]
    assert item["request"]["headers"]["api-key"] == ["<api-key>"]
    assert item["response"]["headers"]["x-request-id"] == ["req-1"]
    assert item["response"]["headers"]["x-ms-subscription-id"] == ["<redacted>"]
    assert "set-cookie" not in item["response"]["headers"]


def test_write_atomic_failure_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.json"
    path.write_text("old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "x" * 5_000_000)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]


def test_write_atomic_interrupted_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.json"
    path.write_text("old")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)  # after the data is written, before the rename
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]


def test_a_new_run_replaces_an_old_file_but_a_same_run_file_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "v1" / "op.json"
    first = _store(tmp_path)
    first.run_id = "run-1"  # explicit: under xdist every store of this test process shares one run id
    _save(first, path, *_exchange(1))
    second = _store(tmp_path)  # another run: starts the cassette afresh
    second.run_id = "run-2"
    _save(second, path, *_exchange(2))
    assert _bodies(path) == ['{"n": 2}']
    sibling = _store(tmp_path)  # a second worker of the same run
    sibling.run_id = second.run_id
    _save(sibling, path, *_exchange(3))
    assert _bodies(path) == ['{"n": 2}', '{"n": 3}']
    assert json.loads(path.read_text())["recorded_by"] == {"run": second.run_id, "episodes": [1, 1]}


def _bodies(path: Path) -> list[str]:
    return [i["request"]["body"] for i in json.loads(path.read_text())["interactions"]]


_WORKER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_safety_store import _exchange, _save, _store
root, worker = Path(sys.argv[1]), int(sys.argv[2])
store = _store(root)
for n in range(40):
    request, response = _exchange(worker * 1000 + n)
    _save(store, root / "v1" / "op.json", request, response)
"""


def test_concurrent_workers_of_one_run_lose_no_episode(tmp_path: Path) -> None:
    script = _WORKER.format(tests=str(Path(__file__).parent))
    env = {**os.environ, "PYTEST_XDIST_TESTRUNUID": "shared-run"}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(w)], env=env) for w in (1, 2, 3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    bodies = _bodies(tmp_path / "v1" / "op.json")
    assert sorted(bodies) == sorted(json.dumps({"n": w * 1000 + n}) for w in (1, 2, 3) for n in range(40))
    assert not list(tmp_path.rglob("*.tmp"))


def test_rollback_restores_rewritten_cassettes_and_removes_new_ones(tmp_path: Path) -> None:
    old = tmp_path / "v1" / "old.json"
    write_atomic(old, '{"version": 1, "interactions": []}\n')
    store = _store(tmp_path)
    request, response = _exchange()
    for path in (old, tmp_path / "v1" / "new.json"):
        _save(store, path, request, response)
        _save(store, path, request, response)
    assert (tmp_path / "v1" / "new.json").is_file() and old.read_text() != '{"version": 1, "interactions": []}\n'
    assert sorted(p.name for p in store.rollback()) == ["new.json", "old.json"]
    assert old.read_text() == '{"version": 1, "interactions": []}\n'
    assert not (tmp_path / "v1" / "new.json").exists()

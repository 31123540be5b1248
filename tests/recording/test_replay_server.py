"""The language-agnostic replay server: plain HTTP in, cassette interactions out, mismatches named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from conformance.calling import auth
from conformance.catalog.config import Mode, Settings
from conformance.catalog.operation import JAVASCRIPT
from conformance.recording import provenance, replay_server
from conformance.recording.cassettes import CassetteStore
from conformance.recording.replay_server import MISMATCH_HEADER, ReplayServer
from conformance.recording.scrub import Scrubber
from conformance.standin import StandIn

REPO = Path(__file__).resolve().parents[2]
CHAT = "javascript/v1/chat.completions.create.json"


def _recorded_chat_body() -> bytes:
    data = json.loads((REPO / "cassettes" / CHAT).read_text())
    return str(data["interactions"][0]["request"]["body"]).encode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ReplayServer]:
    shutil.copytree(REPO / "cassettes" / "javascript", tmp_path / "javascript")
    s = ReplayServer(tmp_path, Scrubber(auth.REPLAY_API_KEY, auth.REPLAY_AD_TOKEN, [])).start()
    yield s
    s.close()


def _post(url: str, body: bytes, credential: str = f"Bearer {auth.REPLAY_API_KEY}") -> httpx2.Response:
    is_key = credential.startswith("api-key")
    name, _, value = credential.partition(": ") if is_key else ("authorization", "", credential)
    return httpx2.post(url + "/openai/v1/chat/completions", content=body,
                       headers={name: value, "content-type": "application/json"})


def test_any_http_client_replays_the_recorded_response(server: ReplayServer) -> None:
    control = httpx2.post(server.url + "/__aoai-conformance/cassette", json={"cassette": CHAT})
    assert control.status_code == 200
    reply = _post(server.url, _recorded_chat_body())
    assert reply.status_code == 200 and reply.json()["object"] == "chat.completion"


def test_answers_are_not_held_back_by_nagle(server: ReplayServer) -> None:
    # Headers and body are two writes; with Nagle on, each answer waited ~40 ms for the client's delayed ACK.
    assert replay_server._handler(server).disable_nagle_algorithm is True


def test_a_mismatch_is_answered_with_a_body_naming_the_json_path(server: ReplayServer) -> None:
    server.use(CHAT)
    body = json.loads(_recorded_chat_body())
    body["max_tokens"] = 7
    reply = _post(server.url, json.dumps(body).encode())
    assert reply.status_code == 404 and reply.headers[MISMATCH_HEADER] == "mismatch"
    assert "$.max_tokens is 7 in the request" in reply.json()["error"]["message"]


def test_the_credential_form_is_matched(server: ReplayServer) -> None:
    server.use(CHAT)
    # The JS docs send the key as a bearer token on v1; the versioned `api-key` header form was never recorded.
    reply = _post(server.url, _recorded_chat_body(), credential=f"api-key: {auth.REPLAY_API_KEY}")
    assert reply.status_code == 404
    assert "credential header is 'api-key' in the request" in reply.json()["error"]["message"]


def test_each_interaction_plays_once_and_a_recorded_fault_drops_the_connection(server: ReplayServer) -> None:
    server.use("javascript/v1/client.retries.json")
    data = json.loads((REPO / "cassettes/javascript/v1/client.retries.json").read_text())
    first = data["interactions"][0]["request"]
    url = first["uri"].replace("https://fake-resource.openai.azure.com", server.url)
    send = lambda: httpx2.post(url, content=first["body"].encode(),  # noqa: E731
                               headers={"authorization": f"Bearer {auth.REPLAY_API_KEY}"})
    with pytest.raises(httpx2.TransportError):
        send()  # the recorded drop
    assert send().status_code == 200  # then the recorded retry's answer
    again = send()  # played once: what is left is the entra episode, whose credential form differs
    assert again.status_code == 404 and "has no interaction matching" in again.json()["error"]["message"]


def _record_one(root: Path, autocommit: bool) -> tuple[CassetteStore, str]:
    """Record the chat request through the server in record mode against the stand-in; (store, the key)."""
    key, token = "canary-key-0d9c8b7a6f5e4d3c", "canary-token-1a2b3c4d5e6f7a8b"
    with StandIn(api_key=key, token=token) as standin:
        scrubber = Scrubber(key, token, ["127.0.0.1"])
        store = CassetteStore(root, Settings(mode=Mode.RECORD, endpoint=standin.url), scrubber, lambda: True)
        rec = ReplayServer(root, scrubber, store=store, upstream=standin.url, autocommit=autocommit).start()
        try:
            rec.use(CHAT)
            assert _post(rec.url, _recorded_chat_body(), credential=f"Bearer {key}").status_code == 200
            rec.finish()
        finally:
            rec.close()
    return store, key


def test_inside_a_run_the_recording_waits_for_the_verdict(tmp_path: Path) -> None:
    # The suite's record mode: the runner commits (or discards) by the case's verdict (record_policy).
    store, _ = _record_one(tmp_path, autocommit=False)
    assert not (tmp_path / CHAT).exists()
    assert store.commit_path(tmp_path / CHAT)
    assert (tmp_path / CHAT).is_file()


def test_record_mode_forwards_and_writes_a_scrubbed_cassette_that_replays(tmp_path: Path) -> None:
    _, key = _record_one(tmp_path, autocommit=True)  # standalone `replay-server --record`: no verdict
    text = (tmp_path / CHAT).read_text()
    assert key not in text and "Bearer <api-key>" in text
    stamp = json.loads(text)["provenance"]
    assert stamp["source"] == "stand-in"
    # A JS recording names the JS driver's `openai` (npm), not the Python package of the same name.
    assert stamp["openai_version"] == provenance.sdk_version(JAVASCRIPT) != provenance.version("openai")
    replay = ReplayServer(tmp_path, Scrubber(auth.REPLAY_API_KEY, auth.REPLAY_AD_TOKEN, [])).start()
    try:
        replay.use(CHAT)
        assert _post(replay.url, _recorded_chat_body()).status_code == 200
    finally:
        replay.close()

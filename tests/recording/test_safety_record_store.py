"""Record mode through real vcrpy: other hosts pass through unrecorded; an episode waits for commit or discard."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
import pytest
import requests
from vcr.request import Request

from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode, Mode, Settings
from conformance.recording import cassette_format
from conformance.recording.cassettes import CassetteStore
from conformance.recording.scrub import PLACEHOLDER_HOST, Scrubber

CASE = Case(catalog.get("chat.completions.create"), "v1", AuthMode.API_KEY, ClientKind.SYNC)
TOKEN_PATH = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://cognitiveservices.azure.com"


class _Server:
    """A loopback HTTP server that answers every request with a fixed body and remembers what it got."""

    def __init__(self, status: int, body: bytes) -> None:
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                server.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("x-ms-region", "Test Region")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers() -> Iterator[tuple[_Server, _Server]]:
    endpoint = _Server(200, b'{"id": "chatcmpl-1", "object": "chat.completion"}')
    foreign = _Server(403, b'{"error": "identity not found", "untouched": true}')  # an IMDS stand-in
    yield endpoint, foreign
    endpoint.close()
    foreign.close()


def _store(root: Path, endpoint: str) -> CassetteStore:
    settings = Settings(mode=Mode.RECORD, endpoint=endpoint, api_key="k")
    return CassetteStore(root, settings, Scrubber("k", None, ["127.0.0.1"]), lambda: True)


def _record_case(store: CassetteStore, endpoint: _Server, foreign: _Server) -> requests.Response:
    """One case as a credential chain plus the SDK would run it: a token probe, then the call."""
    with store.use(CASE), httpx2.Client() as client:
        token = requests.get(foreign.url + TOKEN_PATH, headers={"Metadata": "true"}, timeout=10)
        client.post(endpoint.url + "/openai/v1/chat/completions", json={"model": "gpt-4o"}, headers={"api-key": "k"})
    return token


def test_requests_to_other_hosts_reach_the_network_untouched_and_are_never_recorded(
    tmp_path: Path, servers: tuple[_Server, _Server]
) -> None:
    endpoint, foreign = servers
    store = _store(tmp_path, endpoint.url)
    token = _record_case(store, endpoint, foreign)
    # The foreign request really went out, as sent, and its real answer came back unchanged.
    assert [(m, p, h.get("metadata")) for m, p, h in foreign.seen] == [("GET", TOKEN_PATH, "true")]
    assert token.status_code == 403 and token.json() == {"error": "identity not found", "untouched": True}
    assert store.commit(CASE)
    data = json.loads(store.path_for(CASE).read_text())
    assert [i["request"]["uri"] for i in data["interactions"]] == [
        f"https://{PLACEHOLDER_HOST}/openai/v1/chat/completions"]
    assert "metadata" not in json.dumps(data)


def test_save_drops_another_hosts_interaction_that_bypassed_the_hook(tmp_path: Path) -> None:
    store = _store(tmp_path, "http://127.0.0.1:8123")
    ok = Request("POST", "http://127.0.0.1:8123/openai/v1/chat/completions", b"{}", {"api-key": "k"})
    imds = Request("GET", "http://169.254.169.254" + TOKEN_PATH, b"", {"Metadata": "true"})
    response = {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b"{}"}}
    path = store.path_for(CASE)
    store.save_cassette(path, {"requests": [imds, ok], "responses": [response, response]}, cassette_format)
    assert store.commit(CASE)
    uris = [i["request"]["uri"] for i in json.loads(path.read_text())["interactions"]]
    assert uris == [f"https://{PLACEHOLDER_HOST}/openai/v1/chat/completions"]


def test_a_discarded_episode_leaves_the_cassette_byte_identical(
    tmp_path: Path, servers: tuple[_Server, _Server]
) -> None:
    endpoint, foreign = servers
    store = _store(tmp_path, endpoint.url)
    path = store.path_for(CASE)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"old": "recording"}\n')
    _record_case(store, endpoint, foreign)
    assert len(endpoint.seen) == 1  # the case did record an exchange...
    store.discard(CASE)
    assert path.read_bytes() == b'{"old": "recording"}\n'  # ...and nothing of it reached the disk
    assert not store.commit(CASE)  # nothing is left to commit later
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_an_uncommitted_episode_is_not_committed_by_the_next_case(
    tmp_path: Path, servers: tuple[_Server, _Server]
) -> None:
    endpoint, foreign = servers
    store = _store(tmp_path, endpoint.url)
    _record_case(store, endpoint, foreign)  # a case that crashed before its verdict: neither commit nor discard
    with store.use(CASE):
        pass  # the next case on the same cassette records nothing
    assert not store.commit(CASE)
    assert not store.path_for(CASE).exists()


def test_a_committed_cassette_says_what_it_was_recorded_from(
    tmp_path: Path, servers: tuple[_Server, _Server]
) -> None:
    endpoint, foreign = servers
    store = _store(tmp_path, endpoint.url)
    _record_case(store, endpoint, foreign)
    assert store.commit(CASE)
    block = json.loads(store.path_for(CASE).read_text())["provenance"]
    assert block["source"] == "stand-in" and block["x-ms-region"] == "Test Region"
    assert block["endpoint_sha256"].startswith("sha256:") and len(block["recorded"]) == 10
    assert block["openai_version"] and set(block) == {
        "source", "endpoint_sha256", "x-ms-region", "recorded", "tool_version", "openai_version"}


def _episode(auth: dict[str, str], n: int) -> tuple[Request, dict]:
    request = Request("POST", "http://127.0.0.1:8123/openai/v1/chat/completions", json.dumps({"n": n}).encode(),
                      auth)
    return request, {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b"{}"}}


def test_a_run_that_recorded_one_auth_mode_keeps_the_earlier_episodes_of_the_others(tmp_path: Path) -> None:
    path = tmp_path / "v1" / "chat.completions.create.json"
    earlier = _store(tmp_path, "http://127.0.0.1:8123")
    earlier.run_id = "earlier-run"
    for auth, n in (({"api-key": "k"}, 1), ({"authorization": "Bearer entra-token-1234567890abc"}, 2)):
        request, response = _episode(auth, n)
        earlier.save_cassette(path, {"requests": [request], "responses": [response]}, cassette_format)
        assert earlier.commit_path(path)
    now = _store(tmp_path, "http://127.0.0.1:8123")  # its Entra cases were discarded: only api-key recorded
    request, response = _episode({"api-key": "k"}, 3)
    now.save_cassette(path, {"requests": [request], "responses": [response]}, cassette_format)
    assert now.commit_path(path)
    data = json.loads(path.read_text())
    bodies = [(i["request"]["body"], "authorization" in i["request"]["headers"]) for i in data["interactions"]]
    assert bodies == [('{"n": 2}', True), ('{"n": 3}', False)]  # old Entra kept, old api-key replaced
    assert data["recorded_by"]["carried"] == 1
    assert data["provenance"]["earlier"]["source"] == "stand-in"

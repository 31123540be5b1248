"""A language-agnostic record/replay server: any SDK points its base URL at 127.0.0.1 and replays a cassette.

It serves the same cassette files the Python run replays through vcrpy, and matches exactly as that run
does (`matchers.MATCH_ON`: method, path, query, JSON body, the credential header's form), playing each
recorded interaction at most once, in order, so a 429-then-200 episode replays in order. A request no
recorded interaction matches is answered with a 404 carrying `x-aoai-conformance-replay: mismatch` and a
body naming the difference. Recorded connection faults (the synthetic 599) drop the connection, so a
client sees the same transport error it saw when recording.

In record mode it forwards every request to the endpoint and, when the cassette is finished, hands the
episode to `CassetteStore.save_cassette`: the same scrubbing, atomic write and episode merge. Inside a
suite run the runner then commits or discards it by the case's verdict (record_policy); standalone
(`autocommit`) every finished cassette is committed, since no verdict exists.

The cassette is chosen per case with `POST /__aoai-conformance/cassette {"cassette": "<relative path>"}`
(in-process callers use `use()`), and `POST /__aoai-conformance/finish` ends it.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
from vcr import matchers as vcr_matchers
from vcr.request import Request
from vcr.serializers import compat

from conformance.calling.transport import FAULT_HEADER
from conformance.errors import CassetteError
from conformance.recording import cassette_format, matchers
from conformance.recording.cassettes import CassetteStore
from conformance.recording.scrub import Scrubber
from conformance.standin.server import check_loopback

CONTROL = "/__aoai-conformance/"
MISMATCH_HEADER = "x-aoai-conformance-replay"
_MATCHERS = {"method": vcr_matchers.method, "path": vcr_matchers.path, "query": vcr_matchers.query,
             "body": matchers.body, "credential": matchers.credential}
_HOP_HEADERS = {"content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive", "host"}


def _differences(request: Request, recorded: Request) -> list[str]:
    out = []
    for name in matchers.MATCH_ON:
        try:
            _MATCHERS[name](request, recorded)
        except AssertionError as exc:
            out.append(f"{name}: {exc}" if str(exc) else f"{name} differs")
    return out


class ReplayServer:
    """Serves one cassette at a time from `root`; `store` (record mode) forwards to `upstream` and saves."""

    def __init__(self, root: Path, scrubber: Scrubber, *, store: CassetteStore | None = None,
                 upstream: str | None = None, host: str = "127.0.0.1", port: int = 0,
                 autocommit: bool = False) -> None:
        if (store is None) != (upstream is None):
            raise ValueError("record mode needs both a store and an upstream endpoint")
        self.root = root
        self.scrubber = scrubber
        self.store = store
        self.upstream = upstream.rstrip("/") if upstream else None
        self.autocommit = autocommit
        self._lock = threading.Lock()
        self._cassette: Path | None = None
        self._interactions: list[tuple[Request, dict[str, Any]]] = []
        self._played: set[int] = set()
        self._episode: dict[str, list[Any]] = {"requests": [], "responses": []}
        self._http = httpx2.Client(timeout=120) if upstream else None
        self._server = ThreadingHTTPServer((check_loopback(host), port), _handler(self))
        self._server.daemon_threads = True
        # serve_forever's default 0.5 s poll would make every close (one per run with JS rows) wait for it.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="replay-server", daemon=True)

    @property
    def recording(self) -> bool:
        return self.store is not None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.finish()
        self._server.shutdown()
        self._server.server_close()
        if self._http is not None:
            self._http.close()

    def use(self, relative: str) -> None:
        """Select the cassette the next requests replay from (or record into), from its first interaction."""
        path = self.root / relative  # unresolved: the store keys pending episodes by its own path_for
        if self.root.resolve() not in path.resolve().parents:
            raise CassetteError(f"cassette {relative!r} is outside the cassette folder {self.root}")
        with self._lock:
            self._finish_locked()
            self._cassette, self._played = path, set()
            self._interactions = [] if self.recording else self._load(path)

    def finish(self) -> None:
        """End the current cassette; in record mode save its episode (scrubbed, atomic, merged)."""
        with self._lock:
            self._finish_locked()

    def _finish_locked(self) -> None:
        episode, self._episode = self._episode, {"requests": [], "responses": []}
        if self.store is not None and self._cassette is not None and episode["requests"]:
            self.store.save_cassette(self._cassette, episode, cassette_format)
            if self.autocommit:
                self.store.commit_path(self._cassette)

    def _load(self, path: Path) -> list[tuple[Request, dict[str, Any]]]:
        if not path.is_file():
            raise CassetteError(f"no cassette {path}; record it with the replay server in record mode "
                                "(`aoai-conformance replay-server --record --endpoint URL`)")
        try:
            data = cassette_format.deserialize(path.read_text(encoding="utf-8"))
            cassette_format.check_structure(data)
        except ValueError as exc:
            raise CassetteError(f"cassette {path} is corrupt or truncated ({exc}); restore it with "
                                f"`git checkout -- {path}` or re-record it") from None
        return [(Request._from_dict(item["request"]), compat.convert_to_bytes(item["response"]))
                for item in data["interactions"]]

    # -- serving ---------------------------------------------------------------------------------
    def answer(self, request: Request) -> tuple[dict[str, Any] | None, str | None]:
        """The response to play for a request, or (None, what differs from the closest recorded one)."""
        scrubbed = self._scrub(request)
        with self._lock:
            if self._cassette is None:
                return None, "no cassette selected: POST /__aoai-conformance/cassette {\"cassette\": PATH} first"
            best: list[str] | None = None
            for index, (recorded, response) in enumerate(self._interactions):
                if index in self._played:
                    continue
                diffs = _differences(scrubbed, recorded)
                if not diffs:
                    self._played.add(index)
                    return response, None
                if best is None or len(diffs) < len(best):
                    best = diffs
            closest = "; ".join(best) if best else "every recorded interaction was already played"
            return None, (f"cassette {self._cassette} has no interaction matching this request ({closest}); "
                          "re-record it with the replay server in record mode")

    def _scrub(self, request: Request) -> Request:
        request.uri = self.scrubber.url(request.uri)
        request.headers = self.scrubber.request_headers(dict(request.headers))
        if request.body:
            request.body = self.scrubber.data(request.body_bytes)
        return request

    def forward(self, method: str, target: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        """Record mode: send the request upstream; a connection fault becomes the synthetic 599."""
        assert self._http is not None and self.upstream is not None
        url = self.upstream + target
        sent = {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}
        try:
            reply = self._http.request(method, url, headers=sent, content=body)
            response = {"status": {"code": reply.status_code, "message": reply.reason_phrase},
                        "headers": {k: reply.headers.get_list(k) for k in reply.headers},
                        "body": {"string": reply.content}}
        except httpx2.TransportError as exc:
            response = {"status": {"code": 599, "message": "connection fault"},
                        "headers": {FAULT_HEADER: [type(exc).__name__]}, "body": {"string": b""}}
        with self._lock:
            self._episode["requests"].append(Request(method, url, body, headers))
            self._episode["responses"].append(response)
        return response


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith(CONTROL):
                return self._control(body)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if server.recording:
                response = server.forward(self.command, self.path, headers, body)
            else:
                host = headers.get("host", "127.0.0.1")
                played, why = server.answer(Request(self.command, f"http://{host}{self.path}", body, headers))
                if played is None:
                    return self._send(404, {MISMATCH_HEADER: ["mismatch"], "content-type": ["application/json"]},
                                      json.dumps({"error": {"code": "ReplayMismatch", "message": why}}).encode())
                response = played
            resp_headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            if FAULT_HEADER in resp_headers:
                self.close_connection = True  # a recorded dropped connection: drop this one too
                return None
            raw = response.get("body", {}).get("string") or b""
            self._send(int(response["status"]["code"]), resp_headers,
                       raw if isinstance(raw, bytes) else str(raw).encode())
            return None

        def _control(self, body: bytes) -> None:
            try:
                if self.path == CONTROL + "cassette":
                    server.use(str(json.loads(body or b"{}")["cassette"]))
                elif self.path == CONTROL + "finish":
                    server.finish()
                else:
                    return self._send(404, {}, b"unknown control path")
            except (CassetteError, KeyError, ValueError) as exc:
                return self._send(400, {"content-type": ["application/json"]},
                                  json.dumps({"error": str(exc)}).encode())
            return self._send(200, {"content-type": ["application/json"]}, b"{\"ok\": true}")

        def _send(self, status: int, headers: dict[str, Any], body: bytes) -> None:
            self.send_response(status)
            for name, values in headers.items():
                if name.lower() in _HOP_HEADERS:
                    continue
                for value in values if isinstance(values, list) else [values]:
                    self.send_header(name, str(value))
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    return Handler

"""A FOREIGN server for live runs: Azure-ish, on 127.0.0.1, but not our stand-in and not Azure.

It stands for what users point the suite at besides Azure: a proxy, an emulator, a gateway. It shares no
server code with `conformance.standin` (only the example body builders, for its happy paths), knows
nothing of the stand-in's fault scenarios or handshake, and has quirks of its own:

- `images/generations` answers 500 with an empty body;
- a wrong key or token gets a 401 whose body is not Azure's error shape: `{"detail": "nope"}`;
- no response carries `x-request-id` (or `apim-request-id`);
- chat streams are served as `application/json`, not `text/event-stream`;
- any other path or method, the stand-in handshake included, gets a plain-text 404 (unless `get_body`
  is given: then every GET gets 200 with that body, as a catch-all route would answer).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from conformance.catalog.config import DEFAULT_DEPLOYMENTS
from conformance.catalog.operation import Endpoint
from conformance.catalog.operations import OPERATIONS
from conformance.standin.streams import Binary, Json, Stream, build_reply

_PATH = re.compile(r"/openai/(?:v1/|deployments/(?P<deployment>[^/]+)/)?(?P<operation>.+)")
# path -> the catalog's endpoint, for every endpoint that names a deployment (the catalog is the one table)
_OPERATIONS = {op.path.lstrip("/"): op.endpoint for op in OPERATIONS.values() if op.endpoint.accepts}
_KINDS = {name: kind for kind, name in DEFAULT_DEPLOYMENTS.items() if name}


@dataclass
class Seen:
    """One request as the foreign server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    status: int = 0


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""

    def _reply(self, status: int, body: bytes, content_type: str | None) -> None:
        self.seen.status = status
        self.send_response(status)
        if content_type:
            self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, body: object) -> None:
        self._reply(status, json.dumps(body).encode(), "application/json")

    def _record(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.seen = Seen(self.command, url.path, parse_qs(url.query), headers, body)
        with self.server.lock:
            self.server.seen.append(self.seen)

    def do_GET(self) -> None:
        self._record()
        if self.server.get_body is not None:  # a server that answers every GET, e.g. with a catch-all page
            self._reply(200, self.server.get_body, "application/json")
            return
        self._reply(404, b"Not Found", "text/plain")

    def do_POST(self) -> None:
        self._record()
        match = _PATH.fullmatch(self.seen.path)
        endpoint = _OPERATIONS.get(match.group("operation")) if match else None
        if match is None or endpoint is None:
            self._json(404, {"detail": "Not Found"})
            return
        if not self._authorized():
            self._json(401, {"detail": "nope"})
            return
        payload = self._payload(endpoint)
        name = match.group("deployment") or payload.get("model")
        kind = _KINDS.get(str(name))
        if kind is None:
            self._json(404, {"detail": f"no model {name}"})
            return
        if endpoint.path == "/images/generations":
            self._reply(500, b"", None)
            return
        reply = build_reply(endpoint.operation_name, kind, payload)
        if isinstance(reply, Json):
            self._json(reply.status, reply.body)
        elif isinstance(reply, Binary):
            self._reply(200, reply.content, reply.media_type)
        elif isinstance(reply, Stream):
            media = "application/json" if endpoint.path == "/chat/completions" else "text/event-stream"
            self._reply(200, b"".join(reply.frames), media)

    def _authorized(self) -> bool:
        key, token = self.server.api_key, self.server.token
        if "api-key" in self.seen.headers:
            return self.seen.headers["api-key"] == key
        scheme, _, bearer = self.seen.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and bearer in (key, token)

    def _payload(self, endpoint: Endpoint) -> dict[str, Any]:
        if endpoint.path == "/audio/transcriptions":  # multipart: the model travels as a form field
            found = re.search(rb'name="model"\r\n\r\n([^\r]*)\r\n', self.seen.body)
            return {"model": found.group(1).decode()} if found else {}
        try:
            payload = json.loads(self.seen.body or b"{}")
        except ValueError:
            return {}
        return payload if isinstance(payload, dict) else {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api_key: str, token: str, get_body: bytes | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api_key, self.token, self.get_body = api_key, token, get_body
        self.lock = threading.Lock()
        self.seen: list[Seen] = []


class ForeignServer:
    """Serve the foreign server from a background thread; `requests` is what it received."""

    def __init__(self, api_key: str, token: str, get_body: bytes | None = None) -> None:
        self._server = _Server(api_key, token, get_body)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="foreign-server")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def requests(self) -> list[Seen]:
        with self._server.lock:
            return list(self._server.seen)

    def __enter__(self) -> ForeignServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


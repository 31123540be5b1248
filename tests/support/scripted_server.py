"""A server that is not our stand-in, written in the tests: it answers every request with what a test scripts.

`Reply` is (status, headers, body); `respond(method, path, headers, body)` picks it per request. Served on 127.0.0.1
from a background thread, port chosen by the OS, stopped by the context manager.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Reply = tuple[int, dict[str, str], bytes]
Responder = Callable[[str, str, dict[str, str], bytes], Reply]


class ScriptedServer:
    """`with ScriptedServer(respond) as server:` serves `respond` at `server.url` and records every request."""

    def __init__(self, respond: Responder) -> None:
        self.respond = respond
        self.requests: list[tuple[str, str, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.requests.append((self.command, self.path, body))
                sent = {k.lower(): v for k, v in self.headers.items()}
                status, headers, payload = outer.respond(self.command, self.path, sent, body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def json_reply(status: int, data: Any, **headers: str) -> Reply:
    return status, {"content-type": "application/json", **headers}, json.dumps(data).encode()


def failing_everywhere(method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
    """Every answer fails its case, the way a long stream fails: 400 events, each with its own id and the same
    schema violation, in the wrong order, with no terminal frame; every other body is not JSON."""
    ids = {"x-request-id": "r", "apim-request-id": "a"}
    if b'"stream": true' in body or b'"stream":true' in body:
        frames = [{"id": f"chatcmpl-{i:06d}", "object": "chat.completion.chunk", "created": "soon", "model": "m",
                   "type": "response.output_text.delta", "sequence_number": 400 - i,
                   "choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None}]} for i in range(400)]
        text = "".join(f"data: {json.dumps(frame)}\n\n" for frame in frames)
        return 200, {"content-type": "text/event-stream", **ids}, text.encode()
    return 200, {"content-type": "application/json", **ids}, b"<html>not the service</html>" * 20

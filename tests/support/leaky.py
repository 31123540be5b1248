"""Safety helpers: canary secrets, a proxy that makes the stand-in leak them, and helpers to run the CLI."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conformance.standin import StandIn

# Azure-shaped canaries: a 32-hex key, a JWT, GUIDs, a SAS signature, a cookie.
KEY = "c4a7e1f09b2d43568e7f1a2b3c4d5e6f"
TOKEN = "eyJ0eXAiOiJKV1QiLCJjYW5hcnkiOjF9.eyJhdWQiOiJjYW5hcnktYXVkaWVuY2UifQ.Y2FuYXJ5LXNpZ25hdHVyZS14eXo"
SUBSCRIPTION = "5eb5c41b-0000-4000-8000-c4a7a2ee0001"
TENANT = "7e4a47c4-0000-4000-8000-c4a7a2ee0002"
PRINCIPAL = "9f1bc1a1-0000-4000-8000-c4a7a2ee0003"
COOKIE = "ARRAffinityCanary0c00c1e5"
SAS = "CanarySasSig%2Bq1w2e3r4t5y6u7%3D"
CANARIES = (KEY, TOKEN, *TOKEN.split("."), SUBSCRIPTION, TENANT, PRINCIPAL, COOKIE, SAS, "org-canary0rg",
            "proj_canaryPr0j")


def leak_headers(host: str) -> dict[str, str]:
    """Response headers a real gateway might add, each carrying a canary."""
    return {
        "set-cookie": f"ARRAffinity={COOKIE}; Path=/; HttpOnly",
        "x-ms-subscription-id": SUBSCRIPTION,
        "apim-subscription-id": SUBSCRIPTION,
        "x-ms-tenant-id": TENANT,
        "x-ms-client-principal-id": PRINCIPAL,
        "x-ms-object-id": PRINCIPAL,
        "openai-organization": "org-canary0rg",
        "openai-project": "proj_canaryPr0j",
        "x-canary-echo": f"key={KEY} token=Bearer {TOKEN}",
        "operation-location": f"http://{host}/openai/operations/1?api-version=x&sig={SAS}",
    }


def leak_body(body: bytes, content_type: str, host: str) -> bytes:
    """Echo the canaries inside the body: a JSON field, or an SSE comment the parser ignores."""
    echo = f"{KEY} Bearer {TOKEN} http://{host}/blob?se=2030&sig={SAS}"
    if content_type.startswith("application/json") and body.startswith(b"{"):
        data = json.loads(body)
        if isinstance(data, dict):
            data["x_canary_echo"] = echo
            return json.dumps(data).encode()
    if content_type.startswith("text/event-stream"):
        return f": {echo}\n\n".encode() + body
    return body


class LeakyProxy:
    """A loopback HTTP proxy in front of the stand-in: adds canary headers/bodies; its gate can hold requests."""

    def __init__(self, upstream: StandIn, leak: bool = True) -> None:
        self.upstream, self.leak = upstream, leak
        # Cleared: every request waits at the proxy until it is set again (or the proxy closes), so a test can
        # freeze a client mid-run at a known point instead of hoping a sleep lands there.
        self.open = threading.Event()
        self.open.set()
        self.held = threading.Semaphore(0)  # released once per request that reached the closed gate
        self.host = ""  # the Host header clients used (`localhost:PORT` or `127.0.0.1:PORT`)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                if not proxy.open.is_set():
                    proxy.held.release()
                    proxy.open.wait()
                proxy.host = self.headers.get("host", "")
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "accept-encoding")}
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream.port, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    reply = conn.getresponse()
                    data = reply.read()
                except (OSError, http.client.HTTPException):
                    self.close_connection = True  # the stand-in dropped or cut: drop too
                    return
                finally:
                    conn.close()
                out = {k: v for k, v in reply.getheaders()
                       if k.lower() not in ("content-length", "transfer-encoding", "connection")}
                if proxy.leak:
                    out.update(leak_headers(proxy.host))
                    data = leak_body(data, reply.getheader("content-type") or "", proxy.host)
                self.send_response(reply.status, reply.reason)
                for name, value in out.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> LeakyProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.open.set()
        self.server.shutdown()
        self.server.server_close()


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a user would run with: the canary secrets, no inherited SDK/xdist variables."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_", "PYTEST_XDIST", "PYTEST_CURRENT"))}
    env.update({"AZURE_OPENAI_API_KEY": KEY, "AZURE_OPENAI_AD_TOKEN": TOKEN, **(extra or {})})
    return env


def cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `aoai-conformance` in a subprocess with the canary environment."""
    return subprocess.run([sys.executable, "-m", "conformance.commands.cli", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)


def run_pytest(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run plain pytest (the plugin loads from its entry point) with the canary environment."""
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def hits(paths: list[Path], needles: tuple[str, ...]) -> list[str]:
    """`path: needle` for every needle found in any file (bytes, so binary files are searched too)."""
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [f"{path}: {needle}" for needle in needles if needle.encode() in data]
    return found

"""A loopback managed-identity endpoint, and an environment in which DefaultAzureCredential finds nothing else.

Why point the managed-identity source at 127.0.0.1 rather than exclude it: the product builds
`DefaultAzureCredential()` with no arguments, as the docs do, so a test of that path must not change its
arguments; and a server that counts the requests proves the chain really ran its managed-identity
source, while nothing leaves this machine. With IDENTITY_ENDPOINT + IDENTITY_HEADER set (and IMDS_ENDPOINT
unset) azure-identity uses the App Service flavour, which calls that endpoint and never 169.254.169.254.
The developer-tool sources find nothing: PATH holds no `az`/`pwsh`/`azd`, HOME and AZURE_CONFIG_DIR are
empty folders (no token cache, no VS Code sign-in), and proxies are cleared so loopback stays loopback.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

_IDENTITY_VARS = ("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT",
                  "MSI_ENDPOINT", "MSI_SECRET")
_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


class IdentityServer:
    """Answers every managed-identity token request with 400 and records the paths it was asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms
            def do_GET(self) -> None:
                owner.paths.append(self.path)
                body = b'{"statusCode": 400, "message": "no managed identity is assigned (test server)"}'
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/msi/token"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @contextmanager
    def running(self) -> Iterator[IdentityServer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


def isolate_credential_chain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, identity_url: str) -> None:
    """An environment where DefaultAzureCredential's only reachable source is the loopback identity server."""
    for key in list(os.environ):
        if key.startswith("AZURE_") or key in _IDENTITY_VARS or key in _PROXY_VARS:
            monkeypatch.delenv(key)
    empty = tmp_path / "no-credentials"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("HOME", str(empty))
    monkeypatch.setenv("AZURE_CONFIG_DIR", str(empty))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("IDENTITY_ENDPOINT", identity_url)
    monkeypatch.setenv("IDENTITY_HEADER", "loopback-test-header")

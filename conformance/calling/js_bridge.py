"""The bridge to the JavaScript driver: one `node js/driver.mjs` per session, JSON lines both ways.

The driver runs the documented JS call and reports every HTTP attempt it made (captured by its own
`fetch`) and what the SDK made of the answer. This module turns those attempts into the suite's
`transport.Attempt` objects, so the JS rows are judged by the same Python checks as the Python rows.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.calling.transport import Attempt
from conformance.errors import ConformanceError
from conformance.locations import PACKAGE_DIR

# The driver lives beside the package in a clone (js/); an installed wheel has none.
JS_DIR = PACKAGE_DIR.parent / "js"
DRIVER = JS_DIR / "driver.mjs"
INSTALL_HINT = "install Node.js >= 20 and run `npm ci --prefix js` in the repository"


class DriverError(ConformanceError):
    """The JS driver could not be started or stopped answering."""


def unavailable_reason(js_dir: Path = JS_DIR) -> str | None:
    """Why the JS cases cannot run on this machine (None when they can): the one reason a skipped row carries."""
    if not (js_dir / "driver.mjs").is_file():  # an installed wheel: the driver lives in the repository only
        return ("javascript cases need the JS driver (js/ in the aoai-conformance repository), which an installed "
                f"package does not include: run them from a clone; there, {INSTALL_HINT}")
    if shutil.which("node") is None:
        return f"javascript cases need Node.js, which is not on PATH: {INSTALL_HINT}"
    for package in ("openai", "@azure/identity"):
        if not (js_dir / "node_modules" / package / "package.json").is_file():
            return f"javascript cases need the driver's packages ({package} is not installed): {INSTALL_HINT}"
    return None


@functools.cache
def installed_sdk_version(js_dir: Path = JS_DIR) -> str | None:
    """The version of the `openai` npm package the driver runs (what a JS recording was made with)."""
    try:
        return str(json.loads((js_dir / "node_modules" / "openai" / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


@dataclass
class DriverResult:
    """One answer of the driver: the attempts, and the SDK's verdict (parsed summary or error class)."""

    attempts: list[Attempt]
    ok: bool
    parsed: dict[str, Any] = field(default_factory=dict)
    error_class: str | None = None
    error_status: int | None = None
    error_message: str = ""


def to_attempt(raw: dict[str, Any]) -> Attempt:
    """A captured JS attempt as a `transport.Attempt` (bytes decoded from base64, headers lower-cased)."""
    attempt = Attempt(
        method=str(raw["method"]), url=str(raw["url"]),
        headers={str(k).lower(): str(v) for k, v in raw.get("headers", {}).items()},
        body=base64.b64decode(raw.get("body_b64") or ""),
        status=raw.get("status"),
        response_headers={str(k).lower(): str(v) for k, v in (raw.get("response_headers") or {}).items()},
        complete=bool(raw.get("complete")),
        error=raw.get("error"),
    )
    if raw.get("response_body_b64") is not None:
        attempt.chunks = [base64.b64decode(raw["response_body_b64"])]
    return attempt


def parse_answer(answer: dict[str, Any]) -> DriverResult:
    error = answer.get("error") or {}
    return DriverResult(
        attempts=[to_attempt(a) for a in answer.get("attempts", [])],
        ok=bool(answer.get("ok")),
        parsed=answer.get("parsed") or {},
        error_class=error.get("class"),
        error_status=error.get("status"),
        error_message=str(error.get("message") or ""),
    )


class JsDriver:
    """A running driver process; `run(request)` sends one case and waits for its answer."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        node = shutil.which("node")
        if node is None:
            raise DriverError(f"Node.js is not on PATH: {INSTALL_HINT}")
        # A small environment: no inherited Azure settings can steer the credential anywhere.
        # stderr to a file: a pipe nobody reads could fill and block node.
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
        base = {k: os.environ[k] for k in ("PATH", "HOME", "SYSTEMROOT", "TMPDIR") if k in os.environ}
        self._proc = subprocess.Popen(
            [node, str(DRIVER)], cwd=str(JS_DIR), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, text=True, encoding="utf-8", env={**base, **(env or {})},
        )
        self._next = 0
        hello = self._read()
        if not hello.get("ready"):
            raise DriverError(f"the JS driver did not start: {hello}")
        self.sdk_version = str(hello.get("sdk_version"))
        self.node_version = str(hello.get("node"))

    def _read(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait(timeout=10)
            self._stderr.seek(0)
            err = self._stderr.read()
            raise DriverError(f"the JS driver exited ({self._proc.returncode}): {err.strip()[-800:]}; "
                              f"if packages are missing, {INSTALL_HINT}")
        try:
            data = json.loads(line)
        except ValueError:
            raise DriverError(f"the JS driver wrote a line that is not JSON: {line[:200]!r}") from None
        return data if isinstance(data, dict) else {}

    def run(self, request: dict[str, Any]) -> DriverResult:
        assert self._proc.stdin is not None
        self._next += 1
        self._proc.stdin.write(json.dumps({**request, "id": self._next}) + "\n")
        self._proc.stdin.flush()
        answer = self._read()
        if answer.get("id") != self._next:
            raise DriverError(f"the JS driver answered request {answer.get('id')}, expected {self._next}: {answer}")
        return parse_answer(answer)

    def close(self) -> None:
        if self._proc.poll() is None:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        self._stderr.close()

"""Re-record the bundled cassettes through the suite's own record mode against a local stand-in.

    python scripts/record_standin.py [--operations ID,ID] [-- extra pytest args]

Runs with any `python`: when the interpreter lacks the project's dependencies it re-executes itself with
the checkout's `.venv` (created as the README says), so no venv needs to be activated. The stand-in gets
throwaway credentials; the scrubber replaces them (and the loopback host) before anything is written,
exactly as it would for a real resource. The cassettes say they are recordings of the stand-in.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_REEXEC = "AOAI_CONFORMANCE_RECORD_REEXEC"


def _venv_python() -> Path:
    return ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _bootstrap() -> None:
    """Import this checkout's package; without its dependencies, re-run under the checkout's venv."""
    sys.path.insert(0, str(ROOT))  # the checkout's code, even if another copy is installed
    try:
        import openai  # noqa: F401
        import vcr  # noqa: F401
    except ImportError as exc:
        venv = _venv_python()
        if venv.is_file() and not os.environ.get(_REEXEC):
            os.environ[_REEXEC] = "1"  # once: a broken venv must not loop
            os.execv(str(venv), [str(venv), str(Path(__file__).resolve()), *sys.argv[1:]])
        sys.exit(f"record_standin.py: {exc.name} is not installed for {sys.executable}; create the venv first: "
                 f"python3 -m venv {ROOT / '.venv'} && {venv.parent}/pip install -e {ROOT}")


def main(argv: list[str]) -> int:
    from conformance import cli
    from conformance.standin import StandIn

    key, token = secrets.token_hex(16), secrets.token_hex(24)
    with StandIn(api_key=key, token=token) as server:
        os.environ["AZURE_OPENAI_API_KEY"] = key
        os.environ["AZURE_OPENAI_AD_TOKEN"] = token
        return cli.main(["run", "--mode", "record", "--endpoint", server.url, "--cassette-dir", str(ROOT / "cassettes"),
                         "--report-dir", str(ROOT / "reports" / "record"), *argv])


if __name__ == "__main__":
    _bootstrap()
    sys.exit(main(sys.argv[1:]))

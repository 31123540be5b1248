"""Re-record the bundled cassettes through the suite's own record mode against a local stand-in.

    python scripts/record_standin.py [--operations ID,ID] [-- extra pytest args]

Works with any `python`: when the running interpreter cannot import the package, the script re-runs
itself with the clone's `.venv` interpreter (made by the README's install step), so no activation is
needed. It writes the clone's cassettes/ and reports/record/ whatever the current folder.
The stand-in gets throwaway credentials; the scrubber replaces them (and the loopback host) before
anything is written, exactly as it would for a real resource.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _venv_python(repo: Path) -> Path:
    return repo / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _ensure_package(argv: list[str]) -> None:
    """Re-exec under the clone's venv when this interpreter lacks the package; else one message."""
    try:
        import openai  # noqa: F401

        import conformance  # noqa: F401
    except ImportError as exc:
        venv = _venv_python(REPO)
        if venv.is_file() and Path(sys.executable).absolute() != venv.absolute():
            os.execv(venv, [str(venv), __file__, *argv])
        sys.exit(f"record_standin: {sys.executable} cannot import {exc.name!r}; install the package first: "
                 f"python3 -m venv {REPO / '.venv'} && {venv.parent}/pip install -e {REPO}")


def main(argv: list[str]) -> int:
    _ensure_package(argv)
    from conformance import cli
    from conformance.standin import StandIn

    key, token = secrets.token_hex(16), secrets.token_hex(24)
    with StandIn(api_key=key, token=token) as server:
        os.environ["AZURE_OPENAI_API_KEY"] = key
        os.environ["AZURE_OPENAI_AD_TOKEN"] = token
        # later arguments win, so --cassette-dir/--report-dir in argv still override these
        return cli.main(["run", "--mode", "record", "--endpoint", server.url, "--cassette-dir", str(REPO / "cassettes"),
                         "--report-dir", str(REPO / "reports" / "record"), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`aoai-conformance`: run the suite, serve the stand-in; every option shows its default and env variable."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.errors import ConformanceError

SUITE_DIR = Path(__file__).resolve().parent / "suite"
DEFAULT_REPORT_DIR = "reports/latest"


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run",
        help="run the conformance suite through pytest and write the report",
        description="Run every documented case. Extra pytest arguments go after `--` (e.g. `-- -n 2 -k embeddings`).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--mode", choices=["replay", "record", "live"], default=None,
                   help="replay: cassettes only, network blocked; record: call the endpoint and rewrite cassettes; "
                        "live: call the endpoint, write no cassettes [env AOAI_CONFORMANCE_MODE; default replay]")
    p.add_argument("--endpoint", default=None,
                   help="resource endpoint URL [env AOAI_CONFORMANCE_ENDPOINT or AZURE_OPENAI_ENDPOINT]")
    p.add_argument("--config", default=None, help="TOML config file [env AOAI_CONFORMANCE_CONFIG; default "
                   "./aoai-conformance.toml when present]")
    p.add_argument("--api-versions", default=None, help="comma-separated api versions "
                   "[env AOAI_CONFORMANCE_API_VERSIONS; default 2024-10-21,2025-04-01-preview]")
    p.add_argument("--auth-modes", default=None, help="comma-separated subset of api_key,entra,env "
                   "[env AOAI_CONFORMANCE_AUTH_MODES; default all]")
    p.add_argument("--operations", default=None, help="comma-separated operation ids [default: all]")
    p.add_argument("--cassette-dir", default=None, help="cassette folder [env AOAI_CONFORMANCE_CASSETTES; "
                   "default: the repository's cassettes/]")
    p.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, help="where report.json is written")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help="arguments after -- go to pytest")


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="serve a local stand-in for an Azure OpenAI resource on 127.0.0.1",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--port", type=int, default=8080, help="TCP port on 127.0.0.1")
    p.add_argument("--api-key", required=True, help="the API key the stand-in accepts")
    p.add_argument("--token", required=True, help="the Entra bearer token the stand-in accepts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aoai-conformance",
        description="Conformance and contract tests for Azure OpenAI resources, driven by the official openai SDK.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    _add_serve(sub)
    return parser


def run_args(ns: argparse.Namespace) -> list[str]:
    """The pytest command line for `run`: the packaged suite with its own strict ini."""
    args = [str(SUITE_DIR), "-c", str(SUITE_DIR / "pytest.ini"), "--rootdir", str(SUITE_DIR),
            # this process imported the package before pytest could set up assertion rewriting
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    for name in ("mode", "endpoint", "config", "api_versions", "auth_modes", "operations", "cassette_dir",
                 "report_dir"):
        value = getattr(ns, name)
        if value is not None:
            args += [f"--conformance-{name.replace('_', '-')}", str(Path(value).resolve())
                     if name in ("cassette_dir", "report_dir", "config") else str(value)]
    extra = list(ns.pytest_args)
    if extra and extra[0] == "--":
        extra = extra[1:]
    return args + extra


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    try:
        if ns.command == "run":
            import pytest

            return int(pytest.main(run_args(ns)))
        if ns.command == "serve":
            from conformance.standin import serve

            print(f"stand-in serving on http://127.0.0.1:{ns.port} (Ctrl-C stops it)", flush=True)
            serve(ns.port, ns.api_key, ns.token)
            return 0
    except ConformanceError as exc:
        print(f"aoai-conformance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`aoai-conformance`: run, serve, init, validate, check, report, diff, update-expectations.

Every option's help names its default and environment variable. Each subcommand module exposes
`add_parser(subparsers)` and `main(ns) -> int`; this module only registers and dispatches them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from conformance.catalog.config import DEFAULT_API_VERSIONS, AuthMode
from conformance.errors import ConformanceError
from conformance.locations import PACKAGE_DIR
from conformance.reporting.views import FORMATS

SUITE_DIR = PACKAGE_DIR / "suite"
DEFAULT_REPORT_DIR = "reports/latest"

# (flag, env var, default shown, help); the flag maps to --conformance-<flag> for the plugin.
_RUN_OPTIONS = (
    ("mode", "AOAI_CONFORMANCE_MODE", "replay",
     "replay: cassettes only, network blocked; record: call the endpoint and rewrite cassettes; "
     "live: call the endpoint, write no cassettes (record/live only via this flag or the env var)"),
    ("endpoint", "AOAI_CONFORMANCE_ENDPOINT, AZURE_OPENAI_ENDPOINT", "placeholder in replay",
     "resource endpoint URL, https://NAME.openai.azure.com"),
    ("config", "AOAI_CONFORMANCE_CONFIG", "./aoai-conformance.toml when present", "TOML config file"),
    ("api-versions", "AOAI_CONFORMANCE_API_VERSIONS", ",".join(DEFAULT_API_VERSIONS),
     "comma-separated api versions for the versioned surface"),
    ("auth-modes", "AOAI_CONFORMANCE_AUTH_MODES", ",".join(AuthMode), "comma-separated auth modes"),
    ("operations", "-", "all", "comma-separated operation ids"),
    ("cassette-dir", "AOAI_CONFORMANCE_CASSETTES", "./cassettes; in a clone, its cassettes/", "cassette folder"),
    ("report-dir", "AOAI_CONFORMANCE_REPORT_DIR", DEFAULT_REPORT_DIR, "where the reports are written"),
    ("report-formats", "AOAI_CONFORMANCE_REPORT_FORMATS", ",".join(FORMATS),
     "comma-separated views written beside report.json (json is always written)"),
    ("expectations", "AOAI_CONFORMANCE_EXPECTATIONS", "schemas/expectations.toml", "known-drift file"),
)
_PATH_OPTIONS = {"config", "cassette-dir", "report-dir", "expectations"}


def _add_run(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "run", help="run the conformance suite through pytest and write the reports",
        description="Run every documented case. Arguments after `--` go to pytest (e.g. `-- -n 2 -k embeddings`). "
                    "Limits for record/live runs: AOAI_CONFORMANCE_MAX_REQUESTS (default 2000), "
                    "AOAI_CONFORMANCE_MAX_OUTPUT_TOKENS (default 512), AOAI_CONFORMANCE_TIMEOUT (default 60 s).",
    )
    for flag, env, default, text in _RUN_OPTIONS:
        choices = ["replay", "record", "live"] if flag == "mode" else None
        p.add_argument(f"--{flag}", choices=choices, default=DEFAULT_REPORT_DIR if flag == "report-dir" else None,
                       help=f"{text} [env {env}; default {default}]")
    p.add_argument("--ignore-expectations", action="store_true",
                   help="report all drift as unexpected [env AOAI_CONFORMANCE_IGNORE_EXPECTATIONS=1; default off]")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER, help="arguments after -- go to pytest")


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve a local stand-in for an Azure OpenAI resource on 127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="TCP port on 127.0.0.1; 0 picks a free one [default 8080]")
    p.add_argument("--api-key", required=True, help="the API key the stand-in accepts [required]")
    p.add_argument("--token", required=True, help="the Entra bearer token the stand-in accepts [required]")
    p.add_argument("--scenario", default="ok",
                   help="fault script for every request, e.g. 'status:429;retry_after_ms=100,ok' or 'drop' "
                        "(see conformance/standin/faults.py) [default ok]")


def _subcommands() -> dict[str, ModuleType]:
    from conformance.commands import check as check_cmd
    from conformance.commands import init as init_cmd
    from conformance.commands import replay_server as replay_server_cmd
    from conformance.commands import report as report_cmd
    from conformance.commands import update_expectations as expectations_cmd
    from conformance.commands import validate as validate_cmd
    from conformance.reporting import diff

    return {"init": init_cmd, "validate": validate_cmd, "check": check_cmd, "report": report_cmd, "diff": diff,
            "update-expectations": expectations_cmd, "replay-server": replay_server_cmd}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aoai-conformance",
        description="Conformance and contract tests for Azure OpenAI resources, driven by the official openai SDK.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    _add_serve(sub)
    for module in _subcommands().values():
        module.add_parser(sub)
    return parser


def run_args(ns: argparse.Namespace) -> list[str]:
    """The pytest command line for `run`: the packaged suite with its own strict ini."""
    args = [str(SUITE_DIR), "-c", str(SUITE_DIR / "pytest.ini"), "--rootdir", str(SUITE_DIR),
            # this process imported the package before pytest could set up assertion rewriting
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    for flag, *_ in _RUN_OPTIONS:
        value = getattr(ns, flag.replace("-", "_"))
        if value is not None:
            args += [f"--conformance-{flag}", str(Path(value).resolve()) if flag in _PATH_OPTIONS else str(value)]
    if ns.ignore_expectations:
        args.append("--conformance-ignore-expectations")
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

            def ready(port: int) -> None:  # announced only once uvicorn accepts connections
                print(f"stand-in serving on http://127.0.0.1:{port} (Ctrl-C stops it)", flush=True)

            serve(ns.port, ns.api_key, ns.token, scenario=ns.scenario, on_ready=ready)
            return 0
        return int(_subcommands()[ns.command].main(ns))
    except ConformanceError as exc:
        print(f"aoai-conformance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

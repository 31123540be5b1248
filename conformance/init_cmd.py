"""`aoai-conformance init`: write a commented `aoai-conformance.toml` into the current folder.

Every value is derived from the catalog and the settings' defaults, so the file a user starts from always
matches what this version of the tool runs; an existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from conformance.catalog import OPERATIONS
from conformance.config import DEFAULT_API_VERSIONS, DEFAULT_CONFIG_FILE, DEFAULT_DEPLOYMENTS, AuthMode
from conformance.errors import ConfigError

__all__ = ["add_parser", "main", "render"]

_AUTH_HELP = {
    AuthMode.API_KEY: "api-key header from AZURE_OPENAI_API_KEY",
    AuthMode.ENTRA: "Microsoft Entra ID: AZURE_OPENAI_AD_TOKEN, else DefaultAzureCredential",
    AuthMode.ENV: "clients configured only by the SDK's documented environment variables (key from "
                  "AZURE_OPENAI_API_KEY)",
}


def _toml(value: object) -> str:
    return json.dumps(value)  # a JSON string or list of strings is valid TOML


def _operations_by_kind() -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for op in OPERATIONS.values():
        kinds.setdefault(op.deployment_kind, []).append(op.id)
    return kinds


def render() -> str:
    """The commented config: endpoint placeholder, api versions, auth modes and one deployment per kind."""
    preview = sorted(op.id for op in OPERATIONS.values() if op.preview_only)
    lines = [
        "# aoai-conformance configuration (written by `aoai-conformance init`; edit freely).",
        "# Precedence: command-line options > AOAI_CONFORMANCE_* environment variables > this file > defaults.",
        "# Secrets never go here: AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN or the Azure credential chain.",
        "# `mode` is refused here too: record/live runs need an explicit --mode.",
        "",
        "# Your resource root (no /openai path); record and live runs need it, replay does not.",
        '# endpoint = "https://YOUR-RESOURCE.openai.azure.com"',
        "",
        "# api versions for the versioned AzureOpenAI(api_version=...) surface; the v1 surface is always run.",
    ]
    if preview:
        lines.append(f"# {', '.join(preview)}: documented on preview versions only (ending -preview).")
    lines += [f"api_versions = {_toml(list(DEFAULT_API_VERSIONS))}", "",
              "# auth modes, each run with sync and async clients:"]
    lines += [f"#   {mode.value}: {_AUTH_HELP[mode]}" for mode in AuthMode]
    lines += [f"auth_modes = {_toml([m.value for m in AuthMode])}", "",
              "# Deployment name per kind (the defaults are the names the docs use, which the stand-in serves).",
              '# "" switches a kind off: its cases are skipped, naming this setting.',
              "[deployments]"]
    for kind, ops in sorted(_operations_by_kind().items()):
        lines.append(f"{kind} = {_toml(DEFAULT_DEPLOYMENTS.get(kind, ''))}  # {', '.join(ops)}")
    return "\n".join(lines) + "\n"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "init", help=f"write a commented {DEFAULT_CONFIG_FILE} into the current folder",
        description="Write a starting config (deployments per kind, api versions, auth modes, endpoint "
                    "placeholder). An existing file is never overwritten.",
    )
    p.add_argument("--path", type=Path, default=Path(DEFAULT_CONFIG_FILE),
                   help=f"where to write it [default ./{DEFAULT_CONFIG_FILE}]")
    return p


def main(ns: argparse.Namespace) -> int:
    path: Path = ns.path
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": refuse an existing file, atomically
            handle.write(render())
    except FileExistsError:
        raise ConfigError(f"{path} already exists; edit it, or move it away and run `aoai-conformance init` "
                          "again") from None
    print(f"wrote {path}: set endpoint and your deployment names, then record a baseline with "
          "`aoai-conformance run --mode record --endpoint https://YOUR-RESOURCE.openai.azure.com`")
    return 0

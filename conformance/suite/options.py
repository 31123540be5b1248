"""The plugin's command-line options: names and help only, so declaring them costs nothing."""

from __future__ import annotations

import os

import pytest

_OPTIONS = {
    "mode": "replay (default: cassettes only, network blocked) | record | live  [AOAI_CONFORMANCE_MODE]",
    "endpoint": "resource endpoint, https://NAME.openai.azure.com  [AOAI_CONFORMANCE_ENDPOINT, AZURE_OPENAI_ENDPOINT]",
    "config": "TOML config file (default ./aoai-conformance.toml if present)  [AOAI_CONFORMANCE_CONFIG]",
    "api-versions": "comma-separated api versions for the versioned surface  [AOAI_CONFORMANCE_API_VERSIONS]",
    "auth-modes": "comma-separated auth modes: api_key,entra,env  [AOAI_CONFORMANCE_AUTH_MODES]",
    "operations": "comma-separated operation ids to run (default: all in the catalog)",
    "cassette-dir": "cassette folder (default: ./cassettes; in a clone, its cassettes/)  [AOAI_CONFORMANCE_CASSETTES]",
    "report-dir": "write report.json here (default: no report unless given)  [AOAI_CONFORMANCE_REPORT_DIR]",
    "report-formats": "comma-separated views written beside report.json (`aoai-conformance run --help` lists them; "
                      "default: all)  "
                      "[AOAI_CONFORMANCE_REPORT_FORMATS]",
    "expectations": "known-drift file (default: schemas/expectations.toml)  [AOAI_CONFORMANCE_EXPECTATIONS]",
}
# Boolean switches; kept apart from _OPTIONS because they take no value.
_FLAGS = {
    "ignore-expectations": "judge all drift as unexpected, ignoring the expectations file  "
                           "[AOAI_CONFORMANCE_IGNORE_EXPECTATIONS=1]",
}
# Exit code of a run whose cases all passed or were skipped, but some were throttled (HTTP 429 after the SDK's
# retries): not a failure (1), and not one of pytest's own codes (0-5). Documented in the README.
THROTTLED_EXIT = 6
# A progress line per case helps only when cases are slow, i.e. when they reach a real endpoint.


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "aoai-conformance")
    for name, help_text in _OPTIONS.items():
        group.addoption(f"--conformance-{name}", dest=f"conformance_{name.replace('-', '_')}", help=help_text)
    for name, help_text in _FLAGS.items():
        group.addoption(f"--conformance-{name}", dest=f"conformance_{name.replace('-', '_')}", action="store_true",
                        default=False, help=help_text)


def options_given(config: pytest.Config) -> bool:
    """Whether this pytest run asks for conformance through an option or an AOAI_CONFORMANCE_* variable."""
    if any(config.getoption(f"conformance_{name.replace('-', '_')}") for name in (*_OPTIONS, *_FLAGS)):
        return True
    return any(key.startswith("AOAI_CONFORMANCE_") for key in os.environ)

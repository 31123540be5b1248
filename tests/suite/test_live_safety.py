"""Safe live runs: an explicit mode flag, a token cap on every generating request, a request budget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import load_settings
from conformance.errors import ConfigError
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, SURFACES, run_cli, run_cli_subprocess

ENV = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}


@pytest.mark.parametrize("mode", ["live", "record"])
def test_a_config_file_cannot_switch_on_network_modes(tmp_path: Path, mode: str) -> None:
    cfg = tmp_path / "aoai-conformance.toml"
    cfg.write_text(f'mode = "{mode}"\nendpoint = "https://x.openai.azure.com"\n')
    with pytest.raises(ConfigError, match=f"need an explicit --mode {mode}"):
        load_settings({"config": str(cfg)}, environ={})
    assert load_settings({"config": str(cfg), "mode": mode}, environ={}).mode.value == mode
    assert load_settings({"config": str(cfg)}, environ={"AOAI_CONFORMANCE_MODE": mode}).mode.value == mode


@pytest.mark.e2e
def test_the_full_live_matrix_passes_with_every_generating_request_capped(tmp_path: Path, standin: StandIn) -> None:
    # The one end-to-end live run of the whole matrix: every operation, surface, auth mode, sync AND async
    # client, through the CLI as a user runs it (the README's stand-in demo).
    result = run_cli_subprocess("run", "--mode", "live", "--endpoint", standin.url, "--report-dir", str(tmp_path),
                                cwd=tmp_path, env={**ENV, "AOAI_CONFORMANCE_MAX_OUTPUT_TOKENS": "64"})
    assert result.returncode == 0, result.stdout[-2000:]
    rows = json.loads((tmp_path / "report.json").read_text())["results"]
    expected = {case.id for case in build_cases(load_settings({"mode": "live", "endpoint": standin.url}, environ={}))}
    assert {row["id"] for row in rows} == expected and len(rows) == len(expected)
    assert {row["client"] for row in rows} == {"sync", "async"}
    assert {row["auth"] for row in rows} == {"api_key", "env", "entra"}
    assert [row["id"] for row in rows if row["outcome"] != "passed"] == []
    caps = {op.path: op.token_cap for op in catalog.OPERATIONS.values() if op.token_cap}
    checked = 0
    for request in standin.requests:
        suffix = next((p for p in caps if request.path.endswith(p)), None)
        if suffix is None or not request.body.startswith(b"{"):
            continue
        body = json.loads(request.body)
        cap = next(v for k, v in body.items() if k in ("max_tokens", "max_completion_tokens", "max_output_tokens"))
        assert cap <= 64, (request.path, body)
        checked += 1
    assert checked >= 20


def test_the_request_budget_stops_the_run_cleanly_with_a_complete_report(tmp_path: Path, standin: StandIn) -> None:
    result = run_cli("run", "--mode", "live", "--endpoint", standin.url, "--operations",
                     "chat.completions.create,embeddings.create", "--report-dir", str(tmp_path),
                     cwd=tmp_path, env={**ENV, "AOAI_CONFORMANCE_MAX_REQUESTS": "5"})
    assert result.returncode == 0, result.stdout[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    rows = report["results"]
    # Every case has its row: chat and embeddings on every surface x three auth modes x sync/async (the JS
    # docs show chat on v1: two more)
    assert len(rows) == 2 * (len(SURFACES) * 3 * 2) + 2
    assert len(standin.requests) == 5
    skipped = [r for r in rows if r["outcome"] == "skipped"]
    assert len(skipped) == len(rows) - 5
    assert all("request budget reached" in r["message"] for r in skipped)

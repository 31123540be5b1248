"""The client factory: documented constructors, one client per combination, exact environment per mode."""

from __future__ import annotations

import os
from pathlib import Path

import openai
import pytest

from conformance.calling.clients import ClientFactory, sdk_environment
from conformance.calling.transport import Tap
from conformance.catalog.cases import ClientKind
from conformance.catalog.config import AuthMode, Mode, Settings
from conformance.errors import CredentialError
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN, SURFACES, run_cli
from tests.support.sdk_rows import runs_here


def test_clients_are_built_once_per_combination() -> None:
    factory = ClientFactory(Settings(), Tap())
    try:
        first = factory.get("v1", AuthMode.API_KEY, ClientKind.SYNC)
        assert factory.get("v1", AuthMode.API_KEY, ClientKind.SYNC) is first
        assert factory.get("2024-10-21", AuthMode.API_KEY, ClientKind.SYNC) is not first
        assert isinstance(first, openai.OpenAI) and not isinstance(first, openai.AzureOpenAI)
        assert isinstance(factory.get("2024-10-21", AuthMode.ENTRA, ClientKind.ASYNC), openai.AsyncAzureOpenAI)
    finally:
        factory.close()


def test_sdk_environment_exposes_only_what_it_is_given_and_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "leaky-token")
    monkeypatch.setenv("OPENAI_API_KEY", "leaky-key")
    with sdk_environment({"OPENAI_BASE_URL": "https://x/openai/v1/"}):
        assert "AZURE_OPENAI_AD_TOKEN" not in os.environ and "OPENAI_API_KEY" not in os.environ
        assert os.environ["OPENAI_BASE_URL"] == "https://x/openai/v1/"
    assert os.environ["AZURE_OPENAI_AD_TOKEN"] == "leaky-token" and "OPENAI_BASE_URL" not in os.environ


def test_each_auth_mode_sends_exactly_its_documented_credential(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AzureOpenAI prefers AZURE_OPENAI_AD_TOKEN over a key when it reads the environment; the key and env
    # modes must still send the key.
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", CANARY_TOKEN)
    settings = Settings(mode=Mode.LIVE, endpoint=standin.url, api_key=CANARY_KEY, ad_token=CANARY_TOKEN)
    factory = ClientFactory(settings, Tap())
    try:
        for surface in ("v1", "2024-10-21"):
            for auth in AuthMode:
                client = factory.get(surface, auth, ClientKind.SYNC)
                client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    finally:
        factory.close()
    sent = [(r.path, r.headers.get("api-key"), r.headers.get("authorization")) for r in standin.requests]
    assert sent == [
        ("/openai/v1/chat/completions", None, f"Bearer {CANARY_KEY}"),
        ("/openai/v1/chat/completions", None, f"Bearer {CANARY_TOKEN}"),
        ("/openai/v1/chat/completions", None, f"Bearer {CANARY_KEY}"),
        ("/openai/deployments/gpt-4o/chat/completions", CANARY_KEY, None),
        ("/openai/deployments/gpt-4o/chat/completions", None, f"Bearer {CANARY_TOKEN}"),
        ("/openai/deployments/gpt-4o/chat/completions", CANARY_KEY, None),
    ]


def test_missing_key_in_live_mode_names_the_variable() -> None:
    factory = ClientFactory(Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9"), Tap())
    with pytest.raises(CredentialError, match="needs AZURE_OPENAI_API_KEY"):
        factory.get("v1", AuthMode.API_KEY, ClientKind.SYNC)


def test_no_entra_credential_refuses_the_run_in_one_message(tmp_path: Path, standin: StandIn) -> None:
    # AZURE_TOKEN_CREDENTIALS=dev keeps DefaultAzureCredential to developer tools, so it never probes IMDS.
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_TOKEN_CREDENTIALS": "dev", "AZURE_CONFIG_DIR": str(tmp_path)}
    result = run_cli("run", "--mode", "live", "--endpoint", standin.url, "--operations", "chat.completions.create",
                     "--auth-modes", "entra", "--report-dir", str(tmp_path), cwd=tmp_path, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    refusals = [line for line in output.splitlines() if "refused before any request" in line]
    assert len(refusals) == 1, output[-2000:]
    assert refusals[0].startswith("ERROR: live run refused before any request: no credential for auth mode(s) entra")
    assert "AZURE_OPENAI_AD_TOKEN" in refusals[0] and "az login" in refusals[0]
    assert CANARY_KEY not in output
    assert not (tmp_path / "report.json").exists()
    assert len(standin.requests) == 0


def test_a_deployment_the_resource_lacks_is_one_error_naming_the_setting(tmp_path: Path, standin: StandIn) -> None:
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN,
           "AOAI_CONFORMANCE_DEPLOYMENT_CHAT": "gpt-does-not-exist"}
    result = run_cli("run", "--mode", "live", "--endpoint", standin.url, "--operations", "chat.completions.create",
                     "--report-dir", str(tmp_path), cwd=tmp_path, env=env)
    assert "Traceback" not in result.stdout
    import json

    rows = json.loads((tmp_path / "report.json").read_text())["results"]
    # Python's (every surface x three auth modes x sync/async) and the JS docs' two: a JS row names the same setting
    assert len(rows) == len(SURFACES) * 3 * 2 + 2
    ran = [r for r in rows if runs_here(r)]
    assert {r["outcome"] for r in ran} == {"error"} and {r["outcome"] for r in rows} - {"error"} <= {"skipped"}
    assert all("no deployment named 'gpt-does-not-exist' (kind 'chat')" in r["message"]
               and "AOAI_CONFORMANCE_DEPLOYMENT_CHAT" in r["message"] for r in ran)

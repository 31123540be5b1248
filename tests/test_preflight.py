"""Entra everywhere and the credential pre-flight: DefaultAzureCredential (sync and aio) reaches its chain and
ends in one clear message; live/record runs without a credential are refused before any request."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conformance import auth, preflight
from conformance.cases import ClientKind
from conformance.clients import ClientFactory
from conformance.config import AuthMode, Mode, Settings
from conformance.errors import CredentialError
from conformance.standin import StandIn
from conformance.transport import Tap
from tests.conftest import CANARY_KEY, REPO
from tests.identity_server import IdentityServer, isolate_credential_chain

SUITE = REPO / "conformance" / "suite"
LIVE = Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9")


@pytest.fixture
def identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[IdentityServer]:
    """DefaultAzureCredential confined to a loopback managed-identity server (see tests/identity_server.py)."""
    with IdentityServer().running() as server:
        isolate_credential_chain(monkeypatch, tmp_path, server.url)
        yield server


def test_the_async_default_credential_reaches_the_chain_and_ends_in_one_message(identity: IdentityServer) -> None:
    owned: list[Any] = []
    provider = auth.async_token_provider(LIVE, owned)  # azure.identity.aio: needs aiohttp, a declared dependency

    async def ask() -> str:
        try:
            return await provider()
        finally:
            for credential in owned:
                await credential.close()

    with pytest.raises(CredentialError) as caught:
        asyncio.run(ask())
    assert len(owned) == 1
    assert str(caught.value).startswith(auth.DAC_HELP)
    assert identity.paths  # the managed-identity source was asked, on 127.0.0.1


def test_the_sync_default_credential_reaches_the_chain_and_ends_in_one_message(identity: IdentityServer) -> None:
    with pytest.raises(CredentialError) as caught:
        auth.sync_token_provider(LIVE)()
    assert str(caught.value).startswith(auth.DAC_HELP)
    assert identity.paths


def test_preflight_asks_the_chain_once_and_refuses_entra(identity: IdentityServer) -> None:
    settings = Settings(mode=Mode.RECORD, endpoint="http://127.0.0.1:9", api_key=CANARY_KEY)
    message = preflight.refusal(settings)
    assert message is not None and len(identity.paths) == 1
    assert message.startswith("record run refused before any request: no credential for auth mode(s) entra (")
    assert "AZURE_OPENAI_AD_TOKEN" in message and "DefaultAzureCredential said:" in message
    assert message.endswith("or run only the others with --auth-modes api_key,env")
    assert CANARY_KEY not in message


def test_preflight_names_every_mode_without_a_credential() -> None:
    message = preflight.refusal(LIVE, entra_check=lambda _s: "nothing configured")
    assert message == (
        "live run refused before any request: no credential for auth mode(s) api_key, env, entra "
        "(api_key: set AZURE_OPENAI_API_KEY; env: set AZURE_OPENAI_API_KEY; entra: set AZURE_OPENAI_AD_TOKEN "
        "to a bearer token, or configure DefaultAzureCredential (AZURE_TENANT_ID + AZURE_CLIENT_ID + "
        "AZURE_CLIENT_SECRET, a managed identity, or `az login`); DefaultAzureCredential said: nothing configured); "
        "no selected auth mode has a credential"
    )


def test_preflight_passes_with_credentials_and_never_runs_in_replay() -> None:
    def no_chain(_settings: Settings) -> str | None:
        raise AssertionError("the credential chain must not run")

    with_token = Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9", api_key="k", ad_token="t")
    assert preflight.refusal(with_token, entra_check=no_chain) is None
    assert preflight.refusal(Settings(), entra_check=no_chain) is None  # replay: placeholder credentials
    keys_only = Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9", api_key="k",
                         auth_modes=(AuthMode.API_KEY, AuthMode.ENV))
    assert preflight.refusal(keys_only, entra_check=no_chain) is None
    assert preflight.refusal(Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9", ad_token="t"),
                             entra_check=no_chain) is not None  # the key modes still lack AZURE_OPENAI_API_KEY


def test_a_record_run_without_an_entra_credential_is_refused_before_any_request(
    pytester: pytest.Pytester, identity: IdentityServer, standin: StandIn, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", CANARY_KEY)
    cassettes = tmp_path / "cassettes"
    (cassettes / "v1").mkdir(parents=True)
    kept = cassettes / "v1" / "chat.completions.create.json"
    kept.write_text('{"kept": true}')
    reports = tmp_path / "reports"
    result = pytester.runpytest(
        str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"), "--rootdir", str(SUITE),
        "--conformance-mode", "record", "--conformance-endpoint", standin.url,
        "--conformance-operations", "chat.completions.create", "--conformance-cassette-dir", str(cassettes),
        "--conformance-report-dir", str(reports),
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = result.stdout.str() + result.stderr.str()
    refusals = [line for line in output.splitlines() if "refused before any request" in line]
    assert len(refusals) == 1 and "auth mode(s) entra" in refusals[0] and "--auth-modes api_key,env" in refusals[0]
    assert "Traceback" not in output and CANARY_KEY not in output
    assert len(standin.requests) == 0 and len(identity.paths) == 1
    assert kept.read_text() == '{"kept": true}' and sorted(cassettes.rglob("*")) == [cassettes / "v1", kept]
    assert not reports.exists() or not any(reports.iterdir())


def test_the_client_factory_closes_the_async_credential_it_built(identity: IdentityServer) -> None:
    # An unclosed aio credential leaves an aiohttp session behind ("Unclosed client session" at exit).
    factory = ClientFactory(LIVE, Tap())
    client = factory.get("v1", AuthMode.ENTRA, ClientKind.ASYNC)

    async def run() -> None:
        try:
            with pytest.raises(CredentialError, match="no Entra ID credential is available"):
                await client.models.list()
        finally:
            await factory.aclose()

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        asyncio.run(run())
        gc.collect()
    assert identity.paths and factory._async_credentials == []


def test_a_record_run_refuses_a_secret_too_short_to_scrub_and_names_only_the_variable() -> None:
    short = Settings(mode=Mode.RECORD, endpoint="http://127.0.0.1:9", api_key="k", ad_token="long-enough-token")
    message = preflight.refusal(short, lambda s: None)
    assert message is not None and "AZURE_OPENAI_API_KEY" in message and "AZURE_OPENAI_AD_TOKEN" not in message
    assert "'k'" not in message and "shorter than 8" in message
    live = Settings(mode=Mode.LIVE, endpoint="http://127.0.0.1:9", api_key="k", ad_token="t")
    assert preflight.refusal(live, lambda s: None) is None  # live writes no cassette, so nothing to corrupt

"""Each auth mode is one object: what it declares is what its real SDK client sends, and every reader
(request check, scrubbing, matching, the stand-in) follows the declaration."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from vcr.request import Request

from conformance.calling.clients import ClientFactory
from conformance.calling.transport import Attempt, Tap
from conformance.catalog import auth_modes
from conformance.catalog.auth_modes import CREDENTIALS, FAMILIES, KEY, SPECS, TOKEN, AuthMode
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import Mode, Settings
from conformance.catalog.operations import OPERATIONS, V1
from conformance.recording import matchers
from conformance.recording.scrub import Scrubber
from conformance.standin import credentials
from conformance.verdicts import checks
from tests.support import CANARY_KEY, CANARY_TOKEN
from tests.support.scripted_server import ScriptedServer

SURFACE = {V1: V1, auth_modes.VERSIONED: "2024-10-21"}
CHAT = OPERATIONS["chat.completions.create"]
REPLY = json.dumps({"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o", "choices": []}).encode()
SECRET = {KEY: CANARY_KEY, TOKEN: CANARY_TOKEN}
COMBINATIONS = [(mode, family) for mode in AuthMode for family in FAMILIES]


def test_every_auth_mode_is_one_spec_covering_every_family() -> None:
    assert set(SPECS) == set(AuthMode)
    for mode, spec in SPECS.items():
        assert spec.mode is mode and set(spec.families) == set(FAMILIES)


def _send_with_every_mode(server_url: str, kind: ClientKind) -> list[tuple[AuthMode, str, Attempt]]:
    settings = Settings(mode=Mode.LIVE, endpoint=server_url, api_key=CANARY_KEY, ad_token=CANARY_TOKEN)
    tap = Tap()
    factory = ClientFactory(settings, tap)
    loop = asyncio.Runner()  # async clients keep pooled connections bound to one loop
    sent = []

    async def call_async(client: Any) -> None:
        await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])

    try:
        for mode, family in COMBINATIONS:
            client: Any = factory.get(SURFACE[family], mode, kind)
            tap.attempts.clear()
            if kind is ClientKind.ASYNC:
                loop.run(call_async(client))
            else:
                client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
            sent.append((mode, family, tap.attempts[-1]))
    finally:
        factory.close()
        if kind is ClientKind.ASYNC:
            loop.run(factory.aclose())
        loop.close()
    return sent


@pytest.mark.parametrize("kind", list(ClientKind))
def test_each_spec_declares_the_header_its_real_client_sends(kind: ClientKind, monkeypatch: pytest.MonkeyPatch) -> None:
    # A token in the environment must not change what a key mode sends (AzureOpenAI would prefer it).
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "token-from-the-environment")
    on_wire: list[dict[str, str]] = []

    def respond(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        on_wire.append(headers)
        return 200, {"content-type": "application/json"}, REPLY

    with ScriptedServer(respond) as server:
        sent = _send_with_every_mode(server.url, kind)
    assert len(on_wire) == len(COMBINATIONS)
    for (mode, family, attempt), headers in zip(sent, on_wire, strict=True):
        declared = SPECS[mode].on(family)
        carried = {name: headers[name] for name in auth_modes.CREDENTIAL_HEADERS if name in headers}
        assert carried == {declared.header.header: declared.header.value(SECRET[declared.credential])}, \
            (mode, family, declared.documented)
        # The request check reads the same declaration: it passes this exchange and fails it for a mode
        # whose declared form differs on this family.
        for other in AuthMode:
            out = checks.Findings()
            checks.check_request(Case(CHAT, SURFACE[family], other, kind), attempt, server.url, "gpt-4o", out)
            same_form = SPECS[other].on(family).header == declared.header
            assert (out.failures == []) is same_form, (mode, other, family, out.failures)


def test_the_service_accepts_every_form_a_client_sends() -> None:
    for mode, family in COMBINATIONS:
        presented = SPECS[mode].on(family)
        assert presented.header in presented.credential.service_forms[family], (mode, family)


@pytest.mark.parametrize(("mode", "family"), COMBINATIONS)
def test_the_standin_accepts_the_declared_form_and_refuses_a_wrong_secret(mode: AuthMode, family: str) -> None:
    presented = SPECS[mode].on(family)
    secret = SECRET[presented.credential]
    path = "/openai/v1/chat/completions" if family == V1 else "/openai/deployments/gpt-4o/chat/completions"
    good = {presented.header.header: presented.header.value(secret)}
    bad = {presented.header.header: presented.header.value("not-" + secret)}
    assert credentials.refused(good, family, path, SECRET) is None
    assert credentials.refused(bad, family, path, SECRET) is presented.header


def test_the_standin_refuses_what_the_catalog_documents_as_refused() -> None:
    # The catalog documents a 401 for entra on v1 embeddings; the stand-in reads it from there.
    token = {"authorization": f"Bearer {CANARY_TOKEN}"}
    assert credentials.refused(token, V1, "/openai/v1/embeddings", SECRET) is auth_modes.BEARER
    assert credentials.refused(token, V1, "/openai/v1/chat/completions", SECRET) is None
    assert credentials.refused({}, V1, "/openai/v1/chat/completions", SECRET) is credentials.ABSENT


@pytest.mark.parametrize(("mode", "family"), COMBINATIONS)
def test_scrubbing_keeps_the_declared_form_with_the_credentials_placeholder(mode: AuthMode, family: str) -> None:
    presented = SPECS[mode].on(family)
    header = presented.header
    scrubber = Scrubber(CANARY_KEY, None, [])  # the token is unknown up front, as DefaultAzureCredential's is
    scrubbed = scrubber.request_headers({header.header: header.value(SECRET[presented.credential])})
    assert scrubbed == {header.header: [header.value(presented.credential.placeholder)]}
    form = matchers.credential_form(Request("POST", "https://x/", b"", {k: v[0] for k, v in scrubbed.items()}))
    assert form == (header.header if header.scheme is None
                    else f"{header.scheme.lower()} {presented.credential.placeholder}")


def test_modes_that_send_differently_match_differently() -> None:
    # Replay proves each mode's header form because matching tells the declared forms apart.
    forms = {}
    for mode, family in COMBINATIONS:
        presented = SPECS[mode].on(family)
        value = presented.header.value(presented.credential.placeholder)
        forms[(presented.header, presented.credential.name)] = matchers.credential_form(
            Request("POST", "https://x/", b"", {presented.header.header: value}))
    assert len(set(forms.values())) == len(forms) == 3


def test_each_credential_is_named_once_for_preflight_and_recording() -> None:
    assert {c.variable for c in CREDENTIALS} == {"AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"}
    assert len({c.placeholder for c in CREDENTIALS}) == len(CREDENTIALS)
    assert all(hasattr(Settings(), c.setting) for c in CREDENTIALS)

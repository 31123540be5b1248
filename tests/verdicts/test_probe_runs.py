"""Whole probes, run with a real openai client through the tap against the local stand-in (127.0.0.1).

Each probe's documented outcome (docs/000 §Error handling, §Retries, §Request IDs): the exception class the
SDK raises, the HTTP attempts it makes (retries included, counted at the tap), and the `_request_id` it exposes.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import httpx2
import openai
import pytest

from conformance.calling.transport import Tap, TapTransport
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, ClientKind
from conformance.catalog.config import AuthMode
from conformance.catalog.operation import Probe
from conformance.errors import DeploymentError
from conformance.standin import StandIn
from conformance.verdicts import checks, probes

KEY = "probe-key"
STEP = ";retry_after_ms=5"


@pytest.fixture(scope="module")
def standin() -> Iterator[StandIn]:
    with StandIn(api_key=KEY, token="probe-token") as server:
        yield server


@pytest.fixture
def session() -> SimpleNamespace:
    return SimpleNamespace(settings=SimpleNamespace(max_output_tokens=16), tap=Tap(), loop=None)


@pytest.fixture
def client(standin: StandIn, session: SimpleNamespace) -> Iterator[openai.OpenAI]:
    http = openai.DefaultHttpx2Client(transport=TapTransport(session.tap, httpx2.HTTPTransport()))
    with openai.OpenAI(base_url=f"{standin.url}/openai/v1/", api_key=KEY, http_client=http) as c:
        yield c


def run(session: Any, client: openai.OpenAI, probe: Probe, op_id: str = "errors.status_mapping",
        deployment: str = "gpt-4o") -> list[str]:
    out = checks.Findings()
    c = Case(catalog.get(op_id), "v1", AuthMode.API_KEY, ClientKind.SYNC)
    probes.run_probe(session, c, client, deployment, probe, out)
    return out.failures


def test_the_documented_status_mapping_passes(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("400", scenario="status:400", raises="BadRequestError", attempts=1, max_retries=0)
    assert run(session, client, probe) == []
    assert len(session.tap.attempts) == 1 and "standin-scenario=status" in session.tap.attempts[0].url


def test_another_exception_class_fails(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("400", scenario="status:400", raises="NotFoundError", attempts=1, max_retries=0)
    [failure] = run(session, client, probe)  # the scripted status was answered: only the class is wrong
    assert failure.startswith("400: expected NotFoundError, the SDK raised BadRequestError: ")


def test_an_expected_error_that_does_not_happen_fails(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("ok", scenario="ok", raises="RateLimitError", attempts=1, max_retries=0)
    assert run(session, client, probe, "chat.completions.create") == [
        "ok: expected RateLimitError, the call succeeded"]


def test_an_unexpected_error_fails(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("boom", scenario="status:500", max_retries=0)
    failures = run(session, client, probe, "chat.completions.create")
    assert failures[0].startswith("boom: expected success, the SDK raised InternalServerError: ")


def test_the_attempt_count_includes_retries(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("429", scenario=f"status:429{STEP},ok", attempts=1)
    assert run(session, client, probe, "chat.completions.create") == [
        "429: expected 1 HTTP attempt(s) (retries included), saw 2"]


def test_max_retries_reaches_the_client(session: Any, client: openai.OpenAI) -> None:
    probe = Probe("503", scenario=f"status:503{STEP}", raises="InternalServerError", attempts=2, max_retries=1)
    assert run(session, client, probe, "chat.completions.create") == []


def test_only_this_probes_attempts_are_counted(session: Any, client: openai.OpenAI) -> None:
    first = Probe("first", scenario=f"status:429{STEP},ok", attempts=2)
    assert run(session, client, first, "chat.completions.create") == []
    second = Probe("second", scenario="ok", attempts=1)
    assert run(session, client, second, "chat.completions.create") == []


@pytest.mark.parametrize("stream", [False, True])
def test_request_ids_match_the_header(session: Any, client: openai.OpenAI, stream: bool) -> None:
    probe = Probe("rid", stream=stream, request_id=True)
    assert run(session, client, probe, "client.request_id") == []
    headers = session.tap.attempts[-1].response_headers
    assert headers.get("x-request-id")


def test_a_stream_probe_is_sent_as_a_stream_and_judged_as_one(session: Any, client: openai.OpenAI) -> None:
    assert run(session, client, Probe("s", stream=True), "client.request_id") == []
    assert session.tap.attempts[-1].response_headers["content-type"].startswith("text/event-stream")
    assert b'"stream":true' in session.tap.attempts[-1].body.replace(b" ", b"")
    assert b'"max_tokens":16' in session.tap.attempts[-1].body.replace(b" ", b"")  # the run's token cap


def test_a_missing_deployment_is_a_configuration_error(session: Any, client: openai.OpenAI) -> None:
    with pytest.raises(DeploymentError, match="no deployment named 'nope'"):
        run(session, client, Probe("x"), "chat.completions.create", deployment="nope")

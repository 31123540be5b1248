"""Fixtures for the stand-in tests: one running StandIn per module and SDK clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from conformance.standin import StandIn
from tests.support import GA, PREVIEW

API_KEY = "k"
TOKEN = "t"


@pytest.fixture(scope="module")
def standin() -> Iterator[StandIn]:
    """A stand-in shared by the tests of one module."""
    with StandIn(api_key=API_KEY, token=TOKEN, port=0) as server:
        yield server


@pytest.fixture
def fresh() -> Iterator[StandIn]:
    """A stand-in of its own, for tests that count requests or connections."""
    with StandIn(api_key=API_KEY, token=TOKEN, port=0) as server:
        yield server


@pytest.fixture
def v1(standin: StandIn) -> Iterator[openai.OpenAI]:
    """An OpenAI client on the v1 surface, authenticating with the key as a bearer token."""
    with openai.OpenAI(base_url=standin.url + "/openai/v1/", api_key=API_KEY, max_retries=0) as client:
        yield client


@pytest.fixture
def azure(standin: StandIn) -> Iterator[openai.AzureOpenAI]:
    """An AzureOpenAI client on the versioned surface (GA api-version, api-key header)."""
    with openai.AzureOpenAI(azure_endpoint=standin.url, api_version=GA, api_key=API_KEY,
                            max_retries=0) as client:
        yield client


@pytest.fixture
def azure_preview(standin: StandIn) -> Iterator[openai.AzureOpenAI]:
    """An AzureOpenAI client on a preview api-version."""
    with openai.AzureOpenAI(azure_endpoint=standin.url, api_version=PREVIEW, api_key=API_KEY,
                            max_retries=0) as client:
        yield client

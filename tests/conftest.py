"""Shared fixtures: a stand-in resource with canary credentials, and helpers to run the suite."""

from __future__ import annotations

import gc
from collections.abc import Iterator

# Import the SDK stack before any in-process pytester run: pytester restores sys.modules afterwards, and
# modules first imported inside an inner run would be re-imported as new objects later, so httpx2 would no
# longer recognise httpcore2's exceptions (a dropped connection would escape as a raw httpcore2 error).
import httpcore2  # noqa: F401  (httpx2 imports it lazily, on the first transport)
import openai
import pytest

import conformance.suite.runner  # noqa: F401
from conformance.standin import StandIn
from tests.support import CANARY_KEY, CANARY_TOKEN

_preload = openai.OpenAI(api_key="preload", base_url="http://127.0.0.1:9/")  # resources load lazily too
for _call in ("chat.completions", "completions", "embeddings", "images", "audio.speech", "audio.transcriptions",
              "responses", "fine_tuning.jobs"):
    _target: object = _preload
    for _name in _call.split("."):
        _target = getattr(_target, _name)
_preload.close()


def pytest_collection_finish(session: pytest.Session) -> None:
    # What is imported and collected by now lives for the whole run. Frozen, it is not rescanned by each
    # full garbage collection, and every in-process inner run (run_cli, pytester) ends with two of them
    # (pytest's unraisable-exception check): ~0.13 s an inner run, and the objects stay collectable otherwise.
    gc.freeze()



@pytest.fixture
def standin() -> Iterator[StandIn]:
    """A stand-in resource on 127.0.0.1 that accepts the canary key and token."""
    with StandIn(api_key=CANARY_KEY, token=CANARY_TOKEN) as server:
        yield server


@pytest.fixture
def canary_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Secrets as a user would provide them: only in the environment."""
    env = {"AZURE_OPENAI_API_KEY": CANARY_KEY, "AZURE_OPENAI_AD_TOKEN": CANARY_TOKEN}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env

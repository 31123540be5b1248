"""Recording fixtures: a stand-in that accepts the Azure-shaped canary credentials."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.standin import StandIn
from tests.support.leaky import KEY, TOKEN


@pytest.fixture
def canary_standin() -> Iterator[StandIn]:
    """A stand-in that accepts the Azure-shaped canary key and token."""
    with StandIn(api_key=KEY, token=TOKEN) as server:
        yield server

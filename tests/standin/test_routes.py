"""The stand-in's routes come from the catalog: what it serves, where, and what each route refuses."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import httpx2
import pytest

from conformance.catalog import endpoints
from conformance.catalog import operations as catalog
from conformance.catalog.config import DEFAULT_DEPLOYMENTS
from conformance.catalog.operation import Endpoint
from conformance.standin import StandIn, create_app
from conformance.standin.routes import resolve, routes
from conformance.standin.streams import REPLIES
from tests.support import GA

CHAT = [{"role": "user", "content": "hi"}]


def test_every_catalog_endpoint_is_routed_on_each_surface_it_has() -> None:
    table = routes()
    assert set(table) == {op.path for op in catalog.OPERATIONS.values()}
    for path, served in table.items():
        assert resolve(f"/openai/v1{path}", table) == ("v1", served, None)
        named = resolve(f"/openai/deployments/d{path}", table)
        bare = resolve(f"/openai{path}", table)
        if served.endpoint.deployment_in_path:
            assert (named, bare) == (("versioned", served, "d"), None), path
        else:
            assert (named, bare) == (None, ("versioned", served, None)), path
    assert resolve("/openai/v1/no/such/operation", table) is None


def test_route_facts_are_read_from_the_catalog_entries() -> None:
    table = routes()
    assert table["/audio/speech"].preview_only and not table["/chat/completions"].preview_only
    assert table["/audio/transcriptions"].form and not table["/embeddings"].form
    assert [p for p, s in table.items() if s.v1_refuses_entra] == ["/embeddings"]
    assert not table["/fine_tuning/jobs"].names_deployment and table["/responses"].names_deployment
    # The v1 Entra refusal is the catalog's documented exception, nothing of the stand-in's own.
    embeddings = catalog.get("embeddings.create")
    assert not routes([replace(embeddings, exceptions=())])["/embeddings"].v1_refuses_entra


def test_an_endpoint_without_a_reply_fails_start_up_naming_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    widgets = Endpoint("/widgets", "Widgets_Create", "widget", frozenset({"chat"}))
    new = replace(catalog.get("chat.completions.create"), id="widgets.create", endpoint=widgets)
    assert set(routes([new])) == {"/widgets"}  # routed from the catalog alone
    monkeypatch.setattr(catalog, "OPERATIONS", MappingProxyType({**catalog.OPERATIONS, new.id: new}))
    with pytest.raises(RuntimeError, match=r"no reply for Widgets_Create \(/widgets\).*streams.py REPLIES"):
        create_app("k", "t")


def test_every_catalog_endpoint_has_a_reply() -> None:
    names = {op.endpoint.operation_name for op in catalog.OPERATIONS.values()}
    assert names == set(REPLIES)


def test_an_endpoint_the_catalog_drops_is_no_longer_served(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = {i: op for i, op in catalog.OPERATIONS.items() if op.endpoint != endpoints.FINE_TUNING_JOBS}
    monkeypatch.setattr(catalog, "OPERATIONS", MappingProxyType(kept))
    with StandIn() as server, httpx2.Client(base_url=server.url, headers={"api-key": "k"}) as client:
        dropped = client.post("/openai/v1/fine_tuning/jobs", json={"model": "gpt-4o", "training_file": "f"})
        kept_path = client.post(f"/openai/deployments/gpt-4o/chat/completions?api-version={GA}",
                                json={"messages": CHAT})
    assert dropped.json() == {"error": {"code": "404", "message": "Resource not found"}}
    assert kept_path.status_code == 200


@pytest.mark.parametrize("endpoint", [endpoints.CHAT_COMPLETIONS, endpoints.EMBEDDINGS])
def test_error_texts_name_the_endpoint_as_the_catalog_does(standin: StandIn, endpoint: Endpoint) -> None:
    right = next(name for kind, name in DEFAULT_DEPLOYMENTS.items() if kind in endpoint.accepts)
    wrong = next(name for kind, name in DEFAULT_DEPLOYMENTS.items() if kind not in endpoint.accepts)
    with httpx2.Client(base_url=standin.url, headers={"api-key": "k"}) as client:
        limited = client.post(f"/openai/v1{endpoint.path}?standin-scenario=status:429",
                              json={"model": right, "messages": CHAT, "input": "x"})
        wrong_model = client.post(f"/openai/v1{endpoint.path}", json={"model": wrong, "messages": CHAT, "input": "x"})
    assert f"Requests to the {endpoint.operation_name} Operation" in limited.json()["error"]["message"]
    assert wrong_model.json()["error"]["message"].startswith(f"The {endpoint.model_check_name} operation ")

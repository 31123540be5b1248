"""Auth, routing and api-version errors carry Azure's status codes and bodies."""

from __future__ import annotations

import httpx2
import openai
import pytest

from conformance.standin import StandIn

CHAT = [{"role": "user", "content": "hi"}]
KEY_MESSAGE = "Access denied due to invalid subscription key or wrong API endpoint."
TOKEN_MESSAGE = "Unauthorized. Access token is missing, invalid, audience is incorrect"


def test_wrong_key_on_v1_and_versioned(standin: StandIn) -> None:
    with openai.OpenAI(base_url=standin.url + "/openai/v1/", api_key="nope", max_retries=0) as v1, \
            openai.AzureOpenAI(azure_endpoint=standin.url, api_version="2024-10-21", api_key="nope",
                               max_retries=0) as azure:
        with pytest.raises(openai.AuthenticationError) as on_v1:
            v1.chat.completions.create(model="gpt-4o", messages=CHAT)  # type: ignore[arg-type]
        with pytest.raises(openai.AuthenticationError) as on_azure:
            azure.chat.completions.create(model="gpt-4o", messages=CHAT)  # type: ignore[arg-type]
    assert isinstance(on_v1.value.body, dict) and on_v1.value.body["message"].startswith(TOKEN_MESSAGE)
    assert isinstance(on_azure.value.body, dict) and on_azure.value.body["code"] == "401"
    assert on_azure.value.body["message"].startswith(KEY_MESSAGE)


def test_entra_token(standin: StandIn) -> None:
    with openai.AzureOpenAI(azure_endpoint=standin.url, api_version="2024-10-21",
                            azure_ad_token_provider=lambda: "t", max_retries=0) as good, \
            openai.AzureOpenAI(azure_endpoint=standin.url, api_version="2024-10-21", azure_ad_token="bad",
                               max_retries=0) as bad:
        assert good.embeddings.create(model="text-embedding-3-large", input="x").data
        with pytest.raises(openai.AuthenticationError) as caught:
            bad.chat.completions.create(model="gpt-4o", messages=CHAT)  # type: ignore[arg-type]
    assert isinstance(caught.value.body, dict) and caught.value.body["message"].startswith(TOKEN_MESSAGE)


def test_entra_token_on_v1_embeddings_is_refused(standin: StandIn) -> None:
    with openai.OpenAI(base_url=standin.url + "/openai/v1/", api_key=lambda: "t", max_retries=0) as client:
        assert client.chat.completions.create(model="gpt-4o", messages=CHAT).choices  # type: ignore[arg-type]
        with pytest.raises(openai.AuthenticationError) as caught:
            client.embeddings.create(model="text-embedding-3-large", input="x")
    assert isinstance(caught.value.body, dict) and caught.value.body["message"].startswith(TOKEN_MESSAGE)


def test_unknown_deployment(v1: openai.OpenAI, azure: openai.AzureOpenAI) -> None:
    for client in (v1, azure):
        with pytest.raises(openai.NotFoundError) as caught:
            client.chat.completions.create(model="no-such-deployment", messages=CHAT)  # type: ignore[arg-type]
        assert caught.value.code == "DeploymentNotFound"


def test_auth_is_checked_before_the_deployment(standin: StandIn) -> None:
    with openai.OpenAI(base_url=standin.url + "/openai/v1/", api_key="nope", max_retries=0) as client, \
            pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="no-such-deployment", messages=CHAT)  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/openai/deployments/gpt-4o/chat/completions", 404, "404"),
    ("/openai/deployments/gpt-4o/chat/completions?api-version=1999-01-01", 400, "BadRequest"),
    ("/openai/responses", 404, "404"),
    ("/openai/v1/chat/completions?api-version=2024-10-21", 400, "BadRequest"),
    ("/openai/v1/chat/completions?api-version=preview", 200, None),
    ("/openai/v1/no/such/operation", 404, "404"),
    ("/somewhere/else", 404, "404"),
])
def test_paths_and_api_versions(standin: StandIn, path: str, status: int, code: str | None) -> None:
    with httpx2.Client(base_url=standin.url, headers={"api-key": "k"}) as client:
        response = client.post(path, json={"model": "gpt-4o", "messages": CHAT})
    assert response.status_code == status
    if code is not None:
        assert response.json()["error"]["code"] == code
    if status == 404 and code == "404":
        assert response.json() == {"error": {"code": "404", "message": "Resource not found"}}


def test_operation_on_the_wrong_model(v1: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        v1.embeddings.create(model="gpt-4o", input="x")
    assert caught.value.code == "OperationNotSupported"


def test_every_request_is_captured_in_order(fresh: StandIn) -> None:
    with httpx2.Client(base_url=fresh.url) as client:
        client.post("/openai/v1/chat/completions", json={"model": "gpt-4o", "messages": CHAT},
                    headers={"api-key": "wrong"})
        client.post("/openai/v1/chat/completions?api-version=v1", json={"model": "gpt-4o", "messages": CHAT},
                    headers={"Authorization": "Bearer k"})
    first, second = fresh.requests
    assert (first.status, second.status) == (401, 200)
    assert first.method == "POST" and first.path == "/openai/v1/chat/completions"
    assert first.headers["api-key"] == "wrong" and b'"gpt-4o"' in first.body
    assert second.query == {"api-version": "v1"}


def test_headers_are_present_and_deterministic(standin: StandIn) -> None:
    with httpx2.Client(base_url=standin.url, headers={"api-key": "k"}) as client:
        responses = [client.post("/openai/v1/chat/completions", json={"model": "gpt-4o", "messages": CHAT})
                     for _ in range(2)]
        retried = client.post("/openai/v1/chat/completions", json={"model": "gpt-4o", "messages": CHAT},
                              headers={"x-stainless-retry-count": "1"})
    first, second = (r.headers for r in responses)
    assert first["x-request-id"] == second["x-request-id"] != retried.headers["x-request-id"]
    assert first["apim-request-id"] == second["apim-request-id"] != first["x-request-id"]
    assert first["x-ms-region"] == "Stand-in" and first["content-type"] == "application/json"
    for name in ("remaining-requests", "remaining-tokens", "limit-requests", "limit-tokens"):
        assert int(first[f"x-ratelimit-{name}"]) > 0

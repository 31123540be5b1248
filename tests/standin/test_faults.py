"""Scenario steps chosen by the ``standin-scenario`` query parameter and the retry count."""

from __future__ import annotations

import openai
import pytest

from conformance.standin import StandIn
from conformance.standin.faults import ScenarioError, Step, parse_scenario, step_for_attempt

CHAT = [{"role": "user", "content": "hi"}]


def scenario(steps: str) -> dict[str, object]:
    return {"extra_query": {"standin-scenario": steps}}


def test_parse_scenario() -> None:
    steps = parse_scenario("status:429;retry_after_ms=10;retry_after=1,slow:0.5,ok")
    assert steps == (Step("status", status=429, retry_after_ms=10, retry_after=1), Step("slow", seconds=0.5),
                     Step("ok"))
    assert step_for_attempt(steps, 0).status == 429 and step_for_attempt(steps, 7) == Step("ok")
    for bad in ("", "nope", "status:200", "status:429;foo=1", "slow:x", "ok:1"):
        with pytest.raises(ScenarioError):
            parse_scenario(bad)


def test_429_is_retried_after_retry_after_ms(fresh: StandIn) -> None:
    with openai.OpenAI(base_url=fresh.url + "/openai/v1/", api_key="k", max_retries=2) as client:
        completion = client.chat.completions.create(model="gpt-4o", messages=CHAT,  # type: ignore[arg-type]
                                                    **scenario("status:429;retry_after_ms=10,ok"))
    assert completion.choices
    assert [r.status for r in fresh.requests] == [429, 200]
    assert [r.headers["x-stainless-retry-count"] for r in fresh.requests] == ["0", "1"]


def test_429_body_and_headers(v1: openai.OpenAI) -> None:
    with pytest.raises(openai.RateLimitError) as caught:
        v1.chat.completions.create(model="gpt-4o", messages=CHAT,  # type: ignore[arg-type]
                                   **scenario("status:429;retry_after_ms=10;retry_after=1"))
    assert caught.value.code == "429" and "exceeded token rate limit" in caught.value.message
    assert caught.value.response.headers["retry-after-ms"] == "10"
    assert caught.value.response.headers["retry-after"] == "1"


@pytest.mark.parametrize(("status", "error"), [
    (500, openai.InternalServerError), (403, openai.PermissionDeniedError), (409, openai.ConflictError)])
def test_other_statuses(v1: openai.OpenAI, status: int, error: type[openai.APIStatusError]) -> None:
    with pytest.raises(error) as caught:
        v1.embeddings.create(model="text-embedding-3-large", input="x", **scenario(f"status:{status}"))
    assert caught.value.status_code == status and caught.value.request_id


def test_content_filter_error(v1: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        v1.chat.completions.create(model="gpt-4o", messages=CHAT,  # type: ignore[arg-type]
                                   **scenario("content_filter"))
    body = caught.value.body
    assert isinstance(body, dict) and caught.value.code == "content_filter" and body["status"] == 400
    assert body["innererror"]["code"] == "ResponsibleAIPolicyViolation"
    assert body["innererror"]["content_filter_result"]["jailbreak"] == {"filtered": False, "detected": False}


def test_drop_gives_a_connection_error(fresh: StandIn) -> None:
    with openai.OpenAI(base_url=fresh.url + "/openai/v1/", api_key="k", max_retries=0) as client, \
            pytest.raises(openai.APIConnectionError):
        client.chat.completions.create(model="gpt-4o", messages=CHAT, **scenario("drop"))  # type: ignore[arg-type]
    assert len(fresh.requests) == 1 and fresh.requests[0].status is None


def test_drop_then_ok_is_retried(fresh: StandIn) -> None:
    with openai.OpenAI(base_url=fresh.url + "/openai/v1/", api_key="k", max_retries=1) as client:
        client.with_options(timeout=5).embeddings.create(model="text-embedding-3-large", input="x",
                                                         **scenario("drop,ok"))
    assert [r.status for r in fresh.requests] == [None, 200]


def test_slow_times_out(v1: openai.OpenAI) -> None:
    with pytest.raises(openai.APITimeoutError):
        v1.with_options(timeout=0.2).chat.completions.create(model="gpt-4o", messages=CHAT,  # type: ignore[arg-type]
                                                             **scenario("slow:2"))


def test_slow_then_answers(v1: openai.OpenAI) -> None:
    completion = v1.chat.completions.create(model="gpt-4o", messages=CHAT, **scenario("slow:0.05"))  # type: ignore
    assert completion.choices


def test_cut_stream_ends_early(v1: openai.OpenAI) -> None:
    stream = v1.chat.completions.create(model="gpt-4o", messages=CHAT, stream=True,  # type: ignore[arg-type]
                                        **scenario("cut"))
    chunks = list(stream)
    assert chunks and not any(c.choices and c.choices[0].finish_reason for c in chunks)


def test_cut_json_body_is_truncated(v1: openai.OpenAI) -> None:
    with pytest.raises(Exception):  # noqa: B017 - the SDK raises a JSON decoding error of its choosing
        v1.chat.completions.create(model="gpt-4o", messages=CHAT, **scenario("cut"))  # type: ignore[arg-type]


def test_sse_error_raises_api_error(v1: openai.OpenAI) -> None:
    stream = v1.chat.completions.create(model="gpt-4o", messages=CHAT, stream=True,  # type: ignore[arg-type]
                                        **scenario("sse_error"))
    with pytest.raises(openai.APIError, match="server had an error"):
        list(stream)


def test_responses_sse_error_event(v1: openai.OpenAI) -> None:
    events = list(v1.responses.create(model="gpt-4.1-nano", input="x", stream=True, **scenario("sse_error")))
    assert events[-1].type == "error" and events[-1].code == "server_error"  # type: ignore[union-attr]


def test_bad_scenario_is_400(v1: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="standin-scenario"):
        v1.chat.completions.create(model="gpt-4o", messages=CHAT, **scenario("explode"))  # type: ignore[arg-type]

"""The tap records each body exactly once, whether the body is a live network stream or a replayed one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx2
import openai

from conformance.calling.transport import AsyncTapTransport, Attempt, Tap, TapTransport, _AsyncTeeStream
from conformance.standin import StandIn

MESSAGES = [{"role": "user", "content": "hi"}]


async def _async_stream(url: str, key: str) -> tuple[int, Attempt]:
    tap = Tap()
    http = openai.DefaultAsyncHttpx2Client(transport=AsyncTapTransport(tap, httpx2.AsyncHTTPTransport()))
    client = openai.AsyncOpenAI(base_url=f"{url}/openai/v1/", api_key=key, http_client=http)
    try:
        raw = await client.chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES, stream=True)
        events = [chunk async for chunk in raw.parse()]
    finally:
        await http.aclose()
    return len(events), tap.attempts[-1]


def test_a_live_async_stream_is_recorded_although_the_sdk_drains_it_a_second_time(standin: StandIn) -> None:
    # The async SDK re-iterates the raw body after `[DONE]` to drain the connection; that pass over a live
    # socket is empty and must not erase the events the first pass received.
    events, attempt = asyncio.run(_async_stream(standin.url, standin.api_key))
    body = attempt.response_body
    assert events > 1 and attempt.complete
    assert body.count(b"data: ") == events + 1 and body.rstrip().endswith(b"data: [DONE]")


def test_a_live_sync_stream_is_recorded(standin: StandIn) -> None:
    tap = Tap()
    with openai.DefaultHttpx2Client(transport=TapTransport(tap, httpx2.HTTPTransport())) as http:
        client = openai.OpenAI(base_url=f"{standin.url}/openai/v1/", api_key=standin.api_key, http_client=http)
        raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES, stream=True)
        events = list(raw.parse())
    body = tap.attempts[-1].response_body
    assert events and body.count(b"data: ") == len(events) + 1


class _SinglePass(httpx2.AsyncByteStream):
    """A network-like body: each chunk can be read once; a later pass resumes where the last one stopped."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = list(chunks)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self._chunks:
            yield self._chunks.pop(0)


def _attempt() -> Attempt:
    return Attempt(method="POST", url="http://127.0.0.1/x", headers={}, body=b"")


async def _read(stream: httpx2.AsyncByteStream, limit: int | None = None) -> None:
    seen = 0
    async for _chunk in stream:
        seen += 1
        if limit is not None and seen >= limit:
            break


def test_a_second_pass_over_a_live_body_continues_the_record() -> None:
    attempt = _attempt()
    tee = _AsyncTeeStream(_SinglePass([b"a", b"b", b"c"]), attempt)

    async def consume() -> None:
        await _read(tee, limit=1)  # the consumer stops early (as the SDK does at `[DONE]`) ...
        await _read(tee)  # ... then drains the rest

    asyncio.run(consume())
    assert attempt.response_body == b"abc" and attempt.complete


def test_a_replayed_body_read_twice_is_recorded_once() -> None:
    attempt = _attempt()
    tee = _AsyncTeeStream(httpx2.ByteStream(b"whole body"), attempt)

    async def consume() -> None:
        await _read(tee)
        await _read(tee)

    asyncio.run(consume())
    assert attempt.response_body == b"whole body" and attempt.complete

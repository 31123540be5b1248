"""Every operation on every surface it exists on answers 200 with a body the SDK parses."""

from __future__ import annotations

import base64
import struct

import openai
import pytest

from conformance.standin import StandIn, bodies

CHAT = [{"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "When was Microsoft founded?"}]
IMAGE_CHAT = [{"role": "user", "content": [
    {"type": "text", "text": "What's in this image?"},
    {"type": "image_url", "image_url": {"url": "https://example.invalid/generated-seattle.png"}}]}]
MCP_TOOL = {"type": "mcp", "server_label": "microsoft_learn", "server_url": "https://learn.microsoft.com/api/mcp",
            "require_approval": "never"}


@pytest.fixture(params=["v1", "azure"])
def client(request: pytest.FixtureRequest) -> openai.OpenAI:
    return request.getfixturevalue(request.param)


def test_chat_completion(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="gpt-4o", messages=CHAT)
    assert completion.model == "gpt-4o-2024-08-06"
    assert completion.choices[0].message.content == bodies.CHAT_TEXT
    extra = completion.choices[0].model_extra or {}
    assert set(extra["content_filter_results"]) == {"hate", "self_harm", "sexual", "violence"}
    prompt = (completion.model_extra or {})["prompt_filter_results"]
    assert prompt[0]["content_filter_results"]["jailbreak"] == {"filtered": False, "detected": False}


def test_chat_image_input_has_two_prompt_filter_entries(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="gpt-4o", messages=IMAGE_CHAT, max_tokens=300)
    prompt = (completion.model_extra or {})["prompt_filter_results"]
    assert [entry["prompt_index"] for entry in prompt] == [0, 1]
    assert all("content_filter_results" in entry for entry in prompt)
    assert completion.usage is not None and completion.usage.prompt_tokens == 639


def test_chat_reasoning_reports_reasoning_tokens(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="o4-mini", messages=CHAT, reasoning_effort="low")
    assert completion.usage is not None and completion.usage.completion_tokens_details is not None
    assert (completion.usage.completion_tokens_details.reasoning_tokens or 0) > 0


def test_responses(client: openai.OpenAI) -> None:
    response = client.responses.create(model="gpt-4.1-nano", input="This is a test.")
    assert response.status == "completed" and response.output_text == bodies.RESPONSE_TEXT
    assert "content_filters" in (response.model_extra or {})


def test_responses_mcp_tool(v1: openai.OpenAI) -> None:
    response = v1.responses.create(model="gpt-5", tools=[MCP_TOOL],  # type: ignore[list-item]
                                   input="Search for information about Azure Functions")
    assert [item.type for item in response.output] == ["mcp_list_tools", "mcp_call", "message"]
    assert response.output_text.startswith("Here is a summary of Azure Functions")


def test_responses_reasoning(client: openai.OpenAI) -> None:
    response = client.responses.create(model="o4-mini", input="2+2?", reasoning={"effort": "high"})
    assert response.output[0].type == "reasoning"
    assert response.reasoning is not None and response.reasoning.effort == "high"
    assert response.usage is not None and response.usage.output_tokens_details.reasoning_tokens > 0


@pytest.mark.parametrize("encoding", ["float", "base64"])
def test_embeddings(client: openai.OpenAI, encoding: str) -> None:
    result = client.embeddings.create(model="text-embedding-3-large", input="Attenion is all you need",
                                      encoding_format=encoding)  # type: ignore[arg-type]
    assert result.model == "text-embedding-3-large" and result.usage.prompt_tokens == 7
    vector = result.data[0].embedding
    if isinstance(vector, str):  # an explicit base64 request is handed back undecoded
        vector = list(struct.unpack("<16f", base64.b64decode(vector)))
    assert vector == pytest.approx(bodies.EMBEDDING, rel=1e-6)


def test_embeddings_default_is_base64_decoded_by_the_sdk(fresh: StandIn) -> None:
    with openai.OpenAI(base_url=fresh.url + "/openai/v1/", api_key="k", max_retries=0) as client:
        result = client.embeddings.create(model="text-embedding-3-large", input=["a", "b"])
    assert len(result.data) == 2
    assert result.data[1].embedding == pytest.approx(bodies.EMBEDDING, rel=1e-6)
    assert b'"encoding_format":"base64"' in fresh.requests[0].body.replace(b" ", b"")


def test_images(client: openai.OpenAI) -> None:
    result = client.images.generate(model="dall-e-3", prompt="A rabbit eating pancakes", n=1,
                                    size="1024x1024", quality="hd", response_format="url", style="vivid")
    assert result.data is not None and (result.data[0].url or "").startswith("https://")
    extra = result.data[0].model_extra or {}
    assert extra["prompt_filter_results"]["profanity"] == {"detected": False, "filtered": False}


def test_legacy_completions(client: openai.OpenAI) -> None:
    result = client.completions.create(model="gpt-35-turbo-instruct", prompt="Hello World!", max_tokens=100)
    assert result.object == "text_completion" and result.choices[0].text


def test_speech_is_binary_mp3(v1: openai.OpenAI, azure_preview: openai.AzureOpenAI) -> None:
    for client in (v1, azure_preview):
        audio = client.audio.speech.create(model="tts-hd", voice="alloy", input="Testing, testing, 1,2,3.")
        assert audio.response.headers["content-type"] == "audio/mpeg"
        data = audio.read()
        assert data.startswith(b"ID3") and b"\xff\xfb" in data
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_speech_needs_a_preview_api_version(azure: openai.AzureOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        azure.audio.speech.create(model="tts-hd", voice="alloy", input="x")
    assert caught.value.body == {"code": "404", "message": "Resource not found"}


def test_transcriptions(client: openai.OpenAI) -> None:
    result = client.audio.transcriptions.create(model="whisper", file=("speech1.mp3", bodies.SPEECH_MP3))
    assert result.text == "Testing, testing, one, two, three."


def test_transcription_without_file_is_400(standin: StandIn) -> None:
    with openai.OpenAI(base_url=standin.url + "/openai/v1/", api_key="k", max_retries=0) as client, \
            pytest.raises(openai.BadRequestError):
        client.post("/audio/transcriptions", cast_to=object, body={"model": "whisper"},
                    options={"headers": {"Content-Type": "multipart/form-data"}})


def test_fine_tuning_unknown_training_file(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.fine_tuning.jobs.create(model="gpt-4o", training_file="file-test")
    assert caught.value.code == "invalidPayload" and caught.value.param == "training_file"
    assert caught.value.message.endswith("The specified training file 'file-test' does not exist.")


def test_async_clients(standin: StandIn) -> None:
    import asyncio

    async def run() -> tuple[str, list[str]]:
        async with openai.AsyncOpenAI(base_url=standin.url + "/openai/v1/", api_key="k", max_retries=0) as v1:
            completion = await v1.chat.completions.create(model="gpt-4o", messages=CHAT)  # type: ignore[arg-type]
            stream = await v1.chat.completions.create(model="gpt-4o", messages=CHAT,  # type: ignore[arg-type]
                                                      stream=True)
            pieces = [chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices]
        return completion.choices[0].message.content or "", pieces

    text, pieces = asyncio.run(run())
    assert text == bodies.CHAT_TEXT and "".join(pieces)

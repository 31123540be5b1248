"""The replay matchers, directly: which recorded request a live request is served by, and why not.

Bodies match as JSON values (key order and spacing are the SDK's, not the contract's), multipart bodies
with openai's per-request random boundary neutralised (sdk-facts §4), anything else byte for byte; the
credential header's documented form must match too, so a replayed auth mode sends its documented header.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from vcr.request import Request

from conformance.recording import matchers

URL = "https://fake-resource.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"
JSON = {"Content-Type": "application/json"}


def req(body: bytes | str | None, headers: dict[str, str] | None = None, method: str = "POST",
        uri: str = URL) -> Request:
    return Request(method, uri, body, dict(JSON if headers is None else headers))


def mismatch(r1: Request, r2: Request, matcher: Any = matchers.body) -> str:
    with pytest.raises(AssertionError) as caught:
        matcher(r1, r2)
    return str(caught.value)


def test_json_bodies_match_as_values_whatever_the_key_order_and_spacing() -> None:
    a = req(b'{"model": "m", "messages": [{"role": "user", "content": "hi"}]}')
    b = req(b'{"messages":[{"content":"hi","role":"user"}],"model":"m"}')
    assert matchers.body(a, b) is None


def test_a_json_difference_names_its_path_and_both_values() -> None:
    a = req(json.dumps({"messages": [{"role": "user", "content": "hi"}], "n": 1}))
    b = req(json.dumps({"messages": [{"role": "user", "content": "ho"}], "n": 1}))
    assert mismatch(a, b) == ('JSON body differs: $.messages[0].content is "hi" in the request but "ho" '
                              "in the cassette")


def test_a_key_on_one_side_only_says_which_side() -> None:
    assert mismatch(req(b'{"a": 1, "b": 2}'), req(b'{"a": 1}')) == "JSON body differs: $.b is only in the request"
    assert mismatch(req(b'{"a": 1}'), req(b'{"a": 1, "b": 2}')) == "JSON body differs: $.b is only in the cassette"


def test_the_first_difference_in_key_order_is_reported() -> None:
    assert mismatch(req(b'{"b": 1, "a": 1}'), req(b'{"a": 2, "b": 2}')) == (
        "JSON body differs: $.a is 1 in the request but 2 in the cassette")


def test_lists_of_different_length_or_content_differ() -> None:
    assert mismatch(req(b'{"x": [1, 2]}'), req(b'{"x": [1]}')) == (
        "JSON body differs: $.x has 2 items in the request but 1 in the cassette")
    assert mismatch(req(b'{"x": [1, [2, 3]]}'), req(b'{"x": [1, [2, 4]]}')) == (
        "JSON body differs: $.x[1][1] is 3 in the request but 4 in the cassette")
    assert matchers.body(req(b'{"x": [1, [2, 3]]}'), req(b'{"x": [1, [2, 3]]}')) is None


def test_a_dict_against_a_list_differs() -> None:
    assert "$.x is" in mismatch(req(b'{"x": {"a": 1}}'), req(b'{"x": [1]}'))


def test_long_values_are_cut_to_80_characters() -> None:
    text = mismatch(req(json.dumps({"p": "a" * 200})), req(json.dumps({"p": "b" * 200})))
    assert text == f'JSON body differs: $.p is "{"a" * 79} in the request but "{"b" * 79} in the cassette'


def test_string_bodies_are_compared_as_their_utf8_bytes() -> None:
    assert matchers.body(req('{"a": "é"}'), req('{"a": "é"}'.encode())) is None


def multipart(boundary: str, value: str) -> Request:
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n{value}\r\n"
            f"--{boundary}--\r\n").encode()
    return req(body, {"content-type": f"multipart/form-data; boundary={boundary}"})


def test_multipart_bodies_match_whatever_the_random_boundary() -> None:
    assert matchers.body(multipart("abc123", "whisper"), multipart("zz9876", "whisper")) is None


def test_multipart_bodies_with_other_content_differ() -> None:
    assert mismatch(multipart("abc123", "whisper"), multipart("zz9876", "tts")) == (
        "multipart body differs from the cassette's multipart body")


def test_multipart_content_type_is_found_whatever_the_header_case() -> None:
    a, b = multipart("abc123", "whisper"), multipart("zz9876", "whisper")
    a = req(a.body, {"Content-Type": a.headers["content-type"]})
    b = req(b.body, {"CONTENT-TYPE": b.headers["content-type"]})
    assert matchers.body(a, b) is None


def test_multipart_without_a_boundary_parameter_compares_bytes() -> None:
    a = req(b"--x\r\nsame", {"content-type": "multipart/form-data"})
    assert matchers.body(a, req(b"--x\r\nsame", {"content-type": "multipart/form-data"})) is None
    assert "multipart body differs" in mismatch(a, req(b"--y\r\nsame", {"content-type": "multipart/form-data"}))


def test_non_json_bodies_compare_byte_for_byte() -> None:
    assert matchers.body(req(b"not json", {}), req(b"not json", {})) is None
    assert mismatch(req(b"not json", {}), req(b"not JSON", {})) == "raw body differs from the cassette's raw body"


def test_empty_bodies_match_and_differ_from_a_json_body() -> None:
    assert matchers.body(req(None, {}), req(b"", {})) is None
    assert mismatch(req(b"{}"), req(None, {})) == "json body differs from the cassette's raw body"


def test_the_normalised_kinds() -> None:
    assert matchers._normalised_body(req(b'{"a": 1}')) == ("json", {"a": 1})
    assert matchers._normalised_body(req(b"", {})) == ("raw", b"")
    assert matchers._normalised_body(req(b"[x", {})) == ("raw", b"[x")
    assert matchers._normalised_body(multipart("b0", "v"))[0] == "multipart"


@pytest.mark.parametrize(("headers", "form"), [
    ({"api-key": "<api-key>"}, "api-key"),
    ({"Api-Key": "k", "Authorization": "Bearer t"}, "api-key"),
    ({"Authorization": "Bearer <entra-token>"}, "bearer <entra-token>"),
    ({"authorization": "BEARER <api-key>"}, "bearer <api-key>"),
    ({"x-other": "1"}, "none"),
])
def test_credential_form(headers: dict[str, str], form: str) -> None:
    assert matchers.credential_form(req(b"{}", headers)) == form


def test_credential_matcher_requires_the_same_documented_header_form() -> None:
    key, bearer = req(b"{}", {"api-key": "<api-key>"}), req(b"{}", {"authorization": "Bearer <entra-token>"})
    assert matchers.credential(key, req(b"{}", {"API-KEY": "<api-key>"})) is None
    assert mismatch(key, bearer, matchers.credential) == (
        "credential header is 'api-key' in the request but 'bearer <entra-token>' in the cassette")
    # the same Bearer header with the key instead of a token is another auth mode (key sent as a bearer token)
    assert "bearer <api-key>" in mismatch(bearer, req(b"{}", {"authorization": "Bearer <api-key>"}),
                                          matchers.credential)


def test_register_installs_both_custom_matchers() -> None:
    registered: dict[str, Any] = {}

    class Config:
        def register_matcher(self, name: str, fn: Any) -> None:
            registered[name] = fn

    matchers.register(Config())
    assert registered == {"body": matchers.body, "credential": matchers.credential}
    assert set(registered) <= set(matchers.MATCH_ON)
    assert matchers.MATCH_ON == ("method", "path", "query", "body", "credential")


def episode(*requests: Request) -> list[dict[str, Any]]:
    return [{"request": r._to_dict(), "response": {}} for r in requests]


def test_episode_form_is_the_first_requests_credential_form() -> None:
    first = req(b"{}", {"authorization": "Bearer <api-key>"})
    assert matchers.episode_form(episode(first, req(b"{}", {"api-key": "<api-key>"}))) == "bearer <api-key>"


def test_episode_key_is_what_replay_matches_on() -> None:
    a = episode(req(b'{"a": 1, "b": 2}', {**JSON, "api-key": "<api-key>", "x-stainless-retry-count": "0"}))
    same = episode(req(b'{"a":1,"b":2}', {**JSON, "api-key": "<api-key>", "x-stainless-retry-count": "1"}))
    assert matchers.episode_key(a) == matchers.episode_key(same)
    others = [
        episode(req(b'{"a": 1, "b": 3}', {**JSON, "api-key": "<api-key>"})),
        episode(req(b'{"a": 1, "b": 2}', {**JSON, "authorization": "Bearer <api-key>"})),
        episode(req(b'{"a": 1, "b": 2}', {**JSON, "api-key": "<api-key>"}, method="PUT")),
        episode(req(b'{"a": 1, "b": 2}', {**JSON, "api-key": "<api-key>"}, uri=URL.replace("chat/", ""))),
        episode(req(b'{"a": 1, "b": 2}', {**JSON, "api-key": "<api-key>"}, uri=URL.replace("10-21", "06-01"))),
        a + a,
    ]
    keys = {matchers.episode_key(other) for other in others}
    assert matchers.episode_key(a) not in keys and len(keys) == len(others)
    assert json.loads(matchers.episode_key(a))[0][:4] == ["POST", "/openai/deployments/d/chat/completions",
                                                          [["api-version", "2024-10-21"]], "json"]


def test_episode_key_ignores_json_key_order_as_the_body_matcher_does() -> None:
    a = episode(req(b'{"a": 1, "b": 2}', {**JSON, "api-key": "<api-key>"}))
    same = episode(req(b'{"b": 2, "a": 1}', {**JSON, "api-key": "<api-key>"}))
    assert matchers.episode_key(a) == matchers.episode_key(same)

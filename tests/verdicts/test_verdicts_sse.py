"""SSE parsing per the HTML event-stream rules, one rule per test."""

from __future__ import annotations

import json

import pytest

from conformance import sse


def datas(body: bytes) -> list[str]:
    return [event.data for event in sse.parse(body)]


@pytest.mark.parametrize("eol", [b"\n", b"\r", b"\r\n"])
def test_lines_end_with_lf_cr_or_crlf(eol: bytes) -> None:
    body = b"data: {\"a\": 1}" + eol + eol + b"data: [DONE]" + eol + eol
    assert datas(body) == ['{"a": 1}', "[DONE]"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_unicode_line_separators_inside_text_do_not_end_a_line(char: str) -> None:
    payload = json.dumps({"content": f"a{char}b"}, ensure_ascii=False)
    [event] = sse.parse(f"data: {payload}\n\n".encode())
    assert event.json == {"content": f"a{char}b"}


def test_multi_line_data_is_joined_with_lf() -> None:
    [event] = sse.parse(b'data: {"a":\ndata: 1}\n\n')
    assert event.data == '{"a":\n1}' and event.json == {"a": 1}


def test_comments_are_ignored() -> None:
    assert datas(b": keep-alive\ndata: 1\n:another\n\n: trailing\n\n") == ["1"]


def test_one_leading_space_is_dropped_and_no_colon_means_an_empty_value() -> None:
    [event] = sse.parse(b"data:  2\n\n")
    assert event.data == " 2"
    [named] = sse.parse(b"event\ndata:3\n\n")
    assert named.event == "" and named.data == "3"


def test_event_field_names_the_event_and_resets_after_dispatch() -> None:
    first, second = sse.parse(b"event: response.created\ndata: 1\n\ndata: 2\n\n")
    assert (first.event, second.event) == ("response.created", None)


def test_id_field_sets_the_last_event_id_which_persists() -> None:
    first, second, third = sse.parse(b"id: 7\ndata: 1\n\ndata: 2\n\nid: a\0b\ndata: 3\n\n")
    assert (first.id, second.id, third.id) == ("7", "7", "7")  # an id holding NUL is ignored


def test_retry_field_takes_ascii_digits_only() -> None:
    first, second = sse.parse(b"retry: 1500\ndata: 1\n\nretry: 15x\ndata: 2\n\n")
    assert (first.retry, second.retry) == (1500, 1500)
    [plain] = sse.parse(b"data: 1\n\n")
    assert plain.retry is None


def test_unknown_fields_are_ignored() -> None:
    assert datas(b"foo: bar\ndata: 1\n\n") == ["1"]


def test_event_is_dispatched_on_a_blank_line_only() -> None:
    assert datas(b"data: 1\n\ndata: 2") == ["1"]  # the unterminated last event is discarded
    assert datas(b"data: 1\n\ndata: 2\n") == ["1"]
    assert datas(b"event: x\n\n") == []  # no data: nothing dispatched


def test_a_leading_bom_is_dropped() -> None:
    assert datas("\ufeffdata: 1\n\n".encode()) == ["1"]


def test_done_and_non_json_data() -> None:
    [done] = sse.parse(b"data: [DONE]\n\n")
    assert done.is_done and done.json is None
    with pytest.raises(sse.SSEParseError):
        sse.parse(b"data: {not json\n\n")

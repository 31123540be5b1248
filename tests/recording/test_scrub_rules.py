"""Scrubbing rules not covered by the realistic-resource tests: whole interactions, log arguments and
httpcore trace lines, header-name spelling, the longest-secret-first order, and the inputs that must not
become secrets (empty hosts, empty tokens)."""

from __future__ import annotations

import logging
from typing import Any

from conformance.recording import scrub
from conformance.recording.scrub import (
    API_KEY_PLACEHOLDER,
    LOG_SCRUBBER,
    LOGGERS,
    PLACEHOLDER_HOST,
    REDACTED,
    TOKEN_PLACEHOLDER,
    Scrubber,
    install_log_scrubber,
    is_secret_header,
    scrub_patterns,
)

KEY = "k" * 32
TOKEN = "tok-" + "t" * 40
HOST = "my-res.openai.azure.com"


def test_a_whole_interaction_is_scrubbed_in_place() -> None:
    interaction: dict[str, Any] = {
        "request": {"uri": f"https://{HOST}/openai/v1/chat/completions?x={KEY}", "body": f'{{"k": "{KEY}"}}',
                    "headers": {"api-key": [KEY], "x-note": [HOST]}},
        "response": {"headers": {"set-cookie": ["a"], "x-echo": [TOKEN]}, "body": {"string": f"{HOST}".encode()}},
    }
    out = Scrubber(KEY, TOKEN, [HOST]).interaction(interaction)
    assert out is interaction
    assert out["request"] == {
        "uri": f"https://{PLACEHOLDER_HOST}/openai/v1/chat/completions?x={API_KEY_PLACEHOLDER}",
        "body": f'{{"k": "{API_KEY_PLACEHOLDER}"}}',
        "headers": {"api-key": [API_KEY_PLACEHOLDER], "x-note": [PLACEHOLDER_HOST]},
    }
    assert out["response"] == {"headers": {"x-echo": [TOKEN_PLACEHOLDER]},
                               "body": {"string": PLACEHOLDER_HOST.encode()}}


def test_an_interaction_without_bodies_or_headers_is_fine() -> None:
    interaction: dict[str, Any] = {"request": {"uri": f"http://{HOST}/x"}, "response": {}}
    out = Scrubber(KEY, None, [HOST]).interaction(interaction)
    assert out["request"] == {"uri": f"https://{PLACEHOLDER_HOST}/x", "headers": {}, "body": None}
    assert out["response"] == {"headers": {}}


def test_list_and_single_header_values_keep_their_form() -> None:
    out = Scrubber(KEY, None, [HOST]).request_headers({"x-a": [HOST, "b"], "x-b": HOST})
    assert out == {"x-a": [PLACEHOLDER_HOST, "b"], "x-b": PLACEHOLDER_HOST}


def test_underscore_header_names_are_judged_like_dashed_ones() -> None:
    assert is_secret_header("x_ms_tenant_id") and is_secret_header("client_id") and is_secret_header("API_KEY")
    assert not is_secret_header("x_request_id") and not is_secret_header("x_ratelimit_remaining")


def test_a_bearer_token_in_text_keeps_its_scheme() -> None:
    assert scrub_patterns(b"Authorization: Bearer abcdefghijklmnopqrstu") == (
        b"Authorization: Bearer " + REDACTED.encode())


def test_empty_hosts_and_tokens_never_become_secrets() -> None:
    scrubber = Scrubber(None, None, ["", PLACEHOLDER_HOST])
    scrubber.learn_token("")
    assert scrubber.data(b"abc fake-resource.openai.azure.com") == b"abc fake-resource.openai.azure.com"
    assert scrubber.text("abc") == "abc"


def test_the_longest_secret_is_replaced_first() -> None:
    """A key that also appears inside the host must not break the host's replacement."""
    scrubber = Scrubber("my-res", None, [HOST])
    assert scrubber.data(f"https://{HOST}/x my-res".encode()) == (
        f"https://{PLACEHOLDER_HOST}/x {API_KEY_PLACEHOLDER}".encode())
    host = "my-res-q9.openai.azure.com"
    scrubber = Scrubber("q9", None, [host])  # the key sorts before the host by text, after it by length
    assert scrubber.text(f"{host} q9") == f"{PLACEHOLDER_HOST} {API_KEY_PLACEHOLDER}"
    scrubber = Scrubber("my-res.openai", None, [HOST])
    assert scrubber.text(f"{HOST} my-res.openai") == f"{PLACEHOLDER_HOST} {API_KEY_PLACEHOLDER}"


def test_a_learned_token_after_use_is_scrubbed_from_then_on() -> None:
    scrubber = Scrubber(KEY, None, [])
    assert scrubber.text(TOKEN) == TOKEN
    scrubber.learn_token(TOKEN)
    assert scrubber.text(f"x {TOKEN}") == f"x {TOKEN_PLACEHOLDER}"


def test_text_keeps_undecodable_bytes_round_trip() -> None:
    value = "caf\udce9 " + KEY  # a lone surrogate from bytes that were not UTF-8
    assert Scrubber(KEY, None, []).text(value) == "caf\udce9 " + API_KEY_PLACEHOLDER


# --- logs -------------------------------------------------------------------------------------------------

def record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, None)


def test_log_filter_keeps_the_record_and_scrubs_message_and_args() -> None:
    saved = LOG_SCRUBBER.scrubber
    try:
        LOG_SCRUBBER.scrubber = None
        untouched = record("key %s", KEY)
        assert LOG_SCRUBBER.filter(untouched) is True and untouched.args == (KEY,)
        LOG_SCRUBBER.scrubber = Scrubber(KEY, None, [HOST])
        response = {"status": {"code": 200}, "headers": {"x-ms-tenant-id": ["t"], "x-other": [HOST]}}
        rec = record("Appending %s and response %s (%s)", "status ok", response, KEY)
        assert LOG_SCRUBBER.filter(rec) is True
        assert rec.args == ()
        assert rec.getMessage() == (f"Appending status ok and response {{'status': {{'code': 200}}, 'headers': "
                                    f"{{'x-ms-tenant-id': ['{REDACTED}'], 'x-other': ['{PLACEHOLDER_HOST}']}}}} "
                                    f"({API_KEY_PLACEHOLDER})")
        assert response["headers"] == {"x-ms-tenant-id": ["t"], "x-other": [HOST]}  # the caller's dict is untouched
    finally:
        LOG_SCRUBBER.scrubber = saved


def test_a_dict_log_argument_without_status_is_only_text_scrubbed() -> None:
    scrubber = Scrubber(KEY, None, [])
    arg = {"headers": {"x-ms-tenant-id": ["t"]}}
    assert scrub._scrub_log_arg(scrubber, arg) is arg
    assert scrub._scrub_log_arg(scrubber, "status") == "status"


def test_trace_header_lines_redact_secret_and_dropped_headers_only() -> None:
    saved = LOG_SCRUBBER.scrubber
    try:
        LOG_SCRUBBER.scrubber = Scrubber(None, None, [])
        rec = record("receive_response_headers.complete return_value=(b'HTTP/1.1', 200, [(b'Set-Cookie', b'a=b'), "
                     "(b'x-ms-client-principal-id', b'p1'), (b'x-request-id', b'r1'), (b'content-type', b'x')])")
        LOG_SCRUBBER.filter(rec)
        assert rec.getMessage() == (
            f"receive_response_headers.complete return_value=(b'HTTP/1.1', 200, [(b'Set-Cookie', b'{REDACTED}'), "
            f"(b'x-ms-client-principal-id', b'{REDACTED}'), (b'x-request-id', b'r1'), (b'content-type', b'x')])")
    finally:
        LOG_SCRUBBER.scrubber = saved


def test_install_attaches_the_filter_once_to_every_http_logger() -> None:
    saved = LOG_SCRUBBER.scrubber
    loggers = [logging.getLogger(name) for name in LOGGERS]
    try:
        for logger in loggers:
            while LOG_SCRUBBER in logger.filters:
                logger.removeFilter(LOG_SCRUBBER)
        scrubber = Scrubber(KEY, None, [])
        install_log_scrubber(scrubber)
        install_log_scrubber(scrubber)
        assert LOG_SCRUBBER.scrubber is scrubber
        assert all(logger.filters.count(LOG_SCRUBBER) == 1 for logger in loggers)
        assert LOG_SCRUBBER not in logging.getLogger().filters  # the root logger is not touched
    finally:
        LOG_SCRUBBER.scrubber = saved

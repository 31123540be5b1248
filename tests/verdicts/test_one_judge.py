"""`run` and `validate` give the same verdict on the same exchange: one judge serves both (issue 11).

Each exchange is a bundled v1 cassette, as recorded or mutated; `run` replays it through run_case, and
`validate` reads the same cassette and the same response written as a corpus file. Outcome, failure
message and drift keys must match, including for the checks `validate` once lacked (a stream's content
type, a stream without events, content-filter drift, the surface's first-frame rule).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.one_judge import Interaction, corpus_file, mutated_cassette, run_verdict, validate_verdict

CHAT, STREAM = "chat.completions.create", "chat.completions.create.stream"


def _text(item: Interaction) -> str:
    raw = item["response"]["body"]["string"]
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)


def _as_recorded(_item: Interaction) -> None:
    pass


def _mutated_body(item: Interaction) -> None:
    body = json.loads(_text(item))
    body["object"] = "dict"  # contract failure
    body["x_new"] = 1  # undocumented-field drift
    del body["choices"][0]["content_filter_results"]  # missing-documented-field (filter drift)
    item["response"]["body"]["string"] = json.dumps(body)


def _no_events(item: Interaction) -> None:
    item["response"]["body"]["string"] = ": keep-alive\n\n"


def _wrong_content_type(item: Interaction) -> None:
    item["response"]["headers"]["content-type"] = ["application/json"]


def _no_first_frame(item: Interaction) -> None:
    """Drop the documented empty-`choices` prompt-annotation frame (drift on v1, which documents it)."""
    frames = _text(item).split("\n\n")
    item["response"]["body"]["string"] = "\n\n".join(f for f in frames if '"choices":[]' not in f
                                                     and '"choices": []' not in f)


SCENARIOS: dict[str, tuple[str, Callable[[Interaction], None], str]] = {
    "chat as recorded": (CHAT, _as_recorded, "pass"),
    "chat mutated body": (CHAT, _mutated_body, "fail"),
    "stream as recorded": (STREAM, _as_recorded, "pass"),
    "stream without events": (STREAM, _no_events, "fail"),
    "stream with the wrong content type": (STREAM, _wrong_content_type, "fail"),
    "stream without its first frame": (STREAM, _no_first_frame, "pass"),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_run_and_validate_agree(scenario: str, tmp_path: Path) -> None:
    op, mutate, outcome = SCENARIOS[scenario]
    cassette = mutated_cassette(op, tmp_path, mutate)
    stream = op == STREAM
    ran = run_verdict(op, cassette)
    assert ran.outcome == outcome, ran
    assert validate_verdict(cassette, stream) == ran
    if mutate is not _no_events:  # a corpus file holds parsed events: an empty stream has none to write
        assert validate_verdict(corpus_file(op, cassette, tmp_path), stream) == ran


def test_the_checks_validate_gained_are_in_the_shared_verdicts(tmp_path: Path) -> None:
    """The scenarios exercise what validate once missed: the verdicts name each check."""
    wrong = run_verdict(STREAM, mutated_cassette(STREAM, tmp_path / "a", _wrong_content_type))
    assert "stream content-type is 'application/json', documented text/event-stream" in wrong.message
    empty = run_verdict(STREAM, mutated_cassette(STREAM, tmp_path / "b", _no_events))
    assert "stream carried no events" in empty.message
    body = run_verdict(CHAT, mutated_cassette(CHAT, tmp_path / "c", _mutated_body))
    assert any(k.startswith("missing-documented-field|$.choices[*].content_filter_results") for k in body.drift)
    first = run_verdict(STREAM, mutated_cassette(STREAM, tmp_path / "d", _no_first_frame))
    assert any(k.startswith("stream-rule|event[*]|docs content-streaming") for k in first.drift)

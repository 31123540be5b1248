"""Readable messages: repeated failures grouped, long lists sampled, every row message capped at 2000 characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.catalog.cases import build_cases
from conformance.catalog.config import Settings
from conformance.verdicts import messages
from conformance.verdicts.results import CaseResult, Outcome
from conformance.verdicts.stream_rules import chat_stream_drift
from tests.support.scripted_server import ScriptedServer, failing_everywhere
from tests.support.sdk_rows import not_runnable, runs_here

KEY = "messages-key-3c8e1a5f7b9d2e4a"
TOKEN = "messages-token-6b4d2f8a1c3e5a7b"


def test_the_same_failure_in_every_event_is_one_line_with_a_count() -> None:
    failures = [f"event[{i}] $.created: 'soon' is not of type 'integer' [type]" for i in range(384)]
    failures.append("stream ended without its terminal `data: [DONE]` event")
    text, details = messages.summarise(failures)
    assert text == ("event[*] $.created: 'soon' is not of type 'integer' [type] (in 384 events: event[0], event[1], "
                    "event[2], …); stream ended without its terminal `data: [DONE]` event")
    assert details == {"failures": 385, "distinct_failures": 2, "listed": 2}


def test_many_distinct_failures_are_listed_up_to_a_budget_then_counted() -> None:
    failures = [f"$.field_{i}: a distinct problem with a fairly long explanation number {i}" for i in range(200)]
    text, details = messages.summarise(failures)
    assert len(text) <= messages.SUMMARY_BUDGET + 100
    assert text.endswith(f"… and {200 - details['listed']} more distinct failure(s)")
    assert details["failures"] == details["distinct_failures"] == 200 and 0 < details["listed"] < 200


def test_a_short_message_is_left_as_it_is() -> None:
    assert messages.summarise(["a", "b"]) == ("a; b", {})


def test_a_stream_with_many_ids_names_the_count_and_a_sample() -> None:
    events = [{"id": f"chatcmpl-{i:06d}", "choices": [{"index": 0, "delta": {}, "finish_reason": None}]}
              for i in range(384)]
    failures, _ = chat_stream_drift(events)
    ids = [f for f in failures if "different ids" in f]
    assert ids == ["stream carries 384 different ids; first 3: 'chatcmpl-000000', 'chatcmpl-000001', "
                   "'chatcmpl-000002'; documented one id per stream"]


def test_every_row_message_is_capped_in_one_place_whoever_sets_it() -> None:
    row = CaseResult("op[v1-api_key-sync]", "op", "v1", None, "api_key", "sync", Outcome.ERROR, message="x" * 10_000)
    assert len(row.message) == messages.MESSAGE_LIMIT and row.message.endswith("[10000 characters, cut to 2000]")
    row.message = "y" * 5000
    assert len(row.message) == messages.MESSAGE_LIMIT
    again = CaseResult.from_dict({**row.to_dict(), "message": "z" * 3000})
    assert len(again.message) == messages.MESSAGE_LIMIT


@pytest.mark.e2e
def test_a_live_run_where_every_case_fails_writes_a_small_readable_report(tmp_path: Path) -> None:
    """The whole matrix against a server whose streams carry 400 events with 400 ids: every case that runs fails (the
    fault probes are skipped: not our stand-in); before summarising, one message was 140,000 characters and
    report.json 2.8 MB."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_OPENAI", "OPENAI_", "AOAI_"))}
    env.update({"AZURE_OPENAI_API_KEY": KEY, "AZURE_OPENAI_AD_TOKEN": TOKEN})
    with ScriptedServer(failing_everywhere) as server:
        result = subprocess.run(
            [sys.executable, "-m", "conformance.commands.cli", "run", "--mode", "live", "--endpoint", server.url,
             "--report-dir", str(tmp_path), "--report-formats", "json"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 1, result.stdout[-2000:]
    report = tmp_path / "report.json"
    data = json.loads(report.read_text())
    rows = data["results"]
    every = build_cases(Settings())
    assert sorted(r["id"] for r in rows) == sorted(c.id for c in every)  # one row per case, every SDK's
    judged = [r for r in rows if r["operation"] not in ("client.retries", "errors.status_mapping") and runs_here(r)]
    faults = sum(c.operation.id in ("client.retries", "errors.status_mapping") for c in every)
    assert len(judged) == len(every) - faults - not_runnable(rows)  # fault probes (and JS without Node): skipped
    assert all(r["outcome"] in ("failed", "error") for r in judged)
    assert max(len(r["message"]) for r in rows) <= messages.MESSAGE_LIMIT
    streams = [r for r in rows if r["operation"] == "chat.completions.create.stream"]
    assert streams and all("(in 400 events: event[0]" in r["message"] for r in streams)
    assert report.stat().st_size < 500_000, report.stat().st_size

"""Provenance: one line saying what a replay replays, from the cassettes' provenance blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.catalog.operation import JAVASCRIPT
from conformance.recording import provenance


def _block(source: str, recorded: str, host: str = "res") -> dict:
    return {"source": source, "endpoint_sha256": provenance.endpoint_hash(f"https://{host}.example"),
            "x-ms-region": None, "recorded": recorded, "tool_version": "0.1.0", "openai_version": "3.0.0"}


def test_stand_in_recordings_name_their_date() -> None:
    blocks = [_block("stand-in", "2026-11-23")] * 3
    assert provenance.describe(blocks) == "recordings of the stand-in, 2026-11-23"


def test_resource_recordings_name_their_count_and_date_range() -> None:
    blocks = [_block("resource", "2026-11-20"), _block("resource", "2026-11-23")]
    assert provenance.describe(blocks) == "recordings of a resource (2 cassettes), 2026-11-20 to 2026-11-23"
    two = [_block("resource", "2026-11-20", "a"), _block("resource", "2026-11-20", "b")]
    assert provenance.describe(two) == "recordings of 2 resources (2 cassettes), 2026-11-20"


def test_a_mix_and_missing_provenance_are_said() -> None:
    blocks = [_block("stand-in", "2026-11-23"), _block("resource", "2026-11-20"), None]
    assert provenance.describe(blocks) == (
        "mixed: recordings of the stand-in (1 cassette, 2026-11-23) and of a resource (1 cassette, 2026-11-20); "
        "1 cassette without provenance")


def test_replays_reads_each_existing_file_once(tmp_path: Path) -> None:
    path = tmp_path / "v1" / "op.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"provenance": _block("resource", "2026-11-23"), "interactions": []}))
    paths = [path, path, tmp_path / "v1" / "missing.json"]
    assert provenance.replays(paths) == "recordings of a resource (1 cassette), 2026-11-23"


def test_a_sound_block_has_no_problems_and_a_bad_one_says_why() -> None:
    assert provenance.problems({"provenance": _block("stand-in", "2026-11-23")}) == []
    assert provenance.problems({}) == ["no provenance (which endpoint and date it was recorded from)"]
    bad = {**_block("cloud", "yesterday"), "endpoint_sha256": "abc"}
    assert len(provenance.problems({"provenance": bad})) == 3


def test_each_sdk_names_the_version_of_its_own_openai_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provenance.js_bridge, "installed_sdk_version", lambda: "6.0.0-npm")
    assert provenance.build("http://127.0.0.1:1", True, [], JAVASCRIPT)["openai_version"] == "6.0.0-npm"
    assert provenance.build("http://127.0.0.1:1", True, [])["openai_version"] == provenance.version("openai")

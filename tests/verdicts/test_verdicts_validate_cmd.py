"""`validate`: the corpus passes with drift listed, corruption fails, --json shape, cassettes, usage errors."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from conformance.commands import validate as validate_cmd
from tests.support import run_cli

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> int:
    parser = argparse.ArgumentParser()
    validate_cmd.add_parser(parser.add_subparsers(dest="command"))
    return validate_cmd.main(parser.parse_args(["validate", *args]))


def test_corpus_passes_with_drift_listed(corpus: list[Path], capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    out_json = tmp_path / "v.json"
    assert run(str(corpus[0].parent), "--json", str(out_json)) == 0
    out = capsys.readouterr().out
    assert out.count("\nPASS ") + out.startswith("PASS ") == len(corpus)
    assert "FAIL" not in out
    assert "drift: legacy-name $.error.innererror" in out
    rows = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(rows) == len(corpus)
    assert all(set(r) >= {"path", "verdict", "failures", "drift"} and r["verdict"] == "pass" for r in rows)
    assert all(set(d) >= {"kind", "path", "source", "key", "occurrences"} for r in rows for d in r["drift"])
    assert sum(len(r["drift"]) for r in rows) > 0


def test_a_corrupted_corpus_file_fails(corpus: list[Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = next(p for p in corpus if p.name.endswith("_chat.completions.json"))
    data = json.loads(source.read_text(encoding="utf-8"))
    del data["body"]["choices"]
    broken = tmp_path / source.name
    broken.write_text(json.dumps(data), encoding="utf-8")
    out_json = tmp_path / "v.json"
    assert run(str(broken), "--json", str(out_json)) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"FAIL {broken}")
    assert "$.choices" in out
    (row,) = json.loads(out_json.read_text(encoding="utf-8"))
    assert row["verdict"] == "fail" and any("$.choices" in f for f in row["failures"])


def test_bundled_cassettes_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(REPO / "cassettes")) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "FAIL" not in out


def test_a_broken_cassette_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = REPO / "cassettes" / "v1" / "chat.completions.create.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    body = json.loads(data["interactions"][0]["response"]["body"]["string"])
    body["object"] = "dict"
    data["interactions"][0]["response"]["body"]["string"] = json.dumps(body)
    target = tmp_path / "v1" / source.name
    target.parent.mkdir()
    target.write_text(json.dumps(data), encoding="utf-8")
    assert run(str(target)) == 1
    assert "interactions[0] $.object" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "fragment"), [
    (None, "no such file or directory"),
    ('{"hello": "world"}', "neither a corpus file"),
    ("not json", "not readable JSON"),
])
def test_usage_errors_exit_2_with_one_message(tmp_path: Path, content: str | None, fragment: str) -> None:
    target = tmp_path / "x.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    proc = run_cli("validate", str(target), cwd=REPO)
    assert proc.returncode == 2
    assert fragment in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_validate_says_which_shapes_judged_each_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A version with derived shapes names its file; one without says the shape tier was not applied."""
    body = {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}}]}
    for version in ("2024-10-21", "2023-05-15"):
        (tmp_path / f"{version}.json").write_text(json.dumps(
            {"operation": "chat.completions", "api_version": version, "status": 200, "body": body}), encoding="utf-8")
    out_json = tmp_path / "out" / "v.json"
    out_json.parent.mkdir()
    assert run(str(tmp_path / "2023-05-15.json"), str(tmp_path / "2024-10-21.json"), "--json", str(out_json)) == 0
    out = capsys.readouterr().out
    assert "shapes: chat.completions.create on 2024-10-21: schemas/shape/2024-10-21.json" in out
    assert "shapes: chat.completions.create on 2023-05-15: none (no derived shapes: tier not applied)" in out
    assert out.rstrip().endswith("shape tier: judged by schemas/shape/{2024-10-21.json}; "
                                 "not applied (no derived shapes, no alias): 2023-05-15")
    rows = json.loads(out_json.read_text(encoding="utf-8"))
    assert [r["shapes"] for r in rows] == [{"chat.completions.create on 2023-05-15": None},
                                           {"chat.completions.create on 2024-10-21": "2024-10-21"}]

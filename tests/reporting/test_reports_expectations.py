"""Known drift as data: loading, matching, stale entries, the ignore switch and update-expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.commands.update_expectations import PLACEHOLDER_REASON, updated_entries
from conformance.errors import ConfigError
from conformance.reporting import expectations as expect
from tests.support import REPO, run_cli
from tests.support.reports import SMALL_OPERATIONS, assert_valid_report, run_suite, sample_report

OP = "chat.completions.create"
ANNOTATIONS = expect.Expectation(operation=OP, surface="v1", kind="undocumented-field", reason="v1 adds it",
                                 link="https://example.invalid/1", path="$.choices[0].message.annotations")
NEVER = expect.Expectation(operation=OP, surface="*", auth="entra", kind="legacy-name", reason="old name",
                           link="https://example.invalid/2")


def test_bundled_file_loads_and_dump_round_trips(tmp_path: Path) -> None:
    bundled = expect.load(REPO / "schemas" / "expectations.toml")
    assert all(e.reason and not e.reason.startswith("TODO") and e.link for e in bundled)
    target = tmp_path / "e.toml"
    target.write_text(expect.dump([ANNOTATIONS, NEVER]), encoding="utf-8")
    assert expect.load(target) == [NEVER, ANNOTATIONS]  # sorted: operation, surface ("*" first), auth, kind


def test_malformed_or_unknown_entries_are_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[expectation]]\noperation = "chat.completions.create"\nkind = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\$\.expectation\[0\]: 'reason' is a required property"):
        expect.load(bad)
    bad.write_text('[[expectation]]\noperation = "nope.create"\nkind = "x"\nreason = "r"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown operation 'nope\.create'"):
        expect.load(bad, ["chat.completions.create"])
    bad.write_text("not toml [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        expect.load(bad)


def test_stale_entries_are_reported_only_on_full_runs() -> None:
    partial = sample_report([ANNOTATIONS, NEVER]).to_dict()
    assert partial["stale_expectations"] == [] and partial["summary"]["stale_expectations"] == 0
    full = sample_report([ANNOTATIONS, NEVER], full_run=True).to_dict()
    assert_valid_report(full)
    assert full["stale_expectations"] == [NEVER.to_dict()]
    assert full["summary"]["drift"]["expected"] == 1


def test_entry_scoped_to_unexamined_cases_is_not_stale() -> None:
    # embeddings.create only has an error row and a failed row; an entry for 2024-10-21 has no case at all
    entry = expect.Expectation(operation="embeddings.create", surface="2024-10-21", kind="x", reason="r")
    assert sample_report([entry], full_run=True).to_dict()["stale_expectations"] == []


def test_update_entries_keep_reasons_drop_stale_and_widen_new_ones() -> None:
    report = sample_report([ANNOTATIONS, NEVER], full_run=True).to_dict()
    entries = updated_entries(report, [ANNOTATIONS, NEVER])
    assert ANNOTATIONS in entries and NEVER not in entries
    new = [e for e in entries if e.reason == PLACEHOLDER_REASON]
    assert {(e.operation, e.surface, e.auth, e.kind, e.path) for e in new} == {
        # seen in both examined chat cases with this drift: v1/api_key and 2024-10-21/entra -> every surface
        (OP, "*", None, "missing-documented-field", "$.usage.prompt_tokens_details"),
        ("embeddings.create", "*", None, "status-changed", "$"),  # its only examined case
    }


def test_update_expectations_command_writes_a_loadable_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps(sample_report().to_dict()), encoding="utf-8")
    existing = tmp_path / "expectations.toml"
    existing.write_text(expect.dump([ANNOTATIONS]), encoding="utf-8")
    out = tmp_path / "new.toml"
    result = run_cli("update-expectations", str(report), "--expectations", str(existing), "--output", str(out),
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 added with reason 'TODO: explain'" in result.stdout
    loaded = expect.load(out)
    assert ANNOTATIONS in loaded and len(loaded) == 3
    assert "# [[expectation]]" in out.read_text(encoding="utf-8")  # the commented example stays


@pytest.mark.e2e
def test_run_with_expectations_file_and_ignore_switch(tmp_path: Path) -> None:
    # The file named by the environment is read, and both switches are recorded in the report.
    entries = tmp_path / "expectations.toml"
    entries.write_text(expect.dump([NEVER]), encoding="utf-8")
    env = {"AOAI_CONFORMANCE_EXPECTATIONS": str(entries)}
    data = run_suite(tmp_path / "a", "--operations", SMALL_OPERATIONS, cwd=tmp_path, env=env)
    assert data["run_info"]["expectations"] == {"file": str(entries), "ignored": False, "entries": 1}
    ignored = run_suite(tmp_path / "b", "--operations", SMALL_OPERATIONS, cwd=tmp_path,
                        env={**env, "AOAI_CONFORMANCE_IGNORE_EXPECTATIONS": "1"})
    assert ignored["run_info"]["expectations"]["ignored"] is True
    flag = run_suite(tmp_path / "c", "--operations", SMALL_OPERATIONS, "--", "--conformance-ignore-expectations",
                     cwd=tmp_path, env=env)
    assert flag["run_info"]["expectations"]["ignored"] is True


def test_malformed_expectations_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[expectation]]\n", encoding="utf-8")
    result = run_cli("run", "--report-dir", str(tmp_path / "r"), "--operations", SMALL_OPERATIONS, cwd=tmp_path,
                     env={"AOAI_CONFORMANCE_EXPECTATIONS": str(bad)})
    assert result.returncode == 4, result.stdout + result.stderr
    assert "expectations file" in result.stderr and "required property" in result.stderr

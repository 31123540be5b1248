"""The pytest plugin, exercised in-process with pytester."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.calling import js_bridge
from conformance.catalog import operations as catalog
from conformance.catalog.cases import Case, build_cases
from conformance.catalog.config import Settings
from tests.support import PREVIEW, REPO, SURFACES

SUITE = REPO / "conformance" / "suite"
# The chat cases the catalog documents (Python's and the JS docs' two), and which of them a `-k` keeps.
CHAT = build_cases(Settings(), [catalog.get("chat.completions.create")])
ENTRA_ASYNC = [c for c in CHAT if "entra" in c.param_id and "async" in c.param_id]


def js_skipped(cases: list[Case]) -> int:
    """Without Node the JS rows are skipped, never run (js_bridge.unavailable_reason names what to install)."""
    return sum(c.sdk == "javascript" for c in cases) if js_bridge.unavailable_reason() else 0


JS_SKIPPED = js_skipped(CHAT)


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(str(SUITE / "test_conformance.py"), "-c", str(SUITE / "pytest.ini"),
                              "--rootdir", str(SUITE), "-p", "no:randomly", *args)


def test_plugin_parametrizes_the_suite_from_the_catalog(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--collect-only", "-q", "--conformance-operations", "chat.completions.create")
    result.stdout.fnmatch_lines(["*test_operation[[]chat.completions.create-v1-api_key-sync[]]*",
                                 f"*test_operation[[]chat.completions.create-{PREVIEW}-env-async[]]*",
                                 "*test_operation[[]chat.completions.create-v1-entra-async-javascript[]]*",
                                 f"{len(CHAT)} tests collected*"])


def test_replay_run_writes_a_report_and_prints_counts(pytester: pytest.Pytester, tmp_path: Path) -> None:
    result = _run(pytester, "--conformance-operations", "chat.completions.create",
                  "--conformance-report-dir", str(tmp_path))
    passed = len(CHAT) - JS_SKIPPED
    result.assert_outcomes(passed=passed, skipped=JS_SKIPPED)
    result.stdout.fnmatch_lines([f"aoai-conformance: {len(CHAT)} cases (replay): {passed} passed, 0 failed, "
                                 f"{JS_SKIPPED} skipped, 0 error",
                                 f"report: {tmp_path / 'report.json'}"])
    assert (tmp_path / "report.json").is_file()


def test_k_selection_narrows_cases(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--conformance-operations", "chat.completions.create", "-k", "entra and async")
    # Python's on every surface (v1 and each default api version), and the JS row
    assert [(c.surface, c.sdk) for c in ENTRA_ASYNC] == [*((s, "python") for s in SURFACES), ("v1", "javascript")]
    result.assert_outcomes(passed=len(ENTRA_ASYNC) - js_skipped(ENTRA_ASYNC), skipped=js_skipped(ENTRA_ASYNC))


def test_unknown_operation_is_a_usage_error_listing_known_ids(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "--conformance-operations", "chat.completion.create")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown operation 'chat.completion.create'; known operations: *"])


def test_unconfigured_deployment_is_skipped_naming_the_setting(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AOAI_CONFORMANCE_DEPLOYMENT_CHAT", "")
    result = _run(pytester, "--conformance-operations", "chat.completions.create", "-rs")
    result.assert_outcomes(skipped=len(CHAT))  # the JS rows too: they need the same deployment
    result.stdout.fnmatch_lines(["*no deployment configured for kind 'chat'*AOAI_CONFORMANCE_DEPLOYMENT_CHAT*"])


def test_plugin_is_inert_for_unrelated_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert True\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "aoai-conformance:" not in result.stdout.str()


def test_k_deselection_is_recorded_so_diff_can_tell_it_from_a_vanished_case(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    import json

    result = _run(pytester, "--conformance-operations", "chat.completions.create", "-k", "entra and async",
                  "--conformance-report-dir", str(tmp_path), "--conformance-report-formats", "json")
    kept = len(ENTRA_ASYNC)
    skipped = js_skipped(ENTRA_ASYNC)
    result.assert_outcomes(passed=kept - skipped, skipped=skipped, deselected=len(CHAT) - kept)
    selection = json.loads((tmp_path / "report.json").read_text())["run_info"]["selection"]
    assert selection["keyword"] == "entra and async" and len(selection["deselected"]) == len(CHAT) - kept
    assert "chat.completions.create[v1-api_key-sync]" in selection["deselected"]
    assert not any("entra-async" in case for case in selection["deselected"])

"""The shape schemas are exactly what scripts/generate_shapes.py derives from ../shared/specs (no hand edits)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conformance.verdicts import shape
from conformance.verdicts.drift import DriftKind

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT.parent / "shared" / "specs" / "azure-openai"
SPEC_FILES = [SPECS / "stable-2024-10-21" / "inference.json", SPECS / "preview-2025-04-01-preview" / "inference.yaml",
              SPECS / "v1" / "azure-v1-v1-generated.yaml"]


def test_regenerating_from_the_specs_changes_nothing(tmp_path: Path) -> None:
    if not SPECS.exists():
        pytest.skip("../shared/specs is absent")  # CI (CI=true) runs the generator itself in .ci/run
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_shapes.py"), "--out", str(tmp_path),
                    *map(str, SPEC_FILES)], check=True, capture_output=True)
    for generated in sorted(tmp_path.glob("*.json")):
        committed = ROOT / "schemas" / "shape" / generated.name
        assert committed.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), generated.name


def test_headers_name_each_source_with_its_sha256() -> None:
    for path in sorted((ROOT / "schemas" / "shape").glob("*.json")):
        if path.name == shape.ALIASES:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert [s["file"].rsplit("/", 1)[-1] for s in doc["x-sources"]][-1] == "shape_overlay.json"
        assert all(len(s["sha256"]) == 64 for s in doc["x-sources"])


def test_a_version_without_shapes_is_reported_never_judged_by_another() -> None:
    (drift,) = shape.drift_for("chat.completions.create", "2099-01-01", {"anything": 1})
    assert drift.kind is DriftKind.NO_DERIVED_SHAPES and "2099-01-01" in drift.message
    assert shape.resolve("chat.completions.create", "2099-01-01-preview") is None
    assert not shape.is_documented("chat.completions.create", "2099-01-01", {})


def test_an_alias_is_the_only_way_to_borrow_rules() -> None:
    assert shape.resolve("images.generate", "v1") == "2025-04-01-preview"  # aliases.json says so
    assert shape.resolve("images.generate", "2024-10-21") == "2024-10-21"

"""The house rules that `ls conformance/` promises: stages in pipeline order, imports only point down it,
no module over 250 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "conformance"
# The pipeline, first stage first; a module may import its own stage and earlier ones. The stand-in is a
# test double beside the pipeline: it may use the catalog and calling (for the handshake), nothing later.
STAGES = ("catalog", "calling", "recording", "verdicts", "reporting", "suite", "commands")
BESIDE = {"standin": 1}
SHARED = {"errors", "files", "locations", "data"}  # bottom helpers anyone may import
MAX_LINES = 250


def _stage(name: str) -> int | None:
    if name in STAGES:
        return STAGES.index(name)
    return BESIDE.get(name)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):  # function-level imports count too: they are edges all the same
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("conformance."):
            found.append(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found += [a.name.split(".")[1] for a in node.names if a.name.startswith("conformance.")]
    return found


def test_the_top_level_shows_the_stages() -> None:
    entries = {p.stem for p in PACKAGE.iterdir() if not p.name.startswith(("_", "."))}
    assert entries == set(STAGES) | set(BESIDE) | SHARED, sorted(entries)


def test_no_import_points_up_the_pipeline() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "__init__.py":
            continue  # the public API facade re-exports from the stages by design
        here = path.relative_to(PACKAGE).parts
        mine = _stage(here[0]) if len(here) > 1 else -1  # top-level helpers sit below every stage
        for target in _imports(path):
            theirs = _stage(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{path.relative_to(PACKAGE)} imports conformance.{target}")
    assert upward == []


def test_no_module_is_over_250_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}

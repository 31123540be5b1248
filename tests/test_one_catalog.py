"""One catalog: no module outside conformance/catalog/ names a catalog operation or endpoint in its code.

A per-operation table anywhere else (a route map, an error-name map, a corpus map) would be a second source
of truth that a new catalog entry silently misses; this guard fails as soon as one names an operation id,
an endpoint path or one of the service's names for an endpoint. The few places that must name one are
listed below with the reason, so the list is the whole exception.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from conformance.catalog import operations as catalog
from tests.support import REPO

PACKAGE = REPO / "conformance"
# (module, literal) -> why that module may name it
ALLOWED: dict[tuple[str, str], str] = {
    # The stand-in's reply builders, keyed by the catalog's own name for each endpoint (Endpoint.operation_name).
    **{("standin/streams.py", op.endpoint.operation_name): "reply builders keyed by the catalog's endpoint name"
       for op in catalog.OPERATIONS.values()},
    # Facts about response *schemas* (keyed by schema name, which a catalog entry points to), not operations.
    **{("verdicts/exchange_drift.py", name): "content-filter placements per response schema"
       for name in ("chat.completions.create", "completions.create", "images.generate",
                    "chat.completions.create.image_input", "chat.completions.create.reasoning")},
    ("commands/validate.py", "images.generate"): "the images schema's 2023 async-operation wrapper",
}


def _names() -> set[str]:
    """Every string that identifies a catalog operation or endpoint."""
    out: set[str] = set()
    for op in catalog.OPERATIONS.values():
        endpoint = op.endpoint
        out |= {op.id, endpoint.path, endpoint.path.lstrip("/"), endpoint.operation_name}
        out |= {endpoint.model_check_name} if endpoint.model_check_name else set()
    # Plain lowercase words ("embeddings", "responses") are everyday words (dict keys, kinds): too noisy to ban.
    return {name for name in out if not (name.isalpha() and name.islower())}


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_module_outside_the_catalog_names_an_operation() -> None:
    names = _names()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module.startswith("catalog/"):
            continue
        found += [f"conformance/{module}:{line}: {value!r}" for line, value in _literals(path)
                  if value in names and (module, value) not in ALLOWED]
    assert not found, ("per-operation facts belong in conformance/catalog/ (an Operation or Endpoint field); "
                       "read them from there:\n" + "\n".join(found))


def test_the_guard_knows_the_names_a_table_would_use() -> None:
    names = _names()
    for expected in ("chat.completions.create", "chat/completions", "/chat/completions", "ChatCompletions_Create",
                     "chatCompletion", "fine_tuning/jobs", "client.retries", "/embeddings"):
        assert expected in names, expected

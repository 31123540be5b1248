"""The one schema store: file reading, registries and compilation for both tiers; the shape view lives on it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.verdicts import schema_store, schemas, shape

DOC = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://aoai-conformance.invalid/schemas/test-store.json",
    "type": "object", "required": ["a"], "properties": {"a": {"$ref": "#/$defs/count"}},
    "$defs": {"count": {"type": "integer"}},
}


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    schema_store.reset()
    yield
    schema_store.reset()


def test_the_shape_tier_is_a_view_on_the_one_store() -> None:
    view = shape.shapes()
    assert schema_store.store().view(shape.SUBDIR, lambda _s: pytest.fail("built twice")) is view
    assert set(schemas.schema_names()) == set(schema_store.store().contract)
    schema_store.reset()  # one reset forgets both tiers
    assert shape.shapes() is not view


def test_a_file_without_an_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"type": "object"}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"\$id"):
        schema_store.read(path)


@pytest.mark.parametrize("wrapped", [False, True], ids=["document", "ref-into-document"])
def test_both_libraries_compile_a_document_or_a_ref_into_it_alike(tmp_path: Path, wrapped: bool) -> None:
    path = tmp_path / "test-store.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    library = schema_store.Library.load([path])
    schema = {"$ref": DOC["$id"] + "#/$defs/count"} if wrapped else DOC
    pair = library.compile(schema, DOC["$id"])
    good, bad = (3, "3") if wrapped else ({"a": 3}, {"a": "3"})
    assert pair.py.is_valid(good) and pair.rs.is_valid(good)
    assert not pair.py.is_valid(bad) and not pair.rs.is_valid(bad)

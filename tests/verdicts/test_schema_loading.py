"""Loading the contract schemas from a folder (AOAI_CONFORMANCE_SCHEMAS): only local, well-formed schemas load.

Each test points the loader at its own folder and resets it afterwards, so the process-wide store is
rebuilt from files this test wrote.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.verdicts import schemas


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(schemas.ENV_VAR, str(tmp_path))
    schemas.reset()
    yield tmp_path
    monkeypatch.delenv(schemas.ENV_VAR)
    schemas.reset()


def write(path: Path, doc: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc), encoding="utf-8")


THING = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://t.invalid/thing.json",
         "type": "object", "required": ["n"], "properties": {"n": {"$ref": "defs/n.json"}}}
N_DEF = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://t.invalid/defs/n.json",
         "type": "integer", "x-note": "naïve"}


def test_schemas_and_shared_defs_load_from_the_override(folder: Path) -> None:
    write(folder / "thing.json", THING)
    write(folder / "defs" / "n.json", N_DEF)
    write(folder / "meta" / "ignored.json", {"not": "a schema"})
    assert schemas.schemas_dir() == folder
    assert schemas.schema_names() == ["thing"]  # defs are shared, not operation schemas
    assert schemas.validate("thing", {"n": 1}) == []
    assert schemas.is_valid("thing", {"n": 1}) and not schemas.is_valid("thing", {"n": "x"})
    [violation] = schemas.validate("thing", {"n": "x"})
    assert (violation.path, violation.keyword) == ("$.n", "type")


def test_a_schema_must_be_an_object_with_a_string_id(folder: Path) -> None:
    write(folder / "bad.json", {"type": "object"})
    with pytest.raises(ValueError, match=r"bad\.json: a schema must be an object with a string \$id"):
        schemas.schema_names()


def test_a_schema_file_that_is_not_an_object_is_refused(folder: Path) -> None:
    write(folder / "list.json", [1])
    with pytest.raises(ValueError, match="a schema must be an object"):
        schemas.schema_names()


def test_a_schema_invalid_against_the_meta_schema_is_refused(folder: Path) -> None:
    write(folder / "meta_bad.json", {"$id": "https://t.invalid/m.json", "type": "no-such-type"})
    with pytest.raises(Exception, match="no-such-type"):
        schemas.schema_names()


def test_a_reference_outside_the_folder_is_never_fetched(folder: Path) -> None:
    write(folder / "remote.json", {**THING, "$id": "https://t.invalid/remote.json",
                                   "properties": {"n": {"$ref": "https://example.com/n.json"}}})
    with pytest.raises(Exception, match=r"example\.com"):
        schemas.validate("remote", {"n": 1})


def test_a_missing_override_folder_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nope"
    monkeypatch.setenv(schemas.ENV_VAR, str(missing))
    with pytest.raises(FileNotFoundError, match=f"{schemas.ENV_VAR}={str(missing)!r} is not a directory"):
        schemas.schemas_dir()


def test_an_unknown_schema_lists_the_known_ones(folder: Path) -> None:
    write(folder / "thing.json", THING)
    write(folder / "defs" / "n.json", N_DEF)
    with pytest.raises(KeyError, match="unknown schema 'other'; known schemas: thing"):
        schemas.validate("other", {})


def test_json_path_rendering_and_parsing_round_trip() -> None:
    parts: list[object] = ["choices", 0, "message", "content-filter", "a\"b", "Zeta"]
    path = schemas.json_path(parts)
    assert path == '$.choices[0].message["content-filter"]["a\\"b"].Zeta'
    assert schemas._parts(path) == parts

"""The case matrix derives from the catalog alone."""

from __future__ import annotations

import pytest

from conformance.catalog import operations as catalog
from conformance.catalog.cases import ClientKind, build_cases
from conformance.catalog.config import AuthMode, Settings
from tests.support import GA, SURFACES


def test_chat_has_a_case_per_surface_auth_mode_and_client_plus_the_js_rows() -> None:
    cases = build_cases(Settings(), [catalog.get("chat.completions.create")])
    python = [c for c in cases if c.sdk == "python"]
    # (v1 + each default api version) x three auth modes x sync/async, in that order
    assert [(c.surface, c.auth, c.client) for c in python] == [
        (surface, auth, client) for surface in SURFACES for auth in AuthMode for client in ClientKind]
    assert len(python) == len(SURFACES) * 3 * 2
    # The JS docs show it too: v1 only, the two auth modes the JS docs show, async by nature.
    js = [c for c in cases if c.sdk == "javascript"]
    assert [(c.surface, c.auth, c.client.value) for c in js] == [
        ("v1", AuthMode.API_KEY, "async"), ("v1", AuthMode.ENTRA, "async")]
    assert len(cases) == len(python) + len(js) == len(SURFACES) * 3 * 2 + 2
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(cases)
    assert f"chat.completions.create[{GA}-entra-async]" in ids
    assert {c.surface for c in cases} == set(SURFACES)


def test_auth_mode_selection_narrows_the_matrix() -> None:
    cases = build_cases(Settings(auth_modes=(AuthMode.ENTRA,)), [catalog.get("chat.completions.create")])
    assert {c.auth for c in cases} == {AuthMode.ENTRA}
    python = [c for c in cases if c.sdk == "python"]
    assert len(python) == len(SURFACES) * 2  # every surface x sync/async
    assert {c.surface for c in python} == set(SURFACES)
    assert [c.id for c in cases if c.sdk == "javascript"] == ["chat.completions.create[v1-entra-async-javascript]"]


def test_unknown_operation_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"known operations: .*chat\.completions\.create"):
        catalog.get("chat.completion.create")


def test_catalog_ids_are_sorted_and_name_existing_schemas() -> None:
    from conformance.verdicts import schemas

    assert list(catalog.OPERATIONS) == sorted(catalog.OPERATIONS)
    for op in catalog.OPERATIONS.values():
        assert op.documented, op.id
        if op.binary:  # audio has no JSON body; its content type and size are checked instead
            assert op.schema is None, op.id
        else:
            assert op.schema in schemas.schema_names(), op.id


def test_readme_operations_table_is_generated_from_the_catalog() -> None:
    from conformance.commands import operations_table as catalog_table
    from tests.support import REPO

    assert catalog_table.markdown() in (REPO / "README.md").read_text(), (
        "README's operations table is stale: paste the output of `python -m conformance.commands.operations_table`"
    )

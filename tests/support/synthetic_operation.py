"""A catalog entry that is not in the catalog: the add-an-operation recipe, applied in a test.

`SYNTHETIC` is a new documented chat call (a different request, served by the Responses deployment) with
an existing schema. `installed()` puts it into the catalog the way a new entry in operations.py would;
`python -m tests.support.synthetic_operation ARGS` runs `aoai-conformance ARGS` with it installed, so a
subprocess run sees the extended catalog and nothing else changed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import MappingProxyType

from conformance.catalog import operations as catalog
from conformance.catalog.operation import PYTHON
from conformance.catalog.operations import DocRef, Operation

SYNTHETIC: Operation = replace(
    catalog.get("chat.completions.create"),
    id="chat.completions.create.synthetic",
    sdks=(PYTHON,),  # a JS row would need a JS example too (catalog/js_examples.py)
    deployment_kind="responses",
    request={"messages": [{"role": "user", "content": "Name a prime number."}], "temperature": 0},
    documented=(DocRef("000", "Chat / chat.completions.create()", note="synthetic, for the recipe test"),),
)


def extended() -> MappingProxyType[str, Operation]:
    """The catalog with SYNTHETIC added, in the catalog's own order (alphabetical by id)."""
    ops = {**catalog.OPERATIONS, SYNTHETIC.id: SYNTHETIC}
    return MappingProxyType(dict(sorted(ops.items())))


@contextmanager
def installed() -> Iterator[None]:
    """The catalog as if SYNTHETIC were an entry in operations.py, for the duration of the block."""
    original = catalog.OPERATIONS
    catalog.OPERATIONS = extended()
    try:
        yield
    finally:
        catalog.OPERATIONS = original


def main(argv: list[str]) -> int:
    from conformance.commands.cli import main as cli

    with installed():
        return cli(argv)


if __name__ == "__main__":  # pragma: no cover - run as a subprocess by tests/suite/test_add_operation.py
    sys.exit(main(sys.argv[1:]))

"""The catalog as a Markdown table, for the README (a test keeps the README's copy in sync)."""

from __future__ import annotations

from conformance.catalog.cases import surfaces_for
from conformance.catalog.config import Settings
from conformance.catalog.operations import OPERATIONS

BEGIN = (
    "<!-- operations table: generated from conformance/catalog/operations.py; "
    "do not edit, run `python -m conformance.commands.operations_table` -->"
)
END = "<!-- end operations table -->"


def markdown() -> str:
    """One row per catalog operation: surfaces, deployment kind, what is checked, where it is documented."""
    settings = Settings()
    lines = [BEGIN, "", "| id | surfaces | sdks | deployment | checks | documented in |",
             "|---|---|---|---|---|---|"]
    for op in OPERATIONS.values():
        surfaces = ", ".join(surfaces_for(op, settings))
        if op.probes:
            checks = "probes: " + ", ".join(p.name for p in op.probes)
        elif op.binary:
            checks = "audio content type, non-empty body"
        else:
            checks = f"`{op.schema}` schema" + (" per SSE event" if op.stream else "")
        if op.exceptions:
            documented = "; ".join(f"{e.surface}+{e.auth} → {e.status}" for e in op.exceptions)
            checks += f"; documented exception: {documented}"
        docs = "; ".join(str(d) for d in op.documented)
        sdks = ", ".join(op.sdks)
        lines.append(f"| `{op.id}` | {surfaces} | {sdks} | {op.deployment_kind} | {checks} | {docs} |")
    return "\n".join([*lines, "", END])


if __name__ == "__main__":  # pragma: no cover
    print(markdown())

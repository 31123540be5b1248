"""The outcome matrix shared by the Markdown and HTML views.

Rows are (operation, sdk): each SDK's calls are a separate row, since a JS row passing says nothing about the
Python row of the same operation. Columns are (surface, auth); a cell holds its row's clients, sync first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from conformance.verdicts.results import Outcome

_KNOWN = {o.value for o in Outcome}
MARKS = {"passed": "✅", "failed": "❌", "error": "⚠️", "skipped": "⏭", "throttled": "⏳"}
NOT_RUN = "—"
CLIENT_ORDER = ("sync", "async")
SDK_ORDER = ("python", "javascript")  # conformance.catalog.operation.SDKS; older reports are Python only


@dataclass(frozen=True)
class Matrix:
    """Row and column labels and the cases in each cell, all in report order."""

    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str, str, str], list[dict[str, Any]]]

    def cell(self, row: tuple[str, str], column: tuple[str, str]) -> list[dict[str, Any]]:
        """The cell's cases, sync before async."""
        return self.cells.get((*row, *column), [])

    @property
    def surfaces(self) -> list[str]:
        return list(dict.fromkeys(surface for surface, _ in self.columns))


def _ordered(seen: Sequence[str], preferred: Sequence[str]) -> list[str]:
    """The preferred order first (when present), then anything else seen, sorted."""
    present = set(seen)
    head = [p for p in preferred if p in present]
    return head + sorted(present - set(head))


def build(data: dict[str, Any]) -> Matrix:
    """Lay out a report's rows as the matrix."""
    rows = data["results"]
    info = data["run_info"]
    sdk_rank = {sdk: i for i, sdk in enumerate(SDK_ORDER)}
    labels = sorted({(r["operation"], sdk_of(r)) for r in rows},
                    key=lambda key: (key[0], sdk_rank.get(key[1], len(SDK_ORDER)), key[1]))
    surfaces = _ordered([r["surface"] for r in rows], ["v1", *info.get("api_versions", [])])
    auths = _ordered([r["auth"] for r in rows], info.get("auth_modes", []))
    present = {(r["surface"], r["auth"]) for r in rows}
    columns = [(s, a) for s in surfaces for a in auths if (s, a) in present]
    cells: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        cells.setdefault((row["operation"], sdk_of(row), row["surface"], row["auth"]), []).append(row)
    order = {c: i for i, c in enumerate(CLIENT_ORDER)}
    for cases in cells.values():
        cases.sort(key=lambda r: (order.get(r["client"], 9), r["client"]))
    return Matrix(labels, columns, cells)


def sdk_of(row: dict[str, Any]) -> str:
    return str(row.get("sdk") or SDK_ORDER[0])


def marks(cases: Sequence[dict[str, Any]]) -> str:
    """The cell text: one mark per client, sync first (e.g. "✅❌")."""
    return "".join(MARKS.get(c["outcome"], "?") for c in cases) or NOT_RUN


def worst(cases: Sequence[dict[str, Any]]) -> str:
    """The worst outcome in a cell, or "none" for an empty cell."""
    return max((c["outcome"] for c in cases), key=_rank, default="none")


def _rank(outcome: str) -> int:
    """Outcome.rank (throttled between skipped and any finding); an unknown outcome counts as passed."""
    return Outcome(outcome).rank if outcome in _KNOWN else 0

"""Every documented case: the plugin parametrizes `conformance_case` over catalog × surface × auth × client."""

from __future__ import annotations

from typing import Any

from conformance.catalog.cases import Case


def test_operation(conformance_case: Case, conformance_check: Any) -> None:
    conformance_check(conformance_case)

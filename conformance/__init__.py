"""aoai-conformance: conformance and contract tests for Azure OpenAI resources."""

from __future__ import annotations

from conformance.catalog.cases import Case, ClientKind, build_cases
from conformance.catalog.config import AuthMode, Mode, Settings, load_settings
from conformance.catalog.operations import OPERATIONS, Operation
from conformance.verdicts.results import CaseResult, Outcome

__all__ = [
    "OPERATIONS",
    "AuthMode",
    "Case",
    "CaseResult",
    "ClientKind",
    "Mode",
    "Operation",
    "Outcome",
    "Settings",
    "build_cases",
    "load_settings",
]

"""aoai-conformance: conformance and contract tests for Azure OpenAI resources."""

from __future__ import annotations

from conformance.cases import Case, ClientKind, build_cases
from conformance.catalog import OPERATIONS, Operation
from conformance.config import AuthMode, Mode, Settings, load_settings
from conformance.results import CaseResult, Outcome

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

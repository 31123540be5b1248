"""What one case produced: the row the report is built from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from conformance.messages import cap


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"
    # The service refused with 429 after the SDK's retries: the case could not be judged, which is not a
    # finding about conformance (counted apart from failures; see README "Exit codes").
    THROTTLED = "throttled"

    @property
    def rank(self) -> int:
        """Badness for run-over-run comparison: a higher rank is worse (failed and error are equally bad;
        throttled, like skipped, means the case was not judged)."""
        return {"passed": 0, "skipped": 1, "throttled": 1, "failed": 2, "error": 2}[self.value]


@dataclass
class CaseResult:
    """One report row; `id` is the case id (`operation[surface-auth-client]`, `-sdk` for non-Python SDKs)."""

    id: str
    operation: str
    surface: str
    api_version: str | None
    auth: str
    client: str
    outcome: Outcome
    message: str = ""
    duration: float = 0.0
    status: int | None = None
    request_id: str | None = None
    attempts: int = 0
    drift: list[dict[str, Any]] = field(default_factory=list)
    sdk: str = "python"
    # Attempts the SDK retried after (status, the wait the server asked for): see conformance.throttle.
    retries: list[dict[str, Any]] = field(default_factory=list)
    # What the message summarises, as data (e.g. every stream id); see conformance.messages.
    details: dict[str, Any] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        # The one place a row's message is capped, whoever sets it (runner, plugin crash rows, from_dict).
        if name == "message" and isinstance(value, str):
            value = cap(value)
        super().__setattr__(name, value)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcome"] = self.outcome.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseResult:
        """Rebuild a row; keys this version does not know (report-only annotations) are ignored."""
        known = {f.name for f in fields(cls)} - {"outcome"}
        return cls(**{k: v for k, v in data.items() if k in known}, outcome=Outcome(data["outcome"]))

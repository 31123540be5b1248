"""What one case produced: the row the report is built from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from conformance.verdicts.messages import cap


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
        """Badness, the one ranking every view and `diff` use: a higher rank is worse.

        A report cell takes the colour of its worst case. Throttled (HTTP 429 after the SDK's retries, not
        judged) ranks above skipped and below any finding; error (the case could not be run) above failed.
        """
        return _BADNESS.index(self)

    def regressed_from(self, old: Outcome) -> bool:
        """Whether a case that was `old` and is now this outcome got worse, for `diff`.

        Throttled was not judged, so becoming throttled is never a regression; failed and error are both
        findings, so moving between them is a change but not a regression.
        """
        if self is Outcome.THROTTLED or {self, old} == {Outcome.FAILED, Outcome.ERROR}:
            return False
        return self.rank > old.rank


_BADNESS = (Outcome.PASSED, Outcome.SKIPPED, Outcome.THROTTLED, Outcome.FAILED, Outcome.ERROR)


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
    # Attempts the SDK retried after (status, the wait the server asked for): see conformance.verdicts.throttle.
    retries: list[dict[str, Any]] = field(default_factory=list)
    # What the message summarises, as data (e.g. every stream id); see conformance.verdicts.messages.
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

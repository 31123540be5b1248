"""Replay needs recordings: with none for the whole selection, one message saying how to record a baseline.

A missing or wrong cassette folder would otherwise be one `error` row per case (228 with the defaults),
each repeating that a cassette is missing; a single missing cassette among others stays a per-case error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from conformance.cases import Case
from conformance.cassettes import cassette_path
from conformance.errors import CassetteError

__all__ = ["NoBaselineError", "require_baseline"]

_HOW = (
    "record a baseline from your resource with `aoai-conformance run --mode record --endpoint "
    "https://YOUR-RESOURCE.openai.azure.com` (key in AZURE_OPENAI_API_KEY), or for a demo without Azure run "
    "`aoai-conformance serve --port 8080 --api-key demo-key-1234 --token demo-token-5678` and then "
    "`AZURE_OPENAI_API_KEY=demo-key-1234 AZURE_OPENAI_AD_TOKEN=demo-token-5678 aoai-conformance run --mode record "
    "--endpoint http://127.0.0.1:8080`; "
    "or point --cassette-dir at existing recordings"
)


class NoBaselineError(CassetteError):
    """Replay was asked for, but the cassette folder holds no recording for any selected case."""


def require_baseline(root: Path, cases: Iterable[Case]) -> None:
    """Raise NoBaselineError unless at least one selected case has its cassette under `root`."""
    wanted = list(cases)
    if not wanted or any(cassette_path(root, c.surface, c.operation.id).is_file() for c in wanted):
        return
    where = (f"cassette folder {root} does not exist" if not root.exists()
             else f"cassette folder {root} holds no recording for the selected cases")
    raise NoBaselineError(f"{where}: replay (the default mode) needs recordings; {_HOW}")

"""The documented JavaScript calls as the driver's requests (their bodies: `catalog/js_examples.py`).

The JS examples send their own request bodies (the Responses example adds `instructions`; the chat example
asks another question with `max_tokens: 100`; the retries example asks about Node.js), so these are data
of their own rather than the Python entries' bodies. The run's token cap is applied exactly as for Python.
"""

from __future__ import annotations

from typing import Any

from conformance.catalog.cases import Case
from conformance.catalog.js_examples import JS_REQUESTS


def params(case: Case, deployment: str, token_cap: int) -> dict[str, Any]:
    """The documented JS request with the run's deployment as `model` and the token cap applied."""
    try:
        documented, _doc = JS_REQUESTS[case.operation.id]
    except KeyError:
        raise KeyError(f"{case.operation.id} lists javascript in the catalog but js_calls has no request") from None
    out: dict[str, Any] = {"model": deployment, **documented}
    cap_param = case.operation.token_cap
    if cap_param and token_cap > 0:
        given = out.get(cap_param)
        out[cap_param] = min(int(given), token_cap) if given is not None else token_cap
    return out

"""The stand-in handshake: a run learns whether its endpoint is our stand-in by asking, never by its address.

Fault probes (429s, 5xx, dropped connections) are triggered by a query parameter only the stand-in
understands. Any other server ignores it and answers 200, and the report would then blame that server.
A loopback address proves nothing (a team may run its own proxy or emulator on 127.0.0.1), so the run
asks once: `GET /.aoai-conformance/standin?nonce=N`. Only the stand-in answers 200 with a JSON body
holding a proof derived from the nonce; a 404, any other body, or no answer at all means "not the
stand-in". The request carries no credential: it must be harmless against a real resource.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import httpx2

PATH = "/.aoai-conformance/standin"
SERVICE = "aoai-conformance-standin"
# Long enough for a loopback answer, short enough that an endpoint that never answers costs little.
TIMEOUT = 5.0


def proof(nonce: str) -> str:
    """The value only an implementation of this handshake returns for `nonce` (a fresh nonce per ask,
    so a server replaying an earlier answer, or echoing the query back, does not pass)."""
    return hashlib.sha256(f"{SERVICE}|{nonce}".encode()).hexdigest()


def answer(nonce: str) -> dict[str, Any]:
    """The stand-in's reply body."""
    return {"service": SERVICE, "nonce": nonce, "proof": proof(nonce)}


def ask(endpoint: str, timeout: float = TIMEOUT) -> bool:
    """True only when `endpoint` answers the handshake as the stand-in does; never raises."""
    nonce = secrets.token_hex(16)
    try:
        # A plain client: no tap (the answer is not part of any case) and no credential.
        with httpx2.Client(timeout=timeout) as client:
            response = client.get(endpoint.rstrip("/") + PATH, params={"nonce": nonce})
        if response.status_code != 200:
            return False
        body = response.json()
    except (httpx2.HTTPError, httpx2.InvalidURL, ValueError):
        return False
    return isinstance(body, dict) and body.get("service") == SERVICE and body.get("proof") == proof(nonce)

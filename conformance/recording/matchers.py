"""vcrpy request matchers: JSON-aware body, multipart with the boundary neutralised, credential form.

Headers are never matched wholesale (x-stainless-retry-count and timeouts differ between attempts);
only the credential header's *form* is, so a replayed auth mode must send its documented header.
Each matcher raises AssertionError naming what differs, which vcrpy puts in its mismatch message. They raise
explicitly rather than `assert`: pytest rewrites asserts in plugin packages only in some processes (xdist
workers), which would make messages differ between serial and parallel runs.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from vcr.request import Request

from conformance.catalog import auth_modes

_BOUNDARY = re.compile(r"boundary=([^;\s]+)")


def _content_type(request: Request) -> str:
    for name, value in request.headers.items():
        if name.lower() == "content-type":
            return str(value)
    return ""


def _first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                where = "request" if key in a else "cassette"
                return f"{path}.{key} is only in the {where}"
            diff = _first_difference(a[key], b[key], f"{path}.{key}")
            if diff:
                return diff
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path} has {len(a)} items in the request but {len(b)} in the cassette"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            diff = _first_difference(x, y, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if a != b:
        return f"{path} is {json.dumps(a)[:80]} in the request but {json.dumps(b)[:80]} in the cassette"
    return None


def _normalised_body(request: Request) -> tuple[str, Any]:
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    return _normalise(body, _content_type(request))


@functools.lru_cache(maxsize=1024)
def _normalise(body: bytes, content_type: str) -> tuple[str, Any]:
    # Memoised: vcrpy runs every matcher on every (request, recorded request) pair, several times per attempt.
    # Callers only compare the result, never mutate it.
    if "multipart/form-data" in content_type:
        match = _BOUNDARY.search(content_type)
        # openai draws a fresh random boundary per request (sdk-facts §4).
        return "multipart", body.replace(match.group(1).encode(), b"BOUNDARY") if match else body
    if body:
        try:
            return "json", json.loads(body)
        except ValueError:
            pass
    return "raw", body


def body(r1: Request, r2: Request) -> None:
    """Bodies are equal as JSON values, as multipart with boundaries neutralised, or byte for byte."""
    kind1, b1 = _normalised_body(r1)
    kind2, b2 = _normalised_body(r2)
    if kind1 == kind2 == "json":
        diff = _first_difference(b1, b2)
        if diff is not None:
            raise AssertionError(f"JSON body differs: {diff}")
        return
    if (kind1, b1) != (kind2, b2):
        raise AssertionError(f"{kind1} body differs from the cassette's {kind2} body")


def credential_form(request: Request) -> str:
    """`api-key`, `bearer <placeholder>` or `none`: which documented header carried the credential.

    A bare header (api-key) matches by name, its value is the key; a scheme header keeps the placeholder,
    since `Bearer <api-key>` and `Bearer <entra-token>` are different auth modes on the same header.
    """
    headers = {str(name).lower(): str(value) for name, value in request.headers.items()}
    for form in auth_modes.HEADER_FORMS:  # bare headers first
        if form.header not in headers:
            continue
        if form.scheme is None:
            return form.header
        scheme, _, credential = headers[form.header].partition(" ")
        return f"{scheme.lower()} {credential}"
    return "none"


def credential(r1: Request, r2: Request) -> None:
    """Both requests carry the same credential header form (and placeholder kind, once scrubbed)."""
    f1, f2 = credential_form(r1), credential_form(r2)
    if f1 != f2:
        raise AssertionError(f"credential header is {f1!r} in the request but {f2!r} in the cassette")


MATCH_ON = ("method", "path", "query", "body", "credential")


def register(vcr_config: Any) -> None:
    """Register the custom matchers on a vcr.VCR instance."""
    vcr_config.register_matcher("body", body)
    vcr_config.register_matcher("credential", credential)


def episode_form(episode: list[dict[str, Any]]) -> str:
    """The credential form (api-key, Bearer <api-key>, Bearer <entra-token>) an episode was sent with."""
    return credential_form(Request._from_dict(episode[0]["request"]))


def episode_key(interactions: list[dict[str, Any]]) -> str:
    """What makes two recorded request sequences the same episode: each request as replay matches it."""
    keys = []
    for item in interactions:
        req = Request._from_dict(item["request"])
        kind, body = _normalised_body(req)
        # JSON bodies by canonical form: the body matcher ignores key order, so the episode identity must too.
        shown = json.dumps(body, sort_keys=True, default=str) if kind == "json" else repr(body)
        keys.append([req.method, req.path, req.query, kind, shown, credential_form(req)])
    return json.dumps(keys, sort_keys=True, default=str)

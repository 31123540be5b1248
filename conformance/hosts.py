"""Which endpoint a URL addresses: record mode keeps only requests to the endpoint under test."""

from __future__ import annotations

from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_port(url: str) -> tuple[str, int | None]:
    """(lower-case host, port with the scheme's default filled in): two URLs address one endpoint iff equal."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())


def same_endpoint(url: str, endpoint: str) -> bool:
    """Whether `url` goes to `endpoint` (same host and port); a token service or IMDS never does."""
    return host_port(url) == host_port(endpoint)

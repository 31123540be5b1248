"""Provenance: what each cassette was recorded from, and so what a replay run actually replays.

A green replay proves only as much as its recordings: recordings of the bundled stand-in show how the
suite works, recordings of a team's own resource are evidence about that resource. Each cassette carries
`provenance: {source, endpoint_sha256, x-ms-region, recorded, tool_version, openai_version}` at its top
level, `check` requires it, and the report's `run_info.replays` sums it up in one line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.calling import js_bridge
from conformance.catalog.operation import JAVASCRIPT, PYTHON

KEY = "provenance"
STANDIN, RESOURCE = "stand-in", "resource"
REGION_HEADER = "x-ms-region"
FIELDS = ("source", "endpoint_sha256", REGION_HEADER, "recorded", "tool_version", "openai_version")
_HASH = re.compile(r"^sha256:[0-9a-f]{16}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@functools.cache
def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def endpoint_hash(endpoint: str) -> str:
    """A non-reversible id for the resource host: comparable across runs, useless to an attacker."""
    host = (urlsplit(endpoint).hostname or "").lower()
    return "sha256:" + hashlib.sha256(host.encode()).hexdigest()[:16]


def region(interactions: Iterable[dict[str, Any]]) -> str | None:
    """The first `x-ms-region` a recorded response carried (Azure names its serving region there)."""
    for item in interactions:
        for name, value in (item.get("response", {}).get("headers") or {}).items():
            if name.lower() == REGION_HEADER:
                values = value if isinstance(value, list) else [value]
                if values and values[0]:
                    return str(values[0])
    return None


def sdk_version(sdk: str) -> str | None:
    """The version of the `openai` package an SDK's recordings are made with: PyPI's, or the JS driver's npm one."""
    return js_bridge.installed_sdk_version() if sdk == JAVASCRIPT else version("openai")


def build(endpoint: str, standin: bool, interactions: Iterable[dict[str, Any]], sdk: str = PYTHON) -> dict[str, Any]:
    """The provenance block for a cassette recorded now from `endpoint` by `sdk`."""
    return {
        "source": STANDIN if standin else RESOURCE,
        "endpoint_sha256": endpoint_hash(endpoint),
        REGION_HEADER: region(interactions),
        "recorded": datetime.now(UTC).date().isoformat(),
        "tool_version": version("aoai-conformance"),
        "openai_version": sdk_version(sdk),
    }


def of(data: dict[str, Any]) -> dict[str, Any] | None:
    block = data.get(KEY)
    return block if isinstance(block, dict) else None


def problems(data: dict[str, Any]) -> list[str]:
    """Why a parsed cassette's provenance is missing or malformed (empty when it is sound)."""
    block = of(data)
    if block is None:
        return ["no provenance (which endpoint and date it was recorded from)"]
    out = []
    if block.get("source") not in (STANDIN, RESOURCE):
        out.append(f"provenance source is {block.get('source')!r}, not {STANDIN!r} or {RESOURCE!r}")
    if not _HASH.match(str(block.get("endpoint_sha256"))):
        out.append("provenance endpoint_sha256 is not `sha256:` and 16 hex digits")
    if not _DATE.match(str(block.get("recorded"))):
        out.append("provenance recorded is not a YYYY-MM-DD date")
    missing = [name for name in FIELDS if name not in block]
    if missing:
        out.append(f"provenance lacks {', '.join(missing)}")
    return out


def read(path: Path) -> dict[str, Any] | None:
    """A cassette file's provenance, or None when it has none or does not parse."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return of(data) if isinstance(data, dict) else None


def _dates(blocks: list[dict[str, Any]]) -> str:
    dates = sorted({str(b.get("recorded")) for b in blocks})
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


def _count(n: int) -> str:
    return f"{n} cassette" + ("" if n == 1 else "s")


def describe(blocks: list[dict[str, Any] | None]) -> str:
    """One line: `recordings of the stand-in, 2026-11-23`, of a resource, or a mix (with counts)."""
    if not blocks:
        return "no recordings"
    standin = [b for b in blocks if b and b.get("source") == STANDIN]
    resource = [b for b in blocks if b and b.get("source") == RESOURCE]
    unknown = len(blocks) - len(standin) - len(resource)
    resources = len({b.get("endpoint_sha256") for b in resource})
    of_resource = "a resource" if resources == 1 else f"{resources} resources"
    parts = []
    if standin and not resource:
        parts.append(f"recordings of the stand-in, {_dates(standin)}")
    elif resource and not standin:
        parts.append(f"recordings of {of_resource} ({_count(len(resource))}), {_dates(resource)}")
    elif standin and resource:
        parts.append(f"mixed: recordings of the stand-in ({_count(len(standin))}, {_dates(standin)}) and of "
                     f"{of_resource} ({_count(len(resource))}, {_dates(resource)})")
    if unknown:
        parts.append(f"{_count(unknown)} without provenance")
    return "; ".join(parts)


def replays(paths: Iterable[Path]) -> str:
    """What a replay of these cassette files replays (files that do not exist are not counted)."""
    return describe([read(path) for path in sorted(set(paths)) if path.is_file()])

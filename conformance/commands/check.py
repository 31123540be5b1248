"""`aoai-conformance check`: the committed data is complete, parses, and holds no credential-shaped value.

One line per problem, each naming the file and the fix; exit 1 when there is any, 0 when clean. Runs
offline in well under a second, so it fits a pre-commit hook or the first CI step.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.catalog.auth_modes import CREDENTIAL_HEADERS, PLACEHOLDERS, recorded_values
from conformance.catalog.cases import surfaces_for
from conformance.catalog.config import DEFAULT_API_VERSIONS, Settings
from conformance.catalog.operation import PYTHON, SDKS, V1
from conformance.catalog.operations import OPERATIONS
from conformance.locations import default_cassette_dir
from conformance.recording import cassette_format, provenance
from conformance.recording.cassettes import SUFFIX, cassette_path
from conformance.recording.scrub import (
    PLACEHOLDER_HOST,
    REDACTED,
    is_secret_header,
)
from conformance.verdicts import schemas

RECORD = "re-record it (`aoai-conformance run --mode record --endpoint URL`; the scrubber removes such values)"
ROTATE = f"{RECORD}, and rotate the credential if it was real"
RERECORD = "re-record it: `aoai-conformance run --mode record --endpoint URL` (the bundled set: " \
           "`python scripts/record_standin.py`)"
_WORD = "A-Za-z0-9"
# Each pattern: a credential shape the scrubber never lets through, and how to describe a hit.
SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a JWT (Entra token)", re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")),
    ("a bearer token", re.compile(rf"(?i)\bbearer\s+(?!{'|'.join(sorted(map(re.escape, PLACEHOLDERS | {REDACTED})))})"
                                  r"[\w.~+/-]{8,}")),
    # httpx draws multipart boundaries as 32 hex characters: `boundary=<hex>` is not a key.
    ("a 32-hex-character Azure key",
     re.compile(rf"(?<![{_WORD}_+/-])(?<!boundary=)[0-9a-fA-F]{{32}}(?![{_WORD}_+/=-])")),
    ("an 84-character Azure key", re.compile(rf"(?<![{_WORD}])[{_WORD}]{{52}}JQQJ9[9DH][{_WORD}]{{26}}")),
    ("a SAS signature (sig=)", re.compile(r"(?i)(?:[?&;]|\\u0026)sig=(?!<redacted>)[^&#\"'\s\\]+")),
)


@dataclass(frozen=True)
class Problem:
    """One finding: the file, what is wrong, and how to fix it."""

    path: Path
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}; fix: {self.fix}"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register `check` on the CLI's subparsers; `main(ns)` runs it."""
    p = subparsers.add_parser(
        "check",
        help="check the cassettes and schemas: complete, parseable, no credential-shaped values",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--cassette-dir", default=None, help="cassette folder [env AOAI_CONFORMANCE_CASSETTES; "
                   "default: the repository's cassettes/]")
    p.add_argument("--api-versions", default=",".join(DEFAULT_API_VERSIONS),
                   help="comma-separated api versions whose cassettes must exist")
    return p


def main(ns: argparse.Namespace) -> int:
    """Print one line per problem; 1 when there is any, 0 when the data is clean."""
    root = Path(ns.cassette_dir) if ns.cassette_dir else _default_root()
    versions = tuple(v.strip() for v in ns.api_versions.split(",") if v.strip())
    problems = check(root, Settings(api_versions=versions))
    for problem in problems:
        print(problem)
    if problems:
        print(f"aoai-conformance check: {len(problems)} problem(s) in {root}")
        return 1
    print(f"aoai-conformance check: ok ({len(OPERATIONS)} operations, cassettes in {root})")
    return 0


def _default_root() -> Path:
    return default_cassette_dir()  # same resolution as the plugin, without importing pytest and the SDK


def check(root: Path, settings: Settings) -> list[Problem]:
    """Every problem with the catalog's schemas and the cassettes under `root`."""
    problems = coverage(root, settings)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        problems += file_problems(root, path, settings)
    return problems


def coverage(root: Path, settings: Settings) -> list[Problem]:
    """Each catalog entry has its schema and a cassette for every surface it is documented on."""
    problems, known = [], set(schemas.schema_names())
    for op in OPERATIONS.values():
        # Binary operations (audio.speech) have no schema; probes may name their own.
        wanted = {op.schema, *(probe.schema for probe in getattr(op, "probes", ()))} - {None}
        for name in sorted(str(n) for n in wanted - known):
            problems.append(Problem(Path("schemas") / f"{name}.json", f"missing schema {name!r} for {op.id}",
                                    "add the schema file the catalog entry names"))
        for surface in surfaces_for(op, settings):
            path = cassette_path(root, surface, op.id)
            if not path.is_file():
                problems.append(Problem(path, f"missing cassette for {op.id} on {surface}",
                                        f"record it: python scripts/record_standin.py --operations {op.id}"))
        for sdk in (s for s in op.sdks if s != PYTHON):  # other SDKs' recordings: <sdk>/v1/<operation id>.json
            path = cassette_path(root / sdk, V1, op.id)
            if not path.is_file():
                fix = f"record it: python scripts/record_standin.py --operations {op.id} -- -k {sdk}"
                problems.append(Problem(path, f"missing {sdk} cassette for {op.id} on {V1}", fix))
    return problems


def file_problems(root: Path, path: Path, settings: Settings) -> list[Problem]:
    """An orphaned, stray, unparseable or leaking file."""
    rel = path.relative_to(root)
    if path.name.endswith(".tmp"):
        return [Problem(path, "leftover temporary file from an interrupted write", "delete it")]
    sdk = rel.parts[0] if len(rel.parts) == 3 and rel.parts[0] in SDKS and rel.parts[0] != PYTHON else PYTHON
    if path.suffix != SUFFIX or len(rel.parts) != (2 if sdk == PYTHON else 3):
        return [Problem(path, "not a cassette (expected [<sdk>/]<surface>/<operation id>.json)", "move or delete it")]
    surface, op_id = rel.parts[-2], path.stem
    op = OPERATIONS.get(op_id)
    if op is not None and sdk != PYTHON and (sdk not in op.sdks or surface != V1):
        return [Problem(path, f"orphaned cassette: {op_id} is not documented for {sdk} on {surface!r}",
                        "delete it, or add the sdk to the operation's catalog entry")]
    if op is None or (sdk == PYTHON and surface not in surfaces_for(op, settings)):
        what = f"orphaned cassette: {op_id!r} is no catalog id" if op is None else (
            f"orphaned cassette: {op_id} is not documented on surface {surface!r}")
        return [Problem(path, what, "delete it, or add the operation/surface to the catalog")]
    try:
        data = cassette_format.deserialize(path.read_text(encoding="utf-8"))
        cassette_format.check_structure(data)
    except (ValueError, UnicodeDecodeError) as exc:
        return [Problem(path, f"does not parse ({exc})", f"restore it with `git checkout -- {path}` or {RECORD}")]
    return [
        *(Problem(path, f"interaction {n}: {what}", ROTATE) for n, what in secrets_in(data)),
        *(Problem(path, f"interaction {n}: {what}", f"{RERECORD}; record mode stores only the endpoint's calls")
          for n, what in foreign_requests(op.path, data)),
        *(Problem(path, what, f"{RERECORD}; it stamps what the cassette was recorded from")
          for what in provenance.problems(data)),
    ]


def foreign_requests(op_path: str, data: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """Interactions that are no call of the operation: e.g. a credential chain's token request (IMDS
    `/metadata/identity/oauth2/token`) that an older record run stored under the placeholder host."""
    for n, item in enumerate(data["interactions"]):
        request = item["request"]
        path = urlsplit(request["uri"]).path
        if not (path.startswith("/openai/") and path.endswith(op_path)):
            yield n, (f"request {request.get('method')} {path} is not a call of this operation "
                      f"(expected /openai/…{op_path}); a record run stored a request to another service")


def secrets_in(data: dict[str, Any]) -> Iterator[tuple[int, str]]:
    """(interaction index, description) for every credential-shaped value in a parsed cassette."""
    for n, item in enumerate(data["interactions"]):
        request, response = item["request"], item["response"]
        host = urlsplit(request["uri"]).hostname
        if host != PLACEHOLDER_HOST:
            yield n, f"request URL names the host {host!r}, not {PLACEHOLDER_HOST}"
        yield from ((n, f"request URL holds {kind}") for kind in _shapes(request["uri"]))
        for side, headers in (("request", request.get("headers") or {}), ("response", response.get("headers") or {})):
            for name, value in headers.items():
                for text in value if isinstance(value, list) else [value]:
                    what = _header_problem(name.lower(), str(text))
                    if what:
                        yield n, f"{side} header {name}: {what}"
        for side, body in (("request", request.get("body")), ("response", (response.get("body") or {}).get("string"))):
            if isinstance(body, str):  # binary bodies (base64 audio) carry no text to leak
                yield from ((n, f"{side} body holds {kind}") for kind in _shapes(body))


def _header_problem(name: str, value: str) -> str | None:
    if name in ("set-cookie", "set-cookie2", "cookie"):
        return "cookies must not be recorded"
    if name in CREDENTIAL_HEADERS:
        allowed = sorted(recorded_values(name))
        if value in allowed:
            return None
        return f"value is not the placeholder {allowed[0]}" if len(allowed) == 1 else \
            f"value is not {' or '.join(f'`{v}`' for v in allowed)}"
    if name == "host" and value != PLACEHOLDER_HOST:
        return f"names the host {value!r}"
    if is_secret_header(name) and value != REDACTED:
        return f"an account id or credential header must read {REDACTED}"
    kinds = list(_shapes(value))
    return f"holds {', '.join(kinds)}" if kinds else None


def _shapes(text: str) -> Iterator[str]:
    for kind, pattern in SECRET_PATTERNS:
        if pattern.search(text):
            yield kind

"""Feed one recorded exchange to both `run` (run_case in replay) and `validate` (cassette and corpus file)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.catalog import operations as catalog
from conformance.catalog.cases import build_cases
from conformance.catalog.config import load_settings
from conformance.commands import validate
from conformance.recording import cassette_format
from conformance.suite.runner import Session, run_case
from conformance.verdicts import messages, sse
from tests.support import REPO

Interaction = dict[str, Any]  # one deserialized cassette interaction (body bytes, headers lists)
_LABEL = re.compile(r"^(interactions\[0\] |body )")


@dataclass(frozen=True)
class Verdict:
    """What both commands must agree on: pass/fail, the failure message, the drift keys."""

    outcome: str
    message: str
    drift: frozenset[str]


def mutated_cassette(op: str, tmp: Path, mutate: Callable[[Interaction], None]) -> Path:
    """A copy of the bundled v1 cassette of `op` with every interaction mutated the same way."""
    source = REPO / "cassettes" / "v1" / f"{op}.json"
    target = tmp / "cassettes" / "v1" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    data = cassette_format.deserialize(target.read_text(encoding="utf-8"))
    for item in data["interactions"]:
        mutate(item)
    target.write_text(cassette_format.serialize(data), encoding="utf-8")
    return target


def run_verdict(op: str, cassette: Path) -> Verdict:
    """`run` in replay of the cassette: the v1, api_key, sync case of `op`."""
    settings = load_settings({"mode": "replay"}, environ={})
    session = Session(settings, cassette.parents[1])
    try:
        (case,) = [c for c in build_cases(settings, [catalog.get(op)])
                   if (c.surface, c.auth.value, c.client.value) == ("v1", "api_key", "sync")]
        row = run_case(session, case)
    finally:
        session.close()
    return Verdict({"failed": "fail", "passed": "pass"}.get(row.outcome.value, row.outcome.value), row.message,
                   frozenset(d["key"] for d in row.drift))


def _as_run(failure: str, stream: bool) -> str:
    """A validate failure with its location label replaced by the run's (`body ` for JSON, none for streams)."""
    return _LABEL.sub("" if stream else "body ", failure, count=1)


def validate_verdict(path: Path, stream: bool) -> Verdict:
    """`validate` of a cassette or corpus file, for the first interaction; failures labelled as the run labels them."""
    result = validate.validate_path(path)
    failures = [_as_run(f, stream) for f in result.failures if _LABEL.match(f)]
    keys = frozenset(d["key"] for d in result.rows() if {"interactions[0]", "body"} & set(d["cases"]))
    message = messages.summarise(failures)[0] if failures else ""
    return Verdict("fail" if failures else result.verdict, message, keys)


def corpus_file(op: str, cassette: Path, tmp: Path) -> Path:
    """The cassette's first interaction as a corpus file (the published-corpus format)."""
    first = cassette_format.deserialize(cassette.read_text(encoding="utf-8"))["interactions"][0]["response"]
    raw = first["body"]["string"]
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    headers = {k: v[0] for k, v in first["headers"].items()}
    stream = catalog.get(op).stream
    data: dict[str, Any] = {"operation": "chat.completions.stream" if stream else "chat.completions",
                            "status": first["status"]["code"], "api_version": "v1", "headers": headers}
    if stream:
        data["body"], data["sse"] = None, [sse.DONE if e.is_done else e.json for e in sse.parse(raw)]
    else:
        data["body"] = json.loads(raw)
    path = tmp / f"corpus_{op}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path

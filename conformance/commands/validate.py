"""`aoai-conformance validate PATH...`: judge recorded responses (corpus files, cassettes) on both tiers.

Each recorded response becomes the Attempt the run's tap would have seen and is judged by the run's own
judge (`conformance.verdicts.judge.judge_response`): `validate` and `run` give one verdict per exchange.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.calling.transport import FAULT_HEADER, Attempt  # recorded transport faults carry no response
from conformance.catalog import operations as catalog
from conformance.recording import cassette_format
from conformance.verdicts import judge, outcomes, schemas, shape, sse
from conformance.verdicts.checks import Findings
from conformance.verdicts.drift import Drift, dedupe

__all__ = ["add_parser", "corpus_operations", "main", "validate_path"]
SANITIZED = {"redacted", "sanitized", "<redacted>", "***"}  # values publishers replaced before sharing


def corpus_operations() -> dict[str, tuple[str, bool]]:
    """Corpus `operation` -> (schema name, is a stream), from the catalog.

    The corpus names a documented call by its SDK call without `.create`, `.stream` appended for streams
    (`chat.completions.stream`); catalog variants (image input, reasoning, probes) have no corpus name.
    """
    out: dict[str, tuple[str, bool]] = {}
    for op in catalog.OPERATIONS.values():
        if op.schema is not None and op.id in (op.call, f"{op.call}.stream"):
            out[op.call.removesuffix(".create") + (".stream" if op.stream else "")] = (op.schema, op.stream)
    return {**out, "error": ("error", False)}


class UsageError(Exception):
    """A path the command cannot judge; the message names the fix."""


@dataclass
class FileResult:
    """The verdict for one file: contract failures, drift occurrences and notes (e.g. not applicable)."""

    path: str
    failures: list[str] = field(default_factory=list)
    drift: list[tuple[str, Drift]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shapes: dict[str, str | None] = field(default_factory=dict)  # "<schema> on <surface>" -> shape version used

    @property
    def verdict(self) -> str:
        return "fail" if self.failures else "pass"

    def rows(self) -> list[dict[str, Any]]:
        return dedupe(self.drift)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "verdict": self.verdict, "failures": self.failures, "drift": self.rows(),
                "notes": self.notes, "shapes": self.shapes}


def _attempt(status: int, headers: Mapping[str, str], raw: bytes) -> Attempt:
    """A recorded response as the run's tap would have seen it, so the run's judge can read it."""
    return Attempt("POST", "", {}, b"", status, dict(headers), [raw], True)


def _judge(out: FileResult, where: str, expected: judge.Expected, attempt: Attempt, body: bool = True) -> None:
    """Judge one recorded exchange with the run's judge: contract, shape and filter drift, stream rules, headers
    (body False: the headers only, for a response with no document to judge)."""
    findings = Findings()
    if body:
        judge.judge_response(expected, attempt, findings, label=f"{where} ")
    else:
        judge.judge_headers(expected, attempt, findings)
    out.failures += findings.failures
    out.drift += [(where, d) for d in findings.drift]
    if body and expected.schema is not None and not expected.binary:
        label = f"{expected.schema} on {expected.surface or 'unknown-version'}"
        out.shapes[label] = shape.resolve(expected.schema, expected.surface)  # None: tier not applied


def _sse(events: list[Any]) -> bytes:
    """A corpus file's parsed events back on the wire, one `data:` line each."""
    lines = [e if e == sse.DONE else json.dumps(e) for e in events]
    return "".join(f"data: {line}\n\n" for line in lines).encode("utf-8")


def _corpus(path: Path, data: Mapping[str, Any]) -> FileResult:
    out = FileResult(str(path))
    known = corpus_operations()
    try:
        name, stream = known[data["operation"]]
    except KeyError:
        raise UsageError(f"{path}: unknown corpus operation {data.get('operation')!r}; "
                         f"expected one of {', '.join(known)}") from None
    status, body = int(data["status"]), data.get("body")
    headers = {k.lower(): str(v) for k, v in (data.get("headers") or {}).items()}
    if status >= 400:
        name, stream = "error", False
    # publishers often drop headers (an absent set says nothing about the service) or sanitize the content type
    hidden = headers.get("content-type", "").strip().lower() in SANITIZED
    if hidden:
        out.notes.append("body: content-type was sanitized by the publisher; not judged")
    expected = judge.Expected(name, data.get("api_version"), stream=stream, status=status if name == "error" else 200,
                              headers_known=bool(headers), content_type_known=bool(headers) and not hidden)
    if name == "images.generate" and isinstance(body, dict) and "data" not in body:
        if not isinstance(body.get("result"), dict):
            out.notes.append(f"body: not applicable: async image operation (status {body.get('status')!r}), "
                             "no image result to judge")
            _judge(out, "body", expected, _attempt(status, headers, b""), body=False)
            return out
        body = body["result"]  # the 2023 async-operation wrapper holds the images response in `result`
    raw = _sse(data.get("sse") or []) if stream else json.dumps(body).encode("utf-8")
    _judge(out, "body", expected, _attempt(status, headers, raw))
    return out


def _cassette_expected(stem: str, surface: str, status: int, content_type: str) -> judge.Expected | None:
    """What the run expects of a cassette's response: the catalog's operation (probes: stream by content type)."""
    if status >= 400:
        return judge.Expected("error", surface, status=status)
    op = catalog.OPERATIONS.get(stem)
    if op is not None and not op.probes:
        return judge.Expected(op.schema, surface, stream=op.stream, binary=op.binary)
    name = op.schema if op is not None else (stem if stem in schemas.schema_names() else None)
    if name is None:
        return None
    # a probe cassette holds plain and streamed attempts; the content type tells which this one was
    is_sse = content_type.startswith("text/event-stream")
    if is_sse and not name.endswith(".stream") and f"{name}.stream" in schemas.schema_names():
        name = f"{name}.stream"
    return judge.Expected(name, surface, stream=is_sse)


def _cassette(path: Path, data: Mapping[str, Any]) -> FileResult:
    out = FileResult(str(path))
    surface, stem = path.parent.name, path.stem
    interactions = cassette_format.deserialize(json.dumps(data))["interactions"]
    for index, item in enumerate(interactions):
        where = f"interactions[{index}]"
        response = item["response"]
        headers = {k.lower(): (v[0] if isinstance(v, list) and v else str(v)) for k, v in response["headers"].items()}
        if FAULT_HEADER in headers:
            out.notes.append(f"{where}: not applicable: recorded transport fault {headers[FAULT_HEADER]!r}")
            continue
        status, raw = int(response["status"]["code"]), response.get("body", {}).get("string", b"")
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        expected = _cassette_expected(stem, surface, status, headers.get("content-type", ""))
        if expected is None:
            out.failures.append(f"{where}: no schema for operation {stem!r} (file stem); known schemas: "
                                f"{', '.join(schemas.schema_names())}")
            continue
        _judge(out, where, expected, _attempt(status, headers, raw))
        exception = outcomes.documented_status_drift(catalog.OPERATIONS.get(stem), surface, status)
        if exception is not None:
            out.drift.append((where, exception))
    return out


def validate_path(path: Path) -> FileResult:
    """Judge one corpus file or cassette; raises UsageError for anything that is neither."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: not readable JSON ({exc}); pass corpus files or cassettes only") from None
    if isinstance(data, dict) and {"operation", "status", "body"} <= data.keys():
        return _corpus(path, data)
    if isinstance(data, dict) and isinstance(data.get("interactions"), list):
        return _cassette(path, data)
    raise UsageError(f"{path}: neither a corpus file (keys operation/status/body) nor a cassette (key "
                     "interactions); pass only those, or a folder holding them")


def _files(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(path.rglob("*.json"))
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"{raw}: no such file or directory; pass corpus files, cassettes or folders of them")


def _print(result: FileResult) -> None:
    rows = result.rows()
    print(f"{result.verdict.upper()} {result.path}  ({len(rows)} drift)")
    for judged, version in result.shapes.items():
        used = f"schemas/{shape.SUBDIR}/{version}.json" if version else "none (no derived shapes: tier not applied)"
        print(f"    shapes: {judged}: {used}")
    for failure in result.failures:
        print(f"    failure: {failure}")
    for note in result.notes:
        print(f"    note: {note}")
    for row in rows:
        count = f" ×{row['occurrences']}" if row["occurrences"] > 1 else ""
        print(f"    drift: {row['kind']} {row['path']}  [{row['source']}]{count}")


def add_parser(subparsers: Any) -> None:
    """Register `validate` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "validate",
        help="judge recorded responses (corpus files, cassettes) on the contract and documented-shape tiers",
        description="Validate corpus-format files and cassettes: contract failures fail a file (exit 1); "
                    "drift from the documented shape is listed, never failed.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively for *.json)")
    p.add_argument("--json", dest="json_out", default=None, metavar="OUT", help="also write the verdicts as JSON")


def main(ns: argparse.Namespace) -> int:
    """Run `validate`: 0 all pass, 1 any contract failure, 2 a path it cannot judge."""
    try:
        results = [validate_path(path) for path in _files(list(ns.paths))]
    except UsageError as exc:
        print(f"aoai-conformance: error: {exc}", file=sys.stderr)
        return 2
    for result in results:
        _print(result)
    failed = sum(r.verdict == "fail" for r in results)
    kinds = sorted({row["kind"] for r in results for row in r.rows()})
    print(f"{len(results)} files: {len(results) - failed} pass, {failed} fail; drift kinds: {', '.join(kinds) or '-'}")
    used = sorted({f"{v}.json" for r in results for v in r.shapes.values() if v})
    unjudged = sorted({k.rsplit(" on ", 1)[1] for r in results for k, v in r.shapes.items() if v is None})
    print(f"shape tier: judged by schemas/{shape.SUBDIR}/{{{', '.join(used)}}}; "
          f"not applied (no derived shapes, no alias): {', '.join(unjudged) or '-'}")
    if getattr(ns, "json_out", None):
        Path(ns.json_out).write_text(json.dumps([r.to_dict() for r in results], indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0

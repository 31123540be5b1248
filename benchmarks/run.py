"""Benchmark the offline conformance run against its floor (the bare SDK calls through the same cassettes).

Run from the repository root:

    /work/venv/bin/python benchmarks/run.py            # everything, ~1.5 min on a 2-core box
    /work/venv/bin/python benchmarks/run.py --quick    # skip the subprocess runs (collect, xdist), short loops
    /work/venv/bin/python benchmarks/run.py --profile  # also cProfile suite vs floor without client.retries

Figures (see benchmarks/README.md):
  (a)  the suite as `aoai-conformance run` runs it, in this process (pytest.main via conformance.commands.cli.main)
  (b)  the floor: the same SDK calls through the same cassettes in one plain loop, no checks, no report
  a/b  the overhead ratio, for the full matrix and without the sleep-dominated client.retries operation
  validation throughput (jsonschema-rs is_valid, and validate()), collection time, -n 2 vs serial.
The last line is machine-readable: `ratio=<a/b> cases=<n> validate_docs_per_s=<n> peak_mb=<n>`.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # the package is installed editable; this only helps a bare checkout
    sys.path.insert(0, str(REPO))

# Import everything both sides use before any timing, so neither side pays the imports.
import openai  # noqa: E402
import pytest  # noqa: E402
import vcr  # noqa: E402,F401

from conformance.calling import invoke  # noqa: E402
from conformance.catalog import operations as catalog  # noqa: E402
from conformance.catalog.cases import Case, build_cases  # noqa: E402
from conformance.catalog.config import load_settings  # noqa: E402
from conformance.catalog.operation import PYTHON  # noqa: E402
from conformance.commands import cli  # noqa: E402
from conformance.commands.validate import corpus_operations  # noqa: E402
from conformance.locations import default_cassette_dir  # noqa: E402
from conformance.recording import netguard  # noqa: E402
from conformance.recording.cassette_format import deserialize  # noqa: E402
from conformance.suite.runner import Session  # noqa: E402
from conformance.verdicts import schema_store, schemas, shape, sse  # noqa: E402

SLOW_OPERATION = "client.retries"  # its connection-error probes sleep in the SDK's backoff
CORPUS = Path(os.environ.get("AOAI_CONFORMANCE_CORPUS", REPO.parent / "shared" / "corpus" / "real"))
# Corpus `operation` field -> schema name: the mapping `aoai-conformance validate` uses.
CORPUS_SCHEMA = {operation: schema for operation, (schema, _stream) in corpus_operations().items()}


def mb(kib: int) -> float:
    return kib / 1024  # Linux reports ru_maxrss in KiB


def peak_rss_mb() -> float:
    return mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# ----------------------------------------------------------------------------- (a) the suite, in process


@dataclass
class SuiteRun:
    wall: float
    cpu: float
    cases: int
    outcomes: dict[str, int]
    attempts: int
    pytest_line: str


# The suite-vs-floor pairs compare the Python rows: the JS rows run in the Node driver, which has no
# in-process floor to compare with (their cost is printed on its own line).
PYTHON_ROWS = ["-k", "not javascript"]
JS_ROWS = ["-k", "javascript"]


def run_suite(operations: Iterable[str] | None, report_dir: Path, extra: list[str] | None = None,
              cold_schemas: bool = True) -> SuiteRun:
    """`aoai-conformance run` in this process, exactly as the CLI builds the pytest command line."""
    shutil.rmtree(report_dir, ignore_errors=True)
    argv = ["run", "--report-dir", str(report_dir)]
    if operations is not None:
        argv += ["--operations", ",".join(operations)]
    argv += ["--", "-q", *(extra or [])]
    out = io.StringIO()
    # A real run is a fresh process that loads and compiles every schema once: make this one pay it too.
    if cold_schemas:
        schema_store.reset()
    gc.collect()
    started, cpu0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        rc = cli.main(argv)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu0
    text = out.getvalue()
    if rc != 0:
        sys.stdout.write(text[-3000:])
        raise SystemExit(f"benchmark: the suite run failed (exit {rc}); see its output above")
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    rows = report["results"]
    outcomes: dict[str, int] = {}
    for row in rows:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    line = next((ln.strip() for ln in reversed(text.splitlines()) if re.search(r"\d+ passed", ln)), "")
    # row["attempts"] is len(session.tap.attempts) for the case (the runner clears the tap per case)
    return SuiteRun(wall, cpu, len(rows), outcomes, sum(int(r.get("attempts") or 0) for r in rows), line)


# ----------------------------------------------------------------------------- (b) the floor


@dataclass
class FloorRun:
    wall: float
    cpu: float
    cases: int
    calls: int
    attempts: int
    errors: list[str]


def run_floor(operations: Iterable[str] | None, one_per_operation: bool = False) -> FloorRun:
    """The same SDK calls through the same cassettes, one loop, no validation, no report, no pytest."""
    settings = load_settings({})  # what the suite's plugin builds when no option/env/config is given
    ops = None if operations is None else [catalog.get(o) for o in operations]
    cases: list[Case] = [c for c in build_cases(settings, ops) if c.sdk == PYTHON]  # as PYTHON_ROWS selects
    if one_per_operation:  # warm-up: one sync and one async case per operation
        cases = list({(c.operation.id, c.client): c for c in cases}.values())
    gc.collect()
    started, cpu0 = time.perf_counter(), time.process_time()
    session = Session(settings, default_cassette_dir())  # one session's clients, tap, cassette store, loop
    attempts = calls = 0
    errors: list[str] = []
    try:
        for case in cases:
            deployment = settings.deployment(case.operation.deployment_kind)
            if deployment is None:
                continue
            session.tap.clear()
            try:
                # the replay network block is kept: it is a safety measure the suite will keep, not overhead
                with netguard.blocked(), session.cassettes.use(case):
                    client = session.clients.get(case.surface, case.auth, case.client)
                    if case.operation.probes:
                        for probe in case.operation.probes:
                            kwargs = invoke.request_kwargs(case, deployment, settings.max_output_tokens)
                            if probe.stream:
                                kwargs["stream"] = True
                            if probe.scenario:
                                kwargs["extra_query"] = {"standin-scenario": probe.scenario}
                            target = (client if probe.max_retries is None
                                      else client.with_options(max_retries=probe.max_retries))
                            calls += 1
                            with contextlib.suppress(openai.OpenAIError):  # probe outcomes are not judged here
                                invoke.call(session, case, target, kwargs, probe.stream)
                    else:
                        kwargs = invoke.request_kwargs(case, deployment, settings.max_output_tokens)
                        calls += 1
                        with contextlib.suppress(openai.OpenAIError):
                            invoke.call(session, case, client, kwargs, case.operation.stream)
            except Exception as exc:  # a cassette mismatch would make the comparison meaningless
                errors.append(f"{case.id}: {type(exc).__name__}: {str(exc)[:160]}")
            attempts += len(session.tap.attempts)
    finally:
        session.close()
    return FloorRun(time.perf_counter() - started, time.process_time() - cpu0, len(cases), calls, attempts, errors)


# ----------------------------------------------------------------------------- validation throughput


def _content_type(headers: dict[str, Any]) -> str:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return str(value[0] if isinstance(value, list) else value)
    return ""


def cassette_documents(root: Path) -> list[tuple[str, Any]]:
    """(schema, document) for every JSON body and SSE event in every cassette, named as the suite names them."""
    docs: list[tuple[str, Any]] = []
    for path in sorted(root.glob("*/*.json")):
        try:
            op = catalog.get(path.stem)
        except KeyError:
            continue
        data = deserialize(path.read_text(encoding="utf-8"))
        for item in data["interactions"]:
            response = item["response"]
            status = int(response["status"]["code"])
            body = response.get("body", {}).get("string")
            if isinstance(body, str):
                body = body.encode("utf-8")
            if not body or (op.binary and status < 400):
                continue
            if _content_type(response.get("headers", {})).startswith("text/event-stream"):
                name = op.schema if op.stream else f"{op.schema}.stream"  # probe streams: "<schema>.stream"
                docs += [(name, ev.json) for ev in sse.parse(body) if not ev.is_done]
                continue
            try:
                parsed = json.loads(body)
            except ValueError:
                continue  # non-JSON error pages and synthetic connection faults
            docs.append(("error" if status >= 400 else op.schema, parsed))
    return docs


def corpus_documents(folder: Path) -> list[tuple[str, Any]]:
    docs: list[tuple[str, Any]] = []
    if not folder.is_dir():
        return docs
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        name = CORPUS_SCHEMA.get(record.get("operation"))
        if name is None:
            continue
        body = record.get("body")
        if body is not None:
            if name == "images.generate" and isinstance(body, dict) and "status" in body and "data" not in body:
                # legacy DALL-E 2 operation-status body: tests/schemas validates its `result`, or skips it
                if isinstance(body.get("result"), dict):
                    docs.append((name, body["result"]))
                continue
            docs.append((name, body))
        else:
            docs += [(name, x) for x in record.get("sse") or [] if x != "[DONE]"]
    return docs


def throughput(fn: Any, docs: list[tuple[str, Any]], min_seconds: float) -> tuple[float, int, int]:
    """Validate all docs repeatedly for at least min_seconds; returns (docs/s, docs validated, invalid per pass)."""
    invalid = sum(1 for name, doc in docs if not _ok(fn(name, doc)))
    done, started = 0, time.perf_counter()
    while True:
        for name, doc in docs:
            fn(name, doc)
        done += len(docs)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return done / elapsed, done, invalid


def _ok(result: Any) -> bool:
    return result is True or result == []


# ----------------------------------------------------------------------------- subprocess runs


def timed(cmd: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-2000:] + proc.stderr[-2000:])
        raise SystemExit(f"benchmark: {' '.join(cmd)} exited {proc.returncode}")
    line = next((ln.strip() for ln in reversed(proc.stdout.splitlines())
                 if re.search(r"\d+ (passed|tests? collected)", ln)), "")
    return wall, line


def cli_cmd() -> list[str]:
    script = Path(sys.executable).with_name("aoai-conformance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "conformance.commands.cli"]


# ----------------------------------------------------------------------------- profile


_OURS = f"{os.sep}conformance{os.sep}"


def profile_pair(fast_ops: list[str], tmp: Path, top: int = 15) -> None:
    """cProfile suite and floor without client.retries; print our top cumulative entries and a package split."""
    stats = {}
    schemas.schema_names()
    shape.shape_names()  # warm: the per-process schema compile is measured (unprofiled) in the main figures
    suite = lambda: run_suite(fast_ops, tmp / "profile", PYTHON_ROWS, cold_schemas=False)  # noqa: E731
    for label, fn in (("suite", suite), ("floor", lambda: run_floor(fast_ops))):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        out = tmp / f"{label}.prof"
        prof.dump_stats(str(out))
        stats[label] = pstats.Stats(str(out))
    print(f"\n## profile (cProfile, which inflates pure-Python code; suite and floor without {SLOW_OPERATION}, "
          f"schemas warm; .prof files in {tmp})")
    for label, st in stats.items():
        print(f"\n{label}: total {st.total_tt:.3f} s (tottime sum, profiled)  by package (tottime):")
        for pkg, secs in package_split(st)[:12]:
            print(f"  {secs:7.3f} s  {pkg}")
    st = stats["suite"]
    print(f"\nsuite: top {top} cumulative entries in conformance/ (ncalls, tottime, cumtime):")
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if _OURS in filename and "benchmarks" not in filename:
            rows.append((ct, tt, nc, f"{filename.split(_OURS, 1)[1]}:{line}({func})"))
    for ct, tt, nc, where in sorted(rows, reverse=True)[:top]:
        print(f"  {nc:7d} {tt:8.3f} {ct:8.3f}  {where}")
    print("\nsuite: top 10 conformance/ entries by own time (tottime):")
    for ct, tt, nc, where in sorted(rows, key=lambda r: -r[1])[:10]:
        print(f"  {nc:7d} {tt:8.3f} {ct:8.3f}  {where}")
    print("\nsuite: selected third-party entries (cumtime):")
    wanted = ("deepcopy", "_from_dict", "convert_to_bytes", "can_play_response_for", "requests_match",
              "load_cassette", "is_valid", "iter_errors", "pytest_runtest_protocol", "call_and_report",
              "runtestprotocol", "write", "render", "pytest_sessionfinish", "_callhook", "_multicall")
    seen: dict[str, tuple[float, int]] = {}
    for (filename, line, func), (_cc, nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if func in wanted:
            key = f"{Path(filename).parent.name}/{Path(filename).name}:{line}({func})"
            seen[key] = (ct, nc)
    for key, (ct, nc) in sorted(seen.items(), key=lambda kv: -kv[1][0])[:20]:
        print(f"  {nc:7d} {ct:8.3f}  {key}")


def package_split(st: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tt, _ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if filename == "~":
            pkg = "builtins:" + ("json/C" if "json" in func else "sleep" if "sleep" in func else "other")
        elif "site-packages" in filename:
            pkg = filename.split("site-packages" + os.sep, 1)[1].split(os.sep, 1)[0]
        elif _OURS in filename:
            pkg = "conformance/" + filename.split(_OURS, 1)[1].split(os.sep, 1)[0]
        else:
            pkg = "stdlib:" + Path(filename).stem
        totals[pkg] = totals.get(pkg, 0.0) + tt
    return sorted(totals.items(), key=lambda kv: -kv[1])


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip subprocess runs (collect, xdist); 0.3 s loops")
    parser.add_argument("--profile", action="store_true", help="also cProfile suite vs floor without client.retries")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    tmp = Path(tempfile.mkdtemp(prefix="aoai-bench-"))
    all_ops = list(catalog.OPERATIONS)
    fast_ops = [o for o in all_ops if o != SLOW_OPERATION]
    min_seconds = 0.3 if args.quick else 1.0
    bench_started = time.perf_counter()
    rss: dict[str, float] = {"after imports": peak_rss_mb()}

    print(f"# aoai-conformance benchmark  ({os.cpu_count()} cpus, python {sys.version.split()[0]}, "
          f"openai {openai.__version__}, pytest {pytest.__version__})")

    # Warm-up (untimed): lazy SDK imports, first SSL contexts, vcr patch set-up; schemas stay cold for (a).
    warm = run_floor(fast_ops, one_per_operation=True)
    rss["after warm-up"] = peak_rss_mb()
    print(f"warm-up: floor over {warm.cases} cases (one sync + one async per operation but {SLOW_OPERATION}) "
          f"{warm.wall:.2f} s; not part of any figure")

    a = run_suite(None, tmp / "full", PYTHON_ROWS)
    rss["after (a) full"] = peak_rss_mb()
    b = run_floor(None)
    rss["after (b) full"] = peak_rss_mb()
    a2 = run_suite(fast_ops, tmp / "fast", PYTHON_ROWS)
    b2 = run_floor(fast_ops)
    js = run_suite(None, tmp / "js", JS_ROWS, cold_schemas=False)
    rss["after fast pair"] = peak_rss_mb()

    failed = False
    print("\n## (a) suite vs (b) floor, in process (imports already paid by both)")
    for label, sa, fb in (("full matrix", a, b), (f"without {SLOW_OPERATION}", a2, b2)):
        print(f"{label}:")
        print(f"  (a) suite  {sa.wall:7.3f} s wall {sa.cpu:7.3f} s cpu  {sa.cases} cases  "
              f"{sa.cases / sa.wall:7.1f} cases/s  "
              f"outcomes {sa.outcomes}  tap attempts {sa.attempts}   [{sa.pytest_line}]")
        print(f"  (b) floor  {fb.wall:7.3f} s wall {fb.cpu:7.3f} s cpu  {fb.cases} cases  "
              f"{fb.cases / fb.wall:7.1f} cases/s  "
              f"{fb.calls} SDK calls  tap attempts {fb.attempts}")
        print(f"  ratio a/b  {sa.wall / fb.wall:.2f} wall, {sa.cpu / fb.cpu:.2f} cpu   overhead a-b "
              f"{sa.wall - fb.wall:.3f} s wall = {1000 * (sa.wall - fb.wall) / sa.cases:.1f} ms/case, "
              f"{1000 * (sa.cpu - fb.cpu) / sa.cases:.1f} ms/case cpu")
        if fb.errors:
            failed = True
            print(f"  FLOOR ERRORS ({len(fb.errors)}):", *fb.errors[:5], sep="\n    ")
        if sa.attempts != fb.attempts or sa.cases != fb.cases:
            failed = True
            print(f"  !!! MISMATCH: suite made {sa.attempts} HTTP attempts over {sa.cases} cases, "
                  f"floor made {fb.attempts} over {fb.cases}: the floor is not the same work")
    print(f"JS rows (Node driver, no in-process floor): {js.cases} cases in {js.wall:.2f} s wall, "
          f"outcomes {js.outcomes}, tap attempts {js.attempts}")
    slow_a, slow_b = a.wall - a2.wall, b.wall - b2.wall
    print(f"{SLOW_OPERATION} alone (full minus fast): suite {slow_a:.2f} s, floor {slow_b:.2f} s "
          f"({a.cases - a2.cases} cases; mostly SDK backoff sleeps)")

    # One-off per-process costs inside (a): schema loading and compilation (meta-schema checks included).
    schema_store.reset()
    t0 = time.perf_counter()
    schemas.schema_names()
    t1 = time.perf_counter()
    shape.shape_names()
    t2 = time.perf_counter()
    import jsonschema
    import jsonschema_rs
    root = schemas.schemas_dir()
    shapes = [p for p in root.glob(f"{shape.SUBDIR}/*.json") if p.name != shape.ALIASES]  # aliases.json: no schema
    files = [*root.glob("*.json"), *root.glob("defs/*.json"), *shapes]
    metas = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    t3 = time.perf_counter()
    for doc in metas:
        jsonschema.Draft202012Validator.check_schema(doc)
    t4 = time.perf_counter()
    for doc in metas:
        jsonschema_rs.meta.validate(doc)
    t5 = time.perf_counter()
    print(f"per-process schema load+compile inside (a): contract {t1 - t0:.2f} s + shape {t2 - t1:.2f} s "
          "(paid once per process, and again by every xdist worker)")
    print(f"  of which meta-schema checks of the {len(metas)} files: jsonschema.check_schema {t4 - t3:.2f} s, "
          f"jsonschema_rs.meta.validate {1000 * (t5 - t4):.1f} ms")

    # Validation throughput.
    cas_docs = cassette_documents(default_cassette_dir())
    cor_docs = corpus_documents(CORPUS)
    docs = cas_docs + cor_docs
    schemas.schema_names()  # compile once outside the loop (the suite pays it once per process too)
    rate_fast, n_fast, invalid_fast = throughput(schemas.is_valid, docs, min_seconds)
    rate_full, n_full, invalid_full = throughput(schemas.validate, docs, min_seconds)
    kinds: dict[str, int] = {}
    for name, _doc in docs:
        kinds[name] = kinds.get(name, 0) + 1
    print("\n## validation throughput (documents already parsed; one pass = every document once)")
    print(f"documents: {len(cas_docs)} from cassettes + {len(cor_docs)} from "
          f"{CORPUS if CORPUS.is_dir() else 'no corpus (absent)'} = {len(docs)} over {len(kinds)} schemas")
    print(f"  schemas.is_valid  (jsonschema-rs)            {rate_fast:10,.0f} docs/s  "
          f"({n_fast} validated; {invalid_fast} invalid per pass)")
    print(f"  schemas.validate  (rs and python-jsonschema)  {rate_full:10,.0f} docs/s  "
          f"({n_full} validated; {invalid_full} with violations per pass)")
    print(f"  => validating the {len(docs)} documents once costs {1000 * len(docs) / rate_full:.1f} ms")

    if not args.quick:
        suite_args = cli.run_args(cli.build_parser().parse_args(["run", "--report-dir", str(tmp / "collect")]))
        collect_wall, collect_line = timed([sys.executable, "-m", "pytest", *suite_args, "--collect-only", "-q"], REPO)
        print("\n## collection (subprocess: interpreter + imports + plugin + parametrization)")
        print(f"  pytest --collect-only -q  {collect_wall:.2f} s   [{collect_line}]")

        print("\n## pytest-xdist -n 2 vs serial (subprocess `aoai-conformance run`, wall incl. start-up)")
        xd: dict[tuple[str, str], float] = {}
        for label, ops in (("full", None), ("fast", fast_ops)):
            for mode, extra in (("serial", []), ("-n 2", ["-n", "2"])):
                cmd = [*cli_cmd(), "run", "--report-dir", str(tmp / f"x-{label}-{mode[-1]}")]
                if ops is not None:
                    cmd += ["--operations", ",".join(ops)]
                cmd += ["--", "-q", *extra]
                wall, line = timed(cmd, REPO)
                xd[(label, mode)] = wall
                print(f"  {label:5s} {mode:7s} {wall:6.2f} s   [{line}]")
        n_fast = a2.cases
        per_case = max((xd[("fast", "serial")] - collect_wall) / n_fast, 1e-6)
        fixed = xd[("fast", "-n 2")] - collect_wall - n_fast * per_case / 2
        def verdict(label: str) -> str:
            delta = xd[(label, "serial")] - xd[(label, "-n 2")]
            return f"{abs(delta):.2f} s {'faster' if delta > 0 else 'slower'}"

        print(f"  -n 2 vs serial: full matrix {verdict('full')}; without {SLOW_OPERATION} {verdict('fast')}")
        print(f"  model (fast cases): serial = start-up {collect_wall:.2f} s + n x {1000 * per_case:.1f} ms; "
              f"-n 2 adds a fixed {fixed:.2f} s and halves the per-case part")
        if fixed > 0:
            print(f"  => -n 2 pays for CPU-bound replay cases only above ~{2 * fixed / per_case:.0f} cases; "
                  f"sleep-bound cases ({SLOW_OPERATION}: {slow_b / max(a.cases - a2.cases, 1):.2f} s each in the "
                  f"floor) parallelise, which is all that -n 2 gains on the full matrix")
        rss["largest child (subprocess)"] = mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)

    if args.profile:
        profile_pair(fast_ops, tmp)

    peak = peak_rss_mb()
    print("\n## memory (ru_maxrss = peak resident set size of the process so far, MiB; tracemalloc not used)")
    for label, value in rss.items():
        print(f"  {label:28s} {value:7.1f} MiB")
    print(f"  {'end of benchmark':28s} {peak:7.1f} MiB")
    print(f"\nbenchmark wall time {time.perf_counter() - bench_started:.1f} s; scratch {tmp}")
    shutil.rmtree(tmp, ignore_errors=True) if not args.profile else None
    print(f"ratio={a.wall / b.wall:.2f} cases={a.cases} validate_docs_per_s={rate_fast:.0f} peak_mb={peak:.0f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

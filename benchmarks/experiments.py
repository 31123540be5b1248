"""Measure proposed optimisations before anyone applies them: monkeypatch them in this process, re-time.

    /work/venv/bin/python benchmarks/experiments.py

Each variant re-runs the suite (in process, without client.retries) and the floor, and reports CPU time
(time.process_time, less sensitive to other load on the box than wall time), best of --repeat runs.
Variants are cumulative, in the order of PATCHES. Every variant must still pass every case and make the
same number of HTTP attempts as the floor, or the script stops: a speed-up that changes results is no
speed-up. Nothing here edits the package; these patches are sketches of the proposed changes.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.request import Request
from vcr.serializers import compat

from conformance import cassettes, matchers, schemas, scrub, shape
from conformance.config import Mode

_SCRUBBED = "_aoai_scrubbed"


# -- P1: replay load path (cassettes.py) -------------------------------------------------------------
def p1_replay_load_path() -> None:
    """Cache converted interactions once; skip the load-time deepcopy and re-scrubbing of cassette data.

    In replay every loaded interaction is already scrubbed on disk, vcrpy's Cassette.append deep-copies
    each response itself, and vcrpy's before_record_request deep-copies each request before our hook.
    """
    store_cls = cassettes.CassetteStore
    orig_req, orig_resp = store_cls._scrub_request, store_cls._scrub_response

    def load_cassette(self: Any, cassette_path: Any, serializer: Any) -> tuple[list[Any], list[Any]]:
        path = Path(cassette_path)
        if self.settings.mode is not Mode.REPLAY:
            raise CassetteNotFoundError()
        with self._lock:
            cached = self._loaded.get(path)
            if cached is None:
                data = self._read(path, serializer)
                cached = [(i["request"], compat.convert_to_bytes(i["response"])) for i in data["interactions"]]
                self._loaded[path] = cached
        requests = []
        for req_dict, _resp in cached:
            request = Request._from_dict(req_dict)
            setattr(request, _SCRUBBED, True)  # survives vcrpy's deepcopy; on disk it is scrubbed already
            requests.append(request)
        return requests, [resp for _req, resp in cached]  # Cassette.append deep-copies each one

    def scrub_request(self: Any, request: Any) -> Any:
        if getattr(request, _SCRUBBED, False):
            return request
        out = orig_req(self, request)
        setattr(out, _SCRUBBED, True)
        return out

    def scrub_response(self: Any, response: Any) -> Any:
        if self.settings.mode is Mode.REPLAY:  # replay never records: only cassette data passes here
            return response
        return orig_resp(self, response)

    store_cls.load_cassette = load_cassette
    store_cls._scrub_request = scrub_request
    store_cls._scrub_response = scrub_response


# -- P2: memoise the live request scrub (cassettes.py) ---------------------------------------------------
def p2_request_scrub_memo() -> None:
    """vcrpy runs before_record_request 3x per live attempt (can_play, __contains__, play) on fresh deep copies.

    Key the scrubbed result by the request's content; a tiny per-store dict (cleared per cassette) suffices.
    """
    store_cls = cassettes.CassetteStore
    inner = store_cls._scrub_request

    def scrub_request(self: Any, request: Any) -> Any:
        if getattr(request, _SCRUBBED, False):
            return request
        headers = request.headers
        key = (request.method, request.uri, request.body,
               tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in headers.items()))
        memo = self.__dict__.setdefault("_scrub_memo", {})
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 64:
                memo.clear()
            hit = memo[key] = inner(self, request)
        return copy.copy(hit)  # vcrpy does not mutate it, but a shallow copy keeps callers independent

    store_cls._scrub_request = scrub_request


# -- P3: shape._load without a filesystem probe per call (shape.py) ----------------------------------------
def p3_shape_store_cache() -> None:
    """shape._load() calls schemas.schemas_dir() (Path.resolve + is_dir) on every call: 3+ per case."""
    orig = shape._load
    memo: dict[str | None, Any] = {}

    def _load() -> Any:
        env = os.environ.get(schemas.ENV_VAR)
        store = memo.get(env)
        if store is None:
            store = memo[env] = orig()
        return store

    shape._load = _load


# -- P4: Scrubber._known sorted once (scrub.py) ---------------------------------------------------------
def p4_scrubber_known_cache() -> None:
    """Scrubber._known() takes a lock and sorts the secrets on every data() call (44k calls per run)."""
    cls = scrub.Scrubber
    orig_learn = cls.learn_token

    def _known(self: Any) -> list[tuple[str, str]]:
        cached = self.__dict__.get("_known_cache")
        if cached is None or cached[0] != len(self._secrets):
            with self._lock:
                items = sorted(self._secrets.items(), key=lambda item: len(item[0]), reverse=True)
            cached = self.__dict__["_known_cache"] = (len(items), items)
        return cached[1]

    def learn_token(self: Any, token: str) -> None:
        orig_learn(self, token)
        self.__dict__.pop("_known_cache", None)

    cls._known = _known
    cls.learn_token = learn_token


# -- P5: parse each request body once for matching (matchers.py) -----------------------------------------
def p5_matcher_body_memo() -> None:
    """vcrpy runs every matcher on every (request, recorded request) pair, 3x per attempt: `body` re-parses
    both JSON bodies each time (6.4k json.loads for 372 attempts; O(attempts x interactions) on client.retries).
    Memoise the normalised body by (body bytes, content type); bytes hash once and deep copies share them."""
    orig = matchers._normalised_body
    memo: dict[tuple[Any, str], tuple[str, Any]] = {}

    def _normalised_body(request: Any) -> tuple[str, Any]:
        body = request.body or b""
        if not isinstance(body, bytes | str):
            return orig(request)
        key = (body, matchers._content_type(request))
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 4096:
                memo.clear()
            hit = memo[key] = orig(request)
        return hit

    matchers._normalised_body = _normalised_body


PATCHES: list[tuple[str, Callable[[], None]]] = [
    ("P1 replay load path: cache converted interactions, no re-scrub/deepcopy of cassette data",
     p1_replay_load_path),
    ("P2 memoise the live request scrub (3 identical calls per attempt)", p2_request_scrub_memo),
    ("P3 shape._load: no schemas_dir() probe per call", p3_shape_store_cache),
    ("P4 Scrubber._known: sort secrets once", p4_scrubber_known_cache),
    ("P5 matchers: normalise each request body once", p5_matcher_body_memo),
]


MICRO_OPS = ("embeddings.create", "errors.status_mapping", "client.retries")


def enter_exit_ms(operation: str, n: int = 40) -> float:
    """Mean ms to enter and leave one case's cassette (load, copy, hooks, vcrpy patching), no request made."""
    settings = bench.load_settings({})
    session = bench.Session(settings, bench.default_cassette_dir())
    case = bench.build_cases(settings, [bench.catalog.get(operation)])[0]
    try:
        for _ in range(3):
            with session.cassettes.use(case):
                pass
        started = time.perf_counter()
        for _ in range(n):
            with session.cassettes.use(case):
                pass
        return 1000 * (time.perf_counter() - started) / n
    finally:
        session.close()


def cpu(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - w0)
    return best_cpu, best_wall, result


_TOUCHED = [(cassettes.CassetteStore, "load_cassette"), (cassettes.CassetteStore, "_scrub_request"),
            (cassettes.CassetteStore, "_scrub_response"), (shape, "_load"), (scrub.Scrubber, "_known"),
            (scrub.Scrubber, "learn_token"), (matchers, "_normalised_body")]
_ORIGINALS = [(owner, name, getattr(owner, name)) for owner, name in _TOUCHED]


def apply(count: int) -> None:
    """Restore the committed code, then apply the first `count` patches."""
    for owner, name, value in _ORIGINALS:
        setattr(owner, name, value)
    for _label, patch in PATCHES[:count]:
        patch()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--retry-delay", action="store_true",
                        help="P7: time client.retries with the SDK's backoff base cut from 0.5 s to 5 ms (replay only)")
    parser.add_argument("--each", action="store_true", help="time every cumulative variant, not just none vs all")
    parser.add_argument("--retries", action="store_true",
                        help=f"also compare floor CPU on {bench.SLOW_OPERATION} alone, baseline vs all patches")
    args = parser.parse_args()
    os.chdir(bench.REPO)
    tmp = Path(tempfile.mkdtemp(prefix="aoai-exp-"))
    fast = [o for o in bench.catalog.OPERATIONS if o != bench.SLOW_OPERATION]
    if args.retry_delay:
        import openai._base_client as base_client

        slow = [bench.SLOW_OPERATION]
        original = base_client.INITIAL_RETRY_DELAY
        for delay in (original, 0.005):
            base_client.INITIAL_RETRY_DELAY = delay
            c, w, s = cpu(lambda: bench.run_suite(slow, tmp / "delay", cold_schemas=False), 1)
            print(f"P7 {bench.SLOW_OPERATION} suite, INITIAL_RETRY_DELAY={delay}: {w:5.2f} s wall, {c:5.2f} s cpu, "
                  f"{s.outcomes}, {s.attempts} attempts")
        base_client.INITIAL_RETRY_DELAY = original
        return 0
    bench.run_floor(fast)  # warm-up
    bench.run_suite(fast, tmp / "warm")
    labels = ["baseline (as committed)", *[label for label, _patch in PATCHES]]
    variants = range(len(labels)) if args.each else (0, len(PATCHES))
    suite: dict[int, float] = {}
    floor: dict[int, float] = {}
    micro: dict[int, list[float]] = {}
    for _rep in range(args.repeat):  # interleaved, so load from other processes hits every variant alike
        for k in variants:
            apply(k)
            s_cpu, _w, s = cpu(lambda: bench.run_suite(fast, tmp / "variant", cold_schemas=False), 1)
            f_cpu, _w, f = cpu(lambda: bench.run_floor(fast), 1)
            if s.attempts != f.attempts or f.errors or s.outcomes != {"passed": s.cases}:
                print(f"!!! {labels[k]}: suite {s.outcomes} {s.attempts} attempts, floor {f.attempts} {f.errors[:2]}")
                return 1
            suite[k], floor[k] = min(suite.get(k, 1e9), s_cpu), min(floor.get(k, 1e9), f_cpu)
            ms = [enter_exit_ms(op) for op in MICRO_OPS]
            micro[k] = [min(a, b) for a, b in zip(micro.get(k, ms), ms, strict=True)]
    apply(0)
    if args.retries:
        slow = [bench.SLOW_OPERATION]
        for k in (0, len(PATCHES)):
            apply(k)
            c, w, f = cpu(lambda: bench.run_floor(slow), 1)
            c2, w2, _s2 = cpu(lambda: bench.run_suite(slow, tmp / "retries", cold_schemas=False), 1)
            which = "baseline" if k == 0 else "all patches"
            print(f"{bench.SLOW_OPERATION} only, {which:11s}: floor {c:5.2f} s cpu / {w:5.2f} s wall, "
                  f"suite {c2:5.2f} s cpu / {w2:5.2f} s wall ({f.attempts} attempts)")
        apply(0)
    print(f"# cumulative variants over {len(fast)} operations (all but {bench.SLOW_OPERATION}, "
          f"{s.cases} cases, {s.attempts} HTTP attempts); CPU s, best of {args.repeat} interleaved runs")
    print(f"{'variant':<92} {'suite':>6} {'floor':>6} {'a-b':>5}  enter/exit ms: "
          + " ".join(f"{op.split('.')[0][:8]:>8}" for op in MICRO_OPS))
    for k in variants:
        label = labels[k] if k == 0 or args.each else f"all of P1..P{len(PATCHES)}"
        print(f"{label:<92} {suite[k]:6.2f} {floor[k]:6.2f} {suite[k] - floor[k]:5.2f}                "
              + " ".join(f"{v:8.1f}" for v in micro[k])
              + f"   suite {100 * (suite[k] / suite[0] - 1):+.0f}%")
    print(f"enter/exit = one case's cassette entered and left with no request ({', '.join(MICRO_OPS)}; "
          "v1 api_key sync), mean of 40")
    return 0


if __name__ == "__main__":
    sys.exit(main())

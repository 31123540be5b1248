"""Print the kill rate of the last mutmut run (scripts/mutation.sh) from mutmut's per-module result files.

Kill rate = killed / (killed + survived + no tests + timeout + suspicious): a mutant no selected test reaches
counts against the rate, as a survivor does. `--survivors` lists every mutant that was not killed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

# mutmut 3.8's exit-code meanings (mutmut/stats.py); anything else is "suspicious".
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", 37: "type check",
          None: "not checked"}


def results(root: Path) -> dict[str, str]:
    """Mutant name -> status, over every mutated module under mutants/."""
    out: dict[str, str] = {}
    for meta in sorted(root.glob("mutants/**/*.py.meta")):
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            out[name] = STATUS.get(code, "suspicious")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, help="wall time of the run, printed with the figures")
    parser.add_argument("--survivors", action="store_true", help="list each mutant not killed")
    args = parser.parse_args()
    found = results(Path.cwd())
    if not found:
        print("no mutmut results under mutants/: run scripts/mutation.sh first")
        return 1
    counts = Counter(found.values())
    judged = sum(n for status, n in counts.items() if status not in ("not checked", "skipped", "type check"))
    killed = counts["killed"]
    per_module: dict[str, Counter[str]] = {}
    for name, status in found.items():
        module = name.split("ǁ")[0].rsplit(".x", 1)[0]  # conformance.verdicts.sse.x_parse__mutmut_3
        per_module.setdefault(module, Counter())[status] += 1
    for module, c in sorted(per_module.items()):
        total = sum(c.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(c.items()))
        print(f"  {module:42} {c['killed']:4}/{total:<4} killed  ({detail})")
    rate = 100.0 * killed / judged if judged else 0.0
    wall = f", wall time {args.seconds // 60}m{args.seconds % 60:02d}s" if args.seconds is not None else ""
    print(f"mutants {len(found)}: killed {killed}, survived {counts['survived']}, no tests {counts['no tests']}, "
          f"timeout {counts['timeout']}, suspicious {counts['suspicious']}, not checked {counts['not checked']}"
          f"{wall}")
    print(f"kill rate {rate:.1f}% ({killed}/{judged})")
    if args.survivors:
        for name, status in sorted(found.items()):
            if status not in ("killed", "not checked"):
                print(f"{status:10} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

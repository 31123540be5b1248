"""What installing the package costs a pytest run that collects no conformance case.

Runs one trivial test in a throwaway project N times with the plugin and N times with `-p no:conformance`,
alternating so machine load hits both alike, and prints the medians and their difference. The target
(ARCHITECTURE.md, issue 12): at most 0.1 s.

    python benchmarks/plugin_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.1


def _once(project: Path, *extra: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra], cwd=project,
                   check=True, capture_output=True)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="runs per variant [default 9]")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "test_plain.py").write_text("def test_plain():\n    assert True\n", encoding="utf-8")
        _once(project)  # warm the file cache for both variants
        with_plugin, without = [], []
        for _ in range(ns.runs):
            with_plugin.append(_once(project))
            without.append(_once(project, "-p", "no:conformance"))
    a, b = statistics.median(with_plugin), statistics.median(without)
    cost = a - b
    print(f"plugin_startup runs={ns.runs} median_with={a:.3f}s median_without={b:.3f}s cost={cost:+.3f}s "
          f"target<={TARGET_S}s {'ok' if cost <= TARGET_S else 'OVER'}")
    return 0 if cost <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())

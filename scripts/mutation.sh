#!/usr/bin/env bash
# Mutation testing of the verdict and safety modules ([tool.mutmut] in pyproject.toml): mutates each module,
# runs the fast in-process tests that cover the mutated function, and prints the kill rate.
# Not part of CI's default run (minutes, not seconds). Usage: scripts/mutation.sh [--fresh] [mutmut run args]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python}"
if [[ "${1:-}" == "--fresh" ]]; then rm -rf mutants; shift; fi
start=$(date +%s)
# Two workers: the suite's machines are small, and each worker forks a full pytest process.
"$PY" -m mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "$@" || true
"$PY" scripts/mutation_summary.py --seconds "$(( $(date +%s) - start ))"

#!/usr/bin/env bash
# The README's main command: install what is missing, build, and run the main job.
# Until a machine can boot a guest, the main job prints the platform the default pseries
# configuration resolves to (POWER9 on PAPR, and POWER9 running as POWER8).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
build/ppcvm -M pseries -cpu POWER9 -m 1G --describe
echo
build/ppcvm -M pseries,max-cpu-compat=power8 -cpu POWER9 -m 1G --describe

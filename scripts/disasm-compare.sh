#!/usr/bin/env bash
# The full disassembler comparison with GNU objdump: the ctest corpora (random encodings of every
# table row, gcc -O2 objects) plus Debian's ppc64el kernel (vmlinux) and busybox-static.
# usage: scripts/disasm-compare.sh [build-dir] [extra disasm-compare.py options, e.g. --strict]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
scripts/fetch-guest-images.sh >/dev/null
# shellcheck disable=SC1091
. guests/cache/images.env
cmake --build "$build" --target ppcvm-disasm >/dev/null
exec python3 scripts/disasm-compare.py --tool "$build/ppcvm-disasm" --random 200 --gcc \
  "$@" "$VMLINUX" "$BUSYBOX"

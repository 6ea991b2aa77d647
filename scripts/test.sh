#!/usr/bin/env bash
# The README's test command: install what is missing, build the release and the sanitizer
# (ASan + UBSan) flavours, and run the whole suite under both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
status=0
for flavour in release sanitize; do
  scripts/build.sh "$flavour"
  dir=build; [ "$flavour" = sanitize ] && dir=build-sanitize
  echo "=== ctest ($flavour) ==="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 600 || status=1
done
# A short run of every fuzz target (issue 7); longer campaigns: scripts/fuzz.sh SECONDS.
echo "=== fuzz (short) ==="
scripts/fuzz.sh "${PPCVM_FUZZ_SECONDS:-20}" || status=1
exit $status

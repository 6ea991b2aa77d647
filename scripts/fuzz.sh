#!/usr/bin/env bash
# Run the libFuzzer targets.  usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Targets: config_struct command_line instructions elf_loader boot_inputs hypercalls (default:
# all). Findings are written to fuzz-findings/<target>/ and make the script fail. New corpus
# entries go to a scratch directory; the seed corpus in tests/fuzz/corpus/<target> (hand-made
# seeds and the regression inputs of past findings, which every run replays first) is read,
# never modified.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(config_struct command_line instructions elf_loader boot_inputs hypercalls)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DPPCVM_FUZZ=ON -DPPCVM_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
status=0
for t in "${targets[@]}"; do
  scratch=$(mktemp -d); mkdir -p "fuzz-findings/$t"
  echo "=== fuzz_$t for ${seconds}s ==="
  if ! build-fuzz/fuzz_$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="fuzz-findings/$t/" -print_final_stats=1 \
        "$scratch" "tests/fuzz/corpus/$t" 2>"fuzz-findings/$t/log.txt"; then
    echo "fuzz_$t FAILED: see fuzz-findings/$t/"; tail -30 "fuzz-findings/$t/log.txt"; status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "fuzz-findings/$t/log.txt" | tail -2
  fi
  rm -rf "$scratch"
done
exit $status

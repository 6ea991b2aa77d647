#!/usr/bin/env bash
# Build the C test programs of tests/guests/programs as static ppc64le Linux binaries, run them
# under Debian's kernel on ppcvm, and check what they print.
# usage: guest_programs.sh PPCVM [ppcvm options...]   (exit 77: no ppc64le C library)
# environment: MACHINE (default pseries: the -M value), EXPECT_CPUS (default 1),
#   EXPECT_POWER9_INSNS (run: ISA 3.0 instructions work; sigill: they kill the program),
#   EXPECT_CPU_LINE (regex the first "cpu" line of /proc/cpuinfo must match).
set -u
ppcvm=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cc=powerpc64le-linux-gnu-gcc
echo 'int main(void){return 0;}' | $cc -static -x c - -o /dev/null 2>/dev/null ||
  { echo "SKIP: $cc cannot link static programs (libc6-dev-ppc64el-cross missing)"; exit 77; }
"$top/scripts/fetch-guest-images.sh" >/dev/null || { echo "FAIL: cannot fetch the Debian images"; exit 1; }
# shellcheck disable=SC1091
. "$top/guests/cache/images.env"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
progs=()
for src in "$top"/tests/guests/programs/*.c; do
  out="$work/$(basename "$src" .c)"
  # POWER8 code, so every program runs on every processor; power9_instruction.c names its
  # ISA 3.0 instructions with .machine power9.
  $cc -O2 -mcpu=power8 -static "$src" -o "$out" || { echo "FAIL: cannot build $src"; exit 1; }
  progs+=("$out")
done
initrd=$("$top/scripts/build-initramfs.sh" "$top/guests/init-programs.sh" "${progs[@]}") || exit 1
out=$(timeout 300 "$ppcvm" -M "${MACHINE:-pseries}" -m 1G -nographic -kernel "$VMLINUX" -initrd "$top/$initrd" \
      -append "console=hvc0 quiet" "$@" </dev/null 2>&1)
status=$?
out=$(tr -d '\r' <<<"$out")
echo "$out" | grep -v '^\[' | tail -n 20
[ "$status" = 0 ] || { echo "FAIL: exit status $status"; exit 1; }
grep -q "INIT-DONE" <<<"$out" || { echo "FAIL: init did not finish"; exit 1; }
grep -q "TOO FEW ALARMS" <<<"$out" && { echo "FAIL: the interval timer did not fire"; exit 1; }
[ "$(grep -c 'interval_timer pause x5 ok' <<<"$out")" = 1 ] || { echo "FAIL: pause() did not return"; exit 1; }
n=$(grep -c 'fork_vsr_preserved pid [0-9]*: 0 bad' <<<"$out")
[ "$n" = 6 ] || { echo "FAIL: $n of 6 processes kept their VSRs and memory"; exit 1; }
cpus=${EXPECT_CPUS:-1}
grep -q "^processors: $cpus\$" <<<"$out" || { echo "FAIL: /proc/cpuinfo does not list $cpus processors"; exit 1; }
n=$(grep -c '^cpu-loop [0-9]* done' <<<"$out")
[ "$n" = "$cpus" ] || { echo "FAIL: $n of $cpus per-CPU loops finished"; exit 1; }
if [ -n "${EXPECT_CPU_LINE:-}" ]; then
  grep -qE -- "^cpu[[:space:]]*: $EXPECT_CPU_LINE" <<<"$out" || { echo "FAIL: cpu line is not /$EXPECT_CPU_LINE/"; exit 1; }
fi
case "${EXPECT_POWER9_INSNS:-}" in
  run) grep -q "power9_instruction darn ran" <<<"$out" && grep -q "modsw -7,3 = -1" <<<"$out" &&
         grep -q "cnttzd 0x100 = 8" <<<"$out" || { echo "FAIL: ISA 3.0 instructions did not run"; exit 1; } ;;
  sigill) grep -q "power9_instruction: killed by signal 4" <<<"$out" &&
            ! grep -q "power9_instruction modsw" <<<"$out" || { echo "FAIL: no SIGILL at modsw"; exit 1; } ;;
esac
echo PASS

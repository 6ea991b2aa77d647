#!/usr/bin/env bash
# Build the C test programs of tests/guests/programs as static ppc64le Linux binaries, run them
# under Debian's kernel on ppcvm, and check what they print.
# usage: guest_programs.sh PPCVM [ppcvm options...]   (exit 77: no ppc64le C library)
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
  $cc -O2 -mcpu=power8 -static "$src" -o "$out" || { echo "FAIL: cannot build $src"; exit 1; }
  progs+=("$out")
done
initrd=$("$top/scripts/build-initramfs.sh" "$top/guests/init-programs.sh" "${progs[@]}") || exit 1
out=$(timeout 300 "$ppcvm" -M pseries -m 1G -nographic -kernel "$VMLINUX" -initrd "$top/$initrd" \
      -append "console=hvc0 quiet" "$@" </dev/null 2>&1)
status=$?
echo "$out" | grep -v '^\[' | tail -n 20
[ "$status" = 0 ] || { echo "FAIL: exit status $status"; exit 1; }
grep -q "INIT-DONE" <<<"$out" || { echo "FAIL: init did not finish"; exit 1; }
grep -q "TOO FEW ALARMS" <<<"$out" && { echo "FAIL: the interval timer did not fire"; exit 1; }
[ "$(grep -c 'interval_timer pause x5 ok' <<<"$out")" = 1 ] || { echo "FAIL: pause() did not return"; exit 1; }
n=$(grep -c 'fork_vsr_preserved pid [0-9]*: 0 bad' <<<"$out")
[ "$n" = 6 ] || { echo "FAIL: $n of 6 processes kept their VSRs and memory"; exit 1; }
echo PASS

#!/usr/bin/env bash
# Boot Debian's ppc64el Linux kernel on the pseries machine and check what it prints.
# usage: boot_debian_kernel.sh PPCVM MODE [ppcvm options...]
#   MODE no-root : no initrd: the kernel must boot to "VFS: Unable to mount root fs", panic,
#                  and ppcvm must exit with status 1 (guest failure) naming the panic.
#   MODE init    : the test initramfs (guests/init-test.sh): its commands must run, then
#                  init powers off (RTAS power-off) and ppcvm exits with status 0.
# EXPECT_MMU (environment, optional): Hash or Radix: the MMU /proc/cpuinfo must name.
# EXTRA_APPEND (environment, optional): words added to the init mode's kernel command line
#   (e.g. disable_radix).
# EXPECT_LINE (environment, optional): one more extended regex the output must match.
set -u
ppcvm=$1 mode=$2; shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/scripts/fetch-guest-images.sh" >/dev/null || { echo "FAIL: cannot fetch the Debian images"; exit 1; }
# shellcheck disable=SC1091
. "$top/guests/cache/images.env"
args=(-M pseries -m 1G -nographic -kernel "$VMLINUX" "$@")
case "$mode" in
  no-root)
    want_status=1
    patterns=("Linux version 6\.1" "Hardware name: IBM pSeries \(emulated by ppcvm\)"
              "VFS: Unable to mount root fs" "guest stopped with a fatal error: OS panic") ;;
  init)
    initrd=$("$top/scripts/build-initramfs.sh" "$top/guests/init-test.sh") || exit 1
    args+=(-initrd "$top/$initrd" -append "console=hvc0 quiet${EXTRA_APPEND:+ $EXTRA_APPEND}")
    want_status=0
    mmu_pattern="MMU.*: Radix|MMU.*: Hash"
    [ -n "${EXPECT_MMU:-}" ] && mmu_pattern="MMU.*: $EXPECT_MMU"
    patterns=("INIT-STARTED" "Linux .* 6\.1\.0" "$mmu_pattern" "1024\+0 records out"
              "5cb58776dd69565a5b6da32d7e0baeba  /tmp/f" "subshell: sub STITUTION"
              "pipeline: 2000" "trap: USR1" "sleep: done" "INIT-DONE" "reboot: Power down") ;;
  *) echo "unknown mode $mode"; exit 2 ;;
esac
[ -n "${EXPECT_LINE:-}" ] && patterns+=("$EXPECT_LINE")
start=$(date +%s.%N)
out=$(timeout 300 "$ppcvm" "${args[@]}" </dev/null 2>&1)
status=$?
end=$(date +%s.%N)
echo "$out" | tail -n 40
echo "boot took $(awk "BEGIN{print $end - $start}") s, exit status $status"
[ "$status" = "$want_status" ] || { echo "FAIL: exit status $status, wanted $want_status"; exit 1; }
for p in "${patterns[@]}"; do
  grep -qE -- "$p" <<<"$out" || { echo "FAIL: output lacks /$p/"; exit 1; }
done
echo PASS

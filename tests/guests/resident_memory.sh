#!/usr/bin/env bash
# Issue 5: a guest with a large memory size (-m 16G) that touches only a little of it must
# start with resident memory proportional to what it touches, not to its memory size.
# usage: resident_memory.sh PPCVM SOURCE.S LIMIT_MIB [ppcvm options...]
# Boots the guest (it must print "DONE" and power off with status 0) and checks the peak
# resident set of the ppcvm process (GNU time's %M) is below LIMIT_MIB. Exit 77 when the
# assembler or /usr/bin/time is missing.
set -u
ppcvm=$1 src=$2 limit_mib=$3; shift 3
for tool in powerpc64-linux-gnu-as powerpc64-linux-gnu-objcopy /usr/bin/time; do
    command -v $tool >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
powerpc64-linux-gnu-as -mregnames -I "$(dirname "$src")" -o "$work/guest.o" "$src" || exit 1
powerpc64-linux-gnu-objcopy -O binary "$work/guest.o" "$work/guest.bin" || exit 1
/usr/bin/time -f "%M" -o "$work/rss" timeout 120 "$ppcvm" "$@" -nographic \
    -bios "$work/guest.bin" </dev/null >"$work/out" 2>&1
status=$?
tail -n 3 "$work/out"
if [ $status != 0 ] || ! grep -q '^DONE' "$work/out"; then
    echo "FAIL: guest did not run to its power-off (exit status $status)"; exit 1
fi
rss_kib=$(tail -n 1 "$work/rss")
echo "peak resident set: $((rss_kib / 1024)) MiB (limit $limit_mib MiB) with $*"
if [ "$rss_kib" -ge $((limit_mib * 1024)) ]; then echo "FAIL"; exit 1; fi
echo "PASS"

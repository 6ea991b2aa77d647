#!/usr/bin/env bash
# Assemble a test guest, boot it on ppcvm, and check its console output and exit status.
# usage: run_guest.sh PPCVM SOURCE.S EXPECTED_STATUS EXPECTED_OUTPUT_REGEX [ppcvm options...]
set -u
ppcvm=$1 src=$2 want_status=$3 want_output=$4; shift 4
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
powerpc64-linux-gnu-as -mregnames -o "$work/guest.o" "$src" || exit 1
powerpc64-linux-gnu-objcopy -O binary "$work/guest.o" "$work/guest.bin" || exit 1
out=$(timeout 60 "$ppcvm" "$@" -bios "$work/guest.bin" -nographic </dev/null 2>&1)
status=$?
echo "$out"
if [ "$status" != "$want_status" ]; then echo "FAIL: exit status $status, wanted $want_status"; exit 1; fi
if ! grep -qE -- "$want_output" <<<"$out"; then echo "FAIL: output lacks /$want_output/"; exit 1; fi
echo "PASS"

#!/usr/bin/env bash
# Run tests/api/api_debian_boot.cpp (Debian's kernel booted by an embedding program that serves
# the console hypercalls itself) on the cached guest images. Exit 77 (skipped) when the images
# were not fetched (scripts/fetch-guest-images.sh).
# usage: api_debian_boot.sh PROGRAM [CPU] [VCPUS] [EXTRA_CMDLINE]
set -u
program=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
env_file="$top/guests/cache/images.env"
[ -f "$env_file" ] || { echo "SKIP: no guest images (scripts/fetch-guest-images.sh)"; exit 77; }
# shellcheck disable=SC1090
. "$env_file"
[ -f "${VMLINUX:-}" ] && [ -f "${BUSYBOX:-}" ] || { echo "SKIP: guest images missing"; exit 77; }
initrd=$("$top/scripts/build-initramfs.sh" "$top/guests/init-test.sh") || exit 1
start=$(date +%s.%N)
"$program" "$VMLINUX" "$top/$initrd" "$@"
status=$?
echo "boot took $(awk "BEGIN{print $(date +%s.%N) - $start}") s, exit status $status"
exit $status

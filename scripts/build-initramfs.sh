#!/usr/bin/env bash
# Build guests/cache/initrd.cpio.gz: Debian's static ppc64el busybox and an /init script.
# usage: scripts/build-initramfs.sh [INIT_SCRIPT [EXTRA_PROGRAM...]]
#   EXTRA_PROGRAMs (e.g. static test programs built by tests/guests) are copied to /bin.
#   INIT_SCRIPT (default guests/init-shell.sh) becomes /init; guests/init-test.sh runs the
#   automated checks and powers off.
# Fetches the images first (scripts/fetch-guest-images.sh, cached).
set -euo pipefail
cd "$(dirname "$0")/.."
init_script=${1:-guests/init-shell.sh}
shift $(( $# > 0 ? 1 : 0 ))
scripts/fetch-guest-images.sh >/dev/null
# shellcheck disable=SC1091
. guests/cache/images.env
name=$(basename "$init_script" .sh)
out=guests/cache/initrd-$name.cpio.gz
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,root}
cp "$BUSYBOX" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
cp "$init_script" "$root/init"
for prog in "$@"; do
    cp "$prog" "$root/bin/"
    chmod 755 "$root/bin/$(basename "$prog")"
done
chmod 755 "$root/init"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet | gzip -9) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"

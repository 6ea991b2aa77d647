#!/usr/bin/env bash
# Fetch real ppc64el guest software from Debian into guests/cache/ (gitignored): the current
# Debian 6.1 kernel image for powerpc64le and busybox-static. Used by the disassembler
# comparison (scripts/disasm-compare.sh) and by guest boot tests.
#
# Idempotent and cached: packages already downloaded and extracted are not fetched again.
# Needs root only the first time, to enable the ppc64el architecture in dpkg/apt (multiarch);
# nothing is installed, packages are only downloaded and unpacked with dpkg-deb -x.
#
# Afterwards guests/cache/images.env holds shell assignments for the extracted files:
#   DEBIAN_KERNEL_PACKAGE, VMLINUX (ELF kernel), BUSYBOX (static ppc64el busybox binary)
set -euo pipefail
cd "$(dirname "$0")/.."
cache=guests/cache
mkdir -p "$cache/debs" "$cache/root"

if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
  if [ "$(id -u)" != 0 ]; then
    echo "fetch-guest-images: run as root once to enable the ppc64el architecture" >&2
    exit 1
  fi
  dpkg --add-architecture ppc64el
  # A mirror in mid-sync can fail one index (e.g. the security suite); the main suite's lists
  # are enough to find and download the packages.
  apt-get update || echo "fetch-guest-images: apt-get update reported errors; continuing" >&2
fi

# The newest linux-image-6.1.0-N-powerpc64le the archive offers (not -dbg, not -unsigned).
pick_kernel() {
  apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-powerpc64le$' | awk '{print $1}' |
    sort -V | tail -n 1
}
kernel_pkg=$(pick_kernel)
if [ -z "$kernel_pkg" ] && [ "$(id -u)" = 0 ]; then
  # The architecture was enabled earlier but its package lists are missing.
  apt-get update || echo "fetch-guest-images: apt-get update reported errors; continuing" >&2
  kernel_pkg=$(pick_kernel)
fi
if [ -z "$kernel_pkg" ]; then
  echo "fetch-guest-images: no linux-image-6.1.0-*-powerpc64le in the apt lists" >&2
  exit 1
fi

fetch() {  # fetch PACKAGE:ARCH into $cache/debs unless a .deb of it is already there
  local pkg=${1%%:*}
  if ! ls "$cache/debs/${pkg}_"*_ppc64el.deb >/dev/null 2>&1; then
    local try
    for try in 1 2 3; do
      (cd "$cache/debs" && apt-get download "$1") && break
      [ "$try" = 3 ] && return 1
      sleep 5
    done
  fi
  local deb
  deb=$(ls "$cache/debs/${pkg}_"*_ppc64el.deb | sort -V | tail -n 1)
  local dest="$cache/root/$pkg"
  if [ ! -e "$dest/.extracted" ] || [ "$(cat "$dest/.extracted")" != "$(basename "$deb")" ]; then
    rm -rf "$dest"
    mkdir -p "$dest"
    dpkg-deb -x "$deb" "$dest"
    basename "$deb" >"$dest/.extracted"
  fi
}

fetch "$kernel_pkg:ppc64el"
fetch "busybox-static:ppc64el"

vmlinux=$(ls "$cache/root/$kernel_pkg/boot/"vmlinu[xz]-* | head -n 1)
busybox="$cache/root/busybox-static/bin/busybox"
[ -f "$vmlinux" ] && [ -f "$busybox" ]
{
  echo "DEBIAN_KERNEL_PACKAGE=$kernel_pkg"
  echo "VMLINUX=$PWD/$vmlinux"
  echo "BUSYBOX=$PWD/$busybox"
} >"$cache/images.env"
cat "$cache/images.env"

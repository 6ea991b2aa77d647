#!/usr/bin/env bash
# Installs everything ppcvm needs on a fresh Debian 12 machine (run as root or with sudo).
# Build:   cmake, g++, GoogleTest, libfdt, xbyak (JIT assembler), CLI11, fmt.
# Test:    clang + libFuzzer runtime (sanitizers/fuzzing), PowerPC cross toolchains for test guests,
#          QEMU (user and system) as the differential oracle, gdb-multiarch as a debugger client.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
PKGS=(
  build-essential cmake ninja-build pkg-config git
  libgtest-dev libgmock-dev
  libfdt-dev device-tree-compiler
  libxbyak-dev libcli11-dev libfmt-dev
  clang libclang-rt-14-dev
  gcc-powerpc64le-linux-gnu gcc-powerpc64-linux-gnu gcc-powerpc-linux-gnu
  binutils-powerpc64le-linux-gnu binutils-powerpc64-linux-gnu binutils-powerpc-linux-gnu
  qemu-user qemu-system-ppc qemu-system-data
  gdb-multiarch cpio xz-utils gzip python3 time tmux libc6-dev-ppc64el-cross
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

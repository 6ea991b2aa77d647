#!/usr/bin/env bash
# The README's main command: install what is missing, build, fetch Debian's ppc64el kernel
# and busybox, and boot them on ppcvm's pseries machine (POWER9, radix MMU). The initramfs's
# init (guests/init-test.sh) runs a few commands (processes, pipes, signals, timers) and powers
# the machine off, and ppcvm exits 0. For an interactive shell instead:
#   build/ppcvm -M pseries -cpu POWER9 -m 1G -nographic -kernel "$VMLINUX" \
#       -initrd "$(scripts/build-initramfs.sh guests/init-shell.sh)" -append console=hvc0
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
build/ppcvm -M pseries -cpu POWER9 -m 1G --describe
scripts/fetch-guest-images.sh >/dev/null
# shellcheck disable=SC1091
. guests/cache/images.env
initrd=$(scripts/build-initramfs.sh guests/init-test.sh)
echo "+ build/ppcvm -M pseries -cpu POWER9 -m 1G -nographic -kernel $VMLINUX -initrd $initrd -append 'console=hvc0 quiet'"
log=$(mktemp)
set +e
build/ppcvm -M pseries -cpu POWER9 -m 1G -nographic -kernel "$VMLINUX" -initrd "$initrd" \
    -append "console=hvc0 quiet" </dev/null 2>&1 | tee "$log"
set -e
if grep -q "INIT-DONE" "$log" && grep -q "reboot: Power down" "$log"; then
    echo "main job: Debian's kernel booted, its busybox init ran to the end and powered off"
    rm -f "$log"
    exit 0
fi
echo "main job: the guest did not reach the end of its init" >&2
rm -f "$log"
exit 1

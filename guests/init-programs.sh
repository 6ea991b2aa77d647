#!/bin/busybox sh
# /init of the guest-programs initramfs (tests/guests/guest_programs.sh): runs the static test
# programs of tests/guests/programs, then powers off.
/bin/busybox --install -s
mount -t proc proc /proc
echo "INIT-STARTED"
/bin/interval_timer
/bin/fork_vsr_preserved 1 1
/bin/fork_vsr_preserved 2 0
/bin/fork_vsr_preserved 3 1
echo "INIT-DONE"
poweroff -f

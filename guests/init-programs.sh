#!/bin/busybox sh
# /init of the guest-programs initramfs (tests/guests/guest_programs.sh): runs the static test
# programs of tests/guests/programs and a busy loop pinned to each CPU, then powers off.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo "INIT-STARTED"
grep -m1 '^cpu' /proc/cpuinfo
echo "processors: $(grep -c '^processor' /proc/cpuinfo)"
/bin/interval_timer
/bin/fork_vsr_preserved 1 1
/bin/fork_vsr_preserved 2 0
/bin/fork_vsr_preserved 3 1
/bin/power9_instruction || echo "power9_instruction: killed by signal $(($? - 128))"
# A busy loop on each CPU at the same time; each must finish.
for c in $(seq 0 $(($(nproc) - 1))); do
    taskset -c "$c" sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i + 1)); done; echo "cpu-loop $0 done"' "$c" &
done
wait
echo "INIT-DONE"
poweroff -f

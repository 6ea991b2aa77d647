#!/bin/busybox sh
# /init of the test initramfs: runs a fixed set of commands whose output the boot test checks
# (tests/guests/boot_debian_kernel.sh), then powers the machine off through RTAS, which makes
# ppcvm exit with status 0.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo "INIT-STARTED"
uname -a
grep -E '^(cpu|model|platform|MMU)' /proc/cpuinfo
dd if=/dev/zero of=/dev/null bs=1024 count=1024
echo "ppcvm" > /tmp/f && md5sum /tmp/f
# Processes: fork for subshells and command substitution, pipes between forked children,
# signals delivered to a shell trap, and a timer sleep (decrementer wake-ups).
x=$(echo sub; echo stitution | tr a-z A-Z)
echo "subshell: $x" | tr '\n' ' '; echo
seq 1 2000 | sort -rn | head -n 1 | sed 's/^/pipeline: /'
trap 'echo "trap: USR1"' USR1
kill -USR1 $$
( sleep 1; echo "sleep: done" ) &
wait
echo "INIT-DONE"
poweroff -f

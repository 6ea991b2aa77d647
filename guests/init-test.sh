#!/bin/busybox sh
# /init of the test initramfs: runs a fixed set of commands whose output the boot test checks,
# then powers off.
/bin/busybox --install -s
mount -t proc proc /proc
echo "INIT-STARTED"
uname -a
grep -E '^(cpu|model|platform|MMU)' /proc/cpuinfo
dd if=/dev/zero of=/dev/null bs=1024 count=1024 2>&1 | tail -n 1
echo "ppcvm" > /tmp/f && md5sum /tmp/f
echo "INIT-DONE"
poweroff -f

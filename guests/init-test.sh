#!/bin/busybox sh
# /init of the test initramfs: runs a fixed set of commands whose output the boot test checks.
# It ends by exiting, which panics the kernel ("Attempted to kill init") and makes ppcvm exit
# with status 1 through ibm,os-term. (`poweroff -f` does not complete yet on ppcvm: the
# kernel never reaches its RTAS power-off call; see the issue notes.)
/bin/busybox --install -s
mount -t proc proc /proc
mount -t devtmpfs dev /dev
echo "INIT-STARTED"
uname -a
grep -E '^(cpu|model|platform|MMU)' /proc/cpuinfo
dd if=/dev/zero of=/dev/null bs=1024 count=1024
echo "ppcvm" > /tmp/f && md5sum /tmp/f
echo "INIT-DONE"
exit 0

#!/bin/busybox sh
# /init of the interactive initramfs: busybox applets, /proc and /sys, then a shell on the
# console.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "ppcvm initramfs: $(uname -sr) on $(grep -m1 '^cpu' /proc/cpuinfo)"
exec /bin/sh

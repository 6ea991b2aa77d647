# The smallest 64-bit little-endian ELFv2 "kernel" for the command-line tests (tiny-kernel-le64.elf,
# 624 bytes, linked where Linux links vmlinux). It is never run: the tests feed it, truncated and
# patched, to the checks that come before a guest starts. Rebuild with:
#   powerpc64le-linux-gnu-gcc -static -nostdlib -s -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 \
#     -Wl,-z,norelro -Wl,-Ttext-segment=0xc000000000000000 tiny-kernel.S -o tiny-kernel-le64.elf
    .abiversion 2
    .text
    .globl _start
_start:
    li 3, 42
    li 0, 1
    sc
    b _start
    .data
val: .long 0x12345678
    .bss
buf: .space 256

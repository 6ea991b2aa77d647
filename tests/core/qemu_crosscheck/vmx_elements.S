# Cross-check of the VMX element loads/stores at every alignment (Power ISA 3.1 Book I 6.7.2,
# 6.7.3), in both byte orders. Writes 2304 bytes to stdout: for lvebx, lvehx, lvewx and
# k = 0..15, VRT (preset to all 0xff) after loading from pattern+k, stored with stvx; then for
# stvebx, stvehx, stvewx and k = 0..15, the 32-byte buffer (preset to 0xfe) after storing
# element k of the vector 0xa0..0xaf at buf+k. Both images are in the program's byte order.
# Big-endian (32-bit, the 7400's original AltiVec):
#   powerpc-linux-gnu-gcc -static -nostdlib -DBE vmx_elements.S -o e_be && qemu-ppc -cpu 7400 ./e_be | xxd -p
# Little-endian:
#   powerpc64le-linux-gnu-gcc -static -nostdlib -mcpu=power9 vmx_elements.S -o e_le && qemu-ppc64le -cpu power9 ./e_le | xxd -p
# The outputs are tests/core/data/vmx_elements_qemu_{be,le}.txt, replayed by vmx_test.cpp.
#ifndef BE
    .abiversion 2
#endif
    .section .data
    .balign 16
pattern: .byte 0x40,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4a,0x4b,0x4c,0x4d,0x4e,0x4f
source:  .byte 0xa0,0xa1,0xa2,0xa3,0xa4,0xa5,0xa6,0xa7,0xa8,0xa9,0xaa,0xab,0xac,0xad,0xae,0xaf
buf:     .space 32
out:     .space 2304
    .text
    .globl _start
_start:
    lis 4,pattern@ha
    addi 4,4,pattern@l
    lis 9,out@ha
    addi 9,9,out@l
    lis 10,buf@ha
    addi 10,10,buf@l
    lis 11,source@ha
    addi 11,11,source@l
    li 6,16

    .macro LOADS insn
    li 5,0
1:  vspltisb 1,-1
    \insn 1,4,5
    stvx 1,0,9
    addi 9,9,16
    addi 5,5,1
    cmpwi 5,16
    blt 1b
    .endm
    LOADS lvebx
    LOADS lvehx
    LOADS lvewx

    lvx 2,0,11
    .macro STORES insn
    li 5,0
2:  vspltisb 3,-2
    stvx 3,0,10
    stvx 3,10,6
    \insn 2,10,5
    lvx 4,0,10
    stvx 4,0,9
    lvx 4,10,6
    stvx 4,9,6
    addi 9,9,32
    addi 5,5,1
    cmpwi 5,16
    blt 2b
    .endm
    STORES stvebx
    STORES stvehx
    STORES stvewx

    li 0,4              # write(1, out, 2304)
    li 3,1
    lis 4,out@ha
    addi 4,4,out@l
    li 5,2304
    sc
    li 0,1              # exit(0)
    li 3,0
    sc

# Cross-check for load_store_test.cpp (big-endian): run with
#   powerpc64-linux-gnu-gcc -static -nostdlib lmw_string.S -o lmw_string && qemu-ppc64 ./lmw_string | xxd
# Prints 8-byte doublewords: lmw r29..r31, lswi r31/r0 (wrap), lswx r10/r11 (BC=5),
# lswx BC=0 (r12 untouched), then the 16 bytes after stswi 5 / stswx 3.
    .abiversion 2         # ELFv2: the entry point is code, not a function descriptor
    .section .data
    .balign 16
pattern: .byte 0x81,0x82,0x83,0x84,0x85,0x86,0x87,0x88,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,0x10
out:     .space 64
strbuf:  .fill 16,1,0xee
    .text
    .globl _start
_start:
    lis 4,pattern@highest
    ori 4,4,pattern@higher
    rldicr 4,4,32,31
    oris 4,4,pattern@h
    ori 4,4,pattern@l
    addi 9,4,16            # out
    lmw 29,0(4)
    std 29,0(9)
    std 30,8(9)
    li 0,-1
    lswi 31,4,7
    std 31,16(9)
    std 0,24(9)
    li 5,5
    mtxer 5
    li 6,0
    lswx 10,4,6
    std 10,32(9)
    std 11,40(9)
    li 5,0
    mtxer 5
    li 12,0x1234
    lswx 12,4,6
    std 12,48(9)
    addi 7,9,64            # strbuf
    lis 20,0xa1a2
    ori 20,20,0xa3a4
    lis 21,0xb1b2
    ori 21,21,0xb3b4
    stswi 20,7,5
    li 5,3
    mtxer 5
    li 8,8
    stswx 21,7,8
    li 0,4                 # write(1, out, 80)
    li 3,1
    mr 4,9
    li 5,80
    sc
    li 0,1
    li 3,0
    sc

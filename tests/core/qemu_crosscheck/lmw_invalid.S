# lmw with RA in the loaded range (invalid form). powerpc64-linux-gnu-gcc -static -nostdlib lmw_invalid.S -o lmw_invalid && qemu-ppc64 -cpu power9 ./lmw_invalid | xxd
# QEMU 7.2: 0000000081828384 0000000085868788 00000000090a0b0c 000000000d0e0f10 (r28..r31).
    .abiversion 2
    .section .data
    .balign 16
pattern: .byte 0x81,0x82,0x83,0x84,0x85,0x86,0x87,0x88,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,0x10
out: .space 32
    .text
    .globl _start
_start:
    lis 30,pattern@highest
    ori 30,30,pattern@higher
    rldicr 30,30,32,31
    oris 30,30,pattern@h
    ori 30,30,pattern@l
    mr 9,30
    .long 0xbb9e0000       # lmw r28,0(r30): RA=r30 in range (invalid form)
    std 28,16(9)
    std 29,24(9)
    std 30,32(9)
    std 31,40(9)
    li 0,4
    li 3,1
    addi 4,9,16
    li 5,32
    sc
    li 0,1
    li 3,0
    sc

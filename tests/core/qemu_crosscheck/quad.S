# Cross-check (little-endian): lq/stq register order, lqarx/stqcx., lharx/sthcx., CR0 after a
# failing stwcx., pld/pla PC-relative. Run with
#   powerpc64le-linux-gnu-gcc -static -nostdlib -mcpu=power10 quad.S -o quad && qemu-ppc64le -cpu power10 ./quad | xxd
    .abiversion 2         # ELFv2: the entry point is code, not a function descriptor
    .section .data
    .balign 16
pattern: .byte 0x81,0x82,0x83,0x84,0x85,0x86,0x87,0x88,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,0x10
out:     .space 96
    .text
    .globl _start
_start:
    pla 4,pattern@pcrel
    pla 9,out@pcrel
    lq 6,0(4)
    std 6,0(9)             # high doubleword (EA+8 in LE)
    std 7,8(9)
    stq 6,16(9)            # stores the quadword back unchanged
    li 10,0
    lharx 3,4,10
    std 3,32(9)
    li 3,0x55
    sthcx. 3,4,10
    mfcr 3
    std 3,40(9)            # CR: 0x20000000 (EQ) on success
    sthcx. 3,4,10          # no reservation: fails
    mfcr 3
    std 3,48(9)
    pld 3,pattern@pcrel
    std 3,56(9)
    lqarx 6,0,4
    addi 7,7,1
    stqcx. 6,0,4
    mfcr 3
    std 3,64(9)
    ld 3,0(4)
    std 3,72(9)
    li 0,4
    li 3,1
    mr 4,9
    li 5,80
    sc
    li 0,1
    li 3,0
    sc

# Cross-check of lwat/ldat/stwat/stdat (little-endian). Run with
#   powerpc64le-linux-gnu-gcc -static -nostdlib -mcpu=power9 amo.S -o amo && qemu-ppc64le -cpu power9 ./amo | xxd
# Output: 8 doublewords of results (see load_store_test.cpp AtomicMemoryOperations), then the
# 32-byte memory image.
    .abiversion 2
    .section .data
    .balign 16
mem:  .long 10, 20, 7, 7, 5, 5, -3, 0
out:  .space 64
    .text
    .globl _start
_start:
    lis 4,mem@highest
    ori 4,4,mem@higher
    rldicr 4,4,32,31
    oris 4,4,mem@h
    ori 4,4,mem@l
    addi 9,4,32
    li 11,5
    lwat 10,4,0          # fetch and add: r10=10, mem[0]=15
    std 10,0(9)
    addi 20,4,8
    lwat 10,20,24        # inc bounded on (7,7): equal -> r10=0x80000000, no change
    std 10,8(9)
    addi 20,4,16
    lwat 10,20,25        # inc equal on (5,5): r10=5, mem[4]=6
    std 10,16(9)
    li 11,20
    li 12,99
    addi 20,4,4
    lwat 10,20,16        # cas not equal: mem[1]=20 == r11 -> unchanged, r10=20
    std 10,24(9)
    li 3,-10
    addi 20,4,24
    stwat 3,20,5         # store max signed: max(-3,-10) = -3 (unchanged)
    li 3,4
    stwat 3,20,7         # store min signed: min(-3,4) = -3
    li 3,100
    stwat 3,20,4         # store max unsigned: max(0xfffffffd,100) = 0xfffffffd
    li 3,42
    addi 20,4,8
    stwat 3,20,24        # store twin on (7,7): both 42
    li 30,1
    li 31,2
    li 29,77
    ldat 29,4,8          # swap doubleword at mem: r29 = old (0x14_0000000f), mem = r30 = 1
    std 29,32(9)
    li 0,4
    li 3,1
    mr 4,4
    li 5,72
    sc
    li 0,1
    li 3,0
    sc

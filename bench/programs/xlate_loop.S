# Loads and stores through translated addresses on a pseries (PAPR) partition: a system-mode
# guest booted with -bios (loaded at 0x100, big-endian, real mode; for QEMU pad the image with
# 0x100 zero bytes, as QEMU loads -bios at 0).
#   -DMODE_HASH:  64 4K pages entered with H_ENTER into the HPT of the hypervisor, one SLB entry
#                 (run with -cpu POWER8: a hash partition on ppcvm and QEMU alike)
#   -DMODE_RADIX: a 4-level radix tree (13/9/9/9 bits, 4K pages) registered with
#                 H_REGISTER_PROC_TBL (run with -cpu POWER9)
# Both map a 256 KiB buffer at EA 0xc000000010000000 -> real 0x1000000 and, with MSR[DR]=1
# (instructions are fetched in real mode), walk it OUTER times exactly as ldst_loop.S does:
# 9 instructions per 16 bytes, 4 of them memory accesses. The guest times the loop itself
# with the timebase (512 MHz on both) and prints
#   "T=<16 hex digits>\n" the loop's timebase ticks, "S=<16 hex digits>\n" the checksum,
# then powers off through RTAS. Exit status 0; on a failed setup step "FAIL <letter>".
#ifndef OUTER
#define OUTER 2000
#endif
    .text
_start:
    b       main
    .org    0x300 - 0x100           # any storage interrupt is a failure
    li      29, 'D'
    b       fail
    .org    0x380 - 0x100
    li      29, 'S'
    b       fail

    .org    0x1000 - 0x100
main:
    mfmsr   9                       # 64-bit mode (QEMU enters -bios with MSR[SF]=0)
    li      10, 1
    rldimi  9, 10, 63, 0
    mtmsrd  9
    bl      1f
1:  mflr    30
    addi    30, 30, data - 1b       # r30 = data
    lis     8, 0xc000
    sldi    8, 8, 32
    oris    8, 8, 0x1000            # r8 = EA of the buffer, 0xc000000010000000
    lis     24, 0x100               # r24 = real address of the buffer, 0x1000000
    .set    PAGES, 64

#ifdef MODE_HASH
    # HPT size: the smallest power-of-two PTEX H_READ refuses.
    li      29, 'a'
    li      25, 8
2:  li      3, 0x0c
    li      4, 0
    mr      5, 25
    sc      1
    cmpdi   3, -4
    beq     3f
    cmpdi   3, 0
    bne     fail
    sldi    25, 25, 1
    b       2b
3:  srdi    26, 25, 3
    addi    26, 26, -1              # PTEG index mask
    # One 256 MB segment: ESID of r8, VSID 0x4321, 4K pages.
    li      6, 0x4321
    sldi    6, 6, 12
    lis     7, 0x0800               # V (bit 36)
    or      7, 7, 8                 # ESID = EA bits 0:35
    slbmte  6, 7
    # H_ENTER(0, ptex, pteh, ptel) for each page i: hash = VSID ^ i; AVPN = VSID << 5
    # (segment offsets < 8 MiB), at bit 56: VSID << 12.
    li      29, 'b'
    li      27, 0
4:  xori    5, 27, 0x4321
    and     5, 5, 26
    sldi    5, 5, 3
    li      6, 0x4321
    sldi    6, 6, 12
    ori     6, 6, 1                 # V
    sldi    7, 27, 12
    add     7, 7, 24
    ori     7, 7, 0x192             # R | C | M | pp=2
    li      4, 0
    li      3, 0x08
    sc      1
    cmpdi   3, 0
    bne     fail
    addi    27, 27, 1
    cmpdi   27, PAGES
    blt     4b
#endif

#ifdef MODE_RADIX
    # Tables (zeroed RAM): process table 0x400000 (4 KiB), root 0x410000 (2^13 entries),
    # then one directory per level at 0x420000, 0x421000 and the PTEs at 0x422000.
    lis     20, 0x40                # process table
    lis     21, 0x41                # root
    lis     22, 0x42                # level 2
    addi    23, 22, 0x1000          # level 3
    addi    19, 22, 0x2000          # level 4 (PTEs)
    # Process table entry 0 (quadrant 3 uses PID 0): RTS = 52 (RTS1=2 bits 1:2, RTS2=5 bits
    # 56:58), RPDB = root, RPDS = 13.
    li      9, 2
    sldi    9, 9, 61
    or      9, 9, 21
    ori     9, 9, (5 << 5) | 13
    std     9, 0(20)
    # EA 0xc000000010000000 without the quadrant: 0x10000000. Root index = bits 51:39 = 0,
    # level 2 index = (ea >> 30) & 0x1ff = 0, level 3 = (ea >> 21) & 0x1ff = 0x80,
    # level 4 = (ea >> 12) & 0x1ff = 0 .. 63.
    li      9, 1
    sldi    9, 9, 63                # V
    or      10, 9, 22
    ori     10, 10, 9               # NLB = level 2, NLS = 9
    std     10, 0(21)
    or      10, 9, 23
    ori     10, 10, 9
    std     10, 0(22)
    or      10, 9, 19
    ori     10, 10, 9
    std     10, 0x80 * 8(23)
    li      27, 0
    li      11, 1
    sldi    11, 11, 62
    or      11, 11, 9               # V | L
    ori     11, 11, 0x186           # R | C | read | read/write
4:  sldi    10, 27, 12
    add     10, 10, 24
    or      10, 10, 11
    sldi    12, 27, 3
    stdx    10, 19, 12
    addi    27, 27, 1
    cmpdi   27, PAGES
    blt     4b
    # H_REGISTER_PROC_TBL(NEW | RADIX | GTSE, table, page size 0, table size 2^(12+0)).
    li      29, 'r'
    li      3, 0x37c
    li      4, 0x18 | 0x04 | 0x01
    mr      5, 20
    li      6, 0
    li      7, 0
    sc      1
    cmpdi   3, 0
    bne     fail
#endif

    # ---- the loop, data relocation on ----
    li      29, 'l'
    mfmsr   28
    ori     27, 28, 0x10            # MSR[DR]
    lis     10, (OUTER) >> 16
    ori     10, 10, (OUTER) & 0xffff
    li      6, 1                    # checksum
    mtmsrd  27
    mftb    26
2:  li      4, PAGES * 4096 / 16
    mtctr   4
    mr      9, 8
1:  ld      7, 0(9)
    add     6, 6, 7
    addi    7, 7, 3
    std     7, 0(9)
    ld      11, 8(9)
    xor     6, 6, 11
    std     6, 8(9)
    addi    9, 9, 16
    bdnz    1b
    addi    10, 10, -1
    cmpdi   10, 0
    bne     2b
    mftb    25
    mtmsrd  28
    subf    25, 26, 25
    mr      14, 6
    li      3, 'T'
    mr      4, 25
    bl      print_hex
    li      3, 'S'
    mr      4, 14
    bl      print_hex
    addi    4, 30, poweroff - data
    lis     3, 0
    ori     3, 3, 0xf000
    sc      1
    li      29, 'p'
    b       fail

# print "<r3>=<r4 as 16 hex digits>\n" (three H_PUT_TERM_CHAR calls)
print_hex:
    mflr    18
    mr      17, 4
    sldi    6, 3, 56
    li      9, '='
    sldi    9, 9, 48
    or      6, 6, 9
    li      5, 2
    li      7, 0
    li      3, 0x58
    lis     4, 0x7100
    sc      1
    li      16, 0                   # the 16 digits into r6 || r7
    li      6, 0
    li      7, 0
    li      15, 16
5:  rldicl  17, 17, 4, 0            # next nibble into the low bits
    andi.   9, 17, 0xf
    addi    9, 9, '0'
    cmpdi   9, '9'
    ble     6f
    addi    9, 9, 'a' - '0' - 10
6:  sldi    6, 6, 8                 # shift r6||r7 left by a byte, append r9
    rldicl  10, 7, 8, 56
    or      6, 6, 10
    sldi    7, 7, 8
    or      7, 7, 9
    addi    15, 15, -1
    cmpdi   15, 0
    bne     5b
    li      3, 0x58
    lis     4, 0x7100
    li      5, 16
    sc      1
    li      3, 0x58
    lis     4, 0x7100
    li      5, 1
    li      6, 0x0a
    sldi    6, 6, 56
    li      7, 0
    sc      1
    mtlr    18
    blr

fail:
    li      3, 0x58
    lis     4, 0x7100
    li      5, 7
    ld      6, failmsg - data(30)
    sldi    29, 29, 16
    or      6, 6, 29
    ori     6, 6, 0x0a00
    li      7, 0
    sc      1
9:  b       9b

    .balign 8
data:
failmsg:
    .ascii  "FAIL \0\0\0"
poweroff:
    .long   0x2003, 2, 1, 0, 0, 0xffffffff

# A PAPR guest that builds its own translations with the page frame table hypercalls
# (LoPAPR 14.5.4.1) on a hash partition (-cpu POWER8): it finds the HPT size with H_READ
# (H_PARAMETER beyond the table), enters a 4K page and a 64K page with H_ENTER, loads and
# stores through them with data relocation on, checks the data reached the right real pages,
# H_REMOVEs the 4K page (checking the old HPTE it returns, with R and C set), then touches it
# again and must take a Data Storage interrupt with DAR = that address and DSISR = "no
# translation". The DSI handler prints "HPT OK" and powers off: exit status 0.
# Loaded with -bios at 0x100, big-endian, real mode, 64-bit. The same image, padded with 0x100
# zero bytes (QEMU loads -bios at 0), also passes on qemu-system-ppc64 -M pseries -cpu POWER8.
    .text
    .globl _start
_start:                             # 0x100
    b       main

    .org    0x300 - 0x100           # Data Storage interrupt
dsi:
    li      29, 'D'
    mfspr   5, 19                   # DAR
    cmpd    5, 20                   # the EA whose HPTE was removed
    bne     fail
    mfspr   5, 18                   # DSISR
    lis     6, 0x4000               # bit 1: no translation found
    cmpw    5, 6
    bne     fail
    mfspr   5, 26                   # SRR0
    cmpd    5, 21                   # the faulting load
    bne     fail
    li      3, 0x58                 # H_PUT_TERM_CHAR "HPT OK\n"
    lis     4, 0x7100
    li      5, 7
    ld      6, okmsg - data(30)
    li      7, 0
    sc      1
    addi    4, 30, poweroff - data  # RTAS power-off through H_RTAS
    lis     3, 0
    ori     3, 3, 0xf000
    sc      1
    b       fail

    .org    0x380 - 0x100           # Data Segment
    li      29, 's'
    b       fail
    .org    0x400 - 0x100           # Instruction Storage
    li      29, 'i'
    b       fail
    .org    0x480 - 0x100           # Instruction Segment
    li      29, 'j'
    b       fail
    .org    0x700 - 0x100           # Program
    li      29, 'p'
    b       fail

    .org    0x1000 - 0x100
main:
    bl      1f
1:  mflr    30
    addi    30, 30, data - 1b       # r30 = data

    # ---- HPT size: the smallest power-of-two PTEX that H_READ refuses ----
    li      29, 'a'
    li      25, 8
2:  li      3, 0x0c                 # H_READ(flags 0, ptex)
    li      4, 0
    mr      5, 25
    sc      1
    cmpdi   3, -4                   # H_PARAMETER: beyond the table
    beq     3f
    cmpdi   3, 0
    bne     fail
    sldi    25, 25, 1
    b       2b
3:  srdi    26, 25, 3
    addi    26, 26, -1              # r26 = PTEG index mask (entries / 8 - 1)

    # ---- segments: ESID 1 (EA 0x1000_0000) 4K pages, VSID 0x1234;
    #      ESID 2 (EA 0x2000_0000) 64K pages (SLB L=1, LP=01), VSID 0x5678 ----
    li      6, 0x1234
    sldi    6, 6, 12                # VSID in bits 2:51, Ks=Kp=0
    lis     7, 0x1000
    oris    7, 7, 0x0800            # ESID 1 | V (bit 36)
    ori     7, 7, 0                 # SLB index 0
    slbmte  6, 7
    li      6, 0x5678
    sldi    6, 6, 12
    ori     6, 6, 0x110             # L | LP=01: 64K base pages
    lis     7, 0x2000
    oris    7, 7, 0x0800
    ori     7, 7, 1                 # SLB index 1
    slbmte  6, 7

    # ---- known data in the real pages: 4K page at 0x100000, 64K page at 0x200000 ----
    lis     8, 0x10
    ld      9, pattern1 - data(30)
    std     9, 8(8)
    lis     8, 0x20
    ld      9, pattern2 - data(30)
    std     9, 0x4008(8)

    # ---- H_ENTER(0, ptex, pteh, ptel) with a PTEX beyond the table: H_PARAMETER ----
    li      29, 'b'
    li      3, 0x08
    li      4, 0
    mr      5, 25
    li      6, 1
    lis     7, 0x10
    ori     7, 7, 0x12
    sc      1
    cmpdi   3, -4
    bne     fail

    # ---- H_ENTER the 4K page EA 0x10003000 -> real 0x100000 ----
    li      29, 'c'
    li      5, 0x1234               # hash = VSID ^ (segment offset >> 12)
    xori    5, 5, 0x3
    and     5, 5, 26
    sldi    5, 5, 3                 # PTEX: the primary PTEG's first slot
    li      6, 0x1234               # AVPN = VA >> 23 = VSID << 5, at bit 56: VSID << 12
    sldi    6, 6, 12
    ori     6, 6, 1                 # V
    mr      22, 6
    lis     7, 0x10
    ori     7, 7, 0x12              # RPN 0x100000 | WIMG=0010 | pp=2
    li      4, 0
    li      3, 0x08
    sc      1
    cmpdi   3, 0
    bne     fail
    mr      23, 4                   # the PTEX H_ENTER chose

    # ---- H_ENTER the 64K page EA 0x20000000 -> real 0x200000 ----
    li      29, 'd'
    li      5, 0x5678               # hash = VSID ^ (offset >> 16) = VSID
    and     5, 5, 26
    sldi    5, 5, 3
    li      6, 0x5678
    sldi    6, 6, 12
    ori     6, 6, 5                 # L | V
    lis     7, 0x20
    ori     7, 7, 0x1012            # RPN 0x200000 | LP=0001 (64K) | M | pp=2
    li      4, 0
    li      3, 0x08
    sc      1
    cmpdi   3, 0
    bne     fail

    # ---- data relocation on: load and store through both pages ----
    li      29, 'e'
    mfmsr   10
    ori     11, 10, 0x10            # MSR[DR]
    lis     12, 0x1000
    ori     12, 12, 0x3000          # EA 0x10003000 (4K page)
    lis     14, 0x2000              # EA 0x20000000 (64K page)
    mtmsrd  11
    ld      13, 8(12)
    ld      15, 0x4008(14)
    std     13, 0x4010(14)
    std     15, 16(12)
    mtmsrd  10
    li      29, 'f'
    ld      9, pattern1 - data(30)
    cmpd    13, 9
    bne     fail
    ld      9, pattern2 - data(30)
    cmpd    15, 9
    bne     fail
    lis     8, 0x10                 # the stores reached the real pages
    ld      9, 16(8)
    cmpd    9, 15
    bne     fail
    lis     8, 0x20
    ld      9, 0x4010(8)
    cmpd    9, 13
    bne     fail

    # ---- H_REMOVE(H_AVPN, ptex, avpn): the old HPTE comes back, R and C set ----
    li      29, 'g'
    li      3, 0x04
    li      4, 1
    sldi    4, 4, 31                # H_AVPN
    mr      5, 23
    rldicr  6, 22, 0, 56            # B || AVPN: pteh without its low 7 bits
    sc      1
    cmpdi   3, 0
    bne     fail
    li      9, 0x40                 # ignore bit 57 (software use): QEMU leaks its private
    andc    4, 4, 9                 # "HPTE dirty" flag there
    cmpd    4, 22
    bne     fail
    andi.   9, 5, 0x180
    cmpdi   9, 0x180
    bne     fail
    li      29, 'h'                 # removing it again: H_NOT_FOUND
    li      3, 0x04
    li      4, 0
    mr      5, 23
    li      6, 0
    sc      1
    cmpdi   3, -7
    bne     fail

    # ---- touch the removed page: Data Storage interrupt (the handler at 0x300 finishes) ----
    li      29, 'i'
    addi    20, 12, 8               # expected DAR
    bl      4f
4:  mflr    21
    addi    21, 21, 12              # expected SRR0: the ld below
    mtmsrd  11
    ld      13, 8(12)
    mtmsrd  10
    li      29, 'x'                 # no interrupt
    b       fail

    .balign 8
data:
okmsg:
    .ascii  "HPT OK\n\0"
failmsg:
    .ascii  "FAIL \0\0\0"
pattern1:
    .quad   0x1122334455667788
pattern2:
    .quad   0x99aabbccddeeff00
poweroff:
    .long   0x2003, 2, 1, 0, 0, 0xffffffff  # power-off: token, nargs, nret, args, ret

fail:
    # Print "FAIL <step>\n" and spin: the test sees a timeout / failure.
    li      3, 0x58
    lis     4, 0x7100
    li      5, 7
    ld      6, failmsg - data(30)
    sldi    29, 29, 16
    or      6, 6, 29                # the step letter after "FAIL "
    ori     6, 6, 0x0a00            # newline
    li      7, 0
    sc      1
9:  b       9b

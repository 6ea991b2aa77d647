# Hash MMU test guest (PAPR, -cpu POWER8): the guest builds its translations with slbmte and
# H_ENTER, then makes each kind of access that must fault, and some that must not, and logs
# every interrupt (see mmu_guest_common.inc for the line format). Compared line by line with
# QEMU by compare_with_qemu.sh.
#
# Segments (SLB entries; Ks/Kp are the segment's storage keys, Book III 5.7.9.1):
#   0  ESID 0       VSID 0x100   64K base pages, Kp=1   EA 0 -> real 0 (this image), pp=2
#   1  ESID 1       VSID 0x1234  4K pages, Kp=1         EA 0x1000_0000 + n*4K (p0..p7 below)
#   2  ESID 2       VSID 0x2345  64K pages, Ks=Kp=1     EA 0x2000_0000 + n*64K (q0..q2)
#   3  1T segment 1 VSID 0x3456  4K pages, Kp=1         EA 0x100_0000_0000 + 0x5000 (r0)
#   4  ESID 4       VSID 0x4567  4K pages, N=1 (no-execute segment), Kp=1
#   no SLB entry for ESID 3 (EA 0x3000_0000): segment interrupts.
# Pages (4K, segment 1): real address 0x100000 + n*4K
#   p0 pp=2, R=C=0 (R/C recording)   p1 pp=3 (read-only)     p2 pp=0 (Kp=1: no access)
#   p3 pp=2, N=1                     p4 pp=2, I=G=1, real 16 TiB (not RAM: PAPR allows
#   p5 pp=2, storage key 5           G only on I/O pages, WIMG=0b0101)
#   p6 not entered                   p7 pp=2 (executable)   p8 pp=2, key 5, real 0x106000
# Pages (64K, segment 2, Ks=1 so supervisor accesses use key 1): real 0x200000 + n*64K
#   q0 pp=0 (no access)  q1 pp=1 (read-only)  q2 pp=2 (read/write)
# 1T segment page r0 -> real 0x108000. Segment 4: EA 0x4000_0000 -> real 0x107000 (p7's page).
    .include "mmu_guest_common.inc"

    .macro  ENTER hash, pteh, ptel       # H_ENTER into the primary PTEG of `hash`
    LI64    20, \hash
    LI64    21, \pteh
    LI64    22, \ptel
    bl      henter
    .endm
    .macro  CALL ea                      # branch to `ea` with the link: ISI tests
    LI64    3, \ea
    mtctr   3
    bctrl
    .endm
    .macro  REPORT name                  # print "t=<id> name=<r3>"
    LA      14, \name
    bl      report
    .endm

    .set    P0, 0x10000000
    .set    SEG1, 0x1234
    .set    SEG2, 0x2345
    .set    SEG1T, 0x3456
    .set    SEG4, 0x4567
    .set    V, 1
    .set    L, 4
    .set    RC, 0x180
    .set    M, 0x10
    .set    LP64K, 0x1000
    .set    N, 4
    .set    G, 8
    .set    I, 0x20
    .set    BLR, 0x4e800020

main:
    # ---- HPT size: the smallest power-of-two PTEX that H_READ refuses -> r31 = PTEG mask ----
    T       0xf0
    li      28, 8
1:  li      3, 0x0c
    li      4, 0
    mr      5, 28
    sc      1
    cmpdi   3, -4
    beq     2f
    cmpdi   3, 0
    bne     fail
    sldi    28, 28, 1
    b       1b
2:  srdi    31, 28, 3
    addi    31, 31, -1

    # ---- known contents of the real pages (real mode) ----
    LI64    3, 0x100000
    LI64    5, 0x1111111111111100       # 4K page n: dword 1 = 0x11..1100 + n
    li      4, 9
    mtctr   4
3:  std     5, 8(3)
    addi    5, 5, 1
    addi    3, 3, 0x1000
    bdnz    3b
    LI64    3, 0x200000
    LI64    5, 0x2222222222222200
    std     5, 8(3)
    addi    5, 5, 1
    addis   3, 3, 1
    std     5, 8(3)
    addi    5, 5, 1
    addis   3, 3, 1
    std     5, 8(3)
    lis     5, BLR@h                    # `blr` at the start of the pages fetch tests branch to
    ori     5, 5, BLR@l
    LI64    3, 0x102000
    stw     5, 0(3)
    stw     5, 0x1000(3)
    stw     5, 0x2000(3)
    stw     5, 0x3000(3)
    stw     5, 0x5000(3)
    stw     5, 0x4000(3)

    # ---- segments ----
    T       0xf1
    LI64    6, (0x100 << 12) | 0x400 | 0x100 | 0x10      # VSID 0x100, Kp, L, LP=01 (64K)
    LI64    7, 0x08000000 | 0
    slbmte  6, 7
    LI64    6, (SEG1 << 12) | 0x400                      # Kp
    LI64    7, 0x10000000 | 0x08000000 | 1
    slbmte  6, 7
    LI64    6, (SEG2 << 12) | 0x800 | 0x400 | 0x100 | 0x10  # Ks, Kp, 64K
    LI64    7, 0x20000000 | 0x08000000 | 2
    slbmte  6, 7
    LI64    6, (1 << 62) | (SEG1T << 24) | 0x400         # B=1T, Kp
    LI64    7, 0x10000000000 | 0x08000000 | 3
    slbmte  6, 7
    LI64    6, (SEG4 << 12) | 0x400 | 0x200              # Kp, N
    LI64    7, 0x40000000 | 0x08000000 | 4
    slbmte  6, 7

    # ---- HPTEs ----
    T       0xf2
    ENTER   0x100, (0x100 << 12) | L | V, 0 | LP64K | RC | M | 2
    ENTER   SEG1 ^ 0, (SEG1 << 12) | V, 0x100000 | M | 2
    mr      28, 23                      # p0's PTEX, for H_READ
    ENTER   SEG1 ^ 1, (SEG1 << 12) | V, 0x101000 | RC | M | 3
    ENTER   SEG1 ^ 2, (SEG1 << 12) | V, 0x102000 | RC | M | 0
    ENTER   SEG1 ^ 3, (SEG1 << 12) | V, 0x103000 | RC | M | N | 2
    ENTER   SEG1 ^ 4, (SEG1 << 12) | V, 0x100000000000 | RC | I | G | 2
    ENTER   SEG1 ^ 5, (SEG1 << 12) | V, 0x105000 | RC | M | (5 << 9) | 2
    ENTER   SEG1 ^ 7, (SEG1 << 12) | V, 0x107000 | RC | M | 2
    ENTER   SEG1 ^ 8, (SEG1 << 12) | V, 0x106000 | RC | M | (5 << 9) | 2
    ENTER   SEG2 ^ 0, (SEG2 << 12) | L | V, 0x200000 | LP64K | RC | M | 0
    ENTER   SEG2 ^ 1, (SEG2 << 12) | L | V, 0x210000 | LP64K | RC | M | 1
    ENTER   SEG2 ^ 2, (SEG2 << 12) | L | V, 0x220000 | LP64K | RC | M | 2
    ENTER   SEG1T ^ (SEG1T << 25) ^ 5, (1 << 62) | (SEG1T << 24) | V, 0x108000 | RC | M | 2
    ENTER   SEG4 ^ 0, (SEG4 << 12) | V, 0x107000 | RC | M | 2

    # ---- translation on for instructions and data ----
    mfmsr   3
    ori     3, 3, 0x30                  # IR | DR
    mtmsrd  3

    # ---- R/C recording on p0 (Book III 5.7.9.4), read back with H_READ ----
    T       0x01
    bl      hread_p0
    LI64    22, P0
    ld      3, 8(22)
    REPORT  s_val
    bl      hread_p0                    # R set, C clear
    T       0x02
    li      3, 0x77
    std     3, 16(22)
    bl      hread_p0                    # R and C set

    # ---- PP protection, no translation (4K segment) ----
    T       0x03
    LI64    22, P0 + 0x1000             # p1: read-only
    ld      3, 8(22)
    REPORT  s_val
    T       0x04
    std     3, 16(22)                   # DSI: protection, store
    T       0x05
    LI64    22, P0 + 0x6000             # p6: no HPTE
    ld      3, 8(22)                    # DSI: no translation
    T       0x06
    std     3, 8(22)                    # DSI: no translation, store

    # ---- 64K pages in a Ks=1 segment ----
    T       0x07
    LI64    22, 0x20020000              # q2: read/write
    ld      3, 8(22)
    REPORT  s_val
    li      3, 0x7777
    std     3, 0x4010(22)
    T       0x08
    LI64    22, 0x20000000              # q0: pp=0 with key 1: no access
    ld      3, 8(22)
    T       0x09
    std     3, 8(22)
    T       0x0a
    LI64    22, 0x20010000              # q1: pp=1 with key 1: read-only
    ld      3, 8(22)
    REPORT  s_val
    T       0x0b
    std     3, 8(22)

    # ---- 1T segment ----
    T       0x0c
    LI64    22, 0x10000005000
    ld      3, 8(22)
    REPORT  s_val
    li      3, 0x1717
    std     3, 0x18(22)
    T       0x0d
    LI64    22, 0x10000006000           # no HPTE
    ld      3, 8(22)

    # ---- no SLB entry: Data Segment interrupts ----
    T       0x0e
    li      3, 0x0dea                   # DSISR sentinel: a segment interrupt leaves DSISR as it
    mtspr   18, 3                       # was (ppcvm and QEMU alike), so print a known value
    LI64    22, 0x30000010
    ld      3, 0(22)
    T       0x0f
    std     3, 8(22)

    # ---- a no-execute segment still allows data accesses ----
    T       0x10
    LI64    22, 0x40000000
    ld      3, 8(22)
    REPORT  s_val

    # ---- instruction fetches ----
    T       0x20
    li      3, 0
    CALL    P0 + 0x7000                 # p7: executable: no interrupt
    li      3, 1
    REPORT  s_val
    T       0x21
    CALL    P0 + 0x3000                 # HPTE N=1: ISI
    T       0x22
    CALL    P0 + 0x4000                 # HPTE G=1: ISI (no fetch reaches the I/O address)
    T       0x23
    CALL    P0 + 0x6000                 # no HPTE: ISI
    T       0x24
    CALL    0x30000000                  # no SLB entry: Instruction Segment
    T       0x25
    CALL    0x40000000                  # no-execute segment: ISI
    T       0x26
    CALL    0x10000006000               # 1T segment, no HPTE: ISI

    # ---- storage keys (Book III 5.7.9.2): p5 has key 5; AMR/IAMR bits 2*5, 2*5+1 ----
    T       0x30
    LI64    3, 1 << (63 - 10)           # AMR: stores to key 5 prohibited
    mtspr   29, 3
    isync
    LI64    22, P0 + 0x5000
    std     3, 16(22)                   # DSI: key, store
    T       0x31
    ld      3, 8(22)
    REPORT  s_val
    T       0x32
    LI64    3, 1 << (63 - 11)           # AMR: loads from key 5 prohibited
    mtspr   29, 3
    isync
    ld      3, 8(22)                    # DSI: key
    T       0x33
    li      3, 0x3333
    std     3, 16(22)
    T       0x34
    ld      3, 16(22)                   # DSI: key (loads still prohibited)
    li      3, 0
    mtspr   29, 3
    T       0x35
    LI64    3, 1 << (63 - 11)           # IAMR: fetches from key 5 prohibited
    mtspr   61, 3
    isync
    mfspr   3, 61
    REPORT  s_iamr
    CALL    P0 + 0x8000                 # ISI: key (p8, key 5, never accessed before)
    T       0x38
    CALL    P0 + 0x5000                 # ISI: key (p5, key 5, accessed by the loads above)
    T       0x36
    li      3, 0
    mtspr   61, 3
    isync
    CALL    P0 + 0x5000                 # allowed again
    li      3, 1
    REPORT  s_val
    T       0x37                        # PP and key together: p1 (read-only) with key 0 ...
    LI64    3, 1 << 63                  # ... AMR key 0 stores prohibited
    mtspr   29, 3
    isync
    LI64    22, P0 + 0x1000
    std     3, 16(22)                   # DSI: protection and key, store
    li      3, 0
    mtspr   29, 3
    isync

    # ---- problem state (Kp=1 applies) ----
    T       0x40
    mfmsr   3
    ori     3, 3, 0x4000                # PR
    mtspr   27, 3
    LA      3, 1f
    mtspr   26, 3
    rfid
1:  LI64    22, P0 + 0x2000             # p2: pp=0 with key 1: no access
    ld      3, 8(22)                    # DSI: protection
    T       0x41
    LI64    22, P0 + 0x1000             # p1: pp=3: read-only
    std     3, 8(22)                    # DSI: protection, store
    T       0x42
    CALL    P0 + 0x2000                 # ISI: protection (no read access, no execute)
    T       0x43
    LI64    22, 0x20020000              # q2: pp=2, key 1: read/write
    ld      3, 8(22)
    std     3, 0x4018(22)
    sc                                  # back to supervisor state (the 0xc00 handler)

    # ---- what the stores left in real memory (data relocation off) ----
    T       0x50
    mfmsr   3
    li      4, 0x10                     # DR off
    andc    3, 3, 4
    mtmsrd  3
    LI64    22, 0x100000
    ld      3, 16(22)                   # p0 store (t=02)
    REPORT  s_val
    LI64    22, 0x220000
    ld      3, 0x4010(22)               # q2 store (t=07)
    REPORT  s_val
    ld      3, 0x4018(22)               # q2 store in problem state (t=43)
    REPORT  s_val
    LI64    22, 0x108000
    ld      3, 0x18(22)                 # 1T store (t=0c)
    REPORT  s_val
    LI64    22, 0x105000
    ld      3, 16(22)                   # key 5 store allowed (t=33)
    REPORT  s_val
    b       done

# henter: H_ENTER(0, (r20 & mask) * 8, r21, r22) -> r23 = PTEX; any error fails the test
henter:
    and     5, 20, 31
    sldi    5, 5, 3
    mr      6, 21
    mr      7, 22
    li      4, 0
    li      3, 0x08
    sc      1
    cmpdi   3, 0
    bne     1f
    mr      23, 4
    blr
1:  LA      14, s_err                   # "t=f2 err=<status>", "t=f2 val=<hash>"
    bl      report
    mr      3, 20
    REPORT  s_val
    b       fail

# hread_p0: print p0's HPTE (H_READ(0, r28)): "t=.. pte0=..", "t=.. pte1=.."
hread_p0:
    mflr    23
    li      3, 0x0c
    li      4, 0
    mr      5, 28
    sc      1
    mr      21, 5
    mr      3, 4
    REPORT  s_pte0
    mr      3, 21
    REPORT  s_pte1
    mtlr    23
    blr

s_val:      .asciz "val"
s_iamr:     .asciz "iamr"
s_err:      .asciz "err"
s_pte0:     .asciz "pte0"
s_pte1:     .asciz "pte1"
    .balign 4

# Radix MMU test guest (PAPR, -cpu POWER9): the guest builds its own process table and radix
# tree (Power ISA 3.1 Book III 6.7), registers it with H_REGISTER_PROC_TBL, then makes each
# kind of access that must fault, and some that must not, and logs every interrupt (see
# mmu_guest_common.inc for the line format). Compared line by line with QEMU by
# compare_with_qemu.sh.
#
# Tables (real addresses, zeroed RAM): process table 0x400000 (PRTS=0: 4 KiB), entry 0 (PID 0,
# used by quadrants 0 and 3 as PIDR = 0): RTS = 52 bits, root 0x410000 with 2^13 entries.
#   root[0]        -> L2 0x420000 (9 bits: 1G per entry)
#   L2[0]          leaf: 1G  EA 0 -> real 0 (this image), read/write/execute, problem state ok
#   L2[1]          -> L3 0x421000 (9 bits: 2M per entry)
#     L3[0]        leaf: 2M  EA 0x4000_0000 -> real 0x80_0000, read/write
#     L3[1]        -> L4 0x422000 (NLS 9: 4K leaves, the 13/9/9/9 geometry)
#       L4[0]      4K -> 0x600000 read/write        L4[1] 4K -> 0x601000 read-only
#       L4[2]      4K -> 0x602000 execute only       L4[3] 4K -> 0x603000 privileged read/write
#       L4[4]      4K -> 0x604000 read/write, R=C=0  L4[5] invalid
#       L4[6]      4K -> 0x606000 read/write, no X   L4[7] 4K -> 0x607000 X, ATT=non-idempotent I/O
#       L4[8]      4K -> 0x608000 privileged, X      L4[9] 4K -> 0x609000 read/write/execute
#     L3[2]        -> L4' 0x423000 (NLS 5: 64K leaves, the 13/9/9/5 geometry Linux uses with
#                     64K pages)
#       L4'[0]     64K EA 0x4040_0000 -> real 0xa0_0000 read/write   L4'[1] invalid
#   L2[2]          invalid
    .machine power9
    .include "mmu_guest_common.inc"

    .macro  CALL ea                      # branch to `ea` with the link: ISI tests
    LI64    3, \ea
    mtctr   3
    bctrl
    .endm
    .macro  REPORT name                  # print "t=<id> name=<r3>"
    LA      14, \name
    bl      report
    .endm
    .macro  STPTE table, index, value    # store a table entry (real mode)
    LI64    3, \value
    LI64    4, \table + 8 * (\index)
    std     3, 0(4)
    .endm

    .set    PRTB, 0x400000
    .set    ROOT, 0x410000
    .set    L2, 0x420000
    .set    L3, 0x421000
    .set    L4, 0x422000
    .set    L4B, 0x423000
    .set    V, 1 << 63
    .set    LEAF, 1 << 62
    .set    R, 0x100
    .set    C, 0x80
    .set    PRIV, 0x8
    .set    RD, 0x4
    .set    RW, 0x2
    .set    X, 0x1
    .set    IO, 0x20                    # ATT = 0b10: non-idempotent I/O
    .set    BLR, 0x4e800020
    .set    E4K, 0x40200000             # EA of L4[0]
    .set    E64K, 0x40400000            # EA of L4'[0]

main:
    # ---- known contents: each 4K page n at 0x600000: dword 1 = 0x44..4400 + n ----
    LI64    3, 0x600000
    LI64    5, 0x4444444444444400
    li      4, 10
    mtctr   4
1:  std     5, 8(3)
    addi    5, 5, 1
    addi    3, 3, 0x1000
    bdnz    1b
    LI64    3, 0x800000                 # 2M page: dword 1 and dword at +0x1f0008
    LI64    5, 0x2222222222222200
    std     5, 8(3)
    addis   3, 3, 0x1f
    addi    5, 5, 1
    std     5, 8(3)
    LI64    3, 0xa00000                 # 64K page: dword 1 and dword at +0xf008
    LI64    5, 0x6666666666666600
    std     5, 8(3)
    addi    5, 5, 1
    LI64    3, 0xa0f000
    std     5, 8(3)
    lis     5, BLR@h                    # `blr` at the start of the pages fetch tests branch to
    ori     5, 5, BLR@l
    LI64    3, 0x600000
    stw     5, 0x2000(3)
    stw     5, 0x3000(3)
    stw     5, 0x6000(3)
    addi    3, 3, 0x2000
    stw     5, 0x6000(3)
    stw     5, 0x7000(3)
    LI64    3, 0x800000
    stw     5, 0x100(3)

    # ---- process table and tree ----
    STPTE   PRTB, 0, (2 << 61) | ROOT | (5 << 5) | 13   # RTS 52 (RTS1=0b10, RTS2=0b101), RPDS 13
    STPTE   ROOT, 0, V | L2 | 9
    STPTE   L2, 0, V | LEAF | 0 | R | C | RD | RW | X
    STPTE   L2, 1, V | L3 | 9
    STPTE   L3, 0, V | LEAF | 0x800000 | R | C | RD | RW | X
    STPTE   L3, 1, V | L4 | 9
    STPTE   L3, 2, V | L4B | 5
    STPTE   L4, 0, V | LEAF | 0x600000 | R | C | RD | RW
    STPTE   L4, 1, V | LEAF | 0x601000 | R | C | RD
    STPTE   L4, 2, V | LEAF | 0x602000 | R | C | X
    STPTE   L4, 3, V | LEAF | 0x603000 | R | C | PRIV | RD | RW | X
    STPTE   L4, 4, V | LEAF | 0x604000 | RD | RW
    STPTE   L4, 6, V | LEAF | 0x606000 | R | C | RD | RW
    STPTE   L4, 7, V | LEAF | 0x607000 | R | C | IO | RD | RW | X
    STPTE   L4, 8, V | LEAF | 0x608000 | R | C | PRIV | RD | X
    STPTE   L4, 9, V | LEAF | 0x609000 | R | C | RD | RW | X
    STPTE   L4B, 0, V | LEAF | 0xa00000 | R | C | RD | RW | X
    # H_REGISTER_PROC_TBL(NEW | RADIX | GTSE, table, page size 0, table size 2^(12+0))
    T       0xf0
    li      3, 0x37c
    li      4, 0x18 | 0x04 | 0x01
    LI64    5, PRTB
    li      6, 0
    li      7, 0
    sc      1
    cmpdi   3, 0
    bne     fail

    # ---- translation on for instructions and data ----
    mfmsr   3
    ori     3, 3, 0x30                  # IR | DR
    mtmsrd  3

    # ---- a leaf at each level ----
    T       0x01
    LI64    22, 0x1000                  # 1G leaf: EA 0x1000 -> real 0x1000 (this image)
    ld      3, 0(22)
    LI64    4, 0x1000                   # (compare with the real-mode copy, read below)
    REPORT  s_val
    T       0x02
    LI64    22, 0x40000000              # 2M leaf
    ld      3, 8(22)
    REPORT  s_val
    addis   22, 22, 0x1f
    ld      3, 8(22)
    REPORT  s_val
    li      3, 0x2727
    std     3, 16(22)
    T       0x03
    LI64    22, E64K                    # 64K leaf
    ld      3, 8(22)
    REPORT  s_val
    LI64    22, E64K + 0xf000
    ld      3, 8(22)
    REPORT  s_val
    li      3, 0x6464
    std     3, 0x10(22)
    T       0x04
    LI64    22, E4K                     # 4K leaf
    ld      3, 8(22)
    REPORT  s_val
    li      3, 0x4444
    std     3, 16(22)
    T       0x05
    LI64    22, 0xc000000040201000      # quadrant 3 (PID 0 too): the same tree, L4[1]
    ld      3, 8(22)
    REPORT  s_val

    # ---- no translation: invalid entries at the last level and above ----
    T       0x10
    LI64    22, E4K + 0x5000            # L4[5] invalid
    ld      3, 8(22)
    T       0x11
    std     3, 8(22)
    T       0x12
    LI64    22, E64K + 0x10000          # L4'[1] invalid
    ld      3, 8(22)
    T       0x13
    LI64    22, 0x80000000              # L2[2] invalid
    ld      3, 8(22)
    T       0x14
    LI64    22, 0x8000000000            # root[1] invalid
    std     3, 8(22)

    # ---- protection (EAA, Book III 6.7.12) ----
    T       0x20
    LI64    22, E4K + 0x1000            # read-only: store
    std     3, 8(22)
    T       0x21
    LI64    22, E4K + 0x2000            # execute only: load, store
    ld      3, 8(22)
    T       0x22
    std     3, 8(22)
    T       0x23
    LI64    22, E4K + 0x3000            # privileged page from privileged state: fine
    ld      3, 8(22)
    REPORT  s_val

    # ---- AMR key 0 (radix: every page has key 0) forbids privileged loads (AMR bit 1) or
    #      stores (bit 0) to non-privileged pages: a protection fault ----
    T       0x24
    LI64    22, E4K + 0x9000            # L4[9]: not accessed before (no cached translation)
    LI64    3, 1 << 62
    mtspr   29, 3
    isync
    ld      3, 8(22)                    # DSI: protection
    li      3, 0
    mtspr   29, 3
    isync
    T       0x25
    LI64    3, 1 << 63
    mtspr   29, 3
    isync
    ld      3, 8(22)                    # loads allowed
    REPORT  s_val
    std     3, 24(22)                   # DSI: protection, store
    li      4, 0
    mtspr   29, 4
    isync

    # ---- reference and change (Book III 6.7.12.3): L4[4] has R=C=0 ----
    T       0x30
    LI64    22, E4K + 0x4000
    ld      3, 8(22)                    # R not set
    bl      show_l4_4
    T       0x31
    std     3, 16(22)                   # C not set
    T       0x32
    LI64    3, V | LEAF | 0x604000 | R | RD | RW    # the OS sets R (real mode write through
    bl      set_l4_4                                # the 1G identity mapping)
    ld      3, 8(22)
    REPORT  s_val
    T       0x33
    li      3, 0x4545
    std     3, 16(22)                   # C still not set
    T       0x34
    LI64    3, V | LEAF | 0x604000 | R | C | RD | RW
    bl      set_l4_4
    li      3, 0x4545
    std     3, 16(22)
    bl      show_l4_4

    # ---- segment interrupts (Book III 6.7.2, 6.7.10.2): quadrants 1 and 2 in guest state,
    #      EAs beyond the 52-bit tree ----
    T       0x40
    li      3, 0x0dea                   # DSISR sentinel: a segment interrupt leaves DSISR as it
    mtspr   18, 3                       # was (ppcvm and QEMU alike), so print a known value
    LI64    22, 0x4000000000001000      # quadrant 1
    ld      3, 0(22)
    T       0x41
    LI64    22, 0x8000000000001000      # quadrant 2
    std     3, 0(22)
    T       0x42
    LI64    22, 0x0010000000001000      # EA bit 11 (2^52): beyond the tree
    ld      3, 0(22)
    T       0x43
    LI64    22, 0x3000000000001000      # quadrant 0, top address bits set: beyond the tree
    ld      3, 0(22)

    # ---- instruction fetches ----
    T       0x50
    li      3, 0
    CALL    E4K + 0x9000                # executable 4K page: no interrupt
    CALL    0x40000100                  # executable 2M page: no interrupt
    li      3, 1
    REPORT  s_val
    T       0x51
    CALL    E4K + 0x5000                # invalid PTE: ISI
    T       0x52
    CALL    E4K + 0x6000                # no execute: ISI
    T       0x53
    CALL    E4K + 0x7000                # ATT non-idempotent I/O: ISI
    T       0x54
    CALL    E4K + 0x2000                # execute only: fine
    li      3, 1
    REPORT  s_val
    T       0x55
    CALL    0x4000000000001000          # quadrant 1: Instruction Segment
    T       0x56
    CALL    0x0010000000001000          # beyond the tree: Instruction Segment
    T       0x57
    CALL    0x80000000                  # invalid L2 entry: ISI

    # ---- problem state ----
    T       0x60
    mfmsr   3
    ori     3, 3, 0x4000                # PR
    mtspr   27, 3
    LA      3, 1f
    mtspr   26, 3
    rfid
1:  LI64    22, E4K + 0x3000            # privileged page: load
    ld      3, 8(22)
    T       0x61
    std     3, 8(22)                    # and store
    T       0x62
    CALL    E4K + 0x8000                # privileged executable page: ISI
    T       0x63
    LI64    22, E4K + 0x1000            # read-only page: load fine, store faults
    ld      3, 8(22)
    std     3, 8(22)
    T       0x64
    LI64    22, 0xc000000040200000      # quadrant 3 in problem state: translated as usual
    ld      3, 8(22)
    sc                                  # back to supervisor state (the 0xc00 handler)

    # ---- what the stores left in real memory (data relocation off) ----
    T       0x70
    mfmsr   3
    li      4, 0x10                     # DR off
    andc    3, 3, 4
    mtmsrd  3
    LI64    22, 0x1000
    ld      3, 0(22)                    # same as t=01
    REPORT  s_val
    LI64    22, 0x9f0000
    ld      3, 16(22)                   # 2M store (t=02)
    REPORT  s_val
    LI64    22, 0xa0f000
    ld      3, 0x10(22)                 # 64K store (t=03)
    REPORT  s_val
    LI64    22, 0x600000
    ld      3, 16(22)                   # 4K store (t=04)
    REPORT  s_val
    ld      3, 0x4010(22)               # R/C page store (t=34)
    REPORT  s_val
    b       done

# set_l4_4: L4[4] := r3, with data relocation on (the 1G leaf maps the tables 1:1), then
# ptesync and a tlbiel of the page, as the OS would.
set_l4_4:
    LI64    4, L4 + 8 * 4
    std     3, 0(4)
    ptesync
    LI64    4, E4K + 0x4000
    tlbiel  4, 0, 0, 1, 1               # RIC 0, PRS 1 (process scoped), R 1 (radix)
    ptesync
    blr

# show_l4_4: print L4[4] as the MMU left it
show_l4_4:
    mflr    23
    LI64    4, L4 + 8 * 4
    ld      3, 0(4)
    REPORT  s_pte
    mtlr    23
    blr

s_val:      .asciz "val"
s_pte:      .asciz "pte"
    .balign 4

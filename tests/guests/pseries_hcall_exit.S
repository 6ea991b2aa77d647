# A PAPR guest whose hypercalls are served by the embedding program (tests/api/vm_test.cpp,
# through ppcvm_vm_run's PPCVM_EXIT_PAPR_HCALL exits). Loaded with -bios at 0x100, big-endian,
# real mode. It makes:
#  1. hypercall 0xf080, which ppcvm does not implement (a vendor call), with r4 = 0x1122334455667788
#     and r5..r12 = 0x105..0x10c; the embedder answers r3 = 0x55, r4 = r4 + 1, r5 = 0xfeed and
#     leaves r6..r12 as they were;
#  2. H_RANDOM (0x300), which ppcvm implements but the embedder takes over: it answers
#     r3 = H_SUCCESS and r4 = 0x0123456789abcdef;
# then prints "EXIT OK\n" (H_PUT_TERM_CHAR, served in core) and powers off. Any wrong register
# prints "FAIL x\n" (x names the check) and powers off, so a wrong answer ends the run too.
    .text
    .globl _start
_start:
    bl      1f
1:  mflr    30
    addi    30, 30, data - 1b       # r30 = data

    li      29, 'A'
    lis     3, 0
    ori     3, 3, 0xf080
    ld      4, 0(30)
    li      5, 0x105
    li      6, 0x106
    li      7, 0x107
    li      8, 0x108
    li      9, 0x109
    li      10, 0x10a
    li      11, 0x10b
    li      12, 0x10c
    sc      1
    cmpdi   3, 0x55
    bne     fail
    li      29, 'B'
    ld      14, 0(30)
    addi    14, 14, 1
    cmpd    4, 14
    bne     fail
    li      29, 'C'
    cmpldi  5, 0xfeed
    bne     fail
    li      29, 'D'
    cmpdi   6, 0x106
    bne     fail
    cmpdi   12, 0x10c
    bne     fail

    li      29, 'E'
    li      3, 0x300                # H_RANDOM
    sc      1
    cmpdi   3, 0
    bne     fail
    li      29, 'F'
    ld      14, 8(30)
    cmpd    4, 14
    bne     fail

    li      3, 0x58                 # H_PUT_TERM_CHAR "EXIT OK\n"
    lis     4, 0x7100
    li      5, 8
    ld      6, okmsg - data(30)
    li      7, 0
    sc      1
    b       poweroff

fail:
    li      3, 0x58                 # "FAIL x\n", x = r29
    lis     4, 0x7100
    li      5, 7
    ld      6, failmsg - data(30)
    sldi    29, 29, 16              # byte 5 of the big-endian doubleword
    or      6, 6, 29
    li      7, 0
    sc      1
poweroff:
    addi    4, 30, rtas_poweroff - data
    lis     3, 0
    ori     3, 3, 0xf000            # H_RTAS
    sc      1
2:  b       2b

    .balign 8
data:
    .quad   0x1122334455667788
    .quad   0x0123456789abcdef
okmsg:
    .ascii  "EXIT OK\n"
failmsg:
    .ascii  "FAIL \0\n\0"
rtas_poweroff:
    .long   0x2003, 2, 1, 0, 0, 0xffffffff  # power-off: token, nargs, nret, args, ret

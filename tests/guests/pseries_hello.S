# A minimal PAPR guest, loaded with -bios at 0x100 and entered big-endian in real mode with
# r3 = device tree: prints through the vty hypercall, checks the device tree magic, reads the
# RTAS time of day, then powers off through RTAS. Exit status 0 means every step worked.
    .text
    .globl _start
_start:
    mr      31, 3                   # device tree address
    bl      1f
1:  mflr    30
    addi    30, 30, data - 1b       # r30 = data

    # H_PUT_TERM_CHAR(0x71000000, 14, "Hello, w", "orld!\n")
    li      3, 0x58
    lis     4, 0x7100
    li      5, 14
    ld      6, 0(30)
    ld      7, 8(30)
    sc      1
    cmpdi   3, 0
    bne     fail

    # The device tree starts with the FDT magic 0xd00dfeed.
    lwz     5, 0(31)
    lis     6, 0xd00d
    ori     6, 6, 0xfeed
    cmpw    5, 6
    bne     fail

    # RTAS get-time-of-day through H_RTAS: token, nargs 0, nret 8.
    addi    4, 30, tod - data
    lis     3, 0
    ori     3, 3, 0xf000
    sc      1
    lwz     5, 12(4)                # status
    cmpwi   5, 0
    bne     fail
    lwz     5, 16(4)                # year
    cmpwi   5, 2000
    blt     fail

    # RTAS power-off (2 arguments, 1 return).
    addi    4, 30, poweroff - data
    lis     3, 0
    ori     3, 3, 0xf000
    sc      1
fail:
    # Print "FAIL\n" and spin: the test sees the missing power-off as a timeout / failure.
    li      3, 0x58
    lis     4, 0x7100
    li      5, 5
    ld      6, failmsg - data(30)
    li      7, 0
    sc      1
2:  b       2b

    .balign 8
data:
    .ascii  "Hello, world!\n\0\0"
failmsg:
    .ascii  "FAIL\n\0\0\0"
tod:
    .long   0x2001, 0, 8                    # get-time-of-day: token, nargs, nret
    .long   0, 0, 0, 0, 0, 0, 0, 0          # rets
poweroff:
    .long   0x2003, 2, 1, 0, 0, 0xffffffff  # power-off: token, nargs, nret, args, ret

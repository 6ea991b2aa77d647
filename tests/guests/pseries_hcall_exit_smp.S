# Two vCPUs, one paused in a hypercall exit while the other runs (tests/api/vm_test.cpp).
# Loaded with -bios at 0x100, big-endian, real mode, run with 2 vCPUs. vCPU 0 starts vCPU 1
# (RTAS start-cpu); vCPU 1 raises flag1 and makes hypercall 0xf084 (r4 = 0x77), which the
# embedder takes as an exit. vCPU 0 waits for flag1 and prints "cpu0 alive\n": the embedder
# answers the exit (r3 = 0x66, r4 = 0x99) only once it has seen that line, i.e. only if vCPU 0
# kept running while vCPU 1 was paused. vCPU 1 stores what it got and raises flag2; vCPU 0
# checks the values, prints "SMP OK\n" (or "FAIL x\n") and powers off.
    .text
    .globl _start
_start:
    bl      1f
1:  mflr    30
    addi    30, 30, data - 1b       # r30 = data

    li      29, 'A'                 # start-cpu(1, secondary, r3 = data)
    addi    4, 30, rtas_start - data
    addi    5, 30, secondary - data
    stw     5, 16(4)
    stw     30, 20(4)
    lis     3, 0
    ori     3, 3, 0xf000            # H_RTAS
    sc      1
    lwz     5, 24(4)
    cmpwi   5, 0
    bne     fail

2:  lwz     5, flag1 - data(30)     # vCPU 1 is about to make its hypercall
    cmpwi   5, 1
    bne     2b
    li      3, 0x58                 # "cpu0 alive\n"
    lis     4, 0x7100
    li      5, 11
    ld      6, alive - data(30)
    ld      7, alive + 8 - data(30)
    sc      1

3:  lwz     5, flag2 - data(30)     # vCPU 1's hypercall returned
    cmpwi   5, 1
    bne     3b
    sync
    li      29, 'B'
    ld      5, res3 - data(30)
    cmpdi   5, 0x66
    bne     fail
    li      29, 'C'
    ld      5, res4 - data(30)
    cmpdi   5, 0x99
    bne     fail

    li      3, 0x58                 # "SMP OK\n"
    lis     4, 0x7100
    li      5, 7
    ld      6, okmsg - data(30)
    li      7, 0
    sc      1
    b       poweroff

fail:
    li      3, 0x58                 # "FAIL x\n", x = r29
    lis     4, 0x7100
    li      5, 7
    ld      6, failmsg - data(30)
    sldi    29, 29, 16
    or      6, 6, 29
    li      7, 0
    sc      1
poweroff:
    addi    4, 30, rtas_poweroff - data
    lis     3, 0
    ori     3, 3, 0xf000
    sc      1
4:  b       4b

secondary:                          # vCPU 1: r3 = data
    mr      30, 3
    li      5, 1
    stw     5, flag1 - data(30)
    sync
    lis     3, 0
    ori     3, 3, 0xf084
    li      4, 0x77
    sc      1
    std     3, res3 - data(30)
    std     4, res4 - data(30)
    sync
    li      5, 1
    stw     5, flag2 - data(30)
5:  b       5b

    .balign 8
data:
flag1:
    .long   0, 0
flag2:
    .long   0, 0
res3:
    .quad   0
res4:
    .quad   0
alive:
    .ascii  "cpu0 alive\n\0\0\0\0\0"
okmsg:
    .ascii  "SMP OK\n\0"
failmsg:
    .ascii  "FAIL \0\n\0"
rtas_start:
    .long   0x2006, 3, 1, 1, 0, 0, 0xffffffff  # start-cpu: token, nargs, nret, cpu, entry, r3, ret
rtas_poweroff:
    .long   0x2003, 2, 1, 0, 0, 0xffffffff

# FP-heavy guest loop: DAXPY, y[i] = a * x[i] + y[i] over N doubles, OUTER times (fused
# multiply-add, double loads and stores). 6 instructions per element; in all
# 26 + 15*N + OUTER*(6*N + 6) instructions. The exit status
# (integer part of the sum of y, & 0xff) is a checksum both emulators must agree on.
#include "entry.h"
    .set N, 1000
    .set OUTER, 20000
    PROGRAM_ENTRY
    lis     3, xs@ha
    addi    3, 3, xs@l              # r3 = x
    lis     4, ys@ha
    addi    4, 4, ys@l              # r4 = y
    # x[i] = i, y[i] = 1.0 (integers through the stack, converted with fcfid)
    li      9, 0
    li      8, N
    mtctr   8
    li      7, 0
    li      6, 1
1:  std     7, -8(1)
    lfd     1, -8(1)
    fcfid   1, 1
    stfdx   1, 3, 9
    std     6, -8(1)
    lfd     1, -8(1)
    fcfid   1, 1
    stfdx   1, 4, 9
    addi    7, 7, 1
    addi    9, 9, 8
    bdnz    1b
    # a = 0.5 = 1 / 2
    li      7, 2
    std     7, -8(1)
    lfd     0, -8(1)
    fcfid   0, 0
    fdiv    0, 1, 0                  # f1 is 1.0 from the last iteration: f0 = 0.5
    lis     10, OUTER@ha
    addi    10, 10, OUTER@l
2:  li      9, 0
    li      8, N
    mtctr   8
3:  lfdx    1, 3, 9
    lfdx    2, 4, 9
    fmadd   2, 0, 1, 2
    stfdx   2, 4, 9
    addi    9, 9, 8
    bdnz    3b
    addi    10, 10, -1
    cmpdi   10, 0
    bne     2b
    # checksum: sum of y, truncated to an integer
    li      9, 0
    li      8, N
    mtctr   8
    fsub    3, 3, 3
4:  lfdx    2, 4, 9
    fadd    3, 3, 2
    addi    9, 9, 8
    bdnz    4b
    fctidz  3, 3
    stfd    3, -8(1)
    ld      3, -8(1)
    clrldi  3, 3, 56
    li      0, 234                   # exit_group(checksum)
    sc
    .bss
    .balign 16
xs: .space 8 * N
ys: .space 8 * N

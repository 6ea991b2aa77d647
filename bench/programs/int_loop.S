# CPU-bound integer guest loop: a 64-bit xorshift generator summed ITER times.
# 9 instructions per iteration. The exit status (sum & 0xff) is a checksum both emulators must
# agree on. Built as a static ppc64 Linux program (ELFv2 LE or ELFv1 BE).
#include "entry.h"
    PROGRAM_ENTRY
    lis     4, ITER@ha
    addi    4, 4, ITER@l
    mtctr   4
    li      3, 0
    li      5, 12345
    li      6, 0
1:  sldi    7, 5, 13
    xor     5, 5, 7
    srdi    7, 5, 7
    xor     5, 5, 7
    sldi    7, 5, 17
    xor     5, 5, 7
    add     6, 6, 5
    addi    3, 3, 1
    bdnz    1b
    clrldi  3, 6, 56
    li      0, 234          # exit_group(sum & 0xff)
    sc
    .set ITER, 100000000

# Load/store-heavy guest loop: walks a 32 KiB buffer OUTER times, reading, updating and
# writing doublewords. 9 instructions per inner iteration, 4 of them memory accesses.
# The exit status (sum & 0xff) is a checksum both emulators must agree on.
#include "entry.h"
    PROGRAM_ENTRY
    lis     10, OUTER@ha
    addi    10, 10, OUTER@l   # outer iterations
    li      6, 1              # running checksum
    lis     8, buf@ha
    addi    8, 8, buf@l
2:  li      4, 2048           # 2048 x 16 bytes = 32 KiB
    mtctr   4
    mr      9, 8
1:  ld      7, 0(9)
    add     6, 6, 7           # sum += a[2i]
    addi    7, 7, 3
    std     7, 0(9)           # a[2i] += 3
    ld      11, 8(9)
    xor     6, 6, 11          # sum ^= a[2i+1]
    std     6, 8(9)           # a[2i+1] = sum
    addi    9, 9, 16
    bdnz    1b
    addi    10, 10, -1
    cmpdi   10, 0
    bne     2b
    clrldi  3, 6, 56
    li      0, 234          # exit_group(sum & 0xff)
    sc
    .set OUTER, 6000
    .bss
    .balign 16
buf: .space 32768 + 32

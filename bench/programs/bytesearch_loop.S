# Vector-heavy guest loop: scan a 64 KiB buffer for a byte with VMX (lvx, vcmpequb., a CR6
# test), 16 bytes per step, OUTER times; the buffer holds the byte once, at a position that
# moves each pass. 5 instructions per 16 bytes (6 at the hit); each pass scans the whole
# buffer, so the count is fixed: 6 + 5*SIZE + 9 + OUTER*(5*SIZE/16 + 19) + 3. The exit
# status (sum of the positions found, & 0xff) is a checksum both emulators must agree on.
#include "entry.h"
    .set SIZE, 65536
    .set OUTER, 20000
    PROGRAM_ENTRY
    lis     3, buf@ha
    addi    3, 3, buf@l              # r3 = buffer (16-byte aligned)
    # fill: buf[i] = (i * 7) & 0x7e, never 0x7f
    li      9, 0
    lis     8, SIZE@ha
    addi    8, 8, SIZE@l
    mtctr   8
1:  mulli   7, 9, 7
    andi.   7, 7, 0x7e
    stbx    7, 3, 9
    addi    9, 9, 1
    bdnz    1b
    # v0 = sixteen 0x7f bytes
    li      7, 0x7f
    stb     7, -16(1)
    addi    6, 1, -16
    lvebx   0, 0, 6
    vspltb  0, 0, 0
    lis     10, OUTER@ha
    addi    10, 10, OUTER@l
    li      11, 0                    # sum of positions found
    li      12, 0                    # pass number
2:  # plant the byte at (pass * 4099) mod SIZE, search, remove it
    mulli   5, 12, 4099
    clrldi  5, 5, 48                 # mod 65536
    li      7, 0x7f
    stbx    7, 3, 5
    li      9, 0
    lis     8, (SIZE / 16)@ha
    addi    8, 8, (SIZE / 16)@l
    mtctr   8
3:  lvx     1, 3, 9
    vcmpequb. 2, 1, 0
    addi    9, 9, 16
    bf      26, 4f                   # CR6[2] clear: some byte matched
6:  bdnz    3b
    b       5f
4:  add     11, 11, 9                # end of the 16-byte block that held it
    b       6b
5:  andi.   7, 5, 0x7e               # restore the byte that was there
    mulli   7, 5, 7
    andi.   7, 7, 0x7e
    stbx    7, 3, 5
    addi    12, 12, 1
    addi    10, 10, -1
    cmpdi   10, 0
    bne     2b
    clrldi  3, 11, 56
    li      0, 234                   # exit_group(checksum)
    sc
    .bss
    .balign 16
buf: .space SIZE

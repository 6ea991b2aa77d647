/* A static Linux program that uses only instructions already in ppcvm's tables: writes a
 * message and exits with status 40 + argc. Built for ppc64le (ELFv2), ppc64 (ELFv1: _start is
 * a function descriptor in .opd) and ppc32; run by tests/tools/ppcvm_user/run_test.sh under
 * ppcvm-user and, when installed, QEMU user mode, which must agree. */
#if defined(__powerpc64__) && (!defined(_CALL_ELF) || _CALL_ELF < 2)
        .section ".opd", "aw"
        .align 3
        .globl _start
_start: .quad .L.start, .TOC.@tocbase, 0
        .text
.L.start:
#else
#if defined(_CALL_ELF) && _CALL_ELF == 2
        .abiversion 2   /* e_flags = 2: without it Linux and QEMU expect an ELFv1 descriptor */
#endif
        .text
        .globl _start
_start:
#endif
        /* argc is the first stack word; its low 32 bits are at 0(r1) on little-endian and
         * 32-bit, 4(r1) on 64-bit big-endian. */
#if defined(__powerpc64__) && !defined(__LITTLE_ENDIAN__)
        lwz     20, 4(1)
#else
        lwz     20, 0(1)
#endif
        li      0, 4            /* write(1, msg, len) */
        li      3, 1
        lis     4, msg@ha
        addi    4, 4, msg@l
        li      5, msg_end - msg
        sc
        li      0, 1            /* exit(40 + argc) */
        addi    3, 20, 40
        sc

        .data
msg:    .ascii  "hello from ppcvm-user\n"
msg_end:

/* Program entry for static ppc64 Linux programs written in assembler, for both ABIs:
 * ELFv2 (little-endian, e_flags abiversion 2: the entry is code) and ELFv1 (big-endian: the
 * ELF entry point is a function descriptor in .opd pointing at the code). */
#if defined(_CALL_ELF) && _CALL_ELF == 2
#define PROGRAM_ENTRY      \
    .abiversion 2;         \
    .text;                 \
    .globl _start;         \
_start:
#else
#define PROGRAM_ENTRY                        \
    .section .opd, "aw";                     \
    .balign 8;                               \
    .globl _start;                           \
_start: .quad ._start, .TOC.@tocbase, 0;     \
    .text;                                   \
._start:
#endif

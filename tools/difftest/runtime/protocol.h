/* The wire format between the difftest host tool and the QEMU-side runtime (runtime.c).
 * Shared by both sides: keep it plain C.
 *
 * Every field is a 64-bit word in the GUEST's byte order (the host swaps for big-endian
 * guests); instruction words are 32-bit in guest byte order, i.e. exactly the memory image.
 * A 32-bit guest (qemu-ppc) uses the low 32 bits of each register word.
 *
 * Input (stdin), repeated: DtCaseHeader, then code_words 32-bit instruction words.
 * A header with code_words == 0 ends the run.
 * Output (stdout), one DtResult per case, in order. */
#ifndef PPCVM_DIFFTEST_PROTOCOL_H
#define PPCVM_DIFFTEST_PROTOCOL_H

/* Guest addresses, identical in QEMU (mmap MAP_FIXED) and in ppcvm (identity mapping). The code
 * area sits below 32 MiB so that absolute branches (b with AA=1, LI is 24 bits) can reach it. */
#define DT_CODE_BASE 0x01000000UL   /* register-loading prologue, written by the runtime */
#define DT_TEST_BASE 0x01000400UL   /* first instruction of the test stream */
#define DT_CODE_SIZE 0x00010000UL
#define DT_SCRATCH_BASE 0x01100000UL
#define DT_SCRATCH_SIZE 2048
#define DT_MAX_CODE_WORDS 1024

#define DT_MAGIC 0x5050434454303031ULL   /* "PPCDT001" */
#define DT_RESULT_MAGIC 0x5050434452303031ULL  /* "PPCDR001" */

/* Register block order (both directions). FPRs are their 64-bit images (doubleword 0 of VSR
 * 0-31); FPSCR is compared in its low 32 bits (what the 32-bit signal frame and mtfsf 0xff
 * carry). VSRLO i is doubleword 1 of VSR i (0-31); VR i is VSR 32+i as doublewords 0 and 1
 * (DT_VR0 + 2i, + 2i + 1); VSCR is a 32-bit value. The 64-bit runtimes carry the whole vector
 * state; the 32-bit runtime carries the VRs and VSCR only when the case's flags say the
 * processor has AltiVec (qemu-ppc -cpu 7400/7450...), and never VSRLO (no VSX there). */
enum { DT_GPR0 = 0, DT_CR = 32, DT_XER = 33, DT_LR = 34, DT_CTR = 35, DT_FPR0 = 36,
       DT_FPSCR = 68, DT_VSRLO0 = 69, DT_VR0 = 101, DT_VSCR = 165, DT_NREGS = 166 };

#define DT_FLAG_VMX 1ULL  /* 32-bit runtime: load and save the VRs and VSCR (lvx/stvx) */

typedef struct {
    unsigned long long magic;
    unsigned long long code_words;
    unsigned long long flags;    /* DT_FLAG_* */
    unsigned long long regs[DT_NREGS];
    unsigned char scratch[DT_SCRATCH_SIZE];
} DtCaseHeader;

typedef struct {
    unsigned long long magic;
    unsigned long long signo;    /* signal that ended the case (SIGTRAP at the end marker) */
    unsigned long long si_code;
    unsigned long long nip;      /* address of the instruction that raised it */
    unsigned long long fault_addr;  /* si_addr: faulting data address (SIGSEGV/SIGBUS) */
    unsigned long long regs[DT_NREGS];
    unsigned char scratch[DT_SCRATCH_SIZE];
} DtResult;

#endif

/* QEMU-side runtime of the differential tester: a freestanding static Linux program (no libc)
 * for ppc64le, ppc64 (ELFv1) and ppc32, run under qemu-ppc64le / qemu-ppc64 / qemu-ppc.
 *
 * For each test case read from stdin it: copies the scratch buffer and the instruction stream
 * to fixed addresses, writes a prologue that loads every GPR, CR, XER, LR and CTR from the case,
 * and jumps to it. A case always ends with a signal: the host puts a `trap` after the stream
 * (SIGTRAP at the end address = completed), and an instruction of the stream may raise SIGILL,
 * SIGTRAP, SIGSEGV, SIGBUS or SIGFPE itself. The handler (on an alternate stack, since the test
 * owns r1) takes the register state from the signal frame, writes the result to stdout and
 * resumes the main loop by rewriting the frame's NIP/r1/r2.
 *
 * Build (see tools/difftest/CMakeLists.txt):
 *   powerpc64le-linux-gnu-gcc -static -nostdlib -ffreestanding -O2 runtime.c -o runtime-le */
#include "protocol.h"

#if defined(__powerpc64__)
#define W 8
#define LOAD_WORD_OP 0xe8000000u /* ld rT,DS(rA) */
/* Offset of sigcontext.regs (pointer to the saved pt_regs) in the 64-bit ucontext:
 * uc_flags, uc_link, uc_stack (24), uc_sigmask + __unused (128), then sigcontext:
 * _unused[4], signal+pad, handler, oldmask, regs. */
#define UC_REGS_OFFSET 224
#define SI_ADDR_OFFSET 16
#else
#define W 4
#define LOAD_WORD_OP 0x80000000u /* lwz rT,D(rA) */
/* 32-bit ucontext: uc_flags, uc_link, uc_stack (12), uc_pad[7], uc_regs (mcontext pointer). */
#define UC_REGS_OFFSET 48
#define SI_ADDR_OFFSET 12
#endif

/* pt_regs slots (Linux arch/powerpc/include/uapi/asm/ptrace.h). */
enum { PT_R1 = 1, PT_R2 = 2, PT_R12 = 12, PT_NIP = 32, PT_MSR = 33, PT_CTR = 35, PT_LNK = 36,
       PT_XER = 37, PT_CCR = 38 };

enum { NR_exit = 1, NR_read = 3, NR_write = 4, NR_mmap = 90, NR_setitimer = 104,
       NR_rt_sigaction = 173, NR_sigaltstack = 185, NR_exit_group = 234 };
enum { SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGFPE_ = 8, SIGSEGV_ = 11, SIGALRM_ = 14 };

typedef unsigned long ulong;

static long syscall3(long n, long a, long b, long c) {
    register long r0 __asm__("r0") = n;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    __asm__ volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                     :
                     : "memory", "cr0", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr");
    return r3;
}
static long syscall6(long n, long a, long b, long c, long d, long e, long f) {
    register long r0 __asm__("r0") = n;
    register long r3 __asm__("r3") = a;
    register long r4 __asm__("r4") = b;
    register long r5 __asm__("r5") = c;
    register long r6 __asm__("r6") = d;
    register long r7 __asm__("r7") = e;
    register long r8 __asm__("r8") = f;
    __asm__ volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
                     :
                     : "memory", "cr0", "r9", "r10", "r11", "r12", "ctr");
    return r3;
}

static void die(const char* msg) __attribute__((noreturn));
static void die(const char* msg) {
    long n = 0;
    while (msg[n]) ++n;
    syscall3(NR_write, 2, (long)msg, n);
    for (;;) syscall3(NR_exit_group, 2, 0, 0);
}

void* memcpy(void* d, const void* s, ulong n) {
    unsigned char* dp = d;
    const unsigned char* sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}
void* memset(void* d, int c, ulong n) {
    unsigned char* dp = d;
    while (n--) *dp++ = (unsigned char)c;
    return d;
}

static int read_full(void* buf, ulong len) {
    unsigned char* p = buf;
    while (len) {
        long r = syscall3(NR_read, 0, (long)p, (long)len);
        if (r <= 0) return 0;
        p += r;
        len -= (ulong)r;
    }
    return 1;
}
static void write_full(const void* buf, ulong len) {
    const unsigned char* p = buf;
    while (len) {
        long r = syscall3(NR_write, 1, (long)p, (long)len);
        if (r <= 0) die("difftest runtime: write failed\n");
        p += r;
        len -= (ulong)r;
    }
}

static DtCaseHeader g_case;
static DtResult g_result;
/* What the prologue loads: FPSCR, VSCR, the 64 VSRs as doubleword pairs (the 32-bit runtime
 * uses only doubleword 0 of the first 32: the FPRs), then the native-width GPR block. */
static struct {
    unsigned long long fpscr, pad;
    unsigned long long vscr[2];   /* VSCR in the low word of doubleword 1 (mtvscr's VRB[96:127]) */
    unsigned long long vsr[64][2];
    ulong gpr[DT_FPR0];           /* GPR0-31, CR, XER, LR, CTR */
} g_state __attribute__((aligned(16)));
#define FPSCR_OFFSET 0
#define VSCR_OFFSET 16
#define VSR_OFFSET 32
#define GPR_BLOCK_OFFSET (32 + 64 * 16)
/* Where the handler stores the VSRs (32-bit: the VRs, entries 32-63) and VSCR before any
 * other code can touch them. */
static unsigned long long g_vsr_out[65][2] __attribute__((aligned(16)));
/* The flags the prologue was written for (-1: none yet). */
static long long g_prologue_flags = -1;
static ulong g_code_end;           /* end of the current stream (exclusive) */
static volatile int g_in_test;
static ulong g_saved_sp, g_saved_toc;
static unsigned char g_altstack[65536] __attribute__((aligned(16)));

/* Code address of a C function (ELFv1 function pointers point at a descriptor). */
static ulong code_address(void (*fn)(void)) {
#if defined(__powerpc64__) && (!defined(_CALL_ELF) || _CALL_ELF < 2)
    return *(const ulong*)(const void*)fn;
#else
    return (ulong)fn;
#endif
}

static void next_case(void) __attribute__((noreturn));
static void resume(void) { next_case(); }

/* Store VSR 0-63 and VSCR to g_vsr_out. The runtime is built with -mno-altivec -mno-vsx, so
 * no compiled code touches vector registers: at handler entry they still hold the test's
 * values (signal delivery does not change them). */
static void save_vector_state(void) {
#if defined(__powerpc64__)
    ulong p = (ulong)g_vsr_out;
#define STXVD2X(n) \
    ".long %[op] + ((" #n ") & 31) * 0x200000 + %[p] * 0x800 + ((" #n ") >> 5)\n\t" \
    "addi %[p],%[p],16\n\t"
#define STX8(a) STXVD2X(a) STXVD2X(a + 1) STXVD2X(a + 2) STXVD2X(a + 3) \
                STXVD2X(a + 4) STXVD2X(a + 5) STXVD2X(a + 6) STXVD2X(a + 7)
    /* stxvd2x XS,0,p = 0x7c000798 | XS[0:4] << 21 | p << 11 | XS[5]; then mfvscr v0 and store
     * v0 again as the 65th entry (v0 itself was stored first). */
    __asm__ volatile(STX8(0) STX8(8) STX8(16) STX8(24) STX8(32) STX8(40) STX8(48) STX8(56)
                     ".long 0x10000604\n\t"   /* mfvscr v0 */
                     ".long %[op] + %[p] * 0x800 + 1\n\t"   /* stxvd2x vs32,0,p */
                     : [p] "+b"(p)
                     : [op] "i"(0x7c000798u)
                     : "memory");
#undef STX8
#undef STXVD2X
#else
    if (!(g_case.flags & DT_FLAG_VMX)) return;
    ulong p = (ulong)g_vsr_out[32];
#define STVX(n) ".long %[op] + (" #n ") * 0x200000 + %[p] * 0x800\n\taddi %[p],%[p],16\n\t"
#define STV8(a) STVX(a) STVX(a + 1) STVX(a + 2) STVX(a + 3) STVX(a + 4) STVX(a + 5) STVX(a + 6) STVX(a + 7)
    /* stvx vS,0,p = 0x7c0001ce | S << 21 | p << 11; then mfvscr v0 and store v0 again as the
     * 65th entry. */
    __asm__ volatile(STV8(0) STV8(8) STV8(16) STV8(24)
                     ".long 0x10000604\n\t"   /* mfvscr v0 */
                     ".long %[op] + %[p] * 0x800\n\t"   /* stvx v0,0,p */
                     : [p] "+b"(p)
                     : [op] "i"(0x7c0001ceu)
                     : "memory");
#undef STV8
#undef STVX
#endif
}

static void handler(int sig, void* info, void* uc) {
    save_vector_state();
    ulong* regs = *(ulong**)((char*)uc + UC_REGS_OFFSET);
    const ulong nip = regs[PT_NIP];
    /* While a test runs every signal is the test's, even outside the code area (a branch that
     * left it faults at its target). */
    if (!g_in_test) {
        if (sig == SIGALRM_) return; /* stale timer outside a test: ignore */
        char msg[] = "difftest runtime: signal __ at 0x________________ outside the test code\n";
        msg[25] = (char)('0' + sig / 10);
        msg[26] = (char)('0' + sig % 10);
        for (int i = 0; i < 16; ++i) msg[48 - i] = "0123456789abcdef"[(nip >> (4 * i)) & 15];
        die(msg);
    }
    g_in_test = 0;
    g_result.magic = DT_RESULT_MAGIC;
    g_result.signo = (unsigned long long)sig;
    g_result.si_code = (unsigned long long)(long long)((int*)info)[2];
    g_result.nip = nip;
    g_result.fault_addr = *(ulong*)((char*)info + SI_ADDR_OFFSET);
    for (int i = 0; i < 32; ++i) g_result.regs[DT_GPR0 + i] = regs[i];
    g_result.regs[DT_CR] = regs[PT_CCR];
    g_result.regs[DT_XER] = regs[PT_XER];
    g_result.regs[DT_LR] = regs[PT_LNK];
    g_result.regs[DT_CTR] = regs[PT_CTR];
    /* The FPRs and FPSCR follow the 48 general slots in both frame layouts (ppc64 sigcontext
     * gp_regs/fp_regs, ppc32 mcontext mc_gregs/mc_fregs). */
    const unsigned long long* fregs = (const unsigned long long*)(const void*)(regs + 48);
    for (int i = 0; i < 33; ++i) g_result.regs[DT_FPR0 + i] = fregs[i];
#if defined(__powerpc64__)
    for (int i = 0; i < 32; ++i) g_result.regs[DT_VSRLO0 + i] = g_vsr_out[i][1];
    const int vector_state = 1;
#else
    const int vector_state = (g_case.flags & DT_FLAG_VMX) != 0;
#endif
    if (vector_state) {
        for (int i = 0; i < 32; ++i) {
            g_result.regs[DT_VR0 + 2 * i] = g_vsr_out[32 + i][0];
            g_result.regs[DT_VR0 + 2 * i + 1] = g_vsr_out[32 + i][1];
        }
        g_result.regs[DT_VSCR] = g_vsr_out[64][1] & 0xffffffffu;
    }
    memcpy(g_result.scratch, (void*)DT_SCRATCH_BASE, DT_SCRATCH_SIZE);
    write_full(&g_result, sizeof g_result);
    /* Return from the signal into resume() on the runtime's own stack. */
    regs[PT_NIP] = code_address(resume);
    regs[PT_R12] = regs[PT_NIP];
    regs[PT_R1] = g_saved_sp;
    regs[PT_R2] = g_saved_toc;
}

static void install(int sig) {
    struct {
        ulong handler, flags, restorer;
        unsigned long long mask;
    } sa = {(ulong)handler, 0x4u /*SA_SIGINFO*/ | 0x08000000u /*SA_ONSTACK*/, 0, 0};
    if (syscall6(NR_rt_sigaction, sig, (long)&sa, 0, 8 /*sigsetsize*/, 0, 0) < 0)
        die("difftest runtime: rt_sigaction failed\n");
}

static void map_fixed(ulong addr, ulong size, int prot) {
    long r = syscall6(NR_mmap, (long)addr, (long)size, prot, 0x10 /*FIXED*/ | 0x20 /*ANON*/ | 0x02,
                      -1, 0);
    if (r != (long)addr) die("difftest runtime: mmap at a fixed address failed\n");
}

static void write_prologue(unsigned long long flags) {
    unsigned* p = (unsigned*)DT_CODE_BASE;
    const unsigned base = 3; /* r3 holds &g_state on entry */
#define LOADW(rt, slot) \
    (LOAD_WORD_OP | ((rt) << 21) | (base << 16) | (unsigned)(GPR_BLOCK_OFFSET + (slot) * W))
#define LFD(frt, off) (0xc8000000u | ((frt) << 21) | (base << 16) | (unsigned)(off))
#define LI_R0(v) (0x38000000u | (unsigned)(v))                 /* addi r0,0,v */
#define LXVD2X(t) (0x7c000698u | (((t) & 31u) << 21) | (base << 16) | (0u << 11) | ((t) >> 5))
#define LVX(t) (0x7c0000ceu | ((t) << 21) | (base << 16) | (0u << 11)) /* lvx vT,r3,r0 */
    /* QEMU state that is not architected state but outlives a case: (1) the reservation of a
     * larx in an earlier case (a stcx. of this case could succeed on it): any stcx. clears it
     * (its store cannot happen: no larx of a case ever targets g_state); (2) softfloat's
     * accumulated exception flags, which some QEMU 7.2 helpers read without resetting them
     * first: fadd of +0 + +0 (exact, no exception) resets them. mtfsf then sets the whole
     * FPSCR, so the fadd leaves no trace; CR0 is loaded below. */
    *p++ = 0x7c00012du | (base << 11); /* stwcx. r0,0,r3 */
    *p++ = LFD(0u, FPSCR_OFFSET + 8);  /* g_state.pad: +0.0 */
    *p++ = 0xfc00002au;                /* fadd f0,f0,f0 */
    *p++ = LFD(0u, FPSCR_OFFSET);
    *p++ = 0xfdfe058eu; /* mtfsf 0xff,f0 */
#if defined(__powerpc64__)
    *p++ = LI_R0(VSCR_OFFSET);
    *p++ = LXVD2X(32u);  /* lxvd2x v0,r3,r0 */
    *p++ = 0x10000644u;  /* mtvscr v0 */
    for (unsigned v = 0; v < 64; ++v) {
        *p++ = LI_R0(VSR_OFFSET + 16 * v);
        *p++ = LXVD2X(v); /* lxvd2x vsN,r3,r0 */
    }
#else
    for (unsigned f = 0; f < 32; ++f) *p++ = LFD(f, VSR_OFFSET + 16 * f);
    if (flags & DT_FLAG_VMX) {
        *p++ = LI_R0(VSCR_OFFSET);
        *p++ = LVX(0u);
        *p++ = 0x10000644u; /* mtvscr v0 */
        for (unsigned v = 0; v < 32; ++v) {
            *p++ = LI_R0(VSR_OFFSET + 16 * (32 + v));
            *p++ = LVX(v);
        }
    }
#endif
    (void)flags;
    *p++ = LOADW(0u, DT_CR);
    *p++ = 0x7c0ff120u; /* mtcrf 0xff,r0 */
    *p++ = LOADW(0u, DT_XER);
    *p++ = 0x7c0103a6u; /* mtxer r0 */
    *p++ = LOADW(0u, DT_LR);
    *p++ = 0x7c0803a6u; /* mtlr r0 */
    *p++ = LOADW(0u, DT_CTR);
    *p++ = 0x7c0903a6u; /* mtctr r0 */
    for (unsigned r = 0; r < 32; ++r)
        if (r != base) *p++ = LOADW(r, r);
    *p++ = LOADW(base, base);
    const ulong at = (ulong)p;
    *p = 0x48000000u | (unsigned)((DT_TEST_BASE - at) & 0x03fffffcu); /* b DT_TEST_BASE */
#undef LOADW
#undef LFD
#undef LI_R0
#undef LXVD2X
#undef LVX
}

static void sync_icache(ulong start, ulong end) {
    for (ulong a = start & ~31ul; a < end; a += 32) __asm__ volatile("dcbst 0,%0" ::"r"(a));
    __asm__ volatile("sync");
    for (ulong a = start & ~31ul; a < end; a += 32) __asm__ volatile("icbi 0,%0" ::"r"(a));
    __asm__ volatile("sync\n\tisync");
}

static void next_case(void) {
    for (;;) {
        if (!read_full(&g_case, sizeof g_case)) die("difftest runtime: truncated input\n");
        if (g_case.magic != DT_MAGIC) die("difftest runtime: bad case magic\n");
        if (g_case.code_words == 0) {
            for (;;) syscall3(NR_exit_group, 0, 0, 0);
        }
        if (g_case.code_words > DT_MAX_CODE_WORDS) die("difftest runtime: case too long\n");
        if ((long long)g_case.flags != g_prologue_flags) {
            write_prologue(g_case.flags);
            sync_icache(DT_CODE_BASE, DT_TEST_BASE);
            g_prologue_flags = (long long)g_case.flags;
        }
        const ulong bytes = (ulong)g_case.code_words * 4;
        if (!read_full((void*)DT_TEST_BASE, bytes)) die("difftest runtime: truncated code\n");
        g_code_end = DT_TEST_BASE + bytes;
        sync_icache(DT_TEST_BASE, g_code_end);
        memcpy((void*)DT_SCRATCH_BASE, g_case.scratch, DT_SCRATCH_SIZE);
        for (int i = 0; i < DT_FPR0; ++i) g_state.gpr[i] = (ulong)g_case.regs[i];
        g_state.fpscr = g_case.regs[DT_FPSCR];
        g_state.vscr[0] = 0;
        g_state.vscr[1] = g_case.regs[DT_VSCR];
        for (int i = 0; i < 32; ++i) {
            g_state.vsr[i][0] = g_case.regs[DT_FPR0 + i];
            g_state.vsr[i][1] = g_case.regs[DT_VSRLO0 + i];
            g_state.vsr[32 + i][0] = g_case.regs[DT_VR0 + 2 * i];
            g_state.vsr[32 + i][1] = g_case.regs[DT_VR0 + 2 * i + 1];
        }
        /* A stream that loops forever is cut off after 2 s (SIGALRM). */
        ulong timer[4] = {0, 0, 2, 0};
        syscall3(NR_setitimer, 0 /*ITIMER_REAL*/, (long)timer, 0);
        ulong sp, toc;
        __asm__ volatile("mr %0,1\n\tmr %1,2" : "=r"(sp), "=r"(toc));
        /* resume() restarts this loop on a fixed stack slot well below this frame, so the
         * stack does not grow from case to case. */
        if (!g_saved_sp) g_saved_sp = (sp - 4096) & ~15ul;
        g_saved_toc = toc;
        g_in_test = 1;
        __asm__ volatile("mtctr %0\n\tmr 3,%1\n\tbctr" ::"r"(DT_CODE_BASE), "r"(&g_state)
                         : "r3", "ctr", "memory");
        __builtin_unreachable();
    }
}

void _start(void) __attribute__((noreturn));
void _start(void) {
    struct {
        ulong sp;
        int flags;
        ulong size;
    } ss = {(ulong)g_altstack, 0, sizeof g_altstack};
    if (syscall3(NR_sigaltstack, (long)&ss, 0, 0) < 0) die("difftest runtime: sigaltstack\n");
    const int sigs[] = {SIGILL_, SIGTRAP_, SIGBUS_, SIGFPE_, SIGSEGV_, SIGALRM_};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) install(sigs[i]);
    map_fixed(DT_CODE_BASE, DT_CODE_SIZE, 7);
    map_fixed(DT_SCRATCH_BASE, (DT_SCRATCH_SIZE + 0xffff) & ~0xfffful, 3);
    next_case();  /* writes the prologue for the first case's flags */
}

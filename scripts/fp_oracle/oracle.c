/* Runs one scalar floating-point instruction per input line under qemu-ppc64le and prints the
 * result, FPSCR and CR. Input:  <op> <fpscr> <a> <b> <c>   (hex; FRA=f1, FRB=f2, FRC=f3)
 * Output: <op> <fpscr_in> <a> <b> <c> <frt> <fpscr_out> <cr>. FRT (f0) starts as a sentinel so
 * "unchanged" is visible. Built by gen_vectors.py; not part of the ppcvm build. */
/* Freestanding (no cross libc is installed): raw Linux syscalls for I/O. */
typedef unsigned long long uint64_t;
typedef unsigned int uint32_t;

static long sys3(long n, long a, long b, long c) {
    register long r0 asm("r0") = n;
    register long r3 asm("r3") = a;
    register long r4 asm("r4") = b;
    register long r5 asm("r5") = c;
    asm volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
                 :
                 : "memory", "cr0", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr");
    return r3;
}
static long sys4(long n, long a, long b, long c, long d) {
    register long r0 asm("r0") = n;
    register long r3 asm("r3") = a;
    register long r4 asm("r4") = b;
    register long r5 asm("r5") = c;
    register long r6 asm("r6") = d;
    asm volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                 :
                 : "memory", "cr0", "r7", "r8", "r9", "r10", "r11", "r12", "ctr");
    return r3;
}
static char inbuf[1 << 24];
static long inlen, inpos;
static char outbuf[1 << 16];
static long outlen;
static void flush(void) { if (outlen) sys3(4, 1, (long)outbuf, outlen); outlen = 0; }
static void putc_(char c) { if (outlen == sizeof outbuf) flush(); outbuf[outlen++] = c; }
static void puts_(const char* s) { while (*s) putc_(*s++); }
static void puthex(uint64_t v) {
    char t[17]; int n = 0;
    do { t[n++] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
    while (n) putc_(t[--n]);
}
static int skipws(void) {
    while (inpos < inlen && (inbuf[inpos] == ' ' || inbuf[inpos] == '\n')) inpos++;
    return inpos < inlen;
}
static int word(char* w, int max) {
    if (!skipws()) return 0;
    int n = 0;
    while (inpos < inlen && inbuf[inpos] != ' ' && inbuf[inpos] != '\n' && n < max - 1) w[n++] = inbuf[inpos++];
    w[n] = 0;
    return 1;
}
static uint64_t hex(void) {
    char w[32]; word(w, 32); uint64_t v = 0;
    for (char* p = w; *p; ++p) v = v * 16 + (*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
    return v;
}
static int streq(const char* a, const char* b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }

typedef union { uint64_t u; double d; } bits;
#define SENTINEL 0x5555aaaa5555aaaaull

/* The FPSCR is set up first (a setup trap is not counted), then the instruction runs. */
#define RUN(insn)                                                                       \
    asm volatile("mtfsf 0xff,%[fs],1,0" : : [fs] "d"(fs.d));                           \
    traps = 0;                                                                           \
    asm volatile("fmr 0,%[s]\n\tfmr 1,%[a]\n\tfmr 2,%[b]\n\tfmr 3,%[c]\n\tmtcrf 0xff,%[z]\n\t" \
                 insn "\n\t"                                                            \
                 "mffs 4\n\tfmr %[r],0\n\tfmr %[fo],4\n\tmfcr %[cr]"                     \
                 : [r] "=d"(r.d), [fo] "=d"(fo.d), [cr] "=r"(cr)                      \
                 : [s] "d"(s.d), [a] "d"(a.d), [b] "d"(b.d), [c] "d"(c.d), [z] "r"(0)   \
                 : "fr0", "fr1", "fr2", "fr3", "fr4", "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", \
                   "cr6", "cr7", "r0", "fr5")

#define OPS(X) \
  X(fadd, "fadd. 0,1,2") X(fadds, "fadds. 0,1,2") X(fsub, "fsub. 0,1,2") X(fsubs, "fsubs. 0,1,2") \
  X(fmul, "fmul. 0,1,3") X(fmuls, "fmuls. 0,1,3") X(fdiv, "fdiv. 0,1,2") X(fdivs, "fdivs. 0,1,2") \
  X(fsqrt, "fsqrt. 0,2") X(fsqrts, "fsqrts. 0,2") X(fre, "fre. 0,2") X(fres, "fres. 0,2") \
  X(frsqrte, "frsqrte. 0,2") X(frsqrtes, "frsqrtes. 0,2") \
  X(fmadd, "fmadd. 0,1,3,2") X(fmadds, "fmadds. 0,1,3,2") X(fmsub, "fmsub. 0,1,3,2") \
  X(fmsubs, "fmsubs. 0,1,3,2") X(fnmadd, "fnmadd. 0,1,3,2") X(fnmadds, "fnmadds. 0,1,3,2") \
  X(fnmsub, "fnmsub. 0,1,3,2") X(fnmsubs, "fnmsubs. 0,1,3,2") X(frsp, "frsp. 0,2") \
  X(fctiw, "fctiw. 0,2") X(fctiwz, "fctiwz. 0,2") X(fctiwu, "fctiwu. 0,2") X(fctiwuz, "fctiwuz. 0,2") \
  X(fctid, "fctid. 0,2") X(fctidz, "fctidz. 0,2") X(fctidu, "fctidu. 0,2") X(fctiduz, "fctiduz. 0,2") \
  X(fcfid, "fcfid. 0,2") X(fcfidu, "fcfidu. 0,2") X(fcfids, "fcfids. 0,2") X(fcfidus, "fcfidus. 0,2") \
  X(frin, "frin. 0,2") X(friz, "friz. 0,2") X(frip, "frip. 0,2") X(frim, "frim. 0,2") \
  X(fcmpu, "fcmpu 2,1,2") X(fcmpo, "fcmpo 2,1,2") X(ftdiv, "ftdiv 2,1,2") X(ftsqrt, "ftsqrt 2,2") \
  X(fsel, "fsel. 0,1,3,2") X(fcpsgn, "fcpsgn. 0,1,2") X(mffsl, "mffsl 0") X(mffsce, "mffsce 0") \
  X(stfs, "li 0,0\n\tstd 0,-8(1)\n\tstfs 2,-8(1)\n\tlfd 0,-8(1)") \
  X(lfs, "stfd 2,-8(1)\n\tlfs 0,-8(1)") \
  X(mtfsf_ff, "mtfsf. 0xff,2") X(mtfsf_81w, "mtfsf 0x81,2,0,1") X(mtfsf_3c, "mtfsf 0x3c,2") \
  X(mtfsf_l, "mtfsf 0xff,2,1,0") X(mtfsf_80, "mtfsf 0x80,2") \
  X(mtfsfi_0, "mtfsfi. 0,9") X(mtfsfi_7, "mtfsfi 7,3") X(mtfsfi_6, "mtfsfi 6,15") \
  X(mtfsfi_1, "mtfsfi 1,15") X(mtfsfi_7w, "mtfsfi 7,5,1") \
  X(mtfsb1_3, "mtfsb1 3") X(mtfsb1_1, "mtfsb1 1") X(mtfsb0_0, "mtfsb0. 0") X(mtfsb1_24, "mtfsb1 24") \
  X(mtfsb1_12, "mtfsb1. 12") X(mtfsb0_2, "mtfsb0 2") X(mtfsb0_7, "mtfsb0 7") \
  X(mcrfs_0, "mcrfs 2,0") X(mcrfs_1, "mcrfs 2,1") X(mcrfs_2, "mcrfs 2,2") X(mcrfs_3, "mcrfs 2,3") \
  X(mcrfs_5, "mcrfs 2,5") X(mcrfs_7, "mcrfs 2,7") \
  X(mffscrn, "mffscrn 0,2") X(mffscdrn, "mffscdrn 0,2") X(mffscrni, "mffscrni 0,1") \
  X(mffscdrni, "mffscdrni 0,5") X(mffs_rc, "mffs. 0") X(fmr_rc, "fmr. 0,2") \
  X(lfdp_even, "stfd 1,-16(1)\n\tstfd 2,-8(1)\n\tlfdp 4,-16(1)\n\tfmr 0,4") \
  X(lfdp_odd, "stfd 1,-16(1)\n\tstfd 2,-8(1)\n\tlfdp 4,-16(1)\n\tfmr 0,5") \
  X(stfdp_lo, "stfdp 2,-16(1)\n\tlfd 0,-16(1)")

static volatile long traps;
/* Enabled exceptions: qemu-user runs with MSR[FE0|FE1] set, so an enabled exception is a
 * SIGFPE at the excepting instruction. The handler steps over it (the instruction has completed
 * by then, as in the ISA's precise mode) and counts the trap. */
static void on_sigfpe(int sig, void* info, char* uc) {
    (void)sig; (void)info;
    /* ucontext: uc_flags, uc_link, uc_stack(24), uc_sigmask(8), __unused(120), then the
     * sigcontext: _unused[4], signal, _pad0, handler, oldmask, regs (struct pt_regs*). */
    unsigned long* regs = *(unsigned long**)(uc + 168 + 56);
    regs[32] += 4; /* nip */
    traps++;
}
struct ksigaction { void* handler; unsigned long flags; void* restorer; unsigned long mask; };

static int run(void) {
    char op[32];
    struct ksigaction sa = {(void*)on_sigfpe, 4 /* SA_SIGINFO */, 0, 0};
    if (sys4(173, 8 /* SIGFPE */, (long)&sa, 0, 8) != 0) return 2;
    for (long n; (n = sys3(3, 0, (long)inbuf + inlen, sizeof inbuf - inlen)) > 0;) inlen += n;
    while (word(op, 32)) {
        bits fs = {hex()}, a = {hex()}, b = {hex()}, c = {hex()}, s = {SENTINEL}, r, fo;
        uint32_t cr;
        int found = 0;
#define X(name, text) if (streq(op, #name)) { RUN(text); found = 1; } else
        OPS(X) {}
#undef X
        if (!found) { puts_("unknown op\n"); flush(); return 1; }
        long trapped = traps; traps = 0;
        puts_(op); putc_(' '); puthex(fs.u); putc_(' '); puthex(a.u); putc_(' '); puthex(b.u);
        putc_(' '); puthex(c.u); putc_(' '); puthex(r.u); putc_(' '); puthex(fo.u); putc_(' ');
        puthex(cr); putc_(' '); puthex(trapped); putc_('\n');
    }
    flush();
    return 0;
}

void start_c(void) { sys3(1, run(), 0, 0); }
asm(".globl _start\n_start:\n\tlis 2,.TOC.@ha\n\taddi 2,2,.TOC.@l\n\tstdu 1,-256(1)\n"
    "\tbl start_c\n\tnop\n\tb .\n");

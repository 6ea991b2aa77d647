/* Runs one VMX instruction per input line under qemu-ppc64le -cpu power10 and prints the
 * result. Input:  <op> <vscr> <a0> <a1> <b0> <b1> <c0> <c1> <t0> <t1> <gpr>   (hex; doubleword 0
 * first: VRA=v1, VRB=v2, VRC=v3, VRT=v0 initial value, r4 = gpr, r5 = b1, r3 = GPR result)
 * Output: the input line, then <t0> <t1> <vscr> <cr> <r3>. Built by gen_vectors.py from the
 * generated ops.h; not part of the ppcvm build. Freestanding: raw Linux syscalls for I/O. */
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
static char inbuf[1 << 25];
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

#define RUN(insn)                                                                              \
    asm volatile("mtvsrdd 36,%[z],%[vs]\n\tmtvscr 4\n\t"                                      \
                 "mtvsrdd 33,%[a0],%[a1]\n\tmtvsrdd 34,%[b0],%[b1]\n\tmtvsrdd 35,%[c0],%[c1]\n\t" \
                 "mtvsrdd 32,%[t0],%[t1]\n\tmr 4,%[g]\n\tmr 5,%[b1]\n\tli 3,0\n\tmtcrf 0xff,%[z]\n\t"       \
                 insn "\n\t"                                                                   \
                 "mfvsrd %[o0],32\n\tmfvsrld %[o1],32\n\tmfvscr 4\n\tmfvsrld %[ovs],36\n\t"   \
                 "mfcr %[cr]\n\tmr %[r],3"                                                     \
                 : [o0] "=&r"(o0), [o1] "=&r"(o1), [ovs] "=&r"(ovs), [cr] "=&r"(cr), [r] "=&r"(r) \
                 : [a0] "r"(a0), [a1] "r"(a1), [b0] "r"(b0), [b1] "r"(b1), [c0] "r"(c0),      \
                   [c1] "r"(c1), [t0] "r"(t0), [t1] "r"(t1), [g] "r"(g), [vs] "r"(vs), [z] "r"(0ull) \
                 : "v0", "v1", "v2", "v3", "v4", "r3", "r4", "r5", "cr0", "cr1", "cr2", "cr3", "cr4", \
                   "cr5", "cr6", "cr7")

#include "ops.h"

static int run(void) {
    char op[32];
    for (long n; (n = sys3(3, 0, (long)inbuf + inlen, sizeof inbuf - inlen)) > 0;) inlen += n;
    while (word(op, 32)) {
        uint64_t vs = hex(), a0 = hex(), a1 = hex(), b0 = hex(), b1 = hex(), c0 = hex(), c1 = hex();
        uint64_t t0 = hex(), t1 = hex(), g = hex(), o0, o1, ovs, r;
        uint32_t cr;
        int found = 0;
#define X(name, text) if (streq(op, #name)) { RUN(text); found = 1; } else
        OPS(X) {}
#undef X
        if (!found) { puts_("unknown op "); puts_(op); putc_('\n'); flush(); return 1; }
        uint64_t in[] = {vs, a0, a1, b0, b1, c0, c1, t0, t1, g, o0, o1, ovs, cr, r};
        puts_(op);
        for (int i = 0; i < 15; ++i) { putc_(' '); puthex(in[i]); }
        putc_('\n');
    }
    flush();
    return 0;
}

void start_c(void) { sys3(1, run(), 0, 0); }
asm(".globl _start\n_start:\n\tlis 2,.TOC.@ha\n\taddi 2,2,.TOC.@l\n\tstdu 1,-256(1)\n"
    "\tbl start_c\n\tnop\n\tb .\n");

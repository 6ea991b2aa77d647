/* Runs one VSX instruction per input line under qemu-ppc64le / qemu-ppc64 and prints the
 * outcome. The instruction word is patched into a copy of a register set-up stub in an
 * executable page (qemu-user handles the self-modifying code), so one binary runs any
 * instruction. Registers: XT=vs0, XA=vs1, XB=vs2, XC=vs3, GPR operands r5 (RA) and r6 (RB).
 * Input:  <name> <prefix> <word> <fpscr> <t0> <t1> <a0> <a1> <b0> <b1> <c0> <c1> <ra> <rb> <mem>
 *         (hex; prefix 0 for a 32-bit instruction; mem=1: RA is an offset into a 64-byte buffer
 *         holding bytes 0x00..0x3f, and the buffer is printed after the instruction)
 * Output: the input fields, then <t0> <t1> <fpscr> <cr> <r5> <traps> <v0.0> <v0.1> [<64 memory bytes>]
 * (VRT-form instructions use v0 = VSR 32; v1..v3 = VSR 33..35 hold the XA/XB/XC inputs.)
 * Built by gen_vectors.py; not part of the ppcvm build. */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned char u8;

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
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
    register long r0 asm("r0") = n;
    register long r3 asm("r3") = a;
    register long r4 asm("r4") = b;
    register long r5 asm("r5") = c;
    register long r6 asm("r6") = d;
    register long r7 asm("r7") = e;
    register long r8 asm("r8") = f;
    asm volatile("sc\n\tbns+ 1f\n\tneg %1,%1\n1:"
                 : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
                 :
                 : "memory", "cr0", "r9", "r10", "r11", "r12", "ctr");
    return r3;
}
static char inbuf[1 << 24];
static long inlen, inpos;
static char outbuf[1 << 16];
static long outlen;
static void flush(void) { if (outlen) sys3(4, 1, (long)outbuf, outlen); outlen = 0; }
static void putc_(char c) { if (outlen == sizeof outbuf) flush(); outbuf[outlen++] = c; }
static void puts_(const char* s) { while (*s) putc_(*s++); }
static void puthex(u64 v) {
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
static u64 hex(void) {
    char w[32]; word(w, 32); u64 v = 0;
    for (char* p = w; *p; ++p) v = v * 16 + (*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
    return v;
}

/* Block layout (r3): 0 XT, 16 XA, 32 XB, 48 XC, 64 RA, 72 RB, 80 FPSCR in, 88 FPSCR out,
 * 96 CR, 112 XT out, 128 RA out, 144 VSR 32 out. VSR 32-35 start as copies of VSR 0-3. */
extern u32 stub_begin[], stub_insn[], stub_end[];
asm(".text\n.globl stub_begin\nstub_begin:\n"
    "\tlxvd2x 0,0,3\n\tli 4,16\n\tlxvd2x 1,4,3\n\tli 4,32\n\tlxvd2x 2,4,3\n\tli 4,48\n\tlxvd2x 3,4,3\n"
    "\tlxvd2x 32,0,3\n\tli 4,16\n\tlxvd2x 33,4,3\n\tli 4,32\n\tlxvd2x 34,4,3\n\tli 4,48\n\tlxvd2x 35,4,3\n"
    "\tld 5,64(3)\n\tld 6,72(3)\n\tlfd 7,80(3)\n\tmtfsf 0xff,7,1,0\n\tli 0,0\n\tmtcrf 0xff,0\n"
    ".globl stub_insn\nstub_insn:\n\tnop\n\tnop\n"
    "\tmffs 7\n\tstfd 7,88(3)\n\tmfcr 0\n\tstd 0,96(3)\n\tli 4,112\n\tstxvd2x 0,4,3\n\tstd 5,128(3)\n"
    "\tli 4,144\n\tstxvd2x 32,4,3\n\tblr\n"
    ".globl stub_end\nstub_end:\n");

static volatile long traps;
static volatile u64 insn_addr;
static void on_sigfpe(int sig, void* info, char* uc) {
    (void)sig; (void)info;
    unsigned long* regs = *(unsigned long**)(uc + 168 + 56);
    if (regs[32] == insn_addr) traps++;
    regs[32] += 4; /* nip: the instruction has completed (precise mode) */
}
struct ksigaction { void* handler; unsigned long flags; void* restorer; unsigned long mask; };

static u64 block[24] __attribute__((aligned(16)));
static u8 mem[64] __attribute__((aligned(64)));

static int run(void) {
    char op[32];
    struct ksigaction sa = {(void*)on_sigfpe, 4 /* SA_SIGINFO */, 0, 0};
    if (sys6(173, 8 /* SIGFPE */, (long)&sa, 0, 8, 0, 0) != 0) return 2;
    u8* page = (u8*)sys6(90, 0, 65536, 7, 0x22, -1, 0);
    if ((long)page < 0 && (long)page > -4096) return 3;
    /* Place the stub so that the patched instruction is 64-byte aligned (a prefixed
     * instruction must not cross a 64-byte boundary). */
    long pre = (char*)stub_insn - (char*)stub_begin, len = (char*)stub_end - (char*)stub_begin;
    u8* base = page + 1024 - pre;
    u32* code = (u32*)base;
    for (long i = 0; i < len / 4; ++i) code[i] = stub_begin[i];
    u32* slot = (u32*)(page + 1024);
    insn_addr = (u64)slot;
    for (long n; (n = sys3(3, 0, (long)inbuf + inlen, sizeof inbuf - inlen)) > 0;) inlen += n;
    while (word(op, 32)) {
        u64 prefix = hex(), w = hex(), fs = hex();
        for (int i = 0; i < 8; ++i) block[i] = hex();
        u64 ra = hex(), rb = hex(), is_mem = hex();
        for (int i = 0; i < 64; ++i) mem[i] = (u8)i;
        block[8] = is_mem ? (u64)mem + ra : ra;
        block[9] = rb;
        union { u64 u; double d; } f = {fs};
        block[10] = f.u;
        if (prefix) { slot[0] = (u32)prefix; slot[1] = (u32)w; }
        else { slot[0] = (u32)w; slot[1] = 0x60000000; }
        asm volatile("dcbst 0,%0\n\tsync\n\ticbi 0,%0\n\tisync" : : "r"(slot) : "memory");
        traps = 0;
        register u64 r3 asm("r3") = (u64)block;
        asm volatile("mtctr %1\n\tbctrl" : "+r"(r3) : "r"(base)
                     : "memory", "r0", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "lr",
                       "cr0", "cr1", "cr2", "cr3", "cr4", "cr5", "cr6", "cr7",
                       "vs0", "vs1", "vs2", "vs3", "vs7", "vs32", "vs33", "vs34", "vs35");
        puts_(op);
        u64 outs[] = {prefix, w, fs, block[0], block[1], block[2], block[3], block[4], block[5],
                      block[6], block[7], ra, rb, is_mem, block[14], block[15], block[11],
                      block[12] & 0xffffffffu, is_mem ? block[16] - (u64)mem : block[16], (u64)traps,
                      block[18], block[19]};
        for (unsigned i = 0; i < sizeof outs / sizeof outs[0]; ++i) { putc_(' '); puthex(outs[i]); }
        if (is_mem) {
            putc_(' ');
            for (int i = 0; i < 64; ++i) { putc_("0123456789abcdef"[mem[i] >> 4]); putc_("0123456789abcdef"[mem[i] & 15]); }
        }
        putc_('\n');
    }
    flush();
    return 0;
}

void start_c(void) { sys3(1, run(), 0, 0); }
asm(".globl _start\n_start:\n\tlis 2,.TOC.@ha\n\taddi 2,2,.TOC.@l\n\tstdu 1,-256(1)\n"
    "\tbl start_c\n\tnop\n\tb .\n");

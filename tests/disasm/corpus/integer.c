/* Real compiler output for the disassembler comparison: integer arithmetic, compares, shifts,
   rotates, bit fields, switches and calls. Compiled with -O2 (scripts/disasm-compare.py). */
#include <stdint.h>
#include <stddef.h>

extern void sink(long);

uint32_t rotl32(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
uint64_t rotl64(uint64_t x, unsigned n) { return (x << (n & 63)) | (x >> ((64 - n) & 63)); }
uint32_t field(uint32_t x) { return (x >> 7) & 0x3f; }
uint64_t field64(uint64_t x) { return (x >> 13) & 0xffffff; }
uint64_t insert(uint64_t x, uint64_t y) { return (x & ~0xff00ull) | ((y & 0xff) << 8); }
int64_t sdiv(int64_t a, int64_t b) { return b ? a / b : 0; }
uint64_t udiv(uint64_t a, uint64_t b) { return b ? a % b : 0; }
int32_t mulh(int32_t a, int32_t b) { return (int32_t)(((int64_t)a * b) >> 32); }
int popc(uint64_t x) { return __builtin_popcountll(x) + __builtin_clzll(x | 1) + __builtin_ctzll(x | 2); }
uint32_t bswap(uint32_t x) { return __builtin_bswap32(x); }
uint64_t bswap64(uint64_t x) { return __builtin_bswap64(x); }
long sat_add(long a, long b) { long r; return __builtin_add_overflow(a, b, &r) ? 0 : r; }
int cmp3(long a, long b) { return (a > b) - (a < b); }
unsigned ucmp(unsigned a, unsigned b) { return a < b ? 7 : a == b ? 9 : 11; }
long minmax(long a, long b, long c) { long m = a < b ? a : b; return m > c ? m : c; }

int classify(int c) {
    switch (c) {
        case 0: return 10; case 1: return 22; case 2: return 37; case 3: return 41;
        case 4: return 53; case 5: return 68; case 6: return 71; case 7: return 89;
        case 9: return 90; case 12: return 100;
        default: return -1;
    }
}

uint64_t hash(const unsigned char* p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) { h ^= p[i]; h *= 1099511628211ull; }
    return h;
}

long sum_signed(const int* a, int n) {
    long s = 0;
    for (int i = 0; i < n; ++i) s += a[i] > 0 ? a[i] : -a[i];
    return s;
}

void loops(long n) {
    for (long i = 0; i < n; ++i) sink(i * 3 + (i >> 2));
    while (n-- > 0) sink(n ^ 0x5555);
}

struct bits { unsigned a : 3, b : 7, c : 13, d : 9; };
unsigned getbits(struct bits* s) { return s->a + s->b * s->c - s->d; }
void setbits(struct bits* s, unsigned v) { s->b = v; s->d = v >> 3; }

long big_constants(long x) { return x * 0x123456789abcdefll + 0x7fff0000 - 0x8000; }
unsigned long mask_ops(unsigned long x) { return (x & 0xffff0000ffffull) ^ (x >> 60) ^ (x << 48); }
int test_and_set(int* p) { return __atomic_exchange_n(p, 1, __ATOMIC_SEQ_CST); }
long fetch_add(long* p, long v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }
int cas(int* p, int o, int n) { return __atomic_compare_exchange_n(p, &o, n, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); }
void fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); __atomic_thread_fence(__ATOMIC_ACQUIRE); }

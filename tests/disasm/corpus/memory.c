/* Real compiler output for the disassembler comparison: loads and stores of every width,
   update forms, indexed forms, string and memory loops, structure copies. */
#include <stdint.h>
#include <stddef.h>
/* No libc headers: the cross toolchains may lack them; builtins instead. */
#define memcpy __builtin_memcpy
#define memset __builtin_memset

struct rec { uint8_t b; int8_t sb; uint16_t h; int16_t sh; uint32_t w; int32_t sw; uint64_t d; };

long load_all(const struct rec* r, size_t i) {
    return r[i].b + r[i].sb + r[i].h + r[i].sh + r[i].w + r[i].sw + (long)r[i].d;
}
void store_all(struct rec* r, size_t i, long v) {
    r[i].b = v; r[i].sb = v; r[i].h = v; r[i].sh = v; r[i].w = v; r[i].sw = v; r[i].d = v;
}
size_t my_strlen(const char* s) { const char* p = s; while (*p) ++p; return p - s; }
void my_memcpy(char* d, const char* s, size_t n) { while (n--) *d++ = *s++; }
int my_strcmp(const char* a, const char* b) {
    while (*a && *a == *b) { ++a; ++b; }
    return (unsigned char)*a - (unsigned char)*b;
}
void copy_struct(struct rec* d, const struct rec* s) { *d = *s; }
void zero(struct rec* d, size_t n) { memset(d, 0, n * sizeof *d); }
long sum_indexed(const long* a, const int* idx, int n) {
    long s = 0;
    for (int i = 0; i < n; ++i) s += a[idx[i]];
    return s;
}
void scale16(int16_t* a, int n, int k) { for (int i = 0; i < n; ++i) a[i] = (int16_t)(a[i] * k); }
uint32_t load_le(const uint8_t* p) { uint32_t v; memcpy(&v, p, 4); return __builtin_bswap32(v); }
uint64_t load_be64(const uint8_t* p) { uint64_t v; memcpy(&v, p, 8); return __builtin_bswap64(v); }
void store_rev(uint16_t* p, uint16_t v) { *p = __builtin_bswap16(v); }
static char buffer[4096];
char* get_buffer(int i) { return &buffer[i & 4095]; }
long global_counter;
void bump(void) { global_counter += 3; }
void* table[16];
void* lookup(int i) { return table[i & 15]; }
long stack_heavy(long a) {
    volatile long arr[64];
    for (int i = 0; i < 64; ++i) arr[i] = a + i;
    return arr[a & 63];
}

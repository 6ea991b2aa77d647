/* Real compiler output for the disassembler comparison: floating point (scalar, conversions,
   compares, fused multiply-add) and loops the compiler vectorizes (VMX/VSX). */
/* No libc headers: the cross toolchains may lack them; builtins instead. */
#define fmaf __builtin_fmaf
#define fabs __builtin_fabs
#define copysign __builtin_copysign
#define sqrt __builtin_sqrt
#define fmin __builtin_fmin
#define fmax __builtin_fmax
#define floor __builtin_floor
#define ceil __builtin_ceil
#define trunc __builtin_trunc
#define round __builtin_round
#define rint __builtin_rint
#include <stdint.h>

double poly(double x) { return ((3.0 * x + 2.0) * x - 1.5) * x + 0.25; }
float polyf(float x) { return fmaf(x, x, 1.0f) / (x - 3.0f); }
double conv(long i, unsigned long u, int j) { return (double)i + (double)u + (float)j; }
long trunc_to_long(double d) { return (long)d; }
unsigned to_unsigned(float f) { return (unsigned)f; }
int fcmp(double a, double b) { return a < b ? -1 : a > b ? 1 : a == b ? 0 : 2; }
double fabs_sel(double a, double b) { return fabs(a) > b ? copysign(a, b) : -a; }
double sqrt_min(double a, double b) { return sqrt(a) + fmin(a, b) + fmax(a, b); }
double dot(const double* a, const double* b, int n) {
    double s = 0;
    for (int i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}
void saxpy(float* restrict y, const float* restrict x, float a, int n) {
    for (int i = 0; i < n; ++i) y[i] += a * x[i];
}
void add_bytes(uint8_t* restrict d, const uint8_t* restrict a, const uint8_t* restrict b, int n) {
    for (int i = 0; i < n; ++i) d[i] = a[i] + b[i];
}
void max_ints(int* restrict d, const int* restrict a, const int* restrict b, int n) {
    for (int i = 0; i < n; ++i) d[i] = a[i] > b[i] ? a[i] : b[i];
}
void shifts(uint32_t* restrict d, const uint32_t* restrict a, int n) {
    for (int i = 0; i < n; ++i) d[i] = (a[i] << 3) ^ (a[i] >> 5);
}
void i2f(float* restrict d, const int* restrict a, int n) { for (int i = 0; i < n; ++i) d[i] = (float)a[i]; }
double round_modes(double x) { return floor(x) + ceil(x) + trunc(x) + round(x) + rint(x); }

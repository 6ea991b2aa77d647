// VMX single-precision floating point (Power ISA 3.1 Book I 6.3, 6.10): every operation rounds
// to nearest even, raises no exception and leaves the FPSR/FPSCR alone. NaN operands give the
// first NaN in operand order (VRA, VRB, VRC), quieted; invalid operations give the default QNaN
// 0x7FC00000. With VSCR[NJ]=1 (non-Java mode, 6.3.2) a denormal operand is taken as a zero of
// the same sign, and an element whose operation "causes an Underflow Exception" is replaced by
// a zero of the same sign. Underflow needs a "Tiny" result, and the architecture detects
// tininess before rounding (Book I 4.4.4: a nonzero intermediate result computed with unbounded
// precision and exponent range below 2^-126 in magnitude), so an exact result just below
// 2^-126 that rounds up to 2^-126 is flushed too (as QEMU 7.2, whose PowerPC targets detect
// tininess before rounding). Only fused multiply-add can produce such a value: with NJ=1 the
// operands of an add are zero or normal, multiples of 2^-149, so a tiny sum is exactly a
// denormal; and no single-precision b puts 1/b or 2^b within 2^-150 below 2^-126 (that needs
// b within a factor 1 + 2^-24 of 2^126, or within 9e-8 of -126).
// The arithmetic is the host's IEEE single precision in its default environment (round to
// nearest even, no flush-to-zero): nothing in ppcvm changes the host FP environment; a change
// there would have to save and restore it around these helpers.
#include <cmath>
#include <cstring>

#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

namespace {

constexpr uint32_t kDefaultNaN = 0x7fc00000;
bool is_nan(uint32_t x) { return (x & 0x7fffffff) > 0x7f800000; }
bool is_denormal(uint32_t x) { return (x & 0x7f800000) == 0 && (x & 0x007fffff) != 0; }
uint32_t quiet(uint32_t x) { return x | 0x00400000; }
float as_float(uint32_t x) {
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}
uint32_t as_bits(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    return x;
}
// Operand as the arithmetic sees it (NJ: denormal -> signed zero).
uint32_t input(const CpuState& cpu, uint32_t x) {
    return non_java(cpu) && is_denormal(x) ? (x & 0x80000000) : x;
}
// An operation's exact value as hi + lo (|lo| at most half an ulp of hi in double).
struct Exact {
    double hi, lo;
};
// Tiny before rounding (Book I 4.4.4): nonzero and below 2^-126 in magnitude.
bool is_tiny(Exact x) {
    constexpr double kMinNormal = 0x1p-126;
    const double m = std::fabs(x.hi);
    if (m == 0) return false;  // hi = 0 only for an exact zero (lo is then 0 too)
    if (m < kMinNormal) return true;
    return m == kMinNormal && x.lo != 0 && std::signbit(x.lo) != std::signbit(x.hi);
}
// a * c + b exactly as a double pair: the product of two singles is exact in double, and the
// sum's rounding error is recovered exactly (Knuth's two-sum; no overflow or underflow is
// possible in double for single-precision operands).
Exact exact_fma(float a, float c, float b) {
    const double p = double(a) * double(c), q = double(b);
    const double s = p + q;
    const double pv = s - q, qv = s - pv;
    return {s, (p - pv) + (q - qv)};
}
// Result as delivered (NJ: a tiny result -> signed zero; a NaN the host produced is an
// invalid operation -> default QNaN). `tiny` says the exact value was tiny even though the
// rounded one `r` may be the smallest normal.
uint32_t output(const CpuState& cpu, float r, bool tiny = false) {
    const uint32_t x = as_bits(r);
    if (is_nan(x)) return kDefaultNaN;
    return non_java(cpu) && (is_denormal(x) || tiny) ? (x & 0x80000000) : x;
}

// Element-wise float operation with NaN propagation in operand order.
template <typename F>
ExecStatus fp2(CpuState& cpu, uint32_t w, F op) {
    return map2<uint32_t>(cpu, w, [&](uint32_t a, uint32_t b) -> uint32_t {
        if (is_nan(a)) return quiet(a);
        if (is_nan(b)) return quiet(b);
        return output(cpu, op(as_float(input(cpu, a)), as_float(input(cpu, b))));
    });
}
template <typename F>
ExecStatus fp1(CpuState& cpu, uint32_t w, F op) {
    return map1<uint32_t>(cpu, w, [&](uint32_t b) -> uint32_t {
        if (is_nan(b)) return quiet(b);
        return output(cpu, op(as_float(input(cpu, b))));
    });
}
// Fused multiply-add forms: VRA x VRC + VRB (one rounding); NaN priority VRA, VRB, VRC.
// `negate_addend` gives VRA x VRC - VRB for the tininess test (vnmsubfp; the final negation
// does not change the magnitude).
template <typename F>
ExecStatus fp_fma(CpuState& cpu, uint32_t w, bool negate_addend, F op) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w)), c = vr(cpu, f::rc_reg(w));
    VsrValue r{};
    for (unsigned i = 0; i < 4; ++i) {
        const uint32_t x = elem<uint32_t>(a, i), y = elem<uint32_t>(b, i), z = elem<uint32_t>(c, i);
        uint32_t v;
        if (is_nan(x)) v = quiet(x);
        else if (is_nan(y)) v = quiet(y);
        else if (is_nan(z)) v = quiet(z);
        else {
            const float fa = as_float(input(cpu, x)), fc = as_float(input(cpu, z));
            const float fb = as_float(input(cpu, y));
            // The exact value only matters in non-Java mode.
            const bool tiny = non_java(cpu) && is_tiny(exact_fma(fa, fc, negate_addend ? -fb : fb));
            v = output(cpu, op(fa, fc, fb), tiny);
        }
        set_elem<uint32_t>(r, i, v);
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}

}  // namespace

// ---- arithmetic (6.10.1) ----
SEM(vaddfp) { return fp2(cpu, W, [](float a, float b) { return a + b; }); }
SEM(vsubfp) { return fp2(cpu, W, [](float a, float b) { return a - b; }); }
SEM(vmaddfp) { return fp_fma(cpu, W, false, [](float a, float c, float b) { return std::fma(a, c, b); }); }
// -((VRA x VRC) - VRB); a NaN result is not negated.
SEM(vnmsubfp) {
    return fp_fma(cpu, W, true, [](float a, float c, float b) {
        const float r = std::fma(a, c, -b);
        return std::isnan(r) ? r : -r;
    });
}
// Maximum/minimum: +0 > -0.
SEM(vmaxfp) {
    return fp2(cpu, W, [](float a, float b) {
        if (a == b) return std::signbit(a) ? b : a;
        return a > b ? a : b;
    });
}
SEM(vminfp) {
    return fp2(cpu, W, [](float a, float b) {
        if (a == b) return std::signbit(a) ? a : b;
        return a < b ? a : b;
    });
}

// ---- estimates (6.10.2): the ISA bounds the error (1/4096 for vrefp/vrsqrtefp); ppcvm returns
// the correctly rounded quotient for vrefp and 1/(rounded sqrt) for vrsqrtefp (QEMU computes
// the same), and the host's exp2f/log2f for vexptefp/vlogefp (within the ISA's bounds, not
// necessarily QEMU's bits). ----
SEM(vrefp) { return fp1(cpu, W, [](float b) { return 1.0f / b; }); }
SEM(vrsqrtefp) { return fp1(cpu, W, [](float b) { return 1.0f / std::sqrt(b); }); }
SEM(vexptefp) { return fp1(cpu, W, [](float b) { return std::exp2(b); }); }
SEM(vlogefp) { return fp1(cpu, W, [](float b) { return std::log2(b); }); }

// ---- round to integral (6.10.3) ----
SEM(vrfin) { return fp1(cpu, W, [](float b) { return std::nearbyint(b); }); }
SEM(vrfiz) { return fp1(cpu, W, [](float b) { return std::trunc(b); }); }
SEM(vrfip) { return fp1(cpu, W, [](float b) { return std::ceil(b); }); }
SEM(vrfim) { return fp1(cpu, W, [](float b) { return std::floor(b); }); }

// ---- conversions (6.10.4): fixed point with UIM fraction bits ----
SEM(vcfux) {
    const int uim = int(isa::bits(W, 11, 15));
    return map1<uint32_t>(cpu, W, [&](uint32_t b) {
        return output(cpu, float(std::ldexp(double(b), -uim)));  // exact in double, one rounding
    });
}
SEM(vcfsx) {
    const int uim = int(isa::bits(W, 11, 15));
    return map1<uint32_t>(cpu, W, [&](uint32_t b) {
        return output(cpu, float(std::ldexp(double(int32_t(b)), -uim)));
    });
}
// To fixed point: x * 2^UIM truncated toward zero, saturated (VSCR[SAT]); a NaN gives 0.
template <typename T>
static ExecStatus to_fixed(CpuState& cpu, uint32_t w) {
    const int uim = int(isa::bits(w, 11, 15));
    return map1<uint32_t>(cpu, w, [&](uint32_t b) -> uint32_t {
        if (is_nan(b)) return 0;
        const double v = std::trunc(std::ldexp(double(as_float(input(cpu, b))), uim));
        if (v > double(std::numeric_limits<T>::max())) return uint32_t(saturate<T>(cpu, s128(1) << 40));
        if (v < double(std::numeric_limits<T>::min())) return uint32_t(saturate<T>(cpu, -(s128(1) << 40)));
        return uint32_t(T(v));
    });
}
SEM(vctuxs) { return to_fixed<uint32_t>(cpu, W); }
SEM(vctsxs) { return to_fixed<int32_t>(cpu, W); }

// ---- compares (6.10.5) ----
template <typename F>
static ExecStatus fp_compare(CpuState& cpu, uint32_t w, F pred) {
    map2<uint32_t>(cpu, w, [&](uint32_t a, uint32_t b) -> uint32_t {
        if (is_nan(a) || is_nan(b)) return 0;
        return pred(as_float(input(cpu, a)), as_float(input(cpu, b))) ? ~0u : 0u;
    });
    if (vc_rc(w)) record_cr6(cpu, vr(cpu, f::rt(w)));
    return ExecStatus::Continue;
}
SEM(vcmpeqfp) { return fp_compare(cpu, W, [](float a, float b) { return a == b; }); }
SEM(vcmpgefp) { return fp_compare(cpu, W, [](float a, float b) { return a >= b; }); }
SEM(vcmpgtfp) { return fp_compare(cpu, W, [](float a, float b) { return a > b; }); }
// vcmpbfp: bit 0 <- not (a <= b), bit 1 <- not (a >= -b); both set for a NaN. Rc=1: CR6 bit 2
// <- every element within bounds.
SEM(vcmpbfp) {
    map2<uint32_t>(cpu, W, [&](uint32_t a, uint32_t b) -> uint32_t {
        if (is_nan(a) || is_nan(b)) return 0xc0000000u;
        const float x = as_float(input(cpu, a)), y = as_float(input(cpu, b));
        return (x <= y ? 0u : 0x80000000u) | (x >= -y ? 0u : 0x40000000u);
    });
    if (vc_rc(W)) {
        const VsrValue& r = vr(cpu, f::rt(W));
        cpu.set_cr_field(6, (r.dw[0] == 0 && r.dw[1] == 0) ? 0x2u : 0u);
    }
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

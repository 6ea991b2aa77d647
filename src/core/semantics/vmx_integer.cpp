// VMX integer arithmetic, modulo and carry forms (Power ISA 3.1 Book I 6.9.1): add/subtract
// (element and quadword), average, absolute difference, maximum/minimum, multiply, divide.
// Saturating forms and multiply-sum are in vmx_saturate.cpp.
#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

// ---- modulo add/subtract ----
SEM(vaddubm) { return map2<uint8_t>(cpu, W, [](uint8_t a, uint8_t b) { return uint8_t(a + b); }); }
SEM(vadduhm) { return map2<uint16_t>(cpu, W, [](uint16_t a, uint16_t b) { return uint16_t(a + b); }); }
SEM(vadduwm) { return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return a + b; }); }
SEM(vaddudm) { return map2<uint64_t>(cpu, W, [](uint64_t a, uint64_t b) { return a + b; }); }
SEM(vadduqm) { return quad2(cpu, W, [](u128 a, u128 b) { return a + b; }); }
SEM(vsububm) { return map2<uint8_t>(cpu, W, [](uint8_t a, uint8_t b) { return uint8_t(a - b); }); }
SEM(vsubuhm) { return map2<uint16_t>(cpu, W, [](uint16_t a, uint16_t b) { return uint16_t(a - b); }); }
SEM(vsubuwm) { return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return a - b; }); }
SEM(vsubudm) { return map2<uint64_t>(cpu, W, [](uint64_t a, uint64_t b) { return a - b; }); }
SEM(vsubuqm) { return quad2(cpu, W, [](u128 a, u128 b) { return a - b; }); }

// Carry out of bit 0 (6.9.1: vaddcuw, vsubcuw = carry of a + ~b + 1).
SEM(vaddcuw) {
    return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a) + b) >> 32); });
}
SEM(vsubcuw) { return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return uint32_t(a >= b); }); }
SEM(vaddcuq) { return quad2(cpu, W, [](u128 a, u128 b) { return u128(a + b < a); }); }
SEM(vsubcuq) { return quad2(cpu, W, [](u128 a, u128 b) { return u128(a >= b); }); }

// Extended forms: the carry-in is bit 127 of VRC.
static u128 carry_of(u128 a, u128 b, unsigned cin) {
    const u128 s = a + b;
    return u128(s < a || (cin && s + 1 == 0));
}
SEM(vaddeuqm) { return quad3(cpu, W, [](u128 a, u128 b, u128 c) { return a + b + (c & 1); }); }
SEM(vaddecuq) { return quad3(cpu, W, [](u128 a, u128 b, u128 c) { return carry_of(a, b, unsigned(c & 1)); }); }
SEM(vsubeuqm) { return quad3(cpu, W, [](u128 a, u128 b, u128 c) { return a + ~b + (c & 1); }); }
SEM(vsubecuq) { return quad3(cpu, W, [](u128 a, u128 b, u128 c) { return carry_of(a, ~b, unsigned(c & 1)); }); }

// ---- average: (a + b + 1) >> 1 without overflow ----
template <typename T>
static ExecStatus average(CpuState& cpu, uint32_t w) {
    return map2<T>(cpu, w, [](T a, T b) { return static_cast<T>((int64_t(a) + int64_t(b) + 1) >> 1); });
}
SEM(vavgub) { return average<uint8_t>(cpu, W); }
SEM(vavguh) { return average<uint16_t>(cpu, W); }
SEM(vavguw) { return average<uint32_t>(cpu, W); }
SEM(vavgsb) { return average<int8_t>(cpu, W); }
SEM(vavgsh) { return average<int16_t>(cpu, W); }
SEM(vavgsw) { return average<int32_t>(cpu, W); }

template <typename T>
static ExecStatus absdiff(CpuState& cpu, uint32_t w) {
    return map2<T>(cpu, w, [](T a, T b) { return static_cast<T>(a > b ? a - b : b - a); });
}
SEM(vabsdub) { return absdiff<uint8_t>(cpu, W); }
SEM(vabsduh) { return absdiff<uint16_t>(cpu, W); }
SEM(vabsduw) { return absdiff<uint32_t>(cpu, W); }

// ---- maximum / minimum ----
template <typename T>
static ExecStatus vmax(CpuState& cpu, uint32_t w) { return map2<T>(cpu, w, [](T a, T b) { return a > b ? a : b; }); }
template <typename T>
static ExecStatus vmin(CpuState& cpu, uint32_t w) { return map2<T>(cpu, w, [](T a, T b) { return a < b ? a : b; }); }
SEM(vmaxub) { return vmax<uint8_t>(cpu, W); }
SEM(vmaxuh) { return vmax<uint16_t>(cpu, W); }
SEM(vmaxuw) { return vmax<uint32_t>(cpu, W); }
SEM(vmaxud) { return vmax<uint64_t>(cpu, W); }
SEM(vmaxsb) { return vmax<int8_t>(cpu, W); }
SEM(vmaxsh) { return vmax<int16_t>(cpu, W); }
SEM(vmaxsw) { return vmax<int32_t>(cpu, W); }
SEM(vmaxsd) { return vmax<int64_t>(cpu, W); }
SEM(vminub) { return vmin<uint8_t>(cpu, W); }
SEM(vminuh) { return vmin<uint16_t>(cpu, W); }
SEM(vminuw) { return vmin<uint32_t>(cpu, W); }
SEM(vminud) { return vmin<uint64_t>(cpu, W); }
SEM(vminsb) { return vmin<int8_t>(cpu, W); }
SEM(vminsh) { return vmin<int16_t>(cpu, W); }
SEM(vminsw) { return vmin<int32_t>(cpu, W); }
SEM(vminsd) { return vmin<int64_t>(cpu, W); }

// ---- multiply even/odd: element 2i (even) or 2i+1 (odd) of the source, double-width product ----
template <typename T, typename R>
static ExecStatus mul_eo(CpuState& cpu, uint32_t w, unsigned odd) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<R>; ++i)
        set_elem<R>(r, i, static_cast<R>(R(elem<T>(a, 2 * i + odd)) * R(elem<T>(b, 2 * i + odd))));
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vmuleub) { return mul_eo<uint8_t, uint16_t>(cpu, W, 0); }
SEM(vmulesb) { return mul_eo<int8_t, int16_t>(cpu, W, 0); }
SEM(vmuleuh) { return mul_eo<uint16_t, uint32_t>(cpu, W, 0); }
SEM(vmulesh) { return mul_eo<int16_t, int32_t>(cpu, W, 0); }
SEM(vmuleuw) { return mul_eo<uint32_t, uint64_t>(cpu, W, 0); }
SEM(vmulesw) { return mul_eo<int32_t, int64_t>(cpu, W, 0); }
SEM(vmuloub) { return mul_eo<uint8_t, uint16_t>(cpu, W, 1); }
SEM(vmulosb) { return mul_eo<int8_t, int16_t>(cpu, W, 1); }
SEM(vmulouh) { return mul_eo<uint16_t, uint32_t>(cpu, W, 1); }
SEM(vmulosh) { return mul_eo<int16_t, int32_t>(cpu, W, 1); }
SEM(vmulouw) { return mul_eo<uint32_t, uint64_t>(cpu, W, 1); }
SEM(vmulosw) { return mul_eo<int32_t, int64_t>(cpu, W, 1); }
template <bool kSigned>
static ExecStatus mul_eo_dw(CpuState& cpu, uint32_t w, unsigned odd) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    u128 p;
    if constexpr (kSigned) p = u128(s128(int64_t(a.dw[odd])) * s128(int64_t(b.dw[odd])));
    else p = u128(a.dw[odd]) * b.dw[odd];
    vr(cpu, f::rt(w)) = from_quad(p);
    return ExecStatus::Continue;
}
SEM(vmuleud) { return mul_eo_dw<false>(cpu, W, 0); }
SEM(vmulesd) { return mul_eo_dw<true>(cpu, W, 0); }
SEM(vmuloud) { return mul_eo_dw<false>(cpu, W, 1); }
SEM(vmulosd) { return mul_eo_dw<true>(cpu, W, 1); }
SEM(vmuluwm) { return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return a * b; }); }
SEM(vmulld) { return map2<uint64_t>(cpu, W, [](uint64_t a, uint64_t b) { return a * b; }); }
SEM(vmulhsw) {
    return map2<int32_t>(cpu, W, [](int32_t a, int32_t b) { return int32_t((int64_t(a) * b) >> 32); });
}
SEM(vmulhuw) {
    return map2<uint32_t>(cpu, W, [](uint32_t a, uint32_t b) { return uint32_t((uint64_t(a) * b) >> 32); });
}
SEM(vmulhsd) {
    return map2<int64_t>(cpu, W, [](int64_t a, int64_t b) { return int64_t((s128(a) * b) >> 64); });
}
SEM(vmulhud) {
    return map2<uint64_t>(cpu, W, [](uint64_t a, uint64_t b) { return uint64_t((u128(a) * b) >> 64); });
}

// ---- divide (3.1, 6.9.1): a zero divisor, or a quotient that does not fit (signed minimum / -1,
// extended forms whose quotient overflows), gives an undefined result. ppcvm picks QEMU's
// values so the two agree: the divide forms divide by 1 instead (quotient = dividend, remainder
// 0), the extended forms return the low bits of the full quotient. ----
template <typename T>
static bool undefined_divide(T a, T b) {
    if (b == 0) return true;
    if constexpr (std::is_signed_v<T> || std::is_same_v<T, s128>)
        return a == std::numeric_limits<T>::min() && b == T(-1);
    return false;
}
template <typename T>
static T div_or_zero(T a, T b) { return undefined_divide(a, b) ? a : T(a / b); }
template <typename T>
static T mod_or_zero(T a, T b) { return undefined_divide(a, b) ? T(0) : T(a % b); }
SEM(vdivsw) { return map2<int32_t>(cpu, W, div_or_zero<int32_t>); }
SEM(vdivuw) { return map2<uint32_t>(cpu, W, div_or_zero<uint32_t>); }
SEM(vdivsd) { return map2<int64_t>(cpu, W, div_or_zero<int64_t>); }
SEM(vdivud) { return map2<uint64_t>(cpu, W, div_or_zero<uint64_t>); }
SEM(vmodsw) { return map2<int32_t>(cpu, W, mod_or_zero<int32_t>); }
SEM(vmoduw) { return map2<uint32_t>(cpu, W, mod_or_zero<uint32_t>); }
SEM(vmodsd) { return map2<int64_t>(cpu, W, mod_or_zero<int64_t>); }
SEM(vmodud) { return map2<uint64_t>(cpu, W, mod_or_zero<uint64_t>); }
SEM(vdivuq) { return quad2(cpu, W, [](u128 a, u128 b) { return b ? a / b : a; }); }
SEM(vmoduq) { return quad2(cpu, W, [](u128 a, u128 b) { return b ? a % b : u128(0); }); }
static u128 sdiv128(u128 a, u128 b, bool mod) {
    const s128 x = s128(a), y = s128(b);
    const s128 min = s128(u128(1) << 127);
    if (y == 0 || (x == min && y == -1)) return mod ? 0 : a;
    return u128(mod ? x % y : x / y);
}
SEM(vdivsq) { return quad2(cpu, W, [](u128 a, u128 b) { return sdiv128(a, b, false); }); }
SEM(vmodsq) { return quad2(cpu, W, [](u128 a, u128 b) { return sdiv128(a, b, true); }); }

// Divide extended: (a << width) / b. Undefined cases as QEMU 7.2: a zero divisor gives 0 for
// the word forms and the dividend for the doubleword and quadword forms; an overflowing
// quotient gives its low-order bits.
template <typename T, typename Wide>
static T dive(T a, T b) {
    if (b == 0) return sizeof(T) == 4 ? T(0) : a;
    const Wide dividend = Wide(a) * (Wide(1) << (8 * sizeof(T)));
    if constexpr (std::is_signed_v<T>)
        // -(a << w) has w low zero bits, so its low half is 0 (and neither the Wide division,
        // which could trap, nor the negation, which overflows for a = min, is done).
        if (b == T(-1)) return T(0);
    return T(dividend / Wide(b));
}
SEM(vdivesw) { return map2<int32_t>(cpu, W, dive<int32_t, int64_t>); }
SEM(vdiveuw) { return map2<uint32_t>(cpu, W, dive<uint32_t, uint64_t>); }
SEM(vdivesd) { return map2<int64_t>(cpu, W, dive<int64_t, s128>); }
SEM(vdiveud) { return map2<uint64_t>(cpu, W, dive<uint64_t, u128>); }

// (a << 128) / d, the low 128 bits of the quotient: the high part is a / d; the low part
// comes from long division of the remainder, bit by bit.
static u128 dive128(u128 a, u128 d) {
    u128 rem = a % d, q = 0;
    for (int i = 127; i >= 0; --i) {
        const bool top = rem >> 127;
        rem <<= 1;
        q <<= 1;
        if (top || rem >= d) {
            rem -= d;
            q |= 1;
        }
    }
    return q;
}
SEM(vdiveuq) { return quad2(cpu, W, [](u128 a, u128 b) { return b ? dive128(a, b) : a; }); }
SEM(vdivesq) {
    return quad2(cpu, W, [](u128 a, u128 b) {
        if (!b) return a;
        const bool na = s128(a) < 0, nb = s128(b) < 0;
        const u128 q = dive128(na ? -a : a, nb ? -b : b);
        return na != nb ? -q : q;
    });
}

}  // namespace ppcvm::sem

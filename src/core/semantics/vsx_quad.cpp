// VSX quad-precision instructions (Power ISA 3.0/3.1 Book I 7.6.1: xsaddqp ... xststdcqp). The
// operands are VSR 32-63 (VRT/VRA/VRB name VR 0-31); a quad value is the whole VSR, doubleword 0
// the high half. Arithmetic is floating_point_quad.cpp. FPSCR handling is as for the scalar
// double-precision VSX instructions: FR, FI and FPRF from the result; an enabled Invalid
// Operation or Zero Divide exception leaves VRT unchanged; bit 31 (RO) selects round to odd for
// the arithmetic and xscvqpdp.
#include "core/fpscr.hpp"
#include "core/semantics/floating_point_math.hpp"
#include "core/semantics/vsx_common.hpp"

namespace ppcvm::sem {

using fp::Quad;
using fp::QResult;

namespace {

Quad vr(const CpuState& cpu, unsigned n) {
    return (static_cast<Quad>(cpu.vsr[32 + n].dw[0]) << 64) | cpu.vsr[32 + n].dw[1];
}
void set_vr(CpuState& cpu, unsigned n, Quad v) {
    cpu.vsr[32 + n] = VsrValue{{static_cast<uint64_t>(v >> 64), static_cast<uint64_t>(v)}};
}

fp::Mode mode_of(const CpuState& cpu) {
    fp::Mode m;
    m.rn = static_cast<fp::Rounding>(fpscr::rounding_mode(cpu.fpscr));
    m.oe = (cpu.fpscr & fpscr::kOE) != 0;
    m.ue = (cpu.fpscr & fpscr::kUE) != 0;
    return m;
}
bool round_to_odd(uint32_t w) { return isa::bits(w, 31, 31) != 0; }

ExecStatus finish(CpuState& cpu, uint64_t exceptions) {
    const bool enabled = fpscr::raise_exceptions(cpu, exceptions);
    if (enabled && (cpu.msr & (msr::kFE0 | msr::kFE1))) {
        raise_program(cpu, program::kFpEnabled);
        return ExecStatus::Interrupt;
    }
    return ExecStatus::Continue;
}
bool suppressed(const CpuState& cpu, uint64_t exc) {
    return ((exc & fpscr::kAllVx) && (cpu.fpscr & fpscr::kVE)) ||
           ((exc & fpscr::kZX) && (cpu.fpscr & fpscr::kZE));
}

// FPRF class of a quad value (Book I 4.2.2 figure, applied to binary128).
unsigned classify(Quad x) {
    const bool neg = fp::q_sign(x);
    if (fp::q_is_nan(x)) return fpscr::fprf::kQNaN;
    if (fp::q_is_inf(x)) return neg ? fpscr::fprf::kMinusInf : fpscr::fprf::kPlusInf;
    if (fp::q_is_zero(x)) return neg ? fpscr::fprf::kMinusZero : fpscr::fprf::kPlusZero;
    if ((x & fp::kQuadExpMask) == 0) return neg ? fpscr::fprf::kMinusDenormal : fpscr::fprf::kPlusDenormal;
    return neg ? fpscr::fprf::kMinusNormal : fpscr::fprf::kPlusNormal;
}

enum class Class { Quad, Double, None };
ExecStatus deliver(CpuState& cpu, unsigned t, QResult r, Class cls) {
    const uint64_t exc = r.flags & fpscr::kAllExceptions;
    cpu.fpscr &= ~(fpscr::kFR | fpscr::kFI);
    if (!suppressed(cpu, exc)) {
        set_vr(cpu, t, r.bits);
        cpu.fpscr |= r.flags & (fpscr::kFR | fpscr::kFI);
        if (cls == Class::Quad) fpscr::set_fprf(cpu, classify(r.bits));
        if (cls == Class::Double) fpscr::set_fprf(cpu, fpscr::classify(static_cast<uint64_t>(r.bits >> 64)));
    }
    return finish(cpu, exc);
}

// Compare two non-NaN quads: -1, 0, 1 (+0 == -0).
int compare(Quad a, Quad b) {
    if (fp::q_is_zero(a) && fp::q_is_zero(b)) return 0;
    const bool sa = fp::q_sign(a), sb = fp::q_sign(b);
    const Quad ma = a & ~fp::kQuadSign, mb = b & ~fp::kQuadSign;
    if (sa != sb) return sa ? -1 : 1;
    if (ma == mb) return 0;
    return (ma < mb) != sa ? -1 : 1;
}

}  // namespace

#define QP_BINARY(name, fn)                                                                   \
    ExecStatus name(CpuState& cpu, Insn insn) {                                               \
        const uint32_t w = insn.word;                                                         \
        return deliver(cpu, f::rt(w), fn(vr(cpu, f::ra(w)), vr(cpu, f::rb(w)), mode_of(cpu),  \
                                         round_to_odd(w)),                                    \
                       Class::Quad);                                                          \
    }
QP_BINARY(xsaddqp, fp::q_add)
QP_BINARY(xssubqp, fp::q_sub)
QP_BINARY(xsmulqp, fp::q_mul)
QP_BINARY(xsdivqp, fp::q_div)
#undef QP_BINARY

ExecStatus xssqrtqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_sqrt(vr(cpu, f::rb(w)), mode_of(cpu), round_to_odd(w)), Class::Quad);
}

// VRT <- +-(VRA * VRB +- VRT); NaN priority VRA, VRT (the addend), VRB.
#define QP_MADD(name, neg_addend, neg_result)                                                 \
    ExecStatus name(CpuState& cpu, Insn insn) {                                               \
        const uint32_t w = insn.word;                                                         \
        const QResult r = fp::q_fma(vr(cpu, f::ra(w)), vr(cpu, f::rb(w)), vr(cpu, f::rt(w)),  \
                                    mode_of(cpu), round_to_odd(w), neg_addend, neg_result);   \
        return deliver(cpu, f::rt(w), r, Class::Quad);                                        \
    }
QP_MADD(xsmaddqp, false, false)
QP_MADD(xsmsubqp, true, false)
QP_MADD(xsnmaddqp, false, true)
QP_MADD(xsnmsubqp, true, true)
#undef QP_MADD

// ---- conversions ----
// xscvqpdp[o]: the double result in doubleword 0, doubleword 1 = 0; FPRF of the double.
ExecStatus xscvqpdp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    QResult r = fp::q_to_double(vr(cpu, f::rb(w)), mode_of(cpu), round_to_odd(w));
    r.bits <<= 64;
    return deliver(cpu, f::rt(w), r, Class::Double);
}
ExecStatus xscvdpqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_from_double(cpu.vsr[32 + f::rb(w)].dw[0]), Class::Quad);
}
ExecStatus xscvsdqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_from_int64(static_cast<int64_t>(cpu.vsr[32 + f::rb(w)].dw[0])), Class::Quad);
}
ExecStatus xscvudqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_from_uint64(cpu.vsr[32 + f::rb(w)].dw[0]), Class::Quad);
}
// xscvqp[su][dw]z: truncating; the integer in doubleword 0 (a word result extended as its
// signedness says), doubleword 1 = 0. FPRF is undefined: unchanged.
namespace {
ExecStatus to_int(CpuState& cpu, uint32_t w, unsigned width, bool is_signed) {
    QResult r = fp::q_to_integer(vr(cpu, f::rb(w)), width, is_signed);
    r.bits <<= 64;
    return deliver(cpu, f::rt(w), r, Class::None);
}
}  // namespace
ExecStatus xscvqpsdz(CpuState& cpu, Insn insn) { return to_int(cpu, insn.word, 64, true); }
ExecStatus xscvqpswz(CpuState& cpu, Insn insn) { return to_int(cpu, insn.word, 32, true); }
ExecStatus xscvqpudz(CpuState& cpu, Insn insn) { return to_int(cpu, insn.word, 64, false); }
ExecStatus xscvqpuwz(CpuState& cpu, Insn insn) { return to_int(cpu, insn.word, 32, false); }

// ISA 3.1 128-bit integer conversions (the integer is the whole VSR).
ExecStatus xscvqpuqz(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_to_int128(vr(cpu, f::rb(w)), false), Class::None);
}
ExecStatus xscvqpsqz(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_to_int128(vr(cpu, f::rb(w)), true), Class::None);
}
ExecStatus xscvuqqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_from_int128(vr(cpu, f::rb(w)), false, mode_of(cpu)), Class::Quad);
}
ExecStatus xscvsqqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return deliver(cpu, f::rt(w), fp::q_from_int128(vr(cpu, f::rb(w)), true, mode_of(cpu)), Class::Quad);
}

// xsrqpi[x] R,VRT,VRB,RMC: R=0: RMC 00 nearest-away, 11 FPSCR[RN]; R=1: RMC 00 nearest-even,
// 01 toward zero, 10 toward +inf, 11 toward -inf. The x form reports an inexact result (XX).
namespace {
ExecStatus round_integral(CpuState& cpu, uint32_t w, bool report_inexact) {
    const unsigned r = isa::bits(w, 15, 15), rmc = isa::bits(w, 21, 22);
    fp::Rounding rn = fp::Rounding::Nearest;
    bool away = false;
    if (r) rn = static_cast<fp::Rounding>(rmc);
    else if (rmc == 0) away = true;
    else rn = mode_of(cpu).rn;  // RMC 01/10 with R=0 are reserved; ppcvm uses FPSCR[RN]
    const Quad b = vr(cpu, f::rb(w));
    QResult q = fp::q_round_to_integral(b, rn, away);
    // The x form reports an inexact result with XX and FI (and FR when the magnitude grew), as
    // xsrdpic does; the plain form reports neither.
    if (!report_inexact) {
        q.flags &= ~fpscr::kXX;
    } else if (q.flags & fpscr::kXX) {
        q.flags |= fpscr::kFI;
        if ((q.bits & ~fp::kQuadSign) > (b & ~fp::kQuadSign)) q.flags |= fpscr::kFR;
    }
    return deliver(cpu, f::rt(w), q, Class::Quad);
}
}  // namespace
// xsrqpxp R,VRT,VRB,RMC: round to double-extended precision with the rounding mode chosen as
// for xsrqpi (R=0, RMC=00 being round to nearest even here: there is no ties-away mode for it).
ExecStatus xsrqpxp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned r = isa::bits(w, 15, 15), rmc = isa::bits(w, 21, 22);
    fp::Mode m = mode_of(cpu);
    if (r) m.rn = static_cast<fp::Rounding>(rmc);
    else if (rmc == 0) m.rn = fp::Rounding::Nearest;
    return deliver(cpu, f::rt(w), fp::q_round_to_extended(vr(cpu, f::rb(w)), m), Class::Quad);
}
ExecStatus xsrqpi(CpuState& cpu, Insn insn) { return round_integral(cpu, insn.word, false); }
ExecStatus xsrqpix(CpuState& cpu, Insn insn) { return round_integral(cpu, insn.word, true); }

// ---- compares ----
namespace {
ExecStatus compare_qp(CpuState& cpu, uint32_t w, bool ordered) {
    const Quad a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    uint32_t c;
    if (fp::q_is_nan(a) || fp::q_is_nan(b)) {
        c = 0x1;
    } else {
        const int k = compare(a, b);
        c = k < 0 ? 0x8 : k > 0 ? 0x4 : 0x2;
    }
    cpu.set_cr_field(f::bf(w), c);
    cpu.fpscr = (cpu.fpscr & ~fpscr::kFPCC) | (static_cast<uint64_t>(c) << fpscr::kFprfShift);
    uint64_t exc = 0;
    const bool snan = fp::q_is_snan(a) || fp::q_is_snan(b);
    if (snan) exc |= fpscr::kVXSNAN;
    if (ordered && c == 0x1 && (!snan || !(cpu.fpscr & fpscr::kVE))) exc |= fpscr::kVXVC;
    return finish(cpu, exc);
}
}  // namespace
ExecStatus xscmpuqp(CpuState& cpu, Insn insn) { return compare_qp(cpu, insn.word, false); }
ExecStatus xscmpoqp(CpuState& cpu, Insn insn) { return compare_qp(cpu, insn.word, true); }
ExecStatus xscmpexpqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const Quad a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    uint32_t c;
    if (fp::q_is_nan(a) || fp::q_is_nan(b)) {
        c = 0x1;
    } else {
        const Quad ea = a & fp::kQuadExpMask, eb = b & fp::kQuadExpMask;
        c = ea < eb ? 0x8 : ea > eb ? 0x4 : 0x2;
    }
    cpu.set_cr_field(f::bf(w), c);
    cpu.fpscr = (cpu.fpscr & ~fpscr::kFPCC) | (static_cast<uint64_t>(c) << fpscr::kFprfShift);
    return ExecStatus::Continue;
}

// ISA 3.1 xscmp{eq,gt,ge}qp (all-ones/zero masks) and xsmaxcqp/xsmincqp (a NaN gives VRB).
namespace {
enum class Cmp { Eq, Gt, Ge };
ExecStatus mask_compare(CpuState& cpu, uint32_t w, Cmp k) {
    const Quad a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    uint64_t flags = 0;
    const bool snan = fp::q_is_snan(a) || fp::q_is_snan(b);
    const bool nan = fp::q_is_nan(a) || fp::q_is_nan(b);
    if (snan) flags |= fpscr::kVXSNAN;
    if (k != Cmp::Eq && nan && (!snan || !(cpu.fpscr & fpscr::kVE))) flags |= fpscr::kVXVC;
    bool t = false;
    if (!nan) {
        const int c = compare(a, b);
        t = k == Cmp::Eq ? c == 0 : k == Cmp::Gt ? c > 0 : c >= 0;
    }
    if (!suppressed(cpu, flags)) set_vr(cpu, f::rt(w), t ? ~static_cast<Quad>(0) : 0);
    return finish(cpu, flags);
}
ExecStatus max_min(CpuState& cpu, uint32_t w, bool is_max) {
    const Quad a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    const uint64_t flags = (fp::q_is_snan(a) || fp::q_is_snan(b)) ? fpscr::kVXSNAN : 0;
    Quad r = b;
    if (!fp::q_is_nan(a) && !fp::q_is_nan(b)) {
        const int c = compare(a, b);
        r = (is_max ? c > 0 : c < 0) ? a : b;
    }
    if (!suppressed(cpu, flags)) set_vr(cpu, f::rt(w), r);
    return finish(cpu, flags);
}
}  // namespace
ExecStatus xscmpeqqp(CpuState& cpu, Insn insn) { return mask_compare(cpu, insn.word, Cmp::Eq); }
ExecStatus xscmpgtqp(CpuState& cpu, Insn insn) { return mask_compare(cpu, insn.word, Cmp::Gt); }
ExecStatus xscmpgeqp(CpuState& cpu, Insn insn) { return mask_compare(cpu, insn.word, Cmp::Ge); }
ExecStatus xsmaxcqp(CpuState& cpu, Insn insn) { return max_min(cpu, insn.word, true); }
ExecStatus xsmincqp(CpuState& cpu, Insn insn) { return max_min(cpu, insn.word, false); }

// lxvkq XT,UIM (ISA 3.1 "Load VSX Vector Special Value Quadword"): UIM 1-7: +UIM, 8: +infinity,
// 9: the default quiet NaN, 16: -0, 17-23: -(UIM-16), 24: -infinity, all in quad format. Other
// UIM values are reserved: ppcvm treats them as an invalid form (illegal), as QEMU does.
ExecStatus lxvkq(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned uim = isa::bits(w, 16, 20);
    const Quad sign = (uim & 16) ? fp::kQuadSign : 0;
    const unsigned k = uim & 15;
    Quad v;
    if (k >= 1 && k <= 7) v = fp::q_from_uint64(k).bits;
    else if (k == 8) v = fp::kQuadExpMask;
    else if (k == 9 && !sign) v = fp::kQuadExpMask | fp::kQuadQuietBit;
    else if (k == 0 && sign) v = 0;
    else return raise_illegal(cpu);
    v |= sign;
    const unsigned t = f::rt(w) | (isa::bits(w, 31, 31) << 5);
    cpu.vsr[t] = VsrValue{{static_cast<uint64_t>(v >> 64), static_cast<uint64_t>(v)}};
    return ExecStatus::Continue;
}

// ---- bit operations (no FPSCR change) ----
ExecStatus xsabsqp(CpuState& cpu, Insn i) { set_vr(cpu, f::rt(i.word), vr(cpu, f::rb(i.word)) & ~fp::kQuadSign); return ExecStatus::Continue; }
ExecStatus xsnabsqp(CpuState& cpu, Insn i) { set_vr(cpu, f::rt(i.word), vr(cpu, f::rb(i.word)) | fp::kQuadSign); return ExecStatus::Continue; }
ExecStatus xsnegqp(CpuState& cpu, Insn i) { set_vr(cpu, f::rt(i.word), vr(cpu, f::rb(i.word)) ^ fp::kQuadSign); return ExecStatus::Continue; }
ExecStatus xscpsgnqp(CpuState& cpu, Insn i) {
    const uint32_t w = i.word;
    set_vr(cpu, f::rt(w), (vr(cpu, f::ra(w)) & fp::kQuadSign) | (vr(cpu, f::rb(w)) & ~fp::kQuadSign));
    return ExecStatus::Continue;
}
ExecStatus xsxexpqp(CpuState& cpu, Insn i) {
    const Quad b = vr(cpu, f::rb(i.word));
    set_vr(cpu, f::rt(i.word), ((b & fp::kQuadExpMask) >> 112) << 64);
    return ExecStatus::Continue;
}
ExecStatus xsxsigqp(CpuState& cpu, Insn i) {
    const Quad b = vr(cpu, f::rb(i.word));
    const Quad e = b & fp::kQuadExpMask;
    const Quad implicit = (e != 0 && e != fp::kQuadExpMask) ? static_cast<Quad>(1) << 112 : 0;
    set_vr(cpu, f::rt(i.word), (b & fp::kQuadFracMask) | implicit);
    return ExecStatus::Continue;
}
ExecStatus xsiexpqp(CpuState& cpu, Insn i) {
    const uint32_t w = i.word;
    const Quad a = vr(cpu, f::ra(w));
    const Quad e = static_cast<Quad>(cpu.vsr[32 + f::rb(w)].dw[0] & 0x7fff) << 112;
    set_vr(cpu, f::rt(w), (a & ~fp::kQuadExpMask) | e);
    return ExecStatus::Continue;
}
// xststdcqp BF,VRB,DCMX: CR[BF] <- sign || 0 || match || 0 (DCMX as xststdcdp).
ExecStatus xststdcqp(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const Quad b = vr(cpu, f::rb(w));
    const unsigned dcmx = isa::bits(w, 9, 15);
    const bool neg = fp::q_sign(b);
    unsigned cls = 0;
    if (fp::q_is_nan(b)) cls = 0x40;
    else if (fp::q_is_inf(b)) cls = neg ? 0x10 : 0x20;
    else if (fp::q_is_zero(b)) cls = neg ? 0x04 : 0x08;
    else if ((b & fp::kQuadExpMask) == 0) cls = neg ? 0x01 : 0x02;
    const uint32_t c = (neg ? 8u : 0u) | ((cls & dcmx) ? 2u : 0u);
    cpu.set_cr_field(f::bf(w), c);
    cpu.fpscr = (cpu.fpscr & ~fpscr::kFPCC) | (static_cast<uint64_t>(c) << fpscr::kFprfShift);
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

// Matrix-Multiply Assist (Power ISA 3.1 Book I chapter 8). ppcvm keeps no separate accumulator
// state: accumulator AT is VSRs 4*AT..4*AT+3 (row i = VSR 4*AT+i), so xxmfacc and xxmtacc have
// nothing to move (the ISA leaves the VSRs undefined while an accumulator is "primed"; reading
// them as the accumulator is one allowed outcome, and what QEMU does).
// Floating-point GERs (the instruction pseudocode of xvf32ger*, xvf64ger*, xvf16ger2*,
// xvbf16ger2*): every element sets VXSNAN, VXIMZ, VXISI, OX, UX, XX (and the FX/VX/FEX
// summaries) like the vector instructions (7.4); FR, FI and FPRF are not altered (not in
// "Special Registers Altered"). An enabled exception leaves the accumulator unchanged.
// xvf32ger/xvf64ger variants, one rounding (FPSCR[RN]) of the exact value:
//   ger: XA*XB;  pp: XA*XB + ACC;  pn: XA*XB - ACC;
//   np: -(XA*XB - ACC);  nn: -(XA*XB + ACC)
// the np/nn negation applies to the ROUNDED result (the pseudocode rounds v, then
// "r <- bfp_NEGATE(r)", as fnmadd/fnmsub): in the directed rounding modes this differs from
// rounding the negated sum (what QEMU 7.2 does), and an exact zero sum gives -0 (RN=0b00).
// A NaN is not negated.
// xvf16ger2*/xvbf16ger2* (rank 2): see f16ger below.
#include "core/fpscr.hpp"
#include "core/semantics/floating_point_math.hpp"
#include "core/semantics/vector_common.hpp"
#include "core/semantics/vsx_common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem {

using namespace vsx;
using fp::Result;

namespace {

unsigned acc_base(uint32_t w) { return 4 * isa::bits(w, 6, 8); }

fp::Mode mode_of(const CpuState& cpu, fp::Precision p) {
    fp::Mode m;
    m.rn = static_cast<fp::Rounding>(fpscr::rounding_mode(cpu.fpscr));
    m.oe = (cpu.fpscr & fpscr::kOE) != 0;
    m.ue = (cpu.fpscr & fpscr::kUE) != 0;
    m.prec = p;
    return m;
}

bool any_enabled(const CpuState& cpu, uint64_t exc) {
    const uint64_t f = cpu.fpscr;
    return ((exc & fpscr::kAllVx) && (f & fpscr::kVE)) || ((exc & fpscr::kOX) && (f & fpscr::kOE)) ||
           ((exc & fpscr::kUX) && (f & fpscr::kUE)) || ((exc & fpscr::kZX) && (f & fpscr::kZE)) ||
           ((exc & fpscr::kXX) && (f & fpscr::kXE));
}

ExecStatus finish(CpuState& cpu, const VsrValue* acc, unsigned base, uint64_t flags) {
    const uint64_t exc = flags & fpscr::kAllExceptions;
    if (!any_enabled(cpu, exc))
        for (unsigned i = 0; i < 4; ++i) cpu.vsr[base + i] = acc[i];
    const bool enabled = fpscr::raise_exceptions(cpu, exc);
    if (enabled && (cpu.msr & (msr::kFE0 | msr::kFE1))) {
        raise_program(cpu, program::kFpEnabled);
        return ExecStatus::Interrupt;
    }
    return ExecStatus::Continue;
}

enum class Ger { Plain, PP, PN, NP, NN };

// Prefixed masked forms (pmxv*, MMIRR prefix): row i takes part when XMSK bit i is set, column j
// when YMSK bit j is set (bit 0 the most significant), product k when PMSK bit k is set. An
// element outside XMSK/YMSK is set to 0, also by the accumulating forms (pseudocode: "else
// ACC[AT][i].word[j] <- 0x0000_0000"), and raises nothing; a product outside PMSK is not
// left out of the sum but computed from +0 operands (pseudocode: "(PMSK.bit[k]=0) ? 0x0000 :"
// / "bfp_ZERO"), so it adds +0 and cannot raise an exception either.
struct Masks {
    unsigned x = 0xf, y = 0xf, p = 0xff;
    bool row(unsigned i) const { return (x >> (3 - i)) & 1; }
    bool col(unsigned j, unsigned cols) const { return (y >> (cols - 1 - j)) & 1; }
    bool product(unsigned k, unsigned terms) const { return (p >> (terms - 1 - k)) & 1; }
};
Masks masks_of(uint32_t prefix, unsigned ybits, unsigned pbits) {
    Masks m;
    m.x = isa::bits(prefix, 24, 27);
    m.y = isa::bits(prefix, 28, 27 + ybits);
    m.p = pbits ? isa::bits(prefix, 16, 15 + pbits) : 0xff;
    return m;
}

// One element of xvf32ger*/xvf64ger*: a*b combined with acc per the variant, rounded once,
// and for np/nn the rounded value negated (see the header).
Result ger_element(uint64_t a, uint64_t b, uint64_t acc, Ger g, fp::Mode m) {
    switch (g) {
        case Ger::Plain: return fp::mul(a, b, m);
        case Ger::PP: return fp::fma(a, b, acc, m, false, false);
        case Ger::PN: return fp::fma(a, b, acc, m, true, false);
        case Ger::NP: return fp::fma(a, b, acc, m, true, true);
        case Ger::NN: return fp::fma(a, b, acc, m, false, true);
    }
    return {};
}

// The 4x4 single-precision accumulator of xvf32ger*, xvf16ger2* and xvbf16ger2*: every element
// outside XMSK/YMSK becomes 0, every other one is `element(i, j, ACC word)` (a double-format
// Result rounded to single), and the accumulator is written unless an exception is enabled.
template <class Element>
ExecStatus single_ger(CpuState& cpu, uint32_t w, const Masks& mk, Element element) {
    const unsigned base = acc_base(w);
    VsrValue acc[4];
    uint64_t flags = 0;
    for (unsigned i = 0; i < 4; ++i) {
        acc[i] = cpu.vsr[base + i];
        for (unsigned j = 0; j < 4; ++j) {
            if (!mk.row(i) || !mk.col(j, 4)) {
                set_word(acc[i], j, 0);
                continue;
            }
            const Result r = element(i, j, word_of(acc[i], j));
            flags |= r.flags;
            set_word(acc[i], j, fp::double_to_single_bits(r.bits));
        }
    }
    return finish(cpu, acc, base, flags);
}

ExecStatus f32ger(CpuState& cpu, uint32_t w, Ger g, Masks mk = {}) {
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    const fp::Mode m = mode_of(cpu, fp::Precision::Single);
    return single_ger(cpu, w, mk, [&](unsigned i, unsigned j, uint32_t acc) {
        return ger_element(fp::single_to_double_bits(word_of(a, i)),
                           fp::single_to_double_bits(word_of(b, j)),
                           fp::single_to_double_bits(acc), g, m);
    });
}

// xvf64ger: XAp is an even/odd VSR pair holding four doubles (row i uses element i); XB holds
// two doubles (column j).
ExecStatus f64ger(CpuState& cpu, uint32_t w, Ger g, Masks mk = {}) {
    const unsigned base = acc_base(w);
    const unsigned ap = xa(w);
    if (ap & 1) return raise_illegal(cpu);  // odd XAp: invalid form (illegal, as QEMU)
    const uint64_t a[4] = {cpu.vsr[ap].dw[0], cpu.vsr[ap].dw[1], cpu.vsr[ap + 1].dw[0], cpu.vsr[ap + 1].dw[1]};
    const VsrValue b = cpu.vsr[xb(w)];
    const fp::Mode m = mode_of(cpu, fp::Precision::Double);
    VsrValue acc[4];
    uint64_t flags = 0;
    for (unsigned i = 0; i < 4; ++i) {
        acc[i] = cpu.vsr[base + i];
        for (unsigned j = 0; j < 2; ++j) {
            if (!mk.row(i) || !mk.col(j, 2)) {
                acc[i].dw[j] = 0;
                continue;
            }
            const Result r = ger_element(a[i], b.dw[j], acc[i].dw[j], g, m);
            flags |= r.flags;
            acc[i].dw[j] = r.bits;
        }
    }
    return finish(cpu, acc, base, flags);
}

// ---- xvf16ger2* / xvbf16ger2* (rank-2 update, ISA 3.1 pseudocode of pmxvf16ger2* and
// pmxvbf16ger2*). For element (i,j), with src1k = XA word i halfword k and src2k = XB word j
// halfword k converted exactly to BFP (IEEE half or bfloat16; an SNaN stays signalling):
//   p1 = src10 * src20 (exact);  v1 = src11 * src21 + p1 (exact: one multiply-add);
//   xvf16ger2*:  r1 = v1 rounded to single precision and range (FPSCR[RN]; VXSNAN, VXIMZ,
//                VXISI, OX, UX, XX), then for ger ACC = r1; for the accumulating forms
//                v2 = (+-r1) + (+-ACC) (pp: r1+acc, pn: r1-acc, np: -r1+acc, nn: -r1-acc; the
//                negations are exact) rounded again to single (second rounding: its own
//                VXSNAN, VXISI, OX, UX, XX).
//   xvbf16ger2*: r1 = v1 with its significand rounded to 24 bits but the exponent UNBOUNDED
//                (bfp_ROUND_TO_BFP32_SIGNIFICAND: VXSNAN, VXIMZ, VXISI, XX; no OX/UX), then
//                ger rounds r1 to single range (OX, UX, XX) and the accumulating forms add
//                +-r1 and +-ACC and round once, so an intermediate beyond the single range
//                does not overflow/underflow on its own (QEMU 7.2 rounds r1 to the single
//                range first: differs in OX/UX and when ACC is an infinity).
// The transcription of the pseudocode available here does not name the rounding mode of
// bfp_ROUND_TO_BFP32_SIGNIFICAND; FPSCR[RN] is used (it agrees with QEMU for every result in
// the normal range). PARTIAL/uncertain: that mode, and double rounding for a bfloat16 sum in
// the single denormal range (24-bit significand first, then the denormal rounding).
enum class Half { Ieee, BFloat };

uint64_t half_value(uint16_t h, Half kind) {
    return kind == Half::Ieee ? fp::half_to_double_bits(h) : fp::single_to_double_bits(static_cast<uint32_t>(h) << 16);
}

uint64_t negate_unless_nan(uint64_t x) { return fp::is_nan(x) ? x : x ^ fp::kSignBit; }

// Round a finite nonzero binary128 value to a 24-bit significand, exponent kept (quad range).
Result quad_to_24_bit_significand(fp::Quad x, fp::Rounding rn) {
    constexpr unsigned kDrop = 112 - 23;
    const bool neg = fp::q_sign(x);
    unsigned exp = static_cast<unsigned>((x >> 112) & 0x7fff);
    const fp::Quad frac = x & fp::kQuadFracMask;
    fp::Quad keep = frac >> kDrop;
    const fp::Quad rem = frac & ((static_cast<fp::Quad>(1) << kDrop) - 1);
    const fp::Quad half = static_cast<fp::Quad>(1) << (kDrop - 1);
    const bool inexact = rem != 0;
    bool up = false;
    switch (rn) {
        case fp::Rounding::Nearest: up = rem > half || (rem == half && (keep & 1)); break;
        case fp::Rounding::Zero: break;
        case fp::Rounding::Up: up = inexact && !neg; break;
        case fp::Rounding::Down: up = inexact && neg; break;
    }
    if (up && ++keep == (static_cast<fp::Quad>(1) << 23)) {
        keep = 0;
        ++exp;
    }
    const fp::Quad q = (neg ? fp::kQuadSign : 0) | (static_cast<fp::Quad>(exp) << 112) | (keep << kDrop);
    fp::Mode m;
    return {static_cast<uint64_t>(fp::q_to_double(q, m, false).bits), inexact ? fpscr::kXX : 0};  // exact: <= 24 bits
}

// v1 = s11*s21 + p1 rounded to a 24-bit significand with an unbounded exponent (bfloat16).
Result bf16_sum(uint64_t s11, uint64_t s21, uint64_t p1, fp::Mode m) {
    const fp::QResult a = fp::q_from_double(s11), c = fp::q_from_double(s21), b = fp::q_from_double(p1);
    const uint64_t in_flags = a.flags | c.flags | b.flags;  // VXSNAN of an SNaN operand
    // Round to odd at 113 bits first (exact enough: a later rounding to 24 bits is then
    // correct in every mode); an exact zero takes its sign from FPSCR[RN] (4.3.5).
    fp::QResult v = fp::q_fma(a.bits, c.bits, b.bits, m, true, false, false);
    if (fp::q_is_zero(v.bits)) v = fp::q_fma(a.bits, c.bits, b.bits, m, false, false, false);
    const uint64_t vx = (in_flags | v.flags) & (fpscr::kAllVx);
    if (fp::q_is_nan(v.bits) || fp::q_is_inf(v.bits) || fp::q_is_zero(v.bits))
        return {static_cast<uint64_t>(fp::q_to_double(v.bits, m, false).bits), vx};
    Result r = quad_to_24_bit_significand(v.bits, m.rn);
    r.flags |= vx | (v.flags & fpscr::kXX);
    return r;
}

ExecStatus f16ger(CpuState& cpu, uint32_t w, Half kind, Ger g, Masks mk = {}) {
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    fp::Mode exact = mode_of(cpu, fp::Precision::Double);  // the products are exact in double
    const fp::Mode single = mode_of(cpu, fp::Precision::Single);
    return single_ger(cpu, w, mk, [&](unsigned i, unsigned j, uint32_t acc) {
        uint64_t src1[2], src2[2];
        for (unsigned k = 0; k < 2; ++k) {
            const bool on = mk.product(k, 2);
            src1[k] = on ? half_value(half_of(a, 2 * i + k), kind) : 0;
            src2[k] = on ? half_value(half_of(b, 2 * j + k), kind) : 0;
        }
        const Result p1 = fp::mul(src1[0], src2[0], exact);
        Result r1 = kind == Half::Ieee ? fp::fma(src1[1], src2[1], p1.bits, single, false, false)
                                       : bf16_sum(src1[1], src2[1], p1.bits, single);
        Result r;
        if (g == Ger::Plain) {
            r = kind == Half::Ieee ? Result{r1.bits, 0} : fp::round_to_single(r1.bits, single);
        } else {
            uint64_t x = r1.bits, y = fp::single_to_double_bits(acc);
            if (g == Ger::NP || g == Ger::NN) x = negate_unless_nan(x);
            if (g == Ger::PN || g == Ger::NN) y = negate_unless_nan(y);
            r = fp::add(x, y, single);
        }
        r.flags |= p1.flags | r1.flags;
        return r;
    });
}

// Saturating forms (xvi8ger4spp, xvi16ger2s, xvi16ger2spp): a clamped element sets VSCR[SAT]
// (Book I 8.4: si32_CLAMP, "Special Registers Altered: VSCR.SAT"; QEMU 7.2 does the same).
int32_t saturate(CpuState& cpu, int64_t v) {
    if (v > INT32_MAX || v < INT32_MIN) vec::set_sat(cpu);
    if (v > INT32_MAX) return INT32_MAX;
    if (v < INT32_MIN) return INT32_MIN;
    return static_cast<int32_t>(v);
}

// Integer GERs: ACC[i][j] (32-bit) = sum over k of XA element (i,k) * XB element (j,k)
// (+ ACC for pp/spp; s: saturate to 32 bits, else wrap).
enum class IntKind { I4, I8, I16 };
ExecStatus int_ger(CpuState& cpu, uint32_t w, IntKind kind, bool accumulate, bool saturating,
                   Masks mk = {}) {
    const unsigned base = acc_base(w);
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    auto element = [&](const VsrValue& v, unsigned i, unsigned k, bool is_signed) -> int64_t {
        switch (kind) {
            case IntKind::I4: {
                const unsigned byte = byte_of(v, 4 * i + k / 2);
                const unsigned nib = (k & 1) ? (byte & 0xf) : (byte >> 4);
                return static_cast<int64_t>(isa::sext(nib, 4));
            }
            case IntKind::I8: {
                const uint8_t x = byte_of(v, 4 * i + k);
                return is_signed ? static_cast<int8_t>(x) : x;
            }
            case IntKind::I16:
                return static_cast<int16_t>(half_of(v, 2 * i + k));
        }
        return 0;
    };
    const unsigned terms = kind == IntKind::I4 ? 8 : kind == IntKind::I8 ? 4 : 2;
    for (unsigned i = 0; i < 4; ++i) {
        VsrValue& row = cpu.vsr[base + i];
        VsrValue out = row;
        for (unsigned j = 0; j < 4; ++j) {
            if (!mk.row(i) || !mk.col(j, 4)) {
                set_word(out, j, 0);
                continue;
            }
            int64_t sum = 0;
            for (unsigned k = 0; k < terms; ++k)
                if (mk.product(k, terms)) sum += element(a, i, k, true) * element(b, j, k, kind != IntKind::I8);
            if (accumulate) sum += static_cast<int32_t>(word_of(row, j));
            set_word(out, j, static_cast<uint32_t>(saturating ? saturate(cpu, sum) : static_cast<int32_t>(sum)));
        }
        row = out;
    }
    return ExecStatus::Continue;
}

}  // namespace

ExecStatus xvf32ger(CpuState& c, Insn i) { return f32ger(c, i.word, Ger::Plain); }
ExecStatus xvf32gerpp(CpuState& c, Insn i) { return f32ger(c, i.word, Ger::PP); }
ExecStatus xvf32gerpn(CpuState& c, Insn i) { return f32ger(c, i.word, Ger::PN); }
ExecStatus xvf32gernp(CpuState& c, Insn i) { return f32ger(c, i.word, Ger::NP); }
ExecStatus xvf32gernn(CpuState& c, Insn i) { return f32ger(c, i.word, Ger::NN); }
ExecStatus xvf64ger(CpuState& c, Insn i) { return f64ger(c, i.word, Ger::Plain); }
ExecStatus xvf64gerpp(CpuState& c, Insn i) { return f64ger(c, i.word, Ger::PP); }
ExecStatus xvf64gerpn(CpuState& c, Insn i) { return f64ger(c, i.word, Ger::PN); }
ExecStatus xvf64gernp(CpuState& c, Insn i) { return f64ger(c, i.word, Ger::NP); }
ExecStatus xvf64gernn(CpuState& c, Insn i) { return f64ger(c, i.word, Ger::NN); }
ExecStatus xvf16ger2(CpuState& c, Insn i) { return f16ger(c, i.word, Half::Ieee, Ger::Plain); }
ExecStatus xvf16ger2pp(CpuState& c, Insn i) { return f16ger(c, i.word, Half::Ieee, Ger::PP); }
ExecStatus xvf16ger2pn(CpuState& c, Insn i) { return f16ger(c, i.word, Half::Ieee, Ger::PN); }
ExecStatus xvf16ger2np(CpuState& c, Insn i) { return f16ger(c, i.word, Half::Ieee, Ger::NP); }
ExecStatus xvf16ger2nn(CpuState& c, Insn i) { return f16ger(c, i.word, Half::Ieee, Ger::NN); }
ExecStatus xvbf16ger2(CpuState& c, Insn i) { return f16ger(c, i.word, Half::BFloat, Ger::Plain); }
ExecStatus xvbf16ger2pp(CpuState& c, Insn i) { return f16ger(c, i.word, Half::BFloat, Ger::PP); }
ExecStatus xvbf16ger2pn(CpuState& c, Insn i) { return f16ger(c, i.word, Half::BFloat, Ger::PN); }
ExecStatus xvbf16ger2np(CpuState& c, Insn i) { return f16ger(c, i.word, Half::BFloat, Ger::NP); }
ExecStatus xvbf16ger2nn(CpuState& c, Insn i) { return f16ger(c, i.word, Half::BFloat, Ger::NN); }
// xvi8ger4: signed XA bytes times unsigned XB bytes.
ExecStatus xvi8ger4(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I8, false, false); }
ExecStatus xvi8ger4pp(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I8, true, false); }
ExecStatus xvi8ger4spp(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I8, true, true); }
ExecStatus xvi4ger8(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I4, false, false); }
ExecStatus xvi4ger8pp(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I4, true, false); }
ExecStatus xvi16ger2(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I16, false, false); }
ExecStatus xvi16ger2s(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I16, false, true); }
ExecStatus xvi16ger2pp(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I16, true, false); }
ExecStatus xvi16ger2spp(CpuState& c, Insn i) { return int_ger(c, i.word, IntKind::I16, true, true); }

// Prefixed masked forms: the masks come from the prefix. (The 64-byte-boundary Alignment
// interrupt and SRR1[34] of every prefixed instruction are the engine's.)
#define PM_F32(name, g)                                                                       \
    ExecStatus name(CpuState& c, Insn i) {                                                    \
        return f32ger(c, i.word, g, masks_of(i.prefix, 4, 0));                                \
    }
#define PM_F64(name, g)                                                                       \
    ExecStatus name(CpuState& c, Insn i) {                                                    \
        return f64ger(c, i.word, g, masks_of(i.prefix, 2, 0));                                \
    }
#define PM_INT(name, kind, pbits, acc, sat)                                                   \
    ExecStatus name(CpuState& c, Insn i) {                                                    \
        return int_ger(c, i.word, IntKind::kind, acc, sat, masks_of(i.prefix, 4, pbits));     \
    }
PM_F32(pmxvf32ger, Ger::Plain)
PM_F32(pmxvf32gerpp, Ger::PP)
PM_F32(pmxvf32gerpn, Ger::PN)
PM_F32(pmxvf32gernp, Ger::NP)
PM_F32(pmxvf32gernn, Ger::NN)
PM_F64(pmxvf64ger, Ger::Plain)
PM_F64(pmxvf64gerpp, Ger::PP)
PM_F64(pmxvf64gerpn, Ger::PN)
PM_F64(pmxvf64gernp, Ger::NP)
PM_F64(pmxvf64gernn, Ger::NN)
#define PM_F16(name, kind, g)                                                                 \
    ExecStatus name(CpuState& c, Insn i) {                                                    \
        return f16ger(c, i.word, Half::kind, g, masks_of(i.prefix, 4, 2));                   \
    }
PM_F16(pmxvf16ger2, Ieee, Ger::Plain)
PM_F16(pmxvf16ger2pp, Ieee, Ger::PP)
PM_F16(pmxvf16ger2pn, Ieee, Ger::PN)
PM_F16(pmxvf16ger2np, Ieee, Ger::NP)
PM_F16(pmxvf16ger2nn, Ieee, Ger::NN)
PM_F16(pmxvbf16ger2, BFloat, Ger::Plain)
PM_F16(pmxvbf16ger2pp, BFloat, Ger::PP)
PM_F16(pmxvbf16ger2pn, BFloat, Ger::PN)
PM_F16(pmxvbf16ger2np, BFloat, Ger::NP)
PM_F16(pmxvbf16ger2nn, BFloat, Ger::NN)
PM_INT(pmxvi8ger4, I8, 4, false, false)
PM_INT(pmxvi8ger4pp, I8, 4, true, false)
PM_INT(pmxvi8ger4spp, I8, 4, true, true)
PM_INT(pmxvi4ger8, I4, 8, false, false)
PM_INT(pmxvi4ger8pp, I4, 8, true, false)
PM_INT(pmxvi16ger2, I16, 2, false, false)
PM_INT(pmxvi16ger2s, I16, 2, false, true)
PM_INT(pmxvi16ger2pp, I16, 2, true, false)
PM_INT(pmxvi16ger2spp, I16, 2, true, true)
#undef PM_F32
#undef PM_F64
#undef PM_INT
#undef PM_F16

ExecStatus xxsetaccz(CpuState& cpu, Insn insn) {
    const unsigned base = acc_base(insn.word);
    for (unsigned i = 0; i < 4; ++i) cpu.vsr[base + i] = VsrValue{{0, 0}};
    return ExecStatus::Continue;
}
ExecStatus xxmfacc(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus xxmtacc(CpuState&, Insn) { return ExecStatus::Continue; }

}  // namespace ppcvm::sem

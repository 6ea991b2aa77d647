// Matrix-Multiply Assist (Power ISA 3.1 Book I chapter 8). ppcvm keeps no separate accumulator
// state: accumulator AT is VSRs 4*AT..4*AT+3 (row i = VSR 4*AT+i), so xxmfacc and xxmtacc have
// nothing to move (the ISA leaves the VSRs undefined while an accumulator is "primed"; reading
// them as the accumulator is one allowed outcome, and what QEMU does).
// The floating-point GERs compute every element with one rounding (FPSCR[RN]) on the shared FP
// core and set the FPSCR exception bits of all elements like the vector instructions (7.4):
// FR, FI and FPRF are unchanged and an enabled exception leaves the accumulator unchanged.
// Variants: ger (product), pp (product + ACC), pn (product - ACC), np (-product + ACC), nn
// (-product - ACC); the product is negated exactly before the single rounding (QEMU rounds the
// same way; it differs only in the sign of an exact zero result of nn, see vsx_qemu_test.cpp).
// PARTIAL: xvf16ger2*, xvbf16ger2* (and their pmxv* forms) are not implemented.
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
// when YMSK bit j is set (bit 0 the most significant), product k when PMSK bit k is set; an
// element outside the masks is set to 0 (also by the accumulating forms, as QEMU does).
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

// One element: a*b (exact product) combined with acc per the variant, rounded once.
Result ger_element(uint64_t a, uint64_t b, uint64_t acc, Ger g, fp::Mode m) {
    const bool neg_product = g == Ger::NP || g == Ger::NN;
    if (neg_product && !fp::is_nan(a)) a ^= fp::kSignBit;
    switch (g) {
        case Ger::Plain: return fp::mul(a, b, m);
        case Ger::PP:
        case Ger::NP: return fp::fma(a, b, acc, m, false, false);
        case Ger::PN:
        case Ger::NN: return fp::fma(a, b, acc, m, true, false);
    }
    return {};
}

ExecStatus f32ger(CpuState& cpu, uint32_t w, Ger g, Masks mk = {}) {
    const unsigned base = acc_base(w);
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    const fp::Mode m = mode_of(cpu, fp::Precision::Single);
    VsrValue acc[4];
    uint64_t flags = 0;
    for (unsigned i = 0; i < 4; ++i) {
        acc[i] = cpu.vsr[base + i];
        for (unsigned j = 0; j < 4; ++j) {
            if (!mk.row(i) || !mk.col(j, 4)) {
                set_word(acc[i], j, 0);
                continue;
            }
            const Result r = ger_element(fp::single_to_double_bits(word_of(a, i)),
                                         fp::single_to_double_bits(word_of(b, j)),
                                         fp::single_to_double_bits(word_of(acc[i], j)), g, m);
            flags |= r.flags;
            set_word(acc[i], j, fp::double_to_single_bits(r.bits));
        }
    }
    return finish(cpu, acc, base, flags);
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

ExecStatus xxsetaccz(CpuState& cpu, Insn insn) {
    const unsigned base = acc_base(insn.word);
    for (unsigned i = 0; i < 4; ++i) cpu.vsr[base + i] = VsrValue{{0, 0}};
    return ExecStatus::Continue;
}
ExecStatus xxmfacc(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus xxmtacc(CpuState&, Insn) { return ExecStatus::Continue; }

}  // namespace ppcvm::sem

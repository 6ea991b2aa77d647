// Fixed-point rotate and shift (Power ISA 3.1 Book I 3.3.14), written as the ISA defines them:
// a rotate (ROTL32 of the doubled low word, or ROTL64) and a MASK(mb, me). The word forms
// therefore leave in RA[0:31] what the rotated doubled word has there when the mask wraps.
// Algebraic right shifts set CA (and CA32, ISA 3.0: same value) when the source is negative and
// 1 bits are shifted out; this does not depend on the mode.
#include "core/semantics/fixed_point_helpers.hpp"

namespace ppcvm::sem {
namespace {

using fxp::mask64;
using fxp::rotl32;
using fxp::rotl64;

ExecStatus write_ra(CpuState& cpu, uint32_t w, uint64_t value) {
    cpu.gpr[f::ra(w)] = value;
    if (f::rc(w)) record_cr0(cpu, value);
    return ExecStatus::Continue;
}

uint64_t rS(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::rs(w)]; }
uint64_t rB(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::rb(w)]; }

void set_shift_ca(CpuState& cpu, bool ca) {
    cpu.ca = ca;
    cpu.ca32 = ca;
}

// sraw/srawi: n in 0..63 (n >= 32 shifts everything out).
ExecStatus shift_right_algebraic_word(CpuState& cpu, uint32_t w, unsigned n) {
    const int64_t s = static_cast<int32_t>(static_cast<uint32_t>(rS(cpu, w)));
    const bool negative = s < 0;
    uint64_t result;
    bool lost_ones;
    if (n < 32) {
        result = static_cast<uint64_t>(s >> n);
        lost_ones = (static_cast<uint64_t>(s) & ((1ull << n) - 1)) != 0;
    } else {
        result = negative ? ~0ull : 0;
        lost_ones = s != 0;
    }
    set_shift_ca(cpu, negative && lost_ones);
    return write_ra(cpu, w, result);
}

// srad/sradi: n in 0..127 (n >= 64 shifts everything out).
ExecStatus shift_right_algebraic_doubleword(CpuState& cpu, uint32_t w, unsigned n) {
    const int64_t s = static_cast<int64_t>(rS(cpu, w));
    const bool negative = s < 0;
    uint64_t result;
    bool lost_ones;
    if (n < 64) {
        result = static_cast<uint64_t>(s >> n);
        lost_ones = n != 0 && (static_cast<uint64_t>(s) << (64 - n)) != 0;
    } else {
        result = negative ? ~0ull : 0;
        lost_ones = s != 0;
    }
    set_shift_ca(cpu, negative && lost_ones);
    return write_ra(cpu, w, result);
}

}  // namespace

// ---- word rotates (M-form) ----

ExecStatus rlwinm(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t m = mask64(f::mb(w) + 32, f::me(w) + 32);
    return write_ra(cpu, w, rotl32(rS(cpu, w), f::sh(w)) & m);
}
ExecStatus rlwnm(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t m = mask64(f::mb(w) + 32, f::me(w) + 32);
    return write_ra(cpu, w, rotl32(rS(cpu, w), rB(cpu, w) & 31) & m);
}
ExecStatus rlwimi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t m = mask64(f::mb(w) + 32, f::me(w) + 32);
    const uint64_t r = rotl32(rS(cpu, w), f::sh(w));
    return write_ra(cpu, w, (r & m) | (cpu.gpr[f::ra(w)] & ~m));
}

// ---- doubleword rotates (MD/MDS-form); mb6() extracts the 6-bit mb or me field ----

ExecStatus rldicl(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rotl64(rS(cpu, w), f::sh6(w)) & mask64(f::mb6(w), 63));
}
ExecStatus rldicr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rotl64(rS(cpu, w), f::sh6(w)) & mask64(0, f::mb6(w)));
}
ExecStatus rldic(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = f::sh6(w);
    return write_ra(cpu, w, rotl64(rS(cpu, w), n) & mask64(f::mb6(w), 63 - n));
}
ExecStatus rldimi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = f::sh6(w);
    const uint64_t m = mask64(f::mb6(w), 63 - n);
    return write_ra(cpu, w, (rotl64(rS(cpu, w), n) & m) | (cpu.gpr[f::ra(w)] & ~m));
}
ExecStatus rldcl(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rotl64(rS(cpu, w), rB(cpu, w) & 63) & mask64(f::mb6(w), 63));
}
ExecStatus rldcr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rotl64(rS(cpu, w), rB(cpu, w) & 63) & mask64(0, f::mb6(w)));
}

// ---- shifts: the count is RB[58:63] for words (bit 58 set: everything shifted out) and
// RB[57:63] for doublewords ----

ExecStatus slw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = rB(cpu, w) & 63;
    return write_ra(cpu, w, n < 32 ? (rS(cpu, w) << n) & fxp::kLow32 : 0);
}
ExecStatus srw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = rB(cpu, w) & 63;
    return write_ra(cpu, w, n < 32 ? (rS(cpu, w) & fxp::kLow32) >> n : 0);
}
ExecStatus sraw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return shift_right_algebraic_word(cpu, w, rB(cpu, w) & 63);
}
ExecStatus srawi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return shift_right_algebraic_word(cpu, w, f::sh(w));
}
ExecStatus sld(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = rB(cpu, w) & 127;
    return write_ra(cpu, w, n < 64 ? rS(cpu, w) << n : 0);
}
ExecStatus srd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = rB(cpu, w) & 127;
    return write_ra(cpu, w, n < 64 ? rS(cpu, w) >> n : 0);
}
ExecStatus srad(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return shift_right_algebraic_doubleword(cpu, w, rB(cpu, w) & 127);
}
ExecStatus sradi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return shift_right_algebraic_doubleword(cpu, w, f::sh6(w));
}

// extswsli RA,RS,SH (ISA 3.0): EXTS(RS[32:63]) shifted left by the 6-bit SH.
ExecStatus extswsli(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s =
        static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rS(cpu, w))));
    return write_ra(cpu, w, s << f::sh6(w));
}

}  // namespace ppcvm::sem

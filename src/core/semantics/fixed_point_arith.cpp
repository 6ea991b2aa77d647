// Fixed-point arithmetic (Power ISA 3.1 Book I 3.3.9): add/subtract (with carries), multiply,
// divide, modulo, multiply-add, and the ISA 3.1 prefixed paddi.
//
// Undefined results. Where the ISA leaves a result undefined we produce what POWER9 produces.
// Sources: Microwatt, which Paul Mackerras matched to POWER9 (microwatt PR #88 "divider: Return
// 0 for invalid and overflow cases, like P9 does"), and Libre-SOC's power-instruction-analyzer,
// whose instruction models (src/instr_models.rs) are checked against a POWER9 machine.
// - Divide by zero, signed overflow (INT_MIN / -1) and quotients that do not fit (extended
//   divides): RT = 0. QEMU 7.2 instead returns the dividend for divw/divwu/divd/divdu.
// - The high word of a 32-bit quotient (divw, divwu, divwe, divweu): 0, even when the quotient
//   is negative. QEMU agrees for divw/divwu, but sign-extends a negative divwe quotient.
// - The high word of mulhw/mulhwu: the high product word again (both halves). QEMU: 0.
// - CR0 LT/GT/EQ of those 32-bit forms in 64-bit mode: from the 64-bit RT (POWER9, and QEMU).
// - modsw/modsd/moduw/modud by zero (and INT_MIN % -1): 0 (POWER9 and QEMU); modsw's result is
//   sign-extended.
// - divde whose quotient is in [2^63, 2^64): not representable, so invalid (ISA; POWER9 sets OV,
//   sail issue rems-project/sail#75). QEMU 7.2 returns the unsigned quotient with OV=0 (bug).
// - divw on the 32-bit 750 family: see divw.
#include "core/semantics/fixed_point_helpers.hpp"

namespace ppcvm::sem {
namespace {

using fxp::add3;
using fxp::kLow32;

// The XO-form add/subtract family: RT = a + b + cin; CA/CA32 when `carrying`, OV/OV32/SO when
// OE=1, CR0 when Rc=1 (after OV, so CR0[SO] includes it).
ExecStatus xo_sum(CpuState& cpu, uint32_t w, uint64_t a, uint64_t b, uint64_t cin, bool carrying) {
    const fxp::Sum s = add3(a, b, cin);
    if (carrying) fxp::set_ca(cpu, s.ca, s.ca32);
    if (f::oe(w)) set_ov(cpu, s.ov, s.ov32);
    cpu.gpr[f::rt(w)] = s.value;
    if (f::rc(w)) record_cr0(cpu, s.value);
    return ExecStatus::Continue;
}

uint64_t rA(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::ra(w)]; }
uint64_t rB(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::rb(w)]; }

// Write RT and, for Rc=1, CR0; OV/OV32 when OE=1 with a mode-independent overflow.
ExecStatus finish(CpuState& cpu, uint32_t w, uint64_t value, bool overflow) {
    if (f::oe(w)) fxp::set_ov_both(cpu, overflow);
    cpu.gpr[f::rt(w)] = value;
    if (f::rc(w)) record_cr0(cpu, value);
    return ExecStatus::Continue;
}

int64_t low_signed(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }

}  // namespace

// ---- add immediate ----

ExecStatus addi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = ra_or_zero(cpu, w) + static_cast<uint64_t>(f::d(w));
    return ExecStatus::Continue;
}

ExecStatus addis(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = ra_or_zero(cpu, w) + (static_cast<uint64_t>(f::d(w)) << 16);
    return ExecStatus::Continue;
}

// addpcis RT,D (ISA 3.0): RT = NIA + EXTS(d0||d1||d2 || 0x0000). NIA wraps at 32 bits in
// 32-bit mode; the sum itself is a 64-bit add, as the ISA writes it.
ExecStatus addpcis(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t d =
        (isa::bits(w, 16, 25) << 6) | (isa::bits(w, 11, 15) << 1) | isa::bits(w, 31, 31);
    const uint64_t nia = (cpu.cia + 4) & cpu.ea_mask();
    cpu.gpr[f::rt(w)] = nia + (static_cast<uint64_t>(isa::sext(d, 16)) << 16);
    return ExecStatus::Continue;
}

// paddi RT,RA,SI,R (ISA 3.1, MLS:D-form): R=0: (RA|0) + SI; R=1: CIA + SI, and RA must be 0
// (R=1 with RA!=0 is an invalid form; we raise the illegal-instruction interrupt, as QEMU).
ExecStatus paddi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t si = static_cast<uint64_t>(f::d34(insn.prefix, w));
    if (f::prefix_r(insn.prefix)) {
        if (f::ra(w) != 0) return fxp::raise_illegal_insn(cpu, insn);
        cpu.gpr[f::rt(w)] = cpu.cia + si;
    } else {
        cpu.gpr[f::rt(w)] = ra_or_zero(cpu, w) + si;
    }
    return ExecStatus::Continue;
}

ExecStatus addic(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const fxp::Sum s = add3(rA(cpu, w), static_cast<uint64_t>(f::d(w)), 0);
    fxp::set_ca(cpu, s.ca, s.ca32);
    cpu.gpr[f::rt(w)] = s.value;
    return ExecStatus::Continue;
}

ExecStatus addic_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const fxp::Sum s = add3(rA(cpu, w), static_cast<uint64_t>(f::d(w)), 0);
    fxp::set_ca(cpu, s.ca, s.ca32);
    cpu.gpr[f::rt(w)] = s.value;
    record_cr0(cpu, s.value);
    return ExecStatus::Continue;
}

ExecStatus subfic(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const fxp::Sum s = add3(~rA(cpu, w), static_cast<uint64_t>(f::d(w)), 1);
    fxp::set_ca(cpu, s.ca, s.ca32);
    cpu.gpr[f::rt(w)] = s.value;
    return ExecStatus::Continue;
}

// ---- XO-form add / subtract ----

ExecStatus add(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, rA(cpu, w), rB(cpu, w), 0, false);
}
ExecStatus subf(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), rB(cpu, w), 1, false);
}
ExecStatus addc(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, rA(cpu, w), rB(cpu, w), 0, true);
}
ExecStatus subfc(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), rB(cpu, w), 1, true);
}
ExecStatus adde(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, rA(cpu, w), rB(cpu, w), cpu.ca, true);
}
ExecStatus subfe(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), rB(cpu, w), cpu.ca, true);
}
ExecStatus addme(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, rA(cpu, w), ~0ull, cpu.ca, true);
}
ExecStatus subfme(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), ~0ull, cpu.ca, true);
}
ExecStatus addze(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, rA(cpu, w), 0, cpu.ca, true);
}
ExecStatus subfze(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), 0, cpu.ca, true);
}
ExecStatus neg(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return xo_sum(cpu, w, ~rA(cpu, w), 0, 1, false);
}

// addex RT,RA,RB,0 (ISA 3.0): OV is the carry in and receives the carry out (of bit 0 in 64-bit
// mode, of bit 32 in 32-bit mode); OV32 the carry out of bit 32. SO is not touched. The
// pattern only admits CY=0; CY=1..3 are reserved.
ExecStatus addex(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const fxp::Sum s = add3(rA(cpu, w), rB(cpu, w), cpu.ov);
    cpu.ov = cpu.mode64() ? s.ca : s.ca32;
    cpu.ov32 = s.ca32;
    cpu.gpr[f::rt(w)] = s.value;
    return ExecStatus::Continue;
}

// ---- multiply ----

ExecStatus mulli(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = rA(cpu, w) * static_cast<uint64_t>(f::d(w));
    return ExecStatus::Continue;
}

// mullw: the full 64-bit product of the signed low words; OV when it does not fit 32 bits.
ExecStatus mullw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t p = low_signed(rA(cpu, w)) * low_signed(rB(cpu, w));
    return finish(cpu, w, static_cast<uint64_t>(p), p != static_cast<int32_t>(p));
}

// mulhw/mulhwu: high word of the 64-bit product in RT[32:63]; RT[0:31] (undefined) gets the
// same word, as POWER9 (see the file comment).
ExecStatus mulhw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t p = low_signed(rA(cpu, w)) * low_signed(rB(cpu, w));
    const uint64_t hi = static_cast<uint64_t>(p) >> 32;
    return finish(cpu, w, (hi << 32) | hi, false);
}
ExecStatus mulhwu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t p = (rA(cpu, w) & kLow32) * (rB(cpu, w) & kLow32);
    const uint64_t hi = p >> 32;
    return finish(cpu, w, (hi << 32) | hi, false);
}

// mulld: low 64 bits of the 128-bit signed product; OV (and OV32, ISA 3.0) when the product
// does not fit 64 bits.
ExecStatus mulld(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const __int128 p =
        static_cast<__int128>(static_cast<int64_t>(rA(cpu, w))) * static_cast<int64_t>(rB(cpu, w));
    return finish(cpu, w, static_cast<uint64_t>(p), p != static_cast<int64_t>(p));
}
ExecStatus mulhd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const __int128 p =
        static_cast<__int128>(static_cast<int64_t>(rA(cpu, w))) * static_cast<int64_t>(rB(cpu, w));
    return finish(cpu, w, static_cast<uint64_t>(static_cast<unsigned __int128>(p) >> 64), false);
}
ExecStatus mulhdu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned __int128 p = static_cast<unsigned __int128>(rA(cpu, w)) * rB(cpu, w);
    return finish(cpu, w, static_cast<uint64_t>(p >> 64), false);
}

// maddhd/maddhdu/maddld RT,RA,RB,RC (ISA 3.0): (RA * RB) + RC in 128 bits, signed (RC
// sign-extended) or unsigned (RC zero-extended); high or low doubleword. Neither can overflow
// 128 bits.
ExecStatus maddhd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const __int128 p =
        static_cast<__int128>(static_cast<int64_t>(rA(cpu, w))) * static_cast<int64_t>(rB(cpu, w)) +
        static_cast<int64_t>(cpu.gpr[f::rc_reg(w)]);
    cpu.gpr[f::rt(w)] = static_cast<uint64_t>(static_cast<unsigned __int128>(p) >> 64);
    return ExecStatus::Continue;
}
ExecStatus maddhdu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned __int128 p =
        static_cast<unsigned __int128>(rA(cpu, w)) * rB(cpu, w) + cpu.gpr[f::rc_reg(w)];
    cpu.gpr[f::rt(w)] = static_cast<uint64_t>(p >> 64);
    return ExecStatus::Continue;
}
ExecStatus maddld(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = rA(cpu, w) * rB(cpu, w) + cpu.gpr[f::rc_reg(w)];
    return ExecStatus::Continue;
}

// ---- divide (undefined cases: see the file comment) ----

// The 32-bit PowerPC 750 family instead gives 0xFFFFFFFF for an invalid divw with a negative
// dividend (Dolphin's hardware tests on the 750CL-derived Gekko/Broadway); we assume the same of
// the other 32-bit Book III-S processors (74xx), for which we have no measurement.
ExecStatus divw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = low_signed(rA(cpu, w)), b = low_signed(rB(cpu, w));
    const bool invalid = b == 0 || (a == INT32_MIN && b == -1);
    uint64_t value = invalid ? 0 : static_cast<uint64_t>(a / b) & kLow32;
    if (invalid && a < 0 && cpu.model && cpu.model->family == CpuFamily::Book3S32) value = kLow32;
    return finish(cpu, w, value, invalid);
}
ExecStatus divwu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w) & kLow32, b = rB(cpu, w) & kLow32;
    const bool invalid = b == 0;
    return finish(cpu, w, invalid ? 0 : a / b, invalid);
}
// divwe: (RA[32:63] || 0x00000000) / EXTS(RB[32:63]); invalid when the quotient does not fit a
// signed word (which includes division by zero).
ExecStatus divwe(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = static_cast<int64_t>(rA(cpu, w) << 32), b = low_signed(rB(cpu, w));
    bool invalid = b == 0 || (a == INT64_MIN && b == -1);
    int64_t q = 0;
    if (!invalid) {
        q = a / b;
        invalid = q != static_cast<int32_t>(q);
    }
    return finish(cpu, w, invalid ? 0 : static_cast<uint64_t>(q) & kLow32, invalid);
}
ExecStatus divweu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w) << 32, b = rB(cpu, w) & kLow32;
    const bool invalid = b == 0 || a / b > kLow32;
    return finish(cpu, w, invalid ? 0 : a / b, invalid);
}
ExecStatus divd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = static_cast<int64_t>(rA(cpu, w)), b = static_cast<int64_t>(rB(cpu, w));
    const bool invalid = b == 0 || (a == INT64_MIN && b == -1);
    return finish(cpu, w, invalid ? 0 : static_cast<uint64_t>(a / b), invalid);
}
ExecStatus divdu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w), b = rB(cpu, w);
    const bool invalid = b == 0;
    return finish(cpu, w, invalid ? 0 : a / b, invalid);
}
// divde: (RA || 0^64) / RB, signed, 128 by 64 bits; invalid when the quotient does not fit.
ExecStatus divde(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = static_cast<int64_t>(rA(cpu, w)), b = static_cast<int64_t>(rB(cpu, w));
    bool invalid;
    int64_t q = 0;
    if (b == 0) {
        invalid = true;
    } else if (b == -1) {
        invalid = a != 0;  // -(a * 2^64) fits only for a = 0 (and avoids 128-bit overflow)
    } else {
        const __int128 wide =
            static_cast<__int128>(static_cast<unsigned __int128>(static_cast<uint64_t>(a)) << 64) /
            b;
        invalid = wide != static_cast<int64_t>(wide);
        q = static_cast<int64_t>(wide);
    }
    return finish(cpu, w, invalid ? 0 : static_cast<uint64_t>(q), invalid);
}
ExecStatus divdeu(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w), b = rB(cpu, w);
    const bool invalid = b == 0 || a >= b;  // the quotient fits 64 bits iff RA < RB
    uint64_t q = 0;
    if (!invalid) q = static_cast<uint64_t>((static_cast<unsigned __int128>(a) << 64) / b);
    return finish(cpu, w, q, invalid);
}

// ---- modulo (ISA 3.0; no OE or Rc) ----

ExecStatus modsw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = low_signed(rA(cpu, w)), b = low_signed(rB(cpu, w));
    const bool invalid = b == 0 || (a == INT32_MIN && b == -1);
    cpu.gpr[f::rt(w)] = invalid ? 0 : static_cast<uint64_t>(a % b);  // sign-extended
    return ExecStatus::Continue;
}
ExecStatus moduw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w) & kLow32, b = rB(cpu, w) & kLow32;
    cpu.gpr[f::rt(w)] = b == 0 ? 0 : a % b;
    return ExecStatus::Continue;
}
ExecStatus modsd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const int64_t a = static_cast<int64_t>(rA(cpu, w)), b = static_cast<int64_t>(rB(cpu, w));
    const bool invalid = b == 0 || (a == INT64_MIN && b == -1);
    cpu.gpr[f::rt(w)] = invalid ? 0 : static_cast<uint64_t>(a % b);
    return ExecStatus::Continue;
}
ExecStatus modud(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = rA(cpu, w), b = rB(cpu, w);
    cpu.gpr[f::rt(w)] = b == 0 ? 0 : a % b;
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

// Helpers shared by the fixed-point semantics files (fixed_point_*.cpp): carries, masks and
// the undefined-result policy of the divide instructions.
#pragma once

#include <bit>
#include <cstdint>

#include "core/semantics/common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem::fxp {

inline constexpr uint64_t kLow32 = 0xffffffffull;

// The illegal-instruction interrupt for an encoding the semantics reject (invalid forms, rules
// the table cannot express). When it goes to the hypervisor (Hypervisor Emulation Assistance),
// HEIR gets the instruction image: prefix in HEIR[0:31] and suffix in HEIR[32:63] for a
// prefixed one (Book III 7.5.18).
inline ExecStatus raise_illegal_insn(CpuState& cpu, Insn insn) {
    const ExecStatus status = raise_illegal(cpu);
    if (cpu.nia == vector::kHypervisorEmulationAssistance)
        cpu.spr[sprn::kHEIR] = (static_cast<uint64_t>(insn.prefix) << 32) | insn.word;
    return status;
}

// a + b + cin with every carry and overflow the ISA can ask for (Book I 3.3.9): CA is the carry
// out of bit 0, CA32 the carry out of bit 32; OV/OV32 the signed overflow of the 64-bit and of
// the low 32-bit result.
struct Sum {
    uint64_t value;
    bool ca, ca32, ov, ov32;
};
inline Sum add3(uint64_t a, uint64_t b, uint64_t cin) {
    const unsigned __int128 wide = static_cast<unsigned __int128>(a) + b + cin;
    const uint64_t r = static_cast<uint64_t>(wide);
    const uint64_t ov_bits = (a ^ r) & (b ^ r);
    return {r, (wide >> 64) != 0, (((a & kLow32) + (b & kLow32) + cin) >> 32) != 0,
            (ov_bits >> 63) != 0, ((ov_bits >> 31) & 1) != 0};
}

// XER[CA] is the carry out of bit 0 in 64-bit mode and out of bit 32 in 32-bit mode; XER[CA32]
// is always the carry out of bit 32 (Book I 3.2.2, 3.3.9).
inline void set_ca(CpuState& cpu, bool ca64, bool ca32) {
    cpu.ca = cpu.mode64() ? ca64 : ca32;
    cpu.ca32 = ca32;
}

// OV and OV32 for instructions whose overflow does not depend on the mode (multiply, divide):
// both get the same value, SO accumulates it.
inline void set_ov_both(CpuState& cpu, bool ov) { set_ov(cpu, ov, ov); }

// MASK(mb, me) of the rotate instructions (Book I 3.3.14), ISA bit numbering (bit 0 = MSB):
// ones from bit mb to bit me, wrapping around when mb > me.
constexpr uint64_t mask64(unsigned mb, unsigned me) {
    const uint64_t from_mb = ~0ull >> mb;       // bits mb..63
    const uint64_t to_me = ~0ull << (63 - me);  // bits 0..me
    return mb <= me ? (from_mb & to_me) : (from_mb | to_me);
}
// ROTL32: rotate the low word doubled into both halves (x || x), as the ISA defines it.
constexpr uint64_t rotl32(uint64_t x, unsigned n) {
    return std::rotl((x & kLow32) * 0x0000000100000001ull, static_cast<int>(n & 31));
}
constexpr uint64_t rotl64(uint64_t x, unsigned n) { return std::rotl(x, static_cast<int>(n & 63)); }

// Bit gather/scatter used by pextd, pdepd, cfuged, cntlzdm, cnttzdm (ISA 3.1 Book I 3.3.13).
constexpr uint64_t pext64(uint64_t src, uint64_t mask) {
    uint64_t r = 0;
    unsigned k = 0;
    for (uint64_t m = mask; m; m &= m - 1) {
        const uint64_t bit = m & -m;
        if (src & bit) r |= 1ull << k;
        ++k;
    }
    return r;
}
constexpr uint64_t pdep64(uint64_t src, uint64_t mask) {
    uint64_t r = 0;
    unsigned k = 0;
    for (uint64_t m = mask; m; m &= m - 1) {
        const uint64_t bit = m & -m;
        if ((src >> k) & 1) r |= bit;
        ++k;
    }
    return r;
}

}  // namespace ppcvm::sem::fxp

// Instruction fields, named as in the Power ISA (Book I section 1.6.28, "Instruction Fields").
// Bit numbers are the ISA's: bit 0 is the most significant bit of the 32-bit word.
#pragma once

#include <cstdint>

namespace ppcvm::isa {

// Bits [first, last] of a 32-bit instruction word, ISA numbering.
constexpr uint32_t bits(uint32_t w, unsigned first, unsigned last) {
    return (w >> (31 - last)) & ((1u << (last - first + 1)) - 1);
}
constexpr int64_t sext(uint64_t v, unsigned width) {
    return static_cast<int64_t>(v << (64 - width)) >> (64 - width);
}

namespace field {
constexpr uint32_t opcd(uint32_t w) { return bits(w, 0, 5); }
constexpr uint32_t rt(uint32_t w) { return bits(w, 6, 10); }   // also RS, FRT, VRT, BO, TO
constexpr uint32_t rs(uint32_t w) { return bits(w, 6, 10); }
constexpr uint32_t ra(uint32_t w) { return bits(w, 11, 15); }  // also BI, FRA
constexpr uint32_t rb(uint32_t w) { return bits(w, 16, 20); }  // also SH, NB
constexpr uint32_t rc_reg(uint32_t w) { return bits(w, 21, 25); }  // A-form RC / FRC
constexpr uint32_t bf(uint32_t w) { return bits(w, 6, 8); }
constexpr uint32_t bfa(uint32_t w) { return bits(w, 11, 13); }
constexpr uint32_t l10(uint32_t w) { return bits(w, 10, 10); }  // L in cmp
constexpr uint32_t bo(uint32_t w) { return bits(w, 6, 10); }
constexpr uint32_t bi(uint32_t w) { return bits(w, 11, 15); }
constexpr uint32_t bh(uint32_t w) { return bits(w, 19, 20); }
constexpr uint32_t bt(uint32_t w) { return bits(w, 6, 10); }
constexpr uint32_t ba(uint32_t w) { return bits(w, 11, 15); }
constexpr uint32_t bb(uint32_t w) { return bits(w, 16, 20); }
constexpr uint32_t to(uint32_t w) { return bits(w, 6, 10); }
constexpr uint32_t nb(uint32_t w) { return bits(w, 16, 20); }
constexpr uint32_t sh(uint32_t w) { return bits(w, 16, 20); }
constexpr uint32_t mb(uint32_t w) { return bits(w, 21, 25); }  // M-form
constexpr uint32_t me(uint32_t w) { return bits(w, 26, 30); }  // M-form
// MD/MDS-form 6-bit fields: sh = sh[0:4] || sh5 (bit 30); mb/me = mb[0:4] (bits 21-25) with
// the high bit at 26: mb = bits 26 || 21..25.
constexpr uint32_t sh6(uint32_t w) { return bits(w, 16, 20) | (bits(w, 30, 30) << 5); }
constexpr uint32_t mb6(uint32_t w) { return (bits(w, 21, 25)) | (bits(w, 26, 26) << 5); }
constexpr uint32_t spr(uint32_t w) { return bits(w, 16, 20) << 5 | bits(w, 11, 15); }  // swapped
constexpr uint32_t fxm(uint32_t w) { return bits(w, 12, 19); }
constexpr uint32_t oe(uint32_t w) { return bits(w, 21, 21); }
constexpr uint32_t rc(uint32_t w) { return bits(w, 31, 31); }
constexpr uint32_t lk(uint32_t w) { return bits(w, 31, 31); }
constexpr uint32_t aa(uint32_t w) { return bits(w, 30, 30); }
constexpr int64_t d(uint32_t w) { return sext(bits(w, 16, 31), 16); }          // D / SI
constexpr uint64_t ui(uint32_t w) { return bits(w, 16, 31); }                  // UI
constexpr int64_t ds(uint32_t w) { return sext(bits(w, 16, 29), 14) * 4; }     // DS || 0b00
constexpr int64_t dq(uint32_t w) { return sext(bits(w, 16, 27), 12) * 16; }    // DQ || 0b0000
constexpr int64_t li(uint32_t w) { return sext(bits(w, 6, 29), 24) * 4; }      // LI || 0b00
constexpr int64_t bd(uint32_t w) { return sext(bits(w, 16, 29), 14) * 4; }     // BD || 0b00
constexpr uint32_t lev(uint32_t w) { return bits(w, 20, 26); }                 // sc LEV
// ISA 3.1 prefixed (MLS/8LS) 34-bit displacement: d0 (prefix bits 14-31) || d1 (suffix 16-31).
constexpr int64_t d34(uint32_t prefix, uint32_t suffix) {
    return sext((static_cast<uint64_t>(bits(prefix, 14, 31)) << 16) | bits(suffix, 16, 31), 34);
}
constexpr uint32_t prefix_r(uint32_t prefix) { return bits(prefix, 11, 11); }  // PC-relative
}  // namespace field

}  // namespace ppcvm::isa

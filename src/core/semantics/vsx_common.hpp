// Helpers shared by the VSX semantics files (Power ISA 3.1 Book I chapter 7): 6-bit VSR
// operand numbers and element access in the ISA's element order (element 0 is the most
// significant, in doubleword 0).
#pragma once

#include <cstdint>

#include "core/semantics/common.hpp"

namespace ppcvm::sem::vsx {

// 6-bit register fields (Book I 1.6.28): the extension bit (TX/SX, AX, BX, CX) is the high bit
// of the register number.
inline unsigned xt_xx1(uint32_t w) { return f::rt(w) | (isa::bits(w, 31, 31) << 5); }   // XX1
inline unsigned xt(uint32_t w) { return f::rt(w) | (isa::bits(w, 31, 31) << 5); }       // XX2-4
inline unsigned xa(uint32_t w) { return f::ra(w) | (isa::bits(w, 29, 29) << 5); }
inline unsigned xb(uint32_t w) { return f::rb(w) | (isa::bits(w, 30, 30) << 5); }
inline unsigned xc(uint32_t w) { return f::rc_reg(w) | (isa::bits(w, 28, 28) << 5); }
inline unsigned xt_dq(uint32_t w) { return f::rt(w) | (isa::bits(w, 28, 28) << 5); }    // DQ

// Elements of a VSR by ISA index (0 = most significant).
inline uint8_t byte_of(const VsrValue& v, unsigned i) {
    return static_cast<uint8_t>(v.dw[i >> 3] >> (56 - 8 * (i & 7)));
}
inline void set_byte(VsrValue& v, unsigned i, uint8_t b) {
    const unsigned sh = 56 - 8 * (i & 7);
    v.dw[i >> 3] = (v.dw[i >> 3] & ~(0xffull << sh)) | (static_cast<uint64_t>(b) << sh);
}
inline uint16_t half_of(const VsrValue& v, unsigned i) {
    return static_cast<uint16_t>(v.dw[i >> 2] >> (48 - 16 * (i & 3)));
}
inline void set_half(VsrValue& v, unsigned i, uint16_t h) {
    const unsigned sh = 48 - 16 * (i & 3);
    v.dw[i >> 2] = (v.dw[i >> 2] & ~(0xffffull << sh)) | (static_cast<uint64_t>(h) << sh);
}
inline uint32_t word_of(const VsrValue& v, unsigned i) {
    return static_cast<uint32_t>(v.dw[i >> 1] >> ((i & 1) ? 0 : 32));
}
inline void set_word(VsrValue& v, unsigned i, uint32_t x) {
    const unsigned sh = (i & 1) ? 0 : 32;
    v.dw[i >> 1] = (v.dw[i >> 1] & ~(0xffffffffull << sh)) | (static_cast<uint64_t>(x) << sh);
}

}  // namespace ppcvm::sem::vsx

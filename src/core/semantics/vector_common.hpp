// Shared helpers for the vector semantics (VMX, Power ISA 3.1 Book I chapter 6; usable by VSX):
// element access in ISA element order, and VSCR.
//
// A VsrValue holds dw[0] = the most significant doubleword. ISA element i of width w bytes is
// the i-th w-byte field counted from the most significant end (element 0 of a byte vector is
// the most significant byte of dw[0]), independent of the byte order of storage.
#pragma once

#include <cstdint>
#include <type_traits>

#include "core/cpu_state.hpp"

namespace ppcvm::sem::vec {

using u128 = unsigned __int128;
using s128 = __int128;

// Element `i` (ISA order) of width sizeof(T) <= 8 bytes.
template <typename T>
inline T elem(const VsrValue& v, unsigned i) {
    static_assert(sizeof(T) <= 8);
    constexpr unsigned per_dw = 8 / sizeof(T);
    const unsigned shift = (per_dw - 1 - i % per_dw) * 8 * sizeof(T);
    return static_cast<T>(v.dw[i / per_dw] >> shift);
}
template <typename T>
inline void set_elem(VsrValue& v, unsigned i, T x) {
    static_assert(sizeof(T) <= 8);
    constexpr unsigned per_dw = 8 / sizeof(T);
    const unsigned shift = (per_dw - 1 - i % per_dw) * 8 * sizeof(T);
    using U = std::make_unsigned_t<T>;
    const uint64_t mask = sizeof(T) == 8 ? ~0ull : ((1ull << (8 * sizeof(T))) - 1) << shift;
    v.dw[i / per_dw] = (v.dw[i / per_dw] & ~mask) | (static_cast<uint64_t>(static_cast<U>(x)) << shift);
}
inline u128 quad(const VsrValue& v) { return (static_cast<u128>(v.dw[0]) << 64) | v.dw[1]; }
inline VsrValue from_quad(u128 q) { return VsrValue{{static_cast<uint64_t>(q >> 64), static_cast<uint64_t>(q)}}; }

// Vector register n (VR n is VSR 32+n).
inline VsrValue& vr(CpuState& cpu, unsigned n) { return cpu.vsr[32 + n]; }

// VSCR (6.5): NJ is bit 15 of the 32-bit register, SAT bit 31.
inline constexpr uint32_t kVscrNJ = 1u << 16;
inline constexpr uint32_t kVscrSat = 1u;
inline void set_sat(CpuState& cpu) { cpu.vscr |= kVscrSat; }
inline bool non_java(const CpuState& cpu) { return (cpu.vscr & kVscrNJ) != 0; }

}  // namespace ppcvm::sem::vec

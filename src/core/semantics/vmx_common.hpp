// Helpers private to the VMX semantics files (vmx_*.cpp): element-wise maps over the VRA/VRB/
// VRC operands into VRT, and saturation with VSCR[SAT] (Power ISA 3.1 Book I 6.8-6.9).
#pragma once

#include <cstring>
#include <limits>

#include "core/semantics/common.hpp"
#include "core/semantics/vector_common.hpp"

namespace ppcvm::sem::vmx {

using namespace vec;
using isa::ExecStatus;

template <typename T>
inline constexpr unsigned kCount = 16 / sizeof(T);

// VRT[i] <- op(VRB[i]).
template <typename T, typename R = T, typename F>
inline ExecStatus map1(CpuState& cpu, uint32_t w, F op) {
    static_assert(sizeof(T) == sizeof(R));
    const VsrValue b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<T>; ++i) set_elem<R>(r, i, op(elem<T>(b, i)));
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
// VRT[i] <- op(VRA[i], VRB[i]).
template <typename T, typename R = T, typename F>
inline ExecStatus map2(CpuState& cpu, uint32_t w, F op) {
    static_assert(sizeof(T) == sizeof(R));
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<T>; ++i) set_elem<R>(r, i, op(elem<T>(a, i), elem<T>(b, i)));
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
// The same for an op that is a pure function of its two elements (no captured element index
// or state): it works on the registers' host representation, two doublewords viewed as an
// array of T, which pairs every element of VRA with the same element of VRB and VRT (only
// the numbering differs from the ISA's, which such an op never sees). The compiler turns the
// loop into host vector code: the compares, which search loops run, cost a few instructions.
template <typename T, typename R = T, typename F>
inline ExecStatus map2_pure(CpuState& cpu, uint32_t w, F op) {
    static_assert(sizeof(T) == sizeof(R));
    T a[kCount<T>], b[kCount<T>];
    R r[kCount<T>];
    std::memcpy(a, vr(cpu, f::ra(w)).dw, 16);
    std::memcpy(b, vr(cpu, f::rb(w)).dw, 16);
    for (unsigned i = 0; i < kCount<T>; ++i) r[i] = static_cast<R>(op(a[i], b[i]));
    std::memcpy(vr(cpu, f::rt(w)).dw, r, 16);
    return ExecStatus::Continue;
}
// VRT[i] <- op(VRA[i], VRB[i], VRC[i]).
template <typename T, typename F>
inline ExecStatus map3(CpuState& cpu, uint32_t w, F op) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w)), c = vr(cpu, f::rc_reg(w));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<T>; ++i)
        set_elem<T>(r, i, op(elem<T>(a, i), elem<T>(b, i), elem<T>(c, i)));
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
// Quadword operations.
template <typename F>
inline ExecStatus quad2(CpuState& cpu, uint32_t w, F op) {
    const u128 a = quad(vr(cpu, f::ra(w))), b = quad(vr(cpu, f::rb(w)));
    vr(cpu, f::rt(w)) = from_quad(op(a, b));
    return ExecStatus::Continue;
}
template <typename F>
inline ExecStatus quad3(CpuState& cpu, uint32_t w, F op) {
    const u128 a = quad(vr(cpu, f::ra(w))), b = quad(vr(cpu, f::rb(w))), c = quad(vr(cpu, f::rc_reg(w)));
    vr(cpu, f::rt(w)) = from_quad(op(a, b, c));
    return ExecStatus::Continue;
}

// Clamp v to the range of T; VSCR[SAT] <- 1 when it was out of range (6.8.1 "Saturation").
template <typename T>
inline T saturate(CpuState& cpu, s128 v) {
    constexpr s128 lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
    if (v > hi) {
        set_sat(cpu);
        return static_cast<T>(hi);
    }
    if (v < lo) {
        set_sat(cpu);
        return static_cast<T>(lo);
    }
    return static_cast<T>(v);
}

// VC-form Rc (bit 21: the compares, vstri*).
inline bool vc_rc(uint32_t w) { return isa::bits(w, 21, 21) != 0; }

// CR6 for Rc=1 compares (6.9.3): bit 0 "all elements true", bit 2 "no element true".
inline void record_cr6(CpuState& cpu, const VsrValue& r) {
    const bool all = r.dw[0] == ~0ull && r.dw[1] == ~0ull;
    const bool none = r.dw[0] == 0 && r.dw[1] == 0;
    cpu.set_cr_field(6, (all ? 0x8u : 0u) | (none ? 0x2u : 0u));
}

}  // namespace ppcvm::sem::vmx

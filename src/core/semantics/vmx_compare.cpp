// VMX integer compares (Power ISA 3.1 Book I 6.9.3). Each element becomes all ones (true) or
// zeros; with Rc=1 CR6 <- all-true || 0 || all-false || 0. The floating compares are in
// vmx_float.cpp.
#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

template <typename T, typename F>
static ExecStatus compare(CpuState& cpu, uint32_t w, F pred) {
    using U = std::make_unsigned_t<T>;
    map2_pure<T, U>(cpu, w, [&](T a, T b) { return pred(a, b) ? U(~U(0)) : U(0); });
    if (vc_rc(w)) record_cr6(cpu, vr(cpu, f::rt(w)));
    return ExecStatus::Continue;
}
template <typename T>
static ExecStatus eq(CpuState& cpu, uint32_t w) { return compare<T>(cpu, w, [](T a, T b) { return a == b; }); }
template <typename T>
static ExecStatus gt(CpuState& cpu, uint32_t w) { return compare<T>(cpu, w, [](T a, T b) { return a > b; }); }
template <typename T>
static ExecStatus ne(CpuState& cpu, uint32_t w) { return compare<T>(cpu, w, [](T a, T b) { return a != b; }); }
template <typename T>
static ExecStatus nez(CpuState& cpu, uint32_t w) {
    return compare<T>(cpu, w, [](T a, T b) { return a != b || a == 0 || b == 0; });
}
SEM(vcmpequb) { return eq<uint8_t>(cpu, W); }
SEM(vcmpequh) { return eq<uint16_t>(cpu, W); }
SEM(vcmpequw) { return eq<uint32_t>(cpu, W); }
SEM(vcmpequd) { return eq<uint64_t>(cpu, W); }
SEM(vcmpgtub) { return gt<uint8_t>(cpu, W); }
SEM(vcmpgtuh) { return gt<uint16_t>(cpu, W); }
SEM(vcmpgtuw) { return gt<uint32_t>(cpu, W); }
SEM(vcmpgtud) { return gt<uint64_t>(cpu, W); }
SEM(vcmpgtsb) { return gt<int8_t>(cpu, W); }
SEM(vcmpgtsh) { return gt<int16_t>(cpu, W); }
SEM(vcmpgtsw) { return gt<int32_t>(cpu, W); }
SEM(vcmpgtsd) { return gt<int64_t>(cpu, W); }
SEM(vcmpneb) { return ne<uint8_t>(cpu, W); }
SEM(vcmpneh) { return ne<uint16_t>(cpu, W); }
SEM(vcmpnew) { return ne<uint32_t>(cpu, W); }
SEM(vcmpnezb) { return nez<uint8_t>(cpu, W); }
SEM(vcmpnezh) { return nez<uint16_t>(cpu, W); }
SEM(vcmpnezw) { return nez<uint32_t>(cpu, W); }

// Quadword compares (3.1).
template <typename F>
static ExecStatus compare_q(CpuState& cpu, uint32_t w, F pred) {
    quad2(cpu, w, [&](u128 a, u128 b) { return pred(a, b) ? ~u128(0) : u128(0); });
    if (vc_rc(w)) record_cr6(cpu, vr(cpu, f::rt(w)));
    return ExecStatus::Continue;
}
SEM(vcmpequq) { return compare_q(cpu, W, [](u128 a, u128 b) { return a == b; }); }
SEM(vcmpgtuq) { return compare_q(cpu, W, [](u128 a, u128 b) { return a > b; }); }
SEM(vcmpgtsq) { return compare_q(cpu, W, [](u128 a, u128 b) { return s128(a) > s128(b); }); }
// vcmpuq/vcmpsq (3.1): CR[BF] <- LT GT EQ 0.
template <typename T>
static ExecStatus compare_to_cr(CpuState& cpu, uint32_t w) {
    const T a = T(quad(vr(cpu, f::ra(w)))), b = T(quad(vr(cpu, f::rb(w))));
    cpu.set_cr_field(f::bf(w), a < b ? 0x8u : a > b ? 0x4u : 0x2u);
    return ExecStatus::Continue;
}
SEM(vcmpuq) { return compare_to_cr<u128>(cpu, W); }
SEM(vcmpsq) { return compare_to_cr<s128>(cpu, W); }

}  // namespace ppcvm::sem

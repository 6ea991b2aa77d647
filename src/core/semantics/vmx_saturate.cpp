// VMX saturating arithmetic (Power ISA 3.1 Book I 6.9.1): saturating add/subtract,
// multiply-high-add, multiply-sum and sum-across. Every clamp sets VSCR[SAT] (6.8.1 and the
// "Saturate" function of each instruction's pseudocode); SAT is sticky, never cleared here.
#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

template <typename T>
static ExecStatus add_sat(CpuState& cpu, uint32_t w) {
    return map2<T>(cpu, w, [&cpu](T a, T b) { return saturate<T>(cpu, s128(a) + s128(b)); });
}
template <typename T>
static ExecStatus sub_sat(CpuState& cpu, uint32_t w) {
    return map2<T>(cpu, w, [&cpu](T a, T b) { return saturate<T>(cpu, s128(a) - s128(b)); });
}
SEM(vaddubs) { return add_sat<uint8_t>(cpu, W); }
SEM(vadduhs) { return add_sat<uint16_t>(cpu, W); }
SEM(vadduws) { return add_sat<uint32_t>(cpu, W); }
SEM(vaddsbs) { return add_sat<int8_t>(cpu, W); }
SEM(vaddshs) { return add_sat<int16_t>(cpu, W); }
SEM(vaddsws) { return add_sat<int32_t>(cpu, W); }
SEM(vsububs) { return sub_sat<uint8_t>(cpu, W); }
SEM(vsubuhs) { return sub_sat<uint16_t>(cpu, W); }
SEM(vsubuws) { return sub_sat<uint32_t>(cpu, W); }
SEM(vsubsbs) { return sub_sat<int8_t>(cpu, W); }
SEM(vsubshs) { return sub_sat<int16_t>(cpu, W); }
SEM(vsubsws) { return sub_sat<int32_t>(cpu, W); }

// vmhaddshs: ((a*b) >> 15) + c, saturated; vmhraddshs rounds first (+0x4000).
SEM(vmhaddshs) {
    return map3<int16_t>(cpu, W, [&cpu](int16_t a, int16_t b, int16_t c) {
        return saturate<int16_t>(cpu, ((int32_t(a) * b) >> 15) + int32_t(c));
    });
}
SEM(vmhraddshs) {
    return map3<int16_t>(cpu, W, [&cpu](int16_t a, int16_t b, int16_t c) {
        return saturate<int16_t>(cpu, ((int32_t(a) * b + 0x4000) >> 15) + int32_t(c));
    });
}
SEM(vmladduhm) {
    return map3<uint16_t>(cpu, W, [](uint16_t a, uint16_t b, uint16_t c) {
        return uint16_t(uint32_t(a) * b + c);
    });
}

// Multiply-sum: word i of the result is word i of VRC plus the products of the narrower
// elements of VRA and VRB that lie in word i. SA/SB: signedness of the VRA/VRB elements.
template <typename TA, typename TB, bool kSat, bool kSignedSum>
static ExecStatus msum(CpuState& cpu, uint32_t w) {
    static_assert(sizeof(TA) == sizeof(TB));
    constexpr unsigned per = 4 / sizeof(TA);
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w)), c = vr(cpu, f::rc_reg(w));
    VsrValue r{};
    for (unsigned i = 0; i < 4; ++i) {
        int64_t sum = kSignedSum ? int64_t(elem<int32_t>(c, i)) : int64_t(elem<uint32_t>(c, i));
        for (unsigned j = 0; j < per; ++j)
            sum += int64_t(elem<TA>(a, i * per + j)) * int64_t(elem<TB>(b, i * per + j));
        uint32_t v;
        if constexpr (!kSat) v = uint32_t(sum);
        else if constexpr (kSignedSum) v = uint32_t(saturate<int32_t>(cpu, sum));
        else v = saturate<uint32_t>(cpu, sum);
        set_elem<uint32_t>(r, i, v);
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vmsumubm) { return msum<uint8_t, uint8_t, false, false>(cpu, W); }
SEM(vmsummbm) { return msum<int8_t, uint8_t, false, true>(cpu, W); }
SEM(vmsumuhm) { return msum<uint16_t, uint16_t, false, false>(cpu, W); }
SEM(vmsumuhs) { return msum<uint16_t, uint16_t, true, false>(cpu, W); }
SEM(vmsumshm) { return msum<int16_t, int16_t, false, true>(cpu, W); }
SEM(vmsumshs) { return msum<int16_t, int16_t, true, true>(cpu, W); }

// vmsumudm (3.0) / vmsumcud (3.1): a.dw0*b.dw0 + a.dw1*b.dw1 + c, the low 128 bits or the carry
// out of them (0, 1 or 2).
static void msum_ud(const VsrValue& a, const VsrValue& b, const VsrValue& c, u128& low, unsigned& carry) {
    const u128 p0 = u128(a.dw[0]) * b.dw[0], p1 = u128(a.dw[1]) * b.dw[1];
    carry = 0;
    low = p0 + p1;
    carry += low < p0;
    const u128 s = low + quad(c);
    carry += s < low;
    low = s;
}
SEM(vmsumudm) {
    u128 low;
    unsigned carry;
    msum_ud(vr(cpu, f::ra(W)), vr(cpu, f::rb(W)), vr(cpu, f::rc_reg(W)), low, carry);
    vr(cpu, f::rt(W)) = from_quad(low);
    return ExecStatus::Continue;
}
SEM(vmsumcud) {
    u128 low;
    unsigned carry;
    msum_ud(vr(cpu, f::ra(W)), vr(cpu, f::rb(W)), vr(cpu, f::rc_reg(W)), low, carry);
    vr(cpu, f::rt(W)) = from_quad(carry);
    return ExecStatus::Continue;
}

// ---- sum across ----
SEM(vsumsws) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W));
    int64_t sum = elem<int32_t>(b, 3);
    for (unsigned i = 0; i < 4; ++i) sum += elem<int32_t>(a, i);
    VsrValue r{};
    set_elem<int32_t>(r, 3, saturate<int32_t>(cpu, sum));
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
SEM(vsum2sws) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W));
    VsrValue r{};
    for (unsigned i = 0; i < 2; ++i) {
        const int64_t sum = int64_t(elem<int32_t>(a, 2 * i)) + elem<int32_t>(a, 2 * i + 1) +
                            elem<int32_t>(b, 2 * i + 1);
        set_elem<int32_t>(r, 2 * i + 1, saturate<int32_t>(cpu, sum));
    }
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
template <typename T, typename S>
static ExecStatus sum4(CpuState& cpu, uint32_t w) {
    constexpr unsigned per = 4 / sizeof(T);
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < 4; ++i) {
        int64_t sum = elem<S>(b, i);
        for (unsigned j = 0; j < per; ++j) sum += elem<T>(a, i * per + j);
        set_elem<S>(r, i, saturate<S>(cpu, sum));
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vsum4sbs) { return sum4<int8_t, int32_t>(cpu, W); }
SEM(vsum4shs) { return sum4<int16_t, int32_t>(cpu, W); }
SEM(vsum4ubs) { return sum4<uint8_t, uint32_t>(cpu, W); }

}  // namespace ppcvm::sem

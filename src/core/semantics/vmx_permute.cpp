// VMX permute, pack, unpack, merge, splat, extract and insert (Power ISA 3.1 Book I 6.8).
#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

static uint8_t byte_of(const VsrValue& v, unsigned i) { return elem<uint8_t>(v, i); }

// ---- permute (6.8.6) ----
SEM(vperm) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W)), c = vr(cpu, f::rc_reg(W));
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) {
        const unsigned k = byte_of(c, i) & 31;
        set_elem<uint8_t>(r, i, k < 16 ? byte_of(a, k) : byte_of(b, k - 16));
    }
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
// vpermr (3.0): indices counted from the right.
SEM(vpermr) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W)), c = vr(cpu, f::rc_reg(W));
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) {
        const unsigned k = 31 - (byte_of(c, i) & 31);
        set_elem<uint8_t>(r, i, k < 16 ? byte_of(a, k) : byte_of(b, k - 16));
    }
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
// vpermxor (2.07): VRA byte (high nibble of VRC byte) XOR VRB byte (low nibble).
SEM(vpermxor) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W)), c = vr(cpu, f::rc_reg(W));
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) {
        const unsigned k = byte_of(c, i);
        set_elem<uint8_t>(r, i, uint8_t(byte_of(a, k >> 4) ^ byte_of(b, k & 15)));
    }
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}

// ---- pack (6.8.1): the elements of VRA then VRB, narrowed (modulo or saturated) ----
template <typename S, typename D, typename F>
static ExecStatus pack(CpuState& cpu, uint32_t w, F narrow) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    constexpr unsigned n = kCount<S>;
    VsrValue r{};
    for (unsigned i = 0; i < n; ++i) {
        set_elem<D>(r, i, narrow(elem<S>(a, i)));
        set_elem<D>(r, n + i, narrow(elem<S>(b, i)));
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
template <typename S, typename D>
static ExecStatus pack_modulo(CpuState& cpu, uint32_t w) {
    return pack<S, D>(cpu, w, [](S v) { return D(v); });
}
template <typename S, typename D>
static ExecStatus pack_sat(CpuState& cpu, uint32_t w) {
    return pack<S, D>(cpu, w, [&cpu](S v) { return saturate<D>(cpu, s128(v)); });
}
SEM(vpkuhum) { return pack_modulo<uint16_t, uint8_t>(cpu, W); }
SEM(vpkuwum) { return pack_modulo<uint32_t, uint16_t>(cpu, W); }
SEM(vpkudum) { return pack_modulo<uint64_t, uint32_t>(cpu, W); }
SEM(vpkuhus) { return pack_sat<uint16_t, uint8_t>(cpu, W); }
SEM(vpkuwus) { return pack_sat<uint32_t, uint16_t>(cpu, W); }
SEM(vpkudus) { return pack_sat<uint64_t, uint32_t>(cpu, W); }
SEM(vpkshus) { return pack_sat<int16_t, uint8_t>(cpu, W); }
SEM(vpkswus) { return pack_sat<int32_t, uint16_t>(cpu, W); }
SEM(vpksdus) { return pack_sat<int64_t, uint32_t>(cpu, W); }
SEM(vpkshss) { return pack_sat<int16_t, int8_t>(cpu, W); }
SEM(vpkswss) { return pack_sat<int32_t, int16_t>(cpu, W); }
SEM(vpksdss) { return pack_sat<int64_t, int32_t>(cpu, W); }
// vpkpx: 32-bit pixels to 1/5/5/5: word bits 7, 8:12, 16:20, 24:28.
SEM(vpkpx) {
    return pack<uint32_t, uint16_t>(cpu, W, [](uint32_t v) {
        return uint16_t(((v >> 24) & 1) << 15 | ((v >> 19) & 0x1f) << 10 | ((v >> 11) & 0x1f) << 5 |
                        ((v >> 3) & 0x1f));
    });
}

// ---- unpack (6.8.2): the high (elements 0..n/2-1) or low half of VRB, sign-extended ----
template <typename S, typename D, typename F>
static ExecStatus unpack(CpuState& cpu, uint32_t w, unsigned half, F widen) {
    const VsrValue b = vr(cpu, f::rb(w));
    constexpr unsigned n = kCount<D>;
    VsrValue r{};
    for (unsigned i = 0; i < n; ++i) set_elem<D>(r, i, widen(elem<S>(b, half * n + i)));
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
template <typename S, typename D>
static ExecStatus unpack_s(CpuState& cpu, uint32_t w, unsigned half) {
    return unpack<S, D>(cpu, w, half, [](S v) { return D(v); });
}
SEM(vupkhsb) { return unpack_s<int8_t, int16_t>(cpu, W, 0); }
SEM(vupkhsh) { return unpack_s<int16_t, int32_t>(cpu, W, 0); }
SEM(vupkhsw) { return unpack_s<int32_t, int64_t>(cpu, W, 0); }
SEM(vupklsb) { return unpack_s<int8_t, int16_t>(cpu, W, 1); }
SEM(vupklsh) { return unpack_s<int16_t, int32_t>(cpu, W, 1); }
SEM(vupklsw) { return unpack_s<int32_t, int64_t>(cpu, W, 1); }
// 1/5/5/5 pixel to 8/8/8/8: the 1-bit field sign-extended to 8 bits, each 5-bit field
// zero-extended.
static uint32_t unpack_pixel(uint16_t h) {
    return ((h & 0x8000) ? 0xff000000u : 0u) | uint32_t((h >> 10) & 0x1f) << 16 |
           uint32_t((h >> 5) & 0x1f) << 8 | uint32_t(h & 0x1f);
}
SEM(vupkhpx) { return unpack<uint16_t, uint32_t>(cpu, W, 0, unpack_pixel); }
SEM(vupklpx) { return unpack<uint16_t, uint32_t>(cpu, W, 1, unpack_pixel); }

// ---- merge (6.8.3) ----
template <typename T>
static ExecStatus merge(CpuState& cpu, uint32_t w, unsigned half) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    constexpr unsigned n = kCount<T> / 2;
    VsrValue r{};
    for (unsigned i = 0; i < n; ++i) {
        set_elem<T>(r, 2 * i, elem<T>(a, half * n + i));
        set_elem<T>(r, 2 * i + 1, elem<T>(b, half * n + i));
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vmrghb) { return merge<uint8_t>(cpu, W, 0); }
SEM(vmrghh) { return merge<uint16_t>(cpu, W, 0); }
SEM(vmrghw) { return merge<uint32_t>(cpu, W, 0); }
SEM(vmrglb) { return merge<uint8_t>(cpu, W, 1); }
SEM(vmrglh) { return merge<uint16_t>(cpu, W, 1); }
SEM(vmrglw) { return merge<uint32_t>(cpu, W, 1); }
// vmrgew/vmrgow (2.07): the even / odd words of each doubleword.
static ExecStatus merge_eo(CpuState& cpu, uint32_t w, unsigned odd) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < 2; ++i) {
        set_elem<uint32_t>(r, 2 * i, elem<uint32_t>(a, 2 * i + odd));
        set_elem<uint32_t>(r, 2 * i + 1, elem<uint32_t>(b, 2 * i + odd));
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vmrgew) { return merge_eo(cpu, W, 0); }
SEM(vmrgow) { return merge_eo(cpu, W, 1); }

// ---- splat (6.8.4) ----
template <typename T>
static ExecStatus splat(CpuState& cpu, uint32_t w) {
    // UIM is the low log2(count) bits of bits 11:15 (the rest is reserved).
    const T v = elem<T>(vr(cpu, f::rb(w)), isa::bits(w, 11, 15) & (kCount<T> - 1));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<T>; ++i) set_elem<T>(r, i, v);
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vspltb) { return splat<uint8_t>(cpu, W); }
SEM(vsplth) { return splat<uint16_t>(cpu, W); }
SEM(vspltw) { return splat<uint32_t>(cpu, W); }
template <typename T>
static ExecStatus splat_imm(CpuState& cpu, uint32_t w) {
    const T v = T(isa::sext(isa::bits(w, 11, 15), 5));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<T>; ++i) set_elem<T>(r, i, v);
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vspltisb) { return splat_imm<uint8_t>(cpu, W); }
SEM(vspltish) { return splat_imm<uint16_t>(cpu, W); }
SEM(vspltisw) { return splat_imm<uint32_t>(cpu, W); }

// ---- extract / insert (3.0, 6.8.5) ----
// `len` bytes of v starting at byte `start`, as a big-endian number; bytes past 15 read as 0
// (the ISA leaves UIM > 16-len undefined).
static uint64_t bytes_at(const VsrValue& v, unsigned start, unsigned len) {
    uint64_t x = 0;
    for (unsigned k = 0; k < len; ++k) x = (x << 8) | (start + k < 16 ? byte_of(v, start + k) : 0);
    return x;
}
static ExecStatus extract(CpuState& cpu, uint32_t w, unsigned len) {
    const unsigned uim = isa::bits(w, 12, 15);
    vr(cpu, f::rt(w)) = VsrValue{{bytes_at(vr(cpu, f::rb(w)), uim, len), 0}};
    return ExecStatus::Continue;
}
SEM(vextractub) { return extract(cpu, W, 1); }
SEM(vextractuh) { return extract(cpu, W, 2); }
SEM(vextractuw) { return extract(cpu, W, 4); }
SEM(vextractd) { return extract(cpu, W, 8); }
// vinsert*: the element of VRB that ends at byte 7 goes to VRT bytes UIM..UIM+len-1; the other
// bytes of VRT are unchanged. Bytes that would land past 15 are dropped.
static ExecStatus insert(CpuState& cpu, uint32_t w, unsigned len) {
    const unsigned uim = isa::bits(w, 12, 15);
    const VsrValue b = vr(cpu, f::rb(w));
    VsrValue& t = vr(cpu, f::rt(w));
    for (unsigned k = 0; k < len && uim + k < 16; ++k) set_elem<uint8_t>(t, uim + k, byte_of(b, 8 - len + k));
    return ExecStatus::Continue;
}
SEM(vinsertb) { return insert(cpu, W, 1); }
SEM(vinserth) { return insert(cpu, W, 2); }
SEM(vinsertw) { return insert(cpu, W, 4); }
SEM(vinsertd) { return insert(cpu, W, 8); }
// vext*lx / vext*rx: element at byte index RA[60:63] counted from the left, or ending at byte
// 15 - RA[60:63] counted from the right, zero-extended into RT.
static ExecStatus extract_gpr(CpuState& cpu, uint32_t w, unsigned len, bool right) {
    const unsigned idx = cpu.gpr[f::ra(w)] & 15;
    const VsrValue b = vr(cpu, f::rb(w));
    const int start = right ? 16 - int(len) - int(idx) : int(idx);
    uint64_t x = 0;
    for (unsigned k = 0; k < len; ++k) {
        const int i = start + int(k);
        x = (x << 8) | (i >= 0 && i < 16 ? byte_of(b, unsigned(i)) : 0);
    }
    cpu.gpr[f::rt(w)] = x;
    return ExecStatus::Continue;
}
SEM(vextublx) { return extract_gpr(cpu, W, 1, false); }
SEM(vextubrx) { return extract_gpr(cpu, W, 1, true); }
SEM(vextuhlx) { return extract_gpr(cpu, W, 2, false); }
SEM(vextuhrx) { return extract_gpr(cpu, W, 2, true); }
SEM(vextuwlx) { return extract_gpr(cpu, W, 4, false); }
SEM(vextuwrx) { return extract_gpr(cpu, W, 4, true); }

// ---- 3.1 inserts from GPRs and vectors (6.8.5): the element goes to byte index RA[60:63]
// counted from the left (…lx) or ending at byte 15 - RA[60:63] counted from the right (…rx);
// the other bytes of VRT are unchanged. Bytes falling outside the register (an index past the
// last whole element: undefined) are dropped. ----
static void insert_bytes(VsrValue& t, int start, uint64_t value, unsigned len) {
    for (unsigned k = 0; k < len; ++k) {
        const int i = start + int(k);
        if (i >= 0 && i < 16) set_elem<uint8_t>(t, unsigned(i), uint8_t(value >> (8 * (len - 1 - k))));
    }
}
static ExecStatus insert_indexed(CpuState& cpu, uint32_t w, uint64_t value, unsigned len, bool right) {
    const int idx = int(cpu.gpr[f::ra(w)] & 15);
    insert_bytes(vr(cpu, f::rt(w)), right ? 16 - int(len) - idx : idx, value, len);
    return ExecStatus::Continue;
}
SEM(vinsblx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 1, false); }
SEM(vinsbrx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 1, true); }
SEM(vinshlx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 2, false); }
SEM(vinshrx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 2, true); }
SEM(vinswlx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 4, false); }
SEM(vinswrx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 4, true); }
SEM(vinsdlx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 8, false); }
SEM(vinsdrx) { return insert_indexed(cpu, W, cpu.gpr[f::rb(W)], 8, true); }
// Vector-source forms: the element of VRB that ends at byte 7.
SEM(vinsbvlx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 7, 1), 1, false); }
SEM(vinsbvrx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 7, 1), 1, true); }
SEM(vinshvlx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 6, 2), 2, false); }
SEM(vinshvrx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 6, 2), 2, true); }
SEM(vinswvlx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 4, 4), 4, false); }
SEM(vinswvrx) { return insert_indexed(cpu, W, bytes_at(vr(cpu, f::rb(W)), 4, 4), 4, true); }
// vinsw/vinsd: RB's low word / doubleword to bytes UIM.. of VRT.
SEM(vinsw) {
    insert_bytes(vr(cpu, f::rt(W)), int(isa::bits(W, 12, 15)), cpu.gpr[f::rb(W)], 4);
    return ExecStatus::Continue;
}
SEM(vinsd) {
    insert_bytes(vr(cpu, f::rt(W)), int(isa::bits(W, 12, 15)), cpu.gpr[f::rb(W)], 8);
    return ExecStatus::Continue;
}
// vclrlb/vclrrb (3.1): with n = (RB) < 16, clear the leftmost / rightmost 16-n bytes of VRA.
SEM(vclrlb) {
    const uint64_t n = cpu.gpr[f::rb(W)];
    VsrValue r = vr(cpu, f::ra(W));
    for (unsigned i = 0; n < 16 && i < 16 - n; ++i) set_elem<uint8_t>(r, i, 0);
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
SEM(vclrrb) {
    const uint64_t n = cpu.gpr[f::rb(W)];
    VsrValue r = vr(cpu, f::ra(W));
    for (unsigned i = 0; n < 16 && i < 16 - n; ++i) set_elem<uint8_t>(r, 15 - i, 0);
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
// vext*vlx/vext*vrx (3.1): an element of the 32-byte VRA || VRB at byte index
// RC[59:63] (left) or ending at byte 31 - RC[59:63] (right), zero-extended into doubleword 0
// of VRT; doubleword 1 <- 0.
static ExecStatus extract_double(CpuState& cpu, uint32_t w, unsigned len, bool right) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    const int idx = int(cpu.gpr[f::rc_reg(w)] & 31);
    const int start = right ? 32 - int(len) - idx : idx;
    uint64_t x = 0;
    for (unsigned k = 0; k < len; ++k) {
        const int i = start + int(k);
        const uint8_t byte = i < 0 || i >= 32 ? 0 : i < 16 ? byte_of(a, unsigned(i)) : byte_of(b, unsigned(i - 16));
        x = (x << 8) | byte;
    }
    vr(cpu, f::rt(w)) = VsrValue{{x, 0}};
    return ExecStatus::Continue;
}
SEM(vextdubvlx) { return extract_double(cpu, W, 1, false); }
SEM(vextdubvrx) { return extract_double(cpu, W, 1, true); }
SEM(vextduhvlx) { return extract_double(cpu, W, 2, false); }
SEM(vextduhvrx) { return extract_double(cpu, W, 2, true); }
SEM(vextduwvlx) { return extract_double(cpu, W, 4, false); }
SEM(vextduwvrx) { return extract_double(cpu, W, 4, true); }
SEM(vextddvlx) { return extract_double(cpu, W, 8, false); }
SEM(vextddvrx) { return extract_double(cpu, W, 8, true); }

// ---- mask extract / expand (3.1) ----
template <typename T>
static ExecStatus extract_mask(CpuState& cpu, uint32_t w) {
    const VsrValue b = vr(cpu, f::rb(w));
    uint64_t m = 0;
    for (unsigned i = 0; i < kCount<T>; ++i) m = (m << 1) | (elem<T>(b, i) >> (8 * sizeof(T) - 1));
    cpu.gpr[f::rt(w)] = m;
    return ExecStatus::Continue;
}
SEM(vextractbm) { return extract_mask<uint8_t>(cpu, W); }
SEM(vextracthm) { return extract_mask<uint16_t>(cpu, W); }
SEM(vextractwm) { return extract_mask<uint32_t>(cpu, W); }
SEM(vextractdm) { return extract_mask<uint64_t>(cpu, W); }
SEM(vextractqm) {
    cpu.gpr[f::rt(W)] = vr(cpu, f::rb(W)).dw[0] >> 63;
    return ExecStatus::Continue;
}
template <typename T>
static ExecStatus expand_mask(CpuState& cpu, uint32_t w) {
    using S = std::make_signed_t<T>;
    return map1<T>(cpu, w, [](T v) { return T(S(v) >> (8 * sizeof(T) - 1)); });
}
SEM(vexpandbm) { return expand_mask<uint8_t>(cpu, W); }
SEM(vexpandhm) { return expand_mask<uint16_t>(cpu, W); }
SEM(vexpandwm) { return expand_mask<uint32_t>(cpu, W); }
SEM(vexpanddm) { return expand_mask<uint64_t>(cpu, W); }
SEM(vexpandqm) {
    const uint64_t m = uint64_t(int64_t(vr(cpu, f::rb(W)).dw[0]) >> 63);
    vr(cpu, f::rt(W)) = VsrValue{{m, m}};
    return ExecStatus::Continue;
}

// ---- string isolate (3.1): elements up to the first zero element are kept, that one and the
// rest cleared, scanning from the left (element 0) or the right; Rc=1: CR6 EQ <- a zero
// element was found. ----
template <typename T>
static ExecStatus string_isolate(CpuState& cpu, uint32_t w, bool from_right) {
    const VsrValue b = vr(cpu, f::rb(w));
    constexpr unsigned n = kCount<T>;
    VsrValue r{};
    bool found = false;
    for (unsigned k = 0; k < n; ++k) {
        const unsigned i = from_right ? n - 1 - k : k;
        const T v = elem<T>(b, i);
        if (v == 0) found = true;
        if (!found) set_elem<T>(r, i, v);
    }
    vr(cpu, f::rt(w)) = r;
    if (vc_rc(w)) cpu.set_cr_field(6, found ? 0x2u : 0u);
    return ExecStatus::Continue;
}
SEM(vstribl) { return string_isolate<uint8_t>(cpu, W, false); }
SEM(vstribr) { return string_isolate<uint8_t>(cpu, W, true); }
SEM(vstrihl) { return string_isolate<uint16_t>(cpu, W, false); }
SEM(vstrihr) { return string_isolate<uint16_t>(cpu, W, true); }

}  // namespace ppcvm::sem

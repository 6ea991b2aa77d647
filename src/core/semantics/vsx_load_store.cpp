// VSX loads and stores (Power ISA 3.1 Book I 7.6.1, "VSX Instruction Set: Storage Access"),
// and the moves between GPRs and VSRs (7.6.1.7 / "VSX Move Instructions").
//
// Element order is the classic trap: the element-ordered forms (lxvd2x, lxvw4x, lxvh8x,
// lxvb16x and their stores) put element 0 at EA in both endiannesses, each element in the
// current byte order; the whole-quadword forms (lxvx, lxv, plxv, lxvp) treat the 16 bytes as one
// value, so in little-endian mode the byte at EA lands in the least significant byte.
// Scalar loads: doubleword 1 of the target is undefined for the X-forms (lxsdx, lxsiwzx,
// lxsiwax, lxsspx, lxsibzx, lxsihzx); ppcvm leaves it unchanged, as QEMU does (checked by
// vsx_qemu_test). The ISA 3.0 DS/8LS forms (lxsd, lxssp, plxsd, plxssp) set it to 0.
#include "core/semantics/load_store_common.hpp"
#include "core/semantics/floating_point_math.hpp"
#include "core/semantics/vsx_common.hpp"

namespace ppcvm::sem {

using namespace vsx;

namespace {

// 8 bytes at ea as a big-endian number (byte at ea most significant), whatever MSR[LE] says.
bool load_be64(CpuState& cpu, uint64_t ea, uint64_t& v) {
    if (!load(cpu, ea, v)) return false;
    if (cpu.little_endian()) v = __builtin_bswap64(v);
    return true;
}
bool store_be64(CpuState& cpu, uint64_t ea, uint64_t v) {
    return store(cpu, ea, cpu.little_endian() ? __builtin_bswap64(v) : v);
}

// A store of `n` bytes is performed only if all of it can be: check the last page first, so an
// interrupt on the second page leaves storage unchanged (Book I 1.11.1, the access is not
// partially performed for the cases ppcvm can make precise).
bool probe_store(CpuState& cpu, uint64_t ea, unsigned n) {
    ea &= cpu.ea_mask();
    const uint64_t last = (ea + n - 1) & cpu.ea_mask();
    if ((ea >> 12) == (last >> 12)) return true;
    uint64_t pa;
    return translate(cpu, last & ~0xfffull, AccessKind::Store, pa);
}

// The 16 bytes at ea, byte i of the VSR from ea+i ("big-endian image").
bool load_image(CpuState& cpu, uint64_t ea, VsrValue& v) {
    return load_be64(cpu, ea, v.dw[0]) && load_be64(cpu, ea + 8, v.dw[1]);
}
bool store_image(CpuState& cpu, uint64_t ea, const VsrValue& v) {
    return probe_store(cpu, ea, 16) && store_be64(cpu, ea, v.dw[0]) &&
           store_be64(cpu, ea + 8, v.dw[1]);
}
VsrValue reversed(const VsrValue& v) {
    return VsrValue{{__builtin_bswap64(v.dw[1]), __builtin_bswap64(v.dw[0])}};
}
// The quadword at ea as one 128-bit value in the current byte order (lxvx, lxv, lxvp).
bool load_quadword(CpuState& cpu, uint64_t ea, VsrValue& v) {
    VsrValue img{};
    if (!load_image(cpu, ea, img)) return false;
    v = cpu.little_endian() ? reversed(img) : img;
    return true;
}
bool store_quadword(CpuState& cpu, uint64_t ea, const VsrValue& v) {
    return store_image(cpu, ea, cpu.little_endian() ? reversed(v) : v);
}

uint64_t ea_dq(const CpuState& cpu, uint32_t w) {
    return (ra_or_zero(cpu, w) + f::dq(w)) & cpu.ea_mask();
}

ExecStatus st(bool ok) { return ok ? ExecStatus::Continue : ExecStatus::Interrupt; }

// ---- generic bodies ----
ExecStatus lx_quadword(CpuState& cpu, unsigned t, uint64_t ea) {
    VsrValue v{};
    if (!load_quadword(cpu, ea, v)) return ExecStatus::Interrupt;
    cpu.vsr[t] = v;
    return ExecStatus::Continue;
}
ExecStatus stx_quadword(CpuState& cpu, unsigned s, uint64_t ea) {
    return st(store_quadword(cpu, ea, cpu.vsr[s]));
}
template <bool kZeroLow = false>
ExecStatus lx_scalar_dw(CpuState& cpu, unsigned t, uint64_t ea) {
    uint64_t v;
    if (!load(cpu, ea, v)) return ExecStatus::Interrupt;
    cpu.vsr[t].dw[0] = v;
    if (kZeroLow) cpu.vsr[t].dw[1] = 0;
    return ExecStatus::Continue;
}
template <bool kZeroLow = false>
ExecStatus lx_scalar_sp(CpuState& cpu, unsigned t, uint64_t ea) {
    uint32_t v;
    if (!load(cpu, ea, v)) return ExecStatus::Interrupt;
    cpu.vsr[t].dw[0] = fp::single_to_double_bits(v);
    if (kZeroLow) cpu.vsr[t].dw[1] = 0;
    return ExecStatus::Continue;
}
ExecStatus stx_scalar_sp(CpuState& cpu, unsigned s, uint64_t ea) {
    return st(store(cpu, ea, fp::double_to_single_bits(cpu.vsr[s].dw[0])));
}

// Paired forms (ISA 3.1 lxvp/stxvp): XTp = 32*TX + 2*Tp; the quadword at EA goes to XTp in
// big-endian mode and to XTp+1 in little-endian mode.
unsigned xtp(uint32_t w) { return (isa::bits(w, 6, 9) << 1) | (isa::bits(w, 10, 10) << 5); }
ExecStatus lx_pair(CpuState& cpu, unsigned t, uint64_t ea) {
    VsrValue a, b;
    if (!load_quadword(cpu, ea, a) || !load_quadword(cpu, ea + 16, b)) return ExecStatus::Interrupt;
    const bool le = cpu.little_endian();
    cpu.vsr[t] = le ? b : a;
    cpu.vsr[t + 1] = le ? a : b;
    return ExecStatus::Continue;
}
ExecStatus stx_pair(CpuState& cpu, unsigned s, uint64_t ea) {
    const bool le = cpu.little_endian();
    const VsrValue& first = le ? cpu.vsr[s + 1] : cpu.vsr[s];
    const VsrValue& second = le ? cpu.vsr[s] : cpu.vsr[s + 1];
    if (!probe_store(cpu, ea, 32)) return ExecStatus::Interrupt;
    return st(store_quadword(cpu, ea, first) && store_quadword(cpu, ea + 16, second));
}

// Element-ordered vector loads/stores: element i at ea + i*sizeof(T), each in the current
// byte order.
template <typename T>
ExecStatus lx_elements(CpuState& cpu, unsigned t, uint64_t ea) {
    constexpr unsigned n = 16 / sizeof(T);
    VsrValue v{};
    for (unsigned i = 0; i < n; ++i) {
        T e;
        if (!load(cpu, ea + i * sizeof(T), e)) return ExecStatus::Interrupt;
        if constexpr (sizeof(T) == 8) v.dw[i] = e;
        else if constexpr (sizeof(T) == 4) set_word(v, i, e);
        else if constexpr (sizeof(T) == 2) set_half(v, i, e);
        else set_byte(v, i, e);
    }
    cpu.vsr[t] = v;
    return ExecStatus::Continue;
}
template <typename T>
ExecStatus stx_elements(CpuState& cpu, unsigned s, uint64_t ea) {
    constexpr unsigned n = 16 / sizeof(T);
    const VsrValue v = cpu.vsr[s];
    if (!probe_store(cpu, ea, 16)) return ExecStatus::Interrupt;
    for (unsigned i = 0; i < n; ++i) {
        T e;
        if constexpr (sizeof(T) == 8) e = v.dw[i];
        else if constexpr (sizeof(T) == 4) e = word_of(v, i);
        else if constexpr (sizeof(T) == 2) e = half_of(v, i);
        else e = byte_of(v, i);
        if (!store(cpu, ea + i * sizeof(T), e)) return ExecStatus::Interrupt;
    }
    return ExecStatus::Continue;
}

// ISA 3.1 "load/store VSX vector rightmost element": an integer element in the low end of the
// VSR (zero-extended to 128 bits) in the current byte order.
template <typename T>
ExecStatus lx_rightmost(CpuState& cpu, unsigned t, uint64_t ea) {
    T e;
    if (!load(cpu, ea, e)) return ExecStatus::Interrupt;
    cpu.vsr[t] = VsrValue{{0, static_cast<uint64_t>(e)}};
    return ExecStatus::Continue;
}
template <typename T>
ExecStatus stx_rightmost(CpuState& cpu, unsigned s, uint64_t ea) {
    return st(store(cpu, ea, static_cast<T>(cpu.vsr[s].dw[1])));
}
// ISA 3.0 scalar integer byte/halfword/word loads into doubleword 0.
template <typename T, bool kSigned = false>
ExecStatus lx_scalar_int(CpuState& cpu, unsigned t, uint64_t ea) {
    T e;
    if (!load(cpu, ea, e)) return ExecStatus::Interrupt;
    uint64_t v = e;
    if constexpr (kSigned) v = static_cast<uint64_t>(isa::sext(e, 8 * sizeof(T)));
    cpu.vsr[t].dw[0] = v;
    return ExecStatus::Continue;
}
template <typename T>
ExecStatus stx_scalar_int(CpuState& cpu, unsigned s, uint64_t ea) {
    return st(store(cpu, ea, static_cast<T>(cpu.vsr[s].dw[0])));
}

// lxvl/lxvll/stxvl/stxvll (ISA 3.0): the byte count is RB[0:7], at most 16. lxvl/stxvl use the
// quadword's byte order (bytes land at the low end in little-endian mode); the "left-justified"
// lxvll/stxvll always use the big-endian image.
unsigned length_of(const CpuState& cpu, uint32_t w) {
    const unsigned n = static_cast<unsigned>(cpu.gpr[f::rb(w)] >> 56);
    return n > 16 ? 16 : n;
}
ExecStatus lx_length(CpuState& cpu, uint32_t w, bool left) {
    const uint64_t ea = ra_or_zero(cpu, w) & cpu.ea_mask();
    const unsigned n = length_of(cpu, w);
    VsrValue img{};
    for (unsigned i = 0; i < n; ++i) {
        uint8_t b;
        if (!load(cpu, ea + i, b)) return ExecStatus::Interrupt;
        set_byte(img, i, b);
    }
    // Little-endian lxvl: the n bytes form the low end of the quadword, byte at EA least
    // significant, i.e. the reversal of the image.
    cpu.vsr[xt_xx1(w)] = (!left && cpu.little_endian()) ? reversed(img) : img;
    return ExecStatus::Continue;
}
ExecStatus stx_length(CpuState& cpu, uint32_t w, bool left) {
    const uint64_t ea = ra_or_zero(cpu, w) & cpu.ea_mask();
    const unsigned n = length_of(cpu, w);
    const VsrValue& s = cpu.vsr[xt_xx1(w)];
    const VsrValue img = (!left && cpu.little_endian()) ? reversed(s) : s;
    if (n && !probe_store(cpu, ea, n)) return ExecStatus::Interrupt;
    for (unsigned i = 0; i < n; ++i)
        if (!store(cpu, ea + i, byte_of(img, i))) return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

// ---- prefixed forms (ISA 3.1 Book I 1.6.3) ----
// R=1 with RA != 0 is an invalid form. (The 64-byte-boundary Alignment interrupt and SRR1[34]
// of every prefixed instruction are the engine's.)
template <ExecStatus (*kBody)(CpuState&, unsigned, uint64_t)>
ExecStatus prefixed(CpuState& cpu, Insn insn, unsigned reg) {
    const int64_t d = f::d34(insn.prefix, insn.word);
    uint64_t ea;
    if (f::prefix_r(insn.prefix)) {
        if (f::ra(insn.word) != 0) return ls::invalid_form(cpu, insn);
        ea = (cpu.cia + d) & cpu.ea_mask();
    } else {
        ea = (ra_or_zero(cpu, insn.word) + d) & cpu.ea_mask();
    }
    return kBody(cpu, reg, ea);
}

// Direct moves check MSR[FP] (VSR 0-31) or MSR[VEC] (VSR 32-63), not MSR[VSX] (Book I 7.6.1.7,
// mfvsrd/mtvsrd...: "if SX=0 & MSR.FP=0 then FP_Unavailable()"). The ISA 3.0 additions
// (mfvsrld, mtvsrdd, mtvsrws) check MSR[VSX] for VSR 0-31 instead. Their rows carry facility
// None so the check is made here.
bool move_available(CpuState& cpu, unsigned reg, bool v3) {
    if (reg >= 32) {
        if (!(cpu.msr & msr::kVEC)) {
            raise_facility_unavailable(cpu, isa::Facility::VMX);
            return false;
        }
        return true;
    }
    const uint64_t need = v3 ? msr::kVSX : msr::kFP;
    if (!(cpu.msr & need)) {
        raise_facility_unavailable(cpu, v3 ? isa::Facility::VSX : isa::Facility::FP);
        return false;
    }
    return true;
}

}  // namespace

#define VSX_X_LOAD(name, body) \
    ExecStatus name(CpuState& cpu, Insn insn) { return body(cpu, xt_xx1(insn.word), ls::ea_x(cpu, insn.word)); }
VSX_X_LOAD(lxsiwzx, (lx_scalar_int<uint32_t>))
VSX_X_LOAD(lxsiwax, (lx_scalar_int<uint32_t, true>))
VSX_X_LOAD(lxsibzx, (lx_scalar_int<uint8_t>))
VSX_X_LOAD(lxsihzx, (lx_scalar_int<uint16_t>))
VSX_X_LOAD(lxsspx, lx_scalar_sp<>)
VSX_X_LOAD(lxsdx, lx_scalar_dw<>)
VSX_X_LOAD(lxvd2x, lx_elements<uint64_t>)
VSX_X_LOAD(lxvw4x, lx_elements<uint32_t>)
VSX_X_LOAD(lxvh8x, lx_elements<uint16_t>)
VSX_X_LOAD(lxvb16x, lx_elements<uint8_t>)
VSX_X_LOAD(lxvx, lx_quadword)
VSX_X_LOAD(lxvrbx, lx_rightmost<uint8_t>)
VSX_X_LOAD(lxvrhx, lx_rightmost<uint16_t>)
VSX_X_LOAD(lxvrwx, lx_rightmost<uint32_t>)
VSX_X_LOAD(lxvrdx, lx_rightmost<uint64_t>)
VSX_X_LOAD(stxsiwx, stx_scalar_int<uint32_t>)
VSX_X_LOAD(stxsibx, stx_scalar_int<uint8_t>)
VSX_X_LOAD(stxsihx, stx_scalar_int<uint16_t>)
VSX_X_LOAD(stxsdx, stx_scalar_int<uint64_t>)
VSX_X_LOAD(stxsspx, stx_scalar_sp)
VSX_X_LOAD(stxvd2x, stx_elements<uint64_t>)
VSX_X_LOAD(stxvw4x, stx_elements<uint32_t>)
VSX_X_LOAD(stxvh8x, stx_elements<uint16_t>)
VSX_X_LOAD(stxvb16x, stx_elements<uint8_t>)
VSX_X_LOAD(stxvx, stx_quadword)
VSX_X_LOAD(stxvrbx, stx_rightmost<uint8_t>)
VSX_X_LOAD(stxvrhx, stx_rightmost<uint16_t>)
VSX_X_LOAD(stxvrwx, stx_rightmost<uint32_t>)
VSX_X_LOAD(stxvrdx, stx_rightmost<uint64_t>)
#undef VSX_X_LOAD

ExecStatus lxvpx(CpuState& cpu, Insn insn) { return lx_pair(cpu, xtp(insn.word), ls::ea_x(cpu, insn.word)); }
ExecStatus stxvpx(CpuState& cpu, Insn insn) { return stx_pair(cpu, xtp(insn.word), ls::ea_x(cpu, insn.word)); }
ExecStatus lxvp(CpuState& cpu, Insn insn) { return lx_pair(cpu, xtp(insn.word), ea_dq(cpu, insn.word)); }
ExecStatus stxvp(CpuState& cpu, Insn insn) { return stx_pair(cpu, xtp(insn.word), ea_dq(cpu, insn.word)); }

ExecStatus lxvdsx(CpuState& cpu, Insn insn) {
    uint64_t v;
    if (!load(cpu, ls::ea_x(cpu, insn.word), v)) return ExecStatus::Interrupt;
    cpu.vsr[xt_xx1(insn.word)] = VsrValue{{v, v}};
    return ExecStatus::Continue;
}
ExecStatus lxvwsx(CpuState& cpu, Insn insn) {
    uint32_t v;
    if (!load(cpu, ls::ea_x(cpu, insn.word), v)) return ExecStatus::Interrupt;
    const uint64_t d = (static_cast<uint64_t>(v) << 32) | v;
    cpu.vsr[xt_xx1(insn.word)] = VsrValue{{d, d}};
    return ExecStatus::Continue;
}
ExecStatus lxvl(CpuState& cpu, Insn insn) { return lx_length(cpu, insn.word, false); }
ExecStatus lxvll(CpuState& cpu, Insn insn) { return lx_length(cpu, insn.word, true); }
ExecStatus stxvl(CpuState& cpu, Insn insn) { return stx_length(cpu, insn.word, false); }
ExecStatus stxvll(CpuState& cpu, Insn insn) { return stx_length(cpu, insn.word, true); }

// DS-forms (ISA 3.0): VRT/VRS name VSR 32-63.
ExecStatus lxsd(CpuState& cpu, Insn insn) { return lx_scalar_dw<true>(cpu, 32 + f::rt(insn.word), ls::ea_ds(cpu, insn.word)); }
ExecStatus lxssp(CpuState& cpu, Insn insn) { return lx_scalar_sp<true>(cpu, 32 + f::rt(insn.word), ls::ea_ds(cpu, insn.word)); }
ExecStatus stxsd(CpuState& cpu, Insn insn) { return stx_scalar_int<uint64_t>(cpu, 32 + f::rs(insn.word), ls::ea_ds(cpu, insn.word)); }
ExecStatus stxssp(CpuState& cpu, Insn insn) { return stx_scalar_sp(cpu, 32 + f::rs(insn.word), ls::ea_ds(cpu, insn.word)); }
// DQ-forms (ISA 3.0).
ExecStatus lxv(CpuState& cpu, Insn insn) { return lx_quadword(cpu, xt_dq(insn.word), ea_dq(cpu, insn.word)); }
ExecStatus stxv(CpuState& cpu, Insn insn) { return stx_quadword(cpu, xt_dq(insn.word), ea_dq(cpu, insn.word)); }

// Prefixed (ISA 3.1). plxv/pstxv: the TX/SX bit is suffix bit 5.
ExecStatus plxsd(CpuState& cpu, Insn i) { return prefixed<lx_scalar_dw<true>>(cpu, i, 32 + f::rt(i.word)); }
ExecStatus plxssp(CpuState& cpu, Insn i) { return prefixed<lx_scalar_sp<true>>(cpu, i, 32 + f::rt(i.word)); }
ExecStatus pstxsd(CpuState& cpu, Insn i) { return prefixed<stx_scalar_int<uint64_t>>(cpu, i, 32 + f::rs(i.word)); }
ExecStatus pstxssp(CpuState& cpu, Insn i) { return prefixed<stx_scalar_sp>(cpu, i, 32 + f::rs(i.word)); }
ExecStatus plxv(CpuState& cpu, Insn i) {
    return prefixed<lx_quadword>(cpu, i, f::rt(i.word) | (isa::bits(i.word, 5, 5) << 5));
}
ExecStatus pstxv(CpuState& cpu, Insn i) {
    return prefixed<stx_quadword>(cpu, i, f::rs(i.word) | (isa::bits(i.word, 5, 5) << 5));
}
ExecStatus plxvp(CpuState& cpu, Insn i) { return prefixed<lx_pair>(cpu, i, xtp(i.word)); }
ExecStatus pstxvp(CpuState& cpu, Insn i) { return prefixed<stx_pair>(cpu, i, xtp(i.word)); }

// ---- moves between GPRs and VSRs ----
ExecStatus mfvsrd(CpuState& cpu, Insn insn) {
    const unsigned s = xt_xx1(insn.word);
    if (!move_available(cpu, s, false)) return ExecStatus::Interrupt;
    cpu.gpr[f::ra(insn.word)] = cpu.vsr[s].dw[0];
    return ExecStatus::Continue;
}
ExecStatus mfvsrwz(CpuState& cpu, Insn insn) {
    const unsigned s = xt_xx1(insn.word);
    if (!move_available(cpu, s, false)) return ExecStatus::Interrupt;
    cpu.gpr[f::ra(insn.word)] = cpu.vsr[s].dw[0] & 0xffffffffull;
    return ExecStatus::Continue;
}
ExecStatus mfvsrld(CpuState& cpu, Insn insn) {
    const unsigned s = xt_xx1(insn.word);
    if (!move_available(cpu, s, true)) return ExecStatus::Interrupt;
    cpu.gpr[f::ra(insn.word)] = cpu.vsr[s].dw[1];
    return ExecStatus::Continue;
}
// mtvsrd/mtvsrwa/mtvsrwz: doubleword 1 of the target is undefined (Book I 7.6.1.7); ppcvm leaves
// it unchanged, as QEMU does.
ExecStatus mtvsrd(CpuState& cpu, Insn insn) {
    const unsigned t = xt_xx1(insn.word);
    if (!move_available(cpu, t, false)) return ExecStatus::Interrupt;
    cpu.vsr[t].dw[0] = cpu.gpr[f::ra(insn.word)];
    return ExecStatus::Continue;
}
ExecStatus mtvsrwa(CpuState& cpu, Insn insn) {
    const unsigned t = xt_xx1(insn.word);
    if (!move_available(cpu, t, false)) return ExecStatus::Interrupt;
    const uint64_t v = static_cast<uint64_t>(isa::sext(cpu.gpr[f::ra(insn.word)] & 0xffffffffull, 32));
    cpu.vsr[t].dw[0] = v;
    return ExecStatus::Continue;
}
ExecStatus mtvsrwz(CpuState& cpu, Insn insn) {
    const unsigned t = xt_xx1(insn.word);
    if (!move_available(cpu, t, false)) return ExecStatus::Interrupt;
    cpu.vsr[t].dw[0] = cpu.gpr[f::ra(insn.word)] & 0xffffffffull;
    return ExecStatus::Continue;
}
ExecStatus mtvsrdd(CpuState& cpu, Insn insn) {
    const unsigned t = xt_xx1(insn.word);
    if (!move_available(cpu, t, true)) return ExecStatus::Interrupt;
    cpu.vsr[t] = VsrValue{{ra_or_zero(cpu, insn.word), cpu.gpr[f::rb(insn.word)]}};
    return ExecStatus::Continue;
}
ExecStatus mtvsrws(CpuState& cpu, Insn insn) {
    const unsigned t = xt_xx1(insn.word);
    if (!move_available(cpu, t, true)) return ExecStatus::Interrupt;
    const uint64_t w = cpu.gpr[f::ra(insn.word)] & 0xffffffffull;
    cpu.vsr[t] = VsrValue{{w << 32 | w, w << 32 | w}};
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

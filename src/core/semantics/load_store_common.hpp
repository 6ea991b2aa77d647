// Helpers shared by the load/store semantics files: effective addresses, invalid forms, the
// Alignment interrupt's DSISR, and generic load/store bodies.
#pragma once

#include "core/semantics/common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem::ls {

// EA = (RA|0) + D, wrapped to 32 bits in 32-bit mode (Book I 1.10.3).
inline uint64_t ea_d(const CpuState& cpu, uint32_t w) {
    return (ra_or_zero(cpu, w) + f::d(w)) & cpu.ea_mask();
}
inline uint64_t ea_ds(const CpuState& cpu, uint32_t w) {
    return (ra_or_zero(cpu, w) + f::ds(w)) & cpu.ea_mask();
}
inline uint64_t ea_x(const CpuState& cpu, uint32_t w) {
    return (ra_or_zero(cpu, w) + cpu.gpr[f::rb(w)]) & cpu.ea_mask();
}
// EA = (RA|0) only (lswi, stswi).
inline uint64_t ea_ra(const CpuState& cpu, uint32_t w) { return ra_or_zero(cpu, w) & cpu.ea_mask(); }

// An invalid instruction form (Book I 1.8.2) that ppcvm rejects: the illegal-instruction path,
// as QEMU's gen_invalid() does (on bare-metal ISA 2.06+ servers the Hypervisor Emulation
// Assistance interrupt, with HEIR holding the instruction image).
inline ExecStatus invalid_form(CpuState& cpu, Insn insn) {
    ExecStatus s = raise_illegal(cpu);
    // HEIR holds the prefix in its high word for a prefixed instruction (Book III 7.5.18).
    cpu.spr[sprn::kHEIR] =
        insn.prefix ? (static_cast<uint64_t>(insn.prefix) << 32 | insn.word) : insn.word;
    return s;
}

// Update forms: RA=0, or RA=RT for a load, is an invalid form (Book I 3.3.2: the ISA leaves the
// outcome undefined). ppcvm takes the illegal-instruction path as QEMU does (checked: qemu-ppc64le
// 7.2 raises SIGILL for lwzu r4,0(r4), lbzu r3,8(0), stwu r3,8(0)).
inline bool invalid_update(uint32_t w, bool is_load) {
    const uint32_t ra = f::ra(w);
    return ra == 0 || (is_load && ra == f::rt(w));
}

// DSISR for an Alignment interrupt, as Book III-S up to 2.07 (6.5.8) defines it: bits 15:21
// identify the instruction, 22:26 RT/RS, 27:31 RA. From ISA 3.0 the DSISR is undefined after an
// Alignment interrupt; ppcvm fills it the same way on every model (a valid choice of
// "undefined" that old and new kernels both cope with).
inline uint32_t alignment_dsisr(uint32_t w) {
    using isa::bits;
    uint32_t v = 0;
    const uint32_t op = f::opcd(w);
    auto put = [&](uint32_t value, unsigned first, unsigned last) {
        v |= (value & ((1u << (last - first + 1)) - 1)) << (31 - last);
    };
    if (op == 31) {  // X-form
        put(bits(w, 29, 30), 15, 16);
        put(bits(w, 25, 25), 17, 17);
        put(bits(w, 21, 24), 18, 21);
    } else {  // D, DS and DQ forms
        if (op == 58 || op == 62) put(bits(w, 30, 31), 15, 16);
        put(bits(w, 5, 5), 17, 17);
        put(bits(w, 1, 4), 18, 21);
    }
    put(f::rt(w), 22, 26);
    put(f::ra(w), 27, 31);
    return v;
}

inline ExecStatus alignment(CpuState& cpu, Insn insn, uint64_t ea) {
    return raise_alignment(cpu, ea, alignment_dsisr(insn.word));
}

template <typename T>
inline uint64_t extend(T v, bool sign) {
    if (!sign) return v;
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<std::make_signed_t<T>>(v)));
}

// Load sizeof(T) at ea into RT (zero- or sign-extended, optionally byte-reversed).
template <typename T, bool kSigned = false, bool kReverse = false>
inline ExecStatus load_to_rt(CpuState& cpu, uint32_t w, uint64_t ea) {
    T v;
    if (!load(cpu, ea, v)) return ExecStatus::Interrupt;
    if constexpr (kReverse) v = byteswap_any(v);
    cpu.gpr[f::rt(w)] = extend(v, kSigned);
    return ExecStatus::Continue;
}

template <typename T, bool kReverse = false>
inline ExecStatus store_rs(CpuState& cpu, uint32_t w, uint64_t ea) {
    T v = static_cast<T>(cpu.gpr[f::rs(w)]);
    if constexpr (kReverse) v = byteswap_any(v);
    if (!store(cpu, ea, v)) return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

// Update forms: check the form, access, then RA = EA (the EA as wrapped in 32-bit mode, as
// QEMU does). On an interrupt RA is unchanged.
template <typename T, bool kSigned = false>
inline ExecStatus load_update(CpuState& cpu, Insn insn, uint64_t ea) {
    const uint32_t w = insn.word;
    if (invalid_update(w, true)) return invalid_form(cpu, insn);
    ExecStatus s = load_to_rt<T, kSigned>(cpu, w, ea);
    if (s == ExecStatus::Continue) cpu.gpr[f::ra(w)] = ea;
    return s;
}

template <typename T>
inline ExecStatus store_update(CpuState& cpu, Insn insn, uint64_t ea) {
    const uint32_t w = insn.word;
    if (invalid_update(w, false)) return invalid_form(cpu, insn);
    ExecStatus s = store_rs<T>(cpu, w, ea);
    if (s == ExecStatus::Continue) cpu.gpr[f::ra(w)] = ea;
    return s;
}

// Quadword load/store (lq, stq, plq, pstq): RTp gets the high doubleword. Defined in
// load_store_multiple.cpp. The caller checks form and alignment.
ExecStatus load_quad(CpuState& cpu, uint64_t ea, unsigned rtp);
ExecStatus store_quad(CpuState& cpu, uint64_t ea, unsigned rsp);

}  // namespace ppcvm::sem::ls

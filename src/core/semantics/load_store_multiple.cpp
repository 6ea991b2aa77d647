// Load/store multiple, string (move assist) and quadword semantics (Power ISA 3.1 Book I 3.3.5,
// 3.3.7, 3.3.8).
#include "core/semantics/host_atomic.hpp"
#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

namespace {

// lmw/stmw and the string instructions take an Alignment interrupt in Little-Endian mode
// (Book I 3.3.7 and 3.3.8: "If ... executed in Little-Endian mode, the system alignment error
// handler is invoked"; Book III 7.5.8). QEMU does the same (gen_align_no_le).
// The bytes of a string or multiple are therefore always in big-endian order here.

// Whether register `reg` is among the `count` registers from `first` on, wrapping past r31 to
// r0 (the string instructions wrap, Book I 3.3.8).
bool in_range(unsigned first, unsigned count, unsigned reg) {
    return ((reg - first) & 31) < count;
}

ExecStatus load_string(CpuState& cpu, Insn insn, uint64_t ea, unsigned n) {
    const unsigned rt = f::rt(insn.word);
    for (unsigned b = 0; b < n; ++b) {
        uint8_t v;
        if (!load(cpu, (ea + b) & cpu.ea_mask(), v)) return ExecStatus::Interrupt;
        const unsigned reg = (rt + b / 4) & 31;
        const unsigned shift = 24 - 8 * (b % 4);
        // Each register is cleared when its first byte arrives: bytes fill bits 32:63 from the
        // left, the unused low bytes of the last register and the high word are 0.
        if (b % 4 == 0) cpu.gpr[reg] = 0;
        cpu.gpr[reg] |= static_cast<uint64_t>(v) << shift;
    }
    return ExecStatus::Continue;
}

ExecStatus store_string(CpuState& cpu, Insn insn, uint64_t ea, unsigned n) {
    const unsigned rs = f::rs(insn.word);
    for (unsigned b = 0; b < n; ++b) {
        const unsigned reg = (rs + b / 4) & 31;
        const uint8_t v = static_cast<uint8_t>(cpu.gpr[reg] >> (24 - 8 * (b % 4)));
        if (!store(cpu, (ea + b) & cpu.ea_mask(), v)) return ExecStatus::Interrupt;
    }
    return ExecStatus::Continue;
}

// lq/stq before ISA 2.07 were privileged Book III instructions without Little-Endian support
// (QEMU: PPC2_LSQ_ISA207). The table row cannot say "privileged before 2.07", so check here.
ExecStatus quad_pre207_checks(CpuState& cpu, Insn insn, uint64_t ea, bool& stop) {
    stop = false;
    if (cpu.model && cpu.model->isa < IsaLevel::V2_07) {
        stop = true;
        if (cpu.problem_state()) return raise_privileged(cpu);
        if (cpu.little_endian()) return alignment(cpu, insn, ea);
        stop = false;
    }
    return ExecStatus::Continue;
}

}  // namespace

ExecStatus lmw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_d(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    // "EA must be a multiple of 4. If it is not, either the system alignment error handler is
    // invoked or the results are boundedly undefined" (Book I 3.3.7): ppcvm interrupts.
    if (ea & 3) return alignment(cpu, insn, ea);
    // RA in the range loaded is an invalid form; like QEMU, ppcvm loads every register (RA
    // included: the EA was computed first).
    for (unsigned r = f::rt(w), k = 0; r < 32; ++r, ++k) {
        uint32_t v;
        if (!load(cpu, (ea + 4 * k) & cpu.ea_mask(), v)) return ExecStatus::Interrupt;
        cpu.gpr[r] = v;  // 32-bit words, zero-extended in 64-bit mode too
    }
    return ExecStatus::Continue;
}

ExecStatus stmw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_d(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    if (ea & 3) return alignment(cpu, insn, ea);
    for (unsigned r = f::rs(w), k = 0; r < 32; ++r, ++k)
        if (!store(cpu, (ea + 4 * k) & cpu.ea_mask(), static_cast<uint32_t>(cpu.gpr[r])))
            return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

ExecStatus lswi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_ra(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    const unsigned n = f::nb(w) ? f::nb(w) : 32;
    // RA in the range of registers loaded, including RA=0, is an invalid form (Book I 3.3.8);
    // QEMU raises the illegal-instruction program interrupt, and so does ppcvm.
    if (in_range(f::rt(w), (n + 3) / 4, f::ra(w))) return invalid_form(cpu, insn);
    return load_string(cpu, insn, ea, n);
}

ExecStatus lswx(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_x(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    const unsigned n = cpu.xer_bc;
    // XER[BC]=0: no bytes move and RT is undefined (Book I 3.3.8); ppcvm leaves it unchanged,
    // as QEMU does.
    if (n == 0) return ExecStatus::Continue;
    // RA or RB in the range loaded is an invalid form. The ISA includes RA=0; QEMU (helper_lswx)
    // checks RA only when it is not 0, and ppcvm follows QEMU there (r0 as RA is not read).
    const unsigned regs = (n + 3) / 4;
    if ((f::ra(w) != 0 && in_range(f::rt(w), regs, f::ra(w))) || in_range(f::rt(w), regs, f::rb(w)))
        return invalid_form(cpu, insn);
    return load_string(cpu, insn, ea, n);
}

ExecStatus stswi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_ra(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    return store_string(cpu, insn, ea, f::nb(w) ? f::nb(w) : 32);
}

ExecStatus stswx(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_x(cpu, w);
    if (cpu.little_endian()) return alignment(cpu, insn, ea);
    return store_string(cpu, insn, ea, cpu.xer_bc);
}

// ---- quadword ----

namespace ls {

// The two doublewords of a quadword in RTp (high) and RTp+1 (low): in Big-Endian mode the
// high doubleword is at EA, in Little-Endian mode at EA+8 (the quadword is one 128-bit
// scalar; QEMU: "the low part is always in RD+1, even in LE mode").
ExecStatus load_quad(CpuState& cpu, uint64_t ea, unsigned rtp) {
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Load, pa)) return ExecStatus::Interrupt;
    uint8_t* p = cpu.memory->ram_ptr(pa, 16);
    uint64_t hi, lo;
    if (p) {
        uint64_t raw[2];
        host::load16(p, raw);  // single-copy atomic (Book II 1.4)
        if (cpu.little_endian()) {
            lo = raw[0];
            hi = raw[1];
        } else {
            hi = __builtin_bswap64(raw[0]);
            lo = __builtin_bswap64(raw[1]);
        }
    } else {
        // MMIO (caching inhibited): two doubleword accesses; lq to such storage is itself
        // a Data Storage interrupt once the MMU knows storage attributes.
        uint64_t a, b;
        if (!load(cpu, ea, a) || !load(cpu, (ea + 8) & cpu.ea_mask(), b)) return ExecStatus::Interrupt;
        hi = cpu.little_endian() ? b : a;
        lo = cpu.little_endian() ? a : b;
    }
    cpu.gpr[rtp] = hi;
    cpu.gpr[rtp + 1] = lo;
    return ExecStatus::Continue;
}

ExecStatus store_quad(CpuState& cpu, uint64_t ea, unsigned rsp) {
    const uint64_t hi = cpu.gpr[rsp], lo = cpu.gpr[rsp + 1];
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Store, pa)) return ExecStatus::Interrupt;
    uint8_t* p = cpu.memory->ram_ptr(pa, 16);
    if (p) {
        uint64_t raw[2];
        if (cpu.little_endian()) {
            raw[0] = lo;
            raw[1] = hi;
        } else {
            raw[0] = __builtin_bswap64(hi);
            raw[1] = __builtin_bswap64(lo);
        }
        host::store16(p, raw);
        if (page_has_code(cpu, pa)) notify_code_write(cpu, pa, 16);
        cpu.memory->reservations().store_performed(pa, 16);
        return ExecStatus::Continue;
    }
    const uint64_t first = cpu.little_endian() ? lo : hi, second = cpu.little_endian() ? hi : lo;
    if (!store(cpu, ea, first) || !store(cpu, (ea + 8) & cpu.ea_mask(), second))
        return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

}  // namespace ls

ExecStatus lq(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = (ra_or_zero(cpu, w) + f::dq(w)) & cpu.ea_mask();
    bool stop;
    if (ExecStatus s = quad_pre207_checks(cpu, insn, ea, stop); stop) return s;
    // "If RTp is odd or RTp = RA, the instruction form is invalid" (Book I 3.3.5); QEMU: illegal.
    if ((f::rt(w) & 1) || f::rt(w) == f::ra(w)) return invalid_form(cpu, insn);
    // The quadword must be aligned (Book III 7.5.8).
    if (ea & 15) return alignment(cpu, insn, ea);
    return load_quad(cpu, ea, f::rt(w));
}

ExecStatus stq(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_ds(cpu, w);
    bool stop;
    if (ExecStatus s = quad_pre207_checks(cpu, insn, ea, stop); stop) return s;
    if (f::rs(w) & 1) return invalid_form(cpu, insn);
    if (ea & 15) return alignment(cpu, insn, ea);
    return store_quad(cpu, ea, f::rs(w));
}

}  // namespace ppcvm::sem

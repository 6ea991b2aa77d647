// Fixed-point facility semantics (Power ISA 3.1 Book I chapter 3), except loads and stores.
#include "core/semantics/common.hpp"

namespace ppcvm::sem {

ExecStatus addi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = ra_or_zero(cpu, w) + static_cast<uint64_t>(f::d(w));
    return ExecStatus::Continue;
}

ExecStatus addis(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::rt(w)] = ra_or_zero(cpu, w) + (static_cast<uint64_t>(f::d(w)) << 16);
    return ExecStatus::Continue;
}

ExecStatus add(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t a = cpu.gpr[f::ra(w)], b = cpu.gpr[f::rb(w)];
    const uint64_t r = a + b;
    if (f::oe(w)) {
        const bool ov64 = ((a ^ r) & (b ^ r)) >> 63;
        const bool ov32 = (((a ^ r) & (b ^ r)) >> 31) & 1;
        set_ov(cpu, ov64, ov32);
    }
    cpu.gpr[f::rt(w)] = r;
    if (f::rc(w)) record_cr0(cpu, r);
    return ExecStatus::Continue;
}

ExecStatus or_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t r = cpu.gpr[f::rs(w)] | cpu.gpr[f::rb(w)];
    cpu.gpr[f::ra(w)] = r;
    if (f::rc(w)) record_cr0(cpu, r);
    return ExecStatus::Continue;
}

ExecStatus ori(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::ra(w)] = cpu.gpr[f::rs(w)] | f::ui(w);
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

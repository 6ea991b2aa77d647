// Fixed-point load and store semantics (Power ISA 3.1 Book I 3.3) and storage control
// instructions of Book II.
#include "core/semantics/common.hpp"

namespace ppcvm::sem {

ExecStatus lwz(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    uint32_t v;
    if (!load(cpu, ra_or_zero(cpu, w) + f::d(w), v)) return ExecStatus::Interrupt;
    cpu.gpr[f::rt(w)] = v;
    return ExecStatus::Continue;
}

ExecStatus stw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    if (!store(cpu, ra_or_zero(cpu, w) + f::d(w), static_cast<uint32_t>(cpu.gpr[f::rs(w)])))
        return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

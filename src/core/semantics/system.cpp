// System semantics: sc, SPR and MSR moves, return from interrupt (Power ISA 3.1 Book III).
#include "core/semantics/common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem {

ExecStatus sc(CpuState& cpu, Insn insn) {
    const unsigned lev = f::lev(insn.word);
    // sc 1 from supervisor state on PAPR is a hypercall to ppcvm (PAPR 14.5.3).
    if (lev == 1 && cpu.platform == Platform::Papr && !cpu.problem_state() && cpu.env)
        return cpu.env->hypercall(cpu);
    return raise_system_call(cpu, lev);
}

// Minimal SPR access for LR/CTR/XER; the full SPR model with privilege rules lives in the
// system registers work (see the issue for the rules).
ExecStatus mfspr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    switch (f::spr(w)) {
        case sprn::kLR: cpu.gpr[f::rt(w)] = cpu.lr; break;
        case sprn::kCTR: cpu.gpr[f::rt(w)] = cpu.ctr; break;
        case sprn::kXER: cpu.gpr[f::rt(w)] = cpu.xer_read(); break;
        default: return raise_illegal(cpu);
    }
    return ExecStatus::Continue;
}

ExecStatus mtspr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t v = cpu.gpr[f::rs(w)];
    switch (f::spr(w)) {
        case sprn::kLR: cpu.lr = v; break;
        case sprn::kCTR: cpu.ctr = v; break;
        case sprn::kXER: cpu.xer_write(v); break;
        default: return raise_illegal(cpu);
    }
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

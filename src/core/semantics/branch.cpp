// Branch facility semantics (Power ISA 3.1 Book I chapter 2).
#include "core/semantics/common.hpp"

namespace ppcvm::sem {
namespace {

// BO field decoding (Book I 2.4, figure "BO field encodings").
inline bool branch_condition(CpuState& cpu, uint32_t w, bool decrement_ctr) {
    const uint32_t bo = f::bo(w);
    bool ctr_ok = true;
    if (decrement_ctr && !(bo & 0x04)) {
        cpu.ctr -= 1;
        const uint64_t ctr = cpu.mode64() ? cpu.ctr : (cpu.ctr & 0xffffffffull);
        ctr_ok = (ctr != 0) != ((bo & 0x02) != 0);
    }
    const bool cond_ok = (bo & 0x10) || (cpu.cr_bit(f::bi(w)) == ((bo & 0x08) != 0));
    return ctr_ok && cond_ok;
}

inline ExecStatus jump(CpuState& cpu, uint64_t target) {
    cpu.nia = target & cpu.ea_mask();
    return ExecStatus::Jump;
}

}  // namespace

ExecStatus b(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t target = (f::aa(w) ? 0 : cpu.cia) + f::li(w);
    if (f::lk(w)) cpu.lr = (cpu.cia + 4) & cpu.ea_mask();
    return jump(cpu, target);
}

ExecStatus bc(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const bool taken = branch_condition(cpu, w, true);
    if (f::lk(w)) cpu.lr = (cpu.cia + 4) & cpu.ea_mask();
    if (!taken) return ExecStatus::Continue;
    return jump(cpu, (f::aa(w) ? 0 : cpu.cia) + f::bd(w));
}

ExecStatus bclr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t target = cpu.lr & ~3ull;  // read LR before LK updates it
    const bool taken = branch_condition(cpu, w, true);
    if (f::lk(w)) cpu.lr = (cpu.cia + 4) & cpu.ea_mask();
    if (!taken) return ExecStatus::Continue;
    return jump(cpu, target);
}

ExecStatus bcctr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    // BO[2]=0 (decrement CTR) is an invalid form for bcctr (Book I 2.4); like POWER hardware we
    // do not decrement.
    const bool taken = branch_condition(cpu, w, false);
    const uint64_t target = cpu.ctr & ~3ull;
    if (f::lk(w)) cpu.lr = (cpu.cia + 4) & cpu.ea_mask();
    if (!taken) return ExecStatus::Continue;
    return jump(cpu, target);
}

}  // namespace ppcvm::sem

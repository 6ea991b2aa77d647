// Branch facility semantics (Power ISA 3.1 Book I chapter 2).
#include "core/semantics/common.hpp"
#include "core/spr_table.hpp"

namespace ppcvm::sem {
namespace {

// BO field decoding (Book I 2.4, figure "BO field encodings"). When BO[2]=0 CTR is decremented
// first; in 32-bit mode only its low 32 bits are tested against 0 (Book I 2.4: "CTR[32:63]"
// when MSR[SF]=0), but all 64 bits are decremented.
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

ExecStatus bctar(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    // TAR is a facility under FSCR[TAR] / HFSCR[TAR] (ISA 2.07; Book III, "Facility Status
    // and Control Register").
    ExecStatus st;
    if (!facility_enabled(cpu, fscr::kTar, st)) return st;
    const uint64_t target = cpu.tar & ~3ull;
    const bool taken = branch_condition(cpu, w, true);
    if (f::lk(w)) cpu.lr = (cpu.cia + 4) & cpu.ea_mask();
    if (!taken) return ExecStatus::Continue;
    return jump(cpu, target);
}

// ---- Condition Register logical instructions (Book I 2.5.1) ----
namespace {
template <typename Op>
inline ExecStatus cr_logical(CpuState& cpu, uint32_t w, Op op) {
    const bool a = cpu.cr_bit(f::ba(w)), b = cpu.cr_bit(f::bb(w));
    cpu.set_cr_bit(f::bt(w), op(a, b));
    return ExecStatus::Continue;
}
}  // namespace

ExecStatus crand(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a && b; });
}
ExecStatus cror(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a || b; });
}
ExecStatus crxor(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a != b; });
}
ExecStatus crnand(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return !(a && b); });
}
ExecStatus crnor(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return !(a || b); });
}
ExecStatus creqv(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a == b; });
}
ExecStatus crandc(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a && !b; });
}
ExecStatus crorc(CpuState& cpu, Insn insn) {
    return cr_logical(cpu, insn.word, [](bool a, bool b) { return a || !b; });
}

// mcrf BF,BFA (Book I 2.5.2).
ExecStatus mcrf(CpuState& cpu, Insn insn) {
    cpu.set_cr_field(f::bf(insn.word), cpu.cr_field(f::bfa(insn.word)));
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

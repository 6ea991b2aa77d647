// Storage control semantics: SLB and TLB management (Power ISA 3.1 Book III 5.9, 5.10, 6.10).
#include "core/mmu/hash_mmu.hpp"
#include "core/mmu/mmu_common.hpp"
#include "core/semantics/common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem {
namespace {

using mmu::ibit;

constexpr uint64_t kSlbValid = ibit(36);
constexpr uint64_t kSlbEsid = 0xfffffffff0000000ull;       // RB bits 0:35
constexpr uint64_t kSlbVsidFields = 0xffffffffffffffb0ull;  // B VSID Ks Kp N L C, LP
constexpr uint64_t kSlbC = ibit(56);

unsigned slb_index(const CpuState& cpu, uint64_t rb, bool& ok) {
    const unsigned index = static_cast<unsigned>(rb & 0xfff);  // RB bits 52:63
    ok = index < slb_entries(cpu.model);
    return index;
}

// A hypervisor-privileged instruction in privileged non-hypervisor state: a Hypervisor
// Emulation Assistance interrupt on bare metal (Book III 7.5.18); under PAPR ppcvm, as the
// hypervisor, reflects it as a privileged-instruction Program interrupt (as QEMU does).
ExecStatus hypervisor_privileged(CpuState& cpu, Insn insn) {
    if (cpu.platform == Platform::BareMetal) {
        cpu.spr[sprn::kHEIR] = insn.word;
        return raise_illegal(cpu);
    }
    return raise_privileged(cpu);
}

bool lpcr_gtse(const CpuState& cpu) {
    return mmu::isa3_mmu(cpu) && (cpu.spr[sprn::kLPCR] & mmu::lpcr::kGTSE);
}

}  // namespace

// slbmte RS,RB (Book III 5.9.3.3): SLB[RB 52:63] <- ESID||V from RB, the rest from RS.
ExecStatus slbmte(CpuState& cpu, Insn insn) {
    const uint64_t rb = cpu.gpr[f::rb(insn.word)], rs = cpu.gpr[f::rs(insn.word)];
    bool ok;
    const unsigned index = slb_index(cpu, rb, ok);
    if (!ok) return ExecStatus::Continue;  // boundedly undefined: ignored
    cpu.slb[index].esid = rb & (kSlbEsid | kSlbValid);
    cpu.slb[index].vsid = rs & kSlbVsidFields;
    tlb_flush_all(cpu);  // it may replace a valid entry whose translations are cached
    return ExecStatus::Continue;
}

// slbmfee RT,RB: RT <- ESID || V of SLB[RB 52:63] (other bits 0).
ExecStatus slbmfee(CpuState& cpu, Insn insn) {
    bool ok;
    const unsigned index = slb_index(cpu, cpu.gpr[f::rb(insn.word)], ok);
    cpu.gpr[f::rt(insn.word)] = ok ? cpu.slb[index].esid : 0;
    return ExecStatus::Continue;
}

// slbmfev RT,RB: RT <- B, VSID, Ks Kp N L C, LP of SLB[RB 52:63].
ExecStatus slbmfev(CpuState& cpu, Insn insn) {
    bool ok;
    const unsigned index = slb_index(cpu, cpu.gpr[f::rb(insn.word)], ok);
    cpu.gpr[f::rt(insn.word)] = ok ? cpu.slb[index].vsid : 0;
    return ExecStatus::Continue;
}

// slbie RB (Book III 5.9.3.1): invalidate the entry for ESID RB 0:35 with segment size
// B = RB 37:38, and its cached translations.
ExecStatus slbie(CpuState& cpu, Insn insn) {
    const uint64_t rb = cpu.gpr[f::rb(insn.word)];
    const uint64_t b = (rb >> (63 - 38)) & 3;
    const uint64_t esid_mask = b == 1 ? 0xffffff0000000000ull : kSlbEsid;
    const unsigned n = slb_entries(cpu.model);
    for (unsigned i = 0; i < n; ++i) {
        SlbEntry& e = cpu.slb[i];
        if ((e.esid & kSlbValid) && (e.vsid >> 62) == b && ((e.esid ^ rb) & esid_mask) == 0)
            e.esid &= ~kSlbValid;
    }
    tlb_flush_all(cpu);
    return ExecStatus::Continue;
}

// slbia IH (Book III 5.9.3.2). IH 0,1,2,6 (and the undefined 5): every entry but entry 0.
// ISA 3.0 added IH 3: every entry with Class = 1 (entry 0 included); IH 4: every entry;
// IH 7: no SLB entry, only lookaside information. (QEMU instead drops Class = 0 entries for
// IH 3 and 4; we follow the ISA's pseudocode.) Before ISA 3.0 IH 3/4/7 act as IH 0.
ExecStatus slbia(CpuState& cpu, Insn insn) {
    const unsigned ih = isa::bits(insn.word, 8, 10);
    const bool v3 = mmu::isa3_mmu(cpu);
    const unsigned n = slb_entries(cpu.model);
    for (unsigned i = 0; i < n; ++i) {
        SlbEntry& e = cpu.slb[i];
        bool drop;
        if (v3 && ih == 3) drop = (e.vsid & kSlbC) != 0;
        else if (v3 && ih == 4) drop = true;
        else if (v3 && ih == 7) drop = false;
        else drop = i != 0;
        if (drop) e.esid &= ~kSlbValid;
    }
    tlb_flush_all(cpu);
    return ExecStatus::Continue;
}

// slbfee. RT,RB (Book III 5.9.3.6): find the entry translating ESID RB 0:35; RT <- its
// slbmfev image (0 if none); CR0 <- 0b00 || found || SO.
ExecStatus slbfee_(CpuState& cpu, Insn insn) {
    const uint64_t rb = cpu.gpr[f::rb(insn.word)];
    const SlbEntry* e = slb_lookup(cpu, rb & kSlbEsid);
    cpu.gpr[f::rt(insn.word)] = e ? e->vsid : 0;
    cpu.set_cr_field(0, (e ? 2u : 0u) | cpu.so);
    return ExecStatus::Continue;
}

// slbsync: orders slb* against other processors; nothing to wait for here.
ExecStatus slbsync(CpuState&, Insn) { return ExecStatus::Continue; }

// tlbie RB,RS,RIC,PRS,R (Book III 5.10.1.1 / 6.10.2.1): hypervisor privileged, or privileged
// when LPCR[GTSE]=1 (ISA 3.0). Every form (IS, RIC, PRS, R, any page size) is implemented as
// a superset: all cached translations of every processor are dropped.
ExecStatus tlbie(CpuState& cpu, Insn insn) {
    if (!(cpu.msr & msr::kHV) && !lpcr_gtse(cpu)) return hypervisor_privileged(cpu, insn);
    tlb_flush_broadcast(cpu);
    return ExecStatus::Continue;
}

// tlbiel: the local form. Hypervisor privileged before ISA 3.0; from ISA 3.0 privileged, a
// guest's partition-scoped forms simply invalidating nothing it may not touch (Book III
// 6.10.2.2 pseudocode: "PRS=0 & (MSR[HV]=1 | effR=0)"). Superset as tlbie.
ExecStatus tlbiel(CpuState& cpu, Insn insn) {
    if (!(cpu.msr & msr::kHV) && !mmu::isa3_mmu(cpu)) return hypervisor_privileged(cpu, insn);
    tlb_flush_all(cpu);
    return ExecStatus::Continue;
}

// tlbsync: hypervisor privileged unless LPCR[GTSE]=1. Other processors drop their
// translations at their next block boundary (tlb_flush_requested); tlbsync does not wait
// for them (partly implemented: a remote processor may finish its current block first).
ExecStatus tlbsync(CpuState& cpu, Insn insn) {
    if (!(cpu.msr & msr::kHV) && !lpcr_gtse(cpu)) return hypervisor_privileged(cpu, insn);
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

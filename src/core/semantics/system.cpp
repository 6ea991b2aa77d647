// System semantics: sc/scv, return from interrupt, MSR and SPR moves, power saving
// (Power ISA 3.1 Book III chapters 4, 5 and 7).
#include "core/paravirt.hpp"
#include "core/semantics/common.hpp"
#include "core/spr_numbers.hpp"
#include "core/spr_table.hpp"

namespace ppcvm::sem {
namespace {

constexpr uint64_t kSrr1CauseBits = 0x00000000783f0000ull;  // MSR bits 33:36, 42:47 (reserved)
constexpr uint64_t kTsSuspendedNoTm = 0b010;                 // MSR[29:31] = TS=0b01, TM=0

bool server64(const CpuState& cpu) {
    return !cpu.model || cpu.model->family == CpuFamily::Book3S64;
}

// MSR bits the processor implements; everything else reads as 0.
uint64_t implemented_msr(const CpuState& cpu) {
    // BookE MSR layouts (CE, DE, WE, GS, IS/DS...) belong to the BookE work: no masking here.
    if (cpu.model && cpu.model->family == CpuFamily::BookE) return 0xffffffffull;
    if (!server64(cpu))
        return msr::kPOW | msr::kILE | msr::kEE | msr::kPR | msr::kFP | msr::kME | msr::kFE0 |
               msr::kSE | msr::kBE | msr::kFE1 | msr::kIP | msr::kIR | msr::kDR | msr::kRI |
               msr::kLE | ((cpu.model->facilities & PPCVM_FAC_VMX) ? msr::kVEC : 0);
    uint64_t m = msr::kSF | msr::kEE | msr::kPR | msr::kFP | msr::kME | msr::kFE0 | msr::kSE |
                 msr::kBE | msr::kFE1 | msr::kIR | msr::kDR | msr::kPMM | msr::kRI;
    if (guest_has_hypervisor(cpu)) m |= msr::kHV;
    if (!cpu.model) return m | msr::kVEC | msr::kVSX | msr::kTS | msr::kTM | msr::kLE;
    if (cpu.model->bi_endian) m |= msr::kLE;
    if (cpu.model->facilities & PPCVM_FAC_VMX) m |= msr::kVEC;
    if (cpu.model->facilities & PPCVM_FAC_VSX) m |= msr::kVSX;
    if (cpu.model->facilities & PPCVM_FAC_TM) m |= msr::kTS | msr::kTM;
    // MSR[S] (secure, ISA 3.0) needs an ultravisor, which ppcvm does not provide: always 0.
    return m;
}

uint64_t tm_bits(uint64_t v) { return (v >> (63 - 31)) & 7; }  // MSR[29:31]

// Install a new MSR; an MSR change may unmask a pending interrupt, so the engine looks at
// asynchronous events before the next block.
void install_msr(CpuState& cpu, uint64_t value) {
    cpu.msr = value & implemented_msr(cpu);
    cpu.async_pending.store(true, std::memory_order_relaxed);
}

// The MSR that rfid and hrfid install from `src` (SRR1 or HSRR1), Book III 4.3.1 (System
// Linkage Instructions; the 3.0B pseudo-code):
//   MSR[HV] <- MSR[HV] & src[HV]          (only the hypervisor can stay in hypervisor state)
//   MSR[ME] <- src[ME] in hypervisor state, else unchanged
//   MSR[29:31] <- src[29:31] unless MSR[29:31]=0b010 and src[29:31]=0b000
//   MSR[EE IR DR] <- src[EE IR DR] | src[PR]
//   bits 0:2 4:28 32 37:41 49:50 52:57 60:63 <- src (not the SRR1 cause bits 33:36, 42:47).
// For hrfid (only in hypervisor state) the HV and ME rules reduce to "from HSRR1", as its
// pseudo-code says. MSR[S] is never set here: ppcvm has no ultravisor.
uint64_t msr_from_return(const CpuState& cpu, uint64_t src) {
    const uint64_t old = cpu.msr;
    const uint64_t special = msr::kHV | msr::kME | msr::kTS | msr::kTM | msr::kEE | msr::kIR |
                             msr::kDR | kSrr1CauseBits;
    uint64_t m = src & ~special;
    m |= old & src & msr::kHV;
    m |= ((old & msr::kHV) ? src : old) & msr::kME;
    m |= (tm_bits(old) == kTsSuspendedNoTm && tm_bits(src) == 0) ? (old & (msr::kTS | msr::kTM))
                                                                 : (src & (msr::kTS | msr::kTM));
    const bool pr = src & msr::kPR;
    if ((src & msr::kEE) || pr) m |= msr::kEE;
    if ((src & msr::kIR) || pr) m |= msr::kIR;
    if ((src & msr::kDR) || pr) m |= msr::kDR;
    return m;
}

ExecStatus return_to(CpuState& cpu, uint64_t target, uint64_t new_msr) {
    install_msr(cpu, new_msr);
    // NIA <- target[0:61] || 0b00; with the new MSR[SF]=0 the high 32 bits are 0.
    cpu.nia = target & ~3ull & cpu.ea_mask();
    cpu.reservation.valid = false;
    return ExecStatus::Jump;
}

// mtmsr/mtmsrd with L=0 (Book III 5.4.4, "Move To/From System Register"; 3.0B pseudo-code):
// bits from RS except HV, S, ME and LE (not altered), TS/TM by the rule above, and EE/IR/DR
// forced to 1 when PR is set. `low_only`: mtmsr alters bits 32:63 only.
uint64_t msr_from_move(const CpuState& cpu, uint64_t rs, bool low_only) {
    const uint64_t old = cpu.msr;
    const uint64_t keep = msr::kHV | msr::kME | msr::kS | msr::kLE | kSrr1CauseBits |
                          (low_only ? 0xffffffff00000000ull : 0);
    uint64_t m = (old & keep) | (rs & ~keep);
    if (!low_only) {
        const uint64_t tsm = msr::kTS | msr::kTM;
        m &= ~tsm;
        m |= (tm_bits(old) == kTsSuspendedNoTm && tm_bits(rs) == 0) ? (old & tsm) : (rs & tsm);
    }
    if (rs & msr::kPR) m |= msr::kEE | msr::kIR | msr::kDR;
    return m;
}

// mfspr/mtspr with an SPR number the processor does not implement (or not in that
// direction), Book III 5.4.4: spr[0]=1 (number bit 0x10, a privileged number) is a
// Privileged Instruction type Program interrupt in problem state and a no-op otherwise;
// spr[0]=0 raises Hypervisor Emulation Assistance (Program illegal under PAPR and on
// pre-2.06 processors) in problem state or for SPRs 0, 4, 5 and 6, else it is a no-op.
// With LPCR[EVIRT]=1 (ISA 3.0) the privileged-state no-ops become Hypervisor Emulation
// Assistance interrupts (HSRR1[45]=0). QEMU (gen_op_mfspr/gen_op_mtspr) and the Linux KVM
// EVIRT emulation make the same choices (QEMU's pseries marks the reflected Program
// interrupt privileged, SRR1[45], where KVM and ppcvm mark it illegal).
ExecStatus unimplemented_spr(CpuState& cpu, unsigned n, uint32_t word) {
    // SPRs 808-811 are defined as no-ops from ISA 2.07 (3.0B mtspr/mfspr pseudo-code: "case
    // (808, 809, 810, 811):" does nothing), in every state.
    if (n >= 808 && n <= 811 && cpu.model && cpu.model->family == CpuFamily::Book3S64 &&
        cpu.model->isa >= IsaLevel::V2_07)
        return ExecStatus::Continue;
    if (n & 0x10) {
        if (cpu.problem_state()) return raise_privileged(cpu);
    } else if (cpu.problem_state() || n == 0 || n == 4 || n == 5 || n == 6) {
        cpu.spr[sprn::kHEIR] = word;
        return raise_illegal(cpu);
    }
    constexpr uint64_t kEvirt = 1ull << (63 - 42);
    if (guest_has_hypervisor(cpu) && cpu.model->isa >= IsaLevel::V3_00 &&
        (cpu.spr[sprn::kLPCR] & kEvirt)) {
        cpu.spr[sprn::kHEIR] = word;
        return deliver_interrupt(cpu, vector::kHypervisorEmulationAssistance, cpu.cia, 0, true);
    }
    return ExecStatus::Continue;
}

// MMCR0[PMCC] (bits 44:45): problem-state access to the PMU aliases 768-783.
constexpr unsigned kMmcr0PmccShift = 63 - 45;

// The access checks common to mfspr and mtspr. Returns true if the access goes ahead;
// otherwise `st` holds the outcome (an interrupt, or Continue for a no-op).
bool spr_access_allowed(CpuState& cpu, const SprInfo& info, SprPriv need, uint32_t word,
                        ExecStatus& st) {
    if (need == SprPriv::None) {
        st = unimplemented_spr(cpu, info.number, word);
        return false;
    }
    if (cpu.problem_state() && need != SprPriv::Problem) {
        st = raise_privileged(cpu);
        return false;
    }
    if (need == SprPriv::Hypervisor && !cpu.hypervisor_state()) {
        // Hypervisor SPR from privileged non-hypervisor state: a Privileged Instruction type
        // Program interrupt, or with LPCR[EVIRT]=1 (ISA 3.0) a Hypervisor Emulation
        // Assistance interrupt with HSRR1[45] set (Book III 5.4.4 and 7.5.18; the Linux KVM
        // nested-HV support describes the same split). QEMU agrees for EVIRT=0.
        st = raise_hypervisor_only(cpu, word);
        return false;
    }
    if (info.fscr_bit == fscr::kTm && !(cpu.msr & msr::kTM)) {
        // TM SPRs with MSR[TM]=0: Facility Unavailable, IC=TM (Book III 7.5.20).
        st = raise_facility_unavailable_ic(cpu, fscr::kTm, false);
        return false;
    }
    if (info.fscr_bit == fscr::kPm) {
        // Problem-state PMU aliases: readable when MMCR0[PMCC] != 0b00 (Book III 9.4.4);
        // with PMCC=0b00 they are treated as privileged.
        if (cpu.problem_state() && ((cpu.spr[sprn::kMMCR0] >> kMmcr0PmccShift) & 3) == 0) {
            st = raise_privileged(cpu);
            return false;
        }
        return true;
    }
    // DSCR's privileged number (17) is not under FSCR; the problem-state one (3) is.
    if (info.fscr_bit != fscr::kNone && !(info.number == sprn::kDSCR && !cpu.problem_state()))
        return facility_enabled(cpu, info.fscr_bit, st);
    return true;
}

// POWER7/8 power-saving instructions: hypervisor-only, ISA 2.06/2.07 (gone in 3.0, where
// they are illegal).
ExecStatus power7_power_saving(CpuState& cpu, Insn insn, HaltReason reason) {
    if (cpu.model && cpu.model->isa >= IsaLevel::V3_00) {
        cpu.spr[sprn::kHEIR] = insn.word;
        return raise_illegal(cpu);
    }
    if (!cpu.hypervisor_state()) return raise_hypervisor_only(cpu, insn.word);
    return enter_power_saving(cpu, reason, true);
}

}  // namespace

// ---- system call ----

ExecStatus sc(CpuState& cpu, Insn insn) {
    const unsigned lev = f::lev(insn.word);
    // The KVM/ePAPR paravirtual hypercall sequence, where the platform offers it
    // (src/core/paravirt.hpp): served before the platform's own rules.
    if (paravirt::is_hypercall(cpu, lev)) [[unlikely]] return paravirt::hypercall(cpu);
    if (cpu.platform == Platform::Papr) {
        // sc 1 from supervisor state is a hypercall to ppcvm (PAPR 14.5.3). From problem state
        // it is reflected to the guest OS as a system call (as KVM does); the guest never
        // enters hypervisor state.
        if (lev == 1 && !cpu.problem_state() && cpu.env) return cpu.env->hypercall(cpu);
        return raise_system_call(cpu, 0);
    }
    // Bare metal: LEV=1 enters hypervisor state (Book III 7.5.14); other LEV values > 1 are
    // reserved (LEV=2 is the ultravisor call, not provided) and behave as LEV=0.
    return raise_system_call(cpu, lev == 1 ? 1 : 0);
}

ExecStatus scv(CpuState& cpu, Insn insn) {
    // System Call Vectored (ISA 3.0, Book III 4.3.1 and the "System Call Vectored"
    // interrupt of chapter 7): FSCR[SCV] gates it in problem state.
    if (cpu.problem_state() && !(cpu.spr[sprn::kFSCR] & (1ull << fscr::kScv)))
        return raise_facility_unavailable_ic(cpu, fscr::kScv, false);
    const unsigned lev = f::lev(insn.word);
    // LR <- the next instruction; CTR <- MSR with the SRR1 cause bits 0.
    cpu.lr = cpu.nia;
    cpu.ctr = cpu.msr & ~kSrr1CauseBits;
    // New MSR: as for other interrupts (SF=1, LE=LPCR[ILE], HV/ME/S/TS/TM kept) but EE and RI
    // kept. AIL applies as for other interrupts (MSR[IR DR]=1 when it does), but the vectors
    // differ: 0x17000 + 0x20*LEV, except AIL=3: 0xc000000000003000 + 0x20*LEV (AIL=2 sets
    // IR/DR without moving the vector). QEMU agrees (ppc_excp_apply_ail).
    constexpr uint64_t kIle = 1ull << (63 - 38);
    const uint64_t old = cpu.msr;
    uint64_t m = old & (msr::kHV | msr::kME | msr::kS | msr::kTS | msr::kTM | msr::kEE | msr::kRI);
    m |= msr::kSF;
    if (cpu.spr[sprn::kLPCR] & kIle) m |= msr::kLE;
    const unsigned ail = effective_ail(cpu, old, (old & msr::kHV) != 0);
    uint64_t vec = ail == 3 ? 0xc000000000003000ull : 0x17000ull;
    if (ail) m |= msr::kIR | msr::kDR;
    cpu.msr = m;
    cpu.nia = vec + 0x20ull * lev;
    cpu.reservation.valid = false;
    return ExecStatus::Interrupt;
}

ExecStatus rfscv(CpuState& cpu, Insn) {
    // rfscv (Book III 4.3.1; pseudo-code of ISA 3.0B as transcribed by the Libre-SOC
    // openpower-isa project): MSR[EE IR DR] <- CTR[PR] (not CTR[EE] | CTR[PR] as for rfid),
    // MSR[HV] and MSR[ME] unchanged, the TS rule as for rfid, every other bit from CTR.
    // QEMU's helper_rfscv uses the rfid rules; the two differ only when returning to
    // privileged state, which Linux never does with rfscv.
    const uint64_t src = cpu.ctr, old = cpu.msr;
    const uint64_t special = msr::kHV | msr::kME | msr::kTS | msr::kTM | msr::kEE | msr::kIR |
                             msr::kDR | kSrr1CauseBits;
    uint64_t m = (src & ~special) | (old & (msr::kHV | msr::kME));
    m |= (tm_bits(old) == kTsSuspendedNoTm && tm_bits(src) == 0) ? (old & (msr::kTS | msr::kTM))
                                                                 : (src & (msr::kTS | msr::kTM));
    if (src & msr::kPR) m |= msr::kEE | msr::kIR | msr::kDR;
    return return_to(cpu, cpu.lr, m);
}

// ---- return from interrupt ----

ExecStatus rfid(CpuState& cpu, Insn) {
    return return_to(cpu, cpu.spr[sprn::kSRR0], msr_from_return(cpu, cpu.spr[sprn::kSRR1]));
}

ExecStatus hrfid(CpuState& cpu, Insn insn) {
    // Hypervisor-only (the engine already refused it in problem state).
    if (!cpu.hypervisor_state()) return raise_hypervisor_only(cpu, insn.word);
    return return_to(cpu, cpu.spr[sprn::kHSRR0], msr_from_return(cpu, cpu.spr[sprn::kHSRR1]));
}

ExecStatus rfi(CpuState& cpu, Insn) {
    // 32-bit classic (PowerPC OEA): MSR <- SRR1 (implemented bits), NIA <- SRR0[0:29] || 0b00.
    const uint64_t srr1 = cpu.spr[sprn::kSRR1] & 0xffffffffull & ~kSrr1CauseBits;
    install_msr(cpu, srr1 & ~msr::kPOW);
    cpu.nia = cpu.spr[sprn::kSRR0] & 0xfffffffcull;
    cpu.reservation.valid = false;
    return ExecStatus::Jump;
}

// ---- MSR moves ----

ExecStatus mfmsr(CpuState& cpu, Insn insn) {
    cpu.gpr[f::rt(insn.word)] = cpu.msr;
    return ExecStatus::Continue;
}

ExecStatus mtmsr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t rs = cpu.gpr[f::rs(w)];
    if (!server64(cpu)) {
        // 32-bit classic: the whole (32-bit) MSR; there is no L field.
        install_msr(cpu, rs & 0xffffffffull);
        // MSR[POW]=1 with HID0[DOZE|NAP|SLEEP] enters that power-saving mode until an
        // interrupt (750/74xx user manuals, "Power management"; HID0 bits 8, 9, 10). The
        // mode ends with the interrupt, whose SRR0 is the next instruction.
        constexpr uint64_t kHid0Doze = 1ull << (31 - 8), kHid0Nap = 1ull << (31 - 9),
                           kHid0Sleep = 1ull << (31 - 10);
        const uint64_t hid0 = cpu.spr[sprn::kHID0];
        if ((cpu.msr & msr::kPOW) && (hid0 & (kHid0Doze | kHid0Nap | kHid0Sleep))) {
            const HaltReason why = (hid0 & kHid0Sleep) ? HaltReason::Sleep
                                   : (hid0 & kHid0Nap) ? HaltReason::Nap
                                                       : HaltReason::Doze;
            return enter_power_saving(cpu, why, false);
        }
        return ExecStatus::Continue;
    }
    if (isa::bits(w, 15, 15)) {  // L=1: EE and RI only
        install_msr(cpu, (cpu.msr & ~(msr::kEE | msr::kRI)) | (rs & (msr::kEE | msr::kRI)));
        return ExecStatus::Continue;
    }
    install_msr(cpu, msr_from_move(cpu, rs, true));
    return ExecStatus::Continue;
}

ExecStatus mtmsrd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t rs = cpu.gpr[f::rs(w)];
    if (isa::bits(w, 15, 15)) {  // L=1: EE and RI only (no context synchronization needed)
        install_msr(cpu, (cpu.msr & ~(msr::kEE | msr::kRI)) | (rs & (msr::kEE | msr::kRI)));
        return ExecStatus::Continue;
    }
    install_msr(cpu, msr_from_move(cpu, rs, false));
    return ExecStatus::Continue;
}

// ---- SPR moves ----

namespace {
// BookE SPRs are not in the SPR table yet: until they are, every number is plain storage,
// privileged when spr[0]=1 (the same numbering rule, Power ISA 2.06 Book III-E), with TB
// readable. BookE timers (DEC/TCR/TSR), IVORs and MMU SPRs have no behaviour here.
ExecStatus booke_spr(CpuState& cpu, unsigned n, uint32_t w, bool read) {
    if (cpu.problem_state() && (n & 0x10)) return raise_privileged(cpu);
    if (read) {
        if (n == sprn::kTB || n == sprn::kTBU) {
            const uint64_t tb = cpu.timebase();
            cpu.gpr[f::rt(w)] = n == sprn::kTB ? tb : tb >> 32;
        } else {
            cpu.gpr[f::rt(w)] = cpu.spr[n];
        }
    } else {
        cpu.spr[n] = cpu.gpr[f::rs(w)];
    }
    return ExecStatus::Continue;
}
}  // namespace

ExecStatus mfspr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = f::spr(w);
    const SprInfo* info = cpu.model ? find_spr(n, *cpu.model) : nullptr;
    if (!info && cpu.model && cpu.model->family == CpuFamily::BookE)
        return booke_spr(cpu, n, w, true);
    if (!info) return unimplemented_spr(cpu, n, w);
    ExecStatus st;
    if (!spr_access_allowed(cpu, *info, info->read, w, st)) return st;
    cpu.gpr[f::rt(w)] = read_spr(cpu, *info);
    return ExecStatus::Continue;
}

ExecStatus mtspr(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned n = f::spr(w);
    const SprInfo* info = cpu.model ? find_spr(n, *cpu.model) : nullptr;
    if (!info && cpu.model && cpu.model->family == CpuFamily::BookE)
        return booke_spr(cpu, n, w, false);
    if (!info) return unimplemented_spr(cpu, n, w);
    ExecStatus st;
    if (!spr_access_allowed(cpu, *info, info->write, w, st)) return st;
    write_spr(cpu, *info, cpu.gpr[f::rs(w)]);
    return ExecStatus::Continue;
}

ExecStatus mftb(CpuState& cpu, Insn insn) {
    // mftb RT,TBR (Book II 5.2.1): TBR 268 (TB) or 269 (TBU); other values are invalid
    // forms, treated as illegal.
    const uint32_t w = insn.word;
    const unsigned n = f::spr(w);
    if (n != sprn::kTB && n != sprn::kTBU) {
        cpu.spr[sprn::kHEIR] = w;
        return raise_illegal(cpu);
    }
    const uint64_t tb = cpu.timebase();
    cpu.gpr[f::rt(w)] = n == sprn::kTB ? tb : tb >> 32;
    return ExecStatus::Continue;
}

// ---- directed privileged doorbells ----
// msgsndp RB / msgclrp RB: message type RB[32:36] must be 5 (privileged doorbell), else no-op;
// RB[57:63] is the target thread (TIR) in this core. DPDES holds one bit per thread
// (thread t = value 1 << t); the Directed Privileged Doorbell interrupt (0xa00) is taken
// while this thread's bit is set and MSR[EE]=1. HFSCR[MSGP] controls them for a partition.
// ppcvm models one thread per core: TIR is 0 and only messages to thread 0 arrive.
namespace {
constexpr unsigned kMsgTypePrivilegedDoorbell = 5;
bool privileged_doorbell_to_me(const CpuState& cpu, uint64_t rb) {
    return ((rb >> (63 - 36)) & 0x1f) == kMsgTypePrivilegedDoorbell &&
           (rb & 0x7f) == (cpu.spr[sprn::kTIR] & 0x7f);
}
}  // namespace

ExecStatus msgsndp(CpuState& cpu, Insn insn) {
    ExecStatus st;
    if (!facility_enabled(cpu, fscr::kMsgp, st)) return st;
    const uint64_t rb = cpu.gpr[f::rb(insn.word)];
    if (((rb >> (63 - 36)) & 0x1f) != kMsgTypePrivilegedDoorbell) return ExecStatus::Continue;
    if (privileged_doorbell_to_me(cpu, rb)) {
        cpu.spr[sprn::kDPDES] |= 1;
        cpu.async_pending.store(true, std::memory_order_relaxed);
    }
    // Other threads of the core: none in this model.
    return ExecStatus::Continue;
}

ExecStatus msgclrp(CpuState& cpu, Insn insn) {
    ExecStatus st;
    if (!facility_enabled(cpu, fscr::kMsgp, st)) return st;
    const uint64_t rb = cpu.gpr[f::rb(insn.word)];
    if (((rb >> (63 - 36)) & 0x1f) == kMsgTypePrivilegedDoorbell) cpu.spr[sprn::kDPDES] &= ~1ull;
    return ExecStatus::Continue;
}

// ---- power saving and attention ----

ExecStatus doze(CpuState& cpu, Insn insn) {
    return power7_power_saving(cpu, insn, HaltReason::Doze);
}
ExecStatus nap(CpuState& cpu, Insn insn) {
    return power7_power_saving(cpu, insn, HaltReason::Nap);
}
ExecStatus sleep(CpuState& cpu, Insn insn) {
    return power7_power_saving(cpu, insn, HaltReason::Sleep);
}
ExecStatus rvwinkle(CpuState& cpu, Insn insn) {
    return power7_power_saving(cpu, insn, HaltReason::Rvwinkle);
}

ExecStatus cp_abort(CpuState&, Insn) { return ExecStatus::Continue; }

// wait WC,PL (Power ISA 3.1 Book II 4.6.3): WC=0 stops instruction fetching until an
// exception exists (the same state as `stop` with PSSCR[ESL]=0: execution resumes after the
// wait, and the interrupt is then taken if enabled); WC=1 waits until the reservation is
// lost, WC=2 ("pause_short", 3.1) for a short implementation-dependent time. ppcvm ends those
// two at once, which the ISA allows (the wait may end early for implementation-specific
// reasons). WC=3 is reserved: treated as WC=2.
ExecStatus wait(CpuState& cpu, Insn insn) {
    const unsigned wc = (insn.word >> (31 - 10)) & 3;
    if (wc == 0) return enter_power_saving(cpu, HaltReason::Stop, false);
    return ExecStatus::Continue;
}

ExecStatus stop(CpuState& cpu, Insn) {
    // stop (ISA 3.0 Book III 4.3.2): with PSSCR[ESL]=1 and [EC]=1 the wake-up is a System
    // Reset interrupt (exceptions enabled by LPCR[PECE]); with ESL=0 any exception ends the
    // state and execution resumes after `stop`. Outside hypervisor state PSSCR is not the
    // guest's to set: treated as ESL=0. State loss levels (PSSCR[RL]) are not modelled: no
    // state is ever lost (SRR1[46:47]=0b01).
    constexpr uint64_t kEsl = 1ull << (63 - 42), kEc = 1ull << (63 - 43);
    const uint64_t psscr = cpu.spr[sprn::kPSSCR];
    const bool sreset_wake =
        cpu.hypervisor_state() && (psscr & kEsl) && (psscr & kEc);
    return enter_power_saving(cpu, HaltReason::Stop, sreset_wake);
}

ExecStatus attn(CpuState& cpu, Insn insn) {
    // attn stops the processor for a service processor/debugger; it is enabled by
    // HID0[ENABLE_ATTN] (POWER8 bit 31, POWER9/10 bit 3; as skiboot and QEMU name them) and
    // only on bare metal. Otherwise an illegal instruction.
    const bool p9 = cpu.model && cpu.model->isa >= IsaLevel::V3_00;
    const uint64_t enable = 1ull << (63 - (p9 ? 3 : 31));
    if (cpu.platform != Platform::BareMetal || !(cpu.spr[sprn::kHID0] & enable)) {
        cpu.spr[sprn::kHEIR] = insn.word;
        return raise_illegal(cpu);
    }
    cpu.halt = HaltReason::Attn;
    cpu.async_pending.store(true, std::memory_order_relaxed);
    return ExecStatus::Stop;
}

}  // namespace ppcvm::sem

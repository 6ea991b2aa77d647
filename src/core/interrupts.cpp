#include "core/interrupts.hpp"

#include "core/paravirt.hpp"
#include "core/spr_numbers.hpp"
#include "core/spr_table.hpp"

namespace ppcvm {
namespace {

// SRR1 bits 33:36 and 42:47 carry the interrupt's cause; every other bit is the MSR's
// (Book III 7.4.2).
constexpr uint64_t kSrr1CauseMask = 0x00000000783f0000ull;

// HID0[HILE]: interrupts into hypervisor state run little-endian (POWER8: bit 19; POWER9 and
// POWER10: bit 4, as QEMU's HID0_HILE / HID0_POWER9_HILE and skiboot).
constexpr uint64_t kHid0HileP8 = 1ull << (63 - 19);
constexpr uint64_t kHid0HileP9 = 1ull << (63 - 4);

bool is_server64(const CpuState& cpu) {
    return !cpu.model || cpu.model->family == CpuFamily::Book3S64;
}

bool interrupts_little_endian(const CpuState& cpu, bool into_hv) {
    const IsaLevel isa = cpu.model ? cpu.model->isa : IsaLevel::V3_00;
    if (into_hv && guest_has_hypervisor(cpu)) {
        // Interrupts that leave MSR[HV]=1 follow HID0[HILE], which exists from POWER8; before
        // that they run big-endian (LPCR[ILE] is for the partition). QEMU's POWER7/POWER8
        // exception models do the same.
        if (isa >= IsaLevel::V3_00) return cpu.spr[sprn::kHID0] & kHid0HileP9;
        if (isa >= IsaLevel::V2_07) return cpu.spr[sprn::kHID0] & kHid0HileP8;
        return false;
    }
    return cpu.spr[sprn::kLPCR] & lpcr::kIle;
}

uint64_t ail_offset(const CpuState& cpu, uint64_t old_msr, bool new_hv) {
    // AIL 2: vectors at 0x18000 + offset; AIL 3: at 0xc000000000004000 + offset.
    switch (effective_ail(cpu, old_msr, new_hv)) {
        case 2: return 0x18000ull;
        case 3: return 0xc000000000004000ull;
        default: return 0;
    }
}

struct Delivery {
    uint64_t vec;
    uint64_t srr0;
    uint64_t cause;
    bool hsrr;        // HSRR0/HSRR1 and MSR[HV]=1
    bool set_hv;      // MSR[HV]=1 (with SRR0/1 for sc 1, system reset, machine check)
    bool ail_allowed;
};

isa::ExecStatus deliver(CpuState& cpu, const Delivery& d) {
    const uint64_t old_msr = cpu.msr;
    uint64_t srr1 = (old_msr & ~kSrr1CauseMask) | (d.cause & kSrr1CauseMask);
    if (!is_server64(cpu)) {
        // 32-bit classic (Book III-S 32, PowerPC OEA 6.4): SRR0/SRR1, MSR[IP] selects the
        // 0xfff00000 prefix, MSR[LE] <- MSR[ILE], ME/ILE/IP kept, all else 0.
        cpu.spr[sprn::kSRR0] = d.srr0 & 0xffffffffull;
        cpu.spr[sprn::kSRR1] = srr1 & 0xffffffffull;
        uint64_t m = old_msr & (msr::kME | msr::kILE | msr::kIP);
        if (old_msr & msr::kILE) m |= msr::kLE;
        cpu.msr = m;
        cpu.nia = ((old_msr & msr::kIP) ? 0xfff00000ull : 0) | d.vec;
        cpu.reservation.valid = false;
        return isa::ExecStatus::Interrupt;
    }
    const bool hv_capable = guest_has_hypervisor(cpu);
    if (d.hsrr && hv_capable) {
        cpu.spr[sprn::kHSRR0] = d.srr0;
        cpu.spr[sprn::kHSRR1] = srr1;
    } else {
        cpu.spr[sprn::kSRR0] = d.srr0;
        cpu.spr[sprn::kSRR1] = srr1;
    }
    // New MSR (Book III 7.5, figure "MSR setting due to interrupt"): SF=1; HV=1 for
    // hypervisor interrupts (where the processor has a hypervisor state), else unchanged;
    // ME, S, TS, TM unchanged; LE = LPCR[ILE] (or HILE into hypervisor state); IR, DR = 1
    // when AIL applies; every other bit 0.
    const bool new_hv = (old_msr & msr::kHV) || ((d.hsrr || d.set_hv) && hv_capable);
    uint64_t m = old_msr & (msr::kME | msr::kS | msr::kTS | msr::kTM);
    m |= msr::kSF;
    if (new_hv) m |= msr::kHV;
    if (interrupts_little_endian(cpu, new_hv)) m |= msr::kLE;
    uint64_t vec = d.vec;
    if (d.ail_allowed) {
        if (const uint64_t off = ail_offset(cpu, old_msr, new_hv)) {
            vec |= off;
            m |= msr::kIR | msr::kDR;
        }
    }
    cpu.msr = m;
    cpu.nia = vec;
    cpu.reservation.valid = false;
    return isa::ExecStatus::Interrupt;
}

}  // namespace

bool guest_has_hypervisor(const CpuState& cpu) {
    return cpu.platform == Platform::BareMetal && cpu.model &&
           cpu.model->family == CpuFamily::Book3S64;
}

// Alternate Interrupt Location (LPCR[AIL], ISA 2.07; Book III 7.3 of 3.1): the AIL value in
// effect for one interrupt (0 when AIL does not apply); MSR[IR DR] are then set in the new MSR.
//  - never for System Reset and Machine Check (and Hypervisor Maintenance);
//  - only if MSR[IR]=MSR[DR]=1 when the interrupt occurs, except (3.1) interrupts into
//    hypervisor state from a partition, which follow LPCR[HAIL] whatever the guest MSR;
//  - 2.07: not for interrupts that change MSR[HV] from 0 to 1; 3.0: allowed for those when
//    LPCR[HR]=1; 3.1: interrupts ending in MSR[HV]=1 use HAIL (=AIL 3) instead of AIL.
//  - AIL=1 is reserved; AIL=2 is reserved in 3.1 (both behave as 0).
unsigned effective_ail(const CpuState& cpu, uint64_t old_msr, bool new_hv) {
    if (!cpu.model || cpu.model->family != CpuFamily::Book3S64) return 0;
    const IsaLevel isa = cpu.model->isa;
    if (isa < IsaLevel::V2_07) return 0;
    const bool mmu_on = (old_msr & (msr::kIR | msr::kDR)) == (msr::kIR | msr::kDR);
    const bool hv_escalation = new_hv && !(old_msr & msr::kHV);
    const uint64_t lpcr_value = cpu.spr[sprn::kLPCR];
    unsigned ail = (lpcr_value >> lpcr::kAilShift) & 3;
    if (isa >= IsaLevel::V3_1) {
        if (!mmu_on && !hv_escalation) return 0;
        if (new_hv) ail = (lpcr_value & lpcr::kHail) ? 3 : 0;
        if (ail != 3) return 0;
    } else {
        if (!mmu_on) return 0;
        if (hv_escalation && !(isa >= IsaLevel::V3_00 && (lpcr_value & lpcr::kHR))) return 0;
        if (ail == 1 || ail == 0) return 0;
    }
    return ail;
}


isa::ExecStatus deliver_interrupt(CpuState& cpu, uint64_t vec, uint64_t srr0,
                                  uint64_t srr1_cause, bool hypervisor, bool to_hv) {
    return deliver(cpu, {vec, srr0, srr1_cause, hypervisor, hypervisor || to_hv, true});
}

isa::ExecStatus raise_program(CpuState& cpu, uint64_t reason) {
    return deliver_interrupt(cpu, vector::kProgram, cpu.cia, reason, false);
}

isa::ExecStatus raise_illegal(CpuState& cpu) {
    // On ISA 2.06+ server processors an illegal instruction is a Hypervisor Emulation
    // Assistance interrupt (Book III 7.5.18). On PAPR ppcvm is that hypervisor and reflects it
    // to the guest as a Program interrupt (illegal), as KVM and PowerVM do. HEIR holds the
    // instruction image (set by the caller: the engine's illegal handler or the semantics).
    if (guest_has_hypervisor(cpu) && cpu.model->isa >= IsaLevel::V2_06)
        return deliver_interrupt(cpu, vector::kHypervisorEmulationAssistance, cpu.cia, 0, true);
    return raise_program(cpu, program::kIllegal);
}

isa::ExecStatus raise_privileged(CpuState& cpu) { return raise_program(cpu, program::kPrivileged); }

isa::ExecStatus raise_trap(CpuState& cpu) { return raise_program(cpu, program::kTrap); }

isa::ExecStatus raise_system_call(CpuState& cpu, unsigned lev) {
    // SRR0 = the instruction after sc (Book III 7.5.14); SRR0/1 are used at both levels, and
    // LEV=1 enters hypervisor state where there is one.
    return deliver_interrupt(cpu, vector::kSystemCall, (cpu.cia + 4) & cpu.ea_mask(), 0, false,
                             lev == 1);
}

isa::ExecStatus raise_data_storage(CpuState& cpu, uint64_t dar, uint32_t dsisr_bits) {
    cpu.spr[sprn::kDAR] = dar;
    cpu.spr[sprn::kDSISR] = dsisr_bits;
    return deliver_interrupt(cpu, vector::kDataStorage, cpu.cia, 0, false);
}

isa::ExecStatus raise_instruction_storage(CpuState& cpu, uint64_t srr1_bits) {
    return deliver_interrupt(cpu, vector::kInstructionStorage, cpu.cia, srr1_bits, false);
}

isa::ExecStatus raise_data_segment(CpuState& cpu, uint64_t dar) {
    cpu.spr[sprn::kDAR] = dar;
    return deliver_interrupt(cpu, vector::kDataSegment, cpu.cia, 0, false);
}

isa::ExecStatus raise_instruction_segment(CpuState& cpu) {
    return deliver_interrupt(cpu, vector::kInstructionSegment, cpu.cia, 0, false);
}

isa::ExecStatus raise_hypervisor_data_storage(CpuState& cpu, uint64_t hdar, uint32_t hdsisr,
                                              uint64_t asdr) {
    cpu.spr[sprn::kHDAR] = hdar;
    cpu.spr[sprn::kHDSISR] = hdsisr;
    cpu.spr[sprn::kASDR] = asdr;
    return deliver_interrupt(cpu, vector::kHypervisorDataStorage, cpu.cia, 0, true);
}

isa::ExecStatus raise_hypervisor_instruction_storage(CpuState& cpu, uint64_t srr1_bits,
                                                     uint64_t asdr) {
    cpu.spr[sprn::kASDR] = asdr;
    return deliver_interrupt(cpu, vector::kHypervisorInstructionStorage, cpu.cia, srr1_bits,
                             true);
}

isa::ExecStatus raise_alignment(CpuState& cpu, uint64_t dar, uint32_t dsisr_bits) {
    cpu.spr[sprn::kDAR] = dar;
    cpu.spr[sprn::kDSISR] = dsisr_bits;
    return deliver_interrupt(cpu, vector::kAlignment, cpu.cia, 0, false);
}

isa::ExecStatus raise_machine_check(CpuState& cpu, uint64_t address) {
    // Machine Check (Book III 7.5.2): SRR0/1, MSR[HV]=1 where implemented, AIL never
    // applies, MSR[ME] cleared. SRR1 cause bits are implementation-specific (left 0).
    cpu.spr[sprn::kDAR] = address;
    // With MSR[ME]=0 a second machine check is a checkstop: the processor stops, which also
    // ends a guest whose machine-check vector itself faults (no endless interrupt loop).
    if (!(cpu.msr & msr::kME)) {
        cpu.halt = HaltReason::Checkstop;
        return isa::ExecStatus::Stop;
    }
    isa::ExecStatus s = deliver(cpu, {vector::kMachineCheck, cpu.cia, 0, false, true, false});
    cpu.msr &= ~msr::kME;
    return s;
}

isa::ExecStatus raise_system_reset(CpuState& cpu, uint64_t srr1_bits) {
    // System Reset (Book III 7.5.1): SRR0 = the next instruction, SRR0/1 with MSR[HV]=1
    // where implemented, AIL never applies.
    return deliver(cpu, {vector::kSystemReset, cpu.nia, srr1_bits, false, true, false});
}

isa::ExecStatus raise_facility_unavailable(CpuState& cpu, isa::Facility facility) {
    switch (facility) {
        case isa::Facility::FP:
            return deliver_interrupt(cpu, vector::kFpUnavailable, cpu.cia, 0, false);
        case isa::Facility::VMX:
            return deliver_interrupt(cpu, vector::kVectorUnavailable, cpu.cia, 0, false);
        case isa::Facility::VSX:
            return deliver_interrupt(cpu, vector::kVsxUnavailable, cpu.cia, 0, false);
        case isa::Facility::TM:
            // TM with MSR[TM]=0: Facility Unavailable with FSCR[IC]=TM (Book III 7.5.20).
            return raise_facility_unavailable_ic(cpu, fscr::kTm, false);
        default:
            return raise_illegal(cpu);
    }
}

isa::ExecStatus raise_facility_unavailable_ic(CpuState& cpu, unsigned ic, bool hypervisor) {
    const unsigned reg = hypervisor ? sprn::kHFSCR : sprn::kFSCR;
    cpu.spr[reg] = (cpu.spr[reg] & 0x00ffffffffffffffull) | (static_cast<uint64_t>(ic) << 56);
    if (hypervisor)
        return deliver_interrupt(cpu, vector::kHypervisorFacilityUnavailable, cpu.cia, 0, true);
    return deliver_interrupt(cpu, vector::kFacilityUnavailable, cpu.cia, 0, false);
}

bool facility_enabled(CpuState& cpu, unsigned bit, isa::ExecStatus& status) {
    if (bit == fscr::kNone || !cpu.model || cpu.model->isa < IsaLevel::V2_07 ||
        !is_server64(cpu))
        return true;
    // HFSCR controls the facility for the partition (MSR[HV PR] != 0b10); FSCR for problem
    // state. The hypervisor's control is checked first.
    if (guest_has_hypervisor(cpu) && !cpu.hypervisor_state() &&
        !(cpu.spr[sprn::kHFSCR] & (1ull << bit))) {
        status = raise_facility_unavailable_ic(cpu, bit, true);
        return false;
    }
    if (cpu.problem_state() && !(cpu.spr[sprn::kFSCR] & (1ull << bit))) {
        status = raise_facility_unavailable_ic(cpu, bit, false);
        return false;
    }
    return true;
}

isa::ExecStatus raise_hypervisor_only(CpuState& cpu, uint32_t word) {
    if (cpu.model && cpu.model->isa >= IsaLevel::V3_00 && guest_has_hypervisor(cpu) &&
        (cpu.spr[sprn::kLPCR] & lpcr::kEvirt)) {
        // HSRR1[45] tells the hypervisor it was a hypervisor resource, not an illegal one.
        cpu.spr[sprn::kHEIR] = word;
        return deliver_interrupt(cpu, vector::kHypervisorEmulationAssistance, cpu.cia,
                                 program::kPrivileged, true);
    }
    return raise_privileged(cpu);
}

isa::ExecStatus raise_trace(CpuState& cpu, uint64_t traced) {
    // Trace (Book III 7.5.15): SRR0 = the next instruction to execute; SIAR = the traced
    // instruction (SDAR, the operand address, is not set yet). SRR1 cause bits are 0. QEMU
    // leaves SIAR unchanged.
    cpu.spr[sprn::kSIAR] = traced;
    return deliver_interrupt(cpu, vector::kTrace, cpu.nia, 0, false);
}

isa::ExecStatus enter_power_saving(CpuState& cpu, HaltReason reason, bool wake_by_system_reset) {
    cpu.halt = reason;
    cpu.wake_by_system_reset = wake_by_system_reset;
    cpu.async_pending.store(true, std::memory_order_relaxed);
    return isa::ExecStatus::Stop;
}

void set_external_interrupt(CpuState& cpu, bool asserted) {
    cpu.external_pending.store(asserted, std::memory_order_relaxed);
    cpu.async_pending.store(true, std::memory_order_release);
}

void raise_hypervisor_maintenance(CpuState& cpu, uint64_t hmer_bits) {
    cpu.hmer_pending.fetch_or(hmer_bits, std::memory_order_relaxed);
    cpu.async_pending.store(true, std::memory_order_release);
}

void request_system_reset(CpuState& cpu) {
    cpu.sreset_pending.store(true, std::memory_order_relaxed);
    cpu.async_pending.store(true, std::memory_order_release);
}

namespace {


void check_timers(CpuState& cpu) {
    const uint64_t tb = cpu.timebase();
    if (level_decrementer(cpu)) {
        const unsigned bits = decrementer_bits(cpu);
        const uint64_t dec = cpu.dec_expiry - tb, hdec = cpu.hdec_expiry - tb;
        cpu.dec_exception = (dec >> (bits - 1)) & 1;
        cpu.hdec_exception = (hdec >> 31) & 1;
    } else {
        if (tb >= cpu.dec_deadline) cpu.dec_exception = true;
        if (tb >= cpu.hdec_deadline) cpu.hdec_exception = true;
    }
    arm_timers(cpu, tb);
}

// External interrupts go to the hypervisor (HSRR, 0x500 with MSR[HV]=1) when LPCR[LPES]=0 on
// ISA 2.06+ bare metal (Book III 7.5.10); otherwise to the OS with SRR0/1.
bool external_to_hypervisor(const CpuState& cpu) {
    return guest_has_hypervisor(cpu) && cpu.model->isa >= IsaLevel::V2_06 &&
           !(cpu.spr[sprn::kLPCR] & lpcr::kLpes0);
}

// Wake-up from a power-saving state that ends with a System Reset interrupt (nap, sleep,
// rvwinkle, doze; stop with PSSCR[ESL]=1): the exceptions LPCR[PECE] enables wake the thread
// whatever MSR[EE] says (Book III 4.3 of ISA 2.07 and 3.0). Returns the SRR1 wake reason, or 0.
uint64_t wake_reason(const CpuState& cpu) {
    const uint64_t l = cpu.spr[sprn::kLPCR];
    if (cpu.sreset_pending.load(std::memory_order_relaxed)) return wake::kSystemReset;
    if (cpu.external_pending.load(std::memory_order_relaxed) && (l & lpcr::kPeceExternal))
        return wake::kExternal;
    if (cpu.dec_exception && (l & lpcr::kPeceDecrementer)) return wake::kDecrementer;
    if ((cpu.spr[sprn::kDPDES] & 1) && cpu.model && cpu.model->isa >= IsaLevel::V2_07 &&
        (l & lpcr::kPecePrivilegedDoorbell))
        return wake::kPrivilegedDoorbell;
    if (((cpu.spr[sprn::kHMER] & cpu.spr[sprn::kHMEER]) || cpu.hdec_exception) &&
        (l & lpcr::kPeceOther))
        return wake::kHypervisorMaintenance;
    return 0;
}

}  // namespace

bool service_async_events(CpuState& cpu) {
    // Clear first: an event raised from another thread after this point sets it again.
    cpu.async_pending.exchange(false, std::memory_order_acq_rel);
    // Reading the time base may cost a host clock read: only when a timer is due (or the
    // processor is halted, where idle time may be skipped). Between checks the exception
    // bits are kept current by mtspr DEC/HDEC.
    if (cpu.halt != HaltReason::None || cpu.instructions_retired >= cpu.timer_check_icount)
        check_timers(cpu);
    if (const uint64_t bits = cpu.hmer_pending.exchange(0, std::memory_order_relaxed))
        cpu.spr[sprn::kHMER] |= bits;
    const bool hmi = guest_has_hypervisor(cpu) && cpu.model->isa >= IsaLevel::V2_06 &&
                     (cpu.spr[sprn::kHMER] & cpu.spr[sprn::kHMEER]) != 0;

    const bool stopped_for_good = cpu.halt == HaltReason::Attn || cpu.halt == HaltReason::Checkstop;
    if (cpu.halt != HaltReason::None && !stopped_for_good && !cpu.env) {
        // Deterministic time base (instructions retired) does not advance while halted: skip
        // the idle time to the next timer deadline, as a real clock would have run.
        const uint64_t deadline = next_timer_deadline(cpu);
        const uint64_t tb = cpu.timebase();
        if (deadline != ~0ull && deadline > tb && !cpu.external_pending.load() &&
            !cpu.sreset_pending.load()) {
            cpu.tb_offset += static_cast<int64_t>(deadline - tb);
            check_timers(cpu);
        }
    }
    if (cpu.halt != HaltReason::None) {
        if (stopped_for_good) {
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return false;
        }
        if (cpu.wake_by_system_reset) {
            const uint64_t reason = wake_reason(cpu);
            if (!reason) {
                cpu.async_pending.store(true, std::memory_order_relaxed);
                return false;
            }
            cpu.halt = HaltReason::None;
            cpu.wake_by_system_reset = false;
            if (reason == wake::kSystemReset) cpu.sreset_pending.store(false);
            // The waking exception itself stays pending for when MSR enables it.
            raise_system_reset(cpu, reason | wake::kNoStateLoss);
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return true;
        }
        // stop with PSSCR[ESL]=0: any exception ends it; execution resumes after `stop` and
        // the exception is then taken if MSR enables it (ISA 3.0 Book III 4.3.2).
        const bool any = cpu.sreset_pending.load() || cpu.external_pending.load() || hmi ||
                         cpu.dec_exception || (cpu.spr[sprn::kDPDES] & 1) ||
                         (cpu.hdec_exception && (cpu.spr[sprn::kLPCR] & lpcr::kHdice));
        if (!any) {
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return false;
        }
        cpu.halt = HaltReason::None;
    }

    // Highest priority first (Book III 7.8): System Reset, then the hypervisor-directed
    // external interrupt, Hypervisor Decrementer, external, Directed Privileged Doorbell,
    // Decrementer, after the Hypervisor Maintenance interrupt. Hypervisor doorbells (msgsnd)
    // and performance monitor interrupts are not modelled yet.
    // MSR[EE]-gated interrupts also wait while the guest is in a paravirtual critical
    // section (src/core/paravirt.hpp; KVM's kvmppc_critical_section).
    const bool hv_enabled = (cpu.msr & msr::kEE) || !(cpu.msr & msr::kHV);  // hypervisor interrupts
    const bool ee = (cpu.msr & msr::kEE) && !paravirt::in_critical_section(cpu);
    if (cpu.sreset_pending.exchange(false)) {
        raise_system_reset(cpu, 0);
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    if (hmi && hv_enabled) {
        // Hypervisor Maintenance (Book III chapter 7): level-sensitive on HMER & HMEER; software
        // clears HMER bits with mtspr (which ANDs). AIL never applies.
        deliver(cpu, {vector::kHypervisorMaintenance, cpu.nia, 0, true, true, false});
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    const bool external = cpu.external_pending.load(std::memory_order_relaxed);
    if (external && external_to_hypervisor(cpu)) {
        if (hv_enabled) {
            deliver(cpu, {vector::kExternal, cpu.nia, 0, true, true, true});
            cpu.async_pending.store(true, std::memory_order_relaxed);
        }
        return true;
    }
    if (cpu.hdec_exception && guest_has_hypervisor(cpu) &&
        (cpu.spr[sprn::kLPCR] & lpcr::kHdice) && hv_enabled) {
        // (level-sensitive: the exception stays while HDEC is negative)
        // HSRR0/1 from ISA 2.03; the 970's HDEC interrupt uses SRR0/1.
        const bool hsrr = cpu.model->isa >= IsaLevel::V2_03;
        deliver(cpu, {vector::kHypervisorDecrementer, cpu.nia, 0, hsrr, true, true});
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    if (external && ee) {
        deliver(cpu, {vector::kExternal, cpu.nia, 0, false, false, true});
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    if ((cpu.spr[sprn::kDPDES] & 1) && ee) {
        // Directed Privileged Doorbell (ISA 2.07): the exception is consumed by the interrupt.
        cpu.spr[sprn::kDPDES] &= ~1ull;
        deliver(cpu, {vector::kDoorbell, cpu.nia, 0, false, false, true});
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    if (cpu.dec_exception && ee) {
        // Edge-triggered decrementers (32-bit classic) consume the exception here; on Book
        // III-S 64 it stays while DEC is negative, until software writes DEC.
        if (!level_decrementer(cpu)) cpu.dec_exception = false;
        deliver(cpu, {vector::kDecrementer, cpu.nia, 0, false, false, true});
        cpu.async_pending.store(true, std::memory_order_relaxed);
        return true;
    }
    return true;
}

void mark_prefixed_interrupt(CpuState& cpu) {
    if (cpu.nia == vector::kMachineCheck) return;  // machine checks carry their own SRR1
    const bool hv = cpu.nia == vector::kHypervisorEmulationAssistance ||
                    cpu.nia == vector::kHypervisorDataStorage ||
                    cpu.nia == vector::kHypervisorInstructionStorage;
    cpu.spr[hv ? sprn::kHSRR1 : sprn::kSRR1] |= 1ull << (63 - 34);
}

}  // namespace ppcvm

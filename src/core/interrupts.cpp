#include "core/interrupts.hpp"

#include "core/spr_numbers.hpp"

namespace ppcvm {
namespace {

// SRR1 bits 33:36 and 42:47 carry the interrupt's cause; every other bit is the MSR's
// (Book III 7.4.2).
constexpr uint64_t kSrr1CauseMask = 0x00000000783f0000ull;
// LPCR[ILE] (bit 38): interrupts other than hypervisor interrupts run little-endian.
constexpr uint64_t kLpcrIle = 1ull << (63 - 38);

}  // namespace

isa::ExecStatus deliver_interrupt(CpuState& cpu, uint64_t vec, uint64_t srr0,
                                  uint64_t srr1_cause, bool hypervisor, bool to_hv) {
    const uint64_t old_msr = cpu.msr;
    const uint64_t srr1 = (old_msr & ~kSrr1CauseMask) | (srr1_cause & kSrr1CauseMask);
    if (hypervisor) {
        cpu.spr[sprn::kHSRR0] = srr0;
        cpu.spr[sprn::kHSRR1] = srr1;
    } else {
        cpu.spr[sprn::kSRR0] = srr0;
        cpu.spr[sprn::kSRR1] = srr1;
    }
    // New MSR (Book III 7.5, figure "MSR setting due to interrupt"): SF=1, HV set for
    // hypervisor interrupts else unchanged, ME unchanged, LE=ILE, TS/TM kept, all else 0.
    // LPCR[AIL] relocation and HILE are not modelled yet (the guest sees vectors at 0).
    uint64_t new_msr = old_msr & (msr::kHV | msr::kME | msr::kTS | msr::kTM);
    if (cpu.model && cpu.model->address_bits == 64) new_msr |= msr::kSF;
    if (hypervisor || to_hv) new_msr |= msr::kHV;
    if (!hypervisor && (cpu.spr[sprn::kLPCR] & kLpcrIle)) new_msr |= msr::kLE;
    cpu.msr = new_msr;
    cpu.nia = vec;
    cpu.reservation.valid = false;
    return isa::ExecStatus::Interrupt;
}

isa::ExecStatus raise_program(CpuState& cpu, uint64_t reason) {
    return deliver_interrupt(cpu, vector::kProgram, cpu.cia, reason, false);
}

isa::ExecStatus raise_illegal(CpuState& cpu) {
    // On ISA 2.06+ server processors an illegal instruction is a Hypervisor Emulation
    // Assistance interrupt (Book III 7.5.18). On PAPR ppcvm is that hypervisor and reflects it
    // to the guest as a Program interrupt (illegal), as KVM and PowerVM do.
    if (cpu.platform == Platform::BareMetal && cpu.model &&
        cpu.model->family == CpuFamily::Book3S64 && cpu.model->isa >= IsaLevel::V2_06) {
        cpu.spr[sprn::kHEIR] = 0;  // filled by the engine with the instruction image
        return deliver_interrupt(cpu, vector::kHypervisorEmulationAssistance, cpu.cia, 0, true);
    }
    return raise_program(cpu, program::kIllegal);
}

isa::ExecStatus raise_privileged(CpuState& cpu) { return raise_program(cpu, program::kPrivileged); }

isa::ExecStatus raise_trap(CpuState& cpu) { return raise_program(cpu, program::kTrap); }

isa::ExecStatus raise_system_call(CpuState& cpu, unsigned lev) {
    // SRR0 = the instruction after sc (Book III 7.5.14); SRR0/1 are used at both levels, and
    // LEV=1 enters hypervisor state.
    return deliver_interrupt(cpu, vector::kSystemCall, cpu.cia + 4, 0, false, lev == 1);
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
    cpu.spr[sprn::kDAR] = address;
    isa::ExecStatus s = deliver_interrupt(cpu, vector::kMachineCheck, cpu.cia, 0, false);
    cpu.msr &= ~msr::kME;  // MSR[ME] is cleared by a machine check (Book III 7.5.2)
    return s;
}

isa::ExecStatus raise_facility_unavailable(CpuState& cpu, isa::Facility facility) {
    switch (facility) {
        case isa::Facility::FP:
            return deliver_interrupt(cpu, vector::kFpUnavailable, cpu.cia, 0, false);
        case isa::Facility::VMX:
            return deliver_interrupt(cpu, vector::kVectorUnavailable, cpu.cia, 0, false);
        case isa::Facility::VSX:
            return deliver_interrupt(cpu, vector::kVsxUnavailable, cpu.cia, 0, false);
        default:
            return raise_illegal(cpu);
    }
}

}  // namespace ppcvm

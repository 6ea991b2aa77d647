#include "core/mmu/soft_tlb.hpp"

#include "core/cpu_state.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm {

void tlb_flush_all(CpuState& cpu) {
    cpu.tlb.flush();
    ++cpu.translation_epoch;
}

void tlb_flush_broadcast(CpuState& cpu) {
    tlb_flush_all(cpu);
    if (cpu.env) cpu.env->broadcast_tlb_flush(cpu);
}

void mmu_spr_written(CpuState& cpu, unsigned spr_number) {
    switch (spr_number) {
        case sprn::kPIDR: case sprn::kLPIDR: case sprn::kPTCR: case sprn::kSDR1:
        case sprn::kLPCR: case sprn::kIAMR: case sprn::kHRMOR: case sprn::kRMOR:
            tlb_flush_all(cpu);
            break;
        case sprn::kAMR: case sprn::kAMR_U: case sprn::kUAMOR: case sprn::kAMOR:
            // Data permissions only: decoded code stays valid.
            cpu.tlb.flush();
            break;
        default: break;
    }
}

}  // namespace ppcvm

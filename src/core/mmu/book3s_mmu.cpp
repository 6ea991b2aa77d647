#include "core/mmu/book3s_mmu.hpp"

#include "core/mmu/mmu_common.hpp"

namespace ppcvm {

bool Book3sMmu::radix_active(const CpuState& cpu) const {
    if (radix_.has_guest_process_table()) return true;
    if (hash_.has_hypervisor_hpt()) return false;
    return cpu.platform == Platform::BareMetal && mmu::isa3_mmu(cpu) &&
           (cpu.spr[sprn::kLPCR] & mmu::lpcr::kHR);
}

bool Book3sMmu::translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    if (radix_active(cpu)) return radix_.translate(cpu, ea, kind, pa);
    return hash_.translate(cpu, ea, kind, pa);
}

}  // namespace ppcvm

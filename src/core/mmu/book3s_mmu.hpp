// The 64-bit Book III-S MMU a machine attaches to its processors: hash or radix per the
// processor's current configuration (Power ISA 3.1 Book III 5.7.1): radix when the PAPR guest
// registered a radix process table, or on bare-metal ISA 3.0+ processors with LPCR[HR]=1;
// hash otherwise. One instance may serve every processor of a machine (all per-processor
// state lives in CpuState).
#pragma once

#include "core/mmu/hash_mmu.hpp"
#include "core/mmu/radix_mmu.hpp"

namespace ppcvm {

class Book3sMmu : public Mmu {
public:
    bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) override;
    bool radix_active(const CpuState& cpu) const;

    HashMmu& hash() { return hash_; }
    RadixMmu& radix() { return radix_; }

private:
    HashMmu hash_;
    RadixMmu radix_;
};

}  // namespace ppcvm

#include "core/cpu.hpp"

#include "core/spr_numbers.hpp"

namespace ppcvm {

Cpu::Cpu(const ResolvedPlatform& platform, GuestMemory& memory, CpuEnvironment* env,
         unsigned index)
    : platform_(platform), state_(std::make_unique<CpuState>()) {
    state_->memory = &memory;
    state_->env = env;
    state_->cpu_index = index;
    reset();
    engine_ = std::make_unique<ExactEngine>(*state_);
}

void Cpu::reset() {
    CpuState& s = *state_;
    GuestMemory* memory = s.memory;
    CpuEnvironment* env = s.env;
    Mmu* mmu = s.mmu;
    const unsigned index = s.cpu_index;
    s.~CpuState();
    new (&s) CpuState();
    s.memory = memory;
    s.env = env;
    s.mmu = mmu;
    s.cpu_index = index;
    s.model = platform_.cpu;
    s.platform = platform_.platform;
    s.effective_isa = platform_.effective_isa;
    s.paravirt = platform_.paravirt();
    s.spr[sprn::kPVR] = platform_.pvr;
    s.spr[sprn::kPIR] = index;
    s.spr[sprn::kPCR] = platform_.pcr;
    uint64_t m = msr::kME;
    if (platform_.cpu->address_bits == 64) m |= msr::kSF;
    if (platform_.platform == Platform::BareMetal && platform_.cpu->family == CpuFamily::Book3S64)
        m |= msr::kHV;
    s.msr = m;
}

}  // namespace ppcvm

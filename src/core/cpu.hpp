// One virtual processor: its architected state, set up from the resolved platform, and the
// engine that runs it.
#pragma once

#include <memory>

#include "core/cpu_state.hpp"
#include "core/exact_engine.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm {

class Cpu {
public:
    Cpu(const ResolvedPlatform& platform, GuestMemory& memory, CpuEnvironment* env,
        unsigned index = 0);

    CpuState& state() { return *state_; }
    ExactEngine& engine() { return *engine_; }

    // Architected reset state for the platform: PVR, PIR, PCR; MSR with SF (64-bit), HV on
    // bare metal, ME; everything else zero.
    void reset();

private:
    ResolvedPlatform platform_;
    std::unique_ptr<CpuState> state_;
    std::unique_ptr<ExactEngine> engine_;
};

}  // namespace ppcvm

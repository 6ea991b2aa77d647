// A processor with RAM and nothing else, for running small hand-assembled programs in tests.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "platform/cpu_catalog.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm::test {

struct TestMachine {
    // The platform defaults to what the processor can run: PAPR for 64-bit Book III-S, else
    // bare metal (Book III-S 32-bit) or Book E.
    explicit TestMachine(const char* cpu_name = "POWER9", bool little_endian = true)
        : memory(16 << 20) {
        const CpuModel* model = find_cpu_by_name(cpu_name);
        PlatformRequest req;
        req.platform = model->family == CpuFamily::Book3S64 ? Platform::Papr
                       : model->family == CpuFamily::BookE  ? Platform::BookE
                                                            : Platform::BareMetal;
        req.pvr = model->pvr;
        platform = resolve_platform(req);
        cpu = std::make_unique<Cpu>(platform, memory, nullptr);
        if (little_endian) cpu->state().msr |= msr::kLE;
    }
    // Write `words` at `addr` in the guest's byte order and start execution there.
    void load(uint64_t addr, const std::vector<uint32_t>& words) {
        for (size_t i = 0; i < words.size(); ++i) {
            uint32_t w = words[i];
            if (!(cpu->state().msr & msr::kLE)) w = __builtin_bswap32(w);
            memory.write_bytes(addr + 4 * i, &w, 4);
        }
        cpu->state().nia = addr;
    }
    CpuState& state() { return cpu->state(); }

    GuestMemory memory;
    ResolvedPlatform platform;
    std::unique_ptr<Cpu> cpu;
};

}  // namespace ppcvm::test

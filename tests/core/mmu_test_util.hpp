// A processor with a Book III-S MMU attached and helpers to lay out big-endian translation
// tables in guest memory by hand (for the hash and radix MMU tests).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/memory_access.hpp"
#include "core/mmu/book3s_mmu.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::test {

constexpr uint64_t ibit(unsigned b) { return 1ull << (63 - b); }

struct MmuMachine {
    MmuMachine(const char* cpu_name, Platform platform, uint64_t ram = 64ull << 20)
        : memory(ram) {
        PlatformRequest req;
        req.platform = platform;
        req.pvr = find_cpu_by_name(cpu_name)->pvr;
        resolved = resolve_platform(req);
        cpu = std::make_unique<Cpu>(resolved, memory, nullptr);
        state().mmu = &mmu;
    }
    CpuState& state() { return cpu->state(); }

    void write64(uint64_t pa, uint64_t v) {
        v = __builtin_bswap64(v);
        ASSERT_TRUE(memory.write_bytes(pa, &v, 8));
    }
    uint64_t read64(uint64_t pa) {
        uint64_t v = 0;
        EXPECT_TRUE(memory.read_bytes(pa, &v, 8));
        return __builtin_bswap64(v);
    }
    // Instruction words in the current endianness.
    void code(uint64_t pa, const std::vector<uint32_t>& words) {
        for (size_t i = 0; i < words.size(); ++i) {
            uint32_t w = words[i];
            if (!state().little_endian()) w = __builtin_bswap32(w);
            ASSERT_TRUE(memory.write_bytes(pa + 4 * i, &w, 4));
        }
    }

    // Translate as an instruction would at cia: returns false and leaves the interrupt state.
    bool xlate(uint64_t ea, AccessKind kind, uint64_t& pa) {
        state().cia = 0x700;  // a recognisable SRR0 for data accesses
        if (kind == AccessKind::Fetch) state().cia = ea;
        state().nia = state().cia + 4;
        return translate(state(), ea & state().ea_mask(), kind, pa);
    }

    GuestMemory memory;
    ResolvedPlatform resolved;
    std::unique_ptr<Cpu> cpu;
    Book3sMmu mmu;
};

}  // namespace ppcvm::test

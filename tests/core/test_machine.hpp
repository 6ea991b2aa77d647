// A processor with memory for tests of the core: one CPU of a catalog model on a platform,
// an optional environment (time base, hypercalls), and a few instruction encoders. The
// encoders follow the Power ISA formats (Book I 1.6); branch_test checks several against the
// GNU assembler's encodings.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::test {

// A settable time base and a hypercall counter.
struct TestEnvironment : CpuEnvironment {
    uint64_t tb = 0;
    int hypercalls = 0;
    isa::ExecStatus hypercall(CpuState& cpu) override {
        ++hypercalls;
        cpu.gpr[3] = 0;  // H_SUCCESS
        return isa::ExecStatus::Continue;
    }
    uint64_t timebase() override { return tb; }
};

struct TestMachine {
    // The platform defaults to what the processor runs: PAPR for 64-bit Book III-S, bare metal
    // for 32-bit Book III-S, BookE for the e500 family.
    explicit TestMachine(const char* cpu_name = "POWER9", Platform platform = Platform::Default,
                         bool little_endian = true, CpuEnvironment* env = nullptr)
        : memory(16 << 20) {
        PlatformRequest req;
        req.platform = platform;
        req.pvr = find_cpu_by_name(cpu_name)->pvr;
        resolved = resolve_platform(req);
        cpu = std::make_unique<Cpu>(resolved, memory, env);
        if (little_endian) s().msr |= msr::kLE;
        park_vectors(false);
    }
    // Put `b .` at every interrupt vector (0x100..0xfe0 and the scv vectors 0x17000..), in
    // the byte order interrupts will run in, so a delivered interrupt stays at its vector.
    void park_vectors(bool little_endian) {
        for (uint64_t v = 0x100; v < 0x1000; v += 0x20) put(v, 0x48000000, little_endian);
        for (uint64_t v = 0x17000; v < 0x18000; v += 0x20) put(v, 0x48000000, little_endian);
    }
    void put(uint64_t addr, uint32_t w, bool little_endian) {
        if (!little_endian) w = __builtin_bswap32(w);
        memory.write_bytes(addr, &w, 4);
    }
    TestMachine(const char* cpu_name, bool little_endian)
        : TestMachine(cpu_name, Platform::Default, little_endian) {}
    CpuState& s() { return cpu->state(); }
    CpuState& state() { return cpu->state(); }
    // Store `words` at `addr` in the current endianness and start execution there.
    void load(uint64_t addr, const std::vector<uint32_t>& words, bool set_nia = true) {
        for (size_t i = 0; i < words.size(); ++i) {
            uint32_t w = words[i];
            if (!(s().msr & msr::kLE)) w = __builtin_bswap32(w);
            memory.write_bytes(addr + 4 * i, &w, 4);
        }
        if (set_nia) s().nia = addr;
        cpu->engine().flush();  // host writes do not go through the code-page tracking
    }
    StopReason run(uint64_t n) { return cpu->engine().run(n); }

    GuestMemory memory;
    ResolvedPlatform resolved;
    std::unique_ptr<Cpu> cpu;
};

// ---- encoders ----
namespace enc {
inline uint32_t d_form(unsigned op, unsigned rt, unsigned ra, uint32_t d) {
    return op << 26 | rt << 21 | ra << 16 | (d & 0xffff);
}
inline uint32_t addi(unsigned rt, unsigned ra, int16_t si) { return d_form(14, rt, ra, static_cast<uint16_t>(si)); }
inline uint32_t li(unsigned rt, int16_t si) { return addi(rt, 0, si); }
inline uint32_t nop() { return 0x60000000; }
inline uint32_t b(int32_t off, bool aa = false, bool lk = false) {
    return 18u << 26 | (static_cast<uint32_t>(off) & 0x03fffffc) | (aa ? 2 : 0) | (lk ? 1 : 0);
}
inline uint32_t bc(unsigned bo, unsigned bi, int32_t bd, bool aa = false, bool lk = false) {
    return 16u << 26 | bo << 21 | bi << 16 | (static_cast<uint32_t>(bd) & 0xfffc) | (aa ? 2 : 0) |
           (lk ? 1 : 0);
}
inline uint32_t xl(unsigned a, unsigned b_, unsigned c, unsigned xo, bool lk = false) {
    return 19u << 26 | a << 21 | b_ << 16 | c << 11 | xo << 1 | (lk ? 1 : 0);
}
inline uint32_t bclr(unsigned bo, unsigned bi, bool lk = false) { return xl(bo, bi, 0, 16, lk); }
inline uint32_t bcctr(unsigned bo, unsigned bi, bool lk = false) { return xl(bo, bi, 0, 528, lk); }
inline uint32_t bctar(unsigned bo, unsigned bi, bool lk = false) { return xl(bo, bi, 0, 560, lk); }
inline uint32_t spr_field(unsigned spr) { return ((spr & 0x1f) << 16) | ((spr >> 5) << 11); }
inline uint32_t mtspr(unsigned spr, unsigned rs) { return 31u << 26 | rs << 21 | spr_field(spr) | 467u << 1; }
inline uint32_t mfspr(unsigned rt, unsigned spr) { return 31u << 26 | rt << 21 | spr_field(spr) | 339u << 1; }
inline uint32_t mftb(unsigned rt, unsigned tbr) { return 31u << 26 | rt << 21 | spr_field(tbr) | 371u << 1; }
inline uint32_t mfmsr(unsigned rt) { return 31u << 26 | rt << 21 | 83u << 1; }
inline uint32_t mtmsr(unsigned rs, unsigned l = 0) { return 31u << 26 | rs << 21 | l << 16 | 146u << 1; }
inline uint32_t mtmsrd(unsigned rs, unsigned l = 0) { return 31u << 26 | rs << 21 | l << 16 | 178u << 1; }
inline uint32_t sc(unsigned lev = 0) { return 17u << 26 | lev << 5 | 2; }
inline uint32_t scv(unsigned lev = 0) { return 17u << 26 | lev << 5 | 1; }
inline uint32_t rfid() { return xl(0, 0, 0, 18); }
inline uint32_t hrfid() { return xl(0, 0, 0, 274); }
inline uint32_t rfscv() { return xl(0, 0, 0, 82); }
inline uint32_t rfi() { return xl(0, 0, 0, 50); }
inline uint32_t stop() { return xl(0, 0, 0, 370); }
inline uint32_t nap() { return xl(0, 0, 0, 434); }
inline uint32_t attn() { return 0x00000200; }
inline uint32_t msgsndp(unsigned rb) { return 31u << 26 | rb << 11 | 142u << 1; }
inline uint32_t msgclrp(unsigned rb) { return 31u << 26 | rb << 11 | 174u << 1; }
}  // namespace enc

}  // namespace ppcvm::test

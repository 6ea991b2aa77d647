// A HypercallHost with real RAM, XICS, vty and MMU and recording stubs for the rest, and a
// fixture that makes hypercalls from one CpuState (shared by the hypercall tests).
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/guest_memory.hpp"
#include "core/mmu/book3s_mmu.hpp"
#include "machines/devices/spapr_vty.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/hypercalls.hpp"
#include "machines/pseries/papr.hpp"
#include "machines/pseries/rtas.hpp"

namespace ppcvm::test {

struct Host : HypercallHost, RtasHost {
    GuestMemory mem{1 << 20};
    std::vector<bool> line = std::vector<bool>(2, false);
    XicsController xics_{2, 8, [this](unsigned s, bool a) { line[s] = a; }};
    std::string console;
    SpaprVty vty_{[this](const char* d, size_t n) { console.append(d, n); }};
    Rtas rtas_{*this};
    uint64_t lpcr_mask = 0, lpcr_value = 0;
    int ceded = 0, prodded = -1;
    int64_t offset = 0;
    // HypercallHost
    GuestMemory& memory() override { return mem; }
    XicsController& xics() override { return xics_; }
    SpaprVty& vty() override { return vty_; }
    Rtas& rtas() override { return rtas_; }
    unsigned cpu_count() override { return 2; }
    void cede(CpuState&) override { ++ceded; }
    bool prod(unsigned c) override {
        prodded = static_cast<int>(c);
        return true;
    }
    void set_lpcr_bits(uint64_t m, uint64_t v) override {
        lpcr_mask = m;
        lpcr_value = v;
    }
    Book3sMmu mmu_;
    int flushes = 0;
    Book3sMmu& mmu() override { return mmu_; }
    void flush_all_translations() override { ++flushes; }
    // RtasHost (what is not shared above)
    void console_write(const char* d, size_t n) override { console.append(d, n); }
    void request_power_off() override {}
    void request_reboot() override {}
    bool cpu_running(unsigned) override { return true; }
    bool start_cpu(unsigned, uint64_t, uint64_t) override { return false; }
    void stop_self(unsigned) override {}
    uint64_t ram_bytes() override { return mem.ram_size(); }
    int64_t& rtc_offset() override { return offset; }
    std::string panic;
    void guest_panic(const std::string& m) override { panic = m; }
};

struct HcallFixture : ::testing::Test {
    Host host;
    HypercallDispatcher hcalls{host};
    CpuState cpu;
    HcallFixture() {
        cpu.memory = &host.mem;
        cpu.msr = msr::kSF;  // supervisor, not problem state
    }
    int64_t call(uint64_t nr, std::initializer_list<uint64_t> args) {
        cpu.gpr[3] = nr;
        unsigned i = 4;
        for (uint64_t a : args) cpu.gpr[i++] = a;
        EXPECT_EQ(hcalls.dispatch(cpu, nullptr), isa::ExecStatus::Continue);
        return static_cast<int64_t>(cpu.gpr[3]);
    }
};

}  // namespace ppcvm::test

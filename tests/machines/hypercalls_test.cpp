#include "machines/pseries/hypercalls.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/guest_memory.hpp"
#include "core/mmu/book3s_mmu.hpp"
#include "machines/devices/spapr_vty.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/hpt_hypercalls.hpp"
#include "machines/pseries/papr.hpp"
#include "machines/pseries/rtas.hpp"
#include "hypercall_test_host.hpp"

namespace ppcvm {
namespace {

using namespace papr;

using test::HcallFixture;
using test::Host;

TEST_F(HcallFixture, TerminalOutputAndInput) {
    // "Hello, world!\n" is 14 bytes packed big-endian into r6||r7.
    const std::string msg = "Hello, world!\n";
    uint64_t w[2] = {0, 0};
    for (size_t i = 0; i < msg.size(); ++i)
        w[i / 8] |= static_cast<uint64_t>(static_cast<uint8_t>(msg[i])) << (56 - 8 * (i % 8));
    EXPECT_EQ(call(H_PUT_TERM_CHAR, {SpaprVty::kUnitAddress, msg.size(), w[0], w[1]}), H_SUCCESS);
    EXPECT_EQ(host.console, msg);
    EXPECT_EQ(call(H_PUT_TERM_CHAR, {0x1234, 1, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_PUT_TERM_CHAR, {0, 17, 0, 0}), H_PARAMETER);
    host.vty_.push_input("ab");
    EXPECT_EQ(call(H_GET_TERM_CHAR, {SpaprVty::kUnitAddress}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 2u);
    EXPECT_EQ(cpu.gpr[5], (uint64_t('a') << 56) | (uint64_t('b') << 48));
    EXPECT_EQ(call(H_GET_TERM_CHAR, {0}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 0u);
}

TEST_F(HcallFixture, UnknownPrivilegedAndExit) {
    EXPECT_EQ(call(0x7777, {}), H_FUNCTION);
    cpu.msr |= msr::kPR;
    EXPECT_EQ(call(H_RANDOM, {}), H_PRIVILEGE);
    cpu.msr &= ~msr::kPR;
    ASSERT_TRUE(hcalls.set_in_core(H_RANDOM, false));
    HypercallExit exit;
    cpu.gpr[3] = H_RANDOM;
    cpu.gpr[4] = 11;
    cpu.gpr[12] = 99;
    EXPECT_EQ(hcalls.dispatch(cpu, &exit), isa::ExecStatus::Stop);
    EXPECT_EQ(exit.nr, H_RANDOM);
    EXPECT_EQ(exit.args[0], 11u);
    EXPECT_EQ(exit.args[8], 99u);
    EXPECT_FALSE(hcalls.set_in_core(0x7777, true));
    // Served in core again.
    ASSERT_TRUE(hcalls.set_in_core(H_RANDOM, true));
    cpu.gpr[3] = H_RANDOM;
    EXPECT_EQ(hcalls.dispatch(cpu, &exit), isa::ExecStatus::Continue);
    EXPECT_EQ(cpu.gpr[3], static_cast<uint64_t>(H_SUCCESS));
}

// An opcode ppcvm does not implement can be an exit (the embedder serves it), not in core.
TEST_F(HcallFixture, UnimplementedOpcodesCanBeExits) {
    EXPECT_TRUE(HypercallDispatcher::valid_opcode(0x4));
    EXPECT_TRUE(HypercallDispatcher::valid_opcode(0xffc));
    EXPECT_TRUE(HypercallDispatcher::valid_opcode(0xf000));
    EXPECT_TRUE(HypercallDispatcher::valid_opcode(0xf0ff));
    for (uint64_t bad : {0x0ull, 0x2ull, 0x1000ull, 0xeffcull, 0xf100ull, ~0ull})
        EXPECT_FALSE(HypercallDispatcher::valid_opcode(bad)) << std::hex << bad;
    EXPECT_FALSE(hcalls.set_in_core(0xf080, true));
    EXPECT_FALSE(hcalls.in_core(0xf080));
    ASSERT_TRUE(hcalls.set_in_core(0xf080, false));
    HypercallExit exit;
    cpu.gpr[3] = 0xf080;
    cpu.gpr[5] = 0x1234;
    EXPECT_EQ(hcalls.dispatch(cpu, &exit), isa::ExecStatus::Stop);
    EXPECT_EQ(exit.nr, 0xf080u);
    EXPECT_EQ(exit.args[1], 0x1234u);
    EXPECT_EQ(exit.ret, H_FUNCTION);
    // Without an embedder to take it (no exit record), the call is unknown to ppcvm.
    cpu.gpr[3] = 0xf080;
    EXPECT_EQ(hcalls.dispatch(cpu, nullptr), isa::ExecStatus::Continue);
    EXPECT_EQ(cpu.gpr[3], static_cast<uint64_t>(H_FUNCTION));
    // From problem state it is refused before any exit.
    cpu.msr |= msr::kPR;
    cpu.gpr[3] = 0xf080;
    EXPECT_EQ(hcalls.dispatch(cpu, &exit), isa::ExecStatus::Continue);
    EXPECT_EQ(cpu.gpr[3], static_cast<uint64_t>(H_PRIVILEGE));
    cpu.msr &= ~msr::kPR;
}

TEST_F(HcallFixture, XicsThroughHypercalls) {
    EXPECT_EQ(call(H_CPPR, {0xff}), H_SUCCESS);
    EXPECT_EQ(call(H_IPI, {0, 0}), H_SUCCESS);
    EXPECT_TRUE(host.line[0]);
    EXPECT_EQ(call(H_XIRR, {}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 0xff000002u);
    EXPECT_EQ(call(H_IPI, {0, 0xff}), H_SUCCESS);
    EXPECT_EQ(call(H_EOI, {0xff000002}), H_SUCCESS);
    EXPECT_FALSE(host.line[0]);
    EXPECT_EQ(call(H_IPI, {5, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_IPOLL, {1}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[5], 0xffu);
}

TEST_F(HcallFixture, SetMode) {
    EXPECT_EQ(call(H_SET_MODE, {1, 4, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, 1ull << 25);
    EXPECT_EQ(call(H_SET_MODE, {0, 4, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, 0u);
    EXPECT_EQ(call(H_SET_MODE, {3, 3, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, 3ull << 23);
    EXPECT_EQ(call(H_SET_MODE, {1, 3, 0, 0}), -256);
    EXPECT_EQ(call(H_SET_MODE, {0, 3, 5, 0}), H_P3);
    EXPECT_EQ(call(H_SET_MODE, {0, 99, 0, 0}), H_P2);
    EXPECT_EQ(call(H_SET_MODE, {0, 2, 0x1000, 0x3}), H_SUCCESS);
    EXPECT_EQ(call(H_SET_MODE, {0, 2, 0x1000, 0x4}), H_P4);
}

TEST_F(HcallFixture, PageInit) {
    constexpr uint64_t kZero = 1ull << (63 - 48), kCopy = 1ull << (63 - 49);
    host.mem.ram()[0x3000] = 0x5a;
    host.mem.ram()[0x4000] = 0x77;
    EXPECT_EQ(call(H_PAGE_INIT, {kCopy, 0x2000, 0x3000}), H_SUCCESS);
    EXPECT_EQ(host.mem.ram()[0x2000], 0x5a);
    EXPECT_EQ(call(H_PAGE_INIT, {kZero, 0x2000, 0}), H_SUCCESS);
    EXPECT_EQ(host.mem.ram()[0x2000], 0);
    EXPECT_EQ(call(H_PAGE_INIT, {kCopy, 0x2001, 0x3000}), H_PARAMETER);
    EXPECT_EQ(call(H_PAGE_INIT, {kZero, 1ull << 40, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_PAGE_INIT, {kCopy, 0x2000, ~0xfffull}), H_PARAMETER);
    EXPECT_EQ(call(H_PAGE_INIT, {1, 0x2000, 0}), H_PARAMETER) << "unknown flag";
    EXPECT_EQ(call(H_PAGE_INIT, {kZero, (1 << 20) - 4096, 0}), H_SUCCESS);
    EXPECT_EQ(call(H_PAGE_INIT, {kZero, 1 << 20, 0}), H_PARAMETER);
    EXPECT_EQ(host.mem.ram()[0x4000], 0x77) << "untouched";
}

TEST_F(HcallFixture, LogicalCacheInhibitedAccess) {
    uint64_t device_reg = 0;
    host.mem.add_mmio({0x80000000, 0x1000, "test", [&](uint64_t, unsigned, uint64_t& v) {
                           v = 0x1122334455667788ull;
                           return true;
                       },
                       [&](uint64_t, unsigned, uint64_t v) {
                           device_reg = v;
                           return true;
                       }});
    EXPECT_EQ(call(H_LOGICAL_CI_LOAD, {8, 0x80000000}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 0x1122334455667788ull);
    EXPECT_EQ(call(H_LOGICAL_CI_STORE, {4, 0x80000010, 0xcafe}), H_SUCCESS);
    EXPECT_EQ(device_reg, 0xcafeu);
    EXPECT_EQ(call(H_LOGICAL_CI_STORE, {2, 0x100, 0xbeef}), H_SUCCESS);
    EXPECT_EQ(host.mem.ram()[0x100], 0xbe);
    EXPECT_EQ(call(H_LOGICAL_CI_LOAD, {3, 0x100}), H_PARAMETER);
    EXPECT_EQ(call(H_LOGICAL_CI_LOAD, {8, 0x90000000}), H_PARAMETER);
}

TEST_F(HcallFixture, RegisterVpa) {
    auto put16 = [&](uint64_t at, uint16_t v) {
        host.mem.ram()[at] = v >> 8;
        host.mem.ram()[at + 1] = v & 0xff;
    };
    const uint64_t reg = 1ull << 45, dereg = 5ull << 45, dtl = 2ull << 45;
    put16(0x4000 + 4, 640);
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 0, 0x4000}), H_SUCCESS);
    EXPECT_EQ(hcalls.vpa()[0].vpa, 0x4000u);
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 0, 0x4010}), H_PARAMETER) << "not cache-line aligned";
    put16(0x4f80 + 4, 640);
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 0, 0x4f80}), H_PARAMETER) << "crosses a page";
    put16(0x5000 + 4, 100);
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 0, 0x5000}), H_PARAMETER) << "too small";
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 9, 0x4000}), H_PARAMETER) << "no such vCPU";
    EXPECT_EQ(call(H_REGISTER_VPA, {dtl, 1, 0x6000}), H_RESOURCE) << "DTL needs a VPA";
    host.mem.ram()[0x6000 + 7] = 64;  // DTL size 64
    EXPECT_EQ(call(H_REGISTER_VPA, {dtl, 0, 0x6000}), H_SUCCESS);
    EXPECT_EQ(call(H_REGISTER_VPA, {dereg, 0, 0}), H_RESOURCE) << "DTL still registered";
    EXPECT_EQ(call(H_REGISTER_VPA, {6ull << 45, 0, 0}), H_SUCCESS);
    EXPECT_EQ(call(H_REGISTER_VPA, {dereg, 0, 0}), H_SUCCESS);
    EXPECT_EQ(call(H_REGISTER_VPA, {reg, 0, 1ull << 50}), H_PARAMETER);
}

TEST_F(HcallFixture, MiscCalls) {
    EXPECT_EQ(call(H_RANDOM, {}), H_SUCCESS);
    const uint64_t r1 = cpu.gpr[4];
    call(H_RANDOM, {});
    EXPECT_NE(cpu.gpr[4], r1);
    EXPECT_EQ(call(H_SET_SPRG0, {0x1234}), H_SUCCESS);
    EXPECT_EQ(cpu.spr[272], 0x1234u);
    EXPECT_EQ(call(H_SET_XDABR, {0x1000, 0x3}), H_SUCCESS);
    EXPECT_EQ(call(H_SET_XDABR, {0x1000, 0x4}), H_PARAMETER);
    EXPECT_EQ(call(H_CEDE, {}), H_SUCCESS);
    EXPECT_EQ(host.ceded, 1);
    EXPECT_TRUE(cpu.msr & msr::kEE);
    EXPECT_EQ(call(H_PROD, {1}), H_SUCCESS);
    EXPECT_EQ(host.prodded, 1);
    EXPECT_EQ(call(H_PROD, {2}), H_PARAMETER);
    EXPECT_EQ(call(H_GET_CPU_CHARACTERISTICS, {}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[5], 1ull << 63);
}

TEST_F(HcallFixture, RegisterProcessTable) {
    const PlatformRequest req{Platform::Papr, 0x004e1202, 0, 0, EngineKind::Auto};
    const ResolvedPlatform p9 = resolve_platform(req);
    cpu.model = p9.cpu;
    // PROC_TABLE_NEW | PROC_TABLE_RADIX | PROC_TABLE_GTSE, table at 64 KiB, 2^(12+4) bytes.
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04 | 0x01, 0x10000, 0, 4}), H_SUCCESS);
    EXPECT_TRUE(host.mmu_.radix().has_guest_process_table());
    EXPECT_EQ(host.lpcr_value & (1ull << 20), 1ull << 20) << "LPCR[HR] set";
    EXPECT_EQ(host.flushes, 1);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0x10001, 0, 4}), H_P2) << "unaligned";
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0x10000, 1, 4}), H_P3);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0x10000, 0, 25}), H_P4);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0xff000, 0, 12}), H_P2) << "beyond RAM";
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x10, 0, 0, 0}), H_SUCCESS);
    EXPECT_FALSE(host.mmu_.radix().has_guest_process_table());
    cpu.model = find_cpu_by_name("POWER8");
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0x10000, 0, 4}), H_FUNCTION);
}

// Hash on an ISA 3.0 processor (Linux with disable_radix): flags 0 keeps the current (hash)
// registration, 0x18 registers a new hash/SLB table; switching to radix hides the HPT and
// switching back starts from an empty one. LPCR bits per ISA 3.0 Book III 2.2 (HR = bit 43,
// UPRT = bit 41, GTSE = bit 53).
TEST_F(HcallFixture, RegisterProcessTableHash) {
    constexpr uint64_t kHr = 1ull << (63 - 43), kUprt = 1ull << (63 - 41),
                       kGtse = 1ull << (63 - 53);
    const PlatformRequest req{Platform::Papr, 0x004e1202, 0, 0, EngineKind::Auto};
    cpu.model = resolve_platform(req).cpu;
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0, 0, 0, 0}), H_FUNCTION) << "no HPT was made";
    hcalls.create_hpt(18);
    const int flushes = host.flushes;
    // What Linux's hpte_init_pseries() makes: keep hash (no op bits), no table.
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0, 0, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_mask, kHr | kUprt | kGtse);
    EXPECT_EQ(host.lpcr_value, 0u) << "hash with the SLB: HR=0, UPRT=0";
    EXPECT_EQ(host.flushes, flushes + 1);
    EXPECT_FALSE(host.mmu_.radix_active(cpu));
    ASSERT_NE(hcalls.hpt(), nullptr);
    // An HPTE made now is there for the MMU.
    const uint64_t pteh = (0x1234ull << 7) | 1, ptel = 0x5000 | 0x10 | 2;
    ASSERT_EQ(call(H_ENTER, {0, 64, pteh, ptel}), H_SUCCESS);
    const uint64_t ptex = cpu.gpr[4];
    EXPECT_EQ(hcalls.hpt()->load(ptex, 0), pteh);
    // Refused: keeping radix while hash, hash with segment tables, reserved bits, op 0x08.
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x04, 0, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x02, 0, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x02, 0, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x20, 0, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x08, 0, 0, 0}), H_PARAMETER);
    // A new hash/SLB registration: base below 2^38, page size 0..7, size <= 24.
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18, 1ull << 38, 0, 0}), H_P2);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18, 0, 8, 0}), H_P3);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18, 0, 0, 25}), H_P4);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x01, 0x100, 7, 24}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, kGtse);
    EXPECT_EQ(hcalls.hpt()->load(ptex, 0), pteh) << "hash -> hash keeps the HPT";
    // Switch to radix: the HPT is hidden and its calls refused.
    ASSERT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04 | 0x01, 0x10000, 0, 4}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, kHr | kUprt | kGtse);
    EXPECT_TRUE(host.mmu_.radix_active(cpu));
    EXPECT_EQ(hcalls.hpt(), nullptr);
    EXPECT_EQ(call(H_ENTER, {0, 64, pteh, ptel}), H_FUNCTION);
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x00, 0, 0, 0}), H_PARAMETER) << "keep hash: is radix";
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x04, 0, 0, 0}), H_SUCCESS) << "keep radix";
    EXPECT_EQ(host.lpcr_value, kHr | kUprt) << "GTSE follows the flag";
    // And back to hash: the radix table is gone, the HPT is there again and empty.
    const int before = host.flushes;
    ASSERT_EQ(call(H_REGISTER_PROC_TBL, {0x18, 0, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.flushes, before + 1);
    EXPECT_FALSE(host.mmu_.radix().has_guest_process_table());
    EXPECT_FALSE(host.mmu_.radix_active(cpu));
    EXPECT_EQ(host.lpcr_value, 0u);
    ASSERT_NE(hcalls.hpt(), nullptr);
    EXPECT_EQ(hcalls.hpt()->load(ptex, 0), 0u) << "radix -> hash starts from an empty HPT";
    ASSERT_EQ(call(H_ENTER, {0, 64, pteh, ptel}), H_SUCCESS);
    const uint64_t ptex2 = cpu.gpr[4];
    // Deregistration leaves hash translation through the kept HPT.
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0x10, 0, 0, 0}), H_SUCCESS);
    EXPECT_EQ(host.lpcr_value, 0u);
    ASSERT_NE(hcalls.hpt(), nullptr);
    EXPECT_EQ(hcalls.hpt()->load(ptex2, 0), pteh);
    cpu.model = find_cpu_by_name("POWER8");
    EXPECT_EQ(call(H_REGISTER_PROC_TBL, {0, 0, 0, 0}), H_FUNCTION) << "ISA 2.07 has no such call";
}

TEST_F(HcallFixture, RadixTranslationInvalidate) {
    const PlatformRequest req{Platform::Papr, 0x004e1202, 0, 0, EngineKind::Auto};
    cpu.model = resolve_platform(req).cpu;
    // Before a radix process table is registered there is nothing to invalidate.
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 2, ~0ull, 0, ~0ull}), H_FUNCTION);
    ASSERT_EQ(call(H_REGISTER_PROC_TBL, {0x18 | 0x04, 0x10000, 0, 4}), H_SUCCESS);
    const int before = host.flushes;
    // PID 1, all vCPUs, TLB|PWC|PRT, every page size, every address.
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 0xe, ~0ull, 0, ~0ull}), H_SUCCESS);
    EXPECT_EQ(host.flushes, before + 1);
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 0, 2, ~0ull, 0, ~0ull}), H_P2) << "no target";
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 8, 2, ~0ull, 0, ~0ull}), H_P2) << "unknown target";
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 0, ~0ull, 0, ~0ull}), H_P3) << "no type";
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 0x10, ~0ull, 0, ~0ull}), H_P3) << "unknown type";
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 0x3, ~0ull, 0, ~0ull}), H_FUNCTION) << "nested";
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1ull << 40, 1, 2, ~0ull, 0, ~0ull}), H_P1);
    EXPECT_EQ(call(H_RPT_INVALIDATE, {1, 1, 2, ~0ull, 0x2000, 0x1000}), H_P5);
    EXPECT_EQ(host.flushes, before + 1) << "refused calls flush nothing";
}

TEST_F(HcallFixture, RtasThroughHypercall) {
    // display-character 'X' via the RTAS buffer at 0x7000.
    const uint32_t words[] = {0x2000, 1, 1, 'X', 0xffffffff};
    for (size_t i = 0; i < 5; ++i)
        for (int b = 0; b < 4; ++b)
            host.mem.ram()[0x7000 + 4 * i + b] = static_cast<uint8_t>(words[i] >> (24 - 8 * b));
    EXPECT_EQ(call(H_RTAS, {0x7000}), H_SUCCESS);
    EXPECT_EQ(host.console, "X");
    EXPECT_EQ(host.mem.ram()[0x7000 + 16 + 3], 0u) << "RTAS status 0";
    EXPECT_EQ(call(H_RTAS, {1ull << 41}), H_PARAMETER);
}

}  // namespace
}  // namespace ppcvm

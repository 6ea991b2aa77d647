// The PAPR page frame table hypercalls (LoPAPR 14.5.4.1): every call's good path and error
// codes, and translation through the entries they make. HPTE images and hashes are computed
// here from the Power ISA 2.07 formats, independently of the MMU and hypercall code.
#include "machines/pseries/hpt_hypercalls.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "core/spr_numbers.hpp"
#include "hypercall_test_host.hpp"
#include "platform/cpu_catalog.hpp"

namespace ppcvm {
namespace {

using namespace papr;
using test::HcallFixture;

constexpr uint64_t ibit(unsigned b) { return 1ull << (63 - b); }

// Flags (Linux arch/powerpc/include/asm/hvcall.h spells the same LoPAPR bit numbers).
constexpr uint64_t kExact = ibit(24), kRead4 = ibit(26), kAvpn = ibit(32), kAndcond = ibit(33),
                   kZeroPage = ibit(48);
// HPTE bits.
constexpr uint64_t kV = 1, kL = 4, kBolted = 0x10;
constexpr uint64_t kR = 0x100, kC = 0x80, kM = 0x10, kI = 0x20, kG = 0x08, kN = 4;

constexpr unsigned kShift = 18;  // the smallest HPT: 256 KiB, 2048 PTEGs, 16384 HPTEs
constexpr uint64_t kEntries = (1ull << kShift) / 16;

struct HptFixture : HcallFixture {
    HptFixture() { hcalls.create_hpt(kShift); }
    PaprHpt& hpt() { return *hcalls.hpt(); }
    // A 4K page's HPTE pair with RPN `pa` and PP `pp`.
    static uint64_t v4k(uint64_t avpn) { return (avpn << 7) | kV; }
    static uint64_t r4k(uint64_t pa, uint64_t pp = 2) { return pa | kM | pp; }
};

TEST_F(HcallFixture, PageTableCallsNeedAnHpt) {
    // A radix partition has no HPT: the page frame table calls are not available.
    for (uint64_t nr : {H_ENTER, H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE, H_CLEAR_REF,
                        H_CLEAR_MOD})
        EXPECT_EQ(call(nr, {0, 0, 0, 0}), H_FUNCTION) << nr;
    EXPECT_FALSE(host.mmu_.hash().has_hypervisor_hpt());
    hcalls.create_hpt(kShift);
    EXPECT_TRUE(host.mmu_.hash().has_hypervisor_hpt());
    EXPECT_EQ(hcalls.hpt()->entries(), kEntries);
    // The resize calls are not offered.
    EXPECT_EQ(call(0x36c, {0, 20}), H_FUNCTION);
    EXPECT_EQ(call(0x370, {0, 20}), H_FUNCTION);
}

TEST_F(HptFixture, EnterFillsAGroupThenReportsItFull) {
    const int flushes = host.flushes;
    const uint64_t group = 8 * 77;
    for (uint64_t i = 0; i < 8; ++i) {
        // Any PTEX within the group names the group; the first free slot is used.
        ASSERT_EQ(call(H_ENTER, {0, group + 5, v4k(0x100 + i), r4k(0x1000 * i)}), H_SUCCESS);
        EXPECT_EQ(cpu.gpr[4], group + i);
        EXPECT_EQ(hpt().load(group + i, 0), v4k(0x100 + i));
        EXPECT_EQ(hpt().load(group + i, 1), r4k(0x1000 * i));
    }
    EXPECT_EQ(call(H_ENTER, {0, group, v4k(0x200), r4k(0)}), H_PTEG_FULL);
    EXPECT_EQ(call(H_ENTER, {kExact, group + 3, v4k(0x200), r4k(0)}), H_PTEG_FULL);
    // H_EXACT takes exactly the slot named, when free.
    ASSERT_EQ(call(H_REMOVE, {0, group + 3, 0}), H_SUCCESS);
    ASSERT_EQ(call(H_ENTER, {kExact, group + 3, v4k(0x300), r4k(0x5000)}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], group + 3);
    ASSERT_EQ(call(H_ENTER, {kExact, 5, v4k(0x301), r4k(0x6000)}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 5u) << "not the group's first slot";
    EXPECT_EQ(hpt().load(0, 0), 0u);
    EXPECT_EQ(host.flushes, flushes + 1) << "the removal flushes; entering into a free slot not";
}

TEST_F(HptFixture, EnterRejectsBadArguments) {
    // PTEX beyond the table (the last valid one works), including values that would overflow
    // an offset computation.
    EXPECT_EQ(call(H_ENTER, {0, kEntries, v4k(1), r4k(0)}), H_PARAMETER);
    EXPECT_EQ(call(H_ENTER, {kExact, ~0ull, v4k(1), r4k(0)}), H_PARAMETER);
    EXPECT_EQ(call(H_ENTER, {0, 1ull << 60, v4k(1), r4k(0)}), H_PARAMETER);
    EXPECT_EQ(call(H_ENTER, {kExact, kEntries - 1, v4k(1), r4k(0)}), H_SUCCESS);
    // L=1 with an LP encoding no page size has.
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(2) | kL, r4k(0x2000)}), H_PARAMETER);
    // Memory pages must be WIMG=0010.
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(3), 0x3000 | 2}), H_PARAMETER) << "M=0";
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(3), 0x3000 | kM | kI | 2}), H_PARAMETER) << "I=1";
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(3), 0x3000 | kM | kG | 2}), H_PARAMETER) << "G=1";
    // Beyond RAM (1 MiB here) only cache-inhibited (I/O) mappings are accepted.
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(4), 0x100000 | kM | 2}), H_PARAMETER);
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(4), 0x0fff'ffff'ffff'f000ull | kM | 2}), H_PARAMETER);
    EXPECT_EQ(call(H_ENTER, {0, 0, v4k(4), 0x100000 | kI | kG | 2}), H_SUCCESS);
    // A 16M page at 0 does not fit in 1 MiB of RAM: not memory, and not marked I/O.
    EXPECT_EQ(call(H_ENTER, {0, 8, v4k(5) | kL, r4k(0)}), H_PARAMETER);
    EXPECT_EQ(hpt().load(8, 0), 0u) << "nothing written by a refused call";
}

TEST_F(HptFixture, EnterZeroesThePageWhenAsked) {
    std::memset(host.mem.ram() + 0x10000, 0xab, 0x10000);
    // 64K page (L=1, LP 0001 in RPN bits 48:51) at 0x10000: without H_ZERO_PAGE untouched.
    ASSERT_EQ(call(H_ENTER, {0, 16, v4k(0x40) | kL, 0x10000 | 0x1000 | kM | 2}), H_SUCCESS);
    EXPECT_EQ(host.mem.ram()[0x1ffff], 0xab);
    ASSERT_EQ(call(H_ENTER, {kZeroPage, 24, v4k(0x41) | kL, 0x10000 | 0x1000 | kM | 2}),
              H_SUCCESS);
    for (uint64_t a = 0x10000; a < 0x20000; a += 0x1000) EXPECT_EQ(host.mem.ram()[a], 0) << a;
    EXPECT_EQ(host.mem.ram()[0x1ffff], 0);
    EXPECT_EQ(host.mem.ram()[0x20000], 0) << "untouched beyond the page";
}

TEST_F(HptFixture, RemoveReturnsTheOldEntry) {
    ASSERT_EQ(call(H_ENTER, {0, 80, v4k(0x1234) | kBolted, r4k(0x7000) | kR | kC}), H_SUCCESS);
    const int flushes = host.flushes;
    // H_AVPN: B||AVPN (dword 0 without its low 7 bits) must match.
    EXPECT_EQ(call(H_REMOVE, {kAvpn, 80, v4k(0x1235) & ~0x7full}), H_NOT_FOUND);
    // H_ANDCOND: refused while dword 0 AND the mask is non-zero (Linux protects bolted entries
    // this way).
    EXPECT_EQ(call(H_REMOVE, {kAndcond, 80, kBolted}), H_NOT_FOUND);
    EXPECT_EQ(host.flushes, flushes) << "nothing removed, nothing flushed";
    ASSERT_EQ(call(H_REMOVE, {kAvpn, 80, v4k(0x1234) & ~0x7full}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], v4k(0x1234) | kBolted);
    EXPECT_EQ(cpu.gpr[5], r4k(0x7000) | kR | kC);
    EXPECT_EQ(host.flushes, flushes + 1);
    EXPECT_EQ(hpt().load(80, 0), 0u);
    EXPECT_EQ(call(H_REMOVE, {0, 80, 0}), H_NOT_FOUND) << "already gone";
    ASSERT_EQ(call(H_ENTER, {0, 80, v4k(0x99), r4k(0x8000)}), H_SUCCESS);
    EXPECT_EQ(call(H_REMOVE, {kAndcond, 80, kBolted}), H_SUCCESS);
    EXPECT_EQ(call(H_REMOVE, {0, kEntries, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_REMOVE, {0, ~0ull, 0}), H_PARAMETER);
}

TEST_F(HptFixture, ReadOneOrFour) {
    for (uint64_t i = 0; i < 4; ++i)
        ASSERT_EQ(call(H_ENTER, {kExact, 40 + i, v4k(0x500 + i), r4k(0x1000 * i)}), H_SUCCESS);
    ASSERT_EQ(call(H_READ, {0, 42}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], v4k(0x502));
    EXPECT_EQ(cpu.gpr[5], r4k(0x2000));
    // H_READ_4 reads the aligned group of four holding the PTEX.
    ASSERT_EQ(call(H_READ, {kRead4, 43}), H_SUCCESS);
    for (uint64_t i = 0; i < 4; ++i) {
        EXPECT_EQ(cpu.gpr[4 + 2 * i], v4k(0x500 + i));
        EXPECT_EQ(cpu.gpr[5 + 2 * i], r4k(0x1000 * i));
    }
    ASSERT_EQ(call(H_READ, {0, 44}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], 0u) << "an empty slot reads as zero";
    EXPECT_EQ(call(H_READ, {kRead4, kEntries - 1}), H_SUCCESS) << "the last group of four";
    EXPECT_EQ(call(H_READ, {0, kEntries}), H_PARAMETER);
    EXPECT_EQ(call(H_READ, {kRead4, ~0ull}), H_PARAMETER);
}

TEST_F(HptFixture, ProtectChangesOnlyProtectionBits) {
    const uint64_t r = r4k(0x9000, 2) | kR | kC;
    ASSERT_EQ(call(H_ENTER, {0, 96, v4k(0x77), r}), H_SUCCESS);
    const int flushes = host.flushes;
    // flags: pp0 in bit 55, key0:1 in bits 50:51, key2:4 in 52:54, N in 61, pp1:2 in 62:63.
    const uint64_t flags = ibit(55) | ibit(51) | ibit(53) | ibit(61) | 1;
    EXPECT_EQ(call(H_PROTECT, {flags | kAvpn, 96, v4k(0x78) & ~0x7full}), H_NOT_FOUND);
    ASSERT_EQ(call(H_PROTECT, {flags | kAvpn, 96, v4k(0x77) & ~0x7full}), H_SUCCESS);
    // pp0 -> HPTE bit 0, key0:1 -> bits 2:3, key2:4 -> bits 52:54, N -> 61, pp -> 62:63.
    const uint64_t want = (r & ~0x3ull) | ibit(0) | ibit(3) | ibit(53) | kN | 1;
    EXPECT_EQ(hpt().load(96, 1), want);
    EXPECT_EQ(hpt().load(96, 0), v4k(0x77));
    EXPECT_EQ(host.flushes, flushes + 1);
    // Back to pp=2, no key, no N (without H_AVPN any valid entry).
    ASSERT_EQ(call(H_PROTECT, {2, 96, 0}), H_SUCCESS);
    EXPECT_EQ(hpt().load(96, 1), r);
    EXPECT_EQ(call(H_PROTECT, {2, 97, 0}), H_NOT_FOUND) << "empty slot";
    EXPECT_EQ(call(H_PROTECT, {2, kEntries, 0}), H_PARAMETER);
}

TEST_F(HptFixture, BulkRemove) {
    constexpr uint64_t kRequest = 1ull << 62, kEnd = 3ull << 62, kResponse = 2ull << 62;
    constexpr uint64_t kFlagAndcond = 1ull << 56, kFlagAvpn = 2ull << 56;
    ASSERT_EQ(call(H_ENTER, {kExact, 200, v4k(0x10), r4k(0x1000) | kR | kC}), H_SUCCESS);
    ASSERT_EQ(call(H_ENTER, {kExact, 201, v4k(0x11), r4k(0x2000) | kR}), H_SUCCESS);
    ASSERT_EQ(call(H_ENTER, {kExact, 202, v4k(0x12) | kBolted, r4k(0x3000)}), H_SUCCESS);
    const int flushes = host.flushes;
    ASSERT_EQ(call(H_BULK_REMOVE,
                   {kRequest | kFlagAvpn | 200, v4k(0x10) & ~0x7full,  // removed, R and C
                    kRequest | 201, 0,                                  // removed, R
                    kRequest | kFlagAndcond | 202, kBolted,             // refused: bolted
                    kRequest | 203, 0}),                                // empty
              H_SUCCESS);
    // Response: type 0b10, code in bits 2:3, R and C in bits 4:5, the flags and PTEX kept.
    EXPECT_EQ(cpu.gpr[4], kResponse | (3ull << 58) | kFlagAvpn | 200);
    EXPECT_EQ(cpu.gpr[6], kResponse | (2ull << 58) | 201);
    EXPECT_EQ(cpu.gpr[8], kResponse | (1ull << 60) | kFlagAndcond | 202);
    EXPECT_EQ(cpu.gpr[10], kResponse | (1ull << 60) | 203);
    EXPECT_EQ(hpt().load(200, 0), 0u);
    EXPECT_EQ(hpt().load(201, 0), 0u);
    EXPECT_NE(hpt().load(202, 0), 0u);
    EXPECT_EQ(host.flushes, flushes + 1);
    // An end marker stops the list: what follows is not looked at.
    ASSERT_EQ(call(H_BULK_REMOVE, {kEnd, 0, kRequest | 202, 0, 0, 0, 0, 0}), H_SUCCESS);
    EXPECT_NE(hpt().load(202, 0), 0u);
    // ANDCOND and AVPN together, a PTEX beyond the table: parameter code and H_PARAMETER.
    EXPECT_EQ(call(H_BULK_REMOVE, {kRequest | kFlagAndcond | kFlagAvpn | 202, 0, kEnd, 0, 0, 0,
                                   0, 0}),
              H_PARAMETER);
    EXPECT_EQ(cpu.gpr[4], kResponse | (2ull << 60) | kFlagAndcond | kFlagAvpn | 202);
    EXPECT_EQ(call(H_BULK_REMOVE, {kRequest | 0x00ffffffffffffffull, 0, kEnd, 0, 0, 0, 0, 0}),
              H_PARAMETER);
    EXPECT_EQ(cpu.gpr[4], kResponse | (2ull << 60) | 0x00ffffffffffffffull);
    // A response or empty type where a request belongs.
    EXPECT_EQ(call(H_BULK_REMOVE, {kResponse | 202, 0, kEnd, 0, 0, 0, 0, 0}), H_PARAMETER);
    EXPECT_EQ(call(H_BULK_REMOVE, {202, 0, kEnd, 0, 0, 0, 0, 0}), H_PARAMETER);
    EXPECT_NE(hpt().load(202, 0), 0u);
}

TEST_F(HptFixture, ClearReferenceAndChange) {
    const uint64_t r = r4k(0x4000) | kR | kC;
    ASSERT_EQ(call(H_ENTER, {kExact, 300, v4k(0x55), r}), H_SUCCESS);
    const int flushes = host.flushes;
    ASSERT_EQ(call(H_CLEAR_REF, {0, 300}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], r);
    EXPECT_EQ(hpt().load(300, 1), r & ~kR);
    ASSERT_EQ(call(H_CLEAR_MOD, {0, 300}), H_SUCCESS);
    EXPECT_EQ(cpu.gpr[4], r & ~kR);
    EXPECT_EQ(hpt().load(300, 1), r & ~(kR | kC));
    EXPECT_EQ(host.flushes, flushes + 2);
    EXPECT_EQ(call(H_CLEAR_REF, {0, 301}), H_NOT_FOUND);
    EXPECT_EQ(call(H_CLEAR_MOD, {0, 301}), H_NOT_FOUND);
    EXPECT_EQ(call(H_CLEAR_REF, {0, kEntries}), H_PARAMETER);
    EXPECT_EQ(call(H_CLEAR_MOD, {0, ~0ull}), H_PARAMETER);
}

// The entries H_ENTER makes are what the hash MMU translates through; H_PROTECT and H_REMOVE
// take effect.
TEST_F(HptFixture, MmuTranslatesThroughTheEntries) {
    cpu.model = find_cpu_by_name("POWER8");
    cpu.platform = Platform::Papr;
    cpu.mmu = &host.mmu_;
    const uint64_t msr = cpu.msr | msr::kIR | msr::kDR;
    // A fault delivers a DSI, which turns relocation off: every access starts from `msr`.
    auto translate = [&](uint64_t ea, AccessKind kind, uint64_t& pa) {
        cpu.msr = msr;
        return host.mmu_.translate(cpu, ea, kind, pa);
    };
    const uint64_t vsid = 0x123456;
    // One 256 MB segment at EA 0x10000000 with 4K base pages, one at 0x20000000 with 64K.
    cpu.slb[0] = {0x10000000 | ibit(36), vsid << 12};
    cpu.slb[1] = {0x20000000 | ibit(36), ((vsid + 1) << 12) | ibit(55) | 0x10};
    struct Case {
        uint64_t ea, vsid, pa;
        unsigned shift;
    };
    for (const Case& c : {Case{0x10003000, vsid, 0x5000, 12}, Case{0x20030000, vsid + 1, 0x40000, 16}}) {
        const uint64_t off = c.ea & 0x0fffffff;
        const uint64_t hash = (c.vsid & 0x7fffffffffull) ^ (off >> c.shift);
        const uint64_t pteg = hash & ((1ull << (kShift - 7)) - 1);
        // AVPN: VA bits 0:54 (VA = VSID || segment offset), i.e. VA >> 23, placed at bit 56.
        const uint64_t va = (c.vsid << 28) | off;
        const uint64_t pteh = ((va >> 23) << 7) | (c.shift > 12 ? kL : 0) | kV;
        const uint64_t ptel = c.pa | (c.shift == 16 ? 0x1000 : 0) | kM | 2;
        ASSERT_EQ(call(H_ENTER, {0, pteg * 8, pteh, ptel}), H_SUCCESS);
        const uint64_t ptex = cpu.gpr[4];
        uint64_t pa = 0;
        const uint64_t within = (1ull << c.shift) - 0x10;
        ASSERT_TRUE(translate(c.ea + within, AccessKind::Store, pa)) << c.ea;
        EXPECT_EQ(pa, c.pa + within);
        EXPECT_EQ(hpt().load(ptex, 1), ptel | kR | kC) << "R and C recorded";
        // Read-only (pp=3): loads still work, stores take a protection DSI.
        ASSERT_EQ(call(H_PROTECT, {3, ptex, 0}), H_SUCCESS);
        ASSERT_TRUE(translate(c.ea, AccessKind::Load, pa));
        EXPECT_FALSE(translate(c.ea, AccessKind::Store, pa));
        EXPECT_EQ(cpu.spr[sprn::kDSISR], 0x08000000u | 0x02000000u) << "protection, store";
        ASSERT_EQ(call(H_REMOVE, {0, ptex, 0}), H_SUCCESS);
        EXPECT_FALSE(translate(c.ea, AccessKind::Load, pa));
        EXPECT_EQ(cpu.spr[sprn::kDSISR], 0x40000000u) << "no translation";
        EXPECT_EQ(cpu.spr[sprn::kDAR], c.ea);
    }
}

}  // namespace
}  // namespace ppcvm

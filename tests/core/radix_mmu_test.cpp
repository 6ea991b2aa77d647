// The radix MMU: partition table, process table and radix trees laid out by hand in guest
// memory following Power ISA 3.1 Book III chapter 6 (indices computed here independently).
#include "core/mmu/radix_mmu.hpp"

#include <gtest/gtest.h>

#include "core/semantics/semantics.hpp"
#include "mmu_test_util.hpp"

namespace ppcvm {
namespace {

using test::ibit;
using test::MmuMachine;

constexpr uint64_t kV = ibit(0), kL = ibit(1);
constexpr uint64_t kR = ibit(55), kC = ibit(56);
constexpr uint64_t kPriv = ibit(60), kRead = ibit(61), kRW = ibit(62), kX = ibit(63);
constexpr uint64_t kPatb = 0x10000;  // partition table, PATS 0: 4 KiB = 256 LPIDs
constexpr uint64_t kHR = ibit(0);

// Root word for a 52-bit tree (RTS = 52 - 31 = 21 = 0b10 101) with a 2^13-entry root.
uint64_t root_word(uint64_t root) { return (2ull << 61) | root | (5ull << 5) | 13; }

// Builds a 52-bit radix tree with Linux's geometry: 13 / 9 / 9 / 9 (4K) or 5 (64K) bits.
// Table addresses are in the tree's own real space; `host_offset` is where that space lies
// in ppcvm's memory (non-zero for a guest's tables behind partition-scoped translation).
struct RadixTree {
    RadixTree(MmuMachine& m, uint64_t& next_free, uint64_t host_offset = 0)
        : m(m), next(next_free), host_offset(host_offset) {
        root = alloc(13);
    }
    uint64_t alloc(unsigned nls) {
        const uint64_t size = 8ull << nls;
        next = (next + size - 1) & ~(size - 1);
        const uint64_t at = next;
        next += size;
        return at;
    }
    uint64_t read(uint64_t a) { return m.read64(a + host_offset); }
    void write(uint64_t a, uint64_t v) { m.write64(a + host_offset, v); }
    // Directory entry at `entry`, creating the next level of 2^nls entries if needed.
    uint64_t descend(uint64_t entry, unsigned nls) {
        uint64_t e = read(entry);
        if (!(e & kV)) {
            e = kV | alloc(nls) | nls;
            write(entry, e);
        }
        return e & 0x0fffffffffffff00ull;
    }
    // Map `addr` (EA without quadrant, or guest real) to `pa` with a leaf of 2^shift bytes.
    // Returns the PTE's address in the tree's real space.
    uint64_t map(uint64_t addr, uint64_t pa, unsigned shift, uint64_t flags) {
        uint64_t dir = root;
        uint64_t entry = dir + ((addr >> 39) & 0x1fff) * 8;
        dir = descend(entry, 9);
        entry = dir + ((addr >> 30) & 0x1ff) * 8;
        if (shift != 30) {
            dir = descend(entry, 9);
            entry = dir + ((addr >> 21) & 0x1ff) * 8;
            if (shift != 21) {
                const unsigned nls = shift == 16 ? 5 : 9;
                dir = descend(entry, nls);
                entry = dir + ((addr >> shift) & ((1ull << nls) - 1)) * 8;
            }
        }
        write(entry, kV | kL | (pa & ~((1ull << shift) - 1)) | flags);
        return entry;
    }
    MmuMachine& m;
    uint64_t& next;
    uint64_t host_offset;
    uint64_t root;
};

struct RadixSetup {
    explicit RadixSetup(Platform platform = Platform::BareMetal) : m("POWER9", platform) {
        auto& s = m.state();
        s.spr[sprn::kPTCR] = kPatb;
        s.spr[sprn::kLPCR] = ibit(43) | ibit(41);  // HR, UPRT
        s.msr |= msr::kLE;
    }
    // Host process table for LPID 0 at prtb, 256 PIDs; each PID gets a tree on demand.
    void host_tables() {
        m.write64(kPatb, kHR);
        m.write64(kPatb + 8, kPrtb);  // PRTS 0
    }
    RadixTree& process(uint64_t pid, uint64_t prtb = kPrtb) {
        trees.push_back(std::make_unique<RadixTree>(m, next));
        m.write64(prtb + pid * 16, root_word(trees.back()->root));
        return *trees.back();
    }
    void relocate() { m.state().msr |= msr::kIR | msr::kDR; }

    static constexpr uint64_t kPrtb = 0x20000;
    MmuMachine m;
    uint64_t next = 0x100000;
    std::vector<std::unique_ptr<RadixTree>> trees;
};

constexpr uint64_t kKernel = 0xc000000000000000ull;  // quadrant 3

TEST(RadixMmu, EveryLeafSizeInTheHostKernelQuadrant) {
    struct Case {
        unsigned shift;
        uint64_t ea, pa;
    };
    const Case cases[] = {
        {12, kKernel | 0x12345678, 0x0034'5000},
        {16, kKernel | 0x12345678, 0x0036'0000},
        {21, kKernel | 0x12345678, 0x0060'0000},
        {30, kKernel | 0x52345678, 0x4000'0000},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.shift);
        RadixSetup r;
        r.host_tables();
        RadixTree& t = r.process(0);
        t.map(c.ea & 0x3fffffffffffffffull, c.pa, c.shift, kR | kC | kPriv | kRW | kX);
        r.relocate();
        const uint64_t expect = c.pa | (c.ea & ((1ull << c.shift) - 1));
        uint64_t pa;
        for (AccessKind k : {AccessKind::Load, AccessKind::Store, AccessKind::Fetch}) {
            ASSERT_TRUE(r.m.xlate(c.ea, k, pa));
            EXPECT_EQ(pa, expect);
        }
    }
}

TEST(RadixMmu, MissingReferenceOrChangeBitIsAStorageInterrupt) {
    RadixSetup r;
    r.host_tables();
    RadixTree& t = r.process(0);
    t.map(0x1000, 0x5000, 12, kPriv | kRW | kX);  // R=0, C=0
    t.map(0x2000, 0x6000, 12, kR | kPriv | kRW);  // C=0
    auto& s = r.m.state();
    uint64_t pa;
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | 0x1008, AccessKind::Load, pa));
    EXPECT_EQ(s.nia, vector::kDataStorage);
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x00040000u);
    EXPECT_EQ(s.spr[sprn::kDAR], kKernel | 0x1008);
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | 0x1000, AccessKind::Fetch, pa));
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(45));
    r.relocate();
    EXPECT_TRUE(r.m.xlate(kKernel | 0x2000, AccessKind::Load, pa));
    EXPECT_FALSE(r.m.xlate(kKernel | 0x2010, AccessKind::Store, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x02040000u);
    EXPECT_EQ(r.m.read64(0x100000), r.m.read64(0x100000)) << "tables untouched";
}

TEST(RadixMmu, UserQuadrantPermissions) {
    RadixSetup r;
    r.host_tables();
    auto& s = r.m.state();
    s.spr[sprn::kPIDR] = 5;
    RadixTree& user = r.process(5);
    user.map(0x10000, 0x7000, 12, kR | kC | kRW);             // user data
    user.map(0x11000, 0x8000, 12, kR | kC | kRead | kX);      // user text, read-only
    user.map(0x12000, 0x9000, 12, kR | kC | kPriv | kRW | kX);  // privileged page
    uint64_t pa;
    auto as_user = [&] {
        r.relocate();
        s.msr |= msr::kPR;
    };
    as_user();
    EXPECT_TRUE(r.m.xlate(0x10010, AccessKind::Store, pa));
    EXPECT_EQ(pa, 0x7010u);
    EXPECT_TRUE(r.m.xlate(0x11000, AccessKind::Fetch, pa));
    EXPECT_FALSE(r.m.xlate(0x11000, AccessKind::Store, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x0a000000u);
    as_user();
    EXPECT_FALSE(r.m.xlate(0x10000, AccessKind::Fetch, pa)) << "no X";
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(35));
    as_user();
    EXPECT_FALSE(r.m.xlate(0x12000, AccessKind::Load, pa)) << "privileged page";
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x08000000u);
    // Privileged state reaches user pages in quadrant 0 unless AMR/IAMR key 0 forbid it.
    r.relocate();
    EXPECT_TRUE(r.m.xlate(0x10000, AccessKind::Load, pa));
    s.spr[sprn::kAMR] = ibit(1);  // key 0 read disable (Linux KUAP)
    tlb_flush_all(s);
    EXPECT_FALSE(r.m.xlate(0x10000, AccessKind::Load, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x08000000u);
    r.relocate();
    EXPECT_TRUE(r.m.xlate(0x10000, AccessKind::Store, pa)) << "store needs AMR bit 0";
    s.spr[sprn::kIAMR] = ibit(1);  // Linux KUEP
    tlb_flush_all(s);
    EXPECT_FALSE(r.m.xlate(0x11000, AccessKind::Fetch, pa));
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(36));
}

TEST(RadixMmu, QuadrantsAndTreeRangeGiveSegmentInterrupts) {
    RadixSetup r;
    r.host_tables();
    r.process(0);
    auto& s = r.m.state();
    uint64_t pa;
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | (1ull << 52), AccessKind::Load, pa)) << "beyond 2^52";
    EXPECT_EQ(s.nia, vector::kDataSegment);
    EXPECT_EQ(s.spr[sprn::kDAR], kKernel | (1ull << 52));
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | 0x5000, AccessKind::Load, pa)) << "not mapped";
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    // A guest (MSR[HV]=0) may not use quadrants 1 and 2.
    r.relocate();
    s.msr &= ~msr::kHV;
    EXPECT_FALSE(r.m.xlate(0x4000000000001000ull, AccessKind::Store, pa));
    EXPECT_EQ(s.nia, vector::kDataSegment);
    r.relocate();
    s.msr &= ~msr::kHV;
    EXPECT_FALSE(r.m.xlate(0x8000000000001000ull, AccessKind::Fetch, pa));
    EXPECT_EQ(s.nia, vector::kInstructionSegment);
}

TEST(RadixMmu, TableConfigurationFaults) {
    RadixSetup r;
    r.host_tables();
    RadixTree& t = r.process(0);
    auto& s = r.m.state();
    uint64_t pa;
    s.spr[sprn::kPIDR] = 300;  // beyond the 256-entry process table
    r.relocate();
    EXPECT_FALSE(r.m.xlate(0x1000, AccessKind::Load, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    // A directory entry with NLS < 5 is an unsupported configuration.
    r.m.write64(t.root, kV | 0x200000 | 4);
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | 0x1000, AccessKind::Load, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x00080000u);
}

TEST(RadixMmu, PaprGuestProcessTableRegisteredByTheHypervisor) {
    RadixSetup r(Platform::Papr);
    auto& s = r.m.state();
    EXPECT_FALSE(s.msr & msr::kHV);
    s.spr[sprn::kPTCR] = 0;  // the guest has no partition table of its own
    s.spr[sprn::kLPIDR] = 7;
    r.m.mmu.radix().set_guest_process_table(RadixSetup::kPrtb, 0);
    EXPECT_TRUE(r.m.mmu.radix_active(s));
    RadixTree& t = r.process(0);
    t.map(0x3000, 0x9000, 12, kR | kC | kPriv | kRW);
    r.relocate();
    uint64_t pa;
    ASSERT_TRUE(r.m.xlate(kKernel | 0x3abc, AccessKind::Store, pa));
    EXPECT_EQ(pa, 0x9abcu);
}

// A bare-metal guest (LPID 1) whose guest real addresses go through a partition-scoped tree
// owned by the (emulated) hypervisor: guest RA 0-2M -> host 16M-18M.
TEST(RadixMmu, BareMetalGuestGoesThroughPartitionScopedTranslation) {
    RadixSetup r;
    auto& s = r.m.state();
    constexpr uint64_t kGuestBase = 0x1000000;
    RadixTree partition(r.m, r.next);
    partition.map(0, kGuestBase, 21, kR | kC | kRW | kX);
    uint64_t guest_next = 0x40000;  // guest-real allocator for the guest's own tables
    RadixTree guest(r.m, guest_next, kGuestBase);
    guest.map(0x4000, 0x100000, 12, kR | kC | kPriv | kRW);
    guest.map(0x5000, 0x400000, 12, kR | kC | kPriv | kRW);  // guest RA outside the 2M
    constexpr uint64_t kGuestPrtb = 0x20000;                  // guest real
    r.m.write64(kGuestBase + kGuestPrtb, root_word(guest.root));
    r.m.write64(kPatb + 16, kHR | root_word(partition.root));
    r.m.write64(kPatb + 24, kGuestPrtb);
    s.spr[sprn::kLPIDR] = 1;
    s.msr &= ~msr::kHV;
    uint64_t pa;
    r.relocate();
    ASSERT_TRUE(r.m.xlate(kKernel | 0x4567, AccessKind::Load, pa));
    EXPECT_EQ(pa, kGuestBase + 0x100567);
    // Guest real mode is partition-scoped too.
    s.msr &= ~(msr::kIR | msr::kDR);
    ASSERT_TRUE(r.m.xlate(0x1234, AccessKind::Load, pa));
    EXPECT_EQ(pa, kGuestBase + 0x1234);
    // The guest's own PTE is fine but its guest real page is not mapped by the hypervisor.
    r.relocate();
    EXPECT_FALSE(r.m.xlate(kKernel | 0x5008, AccessKind::Store, pa));
    EXPECT_EQ(s.nia, vector::kHypervisorDataStorage);
    EXPECT_EQ(s.spr[sprn::kHDAR], kKernel | 0x5008);
    EXPECT_EQ(s.spr[sprn::kHDSISR], 0x42000000u);
    EXPECT_EQ(s.spr[sprn::kASDR], 0x400000u);
    EXPECT_TRUE(s.msr & msr::kHV);
    // The guest's process table itself lies in an unmapped guest real page: the HDSI says
    // the fault was on a table access (HDSISR bit 14).
    r.m.write64(kPatb + 24, 0x600000);
    r.relocate();
    s.msr &= ~msr::kHV;
    tlb_flush_all(s);
    EXPECT_FALSE(r.m.xlate(kKernel | 0x4567, AccessKind::Load, pa));
    EXPECT_EQ(s.nia, vector::kHypervisorDataStorage);
    EXPECT_EQ(s.spr[sprn::kHDSISR], 0x40020000u);
    EXPECT_EQ(s.spr[sprn::kASDR], 0x600000u);
}

TEST(RadixMmu, TlbieInvalidatesTheSoftTlb) {
    RadixSetup r;
    r.host_tables();
    RadixTree& t = r.process(0);
    const uint64_t pte = t.map(0x7000, 0xa000, 12, kR | kC | kPriv | kRW);
    auto& s = r.m.state();
    r.relocate();
    uint64_t pa;
    ASSERT_TRUE(r.m.xlate(kKernel | 0x7008, AccessKind::Load, pa));
    r.m.write64(pte, kV | kL | 0xb000 | kR | kC | kPriv | kRW);  // remap without tlbie
    ASSERT_TRUE(r.m.xlate(kKernel | 0x7008, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0xa008u) << "the old translation stays until invalidated";
    // tlbie rb=r10, rs=r11, RIC=0, PRS=1, R=1
    sem::tlbie(s, isa::Insn{0x7d605264 | (1u << (31 - 14)) | (1u << (31 - 15)), 0});
    ASSERT_TRUE(r.m.xlate(kKernel | 0x7008, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0xb008u);
    // A PID change (mtspr PIDR) flushes too.
    s.spr[sprn::kPIDR] = 1;
    mmu_spr_written(s, sprn::kPIDR);
    r.relocate();
    EXPECT_FALSE(r.m.xlate(0x7008, AccessKind::Load, pa)) << "PID 1 has no tree";
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x00080000u) << "PRTE of PID 1 is empty: RPDS 0";
}

TEST(RadixMmu, ExactEngineRunsTranslatedCode) {
    RadixSetup r;
    r.host_tables();
    RadixTree& t = r.process(0);
    t.map(0x10000, 0x8000, 12, kR | kC | kPriv | kRead | kX);  // text
    // 64K page, C=0 (its own PMD: a directory holds one page size)
    const uint64_t data = t.map(0x400000, 0x30000, 16, kR | kPriv | kRW);
    auto& s = r.m.state();
    // lwz r5,0(r4) ; addi r5,r5,1 ; stw r5,4(r4)
    r.m.code(0x8000, {0x80a40000, 0x38a50001, 0x90a40004});
    uint32_t v = 9;
    r.m.memory.write_bytes(0x30000, &v, 4);
    s.gpr[4] = kKernel | 0x400000;
    s.nia = kKernel | 0x10000;
    r.relocate();
    r.m.cpu->engine().run(3);
    EXPECT_EQ(s.gpr[5], 10u);
    EXPECT_EQ(s.nia, vector::kDataStorage) << "C=0: the store faults";
    EXPECT_EQ(s.spr[sprn::kSRR0], kKernel | 0x10008);
    EXPECT_EQ(s.spr[sprn::kDAR], kKernel | 0x400004);
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x02040000u);
    // The OS sets C and returns: the store completes.
    r.m.write64(data, r.m.read64(data) | kC);
    s.msr = s.spr[sprn::kSRR1];
    s.nia = s.spr[sprn::kSRR0];
    r.m.cpu->engine().run(1);
    r.m.memory.read_bytes(0x30004, &v, 4);
    EXPECT_EQ(v, 10u);
}

}  // namespace
}  // namespace ppcvm

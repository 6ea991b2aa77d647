// The hashed page table MMU: page tables laid out by hand in guest memory following the
// Power ISA 3.1 Book III chapter 5 formats (computed here independently of the MMU code).
#include "core/mmu/hash_mmu.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "core/semantics/semantics.hpp"
#include "mmu_test_util.hpp"

namespace ppcvm {
namespace {

using test::ibit;
using test::MmuMachine;

constexpr uint64_t kHtab = 0x100000;  // 256 KiB aligned; HTABSIZE 0 = 2048 PTEGs
constexpr uint64_t kSlbKs = ibit(52), kSlbKp = ibit(53), kSlbN = ibit(54), kSlbL = ibit(55);
constexpr uint64_t kPteR = ibit(55), kPteC = ibit(56), kPteG = ibit(60), kPteN = ibit(61);

// SLB L||LP for a base page size.
uint64_t slb_page_bits(unsigned base_shift) {
    switch (base_shift) {
        case 12: return 0;
        case 16: return kSlbL | 0x10;
        case 24: return kSlbL;
        case 34: return kSlbL | 0x20;
    }
    ADD_FAILURE() << "bad base page size";
    return 0;
}

// HPTE LP encodings of POWER7/8/9 (ibm,segment-page-sizes), (base, actual) -> LP.
uint64_t lp_bits(unsigned base, unsigned actual) {
    if (base == 12 && actual == 12) return 0;
    if (base == 12 && actual == 16) return 0x7;
    if (base == 12 && actual == 24) return 0x38;
    if (base == 16 && actual == 16) return 0x1;
    if (base == 16 && actual == 24) return 0x8;
    if (base == 24 && actual == 24) return 0;
    if (base == 34 && actual == 34) return 0x3;
    ADD_FAILURE() << "no encoding";
    return 0;
}

struct Page {
    uint64_t ea = 0;
    uint64_t vsid = 0;
    bool one_tb = false;
    unsigned base = 12, actual = 12;
    uint64_t pa = 0;         // page-aligned real address
    unsigned pp = 2;         // PP0||PP
    unsigned key = 0;        // storage key
    uint64_t pte1_extra = 0; // N, G, R, C...
    bool secondary = false;
    unsigned slot = 0;
};

struct HashSetup {
    explicit HashSetup(const char* cpu = "POWER8", Platform platform = Platform::BareMetal)
        : m(cpu, platform) {
        m.state().spr[sprn::kSDR1] = kHtab;  // HTABSIZE = 0
    }
    uint64_t htab = kHtab;
    uint64_t pteg_mask = 2047;
    bool isa3_format = false;

    void slb(unsigned index, const Page& p, uint64_t flags = 0) {
        const uint64_t esid_mask = p.one_tb ? 0xffffff0000000000ull : 0xfffffffff0000000ull;
        m.state().slb[index].esid = (p.ea & esid_mask) | ibit(36);
        m.state().slb[index].vsid = (p.one_tb ? 1ull << 62 : 0) |
                                    (p.vsid << (p.one_tb ? 24 : 12)) | slb_page_bits(p.base) |
                                    flags;
    }
    // Returns the real address of the HPTE.
    uint64_t map(const Page& p) {
        const unsigned seg_shift = p.one_tb ? 40 : 28;
        const uint64_t off = p.ea & ((1ull << seg_shift) - 1);
        uint64_t hash = p.one_tb ? p.vsid ^ (p.vsid << 25) ^ (off >> p.base)
                                 : (p.vsid & 0x7fffffffffull) ^ (off >> p.base);
        if (p.secondary) hash = ~hash;
        const uint64_t pte_addr = htab + ((hash & pteg_mask) << 7) + 16 * p.slot;
        const unsigned __int128 va = (static_cast<unsigned __int128>(p.vsid) << seg_shift) | off;
        uint64_t ava = static_cast<uint64_t>(va >> 23) & ((1ull << 55) - 1);
        if (p.actual > 23) ava &= ~((1ull << (p.actual - 23)) - 1);
        uint64_t pte0 = (p.one_tb ? 1ull << 62 : 0) | (ava << 7) | (p.actual > 12 ? 4 : 0) |
                        (p.secondary ? 2 : 0) | 1;
        uint64_t pte1 = (p.pa & ~((1ull << p.actual) - 1)) | (lp_bits(p.base, p.actual) << 12) |
                        (static_cast<uint64_t>(p.pp >> 2) << 63) | (p.pp & 3) |
                        (static_cast<uint64_t>((p.key >> 3) & 3) << 60) |
                        (static_cast<uint64_t>(p.key & 7) << 9) | p.pte1_extra;
        if (isa3_format) {  // ISA 3.0: B moves to doubleword 1 bits 4:5
            pte1 |= (pte0 >> 62) << 58;
            pte0 &= 0x000fffffffffffffull;
        }
        m.write64(pte_addr, pte0);
        m.write64(pte_addr + 8, pte1);
        return pte_addr;
    }
    void relocate() { m.state().msr |= msr::kIR | msr::kDR; }

    MmuMachine m;
};

struct SizeCase {
    bool one_tb;
    unsigned base, actual;
    uint64_t ea, pa;
};

TEST(HashMmu, TranslatesEveryPageSizeInBothSegmentSizes) {
    const SizeCase cases[] = {
        {false, 12, 12, 0x0000000012345678ull, 0x0034'5000},
        {false, 16, 16, 0x0000000012345678ull, 0x0035'0000},
        {false, 12, 16, 0x00000000123c5678ull, 0x0036'0000},  // MPSS: 64K page, 4K base
        {false, 24, 24, 0x0000000012345678ull, 0x0200'0000},
        {false, 12, 24, 0x0000000012345678ull, 0x0300'0000},  // MPSS: 16M page, 4K base
        {false, 16, 24, 0x0000000012345678ull, 0x0100'0000},  // MPSS: 16M page, 64K base
        {true, 12, 12, 0x0000123456789abcull, 0x0012'3000},
        {true, 24, 24, 0x0000123456789abcull, 0x0100'0000},
        {true, 34, 34, 0x0000123456789abcull, 0x4'0000'0000ull},  // 16G page at 16G
    };
    for (const SizeCase& c : cases) {
        SCOPED_TRACE(testing::Message() << "1T=" << c.one_tb << " base=" << c.base
                                        << " actual=" << c.actual);
        HashSetup h;
        Page p;
        p.ea = c.ea;
        p.vsid = 0x1234567;
        p.one_tb = c.one_tb;
        p.base = c.base;
        p.actual = c.actual;
        p.pa = c.pa;
        p.slot = 3;
        h.slb(5, p);
        const uint64_t pte = h.map(p);
        h.relocate();
        uint64_t pa = 0;
        const uint64_t expect = c.pa | (c.ea & ((1ull << c.actual) - 1));
        ASSERT_TRUE(h.m.xlate(c.ea, AccessKind::Load, pa));
        EXPECT_EQ(pa, expect);
        EXPECT_TRUE(h.m.read64(pte + 8) & kPteR);
        EXPECT_FALSE(h.m.read64(pte + 8) & kPteC) << "a load must not set C";
        ASSERT_TRUE(h.m.xlate(c.ea + 8, AccessKind::Store, pa));
        EXPECT_EQ(pa, expect + 8);
        EXPECT_TRUE(h.m.read64(pte + 8) & kPteC) << "a store sets C";
        ASSERT_TRUE(h.m.xlate(c.ea, AccessKind::Fetch, pa));
        EXPECT_EQ(pa, expect);
    }
}

TEST(HashMmu, SecondaryHashAndAvpnMismatch) {
    HashSetup h;
    Page p;
    p.ea = 0x30001000;
    p.vsid = 0x777;
    p.pa = 0x5000;
    p.secondary = true;
    p.slot = 7;
    h.slb(0, p);
    h.map(p);
    // Another VSID's HPTE in the primary PTEG at the same hash bucket must not match.
    Page other = p;
    other.secondary = false;
    other.slot = 0;
    other.pa = 0x6000;
    other.vsid = p.vsid ^ (1ull << 45);  // same low 39 bits: same hash, different AVPN
    h.map(other);
    h.relocate();
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x30001234, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x5234u);
}

TEST(HashMmu, SegmentMissesRaiseSegmentInterrupts) {
    HashSetup h;
    h.relocate();
    uint64_t pa;
    auto& s = h.m.state();
    EXPECT_FALSE(h.m.xlate(0x40000010, AccessKind::Store, pa));
    EXPECT_EQ(s.nia, vector::kDataSegment);
    EXPECT_EQ(s.spr[sprn::kDAR], 0x40000010u);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x700u);
    h.relocate();
    EXPECT_FALSE(h.m.xlate(0x40000020, AccessKind::Fetch, pa));
    EXPECT_EQ(s.nia, vector::kInstructionSegment);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x40000020u);
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, 0u) << "no cause bits";
    EXPECT_TRUE(s.spr[sprn::kSRR1] & msr::kIR) << "SRR1 holds the old MSR";
    EXPECT_FALSE(s.msr & msr::kIR) << "interrupts run untranslated";
}

TEST(HashMmu, MissingHpteIsDsiOrIsiWithExactBits) {
    HashSetup h;
    Page p;
    p.ea = 0x10000000;
    p.vsid = 0x42;
    h.slb(1, p);
    h.relocate();
    auto& s = h.m.state();
    uint64_t pa;
    EXPECT_FALSE(h.m.xlate(0x10002008, AccessKind::Load, pa));
    EXPECT_EQ(s.nia, vector::kDataStorage);
    EXPECT_EQ(s.spr[sprn::kDAR], 0x10002008u);
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    h.relocate();
    EXPECT_FALSE(h.m.xlate(0x10002008, AccessKind::Store, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x42000000u);
    h.relocate();
    EXPECT_FALSE(h.m.xlate(0x10003000, AccessKind::Fetch, pa));
    EXPECT_EQ(s.nia, vector::kInstructionStorage);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x10003000u);
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(33));
}

TEST(HashMmu, PpProtectionTableWithKsAndKp) {
    struct Case {
        bool pr;
        unsigned pp;
        bool read, write;
    };
    // Kp = 1 (problem state key 1), Ks = 0 (privileged key 0): Book III 5.7.9.1.
    const Case cases[] = {
        {false, 0, true, true},  {false, 1, true, true},  {false, 2, true, true},
        {false, 3, true, false}, {false, 6, true, false}, {true, 0, false, false},
        {true, 1, true, false},  {true, 2, true, true},   {true, 3, true, false},
        {true, 6, false, false},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(testing::Message() << "PR=" << c.pr << " pp=" << c.pp);
        HashSetup h;
        Page p;
        p.ea = 0x20000000;
        p.vsid = 0x99;
        p.pa = 0x7000;
        p.pp = c.pp;
        h.slb(2, p, kSlbKp);
        h.map(p);
        auto& s = h.m.state();
        auto arm = [&] {
            h.relocate();
            if (c.pr) s.msr |= msr::kPR;
        };
        uint64_t pa;
        arm();
        EXPECT_EQ(h.m.xlate(0x20000100, AccessKind::Load, pa), c.read);
        if (!c.read) {
            EXPECT_EQ(s.nia, vector::kDataStorage);
            EXPECT_EQ(s.spr[sprn::kDSISR], 0x08000000u);
            EXPECT_EQ(s.spr[sprn::kDAR], 0x20000100u);
        }
        arm();
        EXPECT_EQ(h.m.xlate(0x20000200, AccessKind::Store, pa), c.write);
        if (!c.write) {
            EXPECT_EQ(s.spr[sprn::kDSISR], 0x0a000000u);
        }
        arm();
        EXPECT_EQ(h.m.xlate(0x20000300, AccessKind::Fetch, pa), c.read);
        if (!c.read) {
            EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(36));
        }
    }
}

TEST(HashMmu, NoExecuteAndGuardedStopFetchesOnly) {
    for (int variant = 0; variant < 3; ++variant) {
        HashSetup h;
        Page p;
        p.ea = 0x50000000;
        p.vsid = 0x55;
        p.pa = 0x8000;
        p.pte1_extra = variant == 0 ? kPteN : variant == 1 ? kPteG : 0;
        h.slb(0, p, variant == 2 ? kSlbN : 0);
        h.map(p);
        h.relocate();
        uint64_t pa;
        EXPECT_TRUE(h.m.xlate(0x50000010, AccessKind::Load, pa));
        EXPECT_FALSE(h.m.xlate(0x50000010, AccessKind::Fetch, pa)) << variant;
        EXPECT_EQ(h.m.state().nia, vector::kInstructionStorage);
        EXPECT_EQ(h.m.state().spr[sprn::kSRR1] & 0x783f0000ull, ibit(35));
    }
}

TEST(HashMmu, StorageKeysThroughAmrAndIamr) {
    for (unsigned key : {5u, 20u}) {
        SCOPED_TRACE(key);
        HashSetup h;
        Page p;
        p.ea = 0x60000000;
        p.vsid = 0x66;
        p.pa = 0x9000;
        p.key = key;
        h.slb(0, p);
        h.map(p);
        auto& s = h.m.state();
        uint64_t pa;
        // Key n owns AMR/IAMR bits 2n (store / -) and 2n+1 (load / fetch).
        s.spr[sprn::kAMR] = ibit(2 * key + 1);
        h.relocate();
        EXPECT_FALSE(h.m.xlate(0x60000000, AccessKind::Load, pa));
        EXPECT_EQ(s.spr[sprn::kDSISR], 0x00200000u);
        h.relocate();
        EXPECT_TRUE(h.m.xlate(0x60000000, AccessKind::Store, pa));
        s.spr[sprn::kAMR] = ibit(2 * key);
        tlb_flush_all(s);  // what mtspr AMR does
        EXPECT_TRUE(h.m.xlate(0x60000000, AccessKind::Load, pa));
        EXPECT_FALSE(h.m.xlate(0x60000000, AccessKind::Store, pa));
        EXPECT_EQ(s.spr[sprn::kDSISR], 0x02200000u);
        // Another key's bits do not matter.
        s.spr[sprn::kAMR] = ~(ibit(2 * key) | ibit(2 * key + 1));
        tlb_flush_all(s);
        h.relocate();
        EXPECT_TRUE(h.m.xlate(0x60000008, AccessKind::Store, pa));
        s.spr[sprn::kIAMR] = ibit(2 * key + 1);
        tlb_flush_all(s);
        EXPECT_FALSE(h.m.xlate(0x60000000, AccessKind::Fetch, pa));
        EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(42));
    }
}

TEST(HashMmu, SoftTlbServesHitsUntilTlbieOrSlbie) {
    HashSetup h;
    Page p;
    p.ea = 0x70000000;
    p.vsid = 0x77;
    p.pa = 0xa000;
    h.slb(0, p);
    const uint64_t pte = h.map(p);
    h.relocate();
    auto& s = h.m.state();
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x70000004, AccessKind::Load, pa));
    const uint64_t misses = s.tlb.misses;
    ASSERT_TRUE(h.m.xlate(0x70000008, AccessKind::Load, pa));
    EXPECT_EQ(s.tlb.misses, misses) << "second access to the page is a TLB hit";
    EXPECT_EQ(pa, 0xa008u);
    // The OS invalidates the HPTE: the old translation may be used until tlbie.
    h.m.write64(pte, 0);
    ASSERT_TRUE(h.m.xlate(0x7000000c, AccessKind::Load, pa));
    const uint64_t epoch = s.translation_epoch;
    sem::tlbie(s, isa::Insn{0x7d605264, 0});  // tlbie r10,r11 (in hypervisor state)
    EXPECT_GT(s.translation_epoch, epoch);
    EXPECT_FALSE(h.m.xlate(0x70000004, AccessKind::Load, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    // slbie drops the segment and its cached translations.
    h.map(p);
    h.relocate();
    ASSERT_TRUE(h.m.xlate(0x70000004, AccessKind::Load, pa));
    s.gpr[7] = 0x70000000;  // ESID 7, B=0
    sem::slbie(s, isa::Insn{0x7c003b64, 0});  // slbie r7
    EXPECT_FALSE(h.m.xlate(0x70000004, AccessKind::Load, pa));
    EXPECT_EQ(s.nia, vector::kDataSegment);
}

TEST(HashMmu, TlbieIsHypervisorPrivilegedBeforeGtse) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr &= ~msr::kHV;
    s.cia = 0x1000;
    EXPECT_EQ(sem::tlbie(s, isa::Insn{0x7d605264, 0}), isa::ExecStatus::Interrupt);
    EXPECT_EQ(s.nia, vector::kHypervisorEmulationAssistance);
    s.msr &= ~msr::kHV;
    s.spr[sprn::kLPCR] |= ibit(53);  // GTSE
    EXPECT_EQ(sem::tlbie(s, isa::Insn{0x7d605264, 0}), isa::ExecStatus::Continue);
    // tlbiel is privileged from ISA 3.0, hypervisor privileged before.
    EXPECT_EQ(sem::tlbiel(s, isa::Insn{0x7c005224, 0}), isa::ExecStatus::Continue);
    HashSetup p8("POWER8", Platform::BareMetal);
    auto& s8 = p8.m.state();
    s8.msr &= ~msr::kHV;
    s8.cia = 0x1000;
    EXPECT_EQ(sem::tlbiel(s8, isa::Insn{0x7c005224, 0}), isa::ExecStatus::Interrupt);
    EXPECT_EQ(s8.nia, vector::kHypervisorEmulationAssistance);
}

TEST(HashMmu, Isa3PartitionTableAndNewHpteFormat) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.spr[sprn::kSDR1] = 0;  // ignored on ISA 3.0
    constexpr uint64_t kPatb = 0x20000;
    s.spr[sprn::kPTCR] = kPatb;  // PATS 0: 4 KiB, 256 entries
    s.spr[sprn::kLPIDR] = 0;
    h.m.write64(kPatb, kHtab);   // PATE[0] dw0: HR=0, HTABORG, HTABSIZE 0
    h.isa3_format = true;
    Page p;
    p.ea = 0x0000123456789000ull;
    p.vsid = 0x3456;
    p.one_tb = true;
    p.pa = 0xb000;
    h.slb(0, p);
    const uint64_t pte = h.map(p);
    EXPECT_EQ(h.m.read64(pte + 8) >> 58 & 3, 1u) << "B lives in doubleword 1";
    h.relocate();
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x0000123456789abcull, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0xbabcu);
}

TEST(HashMmu, PaprHypervisorOwnedHpt) {
    HashSetup h("POWER9", Platform::Papr);
    auto& s = h.m.state();
    EXPECT_FALSE(s.msr & msr::kHV);
    h.htab = 0x400000;
    h.pteg_mask = (0x80000 / 128) - 1;  // 512 KiB
    Page p;
    p.ea = 0xc000000000010000ull;
    p.vsid = 0x1234;
    p.base = p.actual = 16;
    p.pa = 0x20000;
    h.slb(0, p);
    h.map(p);  // 2.07 format even on POWER9: the guest's own H_ENTER format
    h.relocate();
    uint64_t pa;
    // Before the machine hands over the HPT (and whatever PTCR/SDR1 say) nothing translates.
    s.spr[sprn::kPTCR] = 0x20000;
    h.m.write64(0x20000, 0x400000);
    EXPECT_FALSE(h.m.xlate(0xc000000000012345ull, AccessKind::Load, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    h.m.mmu.hash().set_hypervisor_hpt(h.m.memory.ram() + 0x400000, 0x80000);
    h.relocate();
    ASSERT_TRUE(h.m.xlate(0xc000000000012345ull, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x22345u);
    // Real mode under PAPR: guest real = EA bits 4:63, no MMU involved.
    s.msr &= ~(msr::kIR | msr::kDR);
    ASSERT_TRUE(h.m.xlate(0xc000000000012345ull, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x12345u);
}

TEST(HashMmu, VrmaRealModeForBareMetalGuestFaultsToHypervisor) {
    HashSetup h("POWER8", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr &= ~msr::kHV;  // a guest of a bare-metal hypervisor, relocation off
    s.spr[sprn::kLPCR] = ibit(0) | (0x10ull << (63 - 16));  // VPM0, VRMASD = L=1 LP=00: 16M
    Page p;
    p.ea = 0;
    p.vsid = 0x1ffffff;
    p.one_tb = true;
    p.base = p.actual = 24;
    p.pa = 0x2000000;
    h.map(p);
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x1234, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x2001234u);
    ASSERT_TRUE(h.m.xlate(0x1234, AccessKind::Fetch, pa));
    EXPECT_FALSE(h.m.xlate(0x1000000, AccessKind::Load, pa)) << "second 16M page unmapped";
    EXPECT_EQ(s.nia, vector::kHypervisorDataStorage);
    EXPECT_EQ(s.spr[sprn::kHDAR], 0x1000000u);
    EXPECT_EQ(s.spr[sprn::kHDSISR], 0x40000000u);
    EXPECT_EQ(s.spr[sprn::kASDR], (1ull << 62) | (0x1ffffffull << 24) | kSlbL)
        << "ASDR holds the VRMA segment's SLB VSID image";
    EXPECT_TRUE(s.msr & msr::kHV);
}

TEST(HashMmu, Isa3VrmaTakesItsPageSizeFromThePartitionTable) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr &= ~msr::kHV;
    constexpr uint64_t kPatb = 0x20000;
    s.spr[sprn::kPTCR] = kPatb;
    s.spr[sprn::kLPIDR] = 1;
    h.m.write64(kPatb + 16, kHtab | (0b101ull << 5));  // PS = L||LP = 1||01: 64K
    h.isa3_format = true;
    Page p;
    p.ea = 0x30000;
    p.vsid = 0x1ffffff;
    p.one_tb = true;
    p.base = p.actual = 16;
    p.pa = 0x70000;
    p.key = 3;
    h.map(p);
    s.spr[sprn::kAMR] = ~0ull;  // VRMA accesses ignore storage keys
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x31234, AccessKind::Store, pa));
    EXPECT_EQ(pa, 0x71234u);
}

TEST(HashMmu, RmoModeChecksRmlsAndAddsRmor) {
    HashSetup h("POWER7", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr &= ~msr::kHV;
    s.spr[sprn::kLPCR] = 8ull << (63 - 37);  // VPM0=0, RMLS=8: 32 MiB
    s.spr[sprn::kRMOR] = 0x4000000;
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x123458, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x4123458u);
    EXPECT_FALSE(h.m.xlate(0x2000000, AccessKind::Store, pa));
    EXPECT_EQ(s.nia, vector::kDataStorage);
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x0a000000u);
}

TEST(HashMmu, HypervisorRealModeAddsHrmorBelowEaBit0) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.spr[sprn::kHRMOR] = 0x1000000;
    uint64_t pa;
    ASSERT_TRUE(h.m.xlate(0x1234, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x1001234u);
    ASSERT_TRUE(h.m.xlate(0x8000000000001234ull, AccessKind::Load, pa));
    EXPECT_EQ(pa, 0x1234u);
}

TEST(HashMmu, NoExecuteSegmentFaultsWithoutAnHpteAndCausesCombine) {
    HashSetup h;
    auto& s = h.m.state();
    Page p;
    p.ea = 0x50000000;
    p.vsid = 0x55;
    h.slb(0, p, kSlbN);  // no HPTE at all
    h.relocate();
    uint64_t pa;
    EXPECT_FALSE(h.m.xlate(0x50000000, AccessKind::Fetch, pa));
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(35));
    // Guarded page with an IAMR-protected key: both causes are reported.
    Page q;
    q.ea = 0x60000000;
    q.vsid = 0x66;
    q.pa = 0x9000;
    q.key = 1;
    q.pte1_extra = kPteG;
    h.slb(1, q);
    h.map(q);
    s.spr[sprn::kIAMR] = ibit(3);
    h.relocate();
    EXPECT_FALSE(h.m.xlate(0x60000000, AccessKind::Fetch, pa));
    EXPECT_EQ(s.spr[sprn::kSRR1] & 0x783f0000ull, ibit(35) | ibit(42));
    // Data: PP and key causes together.
    q.ea = 0x70000000;
    q.vsid = 0x77;
    q.pp = 3;
    q.pte1_extra = 0;
    h.slb(2, q);
    h.map(q);
    s.spr[sprn::kAMR] = ibit(2);  // key 1 store disable
    h.relocate();
    EXPECT_FALSE(h.m.xlate(0x70000000, AccessKind::Store, pa));
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x0a200000u);
}

TEST(HashMmu, SlbInstructionsThroughTheEngine) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr |= msr::kLE;
    // slbmte r3,r4 ; slbmfee r5,r6 ; slbmfev r7,r6 ; slbfee. r8,r9 ; slbia 0 ; slbfee. r10,r9
    h.m.code(0x1000, {0x7c602324, 0x7ca03726, 0x7ce036a6, 0x7d004fa7, 0x7c0003e4, 0x7d404fa7});
    s.nia = 0x1000;
    s.gpr[3] = (1ull << 62) | (0x3456ull << 24) | kSlbKp | kSlbL;  // 1T, VSID, Kp, 16M pages
    s.gpr[4] = 0x0000120000000000ull | ibit(36) | 9;                 // ESID 0x12, V, entry 9
    s.gpr[6] = 9;
    s.gpr[9] = 0x0000123456789000ull;
    h.m.cpu->engine().run(6);
    EXPECT_EQ(s.nia, 0x1018u);
    EXPECT_EQ(s.gpr[5], 0x0000120000000000ull | ibit(36));
    EXPECT_EQ(s.gpr[7], s.gpr[3]);
    EXPECT_EQ(s.gpr[8], s.gpr[3]) << "slbfee. finds the 1T segment";
    EXPECT_EQ(s.gpr[10], 0u) << "slbia removed it";
    EXPECT_EQ(s.cr_field(0), 0u);
}

TEST(HashMmu, SlbiaHintsFollowTheIsa) {
    struct Case {
        unsigned ih;
        bool keep0, keep_class0, keep_class1;
    };
    // Entry 0: class 0; entry 1: class 0; entry 2: class 1 (Book III 5.9.3.2 pseudocode; QEMU
    // reads IH=3/4 as "Class 0 entries", the ISA says Class 1 / all).
    const Case cases[] = {
        {0, true, false, false}, {3, true, true, false}, {4, false, false, false},
        {7, true, true, true},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.ih);
        HashSetup h("POWER9", Platform::BareMetal);
        auto& s = h.m.state();
        for (unsigned i = 0; i < 3; ++i) {
            s.slb[i].esid = (static_cast<uint64_t>(i) << 28) | ibit(36);
            s.slb[i].vsid = (i + 1) << 12 | (i == 2 ? ibit(56) : 0);
        }
        sem::slbia(s, isa::Insn{0x7c0003e4u | (c.ih << 21), 0});
        EXPECT_EQ((s.slb[0].esid & ibit(36)) != 0, c.keep0);
        EXPECT_EQ((s.slb[1].esid & ibit(36)) != 0, c.keep_class0);
        EXPECT_EQ((s.slb[2].esid & ibit(36)) != 0, c.keep_class1);
    }
}

// An end-to-end program with IR=DR=1: code and data through HPTEs, a store that sets C,
// a fault with exact SRR0/DAR, and invalidation through tlbie in the program itself.
TEST(HashMmu, ExactEngineRunsTranslatedCode) {
    HashSetup h("POWER8", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr |= msr::kLE;
    Page code;
    code.ea = 0x10000000;
    code.vsid = 0x100;
    code.pa = 0x8000;
    code.pp = 3;  // read-only
    h.slb(0, code);
    const uint64_t code_pte = h.map(code);
    Page data;
    data.ea = 0x20000000;
    data.vsid = 0x200;
    data.pa = 0x9000;
    h.slb(1, data);
    const uint64_t data_pte = h.map(data);
    // lwz r5,0(r4) ; addi r5,r5,1 ; stw r5,4(r4) ; tlbie r10,r11 ; lwz r6,0(r4) ; lwz r7,0(r12)
    h.m.code(0x8000, {0x80a40000, 0x38a50001, 0x90a40004, 0x7d605264, 0x80c40000, 0x80ec0000});
    uint32_t forty_one = 41;
    h.m.memory.write_bytes(0x9000, &forty_one, 4);
    s.gpr[4] = 0x20000000;
    s.gpr[12] = 0x30000000;  // no segment
    s.nia = 0x10000000;
    h.relocate();
    h.m.cpu->engine().run(3);
    uint32_t stored = 0;
    h.m.memory.read_bytes(0x9004, &stored, 4);
    EXPECT_EQ(stored, 42u);
    EXPECT_TRUE(h.m.read64(code_pte + 8) & kPteR);
    EXPECT_FALSE(h.m.read64(code_pte + 8) & kPteC);
    EXPECT_TRUE(h.m.read64(data_pte + 8) & kPteC);
    // Remove the data mapping; tlbie makes it visible: the next lwz takes a DSI.
    h.m.write64(data_pte, 0);
    h.m.cpu->engine().run(2);
    EXPECT_EQ(s.nia, vector::kDataStorage);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x10000010u);
    EXPECT_EQ(s.spr[sprn::kDAR], 0x20000000u);
    EXPECT_EQ(s.spr[sprn::kDSISR], 0x40000000u);
    // Map it again and resume at the faulting lwz; then the lwz through r12 is a DSegment.
    h.map(data);
    s.msr = s.spr[sprn::kSRR1];
    s.nia = s.spr[sprn::kSRR0];
    h.m.cpu->engine().run(2);
    EXPECT_EQ(s.gpr[6], 41u);
    EXPECT_EQ(s.nia, vector::kDataSegment);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x10000014u);
    EXPECT_EQ(s.spr[sprn::kDAR], 0x30000000u);
}

TEST(HashMmu, PageCrossingLoadUsesBothTranslations) {
    HashSetup h;
    auto& s = h.m.state();
    s.msr |= msr::kLE;
    Page a;
    a.ea = 0x10000000;
    a.vsid = 0x10;
    a.pa = 0x5000;
    h.slb(0, a);
    h.map(a);
    Page b = a;
    b.ea = 0x10001000;
    b.pa = 0x3000;  // physically before the first page
    h.map(b);
    const uint8_t first[4] = {0x11, 0x22, 0x33, 0x44}, second[4] = {0x55, 0x66, 0x77, 0x88};
    h.m.memory.write_bytes(0x5ffc, first, 4);
    h.m.memory.write_bytes(0x3000, second, 4);
    h.relocate();
    uint64_t v = 0;
    ASSERT_TRUE(load<uint64_t>(s, 0x10000ffc, v));
    EXPECT_EQ(v, 0x8877665544332211ull);
    ASSERT_TRUE(store<uint32_t>(s, 0x10000ffe, 0xaabbccdd));
    uint8_t got[4];
    h.m.memory.read_bytes(0x5ffe, got, 2);
    h.m.memory.read_bytes(0x3000, got + 2, 2);
    EXPECT_EQ(got[0], 0xdd);
    EXPECT_EQ(got[3], 0xaa);
}

volatile uint64_t sink_;

// Not an assertion: the measured cost of a soft TLB hit, for the record.
TEST(HashMmu, SoftTlbHitCostMicroBenchmark) {
    HashSetup h;
    auto& s = h.m.state();
    Page p;
    p.ea = 0x10000000;
    p.vsid = 0x10;
    p.pa = 0x5000;
    h.slb(0, p);
    h.map(p);
    constexpr int kIters = 20'000'000;
    auto run = [&](bool relocated) {
        s.msr = (s.msr & ~(msr::kDR | msr::kIR)) | (relocated ? msr::kDR : 0);
        const uint64_t base = relocated ? 0x10000000 : 0x5000;
        uint64_t sum = 0, v = 0;
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < kIters; ++i) {
            if (!load<uint64_t>(s, base + ((i * 8) & 0xff8), v)) return -1.0;
            sum += v;
        }
        auto t1 = std::chrono::steady_clock::now();
        sink_ = sum;  // keep the loop
        return std::chrono::duration<double, std::nano>(t1 - t0).count() / kIters;
    };
    const double real_ns = run(false), tlb_ns = run(true);
    ASSERT_GT(tlb_ns, 0);
    // A miss: drop the one entry before every load, so each load walks SLB and HPT.
    constexpr int kMissIters = 1'000'000;
    uint64_t v = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kMissIters; ++i) {
        s.tlb.entry(0, 0x10000000).tag = 0;
        ASSERT_TRUE(load<uint64_t>(s, 0x10000000, v));
    }
    const double miss_ns = std::chrono::duration<double, std::nano>(
                               std::chrono::steady_clock::now() - t0).count() / kMissIters;
    std::printf("[ measure  ] load<u64>: real mode %.2f ns, translated soft TLB hit %.2f ns, "
                "TLB miss (SLB + HPT walk, HPTE in slot 0) %.2f ns\n",
                real_ns, tlb_ns, miss_ns);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// A two-processor machine's environment: tlbie on one asks the other to flush.
struct TwoCpuEnvironment : CpuEnvironment {
    isa::ExecStatus hypercall(CpuState&) override { return isa::ExecStatus::Continue; }
    uint64_t timebase() override { return 0; }
    void broadcast_tlb_flush(CpuState& from) override {
        for (CpuState* c : cpus)
            if (c != &from) c->tlb_flush_requested.store(true);
    }
    std::vector<CpuState*> cpus;
};

TEST(HashMmu, TlbieOnOneProcessorFlushesTheOther) {
    HashSetup a("POWER8", Platform::BareMetal);
    TwoCpuEnvironment env;
    Cpu second(a.m.resolved, a.m.memory, &env, 1);
    a.m.state().env = &env;
    env.cpus = {&a.m.state(), &second.state()};
    auto& s2 = second.state();
    s2.mmu = &a.m.mmu;
    s2.spr[sprn::kSDR1] = kHtab;
    Page p;
    p.ea = 0x10000000;
    p.vsid = 0x10;
    p.pa = 0x5000;
    a.slb(0, p);
    s2.slb[0] = a.m.state().slb[0];
    const uint64_t pte = a.map(p);
    // CPU 1 runs `lwz r5,0(r4)` twice with a tlbie by CPU 0 (after unmapping) in between.
    a.m.code(0x3000, {0x80a40000, 0x80a40000});
    s2.gpr[4] = 0x10000000;
    s2.nia = 0x3000;
    s2.msr |= msr::kDR;
    second.engine().run(1);
    EXPECT_EQ(s2.nia, 0x3004u);
    a.m.write64(pte, 0);
    a.m.state().cia = 0x100;
    sem::tlbie(a.m.state(), isa::Insn{0x7d605264, 0});
    EXPECT_TRUE(s2.tlb_flush_requested.load());
    second.engine().run(1);
    EXPECT_EQ(s2.nia, vector::kDataStorage) << "CPU 1 no longer sees the old translation";
    EXPECT_EQ(s2.spr[sprn::kDAR], 0x10000000u);
}

TEST(HashMmu, SlbInstructionsArePrivileged) {
    HashSetup h("POWER9", Platform::BareMetal);
    auto& s = h.m.state();
    s.msr |= msr::kLE | msr::kPR;
    h.m.code(0x1000, {0x7c602324});  // slbmte r3,r4
    s.nia = 0x1000;
    h.m.cpu->engine().run(1);
    EXPECT_EQ(s.nia, vector::kProgram);
    EXPECT_TRUE(s.spr[sprn::kSRR1] & program::kPrivileged);
}

}  // namespace
}  // namespace ppcvm

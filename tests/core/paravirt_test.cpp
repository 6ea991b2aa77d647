// The KVM/ePAPR paravirtual interface (src/core/paravirt.hpp): the hypercall sequence, the
// hypercalls, the magic page as a view of the processor's registers, and the critical
// section that holds MSR[EE] interrupts. Expected values come from Linux's ABI
// (arch/powerpc/include/uapi/asm/kvm_para.h, epapr_hcalls.h, kernel/kvm.c and kvm_emul.S).
#include <gtest/gtest.h>

#include "core/paravirt.hpp"
#include "test_machine.hpp"

namespace ppcvm {
namespace {

using test::TestMachine;
namespace enc = test::enc;
namespace pv = paravirt;

// Magic page at effective address -4096 (Linux's KVM_MAGIC_PAGE), real address -4096.
constexpr int16_t kMagic = -4096;
uint32_t ld(unsigned rt, int16_t d, unsigned ra = 0) {
    return enc::d_form(58, rt, ra, static_cast<uint16_t>(d) & 0xfffc);
}
uint32_t std_(unsigned rs, int16_t d, unsigned ra = 0) {
    return enc::d_form(62, rs, ra, static_cast<uint16_t>(d) & 0xfffc);
}
uint32_t lwz(unsigned rt, int16_t d, unsigned ra = 0) { return enc::d_form(32, rt, ra, static_cast<uint16_t>(d)); }
uint32_t stw(unsigned rs, int16_t d, unsigned ra = 0) { return enc::d_form(36, rs, ra, static_cast<uint16_t>(d)); }
int16_t at(unsigned field) { return static_cast<int16_t>(kMagic + static_cast<int>(field)); }

// `sc` with the magic r0 and the token in r11.
void hypercall(TestMachine& m, uint64_t token, uint64_t a0 = 0, uint64_t a1 = 0) {
    m.s().gpr[0] = pv::kScMagicR0;
    m.s().gpr[11] = token;
    m.s().gpr[3] = a0;
    m.s().gpr[4] = a1;
    m.load(0x1000, {enc::sc(0), enc::nop()});
    m.run(1);
}

void map_magic_page(TestMachine& m) {
    hypercall(m, pv::kHcMapMagicPage, static_cast<uint64_t>(-4096), static_cast<uint64_t>(-4096) | 1);
    ASSERT_EQ(m.s().gpr[3], pv::kEvSuccess);
}

TEST(Paravirt, MagicScIsASystemCallWithoutTheFeature) {
    TestMachine m("POWER9");
    hypercall(m, pv::kHcFeatures);
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
}

TEST(Paravirt, FeaturesAndUnknownTokens) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    hypercall(m, pv::kHcFeatures);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().gpr[3], 0u);
    EXPECT_EQ(m.s().gpr[4], 2u);  // 1 << KVM_FEATURE_MAGIC_PAGE (1)
    hypercall(m, (42u << 16) | 99);
    EXPECT_EQ(m.s().gpr[3], 12u);  // EV_UNIMPLEMENTED
    // Without the magic r0, `sc` stays a system call.
    m.s().gpr[11] = pv::kHcFeatures;
    m.s().gpr[0] = 1;
    m.load(0x1000, {enc::sc(0)});
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
}

TEST(Paravirt, ProblemStateScIsASystemCall) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    m.s().msr |= msr::kPR;
    hypercall(m, pv::kHcFeatures);
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
}

TEST(Paravirt, MagicPageInRamIsRefused) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    hypercall(m, pv::kHcMapMagicPage, 0x10000, static_cast<uint64_t>(-4096));
    EXPECT_EQ(m.s().gpr[3], 8u);  // EV_EINVAL
    EXPECT_FALSE(m.s().magic_page);
}

// The page is a live view: loads see the registers, stores change them, in real mode and
// with relocation on (the test machine has no MMU: only the page's override translates).
TEST(Paravirt, MagicPageIsAViewOfTheRegisters) {
    for (bool relocate : {false, true}) {
        SCOPED_TRACE(relocate ? "relocation on" : "real mode");
        TestMachine m("POWER9");
        m.s().paravirt = true;
        map_magic_page(m);
        if (relocate) m.s().msr |= msr::kDR;
        m.s().spr[sprn::kSRR0] = 0x1122334455667788;
        m.s().spr[sprn::kDSISR] = 0x42000000;
        m.s().gpr[5] = 0xabcdef0123456789;
        m.s().gpr[6] = 0x0a000000;
        m.load(0x2000, {ld(7, at(pv::field::kSrr0)), ld(8, at(pv::field::kMsr)),
                        lwz(9, at(pv::field::kDsisr)), std_(5, at(pv::field::kSprg1)),
                        stw(6, at(pv::field::kDsisr)), std_(5, at(pv::field::kScratch2)),
                        ld(10, at(pv::field::kScratch2)), enc::mfspr(11, sprn::kSPRG1)});
        m.run(8);
        EXPECT_EQ(m.s().nia, 0x2020u);
        EXPECT_EQ(m.s().gpr[7], 0x1122334455667788u);
        EXPECT_EQ(m.s().gpr[8], m.s().msr);
        EXPECT_EQ(m.s().gpr[9], 0x42000000u);
        EXPECT_EQ(m.s().spr[sprn::kSPRG1], 0xabcdef0123456789u);
        EXPECT_EQ(m.s().gpr[11], 0xabcdef0123456789u);
        EXPECT_EQ(m.s().spr[sprn::kDSISR], 0x0a000000u);
        EXPECT_EQ(m.s().gpr[10], 0xabcdef0123456789u);  // plain field: memory
    }
}

TEST(Paravirt, MagicPageIsSupervisorOnly) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    map_magic_page(m);
    m.s().msr |= msr::kPR | msr::kDR;
    m.load(0x2000, {ld(7, at(pv::field::kSrr0))});
    m.run(1);
    // No MMU in the test machine: the access is an ordinary one, which faults.
    EXPECT_EQ(m.s().nia, vector::kDataStorage);
    EXPECT_EQ(m.s().spr[sprn::kDAR], static_cast<uint64_t>(-4096 + 64));
}

// Linux's patched mtmsr[d] stores the MSR with only EE/RI changed (kvm_emul.S); the store
// changes exactly those bits.
TEST(Paravirt, MsrStoreChangesOnlyEeAndRi) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    map_magic_page(m);
    const uint64_t before = m.s().msr;
    ASSERT_FALSE(before & msr::kEE);
    m.s().gpr[5] = (before ^ msr::kLE ^ msr::kFP) | msr::kEE | msr::kRI;
    m.load(0x2000, {std_(5, at(pv::field::kMsr))});
    m.run(1);
    EXPECT_EQ(m.s().msr, before | msr::kEE | msr::kRI);
}

// A big-endian guest's page is big-endian: a 32-bit kernel reads the low word of a 64-bit
// field at offset +4 (Linux kvm_patch_ins_ld for !CONFIG_64BIT).
TEST(Paravirt, BigEndianPageLayout) {
    TestMachine m("POWER9", false);
    m.s().paravirt = true;
    map_magic_page(m);
    m.s().spr[sprn::kSPRG3] = 0x0102030405060708;
    m.load(0x2000, {lwz(7, at(pv::field::kSprg3 + 4)), lwz(8, at(pv::field::kSprg3))});
    m.run(2);
    EXPECT_EQ(m.s().gpr[7], 0x05060708u);
    EXPECT_EQ(m.s().gpr[8], 0x01020304u);
}

// KVM's critical section: while the page's `critical` equals r1, an MSR[EE] interrupt
// waits; storing anything else there lets it in at the next instruction boundary the engine
// looks at (here after the branch that ends the block).
TEST(Paravirt, CriticalSectionHoldsTheDecrementer) {
    test::TestEnvironment env;
    TestMachine m("POWER9", Platform::Default, true, &env);
    m.s().paravirt = true;
    map_magic_page(m);
    m.s().gpr[1] = 0x7000;
    m.s().gpr[2] = 0x8000;
    m.s().gpr[5] = static_cast<uint64_t>(-1);
    m.s().gpr[6] = m.s().msr | msr::kEE;
    m.load(0x2000, {
        std_(1, at(pv::field::kCritical)),  // 0x2000 enter the critical section
        enc::mtspr(sprn::kDEC, 5),          // 0x2004 DEC negative: the exception is pending
        std_(6, at(pv::field::kMsr)),       // 0x2008 EE on through the page
        enc::b(4),                          // 0x200c end the block
        enc::nop(),                         // 0x2010
        std_(2, at(pv::field::kCritical)),  // 0x2014 leave it
        enc::b(4),                          // 0x2018
        enc::nop(),                         // 0x201c
    });
    m.run(5);
    EXPECT_EQ(m.s().nia, 0x2014u) << "held while critical";
    EXPECT_TRUE(m.s().msr & msr::kEE);
    m.run(3);
    EXPECT_EQ(m.s().nia, vector::kDecrementer) << "taken after the branch";
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x201cu);
}

TEST(Paravirt, IntPendingReportsAHeldInterrupt) {
    test::TestEnvironment env;
    TestMachine m("POWER9", Platform::Default, true, &env);
    m.s().paravirt = true;
    map_magic_page(m);
    m.s().gpr[5] = static_cast<uint64_t>(-1);
    m.load(0x2000, {lwz(7, at(pv::field::kIntPending)), enc::mtspr(sprn::kDEC, 5),
                    lwz(8, at(pv::field::kIntPending))});
    m.run(3);
    EXPECT_EQ(m.s().gpr[7], 0u);
    EXPECT_EQ(m.s().gpr[8], 1u);
}

TEST(Paravirt, EvIdleWaitsForAnInterrupt) {
    TestMachine m("POWER9");
    m.s().paravirt = true;
    m.s().msr |= msr::kEE;
    hypercall(m, pv::kEvIdle);
    EXPECT_EQ(m.s().gpr[3], 0u);
    EXPECT_EQ(m.s().halt, HaltReason::Stop);
    EXPECT_EQ(m.s().nia, 0x1004u);
}

}  // namespace
}  // namespace ppcvm

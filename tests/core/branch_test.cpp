// Branch facility and CR logical instructions (Power ISA 3.1 Book I chapter 2).
#include <gtest/gtest.h>

#include "core/spr_table.hpp"
#include "test_machine.hpp"

namespace ppcvm {
namespace {

using test::TestMachine;
namespace enc = test::enc;

// The encoders against the GNU assembler's output (powerpc64le-linux-gnu-as -mpower9).
TEST(Branch, EncodersMatchTheAssembler) {
    EXPECT_EQ(enc::bc(16, 0, 0), 0x42000000u);                 // bdnz .
    EXPECT_EQ(enc::bc(20, 31, 4, false, true), 0x429f0005u);   // bcl 20,31,.+4
    EXPECT_EQ(enc::bclr(20, 0, true), 0x4e800021u);            // blrl
    EXPECT_EQ(enc::bcctr(20, 0, true), 0x4e800421u);           // bctrl
    EXPECT_EQ(enc::b(0x100, true), 0x48000102u);               // ba 0x100
    EXPECT_EQ(enc::xl(1, 2, 3, 257), 0x4c221a02u);             // crand 1,2,3
    EXPECT_EQ(enc::xl(4, 8, 0, 0), 0x4c880000u);               // mcrf 1,2
    EXPECT_EQ(enc::xl(31, 0, 31, 193), 0x4fe0f982u);           // crxor 31,0,31
    EXPECT_EQ(enc::bc(10, 2, -0x20), 0x4142ffe0u);             // bdzt 2,.-0x20
    EXPECT_EQ(enc::bctar(20, 0, true), 0x4e800461u);           // btarl
    EXPECT_EQ(enc::mtspr(8, 3), 0x7c6803a6u);                  // mtlr r3
    EXPECT_EQ(enc::mfspr(3, 8), 0x7c6802a6u);                  // mflr r3
    EXPECT_EQ(enc::mtmsrd(3, 1), 0x7c610164u);
    EXPECT_EQ(enc::mtmsr(3), 0x7c600124u);
    EXPECT_EQ(enc::mfmsr(3), 0x7c6000a6u);
    EXPECT_EQ(enc::mftb(3, 268), 0x7c6c42e6u);
    EXPECT_EQ(enc::rfid(), 0x4c000024u);
    EXPECT_EQ(enc::hrfid(), 0x4c000224u);
    EXPECT_EQ(enc::rfscv(), 0x4c0000a4u);
    EXPECT_EQ(enc::stop(), 0x4c0002e4u);
    EXPECT_EQ(enc::nap(), 0x4c000364u);
    EXPECT_EQ(enc::scv(0), 0x44000001u);
    EXPECT_EQ(enc::sc(0), 0x44000002u);
    EXPECT_EQ(enc::msgsndp(5), 0x7c00291cu);
    EXPECT_EQ(enc::msgclrp(5), 0x7c00295cu);
}

TEST(Branch, RelativeAbsoluteAndLink) {
    TestMachine m;
    m.load(0x1000, {enc::b(0x40, false, true)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1040u);
    EXPECT_EQ(m.s().lr, 0x1004u);

    m.load(0x2000, {enc::b(-0x1000)});
    m.s().lr = 0x55;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1000u);
    EXPECT_EQ(m.s().lr, 0x55u) << "LK=0 leaves LR alone";

    m.load(0x3000, {enc::b(0x100, true)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x100u);
    // Absolute with a negative LI: the address is sign-extended (Book I 2.4: EXTS(LI||0b00)).
    m.load(0x3000, {enc::b(-0x100, true)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0xffffffffffffff00ull);
}

struct BoCase {
    unsigned bo;
    bool cr_bit;
    uint64_t ctr_before;
    bool taken;
    uint64_t ctr_after;
};

// Book I 2.4, "BO field encodings": every form, at both CR values and CTR at the boundary.
TEST(Branch, EveryBoEncoding) {
    const BoCase cases[] = {
        // 0000z: decrement, branch if CTR!=0 and CR bit = 0
        {0b00000, false, 2, true, 1}, {0b00000, false, 1, false, 0}, {0b00000, true, 2, false, 1},
        // 0001z: decrement, branch if CTR==0 and CR bit = 0
        {0b00010, false, 1, true, 0}, {0b00010, true, 1, false, 0}, {0b00010, false, 2, false, 1},
        // 001at: branch if CR bit = 0
        {0b00100, false, 7, true, 7}, {0b00100, true, 7, false, 7},
        // 0100z: decrement, CTR!=0 and CR bit = 1
        {0b01000, true, 2, true, 1}, {0b01000, false, 2, false, 1}, {0b01000, true, 1, false, 0},
        // 0101z: decrement, CTR==0 and CR bit = 1
        {0b01010, true, 1, true, 0}, {0b01010, false, 1, false, 0},
        // 011at: CR bit = 1
        {0b01100, true, 7, true, 7}, {0b01100, false, 7, false, 7},
        // 1a00t: decrement, CTR != 0
        {0b10000, false, 2, true, 1}, {0b10000, true, 1, false, 0},
        // 1a01t: decrement, CTR == 0
        {0b10010, true, 1, true, 0}, {0b10010, false, 3, false, 2},
        // 1z1zz: always
        {0b10100, false, 0, true, 0}, {0b10100, true, 5, true, 5},
        // decrementing from 0 wraps to all ones (not zero: "CTR != 0" holds)
        {0b10000, false, 0, true, ~0ull},
    };
    for (const BoCase& c : cases) {
        TestMachine m;
        m.load(0x1000, {enc::bc(c.bo, 6, 0x100)});
        m.s().set_cr_bit(6, c.cr_bit);
        m.s().ctr = c.ctr_before;
        m.run(1);
        EXPECT_EQ(m.s().nia, c.taken ? 0x1100u : 0x1004u) << "BO=" << c.bo << " bit=" << c.cr_bit;
        EXPECT_EQ(m.s().ctr, c.ctr_after) << "BO=" << c.bo;
    }
}

TEST(Branch, ConditionalAbsoluteAndLinkEvenWhenNotTaken) {
    TestMachine m;
    m.load(0x1000, {enc::bc(0b01100, 0, 0x200, true, true)});
    m.s().set_cr_bit(0, false);
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().lr, 0x1004u) << "LK=1 sets LR whether or not the branch is taken";
    m.load(0x1000, {enc::bc(0b01100, 0, 0x200, true, false)});
    m.s().set_cr_bit(0, true);
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x200u);
}

// Checked against qemu-system-ppc64 -M pseries (which starts in 32-bit mode): bdnz with
// CTR=0x100000001 falls through and leaves CTR=0x100000000; blrl to 0x123400002000 goes to
// 0x2000.
TEST(Branch, CtrCompareUsesLow32BitsInThirtyTwoBitMode) {
    for (bool sf : {true, false}) {
        TestMachine m;
        if (!sf) m.s().msr &= ~msr::kSF;
        m.load(0x1000, {enc::bc(0b10000, 0, 0x100)});  // bdnz
        m.s().ctr = 0x100000001ull;
        m.run(1);
        // The whole register decrements; only CTR[32:63] is compared in 32-bit mode.
        EXPECT_EQ(m.s().ctr, 0x100000000ull);
        EXPECT_EQ(m.s().nia, sf ? 0x1100u : 0x1004u) << "sf=" << sf;
    }
}

TEST(Branch, ThirtyTwoBitModeWrapsTargets) {
    TestMachine m;
    m.s().msr &= ~msr::kSF;
    m.load(0x1000, {enc::b(-0x2000, false, true)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0xfffff000u) << "0x1000 - 0x2000 wraps at 32 bits";
    EXPECT_EQ(m.s().lr, 0x1004u);

    m.load(0x1000, {enc::b(-0x100, true)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0xffffff00u) << "absolute targets are truncated too";

    m.load(0x1000, {enc::bclr(20, 0)});
    m.s().lr = 0xabcdef0012345678ull;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x12345678u);

    m.load(0x1000, {enc::bcctr(20, 0)});
    m.s().ctr = 0xabcdef0012345678ull;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x12345678u);
}

TEST(Branch, BclrlReadsLrBeforeWritingIt) {
    TestMachine m;
    m.load(0x1000, {enc::bclr(20, 0, true)});
    m.s().lr = 0x4000 | 3;  // low two bits are ignored
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x4000u);
    EXPECT_EQ(m.s().lr, 0x1004u);

    // Conditional return with CTR decrement.
    m.load(0x1000, {enc::bclr(0b10000, 0)});
    m.s().lr = 0x5000;
    m.s().ctr = 1;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().ctr, 0u);
}

TEST(Branch, BcctrAndLink) {
    TestMachine m;
    m.load(0x1000, {enc::bcctr(20, 0, true)});
    m.s().ctr = 0x7000 | 1;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x7000u);
    EXPECT_EQ(m.s().lr, 0x1004u);
    EXPECT_EQ(m.s().ctr, 0x7001u) << "bcctr never decrements CTR";

    m.load(0x1000, {enc::bcctr(0b01100, 3)});
    m.s().ctr = 0x7000;
    m.s().set_cr_bit(3, false);
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u);
}

TEST(Branch, BctarWithFacilityEnabledAndDisabled) {
    TestMachine m("POWER9");
    m.load(0x1000, {enc::bctar(0b10000, 0, true)});  // bdnztarl
    m.s().tar = 0x8000;
    m.s().ctr = 2;
    m.s().msr |= msr::kPR;
    m.s().spr[sprn::kFSCR] = 1ull << fscr::kTar;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x8000u);
    EXPECT_EQ(m.s().ctr, 1u) << "bctar may decrement CTR";
    EXPECT_EQ(m.s().lr, 0x1004u);

    // FSCR[TAR]=0 in problem state: Facility Unavailable, FSCR[IC]=8 (TAR).
    TestMachine u("POWER9");
    u.load(0x1000, {enc::bctar(20, 0)});
    u.s().msr |= msr::kPR;
    u.run(1);
    EXPECT_EQ(u.s().nia, vector::kFacilityUnavailable);
    EXPECT_EQ(u.s().spr[sprn::kFSCR] >> 56, 8u);
    EXPECT_EQ(u.s().spr[sprn::kSRR0], 0x1000u);

    // Privileged state is not under FSCR.
    TestMachine p("POWER9");
    p.load(0x1000, {enc::bctar(20, 0)});
    p.s().tar = 0x9000;
    p.run(1);
    EXPECT_EQ(p.s().nia, 0x9000u);

    // POWER7 (ISA 2.06) has no bctar: illegal instruction.
    TestMachine old("POWER7");
    old.load(0x1000, {enc::bctar(20, 0)});
    old.run(1);
    EXPECT_EQ(old.s().nia, vector::kProgram);
    EXPECT_TRUE(old.s().spr[sprn::kSRR1] & program::kIllegal);
}

TEST(Branch, ConditionRegisterLogical) {
    struct Op {
        unsigned xo;
        const char* name;
        bool (*f)(bool, bool);
    };
    const Op ops[] = {
        {257, "crand", [](bool a, bool b) { return a && b; }},
        {449, "cror", [](bool a, bool b) { return a || b; }},
        {193, "crxor", [](bool a, bool b) { return a != b; }},
        {225, "crnand", [](bool a, bool b) { return !(a && b); }},
        {33, "crnor", [](bool a, bool b) { return !(a || b); }},
        {289, "creqv", [](bool a, bool b) { return a == b; }},
        {129, "crandc", [](bool a, bool b) { return a && !b; }},
        {417, "crorc", [](bool a, bool b) { return a || !b; }},
    };
    for (const Op& op : ops) {
        for (unsigned v = 0; v < 4; ++v) {
            TestMachine m;
            const bool a = v & 1, b = v & 2;
            m.s().cr = 0x5a5a5a5a;
            m.s().set_cr_bit(9, a);
            m.s().set_cr_bit(22, b);
            const uint32_t before = m.s().cr;
            m.load(0x1000, {enc::xl(30, 9, 22, op.xo)});
            m.run(1);
            EXPECT_EQ(m.s().cr_bit(30), op.f(a, b)) << op.name << " a=" << a << " b=" << b;
            EXPECT_EQ(m.s().cr & ~(1u << 1), before & ~(1u << 1)) << op.name << ": other bits";
        }
    }
    // Same source and target bit (crxor 5,5,5 clears it).
    TestMachine m;
    m.s().set_cr_bit(5, true);
    m.load(0x1000, {enc::xl(5, 5, 5, 193)});
    m.run(1);
    EXPECT_FALSE(m.s().cr_bit(5));
}

TEST(Branch, Mcrf) {
    TestMachine m;
    m.s().cr = 0x12345678;
    m.load(0x1000, {enc::xl(7 << 2, 2 << 2, 0, 0)});  // mcrf 7,2
    m.run(1);
    EXPECT_EQ(m.s().cr, 0x12345673u);
}

}  // namespace
}  // namespace ppcvm

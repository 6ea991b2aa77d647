// The exact engine on small hand-assembled programs.
#include "core/exact_engine.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/spr_numbers.hpp"
#include "test_machine.hpp"

namespace ppcvm {
namespace {

using test::TestMachine;

TEST(ExactEngine, CountingLoop) {
    for (bool le : {true, false}) {
        TestMachine m("POWER9", le);
        // li r3,0 ; li r4,100 ; mtctr r4 ; loop: addi r3,r3,2 ; bdnz loop ; sc
        m.load(0x1000, {0x38600000, 0x38800064, 0x7c8903a6, 0x38630002, 0x4200fffc, 0x44000002});
        m.cpu->state().msr |= msr::kPR;
        EXPECT_EQ(m.cpu->engine().run(204), StopReason::InstructionLimit);
        auto& s = m.cpu->state();
        EXPECT_EQ(s.gpr[3], 200u) << "le=" << le;
        EXPECT_EQ(s.ctr, 0u);
        // sc delivered a system call interrupt: SRR0 = address after sc, nia = 0xc00.
        EXPECT_EQ(s.spr[sprn::kSRR0], 0x1018u);
        EXPECT_EQ(s.nia & 0xfff, 0xc00u);
        EXPECT_EQ(s.instructions_retired, 3u + 200u + 1u);  // li, li, mtctr, 100x(addi, bdnz), sc
    }
}

TEST(ExactEngine, LoadStoreRoundTripInBothEndiannesses) {
    for (bool le : {true, false}) {
        TestMachine m("POWER9", le);
        // lis r5,0x1234 ; ori r5,r5,0x5678 ; li r6,0x2000 ; stw r5,0(r6) ; lwz r7,0(r6)
        m.load(0x1000, {0x3ca01234, 0x60a55678, 0x38c02000, 0x90a60000, 0x80e60000});
        m.cpu->engine().run(5);
        EXPECT_EQ(m.cpu->state().gpr[7], 0x12345678u);
        uint8_t first;
        m.memory.read_bytes(0x2000, &first, 1);
        EXPECT_EQ(first, le ? 0x78 : 0x12);
    }
}

TEST(ExactEngine, IllegalInstructionIsAProgramInterrupt) {
    TestMachine m;
    m.load(0x1000, {0x00000000});
    m.cpu->engine().run(1);
    auto& s = m.cpu->state();
    EXPECT_EQ(s.nia, vector::kProgram);
    EXPECT_EQ(s.spr[sprn::kSRR0], 0x1000u);
    EXPECT_TRUE(s.spr[sprn::kSRR1] & program::kIllegal);
}

TEST(ExactEngine, WildAddressIsAMachineCheckNotAHostCrash) {
    TestMachine m;
    // lis r6,0x7fff ; lwz r7,0(r6)   -> beyond the 16 MiB of RAM
    m.load(0x1000, {0x3cc07fff, 0x80e60000});
    m.cpu->engine().run(2);
    EXPECT_EQ(m.cpu->state().nia, vector::kMachineCheck);
}

TEST(ExactEngine, SelfModifyingCodeIsSeen) {
    TestMachine m;
    // 0x1000: li r3,1 ; b +8 (to 0x100c... ) -- simpler: run li r3,1 then patch it to li r3,2
    m.load(0x1000, {0x38600001, 0x44000002});
    m.cpu->engine().run(1);
    EXPECT_EQ(m.cpu->state().gpr[3], 1u);
    // Patch through a guest store: li r5,2 encoding 0x38600002 stored at 0x1000.
    m.load(0x2000, {0x3ca03860, 0x60a50002, 0x38c01000, 0x90a60000, 0x48000000 | ((0x1000 - 0x2010) & 0x3fffffc)});
    m.cpu->engine().run(5);
    m.cpu->engine().run(1);
    EXPECT_EQ(m.cpu->state().gpr[3], 2u);
}

TEST(ExactEngine, StopRequestFromAnotherThread) {
    TestMachine m;
    m.load(0x1000, {0x48000000});  // b . (spin)
    m.cpu->state().stop_requested = true;
    EXPECT_EQ(m.cpu->engine().run(~0ull), StopReason::StopRequested);
}

}  // namespace
}  // namespace ppcvm

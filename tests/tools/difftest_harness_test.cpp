// The differential tester's generator and ppcvm side, without QEMU: the generated streams
// respect the table and the constraints the QEMU comparison relies on.
#include "harness.hpp"

#include <gtest/gtest.h>

#include "core/isa/decoder.hpp"
#include "core/isa/fields.hpp"

namespace ppcvm::difftest {
namespace {

constexpr uint32_t kTrap = 0x7fe00008;

TEST(DifftestGenerator, EveryExecutedWordMatchesItsRowAndKeepsReservedBitsZero) {
    for (Mode mode : {Mode::Le64, Mode::Be64, Mode::Be32}) {
        PpcvmSide side(mode, mode == Mode::Be32 ? "POWER8" : "POWER9");
        Options opt;
        opt.mode = mode;
        Generator gen(opt, side);
        ASSERT_FALSE(gen.eligible_rows().empty());
        size_t executed = 0;
        for (uint64_t seed = 1; seed <= 200; ++seed) {
            const TestCase tc = gen.generate(seed);
            ASSERT_EQ(tc.code.size(), opt.insns + 1);
            ASSERT_LE(tc.end_slot, opt.insns);
            for (size_t i = tc.end_slot; i < tc.code.size(); ++i) EXPECT_EQ(tc.code[i], kTrap);
            size_t last_slot = 0;
            bool first = true;
            for (const auto& [slot, row] : tc.executed) {
                ++executed;
                // Execution only moves forward: streams cannot loop.
                if (!first) {
                    EXPECT_GT(slot, last_slot);
                }
                first = false;
                last_slot = slot;
                if (row < 0) {
                    EXPECT_EQ(tc.code[slot] >> 26, 0u) << "only primary opcode 0 is raw";
                    continue;
                }
                const isa::InsnDesc& d = isa::instruction_table()[row];
                const uint32_t w = tc.code[slot];
                EXPECT_EQ(w & d.pattern.mask, d.pattern.match) << d.mnemonic;
                uint32_t reserved = 0;
                if (row_reserved_bits(d, reserved)) {
                    EXPECT_EQ(w & reserved, 0u) << d.mnemonic << std::hex << " " << w;
                }
                EXPECT_FALSE(d.has(isa::flag::kPrivileged) || d.has(isa::flag::kHypervisor));
                EXPECT_NE(d.form, isa::Form::SC) << "system calls are never generated";
                if (d.has(isa::flag::kUpdate)) {
                    EXPECT_NE(isa::field::ra(w), 0u);
                }
            }
        }
        EXPECT_GT(executed, 1000u) << mode_name(mode);
    }
}

TEST(DifftestGenerator, SameSeedSameCase) {
    PpcvmSide side(Mode::Le64, "POWER9");
    Generator gen(Options{}, side);
    const TestCase a = gen.generate(42), b = gen.generate(7), c = gen.generate(42);
    EXPECT_EQ(a.code, c.code);
    EXPECT_EQ(a.init.r, c.init.r);
    EXPECT_NE(a.code, b.code);
}

TEST(DifftestPpcvmSide, ClassifiesCompletionIllegalAndStrayAccesses) {
    PpcvmSide side(Mode::Be64, "POWER9");
    TestCase tc;
    tc.scratch.assign(DT_SCRATCH_SIZE, 0);
    tc.init.r[DT_GPR0 + 4] = 5;
    // addi r3,r4,7 ; trap (end)
    tc.code = {0x38640007, kTrap};
    tc.end_slot = 1;
    Observation o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::Completed);
    EXPECT_EQ(o.regs.r[DT_GPR0 + 3], 12u);
    // A reserved primary opcode: Program interrupt (illegal) at its address.
    tc.code = {0x00000000, kTrap};
    o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::Illegal);
    EXPECT_EQ(o.outcome.address, DT_TEST_BASE);
    // lwz r3,0(r4) with r4 outside the scratch buffer: a storage fault, as SIGSEGV in QEMU.
    tc.code = {0x80640000, kTrap};
    o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::Storage);
    EXPECT_EQ(o.outcome.data_address, 5u);
    // stw r4,16(r5) into the buffer, big-endian.
    tc.init.r[DT_GPR0 + 5] = DT_SCRATCH_BASE;
    tc.code = {0x90850010, kTrap};
    o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::Completed);
    EXPECT_EQ(o.scratch[19], 5u);
    EXPECT_EQ(o.scratch[16], 0u);
}

TEST(DifftestCompare, ReportsDifferencesAndMasksWhat32BitModeCannotCompare) {
    TestCase tc;
    tc.scratch.assign(DT_SCRATCH_SIZE, 0);
    Observation p, q;
    p.scratch = q.scratch = tc.scratch;
    p.outcome.kind = q.outcome.kind = OutcomeKind::Completed;
    p.regs.r[DT_GPR0 + 7] = 0xdead00000001ull;
    q.regs.r[DT_GPR0 + 7] = 0x1;
    p.regs.r[DT_XER] = 1ull << 19;  // OV32
    EXPECT_EQ(compare(Mode::Be32, tc, p, q).size(), 0u);
    const auto d64 = compare(Mode::Le64, tc, p, q);
    ASSERT_EQ(d64.size(), 2u);
    EXPECT_EQ(d64[0].what, "r7");
    EXPECT_EQ(d64[1].what, "xer");
    q.scratch[100] = 1;
    q.outcome.kind = OutcomeKind::Illegal;
    const auto d32 = compare(Mode::Be32, tc, p, q);
    ASSERT_EQ(d32.size(), 2u);
    EXPECT_NE(d32[0].what.find("outcome"), std::string::npos);
    EXPECT_NE(d32[1].what.find("mem["), std::string::npos);
}


// QEMU user mode runs with MSR[FE0]=MSR[FE1]=1: an enabled FPSCR exception must end a ppcvm
// case as FpEnabled (SIGFPE on the QEMU side), not complete silently.
TEST(DifftestPpcvmSide, EnabledFloatingPointExceptionIsAnInterrupt) {
    PpcvmSide side(Mode::Le64, "POWER9");
    TestCase tc;
    tc.scratch.assign(DT_SCRATCH_SIZE, 0);
    tc.init.r[DT_FPR0 + 1] = 0x3ff0000000000000ull;  // 1.0
    tc.init.r[DT_FPR0 + 2] = 0;                      // +0
    // fdiv f3,f1,f2 ; trap (end)
    tc.code = {0xfc611024, kTrap};
    tc.end_slot = 1;
    Observation o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::Completed);  // ZE=0: ZX set, no interrupt
    tc.init.r[DT_FPSCR] = 1u << 4;                        // FPSCR[ZE]
    o = side.run_case(tc);
    EXPECT_EQ(o.outcome.kind, OutcomeKind::FpEnabled);
    EXPECT_EQ(o.outcome.address, DT_TEST_BASE);
}

// The step replay adopts QEMU's registers after an excused difference; the reservation (and
// MSR, NIA) must survive, or a later stcx. would fail on ppcvm only.
TEST(DifftestPpcvmSide, AdoptKeepsReservationAndPosition) {
    PpcvmSide side(Mode::Be64, "POWER9");
    TestCase tc;
    tc.scratch.assign(DT_SCRATCH_SIZE, 0);
    tc.init.r[DT_GPR0 + 5] = DT_SCRATCH_BASE;
    // lwarx r3,0,r5 ; trap (end)
    tc.code = {0x7c602828, kTrap};
    tc.end_slot = 1;
    side.begin(tc);
    Outcome out;
    ASSERT_FALSE(side.step(out));
    Observation o = side.observe();
    o.regs.r[DT_GPR0 + 7] = 0x1234;
    side.adopt(o);
    EXPECT_TRUE(side.state().reservation.valid);
    EXPECT_EQ(side.state().nia, DT_TEST_BASE + 4);
    EXPECT_EQ(side.state().gpr[7], 0x1234u);
}

}  // namespace
}  // namespace ppcvm::difftest

// Book III-S system state: SPR privilege rules, MSR moves, return from interrupt, interrupt
// delivery (AIL, ILE/HILE, SRR1), timers, asynchronous interrupts, trace and power saving.
#include <gtest/gtest.h>

#include "core/semantics/semantics.hpp"
#include "core/spr_table.hpp"
#include "test_machine.hpp"

namespace ppcvm {
namespace {

using test::TestEnvironment;
using test::TestMachine;
namespace enc = test::enc;

constexpr uint64_t kLpcrIle = 1ull << (63 - 38);
constexpr uint64_t kLpcrEvirt = 1ull << (63 - 42);
constexpr uint64_t kLpcrHr = 1ull << (63 - 43);
constexpr uint64_t kLpcrHail = 1ull << (63 - 37);
constexpr uint64_t kLpcrLpes0 = 1ull << (63 - 60);
constexpr uint64_t kLpcrHdice = 1ull << (63 - 63);
constexpr uint64_t kLpcrPeceDec = 1ull << (63 - 50);
constexpr uint64_t lpcr_ail(unsigned a) { return static_cast<uint64_t>(a) << (63 - 40); }

enum class State { Problem, Supervisor, Hypervisor };

// A processor (POWER9 by default) in the given state: bare metal (MSR[HV]=0 outside
// hypervisor state) unless `papr`.
struct StateMachine : TestMachine {
    explicit StateMachine(State st, bool papr = false, const char* cpu = "POWER9")
        : TestMachine(cpu, papr ? Platform::Papr : Platform::BareMetal) {
        if (st != State::Hypervisor) s().msr &= ~msr::kHV;
        if (st == State::Problem) s().msr |= msr::kPR;
    }
};

struct Outcome {
    uint64_t nia;
    uint64_t srr1;
    uint64_t rt;
};

// Run one instruction at 0x1000. r5 is preset to 0x1111 (mfspr tests read into r5); mtspr
// tests take their source from r6.
Outcome run_one(TestMachine& m, uint32_t insn) {
    m.load(0x1000, {insn});
    m.s().gpr[5] = 0x1111;
    m.run(1);
    return {m.s().nia, m.s().spr[sprn::kSRR1], m.s().gpr[5]};
}

// ---- SPR privilege matrix (Book III 5.4.4) ----

TEST(SprAccess, PrivilegedSprFromEachState) {
    // SPRG0 (272): privileged.
    {
        StateMachine m(State::Problem, true);
        auto o = run_one(m, enc::mfspr(5, sprn::kSPRG0));
        EXPECT_EQ(o.nia, vector::kProgram);
        EXPECT_TRUE(o.srr1 & program::kPrivileged);
    }
    for (State st : {State::Supervisor, State::Hypervisor}) {
        StateMachine m(st);
        m.s().spr[sprn::kSPRG0] = 0xfeed;
        auto o = run_one(m, enc::mfspr(5, sprn::kSPRG0));
        EXPECT_EQ(o.nia, 0x1004u);
        EXPECT_EQ(o.rt, 0xfeedu);
    }
}

TEST(SprAccess, HypervisorSprFromEachState) {
    // HSPRG0 (304): hypervisor. Problem and supervisor: Privileged Instruction type Program
    // interrupt; supervisor with LPCR[EVIRT]=1: Hypervisor Emulation Assistance with
    // HSRR1[45]. Hypervisor: works. (QEMU's pseries gives the privileged Program interrupt
    // too: checked with qemu-system-ppc64 -M pseries -cpu POWER9.)
    {
        StateMachine m(State::Problem);
        auto o = run_one(m, enc::mfspr(5, sprn::kHSPRG0));
        EXPECT_EQ(o.nia, vector::kProgram);
        EXPECT_TRUE(o.srr1 & program::kPrivileged);
    }
    for (bool papr : {false, true}) {
        StateMachine m(State::Supervisor, papr);
        m.s().spr[sprn::kHSPRG0] = 0xbeef;
        auto o = run_one(m, enc::mfspr(5, sprn::kHSPRG0));
        EXPECT_EQ(o.nia, vector::kProgram) << "papr=" << papr;
        EXPECT_TRUE(o.srr1 & program::kPrivileged) << "papr=" << papr;
        EXPECT_EQ(o.rt, 0x1111u) << "RT unchanged";
        m.s().gpr[6] = 0x42;
        run_one(m, enc::mtspr(sprn::kHSPRG0, 6));
        EXPECT_EQ(m.s().nia, vector::kProgram);
        EXPECT_EQ(m.s().spr[sprn::kHSPRG0], 0xbeefu) << "HSPRG0 unchanged";
    }
    {
        StateMachine m(State::Supervisor);
        m.s().spr[sprn::kLPCR] = kLpcrEvirt;
        auto o = run_one(m, enc::mtspr(sprn::kHSPRG0, 6));
        EXPECT_EQ(o.nia, vector::kHypervisorEmulationAssistance);
        EXPECT_EQ(m.s().spr[sprn::kHSRR0], 0x1000u);
        EXPECT_TRUE(m.s().spr[sprn::kHSRR1] & program::kPrivileged);
        EXPECT_EQ(m.s().spr[sprn::kHEIR], enc::mtspr(sprn::kHSPRG0, 6));
    }
    {
        StateMachine m(State::Hypervisor);
        m.s().gpr[6] = 0x42;
        auto o = run_one(m, enc::mtspr(sprn::kHSPRG0, 6));
        EXPECT_EQ(o.nia, 0x1004u);
        EXPECT_EQ(m.s().spr[sprn::kHSPRG0], 0x42u);
    }
}

TEST(SprAccess, UnimplementedNumbers) {
    // 777 (0x309): not privileged-numbered, not implemented by POWER9.
    // 1019 (0x3fb): privileged-numbered (bit 0x10), not implemented by POWER9 (ICTC is 7xx).
    ASSERT_EQ(find_spr(777, *find_cpu_by_name("POWER9")), nullptr);
    ASSERT_EQ(find_spr(1019, *find_cpu_by_name("POWER9")), nullptr);
    // Problem state: 0x10 clear -> illegal (HEA on bare metal, Program illegal under PAPR as
    // KVM reflects it; QEMU TCG pseries sets the privileged bit, SRR1[45], instead);
    // 0x10 set -> privileged.
    {
        StateMachine m(State::Problem);
        EXPECT_EQ(run_one(m, enc::mfspr(5, 777)).nia, vector::kHypervisorEmulationAssistance);
        StateMachine p(State::Problem, true);
        auto o = run_one(p, enc::mfspr(5, 777));
        EXPECT_EQ(o.nia, vector::kProgram);
        EXPECT_TRUE(o.srr1 & program::kIllegal);
        StateMachine q(State::Problem, true);
        o = run_one(q, enc::mtspr(1019, 5));
        EXPECT_EQ(o.nia, vector::kProgram);
        EXPECT_TRUE(o.srr1 & program::kPrivileged);
    }
    // Privileged states: no-op, except SPRs 0, 4, 5, 6.
    for (State st : {State::Supervisor, State::Hypervisor}) {
        for (unsigned n : {777u, 1019u}) {
            StateMachine m(st, true);
            auto o = run_one(m, enc::mfspr(5, n));
            EXPECT_EQ(o.nia, 0x1004u) << n;
            EXPECT_EQ(o.rt, 0x1111u) << n;
        }
        for (unsigned n : {0u, 4u, 5u, 6u}) {
            StateMachine m(st, true);
            auto o = run_one(m, enc::mtspr(n, 5));
            EXPECT_EQ(o.nia, vector::kProgram) << n;
            EXPECT_TRUE(o.srr1 & program::kIllegal) << n;
        }
    }
}

TEST(SprAccess, EvirtTurnsUndefinedSprNoOpsIntoHea) {
    for (State st : {State::Supervisor, State::Hypervisor}) {
        for (unsigned n : {777u, 1019u}) {
            StateMachine m(st);
            m.s().spr[sprn::kLPCR] = kLpcrEvirt;
            auto o = run_one(m, enc::mfspr(5, n));
            EXPECT_EQ(o.nia, vector::kHypervisorEmulationAssistance) << n;
            EXPECT_FALSE(m.s().spr[sprn::kHSRR1] & program::kPrivileged) << n;
            EXPECT_EQ(m.s().spr[sprn::kHEIR], enc::mfspr(5, n));
        }
    }
}

TEST(SprAccess, BookEStopgapIsPlainStorage) {
    TestMachine m("e500mc", Platform::BookE, false);
    m.s().gpr[6] = 0xabc;
    m.load(0x1000, {enc::mtspr(sprn::kSRR0, 6), enc::mfspr(7, sprn::kSRR0)});
    m.run(2);
    EXPECT_EQ(m.s().gpr[7], 0xabcu);
}

TEST(SprAccess, Spr808To811AreNoOps) {
    for (State st : {State::Problem, State::Supervisor}) {
        StateMachine m(st, true);
        auto o = run_one(m, enc::mfspr(5, 810));
        EXPECT_EQ(o.nia, 0x1004u);
        EXPECT_EQ(o.rt, 0x1111u);
    }
    // Before ISA 2.07 they are ordinary undefined numbers (illegal in problem state).
    StateMachine p7(State::Problem, true, "POWER7");
    EXPECT_EQ(run_one(p7, enc::mfspr(5, 810)).nia, vector::kProgram);
}

TEST(SprAccess, ReadOnlyAndWriteOnlyNumbers) {
    // PVR (287) has no mtspr. Book III 5.4.4: "When an SPR is defined for mtspr and undefined
    // for mfspr, or vice versa, a hyphen appears in the column for the instruction for which
    // the SPR number is undefined", so the undefined-SPR rule applies: a privileged number in
    // privileged state is a no-op. QEMU raises a Privileged Instruction Program interrupt
    // instead (seen with qemu-system-ppc64 -M pseries and -M powernv9).
    StateMachine m(State::Supervisor, true);
    const uint64_t pvr = m.s().spr[sprn::kPVR];
    m.s().gpr[6] = 1;
    run_one(m, enc::mtspr(sprn::kPVR, 6));
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().spr[sprn::kPVR], pvr);
    EXPECT_EQ(run_one(m, enc::mfspr(5, sprn::kPVR)).rt, find_cpu_by_name("POWER9")->pvr);
    // CTRL: read at 136 (problem), write at 152 (privileged).
    StateMachine p(State::Supervisor, true);
    p.s().gpr[6] = 1;
    run_one(p, enc::mtspr(sprn::kCTRL_W, 6));
    auto o = run_one(p, enc::mfspr(5, sprn::kCTRL_R));
    EXPECT_EQ(o.rt & 1, 1u);
    StateMachine u(State::Problem, true);
    EXPECT_EQ(run_one(u, enc::mtspr(sprn::kCTRL_W, 6)).nia, vector::kProgram);
    // TB is read-only at 268; writes go to 284/285 in hypervisor state.
    TestEnvironment env;
    env.tb = 0x123456789abcull;
    TestMachine h("POWER9", Platform::BareMetal, true, &env);
    h.s().gpr[6] = 0x1000;
    h.load(0x1000, {enc::mfspr(5, sprn::kTB), enc::mfspr(7, sprn::kTBU), enc::mftb(8, 268),
                    enc::mtspr(sprn::kTBL_W, 6), enc::mfspr(9, sprn::kTB)});
    h.run(5);
    EXPECT_EQ(h.s().gpr[5], 0x123456789abcull);
    EXPECT_EQ(h.s().gpr[7], 0x1234u);
    EXPECT_EQ(h.s().gpr[8], 0x123456789abcull);
    EXPECT_EQ(h.s().gpr[9], 0x123400001000ull);
}

TEST(SprAccess, BookOneRegistersAndXerSplit) {
    StateMachine m(State::Problem, true);
    m.s().gpr[5] = 0xe000007full | (1ull << 19) | (1ull << 18);  // SO OV CA OV32 CA32 BC
    m.load(0x1000, {enc::mtspr(sprn::kXER, 5), enc::mfspr(6, sprn::kXER),
                    enc::mtspr(sprn::kLR, 5), enc::mfspr(7, sprn::kLR)});
    m.run(4);
    EXPECT_EQ(m.s().so, 1);
    EXPECT_EQ(m.s().ca32, 1);
    EXPECT_EQ(m.s().xer_bc, 0x7f);
    EXPECT_EQ(m.s().gpr[6] & 0xe00c007full, 0xe00c007full);
    EXPECT_EQ(m.s().gpr[7], m.s().gpr[5]);
}

TEST(SprAccess, FacilityControlledSprs) {
    // TAR (815) and DSCR (3) in problem state need FSCR[TAR]/FSCR[DSCR].
    StateMachine m(State::Problem, true);
    EXPECT_EQ(run_one(m, enc::mfspr(5, sprn::kTAR)).nia, vector::kFacilityUnavailable);
    EXPECT_EQ(m.s().spr[sprn::kFSCR] >> 56, fscr::kTar);
    StateMachine d(State::Problem, true);
    EXPECT_EQ(run_one(d, enc::mtspr(sprn::kDSCR_U, 5)).nia, vector::kFacilityUnavailable);
    EXPECT_EQ(d.s().spr[sprn::kFSCR] >> 56, fscr::kDscr);
    StateMachine ok(State::Problem, true);
    ok.s().spr[sprn::kFSCR] = 1ull << fscr::kDscr;
    ok.s().gpr[6] = 0x10;
    run_one(ok, enc::mtspr(sprn::kDSCR_U, 6));
    EXPECT_EQ(ok.s().spr[sprn::kDSCR], 0x10u) << "SPR 3 is the problem-state view of DSCR";
    // Privileged DSCR (17) is not under FSCR.
    StateMachine s(State::Supervisor, true);
    s.s().spr[sprn::kDSCR] = 7;
    EXPECT_EQ(run_one(s, enc::mfspr(5, sprn::kDSCR)).rt, 7u);
    // On bare metal HFSCR controls the partition: HFSCR[TAR]=0 -> Hypervisor Facility
    // Unavailable (0xf80) from supervisor state.
    StateMachine h(State::Supervisor);
    EXPECT_EQ(run_one(h, enc::mfspr(5, sprn::kTAR)).nia, vector::kHypervisorFacilityUnavailable);
    EXPECT_EQ(h.s().spr[sprn::kHFSCR] >> 56, fscr::kTar);
    EXPECT_EQ(h.s().spr[sprn::kHSRR0], 0x1000u);
}

TEST(SprAccess, ModelGating) {
    // PTCR exists from ISA 3.0; SDR1 is gone in 3.0; PSSCR 3.0.
    EXPECT_NE(find_spr(sprn::kPTCR, *find_cpu_by_name("POWER9")), nullptr);
    EXPECT_EQ(find_spr(sprn::kPTCR, *find_cpu_by_name("POWER8")), nullptr);
    EXPECT_EQ(find_spr(sprn::kSDR1, *find_cpu_by_name("POWER9")), nullptr);
    EXPECT_NE(find_spr(sprn::kSDR1, *find_cpu_by_name("POWER8")), nullptr);
    EXPECT_NE(find_spr(sprn::kSDR1, *find_cpu_by_name("750")), nullptr);
    EXPECT_NE(find_spr(530, *find_cpu_by_name("7448")), nullptr) << "BATs on 32-bit classic";
    EXPECT_EQ(find_spr(530, *find_cpu_by_name("POWER9")), nullptr);
    EXPECT_EQ(find_spr(sprn::kTEXASR, *find_cpu_by_name("POWER10")), nullptr) << "no TM";
    EXPECT_NE(find_spr(sprn::kTEXASR, *find_cpu_by_name("POWER9")), nullptr);
    // Every privileged-numbered SPR in the table is at least privileged for what it allows.
    size_t count;
    const SprInfo* t = spr_table(count);
    for (size_t i = 0; i < count; ++i) {
        if (t[i].number & 0x10) {
            EXPECT_NE(t[i].read, SprPriv::Problem) << t[i].name;
            EXPECT_NE(t[i].write, SprPriv::Problem) << t[i].name;
        }
    }
}

// Every plain SPR of each server model round-trips through mtspr/mfspr in hypervisor state
// (write-only and read-only numbers excepted), masked by its implemented bits.
TEST(SprAccess, EveryPlainSprRoundTrips) {
    size_t checked = 0;
    for (const char* cpu : {"970", "POWER5+", "POWER7", "POWER8", "POWER9", "POWER10"}) {
        size_t count;
        const SprInfo* t = spr_table(count);
        for (size_t i = 0; i < count; ++i) {
            const SprInfo& info = t[i];
            if (info.kind != SprKind::Plain || info.alias || info.read == SprPriv::None ||
                info.write == SprPriv::None || info.fscr_bit != fscr::kNone)
                continue;
            if (find_spr(info.number, *find_cpu_by_name(cpu)) != &info) continue;
            // HRMOR relocates hypervisor real-mode addresses (Book III 6.7.3): the mfspr after
            // it is fetched from EA|HRMOR, outside this machine's RAM. Tested on its own below.
            if (info.number == sprn::kHRMOR) continue;
            StateMachine m(State::Hypervisor, false, cpu);
            const uint64_t pattern = 0x5aa5c33c0ff0f00full;
            m.s().gpr[6] = pattern;
            m.load(0x1000, {enc::mtspr(info.number, 6), enc::mfspr(7, info.number)});
            m.run(2);
            EXPECT_EQ(m.s().nia, 0x1008u) << cpu << " " << info.name;
            EXPECT_EQ(m.s().gpr[7], pattern & info.write_mask) << cpu << " " << info.name;
            ++checked;
        }
    }
    EXPECT_GT(checked, 150u);
}

TEST(SprAccess, HrmorRelocatesHypervisorRealMode) {
    // A real-mode fetch with EA bit 0 = 0 goes to EA | HRMOR: after mtspr HRMOR the next
    // instruction comes from the relocated address (here a `li r7,42` placed there).
    StateMachine m(State::Hypervisor, false, "POWER9");
    m.s().gpr[6] = 0x100000;
    m.load(0x1000, {enc::mtspr(sprn::kHRMOR, 6)});
    m.load(0x101004, {enc::li(7, 42)}, false);
    m.run(2);
    EXPECT_EQ(m.s().spr[sprn::kHRMOR], 0x100000u);
    EXPECT_EQ(m.s().gpr[7], 42u);
    // An HRMOR pointing outside RAM makes the fetch a machine check; its vector (also
    // relocated) faults too with MSR[ME]=0: checkstop, and run() returns.
    StateMachine w(State::Hypervisor, false, "POWER9");
    w.s().gpr[6] = 0x5aa5c33c0ff0f000ull;
    w.load(0x1000, {enc::mtspr(sprn::kHRMOR, 6)});
    EXPECT_EQ(w.run(1000), StopReason::Halted);
    EXPECT_EQ(w.s().halt, HaltReason::Checkstop);
}

TEST(SprAccess, ProgramPriorityRules) {
    // Problem state may set priorities 2-4 only; others leave PPR unchanged.
    StateMachine m(State::Problem, true);
    m.s().spr[sprn::kPPR] = 4ull << 50;
    m.s().gpr[6] = 6ull << 50;
    run_one(m, enc::mtspr(sprn::kPPR, 6));
    EXPECT_EQ(m.s().spr[sprn::kPPR], 4ull << 50);
    m.s().gpr[6] = 2ull << 50;
    run_one(m, enc::mtspr(sprn::kPPR, 6));
    EXPECT_EQ(m.s().spr[sprn::kPPR], 2ull << 50);
    StateMachine s(State::Supervisor, true);
    s.s().gpr[6] = 6ull << 18;  // PPR32: PRI at bits 11:13 of the word
    run_one(s, enc::mtspr(sprn::kPPR32, 6));
    EXPECT_EQ(s.s().spr[sprn::kPPR], 6ull << 50);
}

TEST(SprAccess, PcrWriteChangesTheCompatLevelOfDecodedCode) {
    // POWER9 hypervisor sets PCR to ISA 2.07 compat (ARCH_207): problem-state code then sees
    // scv (3.0) as illegal, even in a block decoded before the write. (Problem state is set
    // directly: entering it by rfid would turn translation on, and this test has no MMU.)
    StateMachine m(State::Hypervisor);
    ASSERT_EQ(m.s().effective_isa, IsaLevel::V3_00);
    m.s().spr[sprn::kFSCR] = 1ull << fscr::kScv;
    m.load(0x2000, {enc::scv(0)});
    const uint64_t hv_msr = m.s().msr;
    m.s().msr = (hv_msr & ~msr::kHV) | msr::kPR;
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x17000u) << "scv decoded and run at the native level";
    m.s().msr = hv_msr;
    m.s().gpr[6] = pcr::kArch207;
    m.load(0x1000, {enc::mtspr(sprn::kPCR, 6)});
    m.run(1);
    EXPECT_EQ(m.s().effective_isa, IsaLevel::V2_07);
    m.s().msr = (hv_msr & ~msr::kHV) | msr::kPR;
    m.s().nia = 0x2000;  // no load(): the decoded block must be dropped by the PCR write
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kHypervisorEmulationAssistance) << "illegal on bare metal";
    EXPECT_EQ(m.s().spr[sprn::kHSRR0], 0x2000u);
}

TEST(SprAccess, AmrWritesAreMaskedByUamorAndAmor) {
    // Problem state: AMR (13) through UAMOR.
    StateMachine u(State::Problem, true);
    u.s().spr[sprn::kAMR] = 0xff00;
    u.s().spr[sprn::kUAMOR] = 0x0ff0;
    u.s().gpr[6] = 0x1234;
    run_one(u, enc::mtspr(sprn::kAMR_U, 6));
    EXPECT_EQ(u.s().spr[sprn::kAMR], 0xf230u);
    // Bare-metal supervisor: AMR (29) and UAMOR through AMOR.
    StateMachine s(State::Supervisor);
    s.s().spr[sprn::kAMOR] = 0xf;
    s.s().gpr[6] = 0xff;
    run_one(s, enc::mtspr(sprn::kAMR, 6));
    EXPECT_EQ(s.s().spr[sprn::kAMR], 0xfu);
    run_one(s, enc::mtspr(sprn::kUAMOR, 6));
    EXPECT_EQ(s.s().spr[sprn::kUAMOR], 0xfu);
    // Hypervisor: every bit.
    StateMachine h(State::Hypervisor);
    h.s().gpr[6] = 0xff;
    run_one(h, enc::mtspr(sprn::kAMR, 6));
    EXPECT_EQ(h.s().spr[sprn::kAMR], 0xffu);
}

TEST(SprAccess, HmerWritesAnd) {
    StateMachine m(State::Hypervisor);
    m.s().spr[sprn::kHMER] = 0xf0;
    m.s().gpr[6] = 0x3c;
    run_one(m, enc::mtspr(sprn::kHMER, 6));
    EXPECT_EQ(m.s().spr[sprn::kHMER], 0x30u);
}

// ---- MSR moves and return from interrupt (Book III 4.4) ----

TEST(Msr, MtmsrdCannotSetHvMeOrLe) {
    StateMachine m(State::Supervisor);
    m.s().msr = msr::kSF | msr::kME;  // LE=0, HV=0
    m.s().gpr[6] = msr::kSF | msr::kHV | msr::kLE | msr::kFP | msr::kRI;  // ME=0
    run_one(m, enc::mtmsrd(6));
    EXPECT_EQ(m.s().msr, msr::kSF | msr::kME | msr::kFP | msr::kRI);
}

TEST(Msr, MtmsrdSettingPrSetsEeIrDr) {
    StateMachine m(State::Supervisor);
    m.s().msr = msr::kSF | msr::kME | msr::kLE;
    m.s().gpr[5] = msr::kSF | msr::kPR;
    m.load(0x1000, {enc::mtmsrd(5)});
    m.run(1);
    EXPECT_EQ(m.s().msr & (msr::kPR | msr::kEE | msr::kIR | msr::kDR),
              msr::kPR | msr::kEE | msr::kIR | msr::kDR);
}

TEST(Msr, MtmsrdL1ChangesOnlyEeAndRi) {
    StateMachine m(State::Supervisor);
    const uint64_t before = msr::kSF | msr::kME | msr::kLE | msr::kFP;
    m.s().msr = before;
    m.s().gpr[6] = msr::kEE | msr::kRI | msr::kPR | msr::kIR;
    run_one(m, enc::mtmsrd(6, 1));
    EXPECT_EQ(m.s().msr, before | msr::kEE | msr::kRI);
    m.s().gpr[6] = 0;
    run_one(m, enc::mtmsrd(6, 1));
    EXPECT_EQ(m.s().msr, before);
}

TEST(Msr, MtmsrAltersLowHalfOnly) {
    StateMachine m(State::Supervisor);
    m.s().msr = msr::kSF | msr::kME | msr::kLE;
    m.s().gpr[6] = msr::kFP;  // SF=0 in RS: ignored by mtmsr
    run_one(m, enc::mtmsr(6));
    EXPECT_EQ(m.s().msr, msr::kSF | msr::kME | msr::kLE | msr::kFP);
}

TEST(Msr, MtmsrdTransactionStateRule) {
    // MSR[29:31]=0b010 (suspended) with RS[29:31]=0 keeps the TS bits (Book III 4.4, mtmsrd).
    StateMachine m(State::Supervisor);
    const uint64_t suspended = 1ull << (63 - 30);
    m.s().msr = msr::kSF | msr::kME | msr::kLE | suspended;
    m.s().gpr[6] = msr::kSF;
    run_one(m, enc::mtmsrd(6));
    EXPECT_EQ(m.s().msr & msr::kTS, suspended);
}

TEST(Msr, MfmsrIsPrivileged) {
    StateMachine m(State::Problem, true);
    EXPECT_EQ(run_one(m, enc::mfmsr(5)).nia, vector::kProgram);
    StateMachine s(State::Supervisor, true);
    EXPECT_EQ(run_one(s, enc::mfmsr(5)).rt, s.s().msr);
}

TEST(Rfid, RestoresMsrWithTheIsaRules) {
    // Supervisor (HV=0): HV can't be set, ME unchanged; PR=1 forces EE, IR, DR.
    StateMachine m(State::Supervisor);
    m.s().msr = msr::kSF | msr::kME | msr::kLE;
    m.s().spr[sprn::kSRR0] = 0x2002;
    m.s().spr[sprn::kSRR1] = msr::kSF | msr::kHV | msr::kPR | msr::kLE | (1ull << (63 - 44));
    m.load(0x1000, {enc::rfid()});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x2000u);
    EXPECT_EQ(m.s().msr, msr::kSF | msr::kME | msr::kLE | msr::kPR | msr::kEE | msr::kIR |
                             msr::kDR)
        << std::hex << m.s().msr;

    // Hypervisor: ME and HV come from SRR1.
    StateMachine h(State::Hypervisor);
    h.s().spr[sprn::kSRR0] = 0x3000;
    h.s().spr[sprn::kSRR1] = msr::kSF | msr::kLE;
    h.load(0x1000, {enc::rfid()});
    h.run(1);
    EXPECT_EQ(h.s().msr, msr::kSF | msr::kLE);
}

TEST(Rfid, ToThirtyTwoBitMode) {
    StateMachine m(State::Supervisor, true);
    m.s().spr[sprn::kSRR0] = 0x123456788ull;
    m.s().spr[sprn::kSRR1] = msr::kME | msr::kLE;  // SF=0
    m.load(0x1000, {enc::rfid()});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x23456788u);
    EXPECT_FALSE(m.s().mode64());
}

TEST(Rfid, HrfidOnlyInHypervisorState) {
    StateMachine s(State::Supervisor);
    auto o = run_one(s, enc::hrfid());
    EXPECT_EQ(o.nia, vector::kProgram);
    EXPECT_TRUE(o.srr1 & program::kPrivileged);

    StateMachine h(State::Hypervisor);
    h.s().spr[sprn::kHSRR0] = 0x4000;
    h.s().spr[sprn::kHSRR1] = msr::kSF | msr::kME | msr::kPR | msr::kLE;  // to HV=0 problem
    h.load(0x1000, {enc::hrfid()});
    h.run(1);
    EXPECT_EQ(h.s().nia, 0x4000u);
    EXPECT_FALSE(h.s().msr & msr::kHV);
    EXPECT_TRUE(h.s().problem_state());
}

// ---- interrupt delivery (Book III 7) ----

TEST(Interrupts, ProgramInterruptSrr1AndNewMsr) {
    StateMachine m(State::Problem, true);
    m.s().msr |= msr::kEE | msr::kFP;
    const uint64_t old = m.s().msr;
    auto o = run_one(m, enc::mfspr(5, sprn::kSRR0));
    EXPECT_EQ(o.nia, vector::kProgram);
    EXPECT_EQ(o.srr1, old | program::kPrivileged);
    EXPECT_EQ(m.s().msr, msr::kSF | msr::kME) << "LE = LPCR[ILE] = 0; EE/PR/FP/IR/DR cleared";
}

TEST(Interrupts, InterruptLittleEndian) {
    StateMachine m(State::Supervisor, true);
    m.s().spr[sprn::kLPCR] = kLpcrIle;
    m.s().msr &= ~msr::kLE;  // the guest runs big-endian: load() stores accordingly
    m.park_vectors(true);
    run_one(m, enc::sc(0));
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
    EXPECT_TRUE(m.s().msr & msr::kLE);
}

TEST(Interrupts, HypervisorInterruptsUseHile) {
    // POWER9: HID0 bit 4; POWER8: HID0 bit 19 (LPCR[ILE] does not apply to them). Checked on
    // qemu-system-ppc64 -M powernv9: with HID0 bit 4 set an illegal instruction enters 0xe40
    // with MSR = SF|HV|LE and HSRR1 = the old MSR.
    struct Case { const char* cpu; uint64_t hid0; };
    for (Case c : {Case{"POWER9", 1ull << (63 - 4)}, Case{"POWER8", 1ull << (63 - 19)}}) {
        StateMachine m(State::Supervisor, false, c.cpu);
        m.s().spr[sprn::kLPCR] = 0;
        m.s().spr[sprn::kHID0] = c.hid0;
        run_one(m, 0);  // illegal -> HEA (hypervisor interrupt)
        EXPECT_EQ(m.s().nia, vector::kHypervisorEmulationAssistance) << c.cpu;
        EXPECT_TRUE(m.s().msr & msr::kLE) << c.cpu;
        EXPECT_TRUE(m.s().msr & msr::kHV) << c.cpu;
        StateMachine n(State::Supervisor, false, c.cpu);
        n.s().spr[sprn::kLPCR] = kLpcrIle;
        run_one(n, 0);
        EXPECT_FALSE(n.s().msr & msr::kLE) << c.cpu << ": ILE is not HILE";
    }
    // POWER7 has no HILE: hypervisor interrupts are big-endian whatever LPCR[ILE] says.
    StateMachine p7(State::Supervisor, false, "POWER7");
    p7.s().spr[sprn::kLPCR] = kLpcrIle;
    run_one(p7, 0);
    EXPECT_EQ(p7.s().nia, vector::kHypervisorEmulationAssistance);
    EXPECT_FALSE(p7.s().msr & msr::kLE);
}

TEST(Interrupts, AlternateInterruptLocation) {
    struct Case {
        const char* cpu;
        unsigned ail;
        bool mmu_on;
        uint64_t vec;
    };
    const Case cases[] = {
        {"POWER9", 3, true, 0xc000000000004c00ull},
        {"POWER9", 2, true, 0x18c00ull},
        {"POWER9", 1, true, 0xc00},   // reserved
        {"POWER9", 3, false, 0xc00},  // MSR[IR DR] off at the time: no AIL
        {"POWER8", 3, true, 0xc000000000004c00ull},
        {"POWER10", 2, true, 0xc00},  // AIL=2 reserved in 3.1
        {"POWER10", 3, true, 0xc000000000004c00ull},
        {"POWER7", 3, true, 0xc00},   // no AIL before 2.07
    };
    for (const Case& c : cases) {
        StateMachine m(State::Supervisor, true, c.cpu);
        m.s().spr[sprn::kLPCR] = lpcr_ail(c.ail);
        m.s().msr |= c.mmu_on ? (msr::kIR | msr::kDR) : 0;
        // Run in real mode but with IR/DR set only at sc time: MSR[IR] needs an MMU to fetch,
        // so put IR/DR into the MSR after the fetch via the delivery directly.
        m.s().cia = 0x1000;
        raise_system_call(m.s(), 0);
        EXPECT_EQ(m.s().nia, c.vec) << c.cpu << " AIL=" << c.ail << " mmu=" << c.mmu_on;
        const bool relocated = c.vec != 0xc00;
        EXPECT_EQ((m.s().msr & (msr::kIR | msr::kDR)) != 0, relocated) << c.cpu;
    }
}

TEST(Interrupts, AilForHypervisorInterruptsFromAGuest) {
    // POWER8: an interrupt taking MSR[HV] 0->1 never uses AIL. POWER9: it does with LPCR[HR].
    // POWER10: it follows LPCR[HAIL] even with the guest's MMU off.
    StateMachine p8(State::Supervisor, false, "POWER8");
    p8.s().spr[sprn::kLPCR] = lpcr_ail(3);
    p8.s().msr |= msr::kIR | msr::kDR;
    p8.s().cia = 0x1000;
    raise_illegal(p8.s());
    EXPECT_EQ(p8.s().nia, vector::kHypervisorEmulationAssistance);

    StateMachine p9(State::Supervisor, false, "POWER9");
    p9.s().spr[sprn::kLPCR] = lpcr_ail(3) | kLpcrHr;
    p9.s().msr |= msr::kIR | msr::kDR;
    p9.s().cia = 0x1000;
    raise_illegal(p9.s());
    EXPECT_EQ(p9.s().nia, 0xc000000000004000ull | vector::kHypervisorEmulationAssistance);

    StateMachine p10(State::Supervisor, false, "POWER10");
    p10.s().spr[sprn::kLPCR] = kLpcrHail;
    p10.s().cia = 0x1000;
    raise_illegal(p10.s());
    EXPECT_EQ(p10.s().nia, 0xc000000000004000ull | vector::kHypervisorEmulationAssistance);
}

TEST(Interrupts, SystemResetAndMachineCheckNeverUseAil) {
    StateMachine m(State::Supervisor, true);
    m.s().spr[sprn::kLPCR] = lpcr_ail(3);
    m.s().msr |= msr::kIR | msr::kDR;
    m.s().cia = 0x1000;
    raise_machine_check(m.s(), 0);
    EXPECT_EQ(m.s().nia, vector::kMachineCheck);
    EXPECT_FALSE(m.s().msr & msr::kME);
}

TEST(Interrupts, ClassicThirtyTwoBitPrefixAndIle) {
    TestMachine m("7448", Platform::BareMetal, false);
    m.s().msr = msr::kME | msr::kIP | msr::kILE | msr::kEE;
    m.load(0x1000, {enc::sc(0)});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0xfff00c00u);
    EXPECT_EQ(m.s().msr, msr::kME | msr::kIP | msr::kILE | msr::kLE);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    // rfi restores the MSR from SRR1.
    TestMachine r("7448", Platform::BareMetal, false);
    r.s().spr[sprn::kSRR0] = 0x3000;
    r.s().spr[sprn::kSRR1] = msr::kME | msr::kPR | msr::kEE;
    r.load(0x1000, {enc::rfi()});
    r.run(1);
    EXPECT_EQ(r.s().nia, 0x3000u);
    EXPECT_EQ(r.s().msr, msr::kME | msr::kPR | msr::kEE);
}

// ---- system call ----

TEST(SystemCall, PaprSc1IsAHypercallFromSupervisorOnly) {
    TestEnvironment env;
    TestMachine m("POWER9", Platform::Papr, true, &env);
    m.s().gpr[3] = 0x1234;
    m.load(0x1000, {enc::sc(1), enc::nop()});
    m.run(1);
    EXPECT_EQ(env.hypercalls, 1);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().gpr[3], 0u);

    // From problem state: reflected to the guest as a system call, never entering HV.
    TestMachine u("POWER9", Platform::Papr, true, &env);
    u.s().msr |= msr::kPR;
    u.load(0x1000, {enc::sc(1)});
    u.run(1);
    EXPECT_EQ(env.hypercalls, 1);
    EXPECT_EQ(u.s().nia, vector::kSystemCall);
    EXPECT_FALSE(u.s().msr & msr::kHV);
}

TEST(SystemCall, BareMetalLevels) {
    StateMachine m(State::Supervisor);
    run_one(m, enc::sc(0));
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
    EXPECT_FALSE(m.s().msr & msr::kHV);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    StateMachine h(State::Supervisor);
    run_one(h, enc::sc(1));
    EXPECT_EQ(h.s().nia, vector::kSystemCall);
    EXPECT_TRUE(h.s().msr & msr::kHV) << "sc 1 enters hypervisor state";
    EXPECT_EQ(h.s().spr[sprn::kSRR0], 0x1004u) << "sc 1 uses SRR0/1, not HSRR0/1";
}

TEST(SystemCall, ScvAndRfscv) {
    StateMachine m(State::Problem, true);
    m.s().spr[sprn::kFSCR] = 1ull << fscr::kScv;
    m.s().spr[sprn::kLPCR] = lpcr_ail(3);
    m.s().msr |= msr::kEE;
    m.load(0x1000, {enc::scv(2)});
    // AIL needs MSR[IR DR]=1, which needs an MMU to fetch: deliver from a prepared state.
    m.s().msr |= msr::kIR | msr::kDR;
    const uint64_t old = m.s().msr;
    m.s().cia = 0x1000;
    m.s().nia = 0x1004;
    sem::scv(m.s(), {enc::scv(2), 0});
    EXPECT_EQ(m.s().nia, 0xc000000000003000ull + 2 * 0x20);
    EXPECT_EQ(m.s().lr, 0x1004u);
    EXPECT_EQ(m.s().ctr, old);
    EXPECT_TRUE(m.s().msr & msr::kEE) << "scv keeps EE";
    EXPECT_FALSE(m.s().problem_state());
    // rfscv back (run it in real mode at a low address).
    m.s().msr &= ~(msr::kIR | msr::kDR);
    m.load(0x2000, {enc::rfscv()});
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_TRUE(m.s().problem_state());
    EXPECT_EQ(m.s().msr & (msr::kEE | msr::kIR | msr::kDR), msr::kEE | msr::kIR | msr::kDR);

    // rfscv to privileged state: EE/IR/DR come from CTR[PR] (=0), not from CTR[EE]
    // (3.0B pseudo-code; QEMU would keep EE here).
    StateMachine r(State::Supervisor, true);
    r.s().lr = 0x3000;
    r.s().ctr = msr::kSF | msr::kME | msr::kLE | msr::kEE | msr::kIR | msr::kDR;
    r.load(0x2000, {enc::rfscv()});
    r.run(1);
    EXPECT_EQ(r.s().nia, 0x3000u);
    EXPECT_EQ(r.s().msr & (msr::kEE | msr::kIR | msr::kDR), 0u);

    StateMachine off(State::Problem, true);
    off.load(0x1000, {enc::scv(0)});
    off.run(1);
    EXPECT_EQ(off.s().nia, vector::kFacilityUnavailable);
    EXPECT_EQ(off.s().spr[sprn::kFSCR] >> 56, fscr::kScv);

    // AIL=3 but translation off when scv runs: AIL does not apply.
    StateMachine ail0(State::Supervisor, true);
    ail0.s().spr[sprn::kLPCR] = lpcr_ail(3);
    ail0.load(0x1000, {enc::scv(1)});
    ail0.run(1);
    EXPECT_EQ(ail0.s().nia, 0x17020u);
    EXPECT_FALSE(ail0.s().msr & msr::kIR);
    // AIL=2: translation on in the handler, vector not moved.
    StateMachine ail2(State::Supervisor, true);
    ail2.s().spr[sprn::kLPCR] = lpcr_ail(2);
    ail2.s().msr |= msr::kIR | msr::kDR;
    ail2.s().cia = 0x1000;
    ail2.s().nia = 0x1004;
    sem::scv(ail2.s(), {enc::scv(0), 0});
    EXPECT_EQ(ail2.s().nia, 0x17000u);
    EXPECT_TRUE(ail2.s().msr & msr::kIR);
}

// ---- timers and asynchronous interrupts ----

TEST(Decrementer, FiresWhenNegativeWithEe) {
    // Without an environment the time base is the retired-instruction count.
    TestMachine m("POWER9");
    m.s().msr |= msr::kEE;
    m.s().gpr[5] = 20;
    std::vector<uint32_t> prog = {enc::mtspr(sprn::kDEC, 5)};
    for (int i = 0; i < 40; ++i) prog.push_back(enc::addi(6, 6, 1));
    m.load(0x1000, prog);
    m.run(1);  // DEC = 20 at TB = 0 (the write happens before the mtspr retires)
    EXPECT_EQ(m.s().nia, 0x1004u);
    // Step one instruction at a time so the block boundary is exact.
    int steps = 0;
    while (m.s().nia != vector::kDecrementer && steps < 40) {
        m.run(1);
        ++steps;
    }
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    // DEC went negative at TB 21 (value 20 at TB 0, -1 at TB 21): 20 addis ran before.
    EXPECT_EQ(m.s().gpr[6], 20u);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u + 4 * 20);
    EXPECT_FALSE(m.s().msr & msr::kEE);
}

// A host-clock time base moves between any two readings. Linux writes DEC = 1 to force a
// decrementer interrupt; if the counter crosses zero before the timer deadline is computed,
// the deadline must still be armed, or the exception never comes (found on Debian's kernel:
// `sleep 1` never returned).
struct RunningClock : TestEnvironment {
    uint64_t timebase() override { return tb += 5; }
};

TEST(Decrementer, SmallValueCrossingZeroDuringTheWriteStillFires) {
    RunningClock clock;
    TestMachine m("POWER9", Platform::Default, true, &clock);
    m.s().msr |= msr::kEE;
    m.s().gpr[5] = 1;
    std::vector<uint32_t> prog = {enc::mtspr(sprn::kDEC, 5)};
    for (int i = 0; i < 2000; ++i) prog.push_back(enc::nop());
    m.load(0x1000, prog);
    // HDEC long expired (negative), so no other timer deadline keeps the checks going.
    clock.tb = 1u << 20;
    m.s().hdec_expiry = 0;
    m.run(2000);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
}

// Book III-S 64 decrementers are level-sensitive: writing a negative value over a negative
// one still leaves an exception (QEMU's PPC_DECR_UNDERFLOW_LEVEL behaves the same).
TEST(Decrementer, LevelSensitiveNegativeOverNegativeRaises) {
    TestMachine m("POWER9");
    m.s().gpr[5] = static_cast<uint64_t>(-5);
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::mtspr(sprn::kDEC, 5), enc::nop()});
    m.run(1);
    m.s().dec_exception = false;  // as if an interrupt had been taken and not rewritten
    m.s().msr |= msr::kEE;
    m.run(2);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
}

TEST(Decrementer, HeldUntilEeThenTakenAfterMtmsrd) {
    TestMachine m("POWER9");
    m.s().gpr[5] = 3;
    m.s().gpr[7] = msr::kEE;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::nop(), enc::nop(), enc::nop(), enc::nop(),
                    enc::nop(), enc::nop(), enc::mtmsrd(7, 1), enc::nop()});
    m.run(8);
    EXPECT_EQ(m.s().nia, 0x1020u) << "EE=0: no interrupt though DEC is negative";
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1020u) << "taken right after mtmsrd";
    // Level-sensitive on Book III-S 64: still pending while DEC is negative; a positive
    // write cancels it.
    EXPECT_TRUE(m.s().dec_exception);
    m.s().gpr[5] = 100;
    m.load(0x2000, {enc::mtspr(sprn::kDEC, 5), enc::nop(), enc::nop()});
    m.run(1);
    EXPECT_FALSE(m.s().dec_exception);
    m.s().msr |= msr::kEE;
    m.s().async_pending = true;
    m.run(2);
    EXPECT_EQ(m.s().nia, 0x200cu);
}

TEST(Decrementer, LevelSensitiveInterruptRepeatsUntilDecIsRewritten) {
    TestMachine m("POWER9");
    m.s().gpr[5] = 0xffffffffu;  // -1
    m.s().msr |= msr::kEE;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::nop()});
    m.run(2);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    // Return with EE=1 and DEC still negative: taken again at once.
    m.s().spr[sprn::kSRR0] = 0x1004;
    m.s().spr[sprn::kSRR1] = m.s().spr[sprn::kSRR1] | msr::kEE;
    m.s().spr[sprn::kSRR0] = 0x3000;
    m.load(0x3000, {enc::nop(), enc::nop()}, false);
    m.load(0x2000, {enc::rfid()});
    m.run(2);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x3000u);
}

// The same program on qemu-system-ppc64 -M powernv9 (bare metal, hypervisor state) counts 3
// Decrementer interrupts: DEC stays negative across rfid until the handler rewrites it.
TEST(Decrementer, LevelSensitiveMatchesQemuPowernv) {
    StateMachine m(State::Hypervisor);
    m.s().msr &= ~msr::kLE;  // big-endian, like the QEMU test image
    m.park_vectors(false);
    m.load(0x900, {enc::addi(10, 10, 1), enc::bc(16, 0, 12), enc::mtspr(sprn::kDEC, 4),
                   enc::rfid(), enc::rfid()},
           false);
    // 0x900: addi r10,r10,1 ; bdnz 0x910 ; mtspr DEC,r4 ; rfid ; (0x910) rfid
    m.s().gpr[7] = m.s().msr | msr::kEE;
    m.s().gpr[8] = ~0ull;
    m.s().gpr[4] = 0x7fff0000;
    m.s().ctr = 3;
    m.load(0x100, {enc::mtspr(sprn::kDEC, 8), enc::mtmsrd(7, 1), enc::nop(), enc::nop(),
                   enc::b(0)});
    m.run(100);
    EXPECT_EQ(m.s().gpr[10], 3u);
    EXPECT_EQ(m.s().nia, 0x110u);
}

TEST(Decrementer, ClassicEdgeTriggered) {
    TestMachine m("7448", Platform::BareMetal, false);
    m.s().gpr[5] = 0xffffffffu;
    m.s().msr = msr::kME | msr::kEE;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::nop(), enc::nop()});
    m.run(2);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    EXPECT_FALSE(m.s().dec_exception) << "consumed by the interrupt";
}

TEST(Decrementer, ReadCountsDownAndWriteNegativeRaises) {
    TestEnvironment env;
    TestMachine m("POWER9", Platform::Papr, true, &env);
    m.s().gpr[5] = 1000;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::mfspr(6, sprn::kDEC)});
    m.run(1);
    env.tb += 300;
    m.run(1);
    EXPECT_EQ(m.s().gpr[6], 700u);
    // Writing a negative value (bit 32 = 1) makes the exception exist at once.
    m.s().gpr[5] = 0x80000000u;
    m.s().msr |= msr::kEE;
    m.load(0x2000, {enc::mtspr(sprn::kDEC, 5), enc::nop()});
    m.run(2);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    // 32-bit DEC reads zero-extended.
    m.load(0x3000, {enc::mfspr(6, sprn::kDEC)});
    m.run(1);
    EXPECT_EQ(m.s().gpr[6] >> 32, 0u);
}

TEST(Decrementer, LargeDecrementer) {
    StateMachine m(State::Hypervisor);
    m.s().spr[sprn::kLPCR] = 1ull << (63 - 46);  // LD
    EXPECT_EQ(decrementer_bits(m.s()), 56u);
    m.s().gpr[5] = 0x100000000ull;  // positive as a 56-bit value
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::mfspr(6, sprn::kDEC)});
    m.run(2);
    EXPECT_EQ(m.s().gpr[6], 0x100000000ull - 1);
    EXPECT_FALSE(m.s().dec_exception);
}

TEST(Decrementer, HypervisorDecrementer) {
    // The hypervisor sets HDEC negative and enters the partition with hrfid: the HDEC
    // interrupt is enabled in non-hypervisor state whatever MSR[EE] is.
    StateMachine m(State::Hypervisor);
    m.s().spr[sprn::kLPCR] = kLpcrHdice | kLpcrLpes0;
    m.s().gpr[5] = 0xffffffffu;
    m.s().spr[sprn::kHSRR0] = 0x2000;
    m.s().spr[sprn::kHSRR1] = msr::kSF | msr::kME | msr::kLE;
    m.load(0x2000, {enc::nop(), enc::nop()}, false);
    m.load(0x1000, {enc::mtspr(sprn::kHDEC, 5), enc::hrfid(), enc::nop()});
    m.run(2);
    EXPECT_EQ(m.s().nia, 0x2000u) << "MSR[HV]=1, EE=0: not taken in the hypervisor";
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kHypervisorDecrementer);
    EXPECT_EQ(m.s().spr[sprn::kHSRR0], 0x2000u);
    EXPECT_TRUE(m.s().msr & msr::kHV);
    // HDICE=0: never.
    StateMachine off(State::Supervisor);
    off.s().spr[sprn::kLPCR] = kLpcrLpes0;
    off.s().hdec_expiry = ~0ull;
    off.s().async_pending = true;
    off.load(0x1000, {enc::nop()});
    off.run(1);
    EXPECT_EQ(off.s().nia, 0x1004u);
}

TEST(External, PaprGuestGetsAnOrdinaryInterrupt) {
    TestMachine m("POWER9");
    m.load(0x1000, {enc::nop(), enc::nop(), enc::nop()});
    set_external_interrupt(m.s(), true);
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u) << "EE=0";
    m.s().msr |= msr::kEE;
    m.s().async_pending = true;
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kExternal);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    EXPECT_FALSE(m.s().msr & msr::kHV);
}

TEST(External, BareMetalLpes0GoesToTheHypervisor) {
    StateMachine m(State::Supervisor);
    m.s().spr[sprn::kLPCR] = 0;  // LPES=0
    m.load(0x1000, {enc::nop()});
    set_external_interrupt(m.s(), true);
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kExternal);
    EXPECT_EQ(m.s().spr[sprn::kHSRR0], 0x1000u);
    EXPECT_TRUE(m.s().msr & msr::kHV);
}

TEST(Doorbell, DirectedPrivilegedDoorbellToSelf) {
    StateMachine m(State::Supervisor, true);
    m.s().gpr[5] = 5ull << (63 - 36);  // message type 5, thread 0
    m.s().gpr[6] = 7ull << (63 - 36);  // another type: ignored
    m.load(0x1000, {enc::msgsndp(6), enc::msgsndp(5), enc::nop(), enc::nop()});
    m.run(2);
    EXPECT_EQ(m.s().spr[sprn::kDPDES], 1u);
    EXPECT_EQ(m.s().nia, 0x1008u) << "EE=0";
    m.s().msr |= msr::kEE;
    m.s().async_pending = true;
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kDoorbell);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1008u);
    EXPECT_EQ(m.s().spr[sprn::kDPDES], 0u);

    StateMachine c(State::Supervisor, true);
    c.s().gpr[5] = 5ull << (63 - 36);
    c.load(0x1000, {enc::msgsndp(5), enc::msgclrp(5)});
    c.run(2);
    EXPECT_EQ(c.s().spr[sprn::kDPDES], 0u);

    // HFSCR[MSGP]=0 on bare metal: Hypervisor Facility Unavailable.
    StateMachine h(State::Supervisor);
    EXPECT_EQ(run_one(h, enc::msgsndp(5)).nia, vector::kHypervisorFacilityUnavailable);
    EXPECT_EQ(h.s().spr[sprn::kHFSCR] >> 56, fscr::kMsgp);
}

TEST(HypervisorMaintenance, RaisedByTheMachineUntilHmerIsCleared) {
    StateMachine m(State::Supervisor);
    m.s().spr[sprn::kHMEER] = 1ull << 63;
    m.load(0x1000, {enc::nop(), enc::nop()});
    raise_hypervisor_maintenance(m.s(), 1ull << 62);  // not enabled in HMEER
    m.run(1);
    EXPECT_EQ(m.s().nia, 0x1004u);
    EXPECT_EQ(m.s().spr[sprn::kHMER], 1ull << 62);
    raise_hypervisor_maintenance(m.s(), 1ull << 63);
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kHypervisorMaintenance);
    EXPECT_EQ(m.s().spr[sprn::kHSRR0], 0x1004u);
    EXPECT_TRUE(m.s().msr & msr::kHV);
}

TEST(SystemReset, RequestedByTheMachine) {
    StateMachine m(State::Hypervisor);
    m.load(0x1000, {enc::nop(), enc::nop()});
    m.run(1);
    request_system_reset(m.s());
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kSystemReset);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
}

// ---- trace ----

TEST(Trace, SingleStep) {
    TestMachine m("POWER9");
    m.s().msr |= msr::kSE;
    m.load(0x1000, {enc::addi(3, 3, 1), enc::addi(3, 3, 1)});
    m.run(1);
    EXPECT_EQ(m.s().gpr[3], 1u);
    EXPECT_EQ(m.s().nia, vector::kTrace);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    EXPECT_EQ(m.s().spr[sprn::kSIAR], 0x1000u);
    EXPECT_TRUE(m.s().spr[sprn::kSRR1] & msr::kSE);
    EXPECT_FALSE(m.s().msr & msr::kSE);
}

// MSR[SE] set by mtmsrd: the next instruction is traced (Book III 4.2.1, MSR[SE]: "after
// successfully completing the execution of the next instruction"). QEMU (powernv9) differs:
// it runs two instructions before the first trace interrupt (SRR0 one instruction later).
TEST(Trace, FirstInstructionAfterMtmsrdIsTraced) {
    StateMachine m(State::Hypervisor);
    m.s().gpr[5] = m.s().msr | msr::kSE;
    m.load(0x1000, {enc::mtmsrd(5), enc::addi(3, 3, 1), enc::addi(3, 3, 1)});
    m.run(3);
    EXPECT_EQ(m.s().gpr[3], 1u);
    EXPECT_EQ(m.s().nia, vector::kTrace);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1008u);
    EXPECT_EQ(m.s().spr[sprn::kSRR1] & 0x783f0000ull, 0u) << "no cause bits (QEMU agrees)";
}

TEST(Trace, BranchTraceAfterBranchesOnly) {
    TestMachine m("POWER9");
    m.s().msr |= msr::kBE;
    m.load(0x1000, {enc::addi(3, 3, 1), enc::addi(3, 3, 1), enc::b(0x100)});
    m.run(3);
    EXPECT_EQ(m.s().gpr[3], 2u);
    EXPECT_EQ(m.s().nia, vector::kTrace);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1108u);
    EXPECT_EQ(m.s().spr[sprn::kSIAR], 0x1008u);
}

TEST(Trace, NotAfterSystemCall) {
    TestMachine m("POWER9");
    m.s().msr |= msr::kSE;
    m.load(0x1000, {enc::sc(0)});
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kSystemCall);
}

// ---- power saving and attn ----

TEST(PowerSaving, StopWithoutEslResumesAfterStop) {
    // With a time base that does not move, nothing wakes the thread until the interrupt.
    TestEnvironment env;
    TestMachine m("POWER9", Platform::BareMetal, true, &env);
    m.load(0x1000, {enc::stop(), enc::addi(3, 3, 1)});
    EXPECT_EQ(m.run(10), StopReason::Halted);
    EXPECT_EQ(m.s().halt, HaltReason::Stop);
    EXPECT_EQ(m.run(10), StopReason::Halted) << "stays halted with nothing pending";
    set_external_interrupt(m.s(), true);  // EE=0: wakes, not taken
    m.run(1);
    EXPECT_EQ(m.s().halt, HaltReason::None);
    EXPECT_EQ(m.s().gpr[3], 1u);
}

// A PAPR H_CEDE as a machine would write it: EE on, wait for any exception, resume after sc.
struct CedingEnvironment : TestEnvironment {
    isa::ExecStatus hypercall(CpuState& cpu) override {
        ++hypercalls;
        cpu.msr |= msr::kEE;
        cpu.gpr[3] = 0;
        return enter_power_saving(cpu, HaltReason::Stop, false);
    }
};

TEST(PowerSaving, HypercallCanCedeTheProcessor) {
    CedingEnvironment env;
    TestMachine m("POWER9", Platform::Papr, true, &env);
    m.s().gpr[5] = 1000;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::sc(1), enc::nop()});
    EXPECT_EQ(m.run(5), StopReason::Halted);
    EXPECT_EQ(env.hypercalls, 1);
    EXPECT_EQ(m.run(5), StopReason::Halted) << "the time base has not moved";
    env.tb += 2000;
    m.s().async_pending = true;  // a machine's host timer would do this
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kDecrementer);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1008u) << "the interrupt returns after the sc";
}

TEST(PowerSaving, NapWakesThroughSystemReset) {
    StateMachine m(State::Hypervisor, false, "POWER8");
    m.s().spr[sprn::kLPCR] = kLpcrPeceDec;
    m.s().gpr[5] = 5;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::nap(), enc::nop()});
    EXPECT_EQ(m.run(2), StopReason::Halted);
    EXPECT_EQ(m.s().halt, HaltReason::Nap);
    // The time base is the instruction count here: the engine skips the idle time to the
    // DEC deadline.
    // DEC=5 written at TB 0 turns negative at TB 6; the nap retired at TB 2.
    ASSERT_EQ(m.s().instructions_retired, 2u);
    m.run(1);
    EXPECT_EQ(m.s().tb_offset, 6 - 2) << "the idle time was skipped to the DEC deadline";
    EXPECT_EQ(m.s().halt, HaltReason::None);
    EXPECT_EQ(m.s().nia, vector::kSystemReset);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1008u);
    EXPECT_EQ(m.s().spr[sprn::kSRR1] & (0xfull << 18), wake::kDecrementer);
    EXPECT_EQ(m.s().spr[sprn::kSRR1] & (0x3ull << 16), wake::kNoStateLoss);
}

TEST(PowerSaving, NapWithoutEnabledWakeStaysHalted) {
    StateMachine m(State::Hypervisor, false, "POWER8");
    m.s().spr[sprn::kLPCR] = 0;  // no PECE bits: DEC does not wake
    m.s().gpr[5] = 5;
    m.load(0x1000, {enc::mtspr(sprn::kDEC, 5), enc::nap()});
    EXPECT_EQ(m.run(2), StopReason::Halted);
    EXPECT_EQ(m.run(2), StopReason::Halted);
    EXPECT_TRUE(m.s().dec_exception);
    request_system_reset(m.s());  // always wakes
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kSystemReset);
    EXPECT_EQ(m.s().spr[sprn::kSRR1] & (0xfull << 18), wake::kSystemReset);
}

TEST(PowerSaving, StopWithEslAndEcWakesThroughSystemReset) {
    StateMachine m(State::Hypervisor);
    m.s().spr[sprn::kPSSCR] = (1ull << (63 - 42)) | (1ull << (63 - 43));  // ESL, EC
    m.s().spr[sprn::kLPCR] = 1ull << (63 - 49);  // external wakes
    m.load(0x1000, {enc::stop()});
    EXPECT_EQ(m.run(1), StopReason::Halted);
    set_external_interrupt(m.s(), true);
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kSystemReset);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    EXPECT_EQ(m.s().spr[sprn::kSRR1] & (0xfull << 18), wake::kExternal);
}

TEST(PowerSaving, ClassicPowWithHid0Nap) {
    TestMachine m("750", Platform::BareMetal, false);
    m.s().msr = msr::kME;
    m.s().spr[sprn::kHID0] = 1ull << (31 - 9);  // NAP
    m.s().gpr[5] = msr::kME | msr::kEE | msr::kPOW;
    m.load(0x1000, {enc::mtmsr(5), enc::nop()});
    EXPECT_EQ(m.run(2), StopReason::Halted);
    EXPECT_EQ(m.s().halt, HaltReason::Nap);
    set_external_interrupt(m.s(), true);
    m.run(1);
    EXPECT_EQ(m.s().nia, vector::kExternal);
    EXPECT_EQ(m.s().spr[sprn::kSRR0], 0x1004u);
    EXPECT_FALSE(m.s().msr & msr::kPOW);
}

TEST(PowerSaving, NapIsHypervisorOnlyAndGoneInPower9) {
    StateMachine s(State::Supervisor, false, "POWER8");
    EXPECT_EQ(run_one(s, enc::nap()).nia, vector::kProgram);
    StateMachine p9(State::Hypervisor, false, "POWER9");
    EXPECT_EQ(run_one(p9, enc::nap()).nia, vector::kHypervisorEmulationAssistance);
}

TEST(PowerSaving, AttnStopsTheMachineOnlyWhenEnabled) {
    StateMachine m(State::Hypervisor);
    m.s().spr[sprn::kHID0] = 1ull << (63 - 3);
    m.load(0x1000, {enc::attn()});
    EXPECT_EQ(m.run(5), StopReason::Halted);
    EXPECT_EQ(m.s().halt, HaltReason::Attn);
    set_external_interrupt(m.s(), true);
    EXPECT_EQ(m.run(5), StopReason::Halted) << "attn does not wake up";

    StateMachine off(State::Hypervisor);
    EXPECT_EQ(run_one(off, enc::attn()).nia, vector::kHypervisorEmulationAssistance);
    StateMachine papr(State::Supervisor, true);
    papr.s().spr[sprn::kHID0] = 1ull << (63 - 3);
    EXPECT_EQ(run_one(papr, enc::attn()).nia, vector::kProgram);
}


// mtspr to an SPR that changes translations drops the cached ones (soft_tlb.hpp). A lost
// hook here once let every Linux process keep using the previous process's translations
// after a context switch (PIDR), which broke copy-on-write after fork.
TEST(SprAccess, TranslationSprWritesFlushTheSoftTlb) {
    for (unsigned spr : {sprn::kPIDR, sprn::kAMR, sprn::kIAMR, sprn::kUAMOR}) {
        TestMachine m("POWER9");
        SoftTlbEntry& e = m.s().tlb.entry(static_cast<unsigned>(AccessKind::Store), 0x5000);
        e.tag = SoftTlb::tag(0x5000, m.s().msr | msr::kPR);
        m.s().gpr[5] = 7;
        m.load(0x1000, {enc::mtspr(spr, 5)});
        m.run(1);
        EXPECT_EQ(m.s().nia, 0x1004u) << spr;
        EXPECT_EQ(e.tag, 0u) << "SPR " << spr << " left a cached translation";
    }
}

// wait (ISA 3.0/3.1 Book II 4.6.3): WC=0 stops until an exception and resumes after the
// wait; WC=1 (waitrsv) and WC=2 (pause_short) may end at once; cp_abort has no buffer to clear.
TEST(PowerSaving, WaitAndCopyPasteAbort) {
    TestMachine m("POWER10");
    m.s().msr |= msr::kPR;  // neither is privileged
    m.load(0x1000, {0x7c40003c, 0x7c20003c, 0x7c00068c, enc::nop()});
    m.run(3);
    EXPECT_EQ(m.s().nia, 0x100cu);
    EXPECT_EQ(m.s().halt, HaltReason::None);

    TestMachine w("POWER10");
    w.s().gpr[5] = 50;
    w.load(0x1000, {enc::mtspr(sprn::kDEC, 5), 0x7c00003c, enc::nop(), enc::nop(), enc::nop()});
    EXPECT_EQ(w.run(10), StopReason::Halted);
    EXPECT_EQ(w.s().halt, HaltReason::Stop);
    EXPECT_EQ(w.s().nia, 0x1008u) << "resumes after the wait";
    // Time passes (the deterministic time base skips idle time to the deadline): the
    // decrementer exception ends the wait; MSR[EE]=0, so execution goes on after it.
    w.run(2);
    EXPECT_EQ(w.s().halt, HaltReason::None);
    EXPECT_EQ(w.s().nia, 0x1010u) << "the two nops after the wait ran";

    TestMachine p9("POWER8");
    p9.load(0x1000, {0x7c40003c});
    p9.run(1);
    EXPECT_EQ(p9.s().nia, vector::kProgram) << "POWER8 has no ISA 3.0 wait";
}

}  // namespace
}  // namespace ppcvm

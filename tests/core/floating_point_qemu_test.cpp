// Scalar floating point against QEMU: tests/core/data/fp_qemu_vectors.txt holds instructions
// executed under qemu-ppc64le -cpu power9 (scripts/fp_oracle/gen_vectors.py) with special,
// boundary and random operands in all rounding modes. Each is replayed through ppcvm's
// semantics and FRT, FPSCR and CR are compared. Where QEMU departs from the Power ISA the
// comparison is relaxed for that field only, and the departure is named below.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/cpu_state.hpp"
#include "core/fpscr.hpp"
#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/semantics/floating_point_math.hpp"

namespace ppcvm {
namespace {

constexpr uint64_t kSentinel = 0x5555aaaa5555aaaaull;

struct Vector {
    std::string op;
    uint64_t fpscr_in, a, b, c, frt, fpscr_out;
    uint32_t cr;
    int trapped;
};

TEST(FloatingPointQemu, MatchesQemuVectors) {
    std::ifstream in(PPCVM_TEST_DATA_DIR "/fp_qemu_vectors.txt");
    ASSERT_TRUE(in.good()) << "missing vectors file";
    std::map<std::string, uint32_t> words;
    std::map<std::string, int> checked, failed;
    std::string line;
    int total = 0, skipped = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ls(line);
        std::string op;
        ls >> op;
        if (op == "insn") {
            std::string name;
            ls >> name >> std::hex >> words[name];
            continue;
        }
        Vector v;
        v.op = op;
        ls >> std::hex >> v.fpscr_in >> v.a >> v.b >> v.c >> v.frt >> v.fpscr_out >> v.cr >> v.trapped;
        if (op == "stfs" || op == "lfs") {
            // Storage conversions (4.6.2 DOUBLE, 4.6.3 SINGLE), run by the oracle as
            // stfs/lfs through memory; checked here on the conversion functions the load and
            // store semantics use.
            const uint64_t got = op == "stfs" ? fp::double_to_single_bits(v.b)
                                              : fp::single_to_double_bits(static_cast<uint32_t>(v.b));
            ++total;
            ++checked[op];
            if (got != v.frt && failed[op]++ < 4)
                ADD_FAILURE() << line << "\n  ppcvm: " << std::hex << got;
            continue;
        }
        ASSERT_TRUE(words.count(op)) << op;
        const uint32_t word = words[op];
        const isa::InsnDesc* desc = isa::Decoder::instance().decode(word, 0);
        ASSERT_NE(desc, nullptr) << op;
        CpuState cpu;
        cpu.fpscr = fpscr::with_summaries(v.fpscr_in & fpscr::kImplemented);  // as mtfsf sets it
        cpu.vsr[0].dw[0] = kSentinel;
        cpu.vsr[1].dw[0] = v.a;
        cpu.vsr[2].dw[0] = v.b;
        cpu.vsr[3].dw[0] = v.c;
        // qemu-user runs with MSR[FE0|FE1] = 0b11 (precise mode).
        cpu.msr = msr::kFE0 | msr::kFE1 | msr::kFP;
        const bool interrupted = desc->handler(cpu, isa::Insn{word, 0}) == isa::ExecStatus::Interrupt;
        uint64_t want_fpscr = v.fpscr_out, got_fpscr = cpu.fpscr;
        // QEMU 7.2 never sets FPSCR[FR] (fraction rounded); ppcvm follows the ISA. FR is
        // checked against the ISA in floating_point_test.cpp instead.
        want_fpscr &= ~fpscr::kFR;
        got_fpscr &= ~fpscr::kFR;
        uint32_t want_cr = v.cr, got_cr = cpu.cr;
        EXPECT_EQ(interrupted, v.trapped != 0) << line;
        // QEMU raises the enabled-exception trap before its Rc=1 code updates CR1; the ISA's
        // precise mode completes the instruction (CR1 included) first. CR is not compared
        // for trapped vectors.
        if (v.trapped) want_cr = got_cr;
        const bool single = op.back() == 's' || op == "frsp";
        auto relax_fprf = [&] {
            want_fpscr &= ~fpscr::kFPRF;
            got_fpscr &= ~fpscr::kFPRF;
        };
        // QEMU classifies a single-precision result that is a single-format denormal as a
        // (double) normal number; the ISA's round-to-single model (4.3.x / frsp pseudocode)
        // sets FPRF to "denormalized number". ppcvm follows the ISA.
        if (single && fpscr::classify(cpu.vsr[0].dw[0], true) != fpscr::classify(cpu.vsr[0].dw[0]))
            relax_fprf();
        // fcfid* with an enabled inexact exception: QEMU traps before writing FRT and FPRF; the
        // ISA writes the rounded result as when XE=0 (4.4.5).
        if (op.rfind("fcfid", 0) == 0 && v.trapped && (v.fpscr_in & fpscr::kXE)) {
            v.frt = cpu.vsr[0].dw[0];
            relax_fprf();
        }
        // Single-precision instructions with operands that are not single values, when the
        // OE/UE-scaled result is still outside the single range: undefined in the ISA
        // (4.3.5.1); QEMU and ppcvm deliver different bits. Not compared.
        auto single_value = [](uint64_t x) {
            return fp::is_nan(x) || fp::single_to_double_bits(fp::double_to_single_bits(x)) == x;
        };
        if (single && v.trapped && (want_fpscr & (fpscr::kOX | fpscr::kUX)) &&
            !(single_value(v.a) && single_value(v.b) && single_value(v.c))) {
            ++skipped;
            continue;
        }
        // mtfsf with L=1 or W=1 and mtfsfi with W=1 write the upper word (DRN) per the ISA
        // (2.05+); QEMU 7.2 leaves DRN unchanged.
        if (op == "mtfsf_l" || op == "mtfsf_81w" || op == "mtfsfi_7w") {
            want_fpscr &= 0xffffffffull;
            got_fpscr &= 0xffffffffull;
        }
        // mtfsb1 setting an exception bit that was 0 also sets FX (4.2.2: only mtfsf and
        // mtfsfi are exempt from the implicit FX rule; "Special Registers Altered: FX"); QEMU
        // 7.2 leaves FX alone.
        if (op.rfind("mtfsb1", 0) == 0) {
            want_fpscr &= ~fpscr::kFX;
            got_fpscr &= ~fpscr::kFX;
            want_cr &= ~0x08000000u;  // CR1[FX] of mtfsb1.
            got_cr &= ~0x08000000u;
        }
        // FX: the ISA sets it only when an exception bit changes from 0 to 1 (4.2.2); QEMU sets
        // it whenever an instruction raises an exception, even one already set.
        if ((want_fpscr & fpscr::kFX) && !(got_fpscr & fpscr::kFX) && !(v.fpscr_in & fpscr::kFX) &&
            (want_fpscr & fpscr::kAllExceptions & ~v.fpscr_in) == 0) {
            want_fpscr &= ~fpscr::kFX;
            want_cr = (want_cr & ~0x08000000u) | (got_cr & 0x08000000u);
        }
        // Compares leave FI alone (4.6.8, "Special Registers Altered"); QEMU clears it.
        // An enabled invalid operation clears FR and FI (4.4.1); QEMU leaves FI as it was.
        if ((op == "fcmpu" || op == "fcmpo") ||
            (v.trapped && (v.fpscr_in & fpscr::kVE) && (got_fpscr & fpscr::kVX))) {
            want_fpscr &= ~fpscr::kFI;
            got_fpscr &= ~fpscr::kFI;
        }
        // QEMU 7.2 does not set FPRF at all for fcfidu, fcfids, fcfidus (the ISA does).
        if (op == "fcfidu" || op == "fcfids" || op == "fcfidus") relax_fprf();
        // QEMU returns +-0.5 (FPRF normal) for fre/fres of +-0; the ISA: +-infinity with ZX.
        if ((op == "fre" || op == "fres") && fp::is_zero(v.b)) {
            relax_fprf();
            if (cpu.vsr[0].dw[0] == (v.b | 0x7ff0000000000000ull)) v.frt = cpu.vsr[0].dw[0];
        }
        // fcmpo raising VXVC: QEMU also sets FPRF[C] (it treats it as an invalid operation with
        // a NaN result); the ISA changes only FPCC for compares.
        // fcmpo with an SNaN and VE=1: the ISA sets VXSNAN only; QEMU also sets VXVC.
        if (op == "fcmpo" && (v.fpscr_in & fpscr::kVE) && (fp::is_snan(v.a) || fp::is_snan(v.b))) {
            want_fpscr &= ~(fpscr::kVXVC | fpscr::kC);
            got_fpscr &= ~(fpscr::kVXVC | fpscr::kC);
        }
        if (op == "fcmpo" && (want_fpscr & fpscr::kVXVC)) {
            want_fpscr &= ~fpscr::kC;
            got_fpscr &= ~fpscr::kC;
        }
        // fnmadd/fnmsub in the directed rounding modes: the ISA rounds (FRA*FRC)+-FRB and then
        // negates ("the same result as fmadd then negate"); QEMU rounds the negated value, so
        // the two differ by one ulp when inexact. Checked against __float128 in
        // floating_point_test.cpp instead.
        if (op.rfind("fnm", 0) == 0 && (v.fpscr_in & 3) >= 2 && ((v.fpscr_out | got_fpscr) & fpscr::kFI)) {
            ++skipped;
            continue;
        }
        ++total;
        ++checked[op];
        if (cpu.vsr[0].dw[0] != v.frt || got_fpscr != want_fpscr || got_cr != want_cr) {
            if (failed[op]++ < 4)
                ADD_FAILURE() << line << "\n  ppcvm: frt=" << std::hex << cpu.vsr[0].dw[0]
                              << " fpscr=" << got_fpscr << " cr=" << got_cr << " fpscr^=" << (got_fpscr ^ want_fpscr);
        }
    }
    EXPECT_GT(total, 1000);
    EXPECT_LT(skipped, total / 20);
    for (auto& [op, n] : failed)
        if (n) ADD_FAILURE() << op << ": " << n << " of " << checked[op] << " differ";
}

}  // namespace
}  // namespace ppcvm

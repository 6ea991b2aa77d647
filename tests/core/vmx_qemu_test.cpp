// VMX against QEMU: tests/core/data/vmx_qemu_vectors.txt holds every register-to-register VMX
// instruction executed under qemu-ppc64le -cpu power10 (scripts/vmx_oracle/gen_vectors.py) with
// boundary and random operands and VSCR[NJ]/[SAT] both ways. Each is replayed through ppcvm's
// semantics and VRT (or RT), VSCR and CR are compared. Where QEMU departs from the Power ISA
// the comparison is relaxed for that case only, and the departure is named below.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/cpu_state.hpp"
#include "core/isa/decoder.hpp"

namespace ppcvm {
namespace {

TEST(VmxQemu, MatchesQemuVectors) {
    std::ifstream in(PPCVM_TEST_DATA_DIR "/vmx_qemu_vectors.txt");
    ASSERT_TRUE(in.good()) << "missing vectors file";
    std::map<std::string, uint32_t> words;
    std::map<std::string, int> checked, failed;
    std::string line;
    int total = 0;
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
        uint64_t v[15];
        for (auto& x : v) ls >> std::hex >> x;
        ASSERT_TRUE(words.count(op)) << op;
        const uint32_t word = words[op];
        const isa::InsnDesc* desc = isa::Decoder::instance().decode(word, 0);
        ASSERT_NE(desc, nullptr) << op;
        CpuState cpu;
        cpu.msr = msr::kSF | msr::kVEC | msr::kLE;
        cpu.vscr = uint32_t(v[0]);
        cpu.vsr[33] = VsrValue{{v[1], v[2]}};
        cpu.vsr[34] = VsrValue{{v[3], v[4]}};
        cpu.vsr[35] = VsrValue{{v[5], v[6]}};
        cpu.vsr[32] = VsrValue{{v[7], v[8]}};
        cpu.gpr[4] = v[9];
        cpu.gpr[5] = v[4];  // the oracle's r5
        ASSERT_EQ(desc->handler(cpu, isa::Insn{word, 0}), isa::ExecStatus::Continue) << line;
        const std::string base = op.substr(0, op.find('_'));
        uint64_t want0 = v[10], want1 = v[11], got0 = cpu.vsr[32].dw[0], got1 = cpu.vsr[32].dw[1];
        const bool gpr_result = std::string(desc->operands).rfind("RT", 0) == 0;
        if (gpr_result) {
            want0 = v[14];
            got0 = cpu.gpr[3];
            want1 = got1 = 0;
        }
        const uint32_t want_vscr = uint32_t(v[12]), got_vscr = cpu.vscr;
        const uint32_t got_cr = cpu.cr;
        uint32_t want_cr_fix = uint32_t(v[13]);
        // --- departures of QEMU 7.2 from the Power ISA, and undefined results ---
        auto elements_where = [&](auto keep) {  // compare only the words keep(i) selects
            for (unsigned i = 0; i < 4; ++i) {
                if (keep(i)) continue;
                const unsigned sh = 32 * (1 - i % 2);
                uint64_t& w = i < 2 ? want0 : want1;
                uint64_t g = i < 2 ? got0 : got1;
                w = (w & ~(0xffffffffull << sh)) | (g & (0xffffffffull << sh));
            }
        };
        auto vrb_word = [&](unsigned i) { return uint32_t((i < 2 ? v[3] : v[4]) >> (32 * (1 - i % 2))); };
        if (base == "vexptefp") {
            // QEMU's float32_exp2 returns -Inf or garbage for negative operands (e.g. 2^-15.08
            // -> 0xc415772f) and loses accuracy as x grows (2^11.69 -> 3275.6 instead of 3306,
            // 2^28.6 -> 0x4c82336c, 2^617 -> 0x6cf0c15a instead of +Inf); the ISA's estimate is
            // of 2^x (6.10.2 vexptefp). Only 0 <= x < 1, infinities and NaNs are compared; the
            // rest is checked against the ISA in vmx_test.cpp.
            elements_where([&](unsigned i) {
                const uint32_t x = vrb_word(i);
                const bool special = (x & 0x7f800000) == 0x7f800000;
                return special || (!(x >> 31) && ((x >> 23) & 0xff) < 127);
            });
        }
        if (base == "vlogefp" || base == "vexptefp") {
            // Estimates (6.10.2: the ISA bounds the error); the host's exp2f/log2f and QEMU's
            // float32_exp2/float32_log2 may differ in the last place.
            elements_where([&](unsigned i) {
                const uint64_t& w = i < 2 ? want0 : want1;
                const uint64_t g = i < 2 ? got0 : got1;
                const unsigned sh = 32 * (1 - i % 2);
                const int64_t d = int64_t(uint32_t(w >> sh)) - int64_t(uint32_t(g >> sh));
                return d < -1 || d > 1;
            });
        }
        if (base == "vrldmi") {
            // QEMU 7.2 computes vrldmi as vrldnm (the rotated, masked value, without inserting
            // into the old VRT): its vector expansion for VRLDMI is gen_vrlnm_vec (VRLWMI uses
            // gen_vrlmi_vec). ISA 3.1 6.9.4 (vrldmi): VRT <- (r & m) | (VRT & ~m). ppcvm follows
            // the ISA; here QEMU's value must equal ppcvm's vrldnm.
            CpuState nm;
            nm.msr = cpu.msr;
            nm.vsr[33] = VsrValue{{v[1], v[2]}};
            nm.vsr[34] = VsrValue{{v[3], v[4]}};
            nm.vsr[32] = VsrValue{{v[7], v[8]}};
            const uint32_t nm_word = (word & ~0x7ffu) | 0x1c5;  // vrldnm XO
            ASSERT_EQ(isa::Decoder::instance().decode(nm_word, 0)->op, isa::Op::vrldnm);
            isa::describe(isa::Op::vrldnm).handler(nm, isa::Insn{nm_word, 0});
            EXPECT_EQ(want0, nm.vsr[32].dw[0]) << line;
            EXPECT_EQ(want1, nm.vsr[32].dw[1]) << line;
            want0 = got0;
            want1 = got1;
        }
        if ((base == "vextuhlx" || base == "vextuwlx" || base == "vextuhrx" || base == "vextuwrx") &&
            (v[9] & 15) > (base[5] == 'h' ? 14u : 12u))
            want0 = got0;  // index past the last whole element: undefined (6.8.5)
        if (base.rfind("vins", 0) == 0 && base.back() == 'x') {
            // vins[bhwd][v]{l,r}x with an index past the last whole element: undefined (ISA
            // 3.1 6.8.5); QEMU leaves VRT unchanged, ppcvm writes the bytes that fit.
            const unsigned len = base[4] == 'b' ? 1 : base[4] == 'h' ? 2 : base[4] == 'w' ? 4 : 8;
            if ((v[9] & 15) > 16 - len) want0 = got0, want1 = got1;
        }
        if (base.rfind("vextd", 0) == 0 && base.size() > 8 && base.substr(base.size() - 3, 1) == "v") {
            const unsigned len = base[5] == 'd' ? 8 : base[6] == 'b' ? 1 : base[6] == 'h' ? 2 : 4;
            if ((v[9] & 31) > 32 - len) want0 = got0, want1 = got1;  // past the end: undefined
        }
        if (base == "vdiveuq" && v[1] >= v[3] && (v[1] > v[3] || v[2] >= v[4]) && (v[3] | v[4]))
            want0 = got0, want1 = got1;  // quotient does not fit in 128 bits: undefined
        if (base.rfind("bcd", 0) == 0 && (got_cr >> 4 & 15) == 1 && (want_cr_fix >> 4 & 15) == 2) {
            // An operand with a digit nibble > 9: ISA 6.12 (bcdadd.) sets CR6 to 0b0001 (VRT
            // undefined). QEMU 7.2 sometimes reports a zero result (CR6 EQ) instead.
            want0 = got0, want1 = got1, want_cr_fix = got_cr;
        }
        if ((base == "bcdctn" || base == "bcdctz") && (got_cr >> 4 & 15) == 1 && (want_cr_fix >> 4 & 1)) {
            // An invalid digit above the converted ones: ppcvm reports the operand invalid
            // (0b0001, as every BCD instruction treats any invalid digit), QEMU 7.2 checks only
            // the converted digits and reports an overflow. Both flag SO.
            want0 = got0, want1 = got1, want_cr_fix = got_cr;
        }
        if ((base == "bcdus" || base == "bcdutrunc") && (want_cr_fix >> 4 & 15) == ((got_cr >> 4 & 15) ^ 0xc)) {
            // Unsigned decimal results have no sign: a nonzero result is GT (ISA 3.0 6.12.2);
            // QEMU 7.2 reads the low digit as a sign code and reports LT.
            want_cr_fix = got_cr;
        }
        if (base.rfind("bcd", 0) == 0 && base != "bcdadd" && base != "bcdsub" &&
            (want_cr_fix >> 4 & 1) && got_cr == want_cr_fix)
            want0 = got0, want1 = got1;  // ISA 3.0 BCD: VRT undefined when invalid/overflow
        ++total;
        ++checked[base];
        if ((want0 != got0 || want1 != got1 || want_vscr != got_vscr || want_cr_fix != got_cr) &&
            failed[base]++ < 3)
            ADD_FAILURE() << line << "\n  ppcvm: " << std::hex << got0 << " " << got1 << " vscr "
                          << got_vscr << " cr " << got_cr;
    }
    for (const auto& [name, n] : failed) std::printf("  %s: %d/%d differ\n", name.c_str(), n, checked[name]);
    EXPECT_GT(total, 5000);
}

}  // namespace
}  // namespace ppcvm

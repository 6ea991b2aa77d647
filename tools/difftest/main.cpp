// difftest: random differential testing of ppcvm's exact engine against QEMU user mode.
// See tools/difftest/README.md. Exit status: 0 no unexplained difference, 1 differences,
// 2 usage or harness error, 77 QEMU or the runtime is not available (ctest "skipped").
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <array>
#include <map>
#include <regex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "core/isa/decoder.hpp"
#include "harness.hpp"

using namespace ppcvm;
using namespace ppcvm::difftest;

namespace {

struct DeviationContext {
    Mode mode;
    const TestCase& tc;
    const Observation& ppcvm;
    const Observation& qemu;
    PpcvmSide& side;
};

// QEMU stopped with SIGILL on an instruction of row `mnemonic` that ppcvm executed without an
// interrupt, and QEMU's state there is exactly ppcvm's state before that instruction: the one
// and only difference is QEMU refusing the instruction.
bool qemu_refused(const DeviationContext& c, std::string_view mnemonic) {
    if (c.qemu.outcome.kind != OutcomeKind::Illegal) return false;
    const uint64_t a = c.qemu.outcome.address;
    if (a < DT_TEST_BASE || (a - DT_TEST_BASE) % 4) return false;
    const size_t slot = (a - DT_TEST_BASE) / 4;
    for (size_t k = 0; k < c.tc.executed.size(); ++k) {
        const auto [s, row] = c.tc.executed[k];
        if (s != slot) continue;
        if (row < 0 || mnemonic != isa::instruction_table()[row].mnemonic) return false;
        const bool ppcvm_went_on =
            c.ppcvm.outcome.kind == OutcomeKind::Completed || c.ppcvm.outcome.address > a;
        if (!ppcvm_went_on) return false;
        Observation before = c.side.run_prefix(c.tc, k);
        before.outcome = c.qemu.outcome;
        return compare(c.mode, c.tc, before, c.qemu).empty();
    }
    return false;
}

// Known cases where QEMU departs from the Power ISA. A difference is excused only when an entry
// here matches it; excused differences are still counted and listed in the summary, never
// skipped silently. Each entry must cite the Power ISA section QEMU departs from.
struct KnownQemuDeviation {
    const char* name;
    const char* isa_reference;
    bool (*matches)(const DeviationContext& c);
};
const KnownQemuDeviation kKnownQemuDeviations[] = {
    // QEMU 7.2 decodes icbt only for BookE processors (PPC_BOOKE); on Book III-S it is an
    // illegal instruction, but icbt is a Base instruction (a hint, no architected effect).
    {"QEMU 7.2: icbt illegal on Book III-S", "Power ISA 3.1 Book II 4.3.1 (icbt)",
     [](const DeviationContext& c) { return qemu_refused(c, "icbt"); }},
    // QEMU 7.2 predates the ISA 3.1 sync fields: it accepts only L in bits 9-10 and treats
    // bit 8 (L) and bits 14-15 (SC) as reserved, refusing e.g. phwsync/stncisync forms.
    {"QEMU 7.2: sync with the ISA 3.1 L/SC fields illegal", "Power ISA 3.1 Book II 4.6.3 (sync)",
     [](const DeviationContext& c) { return qemu_refused(c, "sync"); }},
    // QEMU 7.2 accepts only L=0/1/3 in dcbf bits 9-10 and refuses the ISA 3.1 L=4/6
    // (dcbfps, dcbstps) forms that use bit 8.
    {"QEMU 7.2: dcbf with the ISA 3.1 L values illegal", "Power ISA 3.1 Book II 4.3.2 (dcbf)",
     [](const DeviationContext& c) { return qemu_refused(c, "dcbf"); }},
};

// ---- Per-instruction excuses -------------------------------------------------------------
// A case that differs is replayed one instruction at a time (QEMU runs every prefix of the
// case, ppcvm steps). At the first instruction after which the two disagree, the rules below
// are asked about that one instruction only; if one excuses the difference, ppcvm adopts
// QEMU's state (so an undefined or deviating value does not cascade) and the replay goes on.
// A case counts as explained only if every differing step is excused.

struct StepContext {
    Mode mode;
    const isa::InsnDesc& desc;
    uint32_t word;
    const RegFile& before;  // both sides agreed on this state
    const Observation& ppcvm;
    const Observation& qemu;
    const std::vector<Difference>& diffs;
    uint64_t address;  // of the instruction
    bool ended;        // the instruction ended the case on either side
};

int register_index(const std::string& name) {
    for (int i = 0; i < DT_NREGS; ++i)
        if (register_name(i) == name) return i;
    return -1;
}

// Bits each register may differ in; everything else (outcome, memory, other registers) must
// be equal.
using AllowedBits = std::array<uint64_t, DT_NREGS>;

bool differs_only_in(const StepContext& c, const AllowedBits& allowed) {
    if (c.diffs.empty()) return false;
    for (const auto& d : c.diffs) {
        const int i = register_index(d.what);
        if (i < 0) return false;
        if ((d.ppcvm ^ d.qemu) & ~allowed[static_cast<size_t>(i)]) return false;
    }
    return true;
}

unsigned field(uint32_t w, int first, int last) {  // ISA bit numbering, bit 0 = MSB
    return (w >> (31 - last)) & ((1u << (last - first + 1)) - 1);
}
unsigned rt_of(uint32_t w) { return field(w, 6, 10); }
unsigned ra_of(uint32_t w) { return field(w, 11, 15); }
unsigned rb_of(uint32_t w) { return field(w, 16, 20); }
bool rc_of(uint32_t w) { return w & 1; }
constexpr uint64_t kCr0LtGtEq = 0xe0000000ull;  // CR bits 0-2 in the 32-bit CR image
constexpr uint64_t kHighWord = 0xffffffff00000000ull;

// FPSCR bits (ISA bit n of the 64-bit FPSCR is value bit 63-n).
constexpr uint64_t fpscr_bit(int n) { return 1ull << (63 - n); }
constexpr uint64_t kFX = fpscr_bit(32), kFEX = fpscr_bit(33), kVX = fpscr_bit(34),
                   kFR = fpscr_bit(45), kFI = fpscr_bit(46), kVXVC = fpscr_bit(44),
                   kFPRF = 0x1full << 12, kVXSNAN = fpscr_bit(39), kXX = fpscr_bit(38),
                   kUX = fpscr_bit(36), kOX = fpscr_bit(35), kZX = fpscr_bit(37);

struct KnownStepDeviation {
    const char* name;
    const char* isa_reference;
    const char* rows;  // regex on the mnemonic
    bool (*matches)(const StepContext& c);
};

// True if the 64-bit divide/divide-extended operands make the quotient unrepresentable or the
// divisor zero (Book I 3.3.9: then RT and, Rc=1, CR0 LT/GT/EQ are undefined).
bool divide_undefined(const StepContext& c) {
    const std::string m = c.desc.mnemonic;
    const uint64_t a = c.before.r[DT_GPR0 + ra_of(c.word)], b = c.before.r[DT_GPR0 + rb_of(c.word)];
    const bool word = m.rfind("divw", 0) == 0;
    const bool ext = m.size() > 4 && m[4] == 'e';
    const bool uns = m.find('u') != std::string::npos;
    if (word) {
        const uint32_t a32 = static_cast<uint32_t>(a), b32 = static_cast<uint32_t>(b);
        if (b32 == 0) return true;
        if (ext) {
            if (uns) return a32 >= b32;
            const int64_t q = (static_cast<int64_t>(static_cast<int32_t>(a32)) << 32) /
                              static_cast<int32_t>(b32);
            return q < INT32_MIN || q > INT32_MAX;
        }
        return !uns && a32 == 0x80000000u && b32 == 0xffffffffu;
    }
    if (b == 0) return true;
    if (ext) {
        if (uns) return a >= b;
        const __int128 dividend = static_cast<__int128>(static_cast<int64_t>(a)) << 64;
        if (static_cast<int64_t>(b) == -1) return true;  // |quotient| >= 2^64 unless a == 0
        const __int128 q = dividend / static_cast<int64_t>(b);
        return q < INT64_MIN || q > INT64_MAX;
    }
    return !uns && a == 0x8000000000000000ull && b == ~0ull;
}

const KnownStepDeviation kKnownStepDeviations[] = {
    // ---- results the ISA leaves undefined ----
    // mulhw/mulhwu: "The contents of RT[0:31] are undefined", and with Rc=1 CR0 LT/GT/EQ are
    // undefined in 64-bit mode (they would describe the undefined doubleword).
    {"undefined by the ISA: mulhw/mulhwu RT[0:31] (and CR0 LT/GT/EQ in 64-bit mode)",
     "Power ISA 3.1 Book I 3.3.9 (mulhw, mulhwu)", "mulhwu?",
     [](const StepContext& c) {
         AllowedBits a{};
         a[DT_GPR0 + rt_of(c.word)] = kHighWord;
         if (rc_of(c.word) && c.mode != Mode::Be32) a[DT_CR] = kCr0LtGtEq;
         return differs_only_in(c, a);
     }},
    // divw/divwu/divwe/divweu: RT[0:31] undefined (CR0 LT/GT/EQ in 64-bit mode); on a zero
    // divisor or an unrepresentable quotient the whole of RT and CR0 LT/GT/EQ are undefined
    // (OV/SO, with OE=1, are defined and still compared).
    {"undefined by the ISA: divw* RT[0:31], or RT on divide by zero/overflow",
     "Power ISA 3.1 Book I 3.3.9 (divw, divwu, divwe, divweu)", "divwu?|divweu?",
     [](const StepContext& c) {
         AllowedBits a{};
         const bool undef = divide_undefined(c);
         a[DT_GPR0 + rt_of(c.word)] = undef ? ~0ull : kHighWord;
         if (rc_of(c.word) && (undef || c.mode != Mode::Be32)) a[DT_CR] = kCr0LtGtEq;
         return differs_only_in(c, a);
     }},
    {"undefined by the ISA: divd* RT on divide by zero/overflow",
     "Power ISA 3.1 Book I 3.3.9 (divd, divdu, divde, divdeu)", "divdu?|divdeu?",
     [](const StepContext& c) {
         if (!divide_undefined(c)) return false;
         AllowedBits a{};
         a[DT_GPR0 + rt_of(c.word)] = ~0ull;
         if (rc_of(c.word)) a[DT_CR] = kCr0LtGtEq;
         return differs_only_in(c, a);
     }},
};

uint64_t splitmix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

bool exists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0;
}

bool on_path(const std::string& prog) {
    if (prog.find('/') != std::string::npos) return ::access(prog.c_str(), X_OK) == 0;
    const char* path = std::getenv("PATH");
    std::string all = path ? path : "";
    size_t start = 0;
    while (start <= all.size()) {
        size_t end = all.find(':', start);
        if (end == std::string::npos) end = all.size();
        if (::access((all.substr(start, end - start) + "/" + prog).c_str(), X_OK) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

std::string self_dir() {
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    std::string p(buf, static_cast<size_t>(n));
    return p.substr(0, p.rfind('/'));
}

std::string disassemble(const std::string& objdump, Mode mode, const TestCase& tc) {
    char name[] = "/tmp/ppcvm-difftest-dis-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) return {};
    for (size_t i = 0; i <= tc.end_slot; ++i) {
        const uint32_t w = mode == Mode::Le64 ? tc.code[i] : __builtin_bswap32(tc.code[i]);
        if (::write(fd, &w, 4) != 4) break;
    }
    ::close(fd);
    const std::string cmd = fmt::format(
        "{} -D -b binary -m {} {} --adjust-vma={:#x} {} 2>&1", objdump,
        mode == Mode::Be32 ? "powerpc:common" : "powerpc:common64",
        mode == Mode::Le64 ? "-EL" : "-EB", DT_TEST_BASE, name);
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char line[512];
        bool body = false;
        while (std::fgets(line, sizeof line, p)) {
            if (body) out += std::string("  ") + line;
            if (std::strstr(line, "<.data>:")) body = true;
        }
        ::pclose(p);
    }
    ::unlink(name);
    return out;
}

std::string mnemonic_of(int row) {
    return row < 0 ? "(no row: reserved/random word)" : isa::instruction_table()[row].mnemonic;
}

struct Explanation {
    bool explained = false;
    std::map<std::string, uint64_t> excuses;  // rule name -> steps excused
    std::string report;                        // the first unexcused step, localized
};

// Replays a differing case step by step (see kKnownStepDeviations).
Explanation explain(Mode mode, const QemuConfig& qc, PpcvmSide& side, const TestCase& tc) {
    Explanation ex;
    std::vector<TestCase> variants;
    for (size_t k = 0; k <= tc.executed.size(); ++k) {
        TestCase v = tc;
        if (k < tc.executed.size()) {
            const size_t slot = tc.executed[k].first;
            for (size_t i = slot; i < v.code.size(); ++i) v.code[i] = 0x7fe00008;  // trap
            v.end_slot = slot;
        }
        variants.push_back(std::move(v));
    }
    std::vector<Observation> q;
    std::string error;
    if (!run_in_qemu(qc, mode, variants, q, error)) {
        ex.report = "localization failed: " + error + "\n";
        return ex;
    }
    side.begin(tc);
    Observation prev = side.observe();
    prev.outcome.kind = OutcomeKind::Completed;
    prev.outcome.address = side.state().nia;
    if (!compare(mode, variants[0], prev, q[0]).empty()) {
        ex.report = "first difference: before any instruction (harness problem?)\n";
        return ex;
    }
    bool any = false;
    for (size_t k = 1; k < variants.size(); ++k) {
        const auto [slot, row] = tc.executed[k - 1];
        Outcome out;
        const bool interrupted = side.step(out);
        Observation p = side.observe();
        if (interrupted) {
            p.outcome = out;
        } else {
            p.outcome.kind = OutcomeKind::Completed;
            p.outcome.address = side.state().nia;
        }
        const auto d = compare(mode, variants[k], p, q[k]);
        const bool ended = interrupted || q[k].outcome.kind != OutcomeKind::Completed;
        if (!d.empty()) {
            any = true;
            const KnownStepDeviation* rule = nullptr;
            if (row >= 0) {
                const isa::InsnDesc& desc = isa::instruction_table()[row];
                const StepContext c{mode, desc, tc.code[slot], prev.regs, p, q[k], d,
                                    DT_TEST_BASE + 4 * slot, ended};
                for (const auto& r : kKnownStepDeviations)
                    if (std::regex_match(desc.mnemonic, std::regex(r.rows)) && r.matches(c)) {
                        rule = &r;
                        break;
                    }
            }
            if (!rule) {
                const uint32_t w = tc.code[slot];
                std::string r = fmt::format(
                    "first unexcused difference after instruction #{} at {:#x}: {:08x} {}\n", k,
                    DT_TEST_BASE + 4 * slot, w,
                    row < 0 ? std::string("(no table row)")
                            : fmt::format("{} {}", isa::instruction_table()[row].mnemonic,
                                          isa::instruction_table()[row].operands));
                r += fmt::format("  {:<22} {:<18} {:<18} {:<18}\n", "", "before",
                                 "ppcvm after", "qemu after");
                for (const auto& x : d) {
                    const int i = register_index(x.what);
                    const uint64_t before = i >= 0 ? prev.regs.r[static_cast<size_t>(i)] : 0;
                    r += fmt::format("  {:<22} {:#018x} {:#018x} {:#018x}\n", x.what, before,
                                     x.ppcvm, x.qemu);
                }
                // Source operands as they were (fields A, B, C of the usual forms).
                r += fmt::format(
                    "  before: rA={:#x} rB={:#x} fA={:#x} fB={:#x} fC={:#x} fpscr={:#x}\n",
                    prev.regs.r[DT_GPR0 + ra_of(w)], prev.regs.r[DT_GPR0 + rb_of(w)],
                    prev.regs.r[DT_FPR0 + ra_of(w)], prev.regs.r[DT_FPR0 + rb_of(w)],
                    prev.regs.r[DT_FPR0 + field(w, 21, 25)], prev.regs.r[DT_FPSCR]);
                ex.report = r;
                return ex;
            }
            ++ex.excuses[rule->name];
            if (ended) break;
            side.adopt(q[k]);
            p = side.observe();
        }
        if (ended) break;
        prev = p;
    }
    if (!any) {
        ex.report = "first difference: not reproduced by the truncated runs\n";
        return ex;
    }
    ex.explained = true;
    return ex;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Random differential test: ppcvm exact engine vs QEMU user mode"};
    std::string mode_s = "le64", cpu = "POWER9", qemu, qemu_cpu = "auto", runtime, summary,
                objdump;
    uint64_t seed = 1, cases = 200, batch = 2000;
    int64_t only_case = -1;
    unsigned max_reports = 5;
    bool verbose = false;
    Options opt;
    app.add_option("--mode", mode_s, "le64 (qemu-ppc64le), be64 (qemu-ppc64), be32 (qemu-ppc)")
        ->check(CLI::IsMember({"le64", "be64", "be32"}));
    app.add_option("--cpu", cpu, "ppcvm CPU model (POWER9, POWER10...)");
    app.add_option("--qemu", qemu, "QEMU user-mode binary (default by mode)");
    app.add_option("--qemu-cpu", qemu_cpu, "QEMU -cpu value (auto: from --cpu; none: default)");
    app.add_option("--runtime", runtime, "QEMU-side runtime (default: next to this tool)");
    app.add_option("--seed", seed, "run seed");
    app.add_option("--cases", cases, "number of test cases");
    app.add_option("--insns", opt.insns, "instruction slots per case")->check(CLI::Range(1, 1000));
    app.add_option("--batch", batch, "cases per QEMU process")->check(CLI::Range(1, 100000));
    app.add_option("--only-case", only_case, "regenerate and run only this case index");
    app.add_option("--end-rate", opt.end_rate, "chance of keeping a case-ending instruction");
    app.add_option("--reserved-rate", opt.reserved_rate, "chance of a primary-opcode-0 word");
    app.add_option("--wild-rate", opt.wild_rate, "chance of a fully random word (see README)");
    app.add_option("--rows", opt.only_rows, "generate only rows whose mnemonic matches (regex)");
    app.add_option("--exclude-rows", opt.exclude_rows, "never generate these rows (regex)");
    app.add_option("--summary", summary, "write a summary (per mnemonic counts) to this file");
    app.add_option("--max-reports", max_reports, "detailed reports to print");
    app.add_option("--objdump", objdump, "objdump to disassemble reported cases");
    app.add_flag("-v,--verbose", verbose, "print every case");
    CLI11_PARSE(app, argc, argv);

    opt.mode = mode_s == "be64" ? Mode::Be64 : mode_s == "be32" ? Mode::Be32 : Mode::Le64;
    opt.cpu = cpu;
    QemuConfig qc;
    qc.qemu = !qemu.empty()                  ? qemu
              : opt.mode == Mode::Le64 ? "qemu-ppc64le"
              : opt.mode == Mode::Be64 ? "qemu-ppc64"
                                       : "qemu-ppc";
    if (qemu_cpu == "auto") {
        qc.cpu.clear();
        if (opt.mode != Mode::Be32)
            for (char c : cpu) qc.cpu += static_cast<char>(std::tolower(c));
    } else if (qemu_cpu != "none") {
        qc.cpu = qemu_cpu;
    }
    qc.runtime = !runtime.empty() ? runtime
                                  : fmt::format("{}/difftest-runtime-{}", self_dir(), mode_s);
    if (!on_path(qc.qemu) || !exists(qc.runtime)) {
        std::fprintf(stderr, "difftest: skipped: %s not found\n",
                     !on_path(qc.qemu) ? qc.qemu.c_str() : qc.runtime.c_str());
        return 77;
    }

    std::unique_ptr<PpcvmSide> side;
    try {
        side = std::make_unique<PpcvmSide>(opt.mode, cpu);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "difftest: %s\n", e.what());
        return 2;
    }
    std::unique_ptr<Generator> gen_ptr;
    try {
        gen_ptr = std::make_unique<Generator>(opt, *side);
    } catch (const std::regex_error& e) {
        std::fprintf(stderr, "difftest: bad --rows/--exclude-rows expression: %s\n", e.what());
        return 2;
    }
    Generator& gen = *gen_ptr;
    if (gen.eligible_rows().empty()) {
        std::fprintf(stderr, "difftest: no table row can be generated for this mode\n");
        return 2;
    }

    struct MnemonicStats {
        uint64_t executed = 0, in_failing = 0, in_excused = 0;
    };
    std::map<std::string, MnemonicStats> per_mnemonic;
    std::map<std::string, uint64_t> outcomes, excuse_counts;
    uint64_t total_cases = 0, total_insns = 0, failing = 0, excused = 0, reports = 0;

    const uint64_t first = only_case >= 0 ? static_cast<uint64_t>(only_case) : 0;
    const uint64_t last = only_case >= 0 ? first + 1 : cases;
    for (uint64_t b0 = first; b0 < last; b0 += batch) {
        const uint64_t b1 = std::min(last, b0 + batch);
        std::vector<TestCase> tcs;
        for (uint64_t k = b0; k < b1; ++k) tcs.push_back(gen.generate(splitmix(seed * 1000003 + k)));
        std::vector<Observation> qemu_obs;
        std::string error;
        if (!run_in_qemu(qc, opt.mode, tcs, qemu_obs, error)) {
            std::fprintf(stderr, "difftest: %s\n", error.c_str());
            return 2;
        }
        for (size_t i = 0; i < tcs.size(); ++i) {
            const TestCase& tc = tcs[i];
            const uint64_t index = b0 + i;
            const Observation p = side->run_case(tc);
            const Observation& q = qemu_obs[i];
            const auto diffs = compare(opt.mode, tc, p, q);
            ++total_cases;
            total_insns += tc.executed.size();
            ++outcomes[outcome_name(p.outcome.kind)];
            const KnownQemuDeviation* known = nullptr;
            const DeviationContext ctx{opt.mode, tc, p, q, *side};
            for (const auto& kd : kKnownQemuDeviations)
                if (!diffs.empty() && !known && kd.matches(ctx)) known = &kd;
            Explanation ex;
            std::string known_name;
            if (known) {
                known_name = fmt::format("{} ({})", known->name, known->isa_reference);
            } else if (!diffs.empty()) {
                ex = explain(opt.mode, qc, *side, tc);
                for (const auto& [name, n] : ex.excuses) {
                    if (!known_name.empty()) known_name += "; ";
                    known_name += name;
                    if (ex.explained) excuse_counts[name] += n;
                }
            }
            const bool is_known = known || ex.explained;
            for (const auto& e : tc.executed) {
                auto& st = per_mnemonic[mnemonic_of(e.second)];
                ++st.executed;
                if (!diffs.empty()) ++(is_known ? st.in_excused : st.in_failing);
            }
            if (diffs.empty() && !verbose) continue;
            if (!diffs.empty()) ++(is_known ? excused : failing);
            if (!verbose && (is_known || reports >= max_reports)) continue;
            ++reports;
            std::string r = fmt::format(
                "=== {} mode {} cpu {} seed {} case {} (case seed {:#x}) ===\n",
                diffs.empty() ? "case" : is_known ? "KNOWN QEMU DEVIATION" : "DIFFERENCE",
                mode_name(opt.mode), cpu, seed, index, tc.seed);
            if (is_known) r += fmt::format("excused: {}\n", known_name);
            r += "stream (#n = execution order):\n" + describe_stream(tc, opt.mode == Mode::Le64);
            if (!objdump.empty()) r += "objdump:\n" + disassemble(objdump, opt.mode, tc);
            r += fmt::format("outcome: ppcvm {} at {:#x} (data {:#x}), qemu {} at {:#x} (data "
                             "{:#x}, signal {})\n",
                             outcome_name(p.outcome.kind), p.outcome.address,
                             p.outcome.data_address, outcome_name(q.outcome.kind),
                             q.outcome.address, q.outcome.data_address, q.outcome.detail);
            if (!q.outcome.message.empty()) r += "qemu said: " + q.outcome.message + "\n";
            if (!diffs.empty()) {
                r += fmt::format("  {:<22} {:<18} {:<18} {:<18}\n", "", "initial", "ppcvm",
                                 "qemu");
                size_t mem_lines = 0;
                for (const auto& d : diffs) {
                    if (d.what.rfind("mem[", 0) == 0 && ++mem_lines > 8) continue;
                    r += fmt::format("  {:<22} {:#018x} {:#018x} {:#018x}\n", d.what, d.init,
                                     d.ppcvm, d.qemu);
                }
                if (mem_lines > 8)
                    r += fmt::format("  ... and {} more differing doublewords of memory\n",
                                     mem_lines - 8);
                r += is_known ? "" : ex.report;
                r += fmt::format("reproduce: difftest --mode {} --cpu {} --seed {} --insns {} "
                                 "--only-case {} -v\n",
                                 mode_name(opt.mode), cpu, seed, opt.insns, index);
            }
            std::fputs(r.c_str(), stdout);
        }
    }

    std::string s = fmt::format(
        "difftest {} cpu {} seed {}: {} cases, {} instructions compared, {} unexplained "
        "differences, {} known QEMU deviations\n",
        mode_name(opt.mode), cpu, seed, total_cases, total_insns, failing, excused);
    for (const auto& [name, n] : excuse_counts)
        s += fmt::format("  excused steps: {:>6}  {}\n", n, name);
    if (gen.nondeterministic_candidates())
        s += fmt::format("candidates dropped as nondeterministic on ppcvm: {}\n",
                         gen.nondeterministic_candidates());
    s += "outcomes (ppcvm):";
    for (const auto& [k, v] : outcomes) s += fmt::format(" {}={}", k, v);
    s += "\n";
    s += fmt::format("  {:<34} {:>12} {:>14} {:>14}\n", "mnemonic", "executed",
                     "in-diff-cases", "in-known-dev");
    for (const auto& [m, st] : per_mnemonic)
        s += fmt::format("  {:<34} {:>12} {:>14} {:>14}\n", m, st.executed, st.in_failing,
                         st.in_excused);
    std::fputs(s.c_str(), stdout);
    if (!summary.empty()) {
        std::ofstream f(summary, std::ios::app);
        f << s;
    }
    return failing ? 1 : 0;
}

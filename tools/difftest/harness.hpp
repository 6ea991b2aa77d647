// Random differential testing of ppcvm's exact engine against QEMU user mode.
//
// The generator knows no instruction by name: it walks isa::instruction_table() and builds
// random encodings from each row's pattern (random bits in the '-' positions), constrained by
// the row's flags and operand list (branch displacements stay in the test area, load/store
// base registers point into the scratch buffer, SPR numbers are user-mode ones...). Each
// candidate is run one step on ppcvm (the "guide") from the exact state it will see, and kept
// only if it stays inside the test area; the finished case is then run from scratch on ppcvm
// and in QEMU (tools/difftest/runtime) and the two are compared register for register.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "platform/platform_resolver.hpp"

extern "C" {
#include "protocol.h"
}

namespace ppcvm::difftest {

// What QEMU user mode can run (documented in tools/difftest/README.md):
//   Le64: qemu-ppc64le, MSR[SF]=1, MSR[LE]=1, -cpu POWER9/POWER10
//   Be64: qemu-ppc64,   MSR[SF]=1, MSR[LE]=0, -cpu POWER9/POWER10
//   Be32: qemu-ppc (a 32-bit-only CPU, pre-ISA-3.0) against ppcvm in MSR[SF]=0: only the low
//         32 bits of registers are compared, OV32/CA32 are not, and only Classic32 rows without
//         kSixtyFour are generated. QEMU 7.2 has no 32-bit mode for a 64-bit user process
//         (qemu-ppc64abi32 is gone) and no little-endian 32-bit user mode.
enum class Mode { Le64, Be64, Be32 };
const char* mode_name(Mode m);
std::string register_name(int protocol_index);

struct Options {
    Mode mode = Mode::Le64;
    std::string cpu = "POWER9";
    unsigned insns = 24;          // instruction slots per case
    double end_rate = 0.25;       // chance of keeping an instruction that ends the case early
    double reserved_rate = 0.01;  // chance of a primary-opcode-0 word (illegal everywhere)
    // Chance of a completely random word (any opcode). Meaningful only once the tables cover
    // what QEMU implements: until then every such word is a table gap, so the default is 0.
    double wild_rate = 0.0;
    // Triage filters on row mnemonics (ECMAScript regular expressions matched against the
    // whole mnemonic): empty = every row.
    std::string only_rows, exclude_rows;
    // false: leave out the VMX and VSX tables (the rows from Op::lvebx on, the tables' order in
    // all_tables.inc), whose random-stream differences are not triaged yet; their semantics
    // are checked against QEMU by the vmx/vsx replay tests instead.
    bool vector_rows = true;
    // true: only the VMX and VSX rows (the vector run of scripts/difftest-long.sh).
    bool only_vector_rows = false;
};

struct RegFile {
    std::array<uint64_t, DT_NREGS> r{};  // GPRs, CR, XER, LR, CTR, FPRs, FPSCR (protocol.h)
};

struct TestCase {
    uint64_t seed = 0;
    RegFile init;
    std::vector<uint8_t> scratch;         // DT_SCRATCH_SIZE bytes
    std::vector<uint32_t> code;           // every slot; code[end_slot..] are end markers
    size_t end_slot = 0;                  // where a completed run stops
    // The vector registers are state of this case: always in the 64-bit modes; in be32 only
    // on a processor with AltiVec (the VRs and VSCR then, no VSX doublewords).
    bool vector_state = true;
    // (slot, table index or -1) of each instruction the guide executed, in order.
    std::vector<std::pair<size_t, int>> executed;
    uint64_t end_address() const { return DT_TEST_BASE + 4 * end_slot; }
};

enum class OutcomeKind { Completed, Illegal, Privileged, Trap, Storage, Alignment, FpEnabled,
                         SystemCall, Timeout, QemuAborted, Other };
const char* outcome_name(OutcomeKind k);

struct Outcome {
    OutcomeKind kind = OutcomeKind::Other;
    uint64_t address = 0;       // instruction that ended the case (the end marker if completed)
    uint64_t data_address = 0;  // Storage: the faulting data/instruction address
    uint64_t detail = 0;        // ppcvm: vector; QEMU: signal number
    std::string message;        // QemuAborted: what QEMU printed
};

struct Observation {
    Outcome outcome;
    RegFile regs;
    std::vector<uint8_t> scratch;
};

// ppcvm side: one processor in problem state, translation on through an identity-mapping MMU
// that only maps the code area and the scratch buffer (as the QEMU runtime's address space
// maps them), so every stray access is a storage interrupt on ppcvm and SIGSEGV in QEMU.
class PpcvmSide {
public:
    PpcvmSide(Mode mode, const std::string& cpu_name);
    ~PpcvmSide();

    const CpuModel& model() const { return *platform_.cpu; }
    Mode mode() const { return mode_; }

    // Run a finished case from its initial state to the end marker or the first interrupt.
    Observation run_case(const TestCase& tc);
    // The state after the first `count` instructions of a case (they must not interrupt).
    Observation run_prefix(const TestCase& tc, uint64_t count);

    // ---- used by the generator ----
    void begin(const TestCase& tc);          // load code and state, no run
    void write_code_word(size_t slot, uint32_t word);
    struct Snapshot;
    std::unique_ptr<Snapshot> snapshot() const;
    void restore(const Snapshot& s);
    bool same_state(const Snapshot& s) const;
    // Execute one instruction; returns true if an interrupt was taken (outcome set).
    bool step(Outcome& out);
    CpuState& state() { return cpu_->state(); }
    // The registers and scratch buffer now (outcome not set).
    Observation observe() const;
    // Overwrite registers and scratch buffer with `o`'s, keeping MSR, NIA and the reservation
    // (used to go on from QEMU's state after an excused difference).
    void adopt(const Observation& o);

private:
    void load_state(const RegFile& regs, const std::vector<uint8_t>& scratch);
    Outcome classify_interrupt() const;
    RegFile read_regs() const;

    Mode mode_;
    ResolvedPlatform platform_;
    std::unique_ptr<GuestMemory> memory_;
    std::unique_ptr<Mmu> mmu_;
    std::unique_ptr<Cpu> cpu_;
    uint64_t base_msr_ = 0;
};

class Generator {
public:
    Generator(const Options& opt, PpcvmSide& side);
    TestCase generate(uint64_t case_seed);
    // Rows the generator draws from, as table indices (for reports).
    const std::vector<size_t>& eligible_rows() const { return rows_; }
    // Candidates dropped because two runs from the same state disagreed (darn and the like).
    uint64_t nondeterministic_candidates() const { return nondeterministic_; }

private:
    // Whether the VRs are state here: 64-bit modes, or a 32-bit processor with AltiVec.
    bool vector_state() const;
    RegFile random_regs();
    uint64_t interesting();
    uint64_t interesting_double();
    std::array<uint64_t, 2> interesting_vector();
    // A candidate for `slot` given the current ppcvm state; false if the row cannot be
    // constrained from this state (the caller draws again). `row` is -1 for raw words.
    bool candidate(size_t slot, size_t slots, uint32_t (&words)[2], unsigned& len, int& row);
    bool prefixed_candidate(const isa::InsnDesc& d, size_t slot, uint32_t (&words)[2]);
    bool constrain_memory(const isa::InsnDesc& d, uint32_t& w);
    uint32_t filler();

    Options opt_;
    PpcvmSide& side_;
    std::vector<size_t> rows_;
    std::mt19937_64 rng_;
    uint64_t nondeterministic_ = 0;
};

// The register comparison for a mode (32-bit mode compares low words, no OV32/CA32).
struct Difference {
    std::string what;
    uint64_t init = 0, ppcvm = 0, qemu = 0;
};
// The bits of register block entry `i` that compare() looks at: 32-bit CR, FPSCR and VSCR
// images, in be32 the low words of the fixed-point registers and the vector state only with
// AltiVec (compare() also leaves out XER's OV32/CA32 in be32).
uint64_t compared_bits(Mode mode, const TestCase& tc, int i);
std::vector<Difference> compare(Mode mode, const TestCase& tc, const Observation& ppcvm,
                                const Observation& qemu);

// QEMU side: serialize cases, run the runtime once for the whole batch, parse the results.
struct QemuConfig {
    std::string qemu;     // qemu-ppc64le / qemu-ppc64 / qemu-ppc
    std::string cpu;      // -cpu argument ("" for the default)
    std::string runtime;  // the runtime binary for the mode
};
// Runs every case; if QEMU itself dies on a case (QEMU 7.2 aborts on some exceptions, e.g.
// "Unknown exception 0x5" for an alignment interrupt in user mode), that case gets the outcome
// QemuAborted with QEMU's message and a new QEMU process goes on with the next one. Returns
// false with `error` set only if QEMU cannot run at all.
bool run_in_qemu(const QemuConfig& cfg, Mode mode, const std::vector<TestCase>& cases,
                 std::vector<Observation>& out, std::string& error);

// The '-' bits of a row that no operand or flag covers (reserved, kept 0 by the generator);
// false if the row names an operand this harness does not know (then all '-' bits are random).
bool row_reserved_bits(const isa::InsnDesc& d, uint32_t& reserved);

// Text for a report: the stream with addresses, words and table mnemonics.
std::string describe_stream(const TestCase& tc, bool little_endian);

}  // namespace ppcvm::difftest

#include "harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/isa/fields.hpp"
#include "core/spr_numbers.hpp"

// The operand vocabulary (where each operand of each row lives), once the disassembler work
// provides it; until then a local map of operand fields (operand_bits below) stands in.
#if __has_include("core/isa/operands.hpp")
#include "core/isa/operands.hpp"
#define PPCVM_DIFFTEST_OPERAND_VOCABULARY 1
#endif

namespace ppcvm::difftest {
namespace {

using isa::InsnDesc;
namespace flag = isa::flag;

// `trap` (tw 31,0,0): the end marker after every stream. QEMU raises SIGTRAP there; ppcvm stops
// at a breakpoint on its address, so the marker need not be in ppcvm's tables.
constexpr uint32_t kEndMarker = 0x7fe00008;

// Data accesses are generated inside the first part of the scratch buffer, so that an access
// of up to this many bytes starting there still lands in the compared buffer.
constexpr uint64_t kAccessSlack = 256;
constexpr uint64_t kDataWindowEnd = DT_SCRATCH_BASE + DT_SCRATCH_SIZE - kAccessSlack;

// Interrupt vectors the final run stops at (the first interrupt ends a case).
constexpr uint64_t kVectors[] = {
    vector::kSystemReset, vector::kMachineCheck, vector::kDataStorage, vector::kDataSegment,
    vector::kInstructionStorage, vector::kInstructionSegment, vector::kExternal,
    vector::kAlignment, vector::kProgram, vector::kFpUnavailable, vector::kDecrementer,
    vector::kHypervisorDecrementer, vector::kDoorbell, vector::kSystemCall, vector::kTrace,
    vector::kHypervisorDataStorage, vector::kHypervisorInstructionStorage,
    vector::kHypervisorEmulationAssistance, vector::kHypervisorMaintenance,
    vector::kHypervisorDoorbell, vector::kHypervisorVirtualization,
    vector::kPerformanceMonitor, vector::kVectorUnavailable, vector::kVsxUnavailable,
    vector::kFacilityUnavailable, vector::kHypervisorFacilityUnavailable,
    vector::kSystemCallVectored};

// Set ISA bits [first, last] of w to v.
uint32_t set_bits(uint32_t w, unsigned first, unsigned last, uint32_t v) {
    const unsigned width = last - first + 1, shift = 31 - last;
    const uint32_t m = (width == 32 ? ~0u : ((1u << width) - 1)) << shift;
    return (w & ~m) | ((v << shift) & m);
}

std::vector<std::string> operand_tokens(const char* ops) {
    std::vector<std::string> out;
    std::string cur;
    for (const char* p = ops; *p; ++p) {
        if (*p == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (*p != ' ') {
            cur += *p;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

bool has_token(const std::vector<std::string>& toks, const char* t) {
    for (const auto& s : toks)
        if (s == t) return true;
    return false;
}

uint32_t field_mask(unsigned first, unsigned last) {
    return set_bits(0, first, last, ~0u);
}

// The instruction bits an operand occupies (ISA bit numbering, Book I 1.6.28), or 0 if the
// operand name is not known here.
[[maybe_unused]] uint32_t operand_bits(const std::string& tok, const std::vector<std::string>& all) {
    const auto paren = tok.find('(');
    if (paren != std::string::npos) {  // D(RA0), DS(RA), DQ(RA)
        const std::string disp = tok.substr(0, paren);
        const uint32_t base = field_mask(11, 15);
        if (disp == "D") return base | field_mask(16, 31);
        if (disp == "DS") return base | field_mask(16, 29);
        if (disp == "DQ") return base | field_mask(16, 27);
        return 0;
    }
    static const struct {
        const char* name;
        unsigned first, last;
    } kFields[] = {
        {"RT", 6, 10},  {"RS", 6, 10},  {"FRT", 6, 10}, {"FRS", 6, 10}, {"VRT", 6, 10},
        {"VRS", 6, 10}, {"BO", 6, 10},  {"TO", 6, 10},  {"BT", 6, 10},  {"RA", 11, 15},
        {"RA0", 11, 15}, {"BI", 11, 15}, {"BA", 11, 15}, {"FRA", 11, 15}, {"VRA", 11, 15},
        {"RB", 16, 20}, {"BB", 16, 20}, {"FRB", 16, 20}, {"VRB", 16, 20}, {"SH", 16, 20},
        {"NB", 16, 20}, {"BF", 6, 8},   {"BFA", 11, 13}, {"BH", 19, 20}, {"BD", 16, 29},
        {"LI", 6, 29},  {"SI", 16, 31}, {"UI", 16, 31}, {"D", 16, 31},  {"DS", 16, 29},
        {"SPR", 11, 20}, {"TBR", 11, 20}, {"FXM", 12, 19}, {"LEV", 20, 26}, {"FRC", 21, 25},
        {"MB", 21, 25}, {"ME", 26, 30}, {"BC", 21, 25}, {"RC", 21, 25}, {"MB6", 21, 26},
        {"ME6", 21, 26}, {"CT", 7, 10},  {"TH", 6, 10},  {"EH", 31, 31}, {"RTp", 6, 10},
        {"RSp", 6, 10}, {"FRTp", 6, 10}, {"FRSp", 6, 10}, {"CY", 21, 22}, {"FC", 16, 20},
        {"U", 16, 19},  {"W", 15, 15},  {"FLM", 7, 14}, {"RM", 19, 20}, {"DRM", 18, 20},
        {"SC", 14, 15},
    };
    for (const auto& f : kFields)
        if (tok == f.name) return field_mask(f.first, f.last);
    if (tok == "SH6") return field_mask(16, 20) | field_mask(30, 30);  // sh0:4 || sh5
    if (tok == "DX") return field_mask(11, 25) | field_mask(31, 31);   // addpcis d1 || d0 || d2
    // L: the compare instructions' 64-bit flag (bit 10); elsewhere its place varies by form.
    if (tok == "L" && has_token(all, "BF")) return field_mask(10, 10);
    return 0;
}

// The '-' bits of a row that no operand or flag bit (Rc, OE, LK, AA) covers are reserved
// ("/"): setting them makes an invalid form (Book I 1.8.1), whose result is undefined, so the
// generator keeps them 0. Returns false if an operand name is unknown (then every '-' bit
// stays random and differences show the table's gaps).
bool reserved_bits(const InsnDesc& d, uint32_t& reserved) {
    uint32_t covered = 0;
#ifdef PPCVM_DIFFTEST_OPERAND_VOCABULARY
    const auto& ops = isa::row_operands(d.op);
    if (ops.empty() && !isa::row_operands_error(d.op).empty()) return false;
    for (const auto& o : ops) covered |= isa::operand_mask(*o.spec, false);
#else
    const auto toks = operand_tokens(d.operands);
    for (const auto& t : toks) {
        const uint32_t b = operand_bits(t, toks);
        if (!b) return false;
        covered |= b;
    }
#endif
    // Rc is bit 31, except in VC and XX3 forms (vector compares) where it is bit 21.
    if (d.has(flag::kRc))
        covered |= (d.form == isa::Form::VC || d.form == isa::Form::XX3) ? field_mask(21, 21)
                                                                         : field_mask(31, 31);
    if (d.has(flag::kLk)) covered |= field_mask(31, 31);
    if (d.has(flag::kOE)) covered |= field_mask(21, 21);
    if (d.has(flag::kAa)) covered |= field_mask(30, 30);
    reserved = ~d.pattern.mask & ~covered;
    return true;
}

uint32_t guest_word(Mode mode, uint32_t w) { return mode == Mode::Le64 ? w : __builtin_bswap32(w); }
uint64_t guest_dword(Mode mode, uint64_t v) {
    return mode == Mode::Le64 ? v : __builtin_bswap64(v);
}

// Identity translation of exactly what the QEMU runtime maps for a test: the code area
// (fetch) and the data window of the scratch buffer (loads and stores).
class WindowMmu final : public Mmu {
public:
    bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) override {
        if (kind == AccessKind::Fetch) {
            if (ea >= DT_CODE_BASE && ea < DT_CODE_BASE + DT_CODE_SIZE) {
                pa = ea;
                return true;
            }
            raise_instruction_storage(cpu, 1ull << (63 - 33));
            return false;
        }
        if (ea >= DT_SCRATCH_BASE && ea < kDataWindowEnd) {
            pa = ea;
            return true;
        }
        raise_data_storage(cpu, ea,
                           dsisr::kNoTranslation | (kind == AccessKind::Store ? dsisr::kStore : 0));
        return false;
    }
};

}  // namespace

bool row_reserved_bits(const isa::InsnDesc& d, uint32_t& reserved) {
    return reserved_bits(d, reserved);
}

std::string register_name(int i) {
    if (i < 32) return fmt::format("r{}", i);
    if (i >= DT_FPR0 && i < DT_FPR0 + 32) return fmt::format("f{}", i - DT_FPR0);
    if (i >= DT_VSRLO0 && i < DT_VSRLO0 + 32) return fmt::format("vs{}.dw1", i - DT_VSRLO0);
    if (i >= DT_VR0 && i < DT_VR0 + 64)
        return fmt::format("v{}.dw{}", (i - DT_VR0) / 2, (i - DT_VR0) % 2);
    switch (i) {
        case DT_CR: return "cr";
        case DT_XER: return "xer";
        case DT_LR: return "lr";
        case DT_CTR: return "ctr";
        case DT_FPSCR: return "fpscr";
        case DT_VSCR: return "vscr";
        default: return "?";
    }
}

const char* mode_name(Mode m) {
    switch (m) {
        case Mode::Le64: return "le64";
        case Mode::Be64: return "be64";
        case Mode::Be32: return "be32";
    }
    return "?";
}

const char* outcome_name(OutcomeKind k) {
    switch (k) {
        case OutcomeKind::Completed: return "completed";
        case OutcomeKind::Illegal: return "illegal-instruction";
        case OutcomeKind::Privileged: return "privileged-instruction";
        case OutcomeKind::Trap: return "trap";
        case OutcomeKind::Storage: return "storage-fault";
        case OutcomeKind::Alignment: return "alignment";
        case OutcomeKind::FpEnabled: return "fp-exception";
        case OutcomeKind::SystemCall: return "system-call";
        case OutcomeKind::Timeout: return "timeout";
        case OutcomeKind::QemuAborted: return "qemu-aborted";
        case OutcomeKind::Other: return "other";
    }
    return "?";
}

// ------------------------------------------------------------------------------------------
// ppcvm side

struct PpcvmSide::Snapshot {
    std::array<uint64_t, 32> gpr;
    uint32_t cr;
    uint64_t xer, lr, ctr, msr, nia;
    std::array<std::array<uint64_t, 2>, 64> vsr;
    uint64_t fpscr;
    uint32_t vscr;
    std::vector<uint8_t> scratch;
};

PpcvmSide::PpcvmSide(Mode mode, const std::string& cpu_name) : mode_(mode) {
    const CpuModel* model = find_cpu_by_name(cpu_name);
    if (!model) throw std::runtime_error(fmt::format("unknown CPU model '{}'", cpu_name));
    PlatformRequest req;
    // A 64-bit Book III-S processor runs under PAPR, a 32-bit classic one (750, 74xx) bare
    // metal as on a Power Mac; either way illegal instructions reach the guest as Program
    // interrupts.
    req.platform = model->family == CpuFamily::Book3S64 ? Platform::Papr : Platform::BareMetal;
    req.pvr = model->pvr;
    platform_ = resolve_platform(req);
    memory_ = std::make_unique<GuestMemory>(DT_SCRATCH_BASE + 0x10000);
    mmu_ = std::make_unique<WindowMmu>();
    cpu_ = std::make_unique<Cpu>(platform_, *memory_, nullptr);
    cpu_->state().mmu = mmu_.get();
    // A Linux user process: problem state, translation on, facilities enabled (Linux turns
    // FP/VMX/VSX on at first use, so the process never sees them unavailable).
    base_msr_ = msr::kPR | msr::kIR | msr::kDR | msr::kME | msr::kFP | msr::kVEC | msr::kVSX;
    // QEMU user mode runs with MSR[FE0]=MSR[FE1]=1 (precise floating-point enabled exception
    // mode: an enabled FPSCR exception is SIGFPE), so ppcvm must too.
    base_msr_ |= msr::kFE0 | msr::kFE1;
    if (mode != Mode::Be32) base_msr_ |= msr::kSF;
    if (mode == Mode::Le64) base_msr_ |= msr::kLE;
    for (uint64_t v : kVectors) cpu_->engine().set_breakpoint(v);
}

PpcvmSide::~PpcvmSide() = default;

void PpcvmSide::load_state(const RegFile& regs, const std::vector<uint8_t>& scratch) {
    CpuState& s = cpu_->state();
    for (int i = 0; i < 32; ++i) s.gpr[i] = regs.r[DT_GPR0 + i];
    s.cr = static_cast<uint32_t>(regs.r[DT_CR]);
    s.xer_write(regs.r[DT_XER]);
    s.lr = regs.r[DT_LR];
    s.ctr = regs.r[DT_CTR];
    for (int i = 0; i < 32; ++i) {
        s.vsr[i].dw[0] = regs.r[DT_FPR0 + i];
        s.vsr[i].dw[1] = regs.r[DT_VSRLO0 + i];
        s.vsr[32 + i].dw[0] = regs.r[DT_VR0 + 2 * i];
        s.vsr[32 + i].dw[1] = regs.r[DT_VR0 + 2 * i + 1];
    }
    s.fpscr = regs.r[DT_FPSCR];
    s.vscr = static_cast<uint32_t>(regs.r[DT_VSCR]);
    s.msr = base_msr_;
    s.nia = DT_TEST_BASE;
    s.reservation.valid = false;
    memory_->write_bytes(DT_SCRATCH_BASE, scratch.data(), scratch.size());
}

RegFile PpcvmSide::read_regs() const {
    const CpuState& s = cpu_->state();
    RegFile r;
    for (int i = 0; i < 32; ++i) r.r[DT_GPR0 + i] = s.gpr[i];
    r.r[DT_CR] = s.cr;
    r.r[DT_XER] = s.xer_read();
    r.r[DT_LR] = s.lr;
    r.r[DT_CTR] = s.ctr;
    for (int i = 0; i < 32; ++i) {
        r.r[DT_FPR0 + i] = s.vsr[i].dw[0];
        r.r[DT_VSRLO0 + i] = s.vsr[i].dw[1];
        r.r[DT_VR0 + 2 * i] = s.vsr[32 + i].dw[0];
        r.r[DT_VR0 + 2 * i + 1] = s.vsr[32 + i].dw[1];
    }
    r.r[DT_FPSCR] = s.fpscr;
    r.r[DT_VSCR] = s.vscr;
    return r;
}

void PpcvmSide::begin(const TestCase& tc) {
    for (size_t i = 0; i < tc.code.size(); ++i) {
        const uint32_t w = guest_word(mode_, tc.code[i]);
        memory_->write_bytes(DT_TEST_BASE + 4 * i, &w, 4);
    }
    ExactEngine& e = cpu_->engine();
    e.clear_breakpoints();
    for (uint64_t v : kVectors) e.set_breakpoint(v);
    e.set_breakpoint(tc.end_address());
    e.flush();
    load_state(tc.init, tc.scratch);
}

void PpcvmSide::write_code_word(size_t slot, uint32_t word) {
    const uint32_t w = guest_word(mode_, word);
    memory_->write_bytes(DT_TEST_BASE + 4 * slot, &w, 4);
    cpu_->engine().flush();
}

std::unique_ptr<PpcvmSide::Snapshot> PpcvmSide::snapshot() const {
    const CpuState& s = cpu_->state();
    auto snap = std::make_unique<Snapshot>();
    std::copy(std::begin(s.gpr), std::end(s.gpr), snap->gpr.begin());
    snap->cr = s.cr;
    snap->xer = s.xer_read();
    snap->lr = s.lr;
    snap->ctr = s.ctr;
    snap->msr = s.msr;
    snap->nia = s.nia;
    for (int i = 0; i < 64; ++i) snap->vsr[i] = {s.vsr[i].dw[0], s.vsr[i].dw[1]};
    snap->fpscr = s.fpscr;
    snap->vscr = s.vscr;
    snap->scratch.resize(DT_SCRATCH_SIZE);
    memory_->read_bytes(DT_SCRATCH_BASE, snap->scratch.data(), DT_SCRATCH_SIZE);
    return snap;
}

bool PpcvmSide::same_state(const Snapshot& other) const {
    const auto now = snapshot();
    return now->gpr == other.gpr && now->cr == other.cr && now->xer == other.xer &&
           now->lr == other.lr && now->ctr == other.ctr && now->msr == other.msr &&
           now->nia == other.nia && now->vsr == other.vsr && now->fpscr == other.fpscr &&
           now->vscr == other.vscr &&
           now->scratch == other.scratch;
}

void PpcvmSide::restore(const Snapshot& snap) {
    CpuState& s = cpu_->state();
    std::copy(snap.gpr.begin(), snap.gpr.end(), std::begin(s.gpr));
    s.cr = snap.cr;
    s.xer_write(snap.xer);
    s.lr = snap.lr;
    s.ctr = snap.ctr;
    s.msr = snap.msr;
    s.nia = snap.nia;
    for (int i = 0; i < 64; ++i) s.vsr[i] = {{snap.vsr[i][0], snap.vsr[i][1]}};
    s.fpscr = snap.fpscr;
    s.vscr = snap.vscr;
    s.reservation.valid = false;
    memory_->write_bytes(DT_SCRATCH_BASE, snap.scratch.data(), DT_SCRATCH_SIZE);
}

Outcome PpcvmSide::classify_interrupt() const {
    const CpuState& s = cpu_->state();
    Outcome o;
    o.detail = s.nia;
    const uint64_t srr0 = s.spr[sprn::kSRR0], srr1 = s.spr[sprn::kSRR1];
    o.address = srr0;
    switch (s.nia) {
        case vector::kProgram:
            o.kind = (srr1 & program::kIllegal)      ? OutcomeKind::Illegal
                     : (srr1 & program::kPrivileged) ? OutcomeKind::Privileged
                     : (srr1 & program::kTrap)       ? OutcomeKind::Trap
                     : (srr1 & program::kFpEnabled)  ? OutcomeKind::FpEnabled
                                                     : OutcomeKind::Other;
            break;
        case vector::kHypervisorEmulationAssistance:
            o.kind = OutcomeKind::Illegal;
            o.address = s.spr[sprn::kHSRR0];
            break;
        case vector::kDataStorage:
        case vector::kDataSegment:
            o.kind = OutcomeKind::Storage;
            o.data_address = s.spr[sprn::kDAR];
            break;
        case vector::kInstructionStorage:
        case vector::kInstructionSegment:
            o.kind = OutcomeKind::Storage;
            o.data_address = srr0;
            break;
        case vector::kAlignment:
            o.kind = OutcomeKind::Alignment;
            o.data_address = s.spr[sprn::kDAR];
            break;
        case vector::kSystemCall:
            o.kind = OutcomeKind::SystemCall;
            o.address = srr0 - 4;
            break;
        default: o.kind = OutcomeKind::Other; break;
    }
    return o;
}

bool PpcvmSide::step(Outcome& out) {
    cpu_->engine().run(1);
    if (cpu_->state().msr & msr::kPR) return false;
    out = classify_interrupt();
    return true;
}

Observation PpcvmSide::observe() const {
    Observation obs;
    obs.regs = read_regs();
    obs.scratch.resize(DT_SCRATCH_SIZE);
    memory_->read_bytes(DT_SCRATCH_BASE, obs.scratch.data(), DT_SCRATCH_SIZE);
    return obs;
}

void PpcvmSide::adopt(const Observation& o) {
    CpuState& s = cpu_->state();
    const uint64_t msr = s.msr, nia = s.nia;
    const auto reservation = s.reservation;
    load_state(o.regs, o.scratch);
    s.msr = msr;
    s.nia = nia;
    s.reservation = reservation;
}

Observation PpcvmSide::run_prefix(const TestCase& tc, uint64_t count) {
    begin(tc);
    if (count) cpu_->engine().run(count);
    Observation obs;
    obs.outcome.address = cpu_->state().nia;
    obs.regs = read_regs();
    obs.scratch.resize(DT_SCRATCH_SIZE);
    memory_->read_bytes(DT_SCRATCH_BASE, obs.scratch.data(), DT_SCRATCH_SIZE);
    return obs;
}

Observation PpcvmSide::run_case(const TestCase& tc) {
    begin(tc);
    CpuState& s = cpu_->state();
    // Streams only branch forward, so this budget is never reached unless ppcvm loops. (The
    // engine does not stop at a breakpoint on the very first instruction of a run: a stream
    // that is only the end marker never runs.)
    const StopReason why = s.nia == tc.end_address()
                               ? StopReason::Breakpoint
                               : cpu_->engine().run(4 * tc.code.size() + 64);
    Observation obs;
    if (!(s.msr & msr::kPR)) {
        obs.outcome = classify_interrupt();
    } else if (why == StopReason::Breakpoint && s.nia == tc.end_address()) {
        obs.outcome.kind = OutcomeKind::Completed;
        obs.outcome.address = s.nia;
    } else {
        obs.outcome.kind = OutcomeKind::Timeout;
        obs.outcome.address = s.nia;
    }
    obs.regs = read_regs();
    obs.scratch.resize(DT_SCRATCH_SIZE);
    memory_->read_bytes(DT_SCRATCH_BASE, obs.scratch.data(), DT_SCRATCH_SIZE);
    return obs;
}

// ------------------------------------------------------------------------------------------
// Generator

Generator::Generator(const Options& opt, PpcvmSide& side) : opt_(opt), side_(side) {
    const InsnDesc* table = isa::instruction_table();
    const std::regex only(opt.only_rows.empty() ? ".*" : opt.only_rows);
    const std::regex exclude(opt.exclude_rows.empty() ? "$^" : opt.exclude_rows);
    const CpuModel& model = side.model();
    const IsaLevel effective = side.state().effective_isa;
    for (size_t i = 0; i < isa::kInstructionCount; ++i) {
        const InsnDesc& d = table[i];
        // Privileged and hypervisor rows cannot run in a Linux user process.
        if (d.has(flag::kPrivileged) || d.has(flag::kHypervisor)) continue;
        // System calls (sc, scv: the SC form): QEMU would perform a real Linux system call.
        // (Not "kEndsBlock + kMayTrap": mtspr is both and is generated.)
        if (d.form == isa::Form::SC) continue;
        // wait stops the processor until an interrupt: nothing to compare in a user process
        // (QEMU user mode aborts on it).
        if (d.op == isa::Op::wait) continue;
        if (isa::availability(d, model, effective) != isa::Availability::Available) continue;
        // The time base is not a function of the architected state (mftb).
        if (has_token(operand_tokens(d.operands), "TBR")) continue;
        if (opt.mode == Mode::Be32) {
            // qemu-ppc is a pre-ISA-2.0 32-bit processor: classic 32-bit instructions only,
            // AltiVec's among them on a 74xx (QEMU's model of the same name has it).
            if (d.has(flag::kSixtyFour) || d.isa != IsaLevel::Classic32 || d.prefixed() ||
                (d.facility == isa::Facility::VMX && !vector_state()) || d.facility == isa::Facility::VSX)
                continue;
        }
        const bool vector_row = static_cast<size_t>(d.op) >= static_cast<size_t>(isa::Op::lvebx);
        if ((!opt.vector_rows && vector_row) || (opt.only_vector_rows && !vector_row)) continue;
        if (!std::regex_match(d.mnemonic, only) || std::regex_match(d.mnemonic, exclude))
            continue;
        rows_.push_back(i);
    }
}

uint64_t Generator::interesting() {
    switch (rng_() % 14) {
        case 0: return 0;
        case 1: return 1;
        case 2: return ~0ull;
        case 3: return 0x7fffffffffffffffull;
        case 4: return 0x8000000000000000ull;
        case 5: return 0xffffffffull;
        case 6: return 0x80000000ull;
        case 7: return 0x7fffffffull;
        case 8: return 0x100000000ull;
        case 9: return rng_() & 0xff;
        case 10: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rng_())));
        case 11: return 0xffffffff80000000ull;
        default: return rng_();
    }
}

uint64_t Generator::interesting_double() {
    switch (rng_() % 24) {
        case 0: return 0;                        // +0
        case 1: return 0x8000000000000000ull;    // -0
        case 2: return 0x3ff0000000000000ull;    // 1.0
        case 3: return 0xbff0000000000000ull;    // -1.0
        case 4: return 0x7ff0000000000000ull;    // +inf
        case 5: return 0xfff0000000000000ull;    // -inf
        case 6: return 0x7ff8000000000000ull;    // quiet NaN
        case 7: return 0x7ff0000000000001ull;    // signalling NaN
        case 8: return 0x0000000000000001ull;    // smallest denormal
        case 9: return 0x7fefffffffffffffull;    // largest finite
        case 10: return 0x41e0000000000000ull;   // 2^31
        // Payloads, signs and the edges of both formats:
        case 11: return 0xfff4000000c0ffeeull;   // negative SNaN with a payload
        case 12: return 0x7ffc00000000beefull;   // QNaN with a payload
        case 13: return 0x800fffffffffffffull;   // largest negative denormal
        case 14: return 0x0010000000000000ull;   // smallest normal
        case 15: return 0x47efffffe0000000ull;   // largest single
        case 16: return 0x36a0000000000000ull;   // smallest single denormal (2^-149)
        case 17: return 0x3810000000000000ull;   // smallest single normal (2^-126)
        case 18: return 0x3ff0000010000000ull;   // 1 + 2^-24: a tie when rounded to single
        case 19: return 0x3ff0000000000001ull;   // 1 + 2^-52
        case 20: return 0xc1e0000000200000ull;   // -(2^31 + 1): just below INT32_MIN
        case 21: return 0x43e0000000000000ull;   // 2^63
        default: return rng_();
    }
}

// A single-precision value: the same edges as interesting_double in the single format.
static uint32_t interesting_single(std::mt19937_64& rng) {
    static constexpr uint32_t kValues[] = {
        0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
        0x7fc00000, 0x7fa00001, 0xffc0beef, 0xff800001, 0x00000001, 0x807fffff,
        0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800001, 0x4f000000, 0xcf000000,
        0x4effffff, 0x5f000000, 0x33800000, 0x477fe000 /* binary16 max */, 0x38800000};
    if (rng() % 4 == 0) return static_cast<uint32_t>(rng());
    return kValues[rng() % std::size(kValues)];
}

// A vector register (doublewords 0 and 1, ISA order) drawn to hit hard cases of every element
// interpretation: single and double elements (NaNs of both kinds with payloads, infinities,
// signed zeros, denormals, format limits, rounding ties), a binary128 value, integer elements
// at their saturation limits, valid signed BCD, eight IEEE half or bfloat16 values, or random
// bits.
std::array<uint64_t, 2> Generator::interesting_vector() {
    std::array<uint64_t, 2> v{rng_(), rng_()};
    switch (rng_() % 8) {
        case 0:
        case 1: {  // four singles
            uint32_t w[4];
            for (auto& x : w) x = interesting_single(rng_);
            if (rng_() % 2) w[1] = w[2] = w[3] = w[0];  // splat: every element hits the case
            v = {uint64_t{w[0]} << 32 | w[1], uint64_t{w[2]} << 32 | w[3]};
            break;
        }
        case 2: v = {interesting_double(), interesting_double()}; break;
        case 3: {  // binary128: sign, 15-bit exponent, 112-bit fraction
            static constexpr uint64_t kHigh[] = {
                0x0000000000000000ull, 0x8000000000000000ull, 0x3fff000000000000ull,
                0x7fff000000000000ull, 0xffff000000000000ull, 0x7fff800000000000ull,
                0x7fff400000000000ull, 0x0000ffffffffffffull, 0x0001000000000000ull,
                0x7ffeffffffffffffull, 0x403e000000000000ull /* 2^63 */, 0xc01e000000000000ull};
            v[0] = kHigh[rng_() % std::size(kHigh)];
            const uint64_t r = rng_() % 4;
            v[1] = r == 0 ? 0 : r == 1 ? 1 : r == 2 ? ~0ull : rng_();
            if (rng_() % 3 == 0) v[0] |= rng_() & 0x0000ffffffffffffull;
            break;
        }
        case 4: {  // integer elements at their limits, one size per register
            const unsigned bytes = 1u << (rng_() % 4);
            const uint64_t mask = bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
            const uint64_t sign = 1ull << (8 * bytes - 1);
            const uint64_t values[] = {0, 1, mask, sign, sign - 1, sign + 1, mask - 1, 2};
            for (auto& dw : v) {
                dw = 0;
                for (unsigned k = 0; k < 8 / bytes; ++k) {
                    const uint64_t e = rng_() % 3 ? values[rng_() % std::size(values)] : rng_() & mask;
                    dw |= e << (8 * bytes * k);
                }
            }
            break;
        }
        case 5: {  // signed BCD: 31 digits and a sign code (0xA-0xF), or an all-zero magnitude
            const unsigned digits = rng_() % 32;
            v = {0, 0};
            for (unsigned k = 0; k < digits; ++k) {
                const unsigned nib = 1 + k;  // nibble 0 is the sign (bits 124:127)
                const uint64_t d = rng_() % 10;
                v[nib < 16 ? 1 : 0] |= d << (4 * (nib % 16));
            }
            v[1] |= 0xa + rng_() % 6;
            break;
        }
        case 6: {  // eight 16-bit floats, one format per register (MMA xvf16ger2*, xvbf16ger2*)
            // IEEE binary16: zeros, 1, infinities, quiet/signalling NaNs with payloads, the
            // smallest/largest denormal, the smallest normal, the largest finite, a tie.
            static constexpr uint16_t kHalf[] = {0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00,
                                                 0x7e00, 0x7d01, 0xfe3f, 0xfc01, 0x0001, 0x83ff,
                                                 0x0400, 0x7bff, 0xfbff, 0x3c01, 0x5bff};
            // bfloat16: the same edges in the single exponent range (denormals 0x0001-0x007f).
            static constexpr uint16_t kBfloat[] = {0x0000, 0x8000, 0x3f80, 0xbf80, 0x7f80, 0xff80,
                                                   0x7fc0, 0x7fa1, 0xffc5, 0xff81, 0x0001, 0x807f,
                                                   0x0080, 0x7f7f, 0xff7f, 0x3f81, 0x5f00, 0x2000};
            const bool bf = rng_() % 2;
            uint16_t h[8];
            for (auto& x : h) {
                if (rng_() % 4 == 0)
                    x = static_cast<uint16_t>(rng_());
                else
                    x = bf ? kBfloat[rng_() % std::size(kBfloat)] : kHalf[rng_() % std::size(kHalf)];
            }
            if (rng_() % 3 == 0)
                for (unsigned k = 2; k < 8; ++k) h[k] = h[k % 2];  // splat a pair
            v = {0, 0};
            for (unsigned k = 0; k < 8; ++k) v[k / 4] |= uint64_t{h[k]} << (48 - 16 * (k % 4));
            break;
        }
        default: break;  // random bits
    }
    return v;
}

bool Generator::vector_state() const {
    const CpuModel& model = side_.model();
    return opt_.mode != Mode::Be32 ||
           ((model.facilities & PPCVM_FAC_VMX) && model.family == CpuFamily::Book3S32);
}

RegFile Generator::random_regs() {
    RegFile f;
    const bool m32 = opt_.mode == Mode::Be32;
    // In 32-bit mode the upper halves are random: ppcvm must ignore them where the ISA says so
    // (only the low words are compared with the 32-bit QEMU processor).
    auto addr = [&](uint64_t a) { return m32 ? (a | (rng_() << 32)) : a; };
    for (int i = 0; i < 32; ++i) f.r[DT_GPR0 + i] = interesting();
    const unsigned pointers = 3 + rng_() % 4;
    for (unsigned k = 0; k < pointers; ++k) {
        const unsigned r = 1 + rng_() % 31;
        f.r[DT_GPR0 + r] = addr(DT_SCRATCH_BASE + rng_() % (kDataWindowEnd - DT_SCRATCH_BASE));
    }
    for (int i = 0; i < 32; ++i) f.r[DT_FPR0 + i] = interesting_double();
    // RN, and in one case of four random enables VE OE UE ZE XE (an enabled exception ends
    // the case with SIGFPE: QEMU user mode runs with MSR[FE0]=MSR[FE1]=1, and so does ppcvm
    // here). Exception bits start clear (FEX/VX are summaries).
    f.r[DT_FPSCR] = (rng_() & 3) | (rng_() % 4 == 0 ? rng_() & 0xf8 : 0);
    if (!m32) {
        // VSRs 0-31: doubleword 0 is the FPR (above); a quarter of them get a whole vector.
        for (int i = 0; i < 32; ++i) {
            f.r[DT_VSRLO0 + i] = interesting_double();
            if (rng_() % 4 == 0) {
                const auto v = interesting_vector();
                f.r[DT_FPR0 + i] = v[0];
                f.r[DT_VSRLO0 + i] = v[1];
            }
        }
    }
    if (vector_state()) {  // the VRs and VSCR (in be32 only on a processor with AltiVec)
        for (int i = 0; i < 32; ++i) {
            const auto v = interesting_vector();
            f.r[DT_VR0 + 2 * i] = v[0];
            f.r[DT_VR0 + 2 * i + 1] = v[1];
        }
        f.r[DT_VSCR] = (rng_() % 2 ? 0x10000 : 0) | (rng_() % 2);  // NJ, SAT
    }
    f.r[DT_CR] = rng_() & 0xffffffffull;
    // XER: SO, OV, CA (and OV32, CA32 from ISA 3.0) and the byte count.
    uint64_t xer = rng_() & ((1ull << 31) | (1ull << 30) | (1ull << 29) | 0x7f);
    if (!m32) xer |= rng_() & ((1ull << 19) | (1ull << 18));
    f.r[DT_XER] = xer;
    auto area = [&] {
        return addr(DT_TEST_BASE + 4 * (rng_() % (opt_.insns + 1)) + (rng_() % 4));
    };
    f.r[DT_LR] = rng_() % 2 ? area() : interesting();
    switch (rng_() % 3) {
        case 0: f.r[DT_CTR] = rng_() % 4; break;
        case 1: f.r[DT_CTR] = area(); break;
        default: f.r[DT_CTR] = interesting(); break;
    }
    return f;
}

// A word for a slot that is never executed (skipped by a branch): any non-prefixed row.
uint32_t Generator::filler() {
    for (int tries = 0; tries < 16; ++tries) {
        const InsnDesc& d = isa::instruction_table()[rows_[rng_() % rows_.size()]];
        if (!d.prefixed()) return (static_cast<uint32_t>(rng_()) & ~d.pattern.mask) | d.pattern.match;
    }
    return kEndMarker;
}

// Point a load/store at the scratch buffer: pick a base register (and index register) whose
// current value lets the displacement reach a random address in the data window.
bool Generator::constrain_memory(const InsnDesc& d, uint32_t& w) {
    const CpuState& s = side_.state();
    const uint64_t mask = s.ea_mask();
    const auto toks = operand_tokens(d.operands);
    const uint64_t target = DT_SCRATCH_BASE + rng_() % (kDataWindowEnd - DT_SCRATCH_BASE);
    auto fits = [](int64_t v, unsigned bits, unsigned align) {
        const int64_t lim = int64_t{1} << (bits - 1);
        return v % static_cast<int64_t>(align) == 0 && v / static_cast<int64_t>(align) >= -lim &&
               v / static_cast<int64_t>(align) < lim;
    };
    auto displacement = [&](uint64_t base) {
        const uint64_t diff = (target - base) & mask;
        return mask == ~0ull ? static_cast<int64_t>(diff)
                             : static_cast<int64_t>(static_cast<int32_t>(diff));
    };
    // D-form family: "D(RA0)", "DS(RA)", "DQ(RA)".
    for (const auto& t : toks) {
        const auto paren = t.find('(');
        if (paren == std::string::npos) continue;
        const std::string disp = t.substr(0, paren);
        unsigned first, last, align;
        if (disp == "D") first = 16, last = 31, align = 1;
        else if (disp == "DS") first = 16, last = 29, align = 4;
        else if (disp == "DQ") first = 16, last = 27, align = 16;
        else return true;  // unknown displacement kind: leave it to the guide
        const unsigned bits_n = last - first + 1;
        std::vector<unsigned> bases;
        for (unsigned r = 1; r < 32; ++r) {
            const int64_t v = displacement(s.gpr[r]);
            if (fits(v - (v % static_cast<int64_t>(align)), bits_n, align)) bases.push_back(r);
        }
        if (bases.empty()) return false;
        const unsigned r = bases[rng_() % bases.size()];
        int64_t v = displacement(s.gpr[r]);
        v -= v % static_cast<int64_t>(align);
        w = set_bits(w, 11, 15, r);
        w = set_bits(w, first, last, static_cast<uint32_t>(v / static_cast<int64_t>(align)));
        return true;
    }
    // Prefixed (MLS/8LS) D34(RA): R=0 and the 34-bit displacement split between prefix and
    // suffix is handled by the caller through the prefix word; not generated yet.
    // X-form indexed: (RA|0) + RB.
    if (has_token(toks, "RB") && (has_token(toks, "RA0") || has_token(toks, "RA"))) {
        const bool ra0 = has_token(toks, "RA0");
        std::vector<std::pair<unsigned, unsigned>> pairs;
        for (unsigned a = ra0 ? 0 : 1; a < 32; ++a)
            for (unsigned b = 0; b < 32; ++b) {
                const uint64_t ea = ((a ? s.gpr[a] : 0) + s.gpr[b]) & mask;
                if (ea >= DT_SCRATCH_BASE && ea < kDataWindowEnd) pairs.emplace_back(a, b);
            }
        if (pairs.empty()) return false;
        const auto [a, b] = pairs[rng_() % pairs.size()];
        w = set_bits(w, 11, 15, a);
        w = set_bits(w, 16, 20, b);
        return true;
    }
    // (RA|0) alone (atomic memory operations, string immediates...): RA points into the buffer.
    if (has_token(toks, "RA0") || has_token(toks, "RA")) {
        std::vector<unsigned> bases;
        for (unsigned r = 1; r < 32; ++r) {
            const uint64_t ea = s.gpr[r] & mask;
            if (ea >= DT_SCRATCH_BASE && ea < kDataWindowEnd) bases.push_back(r);
        }
        if (bases.empty()) return false;
        w = set_bits(w, 11, 15, bases[rng_() % bases.size()]);
    }
    return true;  // other addressing: the guide decides
}

// Prefixed (ISA 3.1) rows: the prefix word with random '-' bits, then the suffix like any
// other row. With R=1 (PC-relative, prefix bit 11) RA must be 0 (else an invalid form); a
// prefixed load/store gets a 34-bit displacement (prefix bits 14-31 || suffix bits 16-31)
// that reaches the scratch buffer from RA or, with R=1, from the instruction's address.
bool Generator::prefixed_candidate(const InsnDesc& d, size_t slot, uint32_t (&words)[2]) {
    const uint64_t cia = DT_TEST_BASE + 4 * slot;
    uint32_t prefix = (static_cast<uint32_t>(rng_()) & ~d.prefix.mask) | d.prefix.match;
    uint32_t suffix = (static_cast<uint32_t>(rng_()) & ~d.pattern.mask) | d.pattern.match;
    const uint32_t r_bit = set_bits(0, 11, 11, 1);
    const bool r_free = !(d.prefix.mask & r_bit);
    if (r_free && (prefix & r_bit)) suffix = set_bits(suffix, 11, 15, 0);
    if (d.has(flag::kLoad) || d.has(flag::kStore)) {
        const CpuState& s = side_.state();
        const uint64_t target = DT_SCRATCH_BASE + rng_() % (kDataWindowEnd - DT_SCRATCH_BASE);
        const bool pc_relative = r_free && (prefix & r_bit);
        unsigned ra = 0;
        uint64_t base = cia;
        if (!pc_relative) {
            std::vector<unsigned> bases;
            for (unsigned r = 1; r < 32; ++r) {
                const int64_t disp = static_cast<int64_t>(target - s.gpr[r]);
                if (disp >= -(int64_t{1} << 33) && disp < (int64_t{1} << 33)) bases.push_back(r);
            }
            if (bases.empty()) return false;
            ra = bases[rng_() % bases.size()];
            base = s.gpr[ra];
        }
        const uint64_t d34 = (target - base) & ((uint64_t{1} << 34) - 1);
        prefix = set_bits(prefix, 14, 31, static_cast<uint32_t>(d34 >> 16));
        suffix = set_bits(suffix, 11, 15, ra);
        suffix = set_bits(suffix, 16, 31, static_cast<uint32_t>(d34 & 0xffff));
    }
    if (d.has(flag::kUpdate) && isa::field::ra(suffix) == 0) return false;
    words[0] = prefix;
    words[1] = suffix;
    return true;
}

bool Generator::candidate(size_t slot, size_t slots, uint32_t (&words)[2], unsigned& len,
                          int& row) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    len = 1;
    if (u(rng_) < opt_.reserved_rate) {
        // Primary opcode 0 is reserved in every ISA version (illegal everywhere).
        words[0] = static_cast<uint32_t>(rng_()) & 0x03ffffff;
        row = -1;
        return true;
    }
    if (u(rng_) < opt_.wild_rate) {
        words[0] = static_cast<uint32_t>(rng_());
        row = -1;
        return true;
    }
    row = static_cast<int>(rows_[rng_() % rows_.size()]);
    const InsnDesc& d = isa::instruction_table()[row];
    if (d.prefixed()) {
        // Two slots, before the end marker, and not across a 64-byte boundary (that is an
        // Alignment interrupt, Book I 1.6.3).
        if (slot + 1 >= slots || ((DT_TEST_BASE + 4 * slot) & 63) == 60) return false;
        len = 2;
        return prefixed_candidate(d, slot, words);
    }
    uint32_t& word = words[0];
    uint32_t w = (static_cast<uint32_t>(rng_()) & ~d.pattern.mask) | d.pattern.match;
    if (uint32_t reserved = 0; reserved_bits(d, reserved)) w &= ~reserved;
    const auto toks = operand_tokens(d.operands);
    // Register pairs (RTp, RSp, FRTp, FRSp) must name an even register: odd is an invalid form.
#ifdef PPCVM_DIFFTEST_OPERAND_VOCABULARY
    for (const auto& o : isa::row_operands(d.op))
        if (o.spec->even) w &= ~(isa::operand_mask(*o.spec, false) & ~(isa::operand_mask(*o.spec, false) << 1));
#else
    for (const auto& t : toks)
        if (t.size() > 1 && t.back() == 'p' && operand_bits(t, toks) == field_mask(6, 10))
            w = set_bits(w, 10, 10, 0);
#endif

    // Branch displacements: forward, inside the stream (the end marker included), so that a
    // stream can never loop. Absolute (AA=1) I-form targets are encodable because the code
    // area is below 32 MiB; absolute B-form targets (+-32 KiB around 0) are not mappable in a
    // user process, so AA is cleared there.
    const uint64_t target_slot = slot + 1 + rng_() % (slots - slot);
    if (has_token(toks, "LI")) {
        const bool aa = d.has(flag::kAa) && isa::field::aa(w);
        const uint64_t target = DT_TEST_BASE + 4 * target_slot;
        const uint64_t v = aa ? target : 4 * (target_slot - slot);
        w = set_bits(w, 6, 29, static_cast<uint32_t>(v >> 2));
    }
    if (has_token(toks, "BD")) {
        const uint64_t t = std::min<uint64_t>(target_slot, slot + 8191);
        if (d.has(flag::kAa)) w = set_bits(w, 30, 30, 0);
        w = set_bits(w, 16, 29, static_cast<uint32_t>(t - slot));
    }
    // A BO that decrements CTR is an invalid form for a conditional branch that does not write
    // CTR (bcctr, bctar: Book I 2.4); set BO[2] ("do not decrement") there. QEMU implements the
    // POWER "test and decrement" behaviour of those invalid forms, ppcvm does not decrement.
    if (has_token(toks, "BO") && !d.has(flag::kWritesCTR)) w = set_bits(w, 8, 8, 1);
    // SPR numbers: the Book I user-mode registers whose value is deterministic (the time base
    // and PMU registers are not compared).
    if (has_token(toks, "SPR")) {
        static constexpr unsigned kUserSprs[] = {sprn::kXER, sprn::kLR, sprn::kCTR};
        const unsigned spr = kUserSprs[rng_() % std::size(kUserSprs)];
        w = set_bits(w, 11, 15, spr & 0x1f);
        w = set_bits(w, 16, 20, spr >> 5);
    }
    if (d.has(flag::kLoad) || d.has(flag::kStore)) {
        if (!constrain_memory(d, w)) return false;
    }
    // Update forms: RA=0, and RA=RT for loads, are invalid forms (Book I 3.3.2); not generated.
    if (d.has(flag::kUpdate)) {
        const uint32_t ra = isa::field::ra(w);
        if (ra == 0) return false;
        if (d.has(flag::kLoad) && ra == isa::field::rt(w)) return false;
    }
    word = w;
    return true;
}

TestCase Generator::generate(uint64_t case_seed) {
    rng_.seed(case_seed);
    TestCase tc;
    tc.vector_state = vector_state();
    tc.seed = case_seed;
    tc.init = random_regs();
    tc.scratch.resize(DT_SCRATCH_SIZE);
    for (auto& b : tc.scratch) b = static_cast<uint8_t>(rng_());
    const size_t n = opt_.insns;
    tc.code.assign(n + 1, 0);
    tc.code[n] = kEndMarker;
    tc.end_slot = n;
    std::vector<bool> filled(n + 1, false);
    filled[n] = true;
    side_.begin(tc);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    CpuState& s = side_.state();
    for (;;) {
        const uint64_t pc = s.nia;
        if (pc == tc.end_address()) break;
        const size_t slot = (pc - DT_TEST_BASE) / 4;
        auto snap = side_.snapshot();
        bool accepted = false, ended = false;
        constexpr int kAttempts = 48;
        for (int attempt = 0; attempt < kAttempts && !accepted; ++attempt) {
            uint32_t w[2] = {0, 0};
            unsigned len = 1;
            int row;
            if (!candidate(slot, n, w, len, row)) continue;
            for (unsigned k = 0; k < len; ++k) side_.write_code_word(slot + k, w[k]);
            Outcome o;
            if (side_.step(o)) {
                const bool ends_case = o.kind == OutcomeKind::Illegal ||
                                       o.kind == OutcomeKind::Privileged ||
                                       o.kind == OutcomeKind::Trap ||
                                       o.kind == OutcomeKind::FpEnabled;
                if (ends_case && (attempt >= kAttempts / 2 || u(rng_) < opt_.end_rate))
                    accepted = ended = true;
            } else {
                accepted = s.nia > pc && s.nia <= tc.end_address();
            }
            if (accepted && !ended) {
                // An instruction whose result is not a function of the state (a random number,
                // a clock) cannot be compared: run it again from the same state and drop it if
                // the results differ.
                auto first = side_.snapshot();
                side_.restore(*snap);
                Outcome again;
                if (side_.step(again) || !side_.same_state(*first)) {
                    accepted = false;
                    ++nondeterministic_;
                }
            }
            if (accepted) {
                for (unsigned k = 0; k < len; ++k) {
                    tc.code[slot + k] = w[k];
                    filled[slot + k] = true;
                }
                tc.executed.push_back({slot, row});
            } else {
                side_.restore(*snap);
                for (unsigned k = 1; k < len; ++k) side_.write_code_word(slot + k, tc.code[slot + k]);
            }
        }
        if (!accepted) {
            // Nothing fits here: end the stream at this slot (later slots become markers too,
            // so a diverging QEMU branch still lands on a trap).
            for (size_t i = slot; i <= n; ++i) {
                tc.code[i] = kEndMarker;
                filled[i] = true;
            }
            tc.end_slot = slot;
            break;
        }
        if (ended) break;
    }
    for (size_t i = 0; i <= n; ++i)
        if (!filled[i]) tc.code[i] = filler();
    return tc;
}

// ------------------------------------------------------------------------------------------
// Comparison

uint64_t compared_bits(Mode mode, const TestCase& tc, int i) {
    // A 32-bit processor has no VSX; its VRs and VSCR count only with AltiVec.
    if (mode == Mode::Be32 && i >= DT_VSRLO0 && (i < DT_VR0 || !tc.vector_state)) return 0;
    if (i == DT_CR || i == DT_FPSCR || i == DT_VSCR) return 0xffffffffull;
    if (i >= DT_FPR0 && i < DT_FPSCR) return ~0ull;
    if (i >= DT_VSRLO0) return ~0ull;
    return mode == Mode::Be32 ? 0xffffffffull : ~0ull;
}

std::vector<Difference> compare(Mode mode, const TestCase& tc, const Observation& p,
                                const Observation& q) {
    std::vector<Difference> diffs;
    const bool m32 = mode == Mode::Be32;
    const uint64_t wmask = m32 ? 0xffffffffull : ~0ull;
    // 32-bit mode runs against a pre-ISA-3.0 processor: OV32 (bit 44) and CA32 (bit 45)
    // do not exist there.
    const uint64_t xer_mask = m32 ? (0xffffffffull & ~((1ull << 19) | (1ull << 18))) : ~0ull;
    if (p.outcome.kind != q.outcome.kind)
        diffs.push_back({fmt::format("outcome ppcvm={} qemu={}", outcome_name(p.outcome.kind),
                                     outcome_name(q.outcome.kind)),
                         0, static_cast<uint64_t>(p.outcome.kind),
                         static_cast<uint64_t>(q.outcome.kind)});
    if ((p.outcome.address & wmask) != (q.outcome.address & wmask))
        diffs.push_back({"outcome address", 0, p.outcome.address, q.outcome.address});
    if ((p.outcome.kind == OutcomeKind::Storage || p.outcome.kind == OutcomeKind::Alignment) &&
        p.outcome.kind == q.outcome.kind &&
        (p.outcome.data_address & wmask) != (q.outcome.data_address & wmask))
        diffs.push_back({"fault address", 0, p.outcome.data_address, q.outcome.data_address});
    for (int i = 0; i < DT_NREGS; ++i) {
        const uint64_t m = compared_bits(mode, tc, i) & (i == DT_XER ? xer_mask : ~0ull);
        if ((p.regs.r[i] & m) != (q.regs.r[i] & m))
            diffs.push_back({register_name(i), tc.init.r[i], p.regs.r[i], q.regs.r[i]});
    }
    for (size_t off = 0; off + 8 <= DT_SCRATCH_SIZE; off += 8) {
        if (std::memcmp(&p.scratch[off], &q.scratch[off], 8) == 0) continue;
        uint64_t a, b, c;
        std::memcpy(&a, &tc.scratch[off], 8);
        std::memcpy(&b, &p.scratch[off], 8);
        std::memcpy(&c, &q.scratch[off], 8);
        // Shown as the bytes in memory order.
        diffs.push_back({fmt::format("mem[{:#x}] (bytes)", DT_SCRATCH_BASE + off),
                         __builtin_bswap64(a), __builtin_bswap64(b), __builtin_bswap64(c)});
    }
    return diffs;
}

// ------------------------------------------------------------------------------------------
// QEMU side

namespace {

bool write_all(int fd, const void* data, size_t len) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (len) {
        const ssize_t r = ::write(fd, p, len);
        if (r <= 0) return false;
        p += r;
        len -= static_cast<size_t>(r);
    }
    return true;
}

std::string temp_path(const char* tag) {
    const char* dir = std::getenv("TMPDIR");
    return fmt::format("{}/ppcvm-difftest-{}-{}-XXXXXX", dir ? dir : "/tmp", tag, ::getpid());
}

}  // namespace

namespace {

// One QEMU process over cases[first..]: appends the observations it produced; `stderr_text`
// gets what QEMU printed. Returns false if the process could not be set up.
bool run_qemu_once(const QemuConfig& cfg, Mode mode, const std::vector<TestCase>& all,
                   size_t first, std::vector<Observation>& out, std::string& stderr_text,
                   int& status, std::string& error) {
    const std::vector<TestCase> cases(all.begin() + static_cast<long>(first), all.end());
    std::string in_name = temp_path("in"), out_name = temp_path("out"),
                err_name = temp_path("err");
    const int in_fd = ::mkstemp(in_name.data());
    const int out_fd = ::mkstemp(out_name.data());
    const int err_fd = ::mkstemp(err_name.data());
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) {
        error = "cannot create temporary files";
        return false;
    }
    auto cleanup = [&] {
        ::close(in_fd);
        ::close(out_fd);
        ::close(err_fd);
        ::unlink(in_name.c_str());
        ::unlink(out_name.c_str());
        ::unlink(err_name.c_str());
    };
    std::vector<uint8_t> buf;
    auto put64 = [&](uint64_t v) {
        v = guest_dword(mode, v);
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        buf.insert(buf.end(), p, p + 8);
    };
    for (const TestCase& tc : cases) {
        put64(DT_MAGIC);
        put64(tc.code.size());
        put64(mode == Mode::Be32 && tc.vector_state ? DT_FLAG_VMX : 0);
        for (uint64_t r : tc.init.r) put64(r);
        buf.insert(buf.end(), tc.scratch.begin(), tc.scratch.end());
        for (uint32_t w : tc.code) {
            const uint32_t g = guest_word(mode, w);
            const auto* p = reinterpret_cast<const uint8_t*>(&g);
            buf.insert(buf.end(), p, p + 4);
        }
    }
    put64(DT_MAGIC);
    put64(0);
    put64(0);
    buf.resize(buf.size() + DT_NREGS * 8 + DT_SCRATCH_SIZE, 0);
    if (!write_all(in_fd, buf.data(), buf.size())) {
        error = "cannot write the case file";
        cleanup();
        return false;
    }
    ::lseek(in_fd, 0, SEEK_SET);

    std::vector<std::string> argv_s = {cfg.qemu};
    if (!cfg.cpu.empty()) {
        argv_s.push_back("-cpu");
        argv_s.push_back(cfg.cpu);
    }
    argv_s.push_back(cfg.runtime);
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in_fd, 0);
        ::dup2(out_fd, 1);
        ::dup2(err_fd, 2);
        ::execvp(argv[0], argv.data());
        std::fprintf(stderr, "difftest: cannot run %s: %s\n", argv[0], std::strerror(errno));
        ::_exit(127);
    }
    // Watchdog: a stream that loops is stopped by the runtime's own 2 s timer; a QEMU that
    // hangs for any other reason is killed, and the case it was on reported as aborted.
    status = 0;
    const auto limit = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(60000 + 50 * static_cast<int64_t>(cases.size()));
    bool killed = false;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) break;
        if (!killed && std::chrono::steady_clock::now() > limit) {
            ::kill(pid, SIGKILL);
            killed = true;
        }
        ::usleep(1000);
    }

    std::ifstream f(out_name, std::ios::binary);
    std::vector<uint8_t> res((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::ifstream ef(err_name);
    stderr_text.assign((std::istreambuf_iterator<char>(ef)), std::istreambuf_iterator<char>());
    if (killed) stderr_text = "QEMU killed by the difftest watchdog (hung)\n" + stderr_text;
    cleanup();
    const size_t rec = sizeof(DtResult);
    for (size_t i = 0; i < cases.size() && (i + 1) * rec <= res.size(); ++i) {
        DtResult r;
        std::memcpy(&r, &res[i * rec], rec);
        auto g = [&](uint64_t v) { return guest_dword(mode, v); };
        if (g(r.magic) != DT_RESULT_MAGIC) {
            error = fmt::format("bad result record {}", i);
            return false;
        }
        Observation o;
        const uint64_t sig = g(r.signo), code = g(r.si_code);
        o.outcome.detail = sig;
        o.outcome.address = g(r.nip);
        switch (sig) {
            case 5:  // SIGTRAP
                o.outcome.kind = o.outcome.address == cases[i].end_address()
                                     ? OutcomeKind::Completed
                                     : OutcomeKind::Trap;
                break;
            case 4:  // SIGILL: ILL_PRVOPC (5) for privileged instructions
                o.outcome.kind = (code & 0xffffffff) == 5 ? OutcomeKind::Privileged
                                                          : OutcomeKind::Illegal;
                break;
            case 11:
                o.outcome.kind = OutcomeKind::Storage;
                o.outcome.data_address = g(r.fault_addr);
                break;
            case 7:
                o.outcome.kind = OutcomeKind::Alignment;
                o.outcome.data_address = g(r.fault_addr);
                break;
            case 8: o.outcome.kind = OutcomeKind::FpEnabled; break;
            case 14: o.outcome.kind = OutcomeKind::Timeout; break;
            default: o.outcome.kind = OutcomeKind::Other; break;
        }
        for (int k = 0; k < DT_NREGS; ++k) o.regs.r[k] = g(r.regs[k]);
        o.scratch.assign(r.scratch, r.scratch + DT_SCRATCH_SIZE);
        out.push_back(std::move(o));
    }
    return true;
}

}  // namespace

bool run_in_qemu(const QemuConfig& cfg, Mode mode, const std::vector<TestCase>& cases,
                 std::vector<Observation>& out, std::string& error) {
    out.clear();
    while (out.size() < cases.size()) {
        const size_t first = out.size();
        std::string err_text;
        int status = 0;
        if (!run_qemu_once(cfg, mode, cases, first, out, err_text, status, error)) return false;
        if (out.size() == cases.size()) break;
        if (first == 0 && out.empty() &&
            (WIFEXITED(status) && (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 2))) {
            error = fmt::format("QEMU did not run the runtime (exit status {}): {}",
                                WEXITSTATUS(status), err_text);
            return false;
        }
        // QEMU died on case out.size(): record it and go on with the next case.
        Observation dead;
        dead.outcome.kind = OutcomeKind::QemuAborted;
        dead.outcome.address = 0;
        dead.outcome.message = err_text.substr(0, err_text.find('\n'));
        if (dead.outcome.message.empty())
            dead.outcome.message = fmt::format("QEMU exited with status {:#x}", status);
        dead.regs = cases[out.size()].init;
        dead.scratch = cases[out.size()].scratch;
        out.push_back(std::move(dead));
    }
    return true;
}

std::string describe_stream(const TestCase& tc, bool) {
    std::string s;
    const auto& dec = isa::Decoder::instance();
    std::vector<int> order(tc.code.size(), 0);
    int k = 0;
    for (const auto& e : tc.executed) order[e.first] = ++k;
    for (size_t i = 0; i < tc.code.size() && i <= tc.end_slot; ++i) {
        const uint32_t w = tc.code[i];
        const isa::InsnDesc* d = dec.decode(w, i + 1 < tc.code.size() ? tc.code[i + 1] : 0);
        std::string what = i == tc.end_slot ? "(end marker: trap)"
                           : d ? fmt::format("{} {}", d->mnemonic, d->operands)
                               : "(no table row)";
        s += fmt::format("  {:#010x}: {:08x}  {:<4} {}\n", DT_TEST_BASE + 4 * i, w,
                         order[i] ? fmt::format("#{}", order[i]) : "", what);
    }
    return s;
}

}  // namespace ppcvm::difftest

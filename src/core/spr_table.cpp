#include "core/spr_table.hpp"


#include "core/guest_memory.hpp"
#include "core/spr_numbers.hpp"
#include "core/mmu/soft_tlb.hpp"

namespace ppcvm {
namespace {

using L = IsaLevel;
using K = SprKind;
constexpr SprPriv N = SprPriv::None, P = SprPriv::Problem, V = SprPriv::Privileged,
                  H = SprPriv::Hypervisor;
constexpr uint8_t S64 = sprfam::kServer64, S32 = sprfam::kClassic32, ALL = sprfam::kBoth;
constexpr uint64_t kAll = ~0ull, k32 = 0xffffffffull;
constexpr uint8_t NF = fscr::kNone;

// Levels: "since" is the first Book III-S 64 level with the SPR (the catalog has 2.01, 2.04,
// 2.05, 2.06, 2.06+, 2.07, 3.00 and 3.1 processors); Classic32 rows apply to every 32-bit
// classic processor. Privileges are the Power ISA 3.1 SPR table's (Book III 5.4.4) and, for
// SPRs later removed, the table of the last book that had them.
constexpr SprInfo kSprs[] = {
    // ---- Book I ----
    {sprn::kXER, "XER", ALL, L::Classic32, L::Classic32, P, P, K::Xer, kAll, 0, NF},
    {sprn::kLR, "LR", ALL, L::Classic32, L::Classic32, P, P, K::Lr, kAll, 0, NF},
    {sprn::kCTR, "CTR", ALL, L::Classic32, L::Classic32, P, P, K::Ctr, kAll, 0, NF},
    {sprn::kVRSAVE, "VRSAVE", ALL, L::Classic32, L::Classic32, P, P, K::Vrsave, k32, 0, NF},
    {sprn::kDSCR_U, "DSCR(3)", S64, L::V2_06, L::Classic32, P, P, K::Plain, 0x1ffffff,
     sprn::kDSCR, fscr::kDscr},
    {sprn::kAMR_U, "AMR(13)", S64, L::V2_06, L::Classic32, P, P, K::AmrMasked, kAll, sprn::kAMR, NF},
    {sprn::kTFHAR, "TFHAR", S64, L::V2_07, L::V3_1, P, P, K::Plain, kAll, 0, fscr::kTm},
    {sprn::kTFIAR, "TFIAR", S64, L::V2_07, L::V3_1, P, P, K::Plain, kAll, 0, fscr::kTm},
    {sprn::kTEXASR, "TEXASR", S64, L::V2_07, L::V3_1, P, P, K::Plain, kAll, 0, fscr::kTm},
    {sprn::kTEXASRU, "TEXASRU", S64, L::V2_07, L::V3_1, P, P, K::Plain, k32, 0, fscr::kTm},
    {sprn::kCTRL_R, "CTRL(read)", S64, L::V2_01, L::Classic32, P, N, K::CtrlRead, 0, 0, NF},
    {sprn::kCTRL_W, "CTRL(write)", S64, L::V2_01, L::Classic32, N, V, K::CtrlWrite, 1, 0, NF},
    {sprn::kTB, "TB", ALL, L::Classic32, L::Classic32, P, N, K::TbRead, 0, 0, NF},
    {sprn::kTBU, "TBU", ALL, L::Classic32, L::Classic32, P, N, K::TbuRead, 0, 0, NF},
    {sprn::kSPRG3_R, "SPRG3(259)", S64, L::V2_01, L::Classic32, P, N, K::Plain, 0,
     sprn::kSPRG3, NF},
    {sprn::kEBBHR, "EBBHR", S64, L::V2_07, L::Classic32, P, P, K::Plain, ~3ull, 0, fscr::kEbb},
    {sprn::kEBBRR, "EBBRR", S64, L::V2_07, L::Classic32, P, P, K::Plain, ~3ull, 0, fscr::kEbb},
    {sprn::kBESCR, "BESCR", S64, L::V2_07, L::Classic32, P, P, K::Plain, kAll, 0, fscr::kEbb},
    {sprn::kTAR, "TAR", S64, L::V2_07, L::Classic32, P, P, K::Tar, ~3ull, 0, fscr::kTar},
    {sprn::kPPR, "PPR", S64, L::V2_06, L::Classic32, P, P, K::Ppr, 0, 0, NF},
    {sprn::kPPR32, "PPR32", S64, L::V2_07, L::Classic32, P, P, K::Ppr32, 0, 0, NF},
    // Problem-state performance monitor aliases (768-783 = privileged number - 16). Reading
    // them in problem state is allowed when MMCR0[PMCC] permits (checked in mfspr); writing
    // from problem state is not modelled (treated as not accessible).
    {sprn::kSIER_U, "SIER(768)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kSIER, fscr::kPm},
    {769, "MMCR2(769)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kMMCR2, fscr::kPm},
    {770, "MMCRA(770)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kMMCRA, fscr::kPm},
    {771, "PMC1(771)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 787, fscr::kPm},
    {772, "PMC2(772)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 788, fscr::kPm},
    {773, "PMC3(773)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 789, fscr::kPm},
    {774, "PMC4(774)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 790, fscr::kPm},
    {775, "PMC5(775)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 791, fscr::kPm},
    {776, "PMC6(776)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, 792, fscr::kPm},
    {sprn::kMMCR0_U, "MMCR0(779)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kMMCR0, fscr::kPm},
    {780, "SIAR(780)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kSIAR, fscr::kPm},
    {781, "SDAR(781)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kSDAR, fscr::kPm},
    {sprn::kMMCR1_U, "MMCR1(782)", S64, L::V2_07, L::Classic32, P, N, K::Plain, 0, sprn::kMMCR1, fscr::kPm},
    // ---- Book III: privileged ----
    {sprn::kDSCR, "DSCR", S64, L::V2_05, L::Classic32, V, V, K::Plain, 0x1ffffff, 0, fscr::kDscr},
    {sprn::kDSISR, "DSISR", ALL, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kDAR, "DAR", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kDEC, "DEC", ALL, L::Classic32, L::Classic32, V, V, K::Dec, kAll, 0, NF},
    {sprn::kSDR1, "SDR1", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kSDR1, "SDR1", S64, L::V2_01, L::V3_00, H, H, K::Plain, kAll, 0, NF},
    {sprn::kSRR0, "SRR0", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSRR1, "SRR1", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kCFAR, "CFAR", S64, L::V2_06, L::Classic32, V, V, K::Plain, ~3ull, 0, NF},
    {sprn::kAMR, "AMR", S64, L::V2_06, L::Classic32, V, V, K::AmrMasked, kAll, 0, NF},
    {sprn::kPIDR, "PIDR", S64, L::V3_00, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kIAMR, "IAMR", S64, L::V2_07, L::Classic32, V, V, K::AmrMasked, kAll, 0, NF},
    {sprn::kFSCR, "FSCR", S64, L::V2_07, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kUAMOR, "UAMOR", S64, L::V2_06, L::Classic32, V, V, K::AmrMasked, kAll, 0, NF},
    {sprn::kPSPB, "PSPB", S64, L::V2_07, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kDPDES, "DPDES", S64, L::V2_07, L::Classic32, V, H, K::Plain, 0xff, 0, NF},
    {sprn::kSPRG0, "SPRG0", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSPRG1, "SPRG1", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSPRG2, "SPRG2", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSPRG3, "SPRG3", ALL, L::Classic32, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kEAR, "EAR", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kTBL_W, "TBL(write)", S32, L::Classic32, L::Classic32, N, V, K::TblWrite, 0, 0, NF},
    {sprn::kTBU_W, "TBU(write)", S32, L::Classic32, L::Classic32, N, V, K::TbuWrite, 0, 0, NF},
    {sprn::kPVR, "PVR", ALL, L::Classic32, L::Classic32, V, N, K::Plain, 0, 0, NF},
    {sprn::kSPURR, "SPURR", S64, L::V2_05, L::Classic32, V, H, K::Purr, kAll, 0, NF},
    {sprn::kPURR, "PURR", S64, L::V2_04, L::Classic32, V, H, K::Purr, kAll, 0, NF},
    {sprn::kTIR, "TIR", S64, L::V2_07, L::Classic32, V, N, K::Plain, 0, 0, NF},
    {sprn::kSIER, "SIER", S64, L::V2_07, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kMMCR2, "MMCR2", S64, L::V2_07, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kMMCRA, "MMCRA", S64, L::V2_01, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {787, "PMC1", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {788, "PMC2", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {789, "PMC3", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {790, "PMC4", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {791, "PMC5", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {792, "PMC6", S64, L::V2_01, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kMMCR0, "MMCR0", S64, L::V2_01, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSIAR, "SIAR", S64, L::V2_01, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kSDAR, "SDAR", S64, L::V2_01, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kMMCR1, "MMCR1", S64, L::V2_01, L::Classic32, V, V, K::Plain, kAll, 0, NF},
    {sprn::kPSSCR_PR, "PSSCR_PR", S64, L::V3_00, L::Classic32, V, V, K::PsscrPr,
     0x000000000000000full /* RL only */, 0, NF},
    {sprn::kPIR, "PIR", ALL, L::Classic32, L::Classic32, V, N, K::Plain, 0, 0, NF},
    {sprn::kDABR, "DABR", S64, L::V2_01, L::V3_00, V, V, K::Plain, kAll, 0, NF},
    // ---- Book III: hypervisor ----
    {sprn::kTIDR, "TIDR", S64, L::V3_00, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kDAWR0, "DAWR0", S64, L::V2_07, L::Classic32, H, H, K::Plain, ~7ull, 0, NF},
    {sprn::kRPR, "RPR", S64, L::V2_07, L::Classic32, H, H, K::Plain, 0x3fffffffffffffull, 0, NF},
    {sprn::kCIABR, "CIABR", S64, L::V2_07, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kDAWRX0, "DAWRX0", S64, L::V2_07, L::Classic32, H, H, K::Plain, k32, 0, NF},
    {sprn::kHFSCR, "HFSCR", S64, L::V2_07, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kTBL_W, "TBL(write)", S64, L::V2_01, L::Classic32, N, H, K::TblWrite, 0, 0, NF},
    {sprn::kTBU_W, "TBU(write)", S64, L::V2_01, L::Classic32, N, H, K::TbuWrite, 0, 0, NF},
    {sprn::kTBU40, "TBU40", S64, L::V2_06, L::Classic32, N, H, K::Tbu40Write, 0, 0, NF},
    {sprn::kHSPRG0, "HSPRG0", S64, L::V2_01, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHSPRG1, "HSPRG1", S64, L::V2_01, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHDSISR, "HDSISR", S64, L::V2_06, L::Classic32, H, H, K::Plain, k32, 0, NF},
    {sprn::kHDAR, "HDAR", S64, L::V2_06, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHDEC, "HDEC", S64, L::V2_01, L::Classic32, H, H, K::Hdec, kAll, 0, NF},
    {311, "HIOR", S64, L::V2_01, L::V2_03, H, H, K::Plain, kAll, 0, NF},  // 970 only
    {sprn::kHRMOR, "HRMOR", S64, L::V2_03, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHSRR0, "HSRR0", S64, L::V2_03, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHSRR1, "HSRR1", S64, L::V2_03, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kLPCR, "LPCR", S64, L::V2_03, L::Classic32, H, H, K::Lpcr, kAll, 0, NF},
    {sprn::kLPIDR, "LPIDR", S64, L::V2_03, L::Classic32, H, H, K::Plain, k32, 0, NF},
    {sprn::kHMER, "HMER", S64, L::V2_06, L::Classic32, H, H, K::Hmer, kAll, 0, NF},
    {sprn::kHMEER, "HMEER", S64, L::V2_06, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kPCR, "PCR", S64, L::V2_06, L::Classic32, H, H, K::Pcr, kAll, 0, NF},
    {sprn::kHEIR, "HEIR", S64, L::V2_06, L::Classic32, H, H, K::Plain, k32, 0, NF},
    {sprn::kAMOR, "AMOR", S64, L::V2_06, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kPTCR, "PTCR", S64, L::V3_00, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kPSSCR, "PSSCR", S64, L::V3_00, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    {sprn::kHID0, "HID0", S64, L::V2_01, L::Classic32, H, H, K::Plain, kAll, 0, NF},
    // ---- 32-bit classic implementation SPRs (750/74xx user manuals) ----
    {sprn::kHID0, "HID0", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kHID1, "HID1", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kIABR, "IABR", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kDABR, "DABR", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kL2CR, "L2CR", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {sprn::kICTC, "ICTC", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {1020, "THRM1", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {1021, "THRM2", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
    {1022, "THRM3", S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF},
#define BAT(n, name) {n, name, S32, L::Classic32, L::Classic32, V, V, K::Plain, k32, 0, NF}
    BAT(528, "IBAT0U"), BAT(529, "IBAT0L"), BAT(530, "IBAT1U"), BAT(531, "IBAT1L"),
    BAT(532, "IBAT2U"), BAT(533, "IBAT2L"), BAT(534, "IBAT3U"), BAT(535, "IBAT3L"),
    BAT(536, "DBAT0U"), BAT(537, "DBAT0L"), BAT(538, "DBAT1U"), BAT(539, "DBAT1L"),
    BAT(540, "DBAT2U"), BAT(541, "DBAT2L"), BAT(542, "DBAT3U"), BAT(543, "DBAT3L"),
#undef BAT
};

bool model_has(const SprInfo& s, const CpuModel& m) {
    if (m.family == CpuFamily::Book3S32) return (s.families & S32) != 0;
    if (m.family != CpuFamily::Book3S64) {
        // BookE: only the Book I SPRs are modelled here.
        return s.number == sprn::kXER || s.number == sprn::kLR || s.number == sprn::kCTR;
    }
    if (!(s.families & S64)) return false;
    if (m.isa < s.since) return false;
    if (s.until != L::Classic32 && m.isa >= s.until) return false;
    if ((s.fscr_bit == fscr::kTm) && !(m.facilities & PPCVM_FAC_TM)) return false;
    return true;
}

// Sign-extend the low `bits` of v.
int64_t sext_bits(uint64_t v, unsigned bits) {
    return bits >= 64 ? static_cast<int64_t>(v)
                      : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
}

// Program priority (PPR[PRI], bits 11:13): which values each state may set (Book II 3.2,
// "Program Priority Register"); other values leave PPR unchanged.
bool priority_allowed(const CpuState& cpu, unsigned pri) {
    if (pri == 0) return false;
    if (cpu.problem_state()) return pri >= 2 && pri <= 4;
    if (cpu.hypervisor_state()) return true;
    return pri <= 6;
}

void write_ppr(CpuState& cpu, uint64_t v) {
    const unsigned pri = (v >> 50) & 7;
    if (priority_allowed(cpu, pri))
        cpu.spr[sprn::kPPR] = static_cast<uint64_t>(pri) << 50;
}

void set_timebase(CpuState& cpu, uint64_t old_tb, uint64_t new_tb) {
    const uint64_t delta = new_tb - old_tb;
    cpu.tb_offset += static_cast<int64_t>(delta);
    // DEC and HDEC are separate counters: keep their current values.
    cpu.dec_expiry += delta;
    cpu.hdec_expiry += delta;
    arm_timers(cpu, new_tb);
}

// AMOR is the hypervisor's: under PAPR ppcvm is the hypervisor and lets the guest OS set
// every AMR bit (as if AMOR were all ones); on bare metal the guest hypervisor's AMOR applies.
bool guest_has_amor(const CpuState& cpu) {
    return cpu.platform == Platform::BareMetal && cpu.model &&
           cpu.model->family == CpuFamily::Book3S64;
}

IsaLevel level_from_pcr(const CpuModel& m, uint64_t pcr_value) {
    if (pcr_value & pcr::kArch205) return L::V2_05;
    if (pcr_value & pcr::kArch206) return L::V2_06;
    if (pcr_value & pcr::kArch207) return L::V2_07;
    if (pcr_value & pcr::kArch300) return L::V3_00;
    return m.isa;
}

}  // namespace

const SprInfo* spr_table(size_t& count) {
    count = sizeof(kSprs) / sizeof(kSprs[0]);
    return kSprs;
}

const SprInfo* find_spr(unsigned number, const CpuModel& model) {
    if (number >= 1024) return nullptr;
    for (const SprInfo& s : kSprs)
        if (s.number == number && model_has(s, model)) return &s;
    return nullptr;
}

unsigned decrementer_bits(const CpuState& cpu) {
    // Large decrementer (ISA 3.0 Book III, Timer Facilities, "Decrementer"): LPCR[LD]=1
    // extends DEC to an implementation-dependent width; 56 bits on POWER9 and POWER10 (as
    // QEMU's lrg_decr_bits).
    if (cpu.model && cpu.model->isa >= L::V3_00 && (cpu.spr[sprn::kLPCR] & lpcr::kLD)) return 56;
    return 32;
}

uint64_t next_timer_deadline(const CpuState& cpu) {
    return cpu.dec_deadline < cpu.hdec_deadline ? cpu.dec_deadline : cpu.hdec_deadline;
}

// Book III-S 64 decrementers are level-sensitive: the exception exists while the most
// significant bit is 1 (QEMU: "All Book3S 64bit CPUs implement level based DEC logic").
// 32-bit classic processors raise it on the 0 -> 1 transition and clear it on delivery.
bool level_decrementer(const CpuState& cpu) {
    return !cpu.model || cpu.model->family == CpuFamily::Book3S64;
}

void arm_timers(CpuState& cpu) { arm_timers(cpu, cpu.timebase()); }

void arm_timers(CpuState& cpu, uint64_t tb) {
    const unsigned bits = decrementer_bits(cpu);
    auto deadline = [&](uint64_t expiry, unsigned width) -> uint64_t {
        const int64_t value = sext_bits(expiry - tb, width);
        return value >= 0 ? tb + static_cast<uint64_t>(value) + 1 : ~0ull;
    };
    cpu.dec_deadline = deadline(cpu.dec_expiry, bits);
    cpu.hdec_deadline = deadline(cpu.hdec_expiry, 32);
    const uint64_t next = next_timer_deadline(cpu);
    if (next == ~0ull) {
        cpu.timer_check_icount = ~0ull;
    } else if (!cpu.env) {
        // Deterministic time base (instructions retired): check exactly when it is due.
        cpu.timer_check_icount = next - static_cast<uint64_t>(cpu.tb_offset);
    } else {
        // Host-time time base: poll every few hundred instructions; a machine that wants
        // tighter timing sets async_pending from a host timer.
        constexpr uint64_t kPollInstructions = 512;
        cpu.timer_check_icount = cpu.instructions_retired + kPollInstructions;
    }
}

uint64_t read_spr(CpuState& cpu, const SprInfo& info) {
    const unsigned idx = info.alias ? info.alias : info.number;
    switch (info.kind) {
        case K::Plain: return cpu.spr[idx];
        case K::Xer: return cpu.xer_read();
        case K::Lr: return cpu.lr;
        case K::Ctr: return cpu.ctr;
        case K::Tar: return cpu.tar;
        case K::Vrsave: return cpu.vrsave;
        case K::Dec: {
            const unsigned bits = decrementer_bits(cpu);
            const uint64_t v = cpu.dec_expiry - cpu.timebase();
            // Not in large mode, DEC is a 32-bit SPR: the high half of RT is 0.
            return bits == 32 ? (v & 0xffffffffull) : static_cast<uint64_t>(sext_bits(v, bits));
        }
        case K::Hdec: return (cpu.hdec_expiry - cpu.timebase()) & 0xffffffffull;
        case K::TbRead: return cpu.timebase();
        case K::TbuRead: return cpu.timebase() >> 32;
        case K::Purr: return cpu.spr[idx] + cpu.timebase();
        case K::CtrlRead: {
            // CTRL[RUN] (bit 63) as written through SPR 152, and this thread's run state in
            // CTRL[TS] (bit 55 for thread 0). Other threads are not modelled.
            const uint64_t run = cpu.spr[sprn::kCTRL_W] & 1;
            return run | (run << 8);
        }
        case K::PsscrPr: return cpu.spr[sprn::kPSSCR] & info.write_mask;
        case K::Ppr: return cpu.spr[sprn::kPPR];
        case K::Ppr32: return cpu.spr[sprn::kPPR] >> 32;
        case K::TblWrite: case K::TbuWrite: case K::Tbu40Write: case K::CtrlWrite:
        case K::Hmer: case K::Pcr: case K::Lpcr: case K::AmrMasked:
            return cpu.spr[idx];
    }
    return 0;
}

namespace {
void write_spr_value(CpuState& cpu, const SprInfo& info, uint64_t value);
}  // namespace

void write_spr(CpuState& cpu, const SprInfo& info, uint64_t value) {
    write_spr_value(cpu, info, value);
    // Writes that change translations drop the cached ones (soft_tlb.hpp lists them). Linux
    // writes PIDR on every switch between processes: without this, a process went on
    // using the previous one's translations, and copy-on-write pages were shared after fork.
    mmu_spr_written(cpu, info.alias ? info.alias : info.number);
}

namespace {
void write_spr_value(CpuState& cpu, const SprInfo& info, uint64_t value) {
    const unsigned idx = info.alias ? info.alias : info.number;
    switch (info.kind) {
        case K::Plain:
            cpu.spr[idx] = (cpu.spr[idx] & ~info.write_mask) | (value & info.write_mask);
            return;
        case K::Xer: cpu.xer_write(value); return;
        case K::Lr: cpu.lr = value; return;
        case K::Ctr: cpu.ctr = value; return;
        case K::Tar: cpu.tar = value & info.write_mask; return;
        case K::Vrsave: cpu.vrsave = static_cast<uint32_t>(value); return;
        case K::Dec: {
            // Book III Timer Facilities, "Decrementer": writing a value with the most
            // significant bit 1 over a value whose bit was 0 creates a Decrementer exception;
            // a non-negative value cancels a pending one. Book III-S 64 decrementers are
            // level-sensitive (level_decrementer): any negative value is an
            // exception there, as QEMU's PPC_DECR_UNDERFLOW_LEVEL.
            const unsigned bits = decrementer_bits(cpu);
            const uint64_t tb = cpu.timebase();
            const bool was_negative = sext_bits(cpu.dec_expiry - tb, bits) < 0;
            const int64_t v = sext_bits(value, bits);
            cpu.dec_expiry = tb + static_cast<uint64_t>(v);
            if (v < 0) {
                if (!was_negative || level_decrementer(cpu)) cpu.dec_exception = true;
            } else {
                cpu.dec_exception = false;
            }
            // With the same time base as the write: a host-clock time base moves on, and a
            // small value (Linux writes 1 to force an interrupt) may already have crossed zero
            // by a later reading, which would then see no deadline left to arm.
            arm_timers(cpu, tb);
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return;
        }
        case K::Hdec: {
            const uint64_t tb = cpu.timebase();
            const bool was_negative = sext_bits(cpu.hdec_expiry - tb, 32) < 0;
            const int64_t v = sext_bits(value, 32);
            cpu.hdec_expiry = tb + static_cast<uint64_t>(v);
            if (v < 0) {
                if (!was_negative) cpu.hdec_exception = true;
            } else {
                cpu.hdec_exception = false;
            }
            arm_timers(cpu, tb);
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return;
        }
        case K::TblWrite: {
            const uint64_t tb = cpu.timebase();
            set_timebase(cpu, tb, (tb & ~0xffffffffull) | (value & 0xffffffffull));
            return;
        }
        case K::TbuWrite: {
            const uint64_t tb = cpu.timebase();
            set_timebase(cpu, tb, (tb & 0xffffffffull) | (value << 32));
            return;
        }
        case K::Tbu40Write: {
            // TBU40 (ISA 2.06): the upper 40 bits of TB; the low 24 bits are unchanged.
            const uint64_t tb = cpu.timebase();
            set_timebase(cpu, tb, (value & ~0xffffffull) | (tb & 0xffffffull));
            return;
        }
        case K::Purr: cpu.spr[idx] = value - cpu.timebase(); return;
        case K::CtrlWrite: cpu.spr[sprn::kCTRL_W] = value & 1; return;
        case K::Hmer: cpu.spr[sprn::kHMER] &= value; return;  // mtspr HMER ANDs
        case K::Ppr: write_ppr(cpu, value); return;
        case K::Ppr32: write_ppr(cpu, (value & 0xffffffffull) << 32); return;
        case K::PsscrPr:
            cpu.spr[sprn::kPSSCR] =
                (cpu.spr[sprn::kPSSCR] & ~info.write_mask) | (value & info.write_mask);
            return;
        case K::Pcr:
            if (cpu.model) {
                cpu.spr[sprn::kPCR] = value & cpu.model->pcr_mask;
                cpu.effective_isa = level_from_pcr(*cpu.model, cpu.spr[sprn::kPCR]);
                // Decoded blocks were gated at the old level: make every engine drop them
                // (an address beyond RAM only advances the code epoch).
                if (cpu.memory) cpu.memory->code_written(~0ull);
            }
            return;
        case K::Lpcr:
            cpu.spr[sprn::kLPCR] = value;
            arm_timers(cpu);  // LPCR[LD] changes the DEC width
            cpu.async_pending.store(true, std::memory_order_relaxed);
            return;
        case K::AmrMasked: {
            // Book III 5.4.4 (mtspr, SPRs 13, 29, 61, 157): in problem state AMR is written
            // through UAMOR; in privileged non-hypervisor state AMR, IAMR and UAMOR are
            // written through AMOR; the hypervisor writes every bit.
            uint64_t mask = ~0ull;
            if (cpu.problem_state()) mask = cpu.spr[sprn::kUAMOR];
            else if (!cpu.hypervisor_state() && guest_has_amor(cpu)) mask = cpu.spr[sprn::kAMOR];
            if (info.number == sprn::kUAMOR) {
                cpu.spr[idx] = value & mask;  // UAMOR <- (RS) & AMOR
            } else {
                cpu.spr[idx] = (cpu.spr[idx] & ~mask) | (value & mask);
            }
            return;
        }
        case K::TbRead: case K::TbuRead: case K::CtrlRead:
            return;
    }
}
}  // namespace

}  // namespace ppcvm

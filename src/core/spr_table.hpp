// The SPR model as data: every SPR the Book III-S processors of the catalog implement, who may
// read and write it, and how its value is kept (Power ISA 3.1 Book III 5.4.4, "SPR encodings"
// table; earlier levels from the Power ISA 2.0x/3.0 books; 32-bit classic SPRs from the
// PowerPC Operating Environment Architecture and the 750/74xx manuals).
//
// mfspr/mtspr (semantics/system.cpp) apply the privilege rules; read_spr()/write_spr() here do
// the value itself (including side effects), so debuggers and machines can use them too.
// BookE SPRs are not in this table yet (BookE processors see only the Book I SPRs).
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"

namespace ppcvm {

// Who may access an SPR in one direction (Book III 5.4.4: "privileged" is spr[0]=1, i.e. bit
// 0x10 of the SPR number; "hypv" SPRs need MSR[HV PR]=0b10).
enum class SprPriv : uint8_t {
    None,        // undefined for this instruction (a hyphen in the ISA's SPR table): the
                 // undefined-SPR-number rules of Book III 5.4.4 apply
    Problem,     // any state
    Privileged,  // MSR[PR]=0
    Hypervisor,  // MSR[HV PR]=0b10
};

// How the value is kept and what reading/writing it does.
enum class SprKind : uint8_t {
    Plain,     // cpu.spr[number] (or cpu.spr[alias] when alias != 0), masked by write_mask
    Xer, Lr, Ctr, Tar, Vrsave,
    Dec, Hdec,             // count down with the time base; exceptions on turning negative
    TbRead, TbuRead,       // 268/269: TB (64 bits) and its upper half
    TblWrite, TbuWrite, Tbu40Write,
    Purr,                  // PURR/SPURR: count with the time base (one thread per core)
    CtrlRead, CtrlWrite,   // CTRL: run latch, read and write numbers differ
    Hmer,                  // mtspr ANDs into HMER (Book III, "Hypervisor Maintenance
                           // Exception Register")
    Ppr, Ppr32,            // program priority: which priorities a state may set
    PsscrPr,               // the problem/privileged view of PSSCR
    Pcr,                   // compat level changes effective_isa
    Lpcr,                  // may unmask interrupts (async recheck)
    AmrMasked,             // AMR/IAMR/UAMOR: writes masked by UAMOR (problem) or AMOR
                           // (privileged non-hypervisor), Book III 5.4.4 mtspr
};

// Facility Status and Control bits (FSCR and HFSCR bit numbers from the right, Book III
// "Facility Status and Control Register"); the Interruption Cause field IC is bits 0:7
// (FSCR[IC] = value << 56).
namespace fscr {
inline constexpr unsigned kFp = 0, kVecVsx = 1, kDscr = 2, kPm = 3, kBhrb = 4, kTm = 5;
inline constexpr unsigned kEbb = 7, kTar = 8, kMsgp = 10, kScv = 12, kPrefix = 13;
inline constexpr unsigned kNone = 0xff;
}  // namespace fscr

// Processor families an SPR belongs to.
namespace sprfam {
inline constexpr uint8_t kServer64 = 1;   // 64-bit Book III-S
inline constexpr uint8_t kClassic32 = 2;  // 32-bit Book III-S (6xx/7xx/74xx)
inline constexpr uint8_t kBoth = 3;
}  // namespace sprfam

struct SprInfo {
    uint16_t number;
    const char* name;
    uint8_t families;
    IsaLevel since;       // first server level that has it (Classic32 for "every one")
    IsaLevel until;       // first server level that dropped it (Classic32 = never dropped)
    SprPriv read, write;
    SprKind kind;
    uint64_t write_mask;  // implemented (writable) bits; others read as written before (0)
    uint16_t alias;       // storage shared with this SPR number (0: own storage)
    uint8_t fscr_bit;     // facility bit needed in problem state (FSCR) / non-HV (HFSCR)
};

// The SPR `number` as implemented by `model`, or nullptr if the model has no such SPR.
const SprInfo* find_spr(unsigned number, const CpuModel& model);
// The whole table (for tests and debuggers).
const SprInfo* spr_table(size_t& count);

// Value and side effects, without privilege checks.
uint64_t read_spr(CpuState& cpu, const SprInfo& info);
void write_spr(CpuState& cpu, const SprInfo& info, uint64_t value);

// Decrementer helpers shared with interrupt delivery: width of DEC in bits (32, or the large
// decrementer width when LPCR[LD]=1 on ISA 3.0+), and re-arm the timer deadlines.
unsigned decrementer_bits(const CpuState& cpu);
bool level_decrementer(const CpuState& cpu);
void arm_timers(CpuState& cpu);
// The same, computed at time base value `tb` (the one the caller's timer update used).
void arm_timers(CpuState& cpu, uint64_t tb);
// TB value at which the next timer exception comes into existence (~0: none armed). A machine
// sleeping a halted CPU's host thread wakes it no later than this.
uint64_t next_timer_deadline(const CpuState& cpu);

}  // namespace ppcvm

// The instruction set, described once as data.
//
// Every instruction is one row (an INSN(...) line in src/core/isa/table_*.inc) giving:
//   id        C++ identifier; the semantics function is ppcvm::sem::<id> (semantics/*.cpp)
//   mnemonic  as the Power ISA and objdump spell the base form ("add"; "andi." for dot-only)
//   form      instruction format (Power ISA 3.1 Book I section 1.6)
//   pattern   the 32 encoding bits, most significant first: '0'/'1' fixed, '-' operand or
//             don't-care; spaces are ignored (use them between fields)
//   operands  comma-separated operand names (see fields.hpp), as the disassembler prints them
//   isa       the ISA level that introduced it (drives CPU-model and PCR gating)
//   facility  the facility that must be enabled to execute it (MSR[FP], MSR[VEC], MSR[VSX]...)
//   flags     data-flow and control facts (below): registers/CR/XER touched, privilege,
//             whether it ends a translation block. The decoder, the disassembler, gating and
//             both engines read these; nothing is written twice.
// Prefixed (ISA 3.1) instructions give a second pattern for the prefix word.
#pragma once

#include <cstdint>
#include <string_view>

#include "platform/cpu_catalog.hpp"

namespace ppcvm {
struct CpuState;
}

namespace ppcvm::isa {

enum class Form : uint8_t {
    I, B, SC, D, DS, DQ, X, XL, XFX, XFL, XO, A, M, MD, MDS, XS, VA, VC, VX, XX1, XX2, XX3, XX4,
    Z22, Z23, DX, EVX, MLS, MMLS, S8LS, MRR, Other,
};

enum class Facility : uint8_t {
    None,   // fixed point, branch, storage control: always enabled
    FP,     // MSR[FP]
    VMX,    // MSR[VEC]
    VSX,    // MSR[VSX]
    SPE,    // MSR[SPV] (BookE SPE / embedded FP)
    TM,     // MSR[TM]
};

// Which processor families have it, beyond the ISA level.
enum class Category : uint8_t {
    Base,      // every family
    Server,    // Book III-S only (slb*, rfid, hrfid, mtmsrd...)
    Embedded,  // BookE only (wrtee, tlbwe, rfci...)
    Classic32, // 32-bit Book III-S only (mtsr, mfsrin, tlbld...)
};

// Flags (bit set).
namespace flag {
inline constexpr uint32_t kRc = 1u << 0;         // bit 31 is Rc: record CR0 (CR1/CR6 for FP/VMX;
                                                 // VC-form VMX rows: Rc is bit 21)
inline constexpr uint32_t kOE = 1u << 1;         // bit 21 is OE: record OV/SO
inline constexpr uint32_t kReadsCA = 1u << 2;
inline constexpr uint32_t kWritesCA = 1u << 3;
inline constexpr uint32_t kReadsLR = 1u << 4;
inline constexpr uint32_t kWritesLR = 1u << 5;   // (also when LK=1: see kLk)
inline constexpr uint32_t kReadsCTR = 1u << 6;
inline constexpr uint32_t kWritesCTR = 1u << 7;
inline constexpr uint32_t kReadsCR = 1u << 8;
inline constexpr uint32_t kWritesCR = 1u << 9;   // explicitly (cmp, CR logical, mtcrf...)
inline constexpr uint32_t kLoad = 1u << 10;
inline constexpr uint32_t kStore = 1u << 11;
inline constexpr uint32_t kBranch = 1u << 12;    // may change the instruction flow
inline constexpr uint32_t kEndsBlock = 1u << 13; // a translation block ends after it
inline constexpr uint32_t kPrivileged = 1u << 14;   // privileged: program interrupt in PR=1
inline constexpr uint32_t kHypervisor = 1u << 15;   // hypervisor-privileged
inline constexpr uint32_t kSixtyFour = 1u << 16;    // 64-bit implementations only
inline constexpr uint32_t kLk = 1u << 17;        // bit 31 is LK (branch and link)
inline constexpr uint32_t kAa = 1u << 18;        // bit 30 is AA (absolute address)
inline constexpr uint32_t kUpdate = 1u << 19;    // update form: writes RA
inline constexpr uint32_t kPrefixed = 1u << 20;  // 8-byte prefixed instruction (ISA 3.1)
inline constexpr uint32_t kMayTrap = 1u << 21;   // can raise a program/system-call interrupt
inline constexpr uint32_t kReadsXer = 1u << 22;  // reads SO or byte count (string insns)
inline constexpr uint32_t kWritesXer = 1u << 23;
}  // namespace flag

struct Insn {
    uint32_t word;    // the instruction (for prefixed: the suffix)
    uint32_t prefix;  // the prefix word of a prefixed instruction, else 0
};

// ExecStatus tells the engine what happened.
enum class ExecStatus : uint8_t {
    Continue,   // next instruction is cia+4 (or nia as set)
    Jump,       // nia was set to a new address: end of block
    Interrupt,  // an interrupt was delivered (cpu.nia is its vector): end of block
    Stop,       // the engine must return to its caller (halt, hypercall exit, debug...)
};

using Handler = ExecStatus (*)(CpuState& cpu, Insn insn);

struct Pattern {
    uint32_t mask;
    uint32_t match;
};

// Parse a pattern string at compile time; a wrong length is a compile error.
consteval Pattern parse_pattern(std::string_view text) {
    uint32_t mask = 0, match = 0;
    int bits = 0;
    for (char c : text) {
        if (c == ' ') continue;
        if (c != '0' && c != '1' && c != '-') throw "pattern: only 0, 1, - and spaces";
        mask <<= 1;
        match <<= 1;
        if (c != '-') {
            mask |= 1;
            match |= (c == '1');
        }
        ++bits;
    }
    if (bits != 32) throw "pattern: must have exactly 32 bits";
    return {mask, match};
}

enum class Op : uint16_t {
#define INSN(id, mnem, form, pattern, operands, isa, facility, category, flags) id,
#define PINSN(id, mnem, form, prefix, pattern, operands, isa, facility, category, flags) id,
#include "core/isa/all_tables.inc"
#undef INSN
#undef PINSN
    kCount
};

struct InsnDesc {
    Op op;
    const char* mnemonic;
    Form form;
    Pattern pattern;
    Pattern prefix;  // mask 0 for non-prefixed
    const char* operands;
    IsaLevel isa;
    Facility facility;
    Category category;
    uint32_t flags;
    Handler handler;

    bool has(uint32_t f) const { return (flags & f) != 0; }
    bool prefixed() const { return prefix.mask != 0; }
};

// The whole table, indexed by Op.
const InsnDesc* instruction_table();
inline constexpr size_t kInstructionCount = static_cast<size_t>(Op::kCount);
inline const InsnDesc& describe(Op op) { return instruction_table()[static_cast<size_t>(op)]; }

}  // namespace ppcvm::isa

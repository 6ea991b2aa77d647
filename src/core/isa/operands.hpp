// The operand vocabulary: every operand name a row of the instruction table may use in its
// operands string (isa.hpp), with where its bits are and how the disassembler prints it.
//
// This is the one place operand names are defined. A row naming an operand that is not here is
// a hard failure of the unit test that walks the whole table (tests/core/disassembler_test.cpp);
// to support a new operand, add one line to kOperands in operands.cpp.
//
// Operands strings: comma-separated names, printed in that order with the row's mnemonic;
// "D(RA0)" is a displacement operand followed by a base operand printed in parentheses, as the
// Power ISA writes storage operands ("lwz RT,D(RA)").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/isa/isa.hpp"

namespace ppcvm::isa {

// How an operand value is printed (the conventions of GNU objdump's PowerPC disassembler).
enum class OperandKind : uint8_t {
    Gpr,           // "r5"
    GprOrZero,     // "r5", or "0" when the field is 0 (RA|0: the value 0, not r0)
    Fpr,           // "f5"
    Vr,            // "v5"
    Vsr,           // "vs37"
    Acc,           // "a5": an MMA accumulator (objdump 2.40 as Debian ships it names them so)
    CrField,       // "cr3"
    CrBit,         // "4*cr3+eq", or "eq" for CR field 0
    Signed,        // decimal
    Unsigned,      // decimal
    BranchTarget,  // an address: cia + value, or value when the row's AA bit is 1: "0x1234"
    PcRelative,    // prefixed R bit: 1 = the displacement is relative to the instruction address
};

// A run of instruction bits, ISA numbering (bit 0 most significant), in the instruction word
// (for prefixed instructions: the suffix) or in the prefix word.
struct BitRange {
    bool in_prefix;
    uint8_t first;
    uint8_t last;
};

// Which rows an entry applies to: the same name means different bits in different formats
// (XT is TX||T with TX at bit 31 in XX forms but at bit 28 in DQ form; D is 34 bits in
// prefixed instructions). The first entry of that name that applies to the row is used.
enum class Applies : uint8_t { Any, NonPrefixed, Prefixed };

struct OperandSpec {
    std::string_view name;
    OperandKind kind;
    Applies applies;
    uint64_t forms;          // bit (1 << Form) of the forms this entry is for; 0 = every form
    BitRange ranges[3];      // concatenated, first range most significant
    uint8_t range_count;
    bool is_signed;          // sign-extend the concatenated field
    uint8_t shift;           // value = field << shift (DS || 0b00, DQ || 0b0000, LI || 0b00)
    bool optional;           // objdump omits it when it and every later optional operand
                             // have their default value
    int8_t default_value;    // of an optional operand (0 except paste's L)
    uint8_t zero_means;      // nonzero: a field value of 0 stands for this (lswi NB=0 is 32)
    bool even;               // a register pair: an odd number is an invalid form
    std::string_view mnemonics;  // space-separated rows this entry is for; empty = every row
    std::string_view meaning;
};

std::span<const OperandSpec> operand_vocabulary();

// The entry for `name` as used by a row of `form`, prefixed or not, with `mnemonic` (the ISA
// reuses some names for different fields: L is bit 10 in cmp, bit 15 in mtmsrd, bits 8-10 in
// sync); nullptr if unknown.
const OperandSpec* find_operand(std::string_view name, Form form, bool prefixed,
                                std::string_view mnemonic = {});

// The operand's value in an instruction (`word` is the suffix of a prefixed instruction).
int64_t operand_value(const OperandSpec& spec, uint32_t word, uint32_t prefix);

// The bits the operand occupies in the word (or, with `prefix_word`, in the prefix).
uint32_t operand_mask(const OperandSpec& spec, bool prefix_word);

// The bit holding Rc (record) in a row with flag::kRc: bit 31, except in VC-form (vcmp*.) and
// XX3-form (xvcmp*.) rows where it is bit 21 (Power ISA 3.1 Book I 1.6.20, 1.6.1.x).
inline uint32_t rc_mask(const InsnDesc& d) {
    return (d.form == Form::VC || d.form == Form::XX3) ? (1u << 10) : 1u;
}

// One operand of a row, as its operands string lists it.
struct RowOperand {
    const OperandSpec* spec;
    bool in_parens;  // the base of a storage operand: printed "(...)" right after the previous
};

// Parse a row's operands string for a row of `form` (and `mnemonic`). On an unknown name or a syntax error,
// returns false and says why in `error`.
bool parse_operands(std::string_view text, Form form, bool prefixed, std::vector<RowOperand>& out,
                    std::string* error, std::string_view mnemonic = {});

// The parsed operands of every table row (parsed once; a row whose string does not parse has
// an empty list and `row_operands_error` says why).
const std::vector<RowOperand>& row_operands(Op op);
const std::string& row_operands_error(Op op);

}  // namespace ppcvm::isa

// The disassembler, generated from the instruction table (isa.hpp): mnemonic, operands string
// and flags of each row, the operand vocabulary (operands.hpp) and the simplified-mnemonic rules
// (disasm_aliases.inc, spr_names.inc, the conditional-branch forms in disassembler.cpp).
//
// It prints what GNU objdump -d (binutils 2.40, default dialect: Power10 plus every other
// dialect as fallback) prints in its instruction column, with two conventions:
//   - branch targets print as "0x1234" (objdump adds " <symbol+off>" and drops the 0x when the
//     object has a symbol there; scripts/disasm-compare.py normalizes that);
//   - PC-relative prefixed instructions end in "\t# <target hex>", as objdump prints them.
// Words with no row (or, given a model, a row the model does not implement) print as
// ".long 0x<hex>" like objdump's undecodable words.
#pragma once

#include <cstdint>
#include <string>

#include "core/isa/isa.hpp"

namespace ppcvm::isa {

struct Disassembly {
    std::string text;               // "addi    r1,r1,-32"
    unsigned length = 4;            // bytes consumed: 8 for a prefixed instruction
    const InsnDesc* desc = nullptr; // the row, or nullptr when the word is not in the table
};

// `word` is the instruction (or the prefix, when its primary opcode is 1); `suffix` the next
// word (used only when `word` is a prefix); `address` is where `word` is (branch targets).
// `model` (may be null: every row) limits decoding to what that CPU implements.
Disassembly disassemble(uint32_t word, uint32_t suffix, uint64_t address,
                        const CpuModel* model = nullptr);

// Format one instruction already decoded to `desc`.
std::string format_instruction(const InsnDesc& desc, uint32_t word, uint32_t prefix,
                               uint64_t address);

// Self-checks of the disassembler's data, for the unit test: every alias rule parses and names
// only known operands, every branch-form cell parses. Returns a description of each problem.
std::string check_disassembler_data();

}  // namespace ppcvm::isa

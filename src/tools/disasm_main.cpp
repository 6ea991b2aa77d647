// ppcvm-disasm: the table-driven disassembler on the command line, and the word generator for
// the objdump comparison (scripts/disasm-compare.py).
//
//   ppcvm-disasm --words          read "ADDRESS WORD [SUFFIX]" lines (hex) on stdin, print
//                                 "ADDRESS<TAB>LENGTH<TAB>CATEGORY<TAB>TEXT" for each, where
//                                 CATEGORY is the row's (Base, Server...) or "none": no row
//   ppcvm-disasm --random N SEED  print N random encodings of every table row as
//                                 "WORD [SUFFIX] ROW-ID" lines (hex): the fixed bits of the row,
//                                 random values in its operand fields (and OE/Rc/LK/AA bits),
//                                 zero in the other don't-care bits; invalid forms redrawn
//   ppcvm-disasm --rows           list the rows: mnemonic, operands, whether they parse
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/isa/disassembler.hpp"
#include "core/isa/fields.hpp"
#include "core/isa/operands.hpp"

using namespace ppcvm::isa;

namespace {

int run_words() {
    char line[256];
    while (std::fgets(line, sizeof line, stdin)) {
        uint64_t address = 0;
        unsigned word = 0, suffix = 0;
        const int n = std::sscanf(line, "%" SCNx64 " %x %x", &address, &word, &suffix);
        if (n < 2) continue;
        const Disassembly d = disassemble(word, suffix, address);
        static constexpr const char* kCategory[] = {"Base", "Server", "Embedded", "Classic32"};
        std::printf("%" PRIx64 "\t%u\t%s\t%s\n", address, d.length,
                    d.desc ? kCategory[static_cast<unsigned>(d.desc->category)] : "none",
                    d.text.c_str());
    }
    return 0;
}

// The bits a random encoding of `desc` may vary: its operand fields and flag bits.
void variable_bits(const InsnDesc& desc, uint32_t& word_mask, uint32_t& prefix_mask) {
    word_mask = prefix_mask = 0;
    for (const RowOperand& ro : row_operands(desc.op)) {
        word_mask |= operand_mask(*ro.spec, false);
        prefix_mask |= operand_mask(*ro.spec, true);
    }
    if (desc.has(flag::kRc)) word_mask |= rc_mask(desc);                  // bit 31 (or 21)
    if (desc.has(flag::kLk)) word_mask |= 1u;                              // bit 31
    if (desc.has(flag::kAa)) word_mask |= 2u;                              // bit 30
    if (desc.has(flag::kOE)) word_mask |= 1u << 10;                        // bit 21
    word_mask &= ~desc.pattern.mask;
    prefix_mask &= ~desc.prefix.mask;
}

int run_random(unsigned count, unsigned seed) {
    std::mt19937 rng(seed);
    const InsnDesc* table = instruction_table();
    for (size_t i = 0; i < kInstructionCount; ++i) {
        const InsnDesc& d = table[i];
        uint32_t wm, pm;
        variable_bits(d, wm, pm);
        for (unsigned k = 0; k < count; ++k) {
            uint32_t word = 0, prefix = 0;
            // Invalid forms (update with RA=0, reserved BO values...) are redrawn: objdump prints
            // some of them as instructions of other processors (POWER "lu", 750CL "psq_l"),
            // which says nothing about this table.
            for (int attempt = 0; attempt < 64; ++attempt) {
                // Bias some draws towards zero fields: simplified mnemonics often need RA=0...
                uint32_t r1 = rng(), r2 = rng();
                // ...or equal register fields (mr, not, xxmr, crclr, xvmovdp...). Unbiased after a
                // few attempts, for rows where the bias always gives an invalid form.
                const bool bias = attempt < 8;
                if (bias && k % 4 == 1) r1 &= rng();
                if (bias && k % 4 == 2) r1 &= rng() & rng();
                const uint32_t t = (r1 >> 21) & 0x1f;
                if (bias && k % 8 == 3)
                    r1 = (r1 & ~((0x1fu << 16) | (0x1fu << 11))) | t << 16 | t << 11;
                if (bias && k % 8 == 7) r1 = (r1 & ~(0x1fu << 11)) | ((r1 >> 16) & 0x1f) << 11;
                word = (d.pattern.match & d.pattern.mask) | (r1 & wm);
                prefix = (d.prefix.match & d.prefix.mask) | (r2 & pm);
                const std::string text = d.prefixed() ? format_instruction(d, word, prefix, 0)
                                                      : format_instruction(d, word, 0, 0);
                if (text.rfind(".long", 0) != 0) break;
            }
            if (d.prefixed())
                std::printf("%08x %08x %zu\n", prefix, word, i);
            else
                std::printf("%08x %zu\n", word, i);
        }
    }
    return 0;
}

int run_rows() {
    const InsnDesc* table = instruction_table();
    int bad = 0;
    for (size_t i = 0; i < kInstructionCount; ++i) {
        const std::string& err = row_operands_error(table[i].op);
        std::printf("%zu\t%s\t%s\t%s\n", i, table[i].mnemonic, table[i].operands,
                    err.empty() ? "ok" : err.c_str());
        bad += !err.empty();
    }
    return bad ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--words") == 0) return run_words();
    if (argc >= 4 && std::strcmp(argv[1], "--random") == 0)
        return run_random(static_cast<unsigned>(std::strtoul(argv[2], nullptr, 0)),
                          static_cast<unsigned>(std::strtoul(argv[3], nullptr, 0)));
    if (argc >= 2 && std::strcmp(argv[1], "--rows") == 0) return run_rows();
    std::fprintf(stderr, "usage: %s --words | --random COUNT SEED | --rows\n", argv[0]);
    return 2;
}

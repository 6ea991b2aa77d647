// The instruction table built from the rows in table_*.inc.
#include "core/isa/isa.hpp"
#include "core/semantics/semantics.hpp"

namespace ppcvm::isa {
namespace {

constexpr Pattern kNoPrefix{0, 0};

const InsnDesc kTable[] = {
#define INSN(id, mnem, form, pattern, operands, isa, facility, category, flags)               \
    {Op::id,           mnem,      Form::form,         parse_pattern(pattern), kNoPrefix, operands, \
     IsaLevel::isa,    Facility::facility, Category::category, (flags), &sem::id},
#define PINSN(id, mnem, form, prefix, pattern, operands, isa, facility, category, flags)       \
    {Op::id,           mnem,      Form::form,         parse_pattern(pattern),                  \
     parse_pattern(prefix), operands, IsaLevel::isa, Facility::facility, Category::category,   \
     (flags) | flag::kPrefixed, &sem::id},
#include "core/isa/all_tables.inc"
#undef INSN
#undef PINSN
};
static_assert(sizeof(kTable) / sizeof(kTable[0]) == kInstructionCount);

}  // namespace

const InsnDesc* instruction_table() { return kTable; }

}  // namespace ppcvm::isa

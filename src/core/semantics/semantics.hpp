// Declarations of every instruction's semantics: ppcvm::sem::<id>(CpuState&, Insn), one per
// table row. Each is written once (semantics/*.cpp) and used by every engine.
#pragma once

#include "core/cpu_state.hpp"
#include "core/isa/isa.hpp"

namespace ppcvm::sem {
using isa::ExecStatus;
using isa::Insn;
#define INSN(id, mnem, form, pattern, operands, isa, facility, category, flags) \
    ExecStatus id(CpuState& cpu, Insn insn);
#define PINSN(id, mnem, form, prefix, pattern, operands, isa, facility, category, flags) \
    ExecStatus id(CpuState& cpu, Insn insn);
#include "core/isa/all_tables.inc"
#undef INSN
#undef PINSN
}  // namespace ppcvm::sem

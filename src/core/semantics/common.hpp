// Helpers shared by the semantics files: operand access, CR0 recording, carry/overflow.
#pragma once

#include "core/cpu_state.hpp"
#include "core/interrupts.hpp"
#include "core/isa/fields.hpp"
#include "core/memory_access.hpp"
#include "core/semantics/semantics.hpp"

namespace ppcvm::sem {

namespace f = isa::field;

// (RA|0): register RA, or the value 0 when the RA field is 0 (Book I 1.6.2).
inline uint64_t ra_or_zero(const CpuState& cpu, uint32_t w) {
    const uint32_t ra = f::ra(w);
    return ra ? cpu.gpr[ra] : 0;
}

// CR0 from a result: LT/GT/EQ compare the result as a signed 64-bit value (or, in 32-bit mode,
// its low 32 bits as a signed word), SO copied from XER[SO] (Book I 3.3.8).
inline void record_cr0(CpuState& cpu, uint64_t result) {
    const int64_t v = cpu.mode64() ? static_cast<int64_t>(result)
                                   : static_cast<int64_t>(static_cast<int32_t>(result));
    const uint32_t c = v < 0 ? 0x8 : v > 0 ? 0x4 : 0x2;
    cpu.set_cr_field(0, c | cpu.so);
}

// Set OV and OV32 (and SO when OV) for an add/subtract, where `ov64`/`ov32` are the signed
// overflow of the 64-bit and 32-bit results (Book I 3.2.2, XER[OV32] from ISA 3.0).
inline void set_ov(CpuState& cpu, bool ov64, bool ov32) {
    cpu.ov = cpu.mode64() ? ov64 : ov32;
    cpu.ov32 = ov32;
    cpu.so |= cpu.ov;
}

}  // namespace ppcvm::sem

// The decoder, built from the instruction table: one lookup serves the engines, the
// disassembler and the gating checks.
#pragma once

#include <cstdint>
#include <vector>

#include "core/isa/isa.hpp"

namespace ppcvm::isa {

class Decoder {
public:
    // The shared decoder (the table is immutable, so one instance serves every thread).
    static const Decoder& instance();

    // The row matching `word` (with `suffix` as the second word when `word` is a prefix), or
    // nullptr if no instruction has that encoding.
    const InsnDesc* decode(uint32_t word, uint32_t suffix = 0) const;

private:
    Decoder();
    struct Bucket {
        std::vector<const InsnDesc*> candidates;  // most specific first
    };
    // Per primary opcode, indexed by instruction bits 21-31 (where every extended opcode of
    // every form lives), the rows that can match.
    std::vector<std::vector<Bucket>> by_opcode_;  // [64][2048]
    std::vector<const InsnDesc*> prefixed_;        // primary opcode 1
};

// Is `desc` part of `model` at all, and visible at the effective (compat) level?
enum class Availability {
    Available,
    NotImplemented,  // the model lacks it (ISA level, family or 64-bit category): illegal
    CompatGated,     // the model has it but the PCR hides it in problem state
};
Availability availability(const InsnDesc& desc, const CpuModel& model, IsaLevel effective);

}  // namespace ppcvm::isa

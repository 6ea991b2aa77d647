#include "core/isa/decoder.hpp"

#include <algorithm>
#include <bit>

namespace ppcvm::isa {

const Decoder& Decoder::instance() {
    static const Decoder decoder;
    return decoder;
}

Decoder::Decoder() : by_opcode_(64) {
    const InsnDesc* table = instruction_table();
    std::vector<std::vector<const InsnDesc*>> rows(64);
    for (size_t i = 0; i < kInstructionCount; ++i) {
        const InsnDesc& d = table[i];
        if (d.prefixed()) {
            prefixed_.push_back(&d);
            continue;
        }
        // The primary opcode must be fully fixed in every non-prefixed pattern.
        rows[d.pattern.match >> 26].push_back(&d);
    }
    auto more_specific = [](const InsnDesc* a, const InsnDesc* b) {
        int pa = std::popcount(a->pattern.mask) + std::popcount(a->prefix.mask);
        int pb = std::popcount(b->pattern.mask) + std::popcount(b->prefix.mask);
        return pa > pb;
    };
    std::stable_sort(prefixed_.begin(), prefixed_.end(), more_specific);
    for (unsigned op = 0; op < 64; ++op) {
        auto& list = rows[op];
        std::stable_sort(list.begin(), list.end(), more_specific);
        if (list.empty()) continue;
        by_opcode_[op].resize(2048);
        for (uint32_t low = 0; low < 2048; ++low)
            for (const InsnDesc* d : list)
                if ((low & d->pattern.mask & 0x7ff) == (d->pattern.match & 0x7ff))
                    by_opcode_[op][low].candidates.push_back(d);
    }
}

const InsnDesc* Decoder::decode(uint32_t word, uint32_t suffix) const {
    const unsigned op = word >> 26;
    if (op == 1) {
        for (const InsnDesc* d : prefixed_)
            if ((word & d->prefix.mask) == d->prefix.match &&
                (suffix & d->pattern.mask) == d->pattern.match)
                return d;
        return nullptr;
    }
    const auto& buckets = by_opcode_[op];
    if (buckets.empty()) return nullptr;
    for (const InsnDesc* d : buckets[word & 0x7ff].candidates)
        if ((word & d->pattern.mask) == d->pattern.match) return d;
    return nullptr;
}

Availability availability(const InsnDesc& desc, const CpuModel& model, IsaLevel effective) {
    switch (desc.category) {
        case Category::Base: break;
        case Category::Server:
            if (model.family == CpuFamily::BookE) return Availability::NotImplemented;
            break;
        case Category::Embedded:
            if (model.family != CpuFamily::BookE) return Availability::NotImplemented;
            break;
        case Category::Classic32:
            if (model.family != CpuFamily::Book3S32) return Availability::NotImplemented;
            break;
    }
    if (desc.has(flag::kSixtyFour) && model.address_bits != 64)
        return Availability::NotImplemented;
    // Processors without the floating-point facility (e500v1/v2, which have SPE instead).
    if (desc.facility == Facility::FP && !(model.facilities & PPCVM_FAC_FPU))
        return Availability::NotImplemented;
    // Processors without AltiVec/VMX (750, POWER5+, e500...).
    if (desc.facility == Facility::VMX && !(model.facilities & PPCVM_FAC_VMX))
        return Availability::NotImplemented;
    // The AltiVec data-stream hints need no MSR[VEC] (facility None) but exist only with VMX.
    if ((desc.op == Op::dst || desc.op == Op::dstst || desc.op == Op::dss) &&
        !(model.facilities & PPCVM_FAC_VMX))
        return Availability::NotImplemented;
    // ISA 2.06 BookE processors without VSX (e500mc, e5500, e6500).
    if (desc.facility == Facility::VSX && !(model.facilities & PPCVM_FAC_VSX))
        return Availability::NotImplemented;
    // BookE and 32-bit classic processors carry their own levels; Book III-S levels order
    // server instructions.
    if (desc.isa > model.isa) return Availability::NotImplemented;
    if (desc.isa > effective) return Availability::CompatGated;
    return Availability::Available;
}

}  // namespace ppcvm::isa

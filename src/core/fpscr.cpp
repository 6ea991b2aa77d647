// FPSCR bookkeeping shared by every floating-point instruction (Power ISA 3.1 Book I 4.2.2, 4.4).
#include "core/fpscr.hpp"

#include "core/cpu_state.hpp"
#include "core/semantics/floating_point_math.hpp"

namespace ppcvm::fpscr {

bool raise_exceptions(CpuState& cpu, uint64_t exceptions) {
    exceptions &= kAllExceptions;
    const uint64_t old = cpu.fpscr;
    uint64_t v = old | exceptions;
    // FX: set whenever an instruction changes an exception bit from 0 to 1 (4.2.2).
    if (exceptions & ~old) v |= kFX;
    cpu.fpscr = with_summaries(v);
    // An enabled exception: an exception this instruction caused whose enable bit is set. For
    // the invalid-operation group the enable is VE for all of them.
    uint64_t enabled = 0;
    if ((exceptions & kAllVx) && (v & kVE)) enabled |= 1;
    if ((exceptions & kOX) && (v & kOE)) enabled |= 1;
    if ((exceptions & kUX) && (v & kUE)) enabled |= 1;
    if ((exceptions & kZX) && (v & kZE)) enabled |= 1;
    if ((exceptions & kXX) && (v & kXE)) enabled |= 1;
    return enabled != 0;
}

void set_fprf(CpuState& cpu, unsigned code) {
    cpu.fpscr = (cpu.fpscr & ~kFPRF) | (static_cast<uint64_t>(code & 0x1f) << kFprfShift);
}

unsigned classify(uint64_t x, bool single) {
    const bool neg = fp::sign_of(x);
    // Figure "Floating-Point Result Flags": a signalling NaN never results from an arithmetic
    // instruction; classify it as a quiet NaN.
    if (fp::is_nan(x)) return fprf::kQNaN;
    if (fp::is_inf(x)) return neg ? fprf::kMinusInf : fprf::kPlusInf;
    if (fp::is_zero(x)) return neg ? fprf::kMinusZero : fprf::kPlusZero;
    bool denormal = fp::is_denormal(x);
    // A single-precision result is denormalized when it lies below the single format's
    // normal range (biased double exponent below 1023 - 126 = 897).
    if (single) denormal = ((x >> 52) & 0x7ff) < 897;
    if (denormal) return neg ? fprf::kMinusDenormal : fprf::kPlusDenormal;
    return neg ? fprf::kMinusNormal : fprf::kPlusNormal;
}

uint32_t cr1_bits(uint64_t v) { return static_cast<uint32_t>((v >> 28) & 0xf); }

}  // namespace ppcvm::fpscr

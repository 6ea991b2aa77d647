// Bit-exact binary floating-point arithmetic as the Power ISA defines it (Book I chapter 4),
// computed in software on integers: every operation forms its exact result (or an exact
// significand with a sticky bit) and rounds ONCE to the target format. This gives the exact
// FPSCR outcome the host FPU cannot: FR (fraction rounded), FI, tininess detected BEFORE
// rounding (Book I 4.4.4), the OE=1/UE=1 exponent-scaled results, single-precision results
// rounded once from the exact value, and PowerPC NaN propagation. No host FP state is used.
#pragma once

#include <cstdint>

namespace ppcvm::fp {

enum class Rounding : uint8_t { Nearest = 0, Zero = 1, Up = 2, Down = 3 };  // FPSCR[RN] order
// Half is the IEEE binary16 format of the ISA 3.0 conversions (xscvdphp, xvcvsphp); results are
// still delivered in double format.
// BFloat16 (ISA 3.1 xvcvspbf16): 8-bit significand, the single-precision exponent range.
enum class Precision : uint8_t { Double, Single, Half, BFloat16 };

struct Mode {
    Rounding rn = Rounding::Nearest;
    bool oe = false;  // FPSCR[OE]: overflow delivers the result scaled by 2^-1536 (2^-192)
    bool ue = false;  // FPSCR[UE]: underflow delivers the result scaled by 2^+1536 (2^+192)
    Precision prec = Precision::Double;
};

// An operation's outcome: the result in double format and the FPSCR bits it produces
// (exception bits VX*, OX, UX, ZX, XX, and the non-sticky FR, FI), as fpscr.hpp masks.
struct Result {
    uint64_t bits;
    uint64_t flags;
};

inline constexpr uint64_t kSignBit = 0x8000000000000000ull;
inline constexpr uint64_t kDefaultQNaN = 0x7ff8000000000000ull;
inline constexpr uint64_t kQuietBit = 0x0008000000000000ull;

constexpr bool is_nan(uint64_t x) { return (x & ~kSignBit) > 0x7ff0000000000000ull; }
constexpr bool is_snan(uint64_t x) { return is_nan(x) && !(x & kQuietBit); }
constexpr bool is_inf(uint64_t x) { return (x & ~kSignBit) == 0x7ff0000000000000ull; }
constexpr bool is_zero(uint64_t x) { return (x & ~kSignBit) == 0; }
constexpr bool is_denormal(uint64_t x) { return (x & 0x7ff0000000000000ull) == 0 && !is_zero(x); }
constexpr bool sign_of(uint64_t x) { return x >> 63; }

// The Book I arithmetic instructions. `fma` is FRA*FRC+FRB with the fmadd-family options:
// negate_addend (fmsub), negate_result (fnmadd/fnmsub: the rounded result is negated, a NaN
// result is not).
Result add(uint64_t a, uint64_t b, Mode m);
Result sub(uint64_t a, uint64_t b, Mode m);
Result mul(uint64_t a, uint64_t c, Mode m);
Result div(uint64_t a, uint64_t b, Mode m);
Result sqrt(uint64_t b, Mode m);
Result fma(uint64_t a, uint64_t c, uint64_t b, Mode m, bool negate_addend, bool negate_result);
// frsp: round a double to single precision (result in double format).
Result round_to_single(uint64_t b, Mode m);
// fcfid family: integer to floating point (rounded to m.prec).
Result from_int64(int64_t v, Mode m);
Result from_uint64(uint64_t v, Mode m);

// fcti* family: to a 32- or 64-bit signed or unsigned integer, rounding with `rn`. The result
// bits are the integer (for 32-bit targets in the low word; see floating_point.cpp for the
// high word). VXCVI/VXSNAN on NaN or out-of-range, saturating as Book I 4.6.7 specifies.
Result to_integer(uint64_t b, Rounding rn, unsigned width, bool is_signed);

// fri[nzpm]: round to an integral value in floating-point format. `away` selects frin's
// round-to-nearest-ties-away. XX is never set; FR and FI are 0 (Book I 4.6.7).
Result round_to_integral(uint64_t b, Rounding rn, bool away);

// Quiet a NaN (set the fraction's high bit).
constexpr uint64_t quiet(uint64_t x) { return x | kQuietBit; }

// Double <-> single storage formats (Book I 4.6.2 "DOUBLE" and 4.6.3 "SINGLE"): exact bit
// transformations, no rounding and no quieting of signalling NaNs.
uint64_t single_to_double_bits(uint32_t s);
uint32_t double_to_single_bits(uint64_t d);

// Half precision (binary16) <-> double format, exact (ISA 3.0 xscvhpdp/xscvdphp). The value
// given to double_to_half_bits must be representable in half format (a Precision::Half
// result) or a NaN/infinity; a NaN keeps its sign and the high 10 fraction bits.
uint64_t half_to_double_bits(uint16_t h);
uint16_t double_to_half_bits(uint64_t d);
// Round a double to half precision (the xscvdphp arithmetic): NaN operands are quieted with
// VXSNAN for a signalling NaN; the result is in double format.
Result round_to_half(uint64_t b, Mode m);
// Round a double to bfloat16 precision (result in double format; NaNs quieted, VXSNAN).
Result round_to_bfloat16(uint64_t b, Mode m);

// ---- IEEE binary128: the ISA 3.0 quad-precision instructions (Book I 7.6.1 xsaddqp...) ----
// Same model as above (one rounding of the exact result, tininess before rounding, OE/UE
// exponent adjustment by 2^-+24576), on 128-bit values (sign bit 127, exponent 112..126).
// `odd` selects round to odd (the instructions' RO=1 forms) instead of m.rn. Results of
// conversions to double are returned in the low 64 bits.
using Quad = unsigned __int128;
struct QResult {
    Quad bits;
    uint64_t flags;
};
inline constexpr Quad kQuadSign = static_cast<Quad>(1) << 127;
inline constexpr Quad kQuadExpMask = static_cast<Quad>(0x7fff) << 112;
inline constexpr Quad kQuadFracMask = (static_cast<Quad>(1) << 112) - 1;
inline constexpr Quad kQuadQuietBit = static_cast<Quad>(1) << 111;
constexpr bool q_is_nan(Quad x) { return (x & kQuadExpMask) == kQuadExpMask && (x & kQuadFracMask); }
constexpr bool q_is_snan(Quad x) { return q_is_nan(x) && !(x & kQuadQuietBit); }
constexpr bool q_is_inf(Quad x) { return (x & ~kQuadSign) == kQuadExpMask; }
constexpr bool q_is_zero(Quad x) { return (x & ~kQuadSign) == 0; }
constexpr bool q_sign(Quad x) { return (x >> 127) != 0; }

QResult q_add(Quad a, Quad b, Mode m, bool odd);
QResult q_sub(Quad a, Quad b, Mode m, bool odd);
QResult q_mul(Quad a, Quad c, Mode m, bool odd);
QResult q_div(Quad a, Quad b, Mode m, bool odd);
QResult q_sqrt(Quad b, Mode m, bool odd);
// a*c + b with the fma options of fma() above; NaN priority a, b, c.
QResult q_fma(Quad a, Quad c, Quad b, Mode m, bool odd, bool negate_addend, bool negate_result);
QResult q_to_double(Quad b, Mode m, bool odd);      // xscvqpdp[o]
QResult q_from_double(uint64_t d);                  // xscvdpqp (exact)
QResult q_from_int64(int64_t v);                    // xscvsdqp (exact)
QResult q_from_uint64(uint64_t v);                  // xscvudqp (exact)
// Truncating conversion to a 32/64-bit (un)signed integer (xscvqp[su][wd]z), saturating with
// VXCVI as the double-precision conversions.
QResult q_to_integer(Quad b, unsigned width, bool is_signed);
// ISA 3.1 128-bit integer conversions: xscvqp[su]qz (truncating, saturating with VXCVI) and
// xscv[su]qqp (rounded by m / FPSCR[RN]).
QResult q_to_int128(Quad b, bool is_signed);
QResult q_from_int128(unsigned __int128 v, bool is_signed, Mode m);
// xsrqpi[x]: round to an integral value; `away`: ties away from zero.
QResult q_round_to_integral(Quad b, Rounding rn, bool away);
// xsrqpxp: round to a 64-bit significand (double-extended precision), quad exponent range.
QResult q_round_to_extended(Quad b, Mode m);

}  // namespace ppcvm::fp

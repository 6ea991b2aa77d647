// Software binary floating point for the Power ISA (see floating_point_math.hpp). Citations are
// to Power ISA 3.1 Book I chapter 4.
#include "core/semantics/floating_point_math.hpp"

#include <utility>

#include "core/fpscr.hpp"

namespace ppcvm::fp {
namespace {

using U128 = unsigned __int128;

struct Format {
    int p;     // significand bits
    int emin;  // minimum unbiased exponent of a normal number
    int emax;
    int adjust;  // exponent adjustment for enabled overflow/underflow (4.4.3, 4.4.4)
};
constexpr Format kDouble{53, -1022, 1023, 1536};
constexpr Format kSingle{24, -126, 127, 192};
// binary16: the exponent adjustment for enabled overflow/underflow is not defined for the half
// conversions (they report OX/UX without a scaled result); 24 keeps the bits well defined.
constexpr Format kHalf{11, -14, 15, 24};

constexpr Format kBFloat16{8, -126, 127, 192};

const Format& format_of(Precision p) {
    switch (p) {
        case Precision::Single: return kSingle;
        case Precision::Half: return kHalf;
        case Precision::BFloat16: return kBFloat16;
        case Precision::Double: break;
    }
    return kDouble;
}

int msb128(U128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    if (hi) return 127 - __builtin_clzll(hi);
    return 63 - __builtin_clzll(static_cast<uint64_t>(v));
}

// A finite nonzero double as sig * 2^exp (sig < 2^53).
struct Unpacked {
    bool sign;
    int exp;
    uint64_t sig;
};

Unpacked unpack(uint64_t x) {
    const int biased = static_cast<int>((x >> 52) & 0x7ff);
    const uint64_t frac = x & 0x000fffffffffffffull;
    if (biased == 0) return {sign_of(x), -1074, frac};
    return {sign_of(x), biased - 1075, frac | (1ull << 52)};
}

// Build a double from sign * q * 2^e that is exactly representable (q < 2^53).
uint64_t pack_exact(bool sign, uint64_t q, int e) {
    uint64_t bits = sign ? kSignBit : 0;
    if (q == 0) return bits;
    int msb = 63 - __builtin_clzll(q);
    if (msb > 52) {  // a rounding carry (q = 2^p): the low bits are zero
        q >>= msb - 52;
        e += msb - 52;
        msb = 52;
    }
    const int E = e + msb;
    if (E >= -1022) {
        const uint64_t frac = (q << (52 - msb)) & 0x000fffffffffffffull;
        return bits | (static_cast<uint64_t>(E + 1023) << 52) | frac;
    }
    return bits | (q << (e + 1074));  // denormal: e >= -1074 for representable values
}

uint64_t max_finite(bool sign, const Format& f) {
    // (2^p - 1) * 2^(emax - p + 1)
    return pack_exact(sign, (1ull << f.p) - 1, f.emax - f.p + 1);
}
uint64_t infinity(bool sign) { return (sign ? kSignBit : 0) | 0x7ff0000000000000ull; }

// Round sign * sig * 2^e (sig may carry a sticky bit in bit 0) to the format once, applying
// the overflow/underflow rules of 4.4.3 and 4.4.4 and reporting FR/FI/XX/OX/UX.
// The OE=1/UE=1 scaled result of a single-precision instruction whose operands were not single
// values (an undefined case, 4.3.5.1) can still be outside the double range after scaling.
// ppcvm then wraps the exponent modulo 2048 as QEMU does, so the bits stay well defined.
uint64_t pack_scaled(bool sign, uint64_t q, int e) {
    const int E = e + (63 - __builtin_clzll(q));
    if (E > 1023) e -= 2048;
    else if (E < -1022) e += 2048;
    return pack_exact(sign, q, e);
}

Result round_pack(bool sign, int e, U128 sig, Mode m) {
    const Format& f = format_of(m.prec);
    if (sig == 0) return {sign ? kSignBit : 0, 0};
    const int n = msb128(sig);
    const int E = e + n;  // exponent of the exact value, as if the range were unbounded
    const bool tiny = E < f.emin;  // "Tiny" is decided before rounding (4.3.4)
    int scale = 0;
    int k = f.p;  // result significand bits available
    if (tiny) {
        if (m.ue) scale = f.adjust;  // enabled: deliver the scaled, normalized result
        else k = f.p - (f.emin - E);  // disabled: denormalize
    }
    const int lsbpos = n - k + 1;  // bit of `sig` that becomes the result's last bit
    uint64_t q;
    bool round_bit = false, sticky = false;
    if (lsbpos <= 0) {
        q = static_cast<uint64_t>(sig << -lsbpos);
    } else if (lsbpos > n + 1) {
        q = 0;
        sticky = true;
    } else {
        q = lsbpos >= 128 ? 0 : static_cast<uint64_t>(sig >> lsbpos);
        round_bit = (sig >> (lsbpos - 1)) & 1;
        sticky = lsbpos > 1 && (sig & ((U128(1) << (lsbpos - 1)) - 1)) != 0;
    }
    const bool inexact = round_bit || sticky;
    bool inc = false;
    switch (m.rn) {
        case Rounding::Nearest: inc = round_bit && (sticky || (q & 1)); break;
        case Rounding::Zero: break;
        case Rounding::Up: inc = inexact && !sign; break;
        case Rounding::Down: inc = inexact && sign; break;
    }
    q += inc;
    const int qe = e + lsbpos;  // result = q * 2^qe
    uint64_t flags = 0;
    if (inexact) flags |= fpscr::kXX | fpscr::kFI;
    if (inc) flags |= fpscr::kFR;
    if (tiny) {
        if (m.ue) flags |= fpscr::kUX;
        else if (inexact) flags |= fpscr::kUX;
        if (q == 0) return {sign ? kSignBit : 0, flags};
        return {scale ? pack_scaled(sign, q, qe + scale) : pack_exact(sign, q, qe), flags};
    }
    const int rounded_exp = qe + (63 - __builtin_clzll(q));
    if (rounded_exp > f.emax) {
        if (m.oe) return {pack_scaled(sign, q, qe - f.adjust), flags | fpscr::kOX};
        // Disabled overflow (4.4.3): infinity or the largest finite number by rounding mode;
        // XX and FI are set, FR is undefined (ppcvm sets it to 0).
        bool to_inf = false;
        switch (m.rn) {
            case Rounding::Nearest: to_inf = true; break;
            case Rounding::Zero: to_inf = false; break;
            case Rounding::Up: to_inf = !sign; break;
            case Rounding::Down: to_inf = sign; break;
        }
        return {to_inf ? infinity(sign) : max_finite(sign, f),
                fpscr::kOX | fpscr::kXX | fpscr::kFI};
    }
    return {pack_exact(sign, q, qe), flags};
}

Result round_value(uint64_t x, Mode m) {
    const Unpacked u = unpack(x);
    return round_pack(u.sign, u.exp, u.sig, m);
}

// A NaN result in the target format: single-precision results keep only the fraction bits
// a single can hold (4.3.6 / 4.6.1 "Floating-Point Round to Single-Precision").
uint64_t nan_in_format(uint64_t nan, Mode m) {
    if (m.prec == Precision::Half) return nan & 0xfffffc0000000000ull;
    if (m.prec == Precision::BFloat16) return nan & 0xffffe00000000000ull;  // 7 fraction bits
    return m.prec == Precision::Single ? (nan & 0xffffffffe0000000ull) : nan;
}

Result invalid(uint64_t vx_bits, Mode m) { return {nan_in_format(kDefaultQNaN, m), vx_bits}; }

// NaN operand handling (4.3.6, "Result NaN"): the first NaN of (FRA, FRB, FRC) in that order,
// quieted; VXSNAN when any operand is a signalling NaN. `ops` are listed in priority order.
bool nan_operand(const uint64_t* ops, int count, Mode m, Result& out) {
    uint64_t flags = 0;
    const uint64_t* first = nullptr;
    for (int i = 0; i < count; ++i) {
        if (is_snan(ops[i])) flags |= fpscr::kVXSNAN;
        if (!first && is_nan(ops[i])) first = &ops[i];
    }
    if (!first) return false;
    out = {nan_in_format(quiet(*first), m), flags};
    return true;
}

// Normalize a finite nonzero value to sig in [2^52, 2^53).
Unpacked normalized(uint64_t x) {
    Unpacked u = unpack(x);
    const int shift = __builtin_clzll(u.sig) - 11;
    u.sig <<= shift;
    u.exp -= shift;
    return u;
}

// Shift right keeping a sticky bit ("jamming").
U128 shift_right_jam(U128 v, int d) {
    if (d <= 0) return v;
    if (d >= 128) return v != 0;
    return (v >> d) | ((v & ((U128(1) << d) - 1)) != 0);
}

// sign_x * X * 2^ex + sign_y * Y * 2^ey, with X, Y normalized to bit 125, rounded once.
Result add_aligned(bool sx, U128 X, int ex, bool sy, U128 Y, int ey, Mode m) {
    if (ex < ey || (ex == ey && X < Y)) {
        std::swap(sx, sy);
        std::swap(X, Y);
        std::swap(ex, ey);
    }
    Y = shift_right_jam(Y, ex - ey);
    if (sx == sy) return round_pack(sx, ex, X + Y, m);
    const U128 diff = X - Y;
    if (diff == 0) return {m.rn == Rounding::Down ? kSignBit : 0, 0};  // exact cancellation
    return round_pack(sx, ex, diff, m);
}

U128 normalize_to_125(U128 v, int& e) {
    const int shift = 125 - msb128(v);
    e -= shift;
    return v << shift;
}

U128 isqrt128(U128 v, bool& exact) {
    U128 res = 0, bit = U128(1) << 126;
    while (bit > v) bit >>= 2;
    while (bit != 0) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    exact = v == 0;
    return res;
}

}  // namespace

Result add(uint64_t a, uint64_t b, Mode m) {
    Result r;
    const uint64_t ops[2] = {a, b};
    if (nan_operand(ops, 2, m, r)) return r;
    if (is_inf(a) && is_inf(b)) {
        if (sign_of(a) != sign_of(b)) return invalid(fpscr::kVXISI, m);
        return {a, 0};
    }
    if (is_inf(a)) return {a, 0};
    if (is_inf(b)) return {b, 0};
    if (is_zero(a) && is_zero(b)) {
        // +0 + -0 is +0, or -0 when rounding toward -infinity (4.3.5).
        if (sign_of(a) == sign_of(b)) return {a, 0};
        return {m.rn == Rounding::Down ? kSignBit : 0, 0};
    }
    if (is_zero(a)) return round_value(b, m);
    if (is_zero(b)) return round_value(a, m);
    const Unpacked ua = unpack(a), ub = unpack(b);
    int ex = ua.exp, ey = ub.exp;
    const U128 X = normalize_to_125(ua.sig, ex), Y = normalize_to_125(ub.sig, ey);
    return add_aligned(ua.sign, X, ex, ub.sign, Y, ey, m);
}

Result sub(uint64_t a, uint64_t b, Mode m) {
    // NaN operands are propagated without the sign change (4.3.6).
    if (is_nan(b)) return add(a, b, m);
    return add(a, b ^ kSignBit, m);
}

Result mul(uint64_t a, uint64_t c, Mode m) {
    Result r;
    const uint64_t ops[2] = {a, c};
    if (nan_operand(ops, 2, m, r)) return r;
    const bool sign = sign_of(a) != sign_of(c);
    if ((is_inf(a) && is_zero(c)) || (is_zero(a) && is_inf(c))) return invalid(fpscr::kVXIMZ, m);
    if (is_inf(a) || is_inf(c)) return {infinity(sign), 0};
    if (is_zero(a) || is_zero(c)) return {sign ? kSignBit : 0, 0};
    const Unpacked ua = unpack(a), uc = unpack(c);
    return round_pack(sign, ua.exp + uc.exp, U128(ua.sig) * uc.sig, m);
}

Result div(uint64_t a, uint64_t b, Mode m) {
    Result r;
    const uint64_t ops[2] = {a, b};
    if (nan_operand(ops, 2, m, r)) return r;
    const bool sign = sign_of(a) != sign_of(b);
    if (is_inf(a) && is_inf(b)) return invalid(fpscr::kVXIDI, m);
    if (is_zero(a) && is_zero(b)) return invalid(fpscr::kVXZDZ, m);
    if (is_inf(a)) return {infinity(sign), 0};
    if (is_zero(b)) return {infinity(sign), fpscr::kZX};  // 4.4.2
    if (is_zero(a) || is_inf(b)) return {sign ? kSignBit : 0, 0};
    const Unpacked ua = normalized(a), ub = normalized(b);
    const U128 num = U128(ua.sig) << 74;
    U128 q = num / ub.sig;
    if (num % ub.sig) q |= 1;
    return round_pack(sign, ua.exp - 74 - ub.exp, q, m);
}

Result sqrt(uint64_t b, Mode m) {
    Result r;
    if (nan_operand(&b, 1, m, r)) return r;
    if (is_zero(b)) return {b, 0};  // sqrt(-0) = -0
    if (sign_of(b)) return invalid(fpscr::kVXSQRT, m);
    if (is_inf(b)) return {b, 0};
    Unpacked u = normalized(b);
    U128 rad = u.sig;
    int e = u.exp;
    if (e & 1) {
        rad <<= 1;
        e -= 1;
    }
    rad <<= 64;
    e -= 64;
    bool exact;
    U128 root = isqrt128(rad, exact);
    if (!exact) root |= 1;
    return round_pack(false, e / 2, root, m);
}

Result fma(uint64_t a, uint64_t c, uint64_t b, Mode m, bool negate_addend, bool negate_result) {
    Result r;
    uint64_t flags = 0;
    // FRA x FRC = infinity x 0 is VXIMZ even when FRB is a NaN (4.4.1; POWER and QEMU agree).
    const bool imz = (is_inf(a) && is_zero(c)) || (is_zero(a) && is_inf(c));
    if (imz) flags |= fpscr::kVXIMZ;
    const uint64_t ops[3] = {a, b, c};
    if (nan_operand(ops, 3, m, r)) {
        r.flags |= flags;
        return r;  // NaNs are not negated by fnmadd/fnmsub
    }
    if (imz) return invalid(flags, m);
    const uint64_t bb = negate_addend ? b ^ kSignBit : b;
    const bool psign = sign_of(a) != sign_of(c);
    auto finish = [&](Result x) {
        if (negate_result && !is_nan(x.bits)) x.bits ^= kSignBit;
        return x;
    };
    if (is_inf(a) || is_inf(c)) {
        if (is_inf(bb) && sign_of(bb) != psign) return invalid(fpscr::kVXISI, m);
        return finish({infinity(psign), 0});
    }
    if (is_inf(bb)) return finish({bb, 0});
    if (is_zero(a) || is_zero(c)) {
        if (is_zero(bb)) {
            if (sign_of(bb) == psign) return finish({bb, 0});
            return finish({m.rn == Rounding::Down ? kSignBit : 0, 0});
        }
        return finish(round_value(bb, m));
    }
    const Unpacked ua = unpack(a), uc = unpack(c);
    int ex = ua.exp + uc.exp;
    const U128 X = normalize_to_125(U128(ua.sig) * uc.sig, ex);
    if (is_zero(bb)) return finish(round_pack(psign, ex, X, m));
    const Unpacked ub = unpack(bb);
    int ey = ub.exp;
    const U128 Y = normalize_to_125(ub.sig, ey);
    return finish(add_aligned(psign, X, ex, ub.sign, Y, ey, m));
}

Result round_to_single(uint64_t b, Mode m) {
    m.prec = Precision::Single;
    Result r;
    if (nan_operand(&b, 1, m, r)) return r;
    if (is_inf(b) || is_zero(b)) return {b, 0};
    return round_value(b, m);
}

Result from_uint64(uint64_t v, Mode m) {
    if (v == 0) return {0, 0};
    return round_pack(false, 0, v, m);
}

Result from_int64(int64_t v, Mode m) {
    if (v == 0) return {0, 0};
    const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    return round_pack(v < 0, 0, mag, m);
}

Result to_integer(uint64_t b, Rounding rn, unsigned width, bool is_signed) {
    // Saturation bounds as magnitudes.
    const uint64_t pos_max = is_signed ? (width == 64 ? 0x7fffffffffffffffull : 0x7fffffffull)
                                       : (width == 64 ? ~0ull : 0xffffffffull);
    const uint64_t neg_max = is_signed ? (width == 64 ? 0x8000000000000000ull : 0x80000000ull) : 0;
    auto encode = [&](bool neg, uint64_t mag) -> uint64_t {
        uint64_t v = neg ? 0 - mag : mag;
        return width == 32 ? (v & 0xffffffffull) : v;
    };
    if (is_nan(b)) {
        const uint64_t flags = fpscr::kVXCVI | (is_snan(b) ? fpscr::kVXSNAN : 0);
        return {encode(is_signed, neg_max), flags};
    }
    const bool neg = sign_of(b);
    if (is_inf(b)) return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
    if (is_zero(b)) return {0, 0};
    const Unpacked u = unpack(b);
    U128 mag;
    bool round_bit = false, sticky = false;
    if (u.exp >= 0) {
        if (u.exp > 64) return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
        mag = U128(u.sig) << u.exp;
    } else if (-u.exp > 53) {  // |b| < 0.5: only sticky bits (sig < 2^53)
        mag = 0;
        sticky = true;
    } else {
        const int s = -u.exp;
        mag = u.sig >> s;
        round_bit = (u.sig >> (s - 1)) & 1;
        sticky = s > 1 && (u.sig & ((1ull << (s - 1)) - 1)) != 0;
    }
    const bool inexact = round_bit || sticky;
    bool inc = false;
    switch (rn) {
        case Rounding::Nearest: inc = round_bit && (sticky || (mag & 1)); break;
        case Rounding::Zero: break;
        case Rounding::Up: inc = inexact && !neg; break;
        case Rounding::Down: inc = inexact && neg; break;
    }
    mag += inc;
    if (mag != 0 && neg ? mag > neg_max : mag > pos_max)
        return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
    uint64_t flags = 0;
    if (inexact) flags |= fpscr::kXX | fpscr::kFI;
    if (inc) flags |= fpscr::kFR;
    return {encode(neg, static_cast<uint64_t>(mag)), flags};
}

Result round_to_integral(uint64_t b, Rounding rn, bool away) {
    Result r;
    Mode m;
    if (nan_operand(&b, 1, m, r)) return r;
    if (is_inf(b) || is_zero(b)) return {b, 0};
    const Unpacked u = unpack(b);
    if (u.exp >= 0) return {b, 0};  // already integral
    const bool neg = u.sign;
    const int s = -u.exp;
    uint64_t mag;
    bool round_bit, sticky;
    if (s > 53) {
        mag = 0;
        round_bit = false;
        sticky = true;
    } else {
        mag = s == 64 ? 0 : u.sig >> s;
        round_bit = (u.sig >> (s - 1)) & 1;
        sticky = s > 1 && (u.sig & ((1ull << (s - 1)) - 1)) != 0;
    }
    const bool inexact = round_bit || sticky;
    bool inc = false;
    if (away) inc = round_bit;
    else switch (rn) {
        case Rounding::Nearest: inc = round_bit && (sticky || (mag & 1)); break;
        case Rounding::Zero: break;
        case Rounding::Up: inc = inexact && !neg; break;
        case Rounding::Down: inc = inexact && neg; break;
    }
    mag += inc;
    return {pack_exact(neg, mag, 0), 0};  // a zero result keeps the operand's sign
}

Result round_to_half(uint64_t b, Mode m) {
    const bool ue = m.ue;
    m.prec = Precision::Half;
    m.oe = m.ue = false;
    Result r;
    if (nan_operand(&b, 1, m, r)) return r;
    if (is_inf(b) || is_zero(b)) return {b, 0};
    r = round_value(b, m);
    // UE=1: a tiny value (below 2^-14 before rounding) is an Underflow exception even when the
    // result is exact (4.4.4). No exponent adjustment is defined for half precision: the value
    // stays the denormalized one.
    if (ue && ((b >> 52) & 0x7ff) < 1023 - 14) r.flags |= fpscr::kUX;
    return r;
}

Result round_to_bfloat16(uint64_t b, Mode m) {
    m.prec = Precision::BFloat16;
    Result r;
    if (nan_operand(&b, 1, m, r)) return r;
    if (is_inf(b) || is_zero(b)) return {b, 0};
    return round_value(b, m);
}

uint64_t half_to_double_bits(uint16_t h) {
    const uint64_t sign = static_cast<uint64_t>(h >> 15) << 63;
    const unsigned exp = (h >> 10) & 0x1f;
    const uint64_t frac = h & 0x3ff;
    if (exp == 0x1f) return sign | 0x7ff0000000000000ull | (frac << 42);
    if (exp != 0) return sign | (static_cast<uint64_t>(exp - 15 + 1023) << 52) | (frac << 42);
    if (frac == 0) return sign;
    return pack_exact(sign != 0, frac, -24);  // half denormal: frac * 2^-24
}

uint16_t double_to_half_bits(uint64_t d) {
    const uint16_t sign = static_cast<uint16_t>((d >> 63) << 15);
    const int exp = static_cast<int>((d >> 52) & 0x7ff);
    const uint64_t frac = d & 0x000fffffffffffffull;
    if (exp == 0x7ff) return static_cast<uint16_t>(sign | 0x7c00 | (frac >> 42));
    if (exp == 0 && frac == 0) return sign;
    const int e = exp - 1023;
    if (e >= -14) return static_cast<uint16_t>(sign | ((e + 15) << 10) | (frac >> 42));
    // Half denormal: value = sig * 2^(e-52) = m * 2^-24.
    const uint64_t sig = frac | (1ull << 52);
    const int shift = 52 - (e + 24);
    return static_cast<uint16_t>(sign | (shift >= 64 ? 0 : sig >> shift));
}

uint64_t single_to_double_bits(uint32_t s) {
    // DOUBLE(WORD) of 4.6.2: exact widening; Inf/NaN keep their fraction (an SNaN stays one).
    const uint64_t sign = static_cast<uint64_t>(s >> 31) << 63;
    const uint32_t exp = (s >> 23) & 0xff;
    const uint64_t frac = s & 0x7fffff;
    if (exp == 0xff) return sign | 0x7ff0000000000000ull | (frac << 29);
    if (exp != 0) return sign | (static_cast<uint64_t>(exp - 127 + 1023) << 52) | (frac << 29);
    if (frac == 0) return sign;
    return pack_exact(sign != 0, frac, -149);  // single denormal -> double normal
}

uint32_t double_to_single_bits(uint64_t d) {
    // SINGLE(FRS) of 4.6.3: no rounding. Exponents above 896 (single normal, Inf, NaN) select
    // bits 0:1 || 5:34; 874..896 denormalize by shifting the significand right (truncating).
    // Below 874 the ISA leaves the result undefined; ppcvm stores a signed zero, as QEMU does
    // (continuing the denormalizing shift leaves no significant bits).
    const uint32_t exp = (d >> 52) & 0x7ff;
    if (exp > 896) return static_cast<uint32_t>(((d >> 62) << 30) | ((d >> 29) & 0x3fffffff));
    if (exp < 874) return static_cast<uint32_t>((d >> 63) << 31);
    const uint64_t sig = (d & 0x000fffffffffffffull) | (1ull << 52);
    const unsigned shift = 897 - exp;  // 1..23
    const uint32_t frac = static_cast<uint32_t>((sig >> (29 + shift)) & 0x7fffff);
    return static_cast<uint32_t>((d >> 63) << 31) | frac;
}

}  // namespace ppcvm::fp

// Software binary128 arithmetic for the ISA 3.0 quad-precision instructions (Power ISA 3.1
// Book I 7.6.1, xsaddqp...): the same model as floating_point_math.cpp (exact result, or an
// exact significand with a sticky bit, rounded once), widened to 113-bit significands with
// 256-bit intermediates. Also rounds to double for xscvqpdp.
#include <utility>

#include "core/fpscr.hpp"
#include "core/semantics/floating_point_math.hpp"

namespace ppcvm::fp {
namespace {

using U128 = unsigned __int128;

struct U256 {
    U128 hi = 0, lo = 0;
};

int msb128(U128 v) {
    const uint64_t hi = static_cast<uint64_t>(v >> 64);
    if (hi) return 127 - __builtin_clzll(hi);
    const uint64_t lo = static_cast<uint64_t>(v);
    return lo ? 63 - __builtin_clzll(lo) : -1;
}
int msb256(const U256& v) { return v.hi ? 128 + msb128(v.hi) : msb128(v.lo); }
bool is_zero256(const U256& v) { return v.hi == 0 && v.lo == 0; }
U256 shl256(const U256& v, int s) {
    if (s <= 0) return v;
    if (s >= 256) return {};
    if (s >= 128) return {v.lo << (s - 128), 0};
    return {(v.hi << s) | (v.lo >> (128 - s)), v.lo << s};
}
U256 shr256(const U256& v, int s) {
    if (s <= 0) return v;
    if (s >= 256) return {};
    if (s >= 128) return {0, v.hi >> (s - 128)};
    return {v.hi >> s, (v.lo >> s) | (v.hi << (128 - s))};
}
// Bits below position s are nonzero.
bool low_bits_nonzero(const U256& v, int s) {
    if (s <= 0) return false;
    if (s >= 256) return !is_zero256(v);
    if (s >= 128) return v.lo != 0 || (s > 128 && (v.hi & ((U128(1) << (s - 128)) - 1)) != 0);
    return (v.lo & ((U128(1) << s) - 1)) != 0;
}
bool bit256(const U256& v, int i) { return i >= 128 ? (v.hi >> (i - 128)) & 1 : (v.lo >> i) & 1; }
U256 shr_jam256(const U256& v, int s) {
    if (s <= 0) return v;
    U256 r = shr256(v, s);
    if (low_bits_nonzero(v, s)) r.lo |= 1;
    return r;
}
U256 add256(const U256& a, const U256& b) {
    U256 r{a.hi + b.hi, a.lo + b.lo};
    if (r.lo < a.lo) ++r.hi;
    return r;
}
U256 sub256(const U256& a, const U256& b) {
    U256 r{a.hi - b.hi, a.lo - b.lo};
    if (a.lo < b.lo) --r.hi;
    return r;
}
bool less256(const U256& a, const U256& b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }
U256 mul128(U128 a, U128 b) {
    const uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
    const uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
    const U128 p00 = U128(a0) * b0, p01 = U128(a0) * b1, p10 = U128(a1) * b0, p11 = U128(a1) * b1;
    U256 r{p11, p00};
    r = add256(r, U256{p01 >> 64, p01 << 64});
    r = add256(r, U256{p10 >> 64, p10 << 64});
    return r;
}

struct Format {
    int p, emin, emax, adjust, frac_bits, bias, bits;
    int total() const { return bits; }
};
constexpr Format kQuadFmt{113, -16382, 16383, 24576, 112, 16383, 128};
constexpr Format kDoubleFmt{53, -1022, 1023, 1536, 52, 1023, 64};
// xsrqpxp: 64-bit significand (double-extended precision) with the quad exponent range, in quad
// format.
constexpr Format kExtendedInQuad{64, -16382, 16383, 24576, 112, 16383, 128};

U128 sign_bit(bool sign, const Format& f) { return sign ? U128(1) << (f.total() - 1) : 0; }
U128 exp_all_ones(const Format& f) { return ((U128(1) << (f.total() - 1 - f.frac_bits)) - 1) << f.frac_bits; }
U128 infinity(bool sign, const Format& f) { return sign_bit(sign, f) | exp_all_ones(f); }

// sign * q * 2^e, exactly representable (q < 2^(p+1); a carry to 2^p is renormalized).
U128 pack_exact(bool sign, U128 q, int e, const Format& f) {
    U128 bits = sign_bit(sign, f);
    if (q == 0) return bits;
    int msb = msb128(q);
    if (msb > f.p - 1) {
        q >>= msb - (f.p - 1);
        e += msb - (f.p - 1);
        msb = f.p - 1;
    }
    const int E = e + msb;
    if (E >= f.emin) {
        const U128 frac = (q << (f.frac_bits - msb)) & ((U128(1) << f.frac_bits) - 1);
        return bits | (U128(E + f.bias) << f.frac_bits) | frac;
    }
    // Denormal. A caller outside the contract (a wrapped, still out-of-range scaled result)
    // must not shift by a negative or oversized amount: such bits are below the format.
    const int shift = e - (f.emin - f.frac_bits);
    if (shift < 0) return bits | (shift <= -128 ? U128(0) : q >> -shift);
    return bits | (shift >= 128 ? U128(0) : q << shift);
}
// The OE/UE-adjusted result may still be out of range (only for operands far outside the
// format); the exponent then wraps, as for double (floating_point_math.cpp).
U128 pack_scaled(bool sign, U128 q, int e, const Format& f) {
    const int E = e + msb128(q);
    const int span = 2 * (f.emax + 1);
    if (E > f.emax) e -= span;
    else if (E < f.emin) e += span;
    return pack_exact(sign, q, e, f);
}

QResult round_pack(bool sign, int e, U256 sig, const Format& f, Mode m, bool odd) {
    if (is_zero256(sig)) return {sign_bit(sign, f), 0};
    const int n = msb256(sig);
    const int E = e + n;
    const bool tiny = E < f.emin;
    int scale = 0, k = f.p;
    if (tiny) {
        if (m.ue) scale = f.adjust;
        else k = f.p - (f.emin - E);
    }
    const int lsbpos = n - k + 1;
    U128 q;
    bool round_bit = false, sticky = false;
    if (lsbpos <= 0) {
        q = sig.lo << -lsbpos;
    } else if (lsbpos > n + 1) {
        q = 0;
        sticky = true;
    } else {
        q = shr256(sig, lsbpos).lo;
        round_bit = bit256(sig, lsbpos - 1);
        sticky = low_bits_nonzero(sig, lsbpos - 1);
    }
    const bool inexact = round_bit || sticky;
    bool inc = false;
    if (odd) {
        inc = false;
    } else {
        switch (m.rn) {
            case Rounding::Nearest: inc = round_bit && (sticky || (q & 1)); break;
            case Rounding::Zero: break;
            case Rounding::Up: inc = inexact && !sign; break;
            case Rounding::Down: inc = inexact && sign; break;
        }
    }
    bool grew = inc;
    q += inc;
    if (odd && inexact && !(q & 1)) {
        q |= 1;
        grew = true;
    }
    const int qe = e + lsbpos;
    uint64_t flags = 0;
    if (inexact) flags |= fpscr::kXX | fpscr::kFI;
    if (grew) flags |= fpscr::kFR;
    if (tiny) {
        if (m.ue || inexact) flags |= fpscr::kUX;
        if (q == 0) return {sign_bit(sign, f), flags};
        return {scale ? pack_scaled(sign, q, qe + scale, f) : pack_exact(sign, q, qe, f), flags};
    }
    const int rounded_exp = qe + msb128(q);
    if (rounded_exp > f.emax) {
        if (m.oe) return {pack_scaled(sign, q, qe - f.adjust, f), flags | fpscr::kOX};
        bool to_inf = false;
        if (!odd) switch (m.rn) {
            case Rounding::Nearest: to_inf = true; break;
            case Rounding::Zero: break;
            case Rounding::Up: to_inf = !sign; break;
            case Rounding::Down: to_inf = sign; break;
        }
        const U128 max = pack_exact(sign, (U128(1) << f.p) - 1, f.emax - f.p + 1, f);
        return {to_inf ? infinity(sign, f) : max, fpscr::kOX | fpscr::kXX | fpscr::kFI};
    }
    return {pack_exact(sign, q, qe, f), flags};
}

struct Unpacked {
    bool sign;
    int exp;
    U128 sig;
};
Unpacked unpack(Quad x) {
    const int biased = static_cast<int>((x >> 112) & 0x7fff);
    const U128 frac = x & kQuadFracMask;
    if (biased == 0) return {q_sign(x), -16494, frac};
    return {q_sign(x), biased - 16495, frac | (U128(1) << 112)};
}
// Significand normalized to [2^112, 2^113).
Unpacked normalized(Quad x) {
    Unpacked u = unpack(x);
    const int shift = 112 - msb128(u.sig);
    u.sig <<= shift;
    u.exp -= shift;
    return u;
}

constexpr Quad kDefaultQNaN = kQuadExpMask | kQuadQuietBit;
QResult invalid(uint64_t vx) { return {kDefaultQNaN, vx}; }

bool nan_operand(const Quad* ops, int count, QResult& out) {
    uint64_t flags = 0;
    const Quad* first = nullptr;
    for (int i = 0; i < count; ++i) {
        if (q_is_snan(ops[i])) flags |= fpscr::kVXSNAN;
        if (!first && q_is_nan(ops[i])) first = &ops[i];
    }
    if (!first) return false;
    out = {*first | kQuadQuietBit, flags};
    return true;
}

QResult round_value(Quad x, Mode m, bool odd) {
    const Unpacked u = unpack(x);
    return round_pack(u.sign, u.exp, U256{0, u.sig}, kQuadFmt, m, odd);
}

// Signed sum of two values normalized to the same high bit, rounded once.
QResult add_aligned(bool sx, U256 X, int ex, bool sy, U256 Y, int ey, Mode m, bool odd) {
    if (ex < ey || (ex == ey && less256(X, Y))) {
        std::swap(sx, sy);
        std::swap(X, Y);
        std::swap(ex, ey);
    }
    Y = shr_jam256(Y, ex - ey);
    if (sx == sy) return round_pack(sx, ex, add256(X, Y), kQuadFmt, m, odd);
    const U256 d = sub256(X, Y);
    if (is_zero256(d)) return {(!odd && m.rn == Rounding::Down) ? kQuadSign : 0, 0};
    return round_pack(sx, ex, d, kQuadFmt, m, odd);
}

}  // namespace

QResult q_add(Quad a, Quad b, Mode m, bool odd) {
    QResult r;
    const Quad ops[2] = {a, b};
    if (nan_operand(ops, 2, r)) return r;
    if (q_is_inf(a) && q_is_inf(b)) {
        if (q_sign(a) != q_sign(b)) return invalid(fpscr::kVXISI);
        return {a, 0};
    }
    if (q_is_inf(a)) return {a, 0};
    if (q_is_inf(b)) return {b, 0};
    if (q_is_zero(a) && q_is_zero(b)) {
        if (q_sign(a) == q_sign(b)) return {a, 0};
        return {(!odd && m.rn == Rounding::Down) ? kQuadSign : 0, 0};
    }
    if (q_is_zero(a)) return round_value(b, m, odd);
    if (q_is_zero(b)) return round_value(a, m, odd);
    const Unpacked ua = normalized(a), ub = normalized(b);
    // 113-bit significands placed at bit 240: ample guard bits for one jammed alignment.
    return add_aligned(ua.sign, shl256(U256{0, ua.sig}, 128), ua.exp - 128, ub.sign,
                       shl256(U256{0, ub.sig}, 128), ub.exp - 128, m, odd);
}

QResult q_sub(Quad a, Quad b, Mode m, bool odd) {
    if (q_is_nan(b)) return q_add(a, b, m, odd);
    return q_add(a, b ^ kQuadSign, m, odd);
}

QResult q_mul(Quad a, Quad c, Mode m, bool odd) {
    QResult r;
    const Quad ops[2] = {a, c};
    if (nan_operand(ops, 2, r)) return r;
    const bool sign = q_sign(a) != q_sign(c);
    if ((q_is_inf(a) && q_is_zero(c)) || (q_is_zero(a) && q_is_inf(c))) return invalid(fpscr::kVXIMZ);
    if (q_is_inf(a) || q_is_inf(c)) return {(sign ? kQuadSign : 0) | kQuadExpMask, 0};
    if (q_is_zero(a) || q_is_zero(c)) return {sign ? kQuadSign : 0, 0};
    const Unpacked ua = unpack(a), uc = unpack(c);
    return round_pack(sign, ua.exp + uc.exp, mul128(ua.sig, uc.sig), kQuadFmt, m, odd);
}

QResult q_div(Quad a, Quad b, Mode m, bool odd) {
    QResult r;
    const Quad ops[2] = {a, b};
    if (nan_operand(ops, 2, r)) return r;
    const bool sign = q_sign(a) != q_sign(b);
    if (q_is_inf(a) && q_is_inf(b)) return invalid(fpscr::kVXIDI);
    if (q_is_zero(a) && q_is_zero(b)) return invalid(fpscr::kVXZDZ);
    if (q_is_inf(a)) return {(sign ? kQuadSign : 0) | kQuadExpMask, 0};
    if (q_is_zero(b)) return {(sign ? kQuadSign : 0) | kQuadExpMask, fpscr::kZX};
    if (q_is_zero(a) || q_is_inf(b)) return {sign ? kQuadSign : 0, 0};
    const Unpacked ua = normalized(a), ub = normalized(b);
    // Restoring division: 116 quotient bits, then a sticky bit from the remainder.
    U128 rem = ua.sig, q = 0;
    for (int i = 0; i < 116; ++i) {
        q <<= 1;
        if (rem >= ub.sig) {
            rem -= ub.sig;
            q |= 1;
        }
        rem <<= 1;
    }
    if (rem) q |= 1;
    return round_pack(sign, ua.exp - ub.exp - 115, U256{0, q}, kQuadFmt, m, odd);
}

QResult q_sqrt(Quad b, Mode m, bool odd) {
    QResult r;
    if (nan_operand(&b, 1, r)) return r;
    if (q_is_zero(b)) return {b, 0};
    if (q_sign(b)) return invalid(fpscr::kVXSQRT);
    if (q_is_inf(b)) return {b, 0};
    Unpacked u = normalized(b);
    U128 sig = u.sig;
    int e = u.exp;
    if (e & 1) {
        sig <<= 1;
        e -= 1;
    }
    // Radicand sig * 2^120 (about 233 bits): the root has about 117 bits.
    const U256 rad = shl256(U256{0, sig}, 120);
    e -= 120;
    U128 root = 0, rem = 0;
    for (int i = 127; i >= 0; --i) {
        const unsigned two = static_cast<unsigned>(shr256(rad, 2 * i).lo & 3);
        rem = (rem << 2) | two;
        const U128 trial = (root << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    if (rem) root |= 1;
    return round_pack(false, e / 2, U256{0, root}, kQuadFmt, m, odd);
}

QResult q_fma(Quad a, Quad c, Quad b, Mode m, bool odd, bool negate_addend, bool negate_result) {
    QResult r;
    uint64_t flags = 0;
    const bool imz = (q_is_inf(a) && q_is_zero(c)) || (q_is_zero(a) && q_is_inf(c));
    if (imz) flags |= fpscr::kVXIMZ;
    const Quad ops[3] = {a, b, c};
    if (nan_operand(ops, 3, r)) {
        r.flags |= flags;
        return r;
    }
    if (imz) return invalid(flags);
    const Quad bb = negate_addend ? b ^ kQuadSign : b;
    const bool psign = q_sign(a) != q_sign(c);
    auto finish = [&](QResult x) {
        if (negate_result && !q_is_nan(x.bits)) x.bits ^= kQuadSign;
        return x;
    };
    if (q_is_inf(a) || q_is_inf(c)) {
        if (q_is_inf(bb) && q_sign(bb) != psign) return invalid(fpscr::kVXISI);
        return finish({(psign ? kQuadSign : 0) | kQuadExpMask, 0});
    }
    if (q_is_inf(bb)) return finish({bb, 0});
    if (q_is_zero(a) || q_is_zero(c)) {
        if (q_is_zero(bb)) {
            if (q_sign(bb) == psign) return finish({bb, 0});
            return finish({(!odd && m.rn == Rounding::Down) ? kQuadSign : 0, 0});
        }
        return finish(round_value(bb, m, odd));
    }
    const Unpacked ua = unpack(a), uc = unpack(c);
    U256 P = mul128(ua.sig, uc.sig);
    int ep = ua.exp + uc.exp;
    const int sp = 240 - msb256(P);
    P = shl256(P, sp);
    ep -= sp;
    if (q_is_zero(bb)) return finish(round_pack(psign, ep, P, kQuadFmt, m, odd));
    const Unpacked ub = normalized(bb);
    const U256 B = shl256(U256{0, ub.sig}, 128);
    return finish(add_aligned(psign, P, ep, ub.sign, B, ub.exp - 128, m, odd));
}

QResult q_to_double(Quad b, Mode m, bool odd) {
    if (q_is_nan(b)) {
        const uint64_t d = (q_sign(b) ? kSignBit : 0) | 0x7ff8000000000000ull |
                           static_cast<uint64_t>((b & kQuadFracMask) >> 60);
        return {d, q_is_snan(b) ? fpscr::kVXSNAN : 0};
    }
    if (q_is_inf(b)) return {(q_sign(b) ? kSignBit : 0) | 0x7ff0000000000000ull, 0};
    if (q_is_zero(b)) return {q_sign(b) ? kSignBit : 0, 0};
    const Unpacked u = unpack(b);
    return round_pack(u.sign, u.exp, U256{0, u.sig}, kDoubleFmt, m, odd);
}

QResult q_from_double(uint64_t d) {
    const Quad sign = sign_of(d) ? kQuadSign : 0;
    if (is_nan(d)) {
        const Quad frac = static_cast<Quad>(d & 0x000fffffffffffffull) << 60;
        return {sign | kQuadExpMask | frac | kQuadQuietBit, is_snan(d) ? fpscr::kVXSNAN : 0};
    }
    if (is_inf(d)) return {sign | kQuadExpMask, 0};
    if (is_zero(d)) return {sign, 0};
    const int biased = static_cast<int>((d >> 52) & 0x7ff);
    const uint64_t frac = d & 0x000fffffffffffffull;
    const uint64_t sig = biased ? frac | (1ull << 52) : frac;
    const int e = biased ? biased - 1075 : -1074;
    return {pack_exact(sign != 0, sig, e, kQuadFmt), 0};
}

QResult q_from_uint64(uint64_t v) { return {pack_exact(false, v, 0, kQuadFmt), 0}; }
QResult q_from_int64(int64_t v) {
    const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    return {pack_exact(v < 0, mag, 0, kQuadFmt), 0};
}

QResult q_to_integer(Quad b, unsigned width, bool is_signed) {
    const uint64_t pos_max = is_signed ? (width == 64 ? 0x7fffffffffffffffull : 0x7fffffffull)
                                       : (width == 64 ? ~0ull : 0xffffffffull);
    const uint64_t neg_max = is_signed ? (width == 64 ? 0x8000000000000000ull : 0x80000000ull) : 0;
    auto encode = [&](bool neg, uint64_t mag) -> Quad {
        uint64_t v = neg ? 0 - mag : mag;
        if (width == 32) v = is_signed ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)))
                                       : (v & 0xffffffffull);
        return v;
    };
    if (q_is_nan(b)) return {encode(is_signed, neg_max), fpscr::kVXCVI | (q_is_snan(b) ? fpscr::kVXSNAN : 0)};
    const bool neg = q_sign(b);
    if (q_is_inf(b)) return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
    if (q_is_zero(b)) return {0, 0};
    const Unpacked u = unpack(b);
    U128 mag;
    bool inexact;
    if (u.exp >= 0) {
        if (u.exp > 64) return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
        mag = u.sig << u.exp;
        inexact = false;
    } else if (-u.exp > 113) {
        mag = 0;
        inexact = true;
    } else {
        mag = u.sig >> -u.exp;
        inexact = (u.sig & ((U128(1) << -u.exp) - 1)) != 0;
    }
    if (mag != 0 && (neg ? mag > neg_max : mag > pos_max))
        return {neg ? encode(true, neg_max) : encode(false, pos_max), fpscr::kVXCVI};
    return {encode(neg, static_cast<uint64_t>(mag)), inexact ? fpscr::kXX | fpscr::kFI : 0};
}

QResult q_to_int128(Quad b, bool is_signed) {
    const U128 pos_max = is_signed ? (~U128(0) >> 1) : ~U128(0);
    const U128 neg_max = is_signed ? (U128(1) << 127) : 0;
    const U128 neg_max_bits = neg_max;  // two's complement of the magnitude 2^127 is itself
    if (q_is_nan(b)) return {neg_max_bits, fpscr::kVXCVI | (q_is_snan(b) ? fpscr::kVXSNAN : 0)};
    const bool neg = q_sign(b);
    if (q_is_inf(b)) return {neg ? neg_max_bits : pos_max, fpscr::kVXCVI};
    if (q_is_zero(b)) return {0, 0};
    const Unpacked u = unpack(b);
    U128 mag;
    bool inexact;
    if (u.exp >= 0) {
        if (u.exp + msb128(u.sig) >= 128) return {neg ? neg_max_bits : pos_max, fpscr::kVXCVI};
        mag = u.sig << u.exp;
        inexact = false;
    } else if (-u.exp > 113) {
        mag = 0;
        inexact = true;
    } else {
        mag = u.sig >> -u.exp;
        inexact = (u.sig & ((U128(1) << -u.exp) - 1)) != 0;
    }
    if (mag != 0 && (neg ? mag > neg_max : mag > pos_max)) return {neg ? neg_max_bits : pos_max, fpscr::kVXCVI};
    return {neg ? U128(0) - mag : mag, inexact ? fpscr::kXX | fpscr::kFI : 0};
}

QResult q_from_int128(unsigned __int128 v, bool is_signed, Mode m) {
    const bool neg = is_signed && (v >> 127);
    const U128 mag = neg ? U128(0) - v : v;
    if (mag == 0) return {0, 0};
    return round_pack(neg, 0, U256{0, mag}, kQuadFmt, m, false);
}

QResult q_round_to_extended(Quad b, Mode m) {
    QResult r;
    if (nan_operand(&b, 1, r)) {
        // The NaN keeps the fraction bits a 64-bit significand holds (63 after the integer
        // bit), as QEMU does.
        r.bits &= ~((U128(1) << 49) - 1);
        return r;
    }
    if (q_is_inf(b) || q_is_zero(b)) return {b, 0};
    const Unpacked u = unpack(b);
    return round_pack(u.sign, u.exp, U256{0, u.sig}, kExtendedInQuad, m, false);
}

QResult q_round_to_integral(Quad b, Rounding rn, bool away) {
    QResult r;
    if (nan_operand(&b, 1, r)) return r;
    if (q_is_inf(b) || q_is_zero(b)) return {b, 0};
    const Unpacked u = unpack(b);
    if (u.exp >= 0) return {b, 0};
    const bool neg = u.sign;
    const int s = -u.exp;
    U128 mag;
    bool round_bit, sticky;
    if (s > 113) {
        mag = 0;
        round_bit = false;
        sticky = true;
    } else {
        mag = s >= 128 ? 0 : u.sig >> s;
        round_bit = (u.sig >> (s - 1)) & 1;
        sticky = s > 1 && (u.sig & ((U128(1) << (s - 1)) - 1)) != 0;
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
    return {pack_exact(neg, mag, 0, kQuadFmt), inexact ? fpscr::kXX : 0};
}

}  // namespace ppcvm::fp

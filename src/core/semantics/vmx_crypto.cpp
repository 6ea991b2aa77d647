// VMX cryptography (Power ISA 3.1 Book I 6.11: AES rounds, SHA-2 sigma functions) and
// carry-less (polynomial) multiply-sum (6.11.x vpmsum*), all introduced by ISA 2.07.
#include <array>

#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

namespace {

// GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2).
uint8_t gmul(uint8_t a, uint8_t b) {
    uint8_t p = 0;
    while (b) {
        if (b & 1) p ^= a;
        a = uint8_t((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}
// S-box (FIPS-197 5.1.1): multiplicative inverse, then the affine transformation.
struct Sboxes {
    std::array<uint8_t, 256> fwd{}, inv{};
    Sboxes() {
        for (unsigned x = 0; x < 256; ++x) {
            uint8_t invx = 0;
            for (unsigned y = 1; y < 256 && x; ++y)
                if (gmul(uint8_t(x), uint8_t(y)) == 1) invx = uint8_t(y);
            uint8_t s = invx;
            for (unsigned k = 1; k < 5; ++k) s ^= uint8_t((invx << k) | (invx >> (8 - k)));
            s ^= 0x63;
            fwd[x] = s;
            inv[s] = uint8_t(x);
        }
    }
};
const Sboxes& sboxes() {
    static const Sboxes s;
    return s;
}

// The AES state: byte i of the vector (ISA order) is state[row i%4][column i/4] (FIPS-197 3.4,
// input bytes in order).
using State = std::array<uint8_t, 16>;
State to_state(const VsrValue& v) {
    State s;
    for (unsigned i = 0; i < 16; ++i) s[i] = elem<uint8_t>(v, i);
    return s;
}
VsrValue from_state(const State& s) {
    VsrValue v{};
    for (unsigned i = 0; i < 16; ++i) set_elem<uint8_t>(v, i, s[i]);
    return v;
}
void sub_bytes(State& s, bool inverse) {
    const auto& box = inverse ? sboxes().inv : sboxes().fwd;
    for (auto& b : s) b = box[b];
}
// ShiftRows: row r rotates left by r columns (inverse: right).
void shift_rows(State& s, bool inverse) {
    const State t = s;
    for (unsigned c = 0; c < 4; ++c)
        for (unsigned r = 0; r < 4; ++r) {
            const unsigned from = inverse ? (c + 4 - r) % 4 : (c + r) % 4;
            s[4 * c + r] = t[4 * from + r];
        }
}
void mix_columns(State& s, bool inverse) {
    static constexpr uint8_t fwd[4] = {2, 3, 1, 1}, inv[4] = {14, 11, 13, 9};
    const uint8_t* m = inverse ? inv : fwd;
    for (unsigned c = 0; c < 4; ++c) {
        const uint8_t col[4] = {s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]};
        for (unsigned r = 0; r < 4; ++r) {
            uint8_t v = 0;
            for (unsigned k = 0; k < 4; ++k) v ^= gmul(col[k], m[(k + 4 - r) % 4]);
            s[4 * c + r] = v;
        }
    }
}
void add_key(State& s, const State& k) {
    for (unsigned i = 0; i < 16; ++i) s[i] ^= k[i];
}

}  // namespace

// vcipher: SubBytes, ShiftRows, MixColumns, AddRoundKey(VRB). vcipherlast omits MixColumns.
SEM(vcipher) {
    State s = to_state(vr(cpu, f::ra(W)));
    sub_bytes(s, false);
    shift_rows(s, false);
    mix_columns(s, false);
    add_key(s, to_state(vr(cpu, f::rb(W))));
    vr(cpu, f::rt(W)) = from_state(s);
    return ExecStatus::Continue;
}
SEM(vcipherlast) {
    State s = to_state(vr(cpu, f::ra(W)));
    sub_bytes(s, false);
    shift_rows(s, false);
    add_key(s, to_state(vr(cpu, f::rb(W))));
    vr(cpu, f::rt(W)) = from_state(s);
    return ExecStatus::Continue;
}
// vncipher: InvShiftRows, InvSubBytes, AddRoundKey(VRB), InvMixColumns (the key is added before
// InvMixColumns, 6.11.1). vncipherlast omits InvMixColumns.
SEM(vncipher) {
    State s = to_state(vr(cpu, f::ra(W)));
    shift_rows(s, true);
    sub_bytes(s, true);
    add_key(s, to_state(vr(cpu, f::rb(W))));
    mix_columns(s, true);
    vr(cpu, f::rt(W)) = from_state(s);
    return ExecStatus::Continue;
}
SEM(vncipherlast) {
    State s = to_state(vr(cpu, f::ra(W)));
    shift_rows(s, true);
    sub_bytes(s, true);
    add_key(s, to_state(vr(cpu, f::rb(W))));
    vr(cpu, f::rt(W)) = from_state(s);
    return ExecStatus::Continue;
}
SEM(vsbox) {
    State s = to_state(vr(cpu, f::ra(W)));
    sub_bytes(s, false);
    vr(cpu, f::rt(W)) = from_state(s);
    return ExecStatus::Continue;
}

// SHA-2 sigma functions (FIPS 180-4 4.1.2/4.1.3). ST (bit 16) selects the lower-case sigma
// (0: message schedule) or upper-case Sigma (1: compression); SIX (bits 17:20) picks 0 or 1 per
// element: bit i for word i, bit 2i for doubleword i.
static uint32_t rotr32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static uint64_t rotr64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }
SEM(vshasigmaw) {
    const unsigned st = isa::bits(W, 16, 16), six = isa::bits(W, 17, 20);
    unsigned i = 0;
    return map1<uint32_t>(cpu, (W & ~(0x1fu << 11)) | (f::ra(W) << 11), [&](uint32_t x) {
        const bool one = (six >> (3 - i++)) & 1;
        if (!st) return one ? rotr32(x, 17) ^ rotr32(x, 19) ^ (x >> 10) : rotr32(x, 7) ^ rotr32(x, 18) ^ (x >> 3);
        return one ? rotr32(x, 6) ^ rotr32(x, 11) ^ rotr32(x, 25) : rotr32(x, 2) ^ rotr32(x, 13) ^ rotr32(x, 22);
    });
}
SEM(vshasigmad) {
    const unsigned st = isa::bits(W, 16, 16), six = isa::bits(W, 17, 20);
    unsigned i = 0;
    return map1<uint64_t>(cpu, (W & ~(0x1fu << 11)) | (f::ra(W) << 11), [&](uint64_t x) {
        const bool one = (six >> (3 - 2 * i++)) & 1;
        if (!st) return one ? rotr64(x, 19) ^ rotr64(x, 61) ^ (x >> 6) : rotr64(x, 1) ^ rotr64(x, 8) ^ (x >> 7);
        return one ? rotr64(x, 14) ^ rotr64(x, 18) ^ rotr64(x, 41) : rotr64(x, 28) ^ rotr64(x, 34) ^ rotr64(x, 39);
    });
}

// Carry-less multiply-sum: each double-width result element is the XOR of the carry-less
// products of the two source element pairs it covers.
static u128 clmul(uint64_t a, uint64_t b) {
    u128 r = 0;
    for (unsigned k = 0; k < 64; ++k)
        if ((b >> k) & 1) r ^= u128(a) << k;
    return r;
}
template <typename T, typename R>
static ExecStatus pmsum(CpuState& cpu, uint32_t w) {
    const VsrValue a = vr(cpu, f::ra(w)), b = vr(cpu, f::rb(w));
    VsrValue r{};
    for (unsigned i = 0; i < kCount<R>; ++i) {
        const u128 p = clmul(elem<T>(a, 2 * i), elem<T>(b, 2 * i)) ^ clmul(elem<T>(a, 2 * i + 1), elem<T>(b, 2 * i + 1));
        set_elem<R>(r, i, R(p));
    }
    vr(cpu, f::rt(w)) = r;
    return ExecStatus::Continue;
}
SEM(vpmsumb) { return pmsum<uint8_t, uint16_t>(cpu, W); }
SEM(vpmsumh) { return pmsum<uint16_t, uint32_t>(cpu, W); }
SEM(vpmsumw) { return pmsum<uint32_t, uint64_t>(cpu, W); }
SEM(vpmsumd) {
    const VsrValue a = vr(cpu, f::ra(W)), b = vr(cpu, f::rb(W));
    vr(cpu, f::rt(W)) = from_quad(clmul(a.dw[0], b.dw[0]) ^ clmul(a.dw[1], b.dw[1]));
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

// VSX logical, permute, splat, merge, byte-reverse and blend instructions (Power ISA 3.1 Book I
// 7.6.1 "VSX Logical / Permute Instructions", and the ISA 3.1 8RR prefixed forms). Bit and byte
// operations on whole VSRs: no FPSCR effects.
#include "core/semantics/floating_point_math.hpp"
#include "core/semantics/vsx_common.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::sem {

using namespace vsx;

namespace {

template <typename Op>
ExecStatus logical(CpuState& cpu, uint32_t w, Op op) {
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    cpu.vsr[xt(w)] = VsrValue{{op(a.dw[0], b.dw[0]), op(a.dw[1], b.dw[1])}};
    return ExecStatus::Continue;
}

}  // namespace

ExecStatus xxland(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return a & b; }); }
ExecStatus xxlandc(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return a & ~b; }); }
ExecStatus xxlor(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return a | b; }); }
ExecStatus xxlxor(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return a ^ b; }); }
ExecStatus xxlnor(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return ~(a | b); }); }
ExecStatus xxlorc(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return a | ~b; }); }
ExecStatus xxlnand(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return ~(a & b); }); }
ExecStatus xxleqv(CpuState& c, Insn i) { return logical(c, i.word, [](uint64_t a, uint64_t b) { return ~(a ^ b); }); }

ExecStatus xxsel(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)], c = cpu.vsr[xc(w)];
    VsrValue r{};
    for (int i = 0; i < 2; ++i) r.dw[i] = (a.dw[i] & ~c.dw[i]) | (b.dw[i] & c.dw[i]);
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}

// xxpermdi: DM[0] selects the doubleword of XA, DM[1] that of XB.
ExecStatus xxpermdi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned dm = isa::bits(w, 22, 23);
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    cpu.vsr[xt(w)] = VsrValue{{a.dw[dm >> 1], b.dw[dm & 1]}};
    return ExecStatus::Continue;
}

// xxsldwi: words SHW..SHW+3 of XA || XB.
ExecStatus xxsldwi(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned shw = isa::bits(w, 22, 23);
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    VsrValue r{};
    for (unsigned i = 0; i < 4; ++i) {
        const unsigned k = i + shw;
        set_word(r, i, k < 4 ? word_of(a, k) : word_of(b, k - 4));
    }
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}

ExecStatus xxmrghw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    VsrValue r{};
    set_word(r, 0, word_of(a, 0));
    set_word(r, 1, word_of(b, 0));
    set_word(r, 2, word_of(a, 1));
    set_word(r, 3, word_of(b, 1));
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}
ExecStatus xxmrglw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)];
    VsrValue r{};
    set_word(r, 0, word_of(a, 2));
    set_word(r, 1, word_of(b, 2));
    set_word(r, 2, word_of(a, 3));
    set_word(r, 3, word_of(b, 3));
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}

// xxperm/xxpermr (ISA 3.0): the source is XA || XT; byte i of XB selects with its low 5 bits
// (xxpermr: counted from the right).
namespace {
ExecStatus permute(CpuState& cpu, uint32_t w, bool right) {
    const VsrValue a = cpu.vsr[xa(w)], t = cpu.vsr[xt(w)], b = cpu.vsr[xb(w)];
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) {
        unsigned k = byte_of(b, i) & 31;
        if (right) k = 31 - k;
        set_byte(r, i, k < 16 ? byte_of(a, k) : byte_of(t, k - 16));
    }
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}
}  // namespace
ExecStatus xxperm(CpuState& cpu, Insn insn) { return permute(cpu, insn.word, false); }
ExecStatus xxpermr(CpuState& cpu, Insn insn) { return permute(cpu, insn.word, true); }

ExecStatus xxspltw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t x = word_of(cpu.vsr[xb(w)], isa::bits(w, 14, 15));
    cpu.vsr[xt(w)] = VsrValue{{x << 32 | x, x << 32 | x}};
    return ExecStatus::Continue;
}

ExecStatus xxspltib(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t d = 0x0101010101010101ull * isa::bits(w, 13, 20);
    cpu.vsr[xt(w)] = VsrValue{{d, d}};
    return ExecStatus::Continue;
}

// xxextractuw (ISA 3.0): bytes UIM..UIM+3 of XB into word 1, the rest 0. UIM > 12 is undefined;
// ppcvm wraps the byte index modulo 16, as QEMU does.
ExecStatus xxextractuw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned uim = isa::bits(w, 12, 15);
    const VsrValue b = cpu.vsr[xb(w)];
    uint64_t x = 0;
    for (unsigned i = 0; i < 4; ++i) x = (x << 8) | byte_of(b, (uim + i) & 15);
    cpu.vsr[xt(w)] = VsrValue{{x, 0}};
    return ExecStatus::Continue;
}
// xxinsertw (ISA 3.0): word 1 of XB into bytes UIM..UIM+3 of XT. UIM > 12 is undefined; ppcvm
// writes the bytes that fit, as QEMU does.
ExecStatus xxinsertw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned uim = isa::bits(w, 12, 15);
    const VsrValue b = cpu.vsr[xb(w)];
    VsrValue& t = cpu.vsr[xt(w)];
    for (unsigned i = 0; i < 4 && uim + i < 16; ++i) set_byte(t, uim + i, byte_of(b, 4 + i));
    return ExecStatus::Continue;
}

namespace {
uint64_t swap_halves(uint64_t v) {
    return ((v & 0x00ff00ff00ff00ffull) << 8) | ((v >> 8) & 0x00ff00ff00ff00ffull);
}
uint64_t swap_words(uint64_t v) {
    const uint64_t b = __builtin_bswap64(v);
    return (b << 32) | (b >> 32);
}
}  // namespace
ExecStatus xxbrh(CpuState& cpu, Insn insn) {
    const VsrValue b = cpu.vsr[xb(insn.word)];
    cpu.vsr[xt(insn.word)] = VsrValue{{swap_halves(b.dw[0]), swap_halves(b.dw[1])}};
    return ExecStatus::Continue;
}
ExecStatus xxbrw(CpuState& cpu, Insn insn) {
    const VsrValue b = cpu.vsr[xb(insn.word)];
    cpu.vsr[xt(insn.word)] = VsrValue{{swap_words(b.dw[0]), swap_words(b.dw[1])}};
    return ExecStatus::Continue;
}
ExecStatus xxbrd(CpuState& cpu, Insn insn) {
    const VsrValue b = cpu.vsr[xb(insn.word)];
    cpu.vsr[xt(insn.word)] = VsrValue{{__builtin_bswap64(b.dw[0]), __builtin_bswap64(b.dw[1])}};
    return ExecStatus::Continue;
}
ExecStatus xxbrq(CpuState& cpu, Insn insn) {
    const VsrValue b = cpu.vsr[xb(insn.word)];
    cpu.vsr[xt(insn.word)] = VsrValue{{__builtin_bswap64(b.dw[1]), __builtin_bswap64(b.dw[0])}};
    return ExecStatus::Continue;
}

// ---- ISA 3.1 8RR forms: IMM32 = prefix bits 16:31 || suffix bits 16:31; XT = TX (suffix bit
// 15) || T. ----
namespace {
uint32_t imm32(Insn insn) { return (insn.prefix & 0xffffu) << 16 | (insn.word & 0xffffu); }
unsigned xt_8rr(uint32_t w) { return f::rt(w) | (isa::bits(w, 15, 15) << 5); }
}  // namespace

// xxspltidp: the single-precision IMM32 converted to double in both doublewords. A denormal
// IMM32 gives an undefined result (Book I 7.6.1); ppcvm converts it exactly, as QEMU does.
ExecStatus xxspltidp(CpuState& cpu, Insn insn) {
    const uint64_t d = fp::single_to_double_bits(imm32(insn));
    cpu.vsr[xt_8rr(insn.word)] = VsrValue{{d, d}};
    return ExecStatus::Continue;
}
ExecStatus xxspltiw(CpuState& cpu, Insn insn) {
    const uint64_t x = imm32(insn);
    cpu.vsr[xt_8rr(insn.word)] = VsrValue{{x << 32 | x, x << 32 | x}};
    return ExecStatus::Continue;
}
// xxsplti32dx: IMM32 into words IX and IX+2 (IX is suffix bit 14).
ExecStatus xxsplti32dx(CpuState& cpu, Insn insn) {
    const unsigned ix = isa::bits(insn.word, 14, 14);
    VsrValue& t = cpu.vsr[xt_8rr(insn.word)];
    set_word(t, ix, imm32(insn));
    set_word(t, ix + 2, imm32(insn));
    return ExecStatus::Continue;
}

// xxblendv[bhwd]: element i from XB when the most significant bit of element i of XC is 1, else
// from XA.
namespace {
template <unsigned kBytes>
ExecStatus blend(CpuState& cpu, uint32_t w) {
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)], c = cpu.vsr[xc(w)];
    VsrValue r{};
    for (unsigned i = 0; i < 16; i += kBytes) {
        const bool pick_b = byte_of(c, i) & 0x80;
        for (unsigned k = 0; k < kBytes; ++k) set_byte(r, i + k, byte_of(pick_b ? b : a, i + k));
    }
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}
}  // namespace
ExecStatus xxblendvb(CpuState& cpu, Insn insn) { return blend<1>(cpu, insn.word); }
ExecStatus xxblendvh(CpuState& cpu, Insn insn) { return blend<2>(cpu, insn.word); }
ExecStatus xxblendvw(CpuState& cpu, Insn insn) { return blend<4>(cpu, insn.word); }
ExecStatus xxblendvd(CpuState& cpu, Insn insn) { return blend<8>(cpu, insn.word); }

// xxpermx (ISA 3.1): byte i of XC selects byte (XC_i & 31) of XA || XB when its high three bits
// equal UIM (prefix bits 29:31), else 0. Used to build permutes wider than 32 bytes.
ExecStatus xxpermx(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned uim = insn.prefix & 7;
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)], c = cpu.vsr[xc(w)];
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) {
        const unsigned sel = byte_of(c, i);
        if ((sel >> 5) != uim) continue;
        const unsigned k = sel & 31;
        set_byte(r, i, k < 16 ? byte_of(a, k) : byte_of(b, k - 16));
    }
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}

// xxeval (ISA 3.1): each result bit is bit (4a + 2b + c) of IMM (prefix bits 24:31, bit 0 the
// most significant), for the corresponding bits a, b, c of XA, XB, XC.
ExecStatus xxeval(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned imm = insn.prefix & 0xff;
    const VsrValue a = cpu.vsr[xa(w)], b = cpu.vsr[xb(w)], c = cpu.vsr[xc(w)];
    VsrValue r{};
    for (unsigned d = 0; d < 2; ++d) {
        uint64_t out = 0;
        for (unsigned idx = 0; idx < 8; ++idx) {
            if (!((imm >> (7 - idx)) & 1)) continue;
            const uint64_t ma = (idx & 4) ? a.dw[d] : ~a.dw[d];
            const uint64_t mb = (idx & 2) ? b.dw[d] : ~b.dw[d];
            const uint64_t mc = (idx & 1) ? c.dw[d] : ~c.dw[d];
            out |= ma & mb & mc;
        }
        r.dw[d] = out;
    }
    cpu.vsr[xt(w)] = r;
    return ExecStatus::Continue;
}

// xvtlsbb (ISA 3.1): CR[BF] <- all least significant bits of the bytes 1 || 0 || all 0 || 0.
ExecStatus xvtlsbb(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const VsrValue b = cpu.vsr[xb(w)];
    const uint64_t lsb = 0x0101010101010101ull;
    const bool all_true = (b.dw[0] & lsb) == lsb && (b.dw[1] & lsb) == lsb;
    const bool all_false = (b.dw[0] & lsb) == 0 && (b.dw[1] & lsb) == 0;
    cpu.set_cr_field(f::bf(w), (all_true ? 8u : 0u) | (all_false ? 2u : 0u));
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

// Fixed-point logical instructions (Power ISA 3.1 Book I 3.3.13): boolean operations, sign
// extension, counts, population count and parity, byte compare and permute, byte reverse,
// the ISA 3.1 bit gather/scatter (pdepd, pextd, cfuged, cntlzdm, cnttzdm), and the BCD assist
// instructions (3.3.15: cdtbcd, cbcdtd, addg6s).
#include "core/semantics/fixed_point_helpers.hpp"

namespace ppcvm::sem {
namespace {

using fxp::kLow32;

// Write RA and, when Rc=1 (or always, for andi./andis.), CR0.
ExecStatus write_ra(CpuState& cpu, uint32_t w, uint64_t value, bool record) {
    cpu.gpr[f::ra(w)] = value;
    if (record) record_cr0(cpu, value);
    return ExecStatus::Continue;
}
ExecStatus write_ra(CpuState& cpu, uint32_t w, uint64_t value) {
    return write_ra(cpu, w, value, f::rc(w) != 0);
}

uint64_t rS(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::rs(w)]; }
uint64_t rB(const CpuState& cpu, uint32_t w) { return cpu.gpr[f::rb(w)]; }

// Densely packed decimal (IEEE 754-2008 3.5.2; the ISA's DPD_TO_BCD / BCD_TO_DPD). A declet
// is bits p q r s t u v w x y, p the most significant.
uint32_t dpd_to_bcd(uint32_t declet) {
    auto bit = [&](unsigned n) { return (declet >> n) & 1; };  // n = 9 (p) .. 0 (y)
    const uint32_t pqr = (declet >> 7) & 7, stu = (declet >> 4) & 7, wxy = declet & 7;
    const uint32_t pq = (declet >> 8) & 3, st = (declet >> 5) & 3;
    const uint32_t r = bit(7), u = bit(4), y = bit(0);
    uint32_t d2, d1, d0;
    if (!bit(3)) {
        d2 = pqr, d1 = stu, d0 = wxy;
    } else {
        switch ((declet >> 1) & 3) {  // w x
            case 0: d2 = pqr, d1 = stu, d0 = 8 | y; break;
            case 1: d2 = pqr, d1 = 8 | u, d0 = (st << 1) | y; break;
            case 2: d2 = 8 | r, d1 = stu, d0 = (pq << 1) | y; break;
            default:
                switch (st) {
                    case 0: d2 = 8 | r, d1 = 8 | u, d0 = (pq << 1) | y; break;
                    case 1: d2 = 8 | r, d1 = (pq << 1) | u, d0 = 8 | y; break;
                    case 2: d2 = pqr, d1 = 8 | u, d0 = 8 | y; break;
                    default: d2 = 8 | r, d1 = 8 | u, d0 = 8 | y; break;
                }
        }
    }
    return (d2 << 8) | (d1 << 4) | d0;
}

// Three BCD digits to a declet. A digit above 9 gives an undefined result in the ISA; here it
// is encoded as 8 or 9 by its low bit.
uint32_t bcd_to_dpd(uint32_t bcd) {
    const uint32_t d2 = (bcd >> 8) & 0xf, d1 = (bcd >> 4) & 0xf, d0 = bcd & 0xf;
    const bool l2 = d2 > 7, l1 = d1 > 7, l0 = d0 > 7;
    const uint32_t y = d0 & 1, u = d1 & 1, r = d2 & 1;
    auto hi2 = [](uint32_t d) {
        return (d >> 1) & 3;
    };  // the two middle-high bits of a small digit
    const unsigned large = (l2 << 2) | (l1 << 1) | l0;
    uint32_t v;
    switch (large) {
        case 0: v = (d2 << 7) | (d1 << 4) | d0; break;
        case 1: v = (d2 << 7) | (d1 << 4) | 0x8 | y; break;
        case 2: v = (d2 << 7) | (hi2(d0) << 5) | (u << 4) | 0xa | y; break;
        case 4: v = (hi2(d0) << 8) | (r << 7) | (d1 << 4) | 0xc | y; break;
        case 6: v = (hi2(d0) << 8) | (r << 7) | (0 << 5) | (u << 4) | 0xe | y; break;
        case 5: v = (hi2(d1) << 8) | (r << 7) | (1 << 5) | (u << 4) | 0xe | y; break;
        case 3: v = (d2 << 7) | (2 << 5) | (u << 4) | 0xe | y; break;
        default: v = (r << 7) | (3 << 5) | (u << 4) | 0xe | y; break;
    }
    return v & 0x3ff;
}

uint64_t byte_reverse_each(uint64_t v, unsigned width_bytes) {
    uint64_t out = 0;
    for (unsigned base = 0; base < 8; base += width_bytes)
        for (unsigned i = 0; i < width_bytes; ++i)
            out |= ((v >> (8 * (base + i))) & 0xff) << (8 * (base + width_bytes - 1 - i));
    return out;
}

}  // namespace

// ---- boolean ----

ExecStatus andi_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) & f::ui(w), true);
}
ExecStatus andis_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) & (f::ui(w) << 16), true);
}
ExecStatus ori(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::ra(w)] = rS(cpu, w) | f::ui(w);
    return ExecStatus::Continue;
}
ExecStatus oris(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::ra(w)] = rS(cpu, w) | (f::ui(w) << 16);
    return ExecStatus::Continue;
}
ExecStatus xori(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::ra(w)] = rS(cpu, w) ^ f::ui(w);
    return ExecStatus::Continue;
}
ExecStatus xoris(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    cpu.gpr[f::ra(w)] = rS(cpu, w) ^ (f::ui(w) << 16);
    return ExecStatus::Continue;
}

ExecStatus and_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) & rB(cpu, w));
}
ExecStatus andc(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) & ~rB(cpu, w));
}
ExecStatus nand(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, ~(rS(cpu, w) & rB(cpu, w)));
}
ExecStatus nor(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, ~(rS(cpu, w) | rB(cpu, w)));
}
ExecStatus eqv(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, ~(rS(cpu, w) ^ rB(cpu, w)));
}
ExecStatus xor_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) ^ rB(cpu, w));
}
ExecStatus orc(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) | ~rB(cpu, w));
}
ExecStatus or_(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, rS(cpu, w) | rB(cpu, w));
}

// ---- sign extension and counts ----

ExecStatus extsb(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, static_cast<uint64_t>(static_cast<int8_t>(rS(cpu, w))));
}
ExecStatus extsh(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, static_cast<uint64_t>(static_cast<int16_t>(rS(cpu, w))));
}
ExecStatus extsw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, static_cast<uint64_t>(static_cast<int32_t>(rS(cpu, w))));
}
ExecStatus cntlzw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::countl_zero(static_cast<uint32_t>(rS(cpu, w))));
}
ExecStatus cntlzd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::countl_zero(rS(cpu, w)));
}
ExecStatus cnttzw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::countr_zero(static_cast<uint32_t>(rS(cpu, w))));
}
ExecStatus cnttzd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::countr_zero(rS(cpu, w)));
}

ExecStatus popcntb(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w);
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; ++i)
        r |= static_cast<uint64_t>(std::popcount((s >> (8 * i)) & 0xff)) << (8 * i);
    return write_ra(cpu, w, r, false);
}
ExecStatus popcntw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w);
    const uint64_t r = (static_cast<uint64_t>(std::popcount(s >> 32)) << 32) |
                       static_cast<uint64_t>(std::popcount(s & kLow32));
    return write_ra(cpu, w, r, false);
}
ExecStatus popcntd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::popcount(rS(cpu, w)), false);
}

// prtyw/prtyd (ISA 2.05): parity of the least significant bit of each byte, per word /
// doubleword.
ExecStatus prtyw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w) & 0x0101010101010101ull;
    const uint64_t r = ((std::popcount(s >> 32) & 1ull) << 32) | (std::popcount(s & kLow32) & 1);
    return write_ra(cpu, w, r, false);
}
ExecStatus prtyd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, std::popcount(rS(cpu, w) & 0x0101010101010101ull) & 1, false);
}

// cmpb (ISA 2.05): each byte 0xFF where RS and RB have equal bytes, else 0x00.
ExecStatus cmpb(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w), b = rB(cpu, w);
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; ++i)
        if ((((s ^ b) >> (8 * i)) & 0xff) == 0) r |= 0xffull << (8 * i);
    return write_ra(cpu, w, r, false);
}

// bpermd (ISA 2.06): for each byte i of RS (byte 0 most significant), an index; result bit
// 56+i = RB[index] (ISA numbering) when index < 64, else 0.
ExecStatus bpermd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w), b = rB(cpu, w);
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; ++i) {
        const unsigned index = (s >> (56 - 8 * i)) & 0xff;
        if (index < 64 && ((b >> (63 - index)) & 1)) r |= 1ull << (7 - i);
    }
    return write_ra(cpu, w, r, false);
}

// ---- ISA 3.1 ----

ExecStatus brh(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, byte_reverse_each(rS(cpu, w), 2), false);
}
ExecStatus brw(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, byte_reverse_each(rS(cpu, w), 4), false);
}
ExecStatus brd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, __builtin_bswap64(rS(cpu, w)), false);
}

// cntlzdm: leading zeros of RS counted only at the positions where RB has a 1 (from the most
// significant), i.e. of pextd(RS, RB) within its popcount(RB) bits. cnttzdm: trailing ones.
ExecStatus cntlzdm(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t mask = rB(cpu, w);
    const uint64_t x = fxp::pext64(rS(cpu, w), mask);
    const unsigned n = static_cast<unsigned>(std::popcount(mask));
    return write_ra(cpu, w, n - static_cast<unsigned>(std::bit_width(x)), false);
}
ExecStatus cnttzdm(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t mask = rB(cpu, w);
    const uint64_t x = fxp::pext64(rS(cpu, w), mask);
    const unsigned n = static_cast<unsigned>(std::popcount(mask));
    return write_ra(cpu, w, x == 0 ? n : static_cast<unsigned>(std::countr_zero(x)), false);
}
ExecStatus pdepd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, fxp::pdep64(rS(cpu, w), rB(cpu, w)), false);
}
ExecStatus pextd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    return write_ra(cpu, w, fxp::pext64(rS(cpu, w), rB(cpu, w)), false);
}
// cfuged: the bits of RS where RB is 0 go, in order, to the left of RA; those where RB is 1 to
// the right.
ExecStatus cfuged(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w), mask = rB(cpu, w);
    const unsigned ones = static_cast<unsigned>(std::popcount(mask));
    const uint64_t left = fxp::pext64(s, ~mask), right = fxp::pext64(s, mask);
    return write_ra(cpu, w, (ones == 64 ? 0 : left << ones) | right, false);
}

// ---- BCD assist (ISA 2.06) ----

// cdtbcd: per word, declets RS[w+12:w+21] and RS[w+22:w+31] to six BCD digits in RA[w+8:w+31].
ExecStatus cdtbcd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w);
    uint64_t r = 0;
    for (unsigned half = 0; half < 2; ++half) {
        const uint32_t word = static_cast<uint32_t>(s >> (32 * half));
        const uint32_t out = (dpd_to_bcd((word >> 10) & 0x3ff) << 12) | dpd_to_bcd(word & 0x3ff);
        r |= static_cast<uint64_t>(out) << (32 * half);
    }
    return write_ra(cpu, w, r, false);
}
// cbcdtd: per word, six BCD digits RS[w+8:w+31] to two declets in RA[w+12:w+31].
ExecStatus cbcdtd(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t s = rS(cpu, w);
    uint64_t r = 0;
    for (unsigned half = 0; half < 2; ++half) {
        const uint32_t word = static_cast<uint32_t>(s >> (32 * half));
        const uint32_t out = (bcd_to_dpd((word >> 12) & 0xfff) << 10) | bcd_to_dpd(word & 0xfff);
        r |= static_cast<uint64_t>(out) << (32 * half);
    }
    return write_ra(cpu, w, r, false);
}
// addg6s RT,RA,RB: for each of the 16 digit positions, 0x6 when the addition RA + RB produces
// no carry out of that digit, else 0x0.
ExecStatus addg6s(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned __int128 a = cpu.gpr[f::ra(w)], b = cpu.gpr[f::rb(w)];
    const unsigned __int128 sum = a + b;
    uint64_t r = 0;
    for (unsigned digit = 0; digit < 16; ++digit) {
        // The carry into bit 4*(digit+1) (LSB numbering) is the carry out of that digit.
        const unsigned k = 4 * (digit + 1);
        const bool carry = (((a ^ b ^ sum) >> k) & 1) != 0;
        if (!carry) r |= 0x6ull << (4 * digit);
    }
    cpu.gpr[f::rt(w)] = r;
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

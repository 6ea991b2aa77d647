// VSX (Power ISA 3.1 Book I chapter 7): the ISA's rules checked case by case, independent of
// QEMU (vsx_qemu_test.cpp covers the QEMU comparison): storage element order in both byte orders
// written out from the ISA's definitions, facility checks through the exact engine, vector
// exception rules, and the arithmetic against __float128 with round-to-odd in every rounding
// mode.
#include <gtest/gtest.h>

#include <cfenv>
#include <cstring>
#include <quadmath.h>

#include <random>

#include "core/cpu.hpp"
#include "core/cpu_state.hpp"
#include "core/exact_engine.hpp"
#include "core/fpscr.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/semantics/floating_point_math.hpp"
#include "core/semantics/vsx_common.hpp"
#include "core/spr_numbers.hpp"
#include "platform/cpu_catalog.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm {
namespace {

namespace fs = fpscr;

// ---- encodings (Book I 1.6) ----
// XX1 (loads/stores, op 31): T, RA, RB, XO (10 bits), TX.
uint32_t xx1(unsigned xo, unsigned t, unsigned a, unsigned b) {
    return 31u << 26 | (t & 31) << 21 | a << 16 | b << 11 | xo << 1 | (t >> 5);
}
// XX3 (op 60): T, A, B, XO (8 bits at 21:28), AX BX TX.
uint32_t xx3(unsigned xo, unsigned t, unsigned a, unsigned b) {
    return 60u << 26 | (t & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | xo << 3 |
           (a >> 5) << 2 | (b >> 5) << 1 | (t >> 5);
}
// XX2 (op 60): T, B, XO (9 bits at 21:29), BX TX.
uint32_t xx2(unsigned xo, unsigned t, unsigned b) {
    return 60u << 26 | (t & 31) << 21 | (b & 31) << 11 | xo << 2 | (b >> 5) << 1 | (t >> 5);
}
uint32_t ds_form(unsigned op, unsigned t, unsigned a, int ds, unsigned xo) {
    return op << 26 | t << 21 | a << 16 | (static_cast<uint32_t>(ds) & 0xfffc) | xo;
}
uint32_t dq_form(unsigned op, unsigned t, unsigned a, int dq, unsigned xo) {
    return op << 26 | (t & 31) << 21 | a << 16 | (static_cast<uint32_t>(dq) & 0xfff0) | (t >> 5) << 3 | xo;
}

// XO values (ISA 3.1 Book I appendix: opcode maps).
constexpr unsigned kLxvd2x = 844, kLxvw4x = 780, kLxvh8x = 812, kLxvb16x = 876, kLxvx = 268,
                   kLxvdsx = 332, kStxvd2x = 972, kStxvw4x = 908, kStxvx = 396, kLxvl = 269,
                   kLxvll = 301, kStxvl = 397, kLxsdx = 588, kLxsiwax = 76, kLxvpx = 333,
                   kStxvpx = 461;

struct Fixture {
    CpuState cpu;
    GuestMemory memory{1 << 20};
    explicit Fixture(bool le = true) {
        cpu.memory = &memory;
        cpu.msr = msr::kFP | msr::kVSX | msr::kVEC | msr::kSF | (le ? msr::kLE : 0);
        uint8_t bytes[64];
        for (int i = 0; i < 64; ++i) bytes[i] = static_cast<uint8_t>(i);
        memory.write_bytes(0x4000, bytes, 64);
        cpu.gpr[5] = 0x4000;
        cpu.gpr[6] = 0;
    }
    isa::ExecStatus exec(uint32_t word, uint32_t prefix = 0) {
        const isa::InsnDesc* d = prefix ? isa::Decoder::instance().decode(prefix, word)
                                        : isa::Decoder::instance().decode(word, 0);
        EXPECT_NE(d, nullptr) << std::hex << word;
        if (!d) return isa::ExecStatus::Stop;
        cpu.cia = 0x1000;
        cpu.nia = 0x1000 + (prefix ? 8 : 4);
        return d->handler(cpu, isa::Insn{word, prefix});
    }
    std::vector<uint8_t> bytes(uint64_t addr, size_t n) {
        std::vector<uint8_t> v(n);
        memory.read_bytes(addr, v.data(), n);
        return v;
    }
};

// Bytes 0x00..0x0f at EA. The element-ordered loads put element 0 (from EA) in the most
// significant position in both byte orders, each element read in the current byte order.
TEST(VsxStorage, ElementOrderedLoadsInBothByteOrders) {
    for (bool le : {false, true}) {
        Fixture f(le);
        f.exec(xx1(kLxvd2x, 40, 5, 6));
        EXPECT_EQ(f.cpu.vsr[40].dw[0], le ? 0x0706050403020100ull : 0x0001020304050607ull);
        EXPECT_EQ(f.cpu.vsr[40].dw[1], le ? 0x0f0e0d0c0b0a0908ull : 0x08090a0b0c0d0e0full);
        f.exec(xx1(kLxvw4x, 1, 5, 6));
        EXPECT_EQ(f.cpu.vsr[1].dw[0], le ? 0x0302010007060504ull : 0x0001020304050607ull);
        f.exec(xx1(kLxvh8x, 1, 5, 6));
        EXPECT_EQ(f.cpu.vsr[1].dw[1], le ? 0x09080b0a0d0c0f0eull : 0x08090a0b0c0d0e0full);
        f.exec(xx1(kLxvb16x, 1, 5, 6));  // byte order independent
        EXPECT_EQ(f.cpu.vsr[1].dw[0], 0x0001020304050607ull);
        EXPECT_EQ(f.cpu.vsr[1].dw[1], 0x08090a0b0c0d0e0full);
        f.exec(xx1(kLxvdsx, 2, 5, 6));
        EXPECT_EQ(f.cpu.vsr[2].dw[0], f.cpu.vsr[2].dw[1]);
        EXPECT_EQ(f.cpu.vsr[2].dw[0], le ? 0x0706050403020100ull : 0x0001020304050607ull);
    }
}

// lxvx/lxv treat the quadword as one value: in little-endian mode the byte at EA is the least
// significant byte of the VSR (the opposite doubleword order from lxvd2x: the classic trap).
TEST(VsxStorage, QuadwordLoadsAndTheLxvd2xTrap) {
    Fixture le(true), be(false);
    le.exec(xx1(kLxvx, 3, 5, 6));
    EXPECT_EQ(le.cpu.vsr[3].dw[0], 0x0f0e0d0c0b0a0908ull);
    EXPECT_EQ(le.cpu.vsr[3].dw[1], 0x0706050403020100ull);
    le.exec(xx1(kLxvd2x, 4, 5, 6));
    EXPECT_EQ(le.cpu.vsr[4].dw[0], le.cpu.vsr[3].dw[1]);  // swapped doublewords
    EXPECT_EQ(le.cpu.vsr[4].dw[1], le.cpu.vsr[3].dw[0]);
    be.exec(xx1(kLxvx, 3, 5, 6));
    EXPECT_EQ(be.cpu.vsr[3].dw[0], 0x0001020304050607ull);
    // lxv (DQ-form) with TX=1 and a displacement.
    for (bool little : {false, true}) {
        Fixture f(little);
        f.exec(dq_form(61, 33, 5, 16, 1));
        EXPECT_EQ(f.cpu.vsr[33].dw[0], little ? 0x1f1e1d1c1b1a1918ull : 0x1011121314151617ull);
        // stxv writes the same image back.
        f.exec(dq_form(61, 33, 5, 32, 5));
        const auto b = f.bytes(0x4020, 16);
        for (int i = 0; i < 16; ++i) EXPECT_EQ(b[i], 0x10 + i);
    }
}

TEST(VsxStorage, StoresMirrorTheLoads) {
    for (bool le : {false, true}) {
        Fixture f(le);
        f.cpu.vsr[7] = VsrValue{{0x0011223344556677ull, 0x8899aabbccddeeffull}};
        f.cpu.gpr[6] = 0x20;
        f.exec(xx1(kStxvd2x, 7, 5, 6));
        auto b = f.bytes(0x4020, 16);
        const uint8_t d2x_le[16] = {0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00,
                                    0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88};
        for (int i = 0; i < 16; ++i) EXPECT_EQ(b[i], le ? d2x_le[i] : (i < 8 ? i * 0x11 : i * 0x11)) << i;
        f.exec(xx1(kStxvw4x, 7, 5, 6));
        b = f.bytes(0x4020, 4);
        EXPECT_EQ(b[0], le ? 0x33 : 0x00);
        f.exec(xx1(kStxvx, 7, 5, 6));
        b = f.bytes(0x4020, 16);
        EXPECT_EQ(b[0], le ? 0xff : 0x00);
        EXPECT_EQ(b[15], le ? 0x00 : 0xff);
    }
}

// lxvl/lxvll (ISA 3.0): RB[0:7] bytes; lxvl fills the low end in little-endian mode, lxvll is
// always left-justified. Lengths above 16 act as 16; 0 gives zero.
TEST(VsxStorage, LengthLoadsAndStores) {
    for (bool le : {false, true}) {
        Fixture f(le);
        f.cpu.gpr[6] = 3ull << 56;
        f.exec(xx1(kLxvl, 8, 5, 6));
        if (le) {
            EXPECT_EQ(f.cpu.vsr[8].dw[0], 0u);
            EXPECT_EQ(f.cpu.vsr[8].dw[1], 0x0000000000020100ull);
        } else {
            EXPECT_EQ(f.cpu.vsr[8].dw[0], 0x0001020000000000ull);
            EXPECT_EQ(f.cpu.vsr[8].dw[1], 0u);
        }
        f.exec(xx1(kLxvll, 9, 5, 6));
        EXPECT_EQ(f.cpu.vsr[9].dw[0], 0x0001020000000000ull);
        f.cpu.gpr[6] = 200ull << 56;
        f.exec(xx1(kLxvl, 10, 5, 6));
        f.exec(xx1(kLxvx, 11, 5, 0));
        EXPECT_EQ(f.cpu.vsr[10].dw[0], f.cpu.vsr[11].dw[0]);
        EXPECT_EQ(f.cpu.vsr[10].dw[1], f.cpu.vsr[11].dw[1]);
        // stxvl of 2 bytes stores exactly 2.
        f.cpu.gpr[5] = 0x4030;
        f.cpu.gpr[6] = 2ull << 56;
        f.cpu.vsr[12] = VsrValue{{0xa1a2a3a4a5a6a7a8ull, 0xb1b2b3b4b5b6b7b8ull}};
        f.exec(xx1(kStxvl, 12, 5, 6));
        const auto b = f.bytes(0x4030, 3);
        EXPECT_EQ(b[0], le ? 0xb8 : 0xa1);
        EXPECT_EQ(b[1], le ? 0xb7 : 0xa2);
        EXPECT_EQ(b[2], 0x32);
        f.cpu.gpr[6] = 0;
        f.exec(xx1(kStxvl, 12, 5, 6));  // zero bytes: nothing stored
        EXPECT_EQ(f.bytes(0x4030, 1)[0], le ? 0xb8 : 0xa1);
    }
}

// lxsd/lxssp/stxsd/stxssp (ISA 3.0 DS-forms) address VSR 32-63 and set doubleword 1 to 0.
TEST(VsxStorage, ScalarDsForms) {
    for (bool le : {false, true}) {
        Fixture f(le);
        f.cpu.vsr[35] = VsrValue{{1, 2}};
        f.exec(ds_form(57, 3, 5, 8, 2));  // lxsd v3,8(r5)
        EXPECT_EQ(f.cpu.vsr[35].dw[0], le ? 0x0f0e0d0c0b0a0908ull : 0x08090a0b0c0d0e0full);
        EXPECT_EQ(f.cpu.vsr[35].dw[1], 0u);
        const uint32_t one = 0x3f800000;  // 1.0f
        f.memory.write_bytes(0x4040, &one, 4);
        if (!le) {
            const uint32_t be_one = __builtin_bswap32(one);
            f.memory.write_bytes(0x4040, &be_one, 4);
        }
        f.exec(ds_form(57, 4, 5, 0x40, 3));  // lxssp v4,64(r5)
        EXPECT_EQ(f.cpu.vsr[36].dw[0], 0x3ff0000000000000ull);
        f.cpu.vsr[37] = VsrValue{{0xc000000000000000ull, 0}};  // -2.0
        f.exec(ds_form(61, 5, 5, 0x20, 3));                  // stxssp v5,32(r5)
        uint32_t s;
        f.memory.read_bytes(0x4020, &s, 4);
        EXPECT_EQ(le ? s : __builtin_bswap32(s), 0xc0000000u);
        f.exec(ds_form(61, 5, 5, 0x28, 2));  // stxsd v5,40(r5)
        uint64_t d;
        f.memory.read_bytes(0x4028, &d, 8);
        EXPECT_EQ(le ? d : __builtin_bswap64(d), 0xc000000000000000ull);
        // X-form scalar loads leave doubleword 1 (undefined) unchanged, as QEMU.
        f.cpu.vsr[6] = VsrValue{{0, 0x1234}};
        f.exec(xx1(kLxsiwax, 6, 5, 0));
        EXPECT_EQ(f.cpu.vsr[6].dw[0], le ? 0x03020100ull : 0x00010203ull);
        EXPECT_EQ(f.cpu.vsr[6].dw[1], 0x1234u);
        f.exec(xx1(kLxsdx, 6, 5, 0));
        EXPECT_EQ(f.cpu.vsr[6].dw[0], le ? 0x0706050403020100ull : 0x0001020304050607ull);
    }
}

// lxvp/stxvp (ISA 3.1): the quadword at EA goes to XTp in big-endian mode, XTp+1 in
// little-endian mode.
TEST(VsxStorage, PairedLoadsAndStores) {
    for (bool le : {false, true}) {
        Fixture f(le);
        f.exec((6u << 26) | (1u << 22) /* Tp=1: VSR 2 */ | (5u << 16) | 0 /* lxvp */);
        const VsrValue q0 = f.cpu.vsr[le ? 3 : 2], q1 = f.cpu.vsr[le ? 2 : 3];
        Fixture g(le);
        g.exec(xx1(kLxvx, 10, 5, 0));
        g.cpu.gpr[6] = 16;
        g.exec(xx1(kLxvx, 11, 5, 6));
        EXPECT_EQ(q0.dw[0], g.cpu.vsr[10].dw[0]);
        EXPECT_EQ(q0.dw[1], g.cpu.vsr[10].dw[1]);
        EXPECT_EQ(q1.dw[0], g.cpu.vsr[11].dw[0]);
        // lxvpx with TX=1 (VSR 32+2*Tp; Tp is bits 6:9, TX bit 10): VSR 36.
        const uint32_t tp36 = (2u << 1) | 1u;
        f.exec(xx1(kLxvpx, tp36, 5, 0));
        EXPECT_EQ(f.cpu.vsr[le ? 37 : 36].dw[0], q0.dw[0]);
        // stxvpx round trip to another place.
        f.cpu.gpr[6] = 0x20;
        f.exec(xx1(kStxvpx, tp36, 5, 6));
        const auto b = f.bytes(0x4020, 32);
        for (int i = 0; i < 32; ++i) EXPECT_EQ(b[i], i);
    }
}

// ---- facility checks, through the exact engine ----
struct TestMachine {
    explicit TestMachine(const char* cpu_name = "POWER9") : memory(16 << 20) {
        PlatformRequest req;
        req.platform = Platform::Papr;
        req.pvr = find_cpu_by_name(cpu_name)->pvr;
        platform = resolve_platform(req);
        cpu = std::make_unique<Cpu>(platform, memory, nullptr);
        cpu->state().msr |= msr::kLE;
    }
    void load(uint64_t addr, const std::vector<uint32_t>& words) {
        for (size_t i = 0; i < words.size(); ++i) memory.write_bytes(addr + 4 * i, &words[i], 4);
        cpu->state().nia = addr;
    }
    GuestMemory memory;
    ResolvedPlatform platform;
    std::unique_ptr<Cpu> cpu;
};

TEST(VsxFacility, VsxUnavailableAndDirectMoveChecks) {
    const uint32_t xxlor = xx3(146, 1, 2, 2);
    const uint32_t mfvsrd_r3_vs1 = 31u << 26 | 1u << 21 | 3u << 16 | 51u << 1;
    const uint32_t mfvsrd_r3_vs33 = mfvsrd_r3_vs1 | 1;
    {
        TestMachine m;
        m.cpu->state().msr = (m.cpu->state().msr | msr::kFP) & ~msr::kVSX;
        m.load(0x1000, {xxlor});
        m.cpu->engine().run(1);
        EXPECT_EQ(m.cpu->state().nia, vector::kVsxUnavailable);
    }
    {
        // mfvsrd of VSR 1 needs MSR[FP] only (Book I 7.6.1.7): works with VSX=0.
        TestMachine m;
        m.cpu->state().msr = (m.cpu->state().msr | msr::kFP) & ~(msr::kVSX | msr::kVEC);
        m.cpu->state().vsr[1].dw[0] = 0x1234;
        m.load(0x1000, {mfvsrd_r3_vs1, mfvsrd_r3_vs33});
        m.cpu->engine().run(2);
        EXPECT_EQ(m.cpu->state().gpr[3], 0x1234u);
        // ... and VSR 33 needs MSR[VEC]: Vector Unavailable.
        EXPECT_EQ(m.cpu->state().nia, vector::kVectorUnavailable);
    }
    {
        TestMachine m;
        m.cpu->state().msr &= ~(msr::kFP | msr::kVSX | msr::kVEC);
        m.load(0x1000, {mfvsrd_r3_vs1});
        m.cpu->engine().run(1);
        EXPECT_EQ(m.cpu->state().nia, vector::kFpUnavailable);
    }
}

TEST(VsxFacility, IsaLevelsGateByModel) {
    const auto* p8 = find_cpu_by_name("POWER8");
    const auto* p9 = find_cpu_by_name("POWER9");
    const auto* p7 = find_cpu_by_name("POWER7");
    ASSERT_TRUE(p8 && p9 && p7);
    auto avail = [](uint32_t w, const CpuModel* m) {
        const isa::InsnDesc* d = isa::Decoder::instance().decode(w, 0);
        return d && isa::availability(*d, *m, m->isa) == isa::Availability::Available;
    };
    EXPECT_TRUE(avail(xx1(kLxvd2x, 0, 5, 6), p7));         // 2.06
    EXPECT_FALSE(avail(xx3(0, 0, 1, 2), p7));              // xsaddsp: 2.07
    EXPECT_TRUE(avail(xx3(0, 0, 1, 2), p8));
    EXPECT_FALSE(avail(xx1(kLxvx, 0, 5, 6), p8));          // lxvx: 3.0
    EXPECT_TRUE(avail(xx1(kLxvx, 0, 5, 6), p9));
    // ISA 2.06 BookE cores have no VSX.
    const auto* e6500 = find_cpu_by_name("e6500");
    ASSERT_TRUE(e6500);
    EXPECT_FALSE(avail(xx1(kLxvd2x, 0, 5, 6), e6500));
}

// ---- arithmetic ----
uint64_t bits_of(double d) {
    uint64_t u;
    std::memcpy(&u, &d, 8);
    return u;
}
double double_of(uint64_t u) {
    double d;
    std::memcpy(&d, &u, 8);
    return d;
}
int host_mode(unsigned rn) {
    static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    return modes[rn];
}
// a*b + c rounded once (to double or single), via __float128 with round-to-odd.
uint64_t reference_fma(uint64_t a, uint64_t b, uint64_t c, bool single, unsigned rn) {
    volatile __float128 qa = double_of(a), qb = double_of(b), qc = double_of(c);
    std::fesetround(FE_TOWARDZERO);
    std::feclearexcept(FE_ALL_EXCEPT);
    volatile __float128 p = qa * qb;
    volatile __float128 s = p + qc;
    const bool inexact = std::fetestexcept(FE_INEXACT);
    __float128 sv = s;
    if (inexact) {
        unsigned __int128 u;
        std::memcpy(&u, &sv, 16);
        u |= 1;
        std::memcpy(&sv, &u, 16);
    }
    std::fesetround(host_mode(rn));
    uint64_t out;
    if (sv == 0 && p != 0 && !inexact) {
        out = rn == 3 ? fp::kSignBit : 0;
    } else if (single) {
        volatile float f = static_cast<float>(sv);
        out = bits_of(static_cast<double>(f));
    } else {
        volatile double d = static_cast<double>(sv);
        out = bits_of(d);
    }
    std::fesetround(FE_TONEAREST);
    return out;
}

// xvmaddadp (XT = XA*XB + XT) and xvmaddmdp (XT = XA*XT + XB) per element, and xsmaddasp rounded
// once to single, in every rounding mode, against __float128.
TEST(VsxArithmetic, MultiplyAddAgainstFloat128) {
    std::mt19937_64 rng(7);
    auto operand = [&]() {
        const uint64_t sign = (rng() & 1) << 63;
        return sign | (static_cast<uint64_t>(1023 + static_cast<int>(rng() % 120) - 60) << 52) |
               (rng() & 0x000fffffffffffffull);
    };
    int checked = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        Fixture f;
        const unsigned rn = iter & 3;
        f.cpu.fpscr = rn;
        const uint64_t a0 = operand(), a1 = operand(), b0 = operand(), b1 = operand(), t0 = operand(),
                       t1 = operand();
        f.cpu.vsr[1] = VsrValue{{a0, a1}};
        f.cpu.vsr[2] = VsrValue{{b0, b1}};
        f.cpu.vsr[0] = VsrValue{{t0, t1}};
        f.exec(xx3(33 + 64, 0, 1, 2));  // xvmaddadp
        EXPECT_EQ(f.cpu.vsr[0].dw[0], reference_fma(a0, b0, t0, false, rn));
        EXPECT_EQ(f.cpu.vsr[0].dw[1], reference_fma(a1, b1, t1, false, rn));
        f.cpu.vsr[0] = VsrValue{{t0, t1}};
        f.exec(xx3(41 + 64, 0, 1, 2));  // xvmaddmdp
        EXPECT_EQ(f.cpu.vsr[0].dw[0], reference_fma(a0, t0, b0, false, rn));
        f.cpu.vsr[0] = VsrValue{{t0, 77}};
        f.exec(xx3(1, 0, 1, 2));  // xsmaddasp
        EXPECT_EQ(f.cpu.vsr[0].dw[0], reference_fma(a0, b0, t0, true, rn));
        EXPECT_EQ(f.cpu.vsr[0].dw[1], 0u);  // scalar results zero doubleword 1
        f.cpu.vsr[0] = VsrValue{{t0, t1}};
        f.exec(xx3(161 + 16, 0, 1, 2));  // xsnmsubadp: -(XA*XB - XT), negated after rounding
        const uint64_t want = reference_fma(a0, b0, t0 ^ fp::kSignBit, false, rn);
        EXPECT_EQ(f.cpu.vsr[0].dw[0], fp::is_nan(want) ? want : want ^ fp::kSignBit);
        checked += 5;
    }
    EXPECT_GT(checked, 10000);
}

// Vector: a trap-enabled exception in one element leaves XT unchanged (7.4.1); the exception
// bits of every element are set; FR, FI and FPRF are not changed by vector instructions.
TEST(VsxArithmetic, VectorExceptionRules) {
    Fixture f;
    f.cpu.fpscr = fs::kVE | fs::kFR | fs::kFI | (static_cast<uint64_t>(fs::fprf::kPlusZero) << fs::kFprfShift);
    f.cpu.msr |= msr::kFE0 | msr::kFE1;
    const uint64_t snan = 0x7ff0000000000001ull;
    f.cpu.vsr[1] = VsrValue{{snan, bits_of(1.0)}};
    f.cpu.vsr[2] = VsrValue{{bits_of(1.0), bits_of(0.1)}};
    f.cpu.vsr[0] = VsrValue{{11, 22}};
    EXPECT_EQ(f.exec(xx3(96, 0, 1, 2)), isa::ExecStatus::Interrupt);  // xvadddp
    EXPECT_EQ(f.cpu.vsr[0].dw[0], 11u);
    EXPECT_EQ(f.cpu.vsr[0].dw[1], 22u);
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXSNAN);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);  // 1.0 + 0.1 is inexact (element 1)
    EXPECT_TRUE(f.cpu.fpscr & fs::kFR);  // unchanged
    EXPECT_EQ((f.cpu.fpscr & fs::kFPRF) >> fs::kFprfShift, fs::fprf::kPlusZero);
    // VE=0: the quieted NaN is written, no interrupt.
    f.cpu.fpscr = 0;
    EXPECT_EQ(f.exec(xx3(96, 0, 1, 2)), isa::ExecStatus::Continue);
    EXPECT_EQ(f.cpu.vsr[0].dw[0], fp::quiet(snan));
    // Scalar: an enabled overflow writes the exponent-adjusted result (7.4.3).
    f.cpu.fpscr = fs::kOE;
    f.cpu.vsr[1] = VsrValue{{0x7fe0000000000000ull, 0}};
    f.cpu.vsr[2] = VsrValue{{0x4000000000000000ull, 0}};
    f.exec(xx3(48, 0, 1, 2));  // xsmuldp 2^1023 * 2
    EXPECT_EQ(f.cpu.vsr[0].dw[0], static_cast<uint64_t>(1023 + 1024 - 1536) << 52);  // 2^1024 * 2^-1536
    EXPECT_TRUE(f.cpu.fpscr & fs::kOX);
}

// xvcmpgtdp. : CR6 = all-true || 0 || all-false || 0; VXVC for NaN operands.
TEST(VsxArithmetic, VectorCompareRecordsCr6) {
    Fixture f;
    const uint32_t xvcmpgtdp_rc = xx3(107, 0, 1, 2) | (1u << 10);  // Rc is bit 21
    f.cpu.vsr[1] = VsrValue{{bits_of(2.0), bits_of(3.0)}};
    f.cpu.vsr[2] = VsrValue{{bits_of(1.0), bits_of(-3.0)}};
    f.exec(xvcmpgtdp_rc);
    EXPECT_EQ(f.cpu.vsr[0].dw[0], ~0ull);
    EXPECT_EQ(f.cpu.cr_field(6), 0x8u);
    f.cpu.vsr[2] = VsrValue{{bits_of(5.0), 0x7ff8000000000000ull}};
    f.exec(xvcmpgtdp_rc);
    EXPECT_EQ(f.cpu.vsr[0].dw[0], 0u);
    EXPECT_EQ(f.cpu.cr_field(6), 0x2u);
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXVC);
}

// Permutes: xxpermdi, xxsldwi, xxspltw and xxperm, written out from the ISA's definitions.
TEST(VsxPermute, ElementSelection) {
    Fixture f;
    f.cpu.vsr[1] = VsrValue{{0x0001020304050607ull, 0x08090a0b0c0d0e0full}};
    f.cpu.vsr[2] = VsrValue{{0x1011121314151617ull, 0x18191a1b1c1d1e1full}};
    f.exec(xx3(10, 0, 1, 2) | (2u << 8));  // xxpermdi DM=2: XA.dw1, XB.dw0
    EXPECT_EQ(f.cpu.vsr[0].dw[0], 0x08090a0b0c0d0e0full);
    EXPECT_EQ(f.cpu.vsr[0].dw[1], 0x1011121314151617ull);
    f.exec(xx3(2, 0, 1, 2) | (3u << 8));  // xxsldwi SHW=3
    EXPECT_EQ(f.cpu.vsr[0].dw[0], 0x0c0d0e0f10111213ull);
    EXPECT_EQ(f.cpu.vsr[0].dw[1], 0x1415161718191a1bull);
    f.exec(xx2(164, 0, 2) | (2u << 16));  // xxspltw UIM=2
    EXPECT_EQ(f.cpu.vsr[0].dw[0], 0x18191a1b18191a1bull);
    // xxperm: source XA || XT; select bytes 31, 0, 16, 15...
    f.cpu.vsr[0] = VsrValue{{0x2021222324252627ull, 0x28292a2b2c2d2e2full}};
    f.cpu.vsr[2] = VsrValue{{0x1f00100f00000000ull, 0}};
    f.exec(xx3(26, 0, 1, 2));
    EXPECT_EQ(f.cpu.vsr[0].dw[0] >> 32, 0x2f00200fu);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// ---- quad precision against the host's __float128 (libgcc soft-fp honours the SSE rounding
// mode; sqrtq/fmaq from libquadmath are used in round-to-nearest only) ----
using Q = unsigned __int128;
Q q_bits(__float128 x) {
    Q u;
    std::memcpy(&u, &x, 16);
    return u;
}
__float128 q_val(Q u) {
    __float128 x;
    std::memcpy(&x, &u, 16);
    return x;
}
// A quad value as a VSR (doubleword 0 the high half).
VsrValue quad_vsr(Q x) { return VsrValue{{static_cast<uint64_t>(x >> 64), static_cast<uint64_t>(x)}}; }
uint32_t x_form63(unsigned xo, unsigned t, unsigned a, unsigned b, bool ro = false) {
    return 63u << 26 | t << 21 | a << 16 | b << 11 | xo << 1 | (ro ? 1u : 0u);
}

TEST(VsxQuad, ArithmeticAgainstFloat128) {
    std::mt19937_64 rng(11);
    auto operand = [&]() -> Q {
        const Q sign = static_cast<Q>(rng() & 1) << 127;
        const unsigned k = rng() % 8;
        const unsigned exp = k == 0 ? static_cast<unsigned>(rng() % 200)                // denormals/tiny
                             : k == 1 ? 0x7ffe - static_cast<unsigned>(rng() % 200)   // huge
                                      : 0x3fff + static_cast<unsigned>(rng() % 400) - 200;
        const Q frac = ((static_cast<Q>(rng()) << 64) | rng()) & ((static_cast<Q>(1) << 112) - 1);
        return sign | (static_cast<Q>(exp) << 112) | frac;
    };
    struct Op {
        unsigned xo;
        int kind;  // 0 add, 1 sub, 2 mul, 3 div
    };
    const Op ops[] = {{4, 0}, {516, 1}, {36, 2}, {548, 3}};
    int checked = 0;
    for (int iter = 0; iter < 4000; ++iter) {
        Fixture f;
        const unsigned rn = iter & 3;
        const bool odd = (iter & 4) != 0;
        f.cpu.fpscr = rn;
        const Q a = operand(), b = operand();
        f.cpu.vsr[33] = quad_vsr(a);
        f.cpu.vsr[34] = quad_vsr(b);
        for (const Op& op : ops) {
            f.exec(x_form63(op.xo, 0, 1, 2, odd));
            const Q got = (static_cast<Q>(f.cpu.vsr[32].dw[0]) << 64) | f.cpu.vsr[32].dw[1];
            std::fesetround(odd ? FE_TOWARDZERO : host_mode(rn));
            std::feclearexcept(FE_ALL_EXCEPT);
            volatile __float128 x = q_val(a), y = q_val(b), r;
            switch (op.kind) {
                case 0: r = x + y; break;
                case 1: r = x - y; break;
                case 2: r = x * y; break;
                default: r = x / y; break;
            }
            const bool inexact = std::fetestexcept(FE_INEXACT);
            std::fesetround(FE_TONEAREST);
            Q want = q_bits(r);
            // Round to odd: truncate, then force the last bit to 1 when inexact (an overflow
            // truncates to the largest finite number, which is odd already).
            if (odd && inexact) want |= 1;
            EXPECT_EQ(static_cast<uint64_t>(got >> 64), static_cast<uint64_t>(want >> 64))
                << "xo " << op.xo << " rn " << rn << " odd " << odd << " iter " << iter;
            EXPECT_EQ(static_cast<uint64_t>(got), static_cast<uint64_t>(want));
            EXPECT_EQ((f.cpu.fpscr & fs::kXX) != 0, inexact);
            f.cpu.fpscr = rn;
            ++checked;
        }
        // Fused multiply-add in round-to-nearest against libquadmath's fmaq. (Its sqrtq is not
        // correctly rounded, see QuadSquareRoot; xssqrtqp is checked against QEMU.)
        if (rn == 0 && !odd) {
            const Q c = operand();
            f.cpu.vsr[32] = quad_vsr(c);
            f.cpu.vsr[34] = quad_vsr(b);
            f.exec(x_form63(388, 0, 1, 2));  // xsmaddqp: v0 = v1*v2 + v0
            const Q got2 = (static_cast<Q>(f.cpu.vsr[32].dw[0]) << 64) | f.cpu.vsr[32].dw[1];
            EXPECT_EQ(got2, q_bits(fmaq(q_val(a), q_val(b), q_val(c)))) << iter;
            checked += 1;
        }
    }
    EXPECT_GT(checked, 16000);
}

// RO=1 selects round to odd for all four quad multiply-add forms (7.6.1 xsmaddqp ...
// xsnmsubqp: "rnd <- bfp_ROUND_TO_BFP128(RO, FPSCR.RN, v)"). QEMU 7.2 honours RO for three of
// them but rounds xsnmsubqpo with FPSCR[RN], as xsnmsubqp (difftest rule "QEMU 7.2: xsnmsubqpo
// rounds with FPSCR[RN]"). (1 + 2^-112)^2 = 1 + 2^-111 + 2^-224: to nearest the last fraction
// bits are ...10, to odd ...11.
TEST(VsxQuad, EveryMultiplyAddFormRoundsToOddWithRo) {
    const Q a = (Q(0x3fff) << 112) | 1;  // 1 + 2^-112
    for (unsigned xo : {388u, 420u, 452u, 484u}) {
        for (bool ro : {false, true}) {
            Fixture f;
            f.cpu.fpscr = 0;
            f.cpu.vsr[32] = VsrValue{{0, 0}};
            f.cpu.vsr[33] = f.cpu.vsr[34] = quad_vsr(a);
            f.exec(x_form63(xo, 0, 1, 2, ro));
            const bool negative = xo >= 452;
            EXPECT_EQ(f.cpu.vsr[32].dw[0], negative ? 0xbfff000000000000ull : 0x3fff000000000000ull) << xo;
            EXPECT_EQ(f.cpu.vsr[32].dw[1], ro ? 3u : 2u) << xo << " ro " << ro;
            EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
        }
    }
    // xsnmsubqpo in round toward +infinity: -(A*B - VRT) with VRT the largest finite number and
    // A*B a tiny negative value is just above the largest finite number; to odd that is the
    // largest finite number (odd already) with no overflow, where rounding toward +infinity
    // would overflow to +infinity (QEMU 7.2's answer).
    Fixture f;
    f.cpu.fpscr = 2;
    const Q nmax = (Q(0x7ffe) << 112) | ((Q(1) << 112) - 1), tiny = Q(1), neg_one = (Q(0xbfff) << 112);
    f.cpu.vsr[32] = quad_vsr(nmax);
    f.cpu.vsr[33] = quad_vsr(tiny);
    f.cpu.vsr[34] = quad_vsr(neg_one);
    f.exec(x_form63(484, 0, 1, 2, true));
    EXPECT_EQ(f.cpu.vsr[32].dw[0], static_cast<uint64_t>(nmax >> 64));
    EXPECT_EQ(f.cpu.vsr[32].dw[1], static_cast<uint64_t>(nmax));
    EXPECT_FALSE(f.cpu.fpscr & fs::kOX);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
}

// A square root libquadmath's sqrtq gets wrong by one ulp (it returns ...314): exact rational
// arithmetic shows x lies above the square of the midpoint between ...314 and ...315, so the
// correctly rounded root is ...315 (xssqrtqp, round to nearest).
TEST(VsxQuad, QuadSquareRoot) {
    Fixture f;
    const Q x = (static_cast<Q>(0x3f644a4f9169def1ull) << 64) | 0x0f078b9e474afed8ull;
    f.cpu.vsr[34] = quad_vsr(x);
    f.exec(x_form63(804, 0, 27, 2));
    const Q got = (static_cast<Q>(f.cpu.vsr[32].dw[0]) << 64) | f.cpu.vsr[32].dw[1];
    unsigned __int128 expect = 0;
    const char* digits = "84663548939366878186088970200683050315";
    for (const char* p = digits; *p; ++p) expect = expect * 10 + static_cast<unsigned>(*p - '0');
    EXPECT_EQ(got, expect);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
}

// xscvqpdp rounds once from the quad value; xscvdpqp is exact.
TEST(VsxQuad, ConversionsWithDouble) {
    std::mt19937_64 rng(5);
    for (int iter = 0; iter < 2000; ++iter) {
        Fixture f;
        const unsigned rn = iter & 3;
        f.cpu.fpscr = rn;
        const Q q = (static_cast<Q>(rng() & 1) << 127) |
                    (static_cast<Q>(0x3fff + static_cast<int>(rng() % 2200) - 1100) << 112) |
                    ((((static_cast<Q>(rng()) << 64) | rng())) & ((static_cast<Q>(1) << 112) - 1));
        f.cpu.vsr[34] = quad_vsr(q);
        f.exec(x_form63(836, 0, 20, 2));  // xscvqpdp
        std::fesetround(host_mode(rn));
        volatile double d = static_cast<double>(q_val(q));
        std::fesetround(FE_TONEAREST);
        EXPECT_EQ(f.cpu.vsr[32].dw[0], bits_of(d)) << iter;
        EXPECT_EQ(f.cpu.vsr[32].dw[1], 0u);
        f.cpu.vsr[34] = VsrValue{{bits_of(d), 0}};
        f.exec(x_form63(836, 0, 22, 2));  // xscvdpqp
        const Q back = (static_cast<Q>(f.cpu.vsr[32].dw[0]) << 64) | f.cpu.vsr[32].dw[1];
        EXPECT_EQ(back, q_bits(static_cast<__float128>(d)));
    }
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// MMA: the whole 4x4 outer product (QEMU comparisons observe row 0 only), and an enabled
// exception leaving the accumulator unchanged.
TEST(VsxMma, Float32OuterProductAllRows) {
    Fixture f;
    auto sp = [](float x) {
        uint32_t u;
        std::memcpy(&u, &x, 4);
        return u;
    };
    auto pack = [](uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
        return VsrValue{{static_cast<uint64_t>(a) << 32 | b, static_cast<uint64_t>(c) << 32 | d}};
    };
    f.cpu.vsr[40] = pack(sp(1), sp(2), sp(3), sp(4));        // XA
    f.cpu.vsr[41] = pack(sp(10), sp(20), sp(30), sp(40));    // XB
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = pack(sp(1), sp(1), sp(1), sp(1));  // ACC 1
    // xvf32gerpp a1,vs40,vs41: ACC[i][j] += XA[i] * XB[j].
    const uint32_t gerpp = 59u << 26 | 1u << 23 | (40 & 31) << 16 | (41 & 31) << 11 | 26u << 3 | 1u << 2 | 1u << 1;
    f.exec(gerpp);
    for (unsigned i = 0; i < 4; ++i)
        for (unsigned j = 0; j < 4; ++j) {
            const uint32_t got = static_cast<uint32_t>(f.cpu.vsr[4 + i].dw[j / 2] >> ((j & 1) ? 0 : 32));
            EXPECT_EQ(got, sp(1.0f + (i + 1) * 10.0f * (j + 1))) << i << "," << j;
        }
    // An SNaN in XB with VE=1: VXSNAN, accumulator unchanged.
    const VsrValue before = f.cpu.vsr[5];
    f.cpu.vsr[41] = pack(0x7f800001, sp(1), sp(1), sp(1));
    f.cpu.fpscr = fs::kVE;
    f.exec(gerpp);
    EXPECT_EQ(f.cpu.vsr[5].dw[0], before.dw[0]);
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXSNAN);
    // xxsetaccz a1 zeroes VSR 4-7.
    f.exec(31u << 26 | 1u << 23 | 3u << 16 | 177u << 1);
    for (unsigned r = 4; r < 8; ++r) EXPECT_EQ(f.cpu.vsr[r].dw[0] | f.cpu.vsr[r].dw[1], 0u);
}

// xxeval with the truth tables of AND (0x01), OR (0x7f) and XOR-of-three (0x69: rows 1, 2, 4, 7); xvtlsbb.
TEST(VsxPermute, EvalAndTestLsb) {
    Fixture f;
    f.cpu.vsr[1] = VsrValue{{0xff00ff00ff00ff00ull, 0x0f0f0f0f0f0f0f0full}};
    f.cpu.vsr[2] = VsrValue{{0xf0f0f0f0f0f0f0f0ull, 0x3333333333333333ull}};
    f.cpu.vsr[3] = VsrValue{{0xccccccccccccccccull, 0x5555555555555555ull}};
    const uint32_t suffix = 34u << 26 | 0u << 21 | 1u << 16 | 2u << 11 | 3u << 6 | 1u << 4;
    auto eval = [&](unsigned imm) {
        f.exec(suffix, 0x05000000u | imm);
        return f.cpu.vsr[0];
    };
    const VsrValue a = f.cpu.vsr[1], b = f.cpu.vsr[2], c = f.cpu.vsr[3];
    for (unsigned d = 0; d < 2; ++d) {
        EXPECT_EQ(eval(0x01).dw[d], a.dw[d] & b.dw[d] & c.dw[d]);
        EXPECT_EQ(eval(0x7f).dw[d], a.dw[d] | b.dw[d] | c.dw[d]);
        EXPECT_EQ(eval(0x69).dw[d], a.dw[d] ^ b.dw[d] ^ c.dw[d]);
    }
    const uint32_t xvtlsbb = 60u << 26 | 2u << 23 | 2u << 16 | 4u << 11 | 475u << 2;
    f.cpu.vsr[4] = VsrValue{{0x0101010101010101ull, 0xffffffffffffffffull}};
    f.exec(xvtlsbb);
    EXPECT_EQ(f.cpu.cr_field(2), 0x8u);
    f.cpu.vsr[4] = VsrValue{{0x0202020202020202ull, 0}};
    f.exec(xvtlsbb);
    EXPECT_EQ(f.cpu.cr_field(2), 0x2u);
    f.cpu.vsr[4] = VsrValue{{1, 0}};
    f.exec(xvtlsbb);
    EXPECT_EQ(f.cpu.cr_field(2), 0x0u);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// xvcvspbf16 (Book I 7.6.1, bfloat16 has 7 fraction bits): a quiet NaN keeps the 7 high bits
// of its fraction, a signalling NaN is quieted first (VXSNAN); finite values round to nearest
// even. Before the fix, NaN results kept only 3 fraction bits (0x7fffffff gave 0x7ff0).
TEST(VsxConvert, SingleToBfloat16KeepsSevenFractionBitsOfANan) {
    using sem::vsx::set_word;
    using sem::vsx::word_of;
    struct Case {
        uint32_t in;
        uint16_t out;
        bool vxsnan;
    };
    const Case cases[] = {
        {0x7fffffffu, 0x7fff, false}, {0xfff40000u, 0xfff4, false}, {0x7f800001u, 0x7fc0, true},
        {0xff8a0000u, 0xffca, true},  {0x3f800000u, 0x3f80, false}, {0x3f808000u, 0x3f80, false},
        {0x3f818000u, 0x3f82, false}, {0xff800000u, 0xff80, false},
    };
    // xvcvspbf16 XT=28 XB=24: 60 | T | 17 | B | 475 | BX | TX.
    const uint32_t word = 60u << 26 | 28u << 21 | 17u << 16 | 24u << 11 | 475u << 2;
    for (const Case& c : cases) {
        Fixture f;
        f.cpu.fpscr = 0;
        VsrValue b{};
        for (unsigned i = 0; i < 4; ++i) set_word(b, i, i == 2 ? c.in : 0x40000000u);
        f.cpu.vsr[24] = b;
        f.exec(word);
        EXPECT_EQ(word_of(f.cpu.vsr[28], 2), c.out) << std::hex << c.in;
        EXPECT_EQ(word_of(f.cpu.vsr[28], 0), 0x4000u);
        EXPECT_EQ((f.cpu.fpscr & fs::kVXSNAN) != 0, c.vxsnan) << std::hex << c.in;
    }
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// xvi16ger2s (Book I 8.4): each element is the sum of two 16x16-bit signed products, clamped
// to 32 bits; a clamped element sets VSCR[SAT]. (-2^15)^2 * 2 = 2^31 clamps to 2^31 - 1.
TEST(VsxMma, SaturatingIntegerGerSetsVscrSat) {
    using sem::vsx::word_of;
    // xvi16ger2s AT=0, XA=32, XB=33: 59 | AT | XA | XB | 0b00101011 | AX BX.
    const uint32_t word = 59u << 26 | 0u << 16 | 1u << 11 | 0x2bu << 3 | 1u << 2 | 1u << 1;
    for (bool clamp : {true, false}) {
        Fixture f;
        f.cpu.vscr = 0x00010000;  // NJ only
        const uint64_t v = clamp ? 0x8000800080008000ull : 0x0001000100010001ull;
        f.cpu.vsr[32] = VsrValue{{v, v}};
        f.cpu.vsr[33] = VsrValue{{v, v}};
        f.exec(word);
        for (unsigned i = 0; i < 4; ++i)
            for (unsigned j = 0; j < 4; ++j)
                EXPECT_EQ(word_of(f.cpu.vsr[i], j), clamp ? 0x7fffffffu : 2u) << i << j;
        EXPECT_EQ(f.cpu.vscr, clamp ? 0x00010001u : 0x00010000u);
    }
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// Conversion to half precision with UE=1 (Book I 4.4.4, 7.4.4): a value below 2^-14 is an
// Underflow exception even when the half result is exact (2^-24, the smallest half
// denormal); with UE=0 only a tiny and inexact result is. QEMU 7.2 agrees (it traps).
TEST(VsxConvert, HalfUnderflowWithUeIsRaisedOnTinyExactValues) {
    const uint32_t xscvdphp = 0xf071256cu;  // xscvdphp vs3,vs4
    for (bool ue : {true, false}) {
        Fixture f;
        f.cpu.fpscr = ue ? fs::kUE : 0;
        f.cpu.vsr[4] = VsrValue{{0x3e70000000000000ull, 0}};  // 2^-24
        f.exec(xscvdphp);
        EXPECT_EQ(f.cpu.vsr[3].dw[0], 0x0001u) << ue;
        EXPECT_EQ((f.cpu.fpscr & fs::kUX) != 0, ue);
        EXPECT_EQ((f.cpu.fpscr & fs::kXX) != 0, false);
    }
    // Inexact and tiny: UX with either UE.
    Fixture f;
    f.cpu.vsr[4] = VsrValue{{0x3e60000000000000ull, 0}};  // 2^-25: rounds to 0 (nearest even)
    f.exec(xscvdphp);
    EXPECT_EQ(f.cpu.vsr[3].dw[0], 0u);
    EXPECT_NE(f.cpu.fpscr & fs::kUX, 0u);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// xsmaxcdp (7.6.1): result <- bfp_COMPARE_GT(src1, src2) ? src1 : src2, so max(-0, +0) is
// +0 (XB) and max(+0, -0) is -0 (XB). QEMU 7.2 returns XA for equal operands.
TEST(VsxMaxMin, TypeCMaximumOfZerosIsTheSecondOperand) {
    const uint32_t xsmaxcdp = 0xf0642c00u;  // xsmaxcdp vs3,vs4,vs5
    for (bool neg_first : {true, false}) {
        Fixture f;
        const uint64_t a = neg_first ? 0x8000000000000000ull : 0, b = neg_first ? 0 : 0x8000000000000000ull;
        f.cpu.vsr[4] = VsrValue{{a, 0}};
        f.cpu.vsr[5] = VsrValue{{b, 0}};
        f.exec(xsmaxcdp);
        EXPECT_EQ(f.cpu.vsr[3].dw[0], b) << neg_first;
    }
}

// xsrsp with UE=1 (7.4.4): a tiny result is delivered exponent-adjusted (x 2^192) with UX set;
// 2^-149 (the smallest single denormal, exact) becomes 2^43. QEMU 7.2 traps without writing
// XT.
TEST(VsxConvert, RoundToSingleWithUnderflowEnabledWritesTheAdjustedResult) {
    Fixture f;
    f.cpu.fpscr = fs::kUE;
    f.cpu.vsr[4] = VsrValue{{0x36a0000000000000ull, 0}};  // 2^-149
    f.exec(0xf0602464u);                                  // xsrsp vs3,vs4
    EXPECT_EQ(f.cpu.vsr[3].dw[0], 0x42a0000000000000ull);   // 2^43
    EXPECT_NE(f.cpu.fpscr & fs::kUX, 0u);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// xsmaxjdp (7.6.1): a NaN XA is the result, and VXSNAN is set when either operand is a
// signalling NaN (programming note: "VXSNAN is set to 1 if either operand is an SNaN").
// QEMU 7.2 does not look at XB once XA is a NaN.
TEST(VsxMaxMin, TypeJSetsVxsnanForASignallingXb) {
    Fixture f;
    f.cpu.fpscr = 0;
    f.cpu.vsr[4] = VsrValue{{0x7ff8000000000000ull, 0}};  // QNaN
    f.cpu.vsr[5] = VsrValue{{0x7ff0000000000001ull, 0}};  // SNaN
    f.exec(0xf0642c80u);                                  // xsmaxjdp vs3,vs4,vs5
    EXPECT_EQ(f.cpu.vsr[3].dw[0], 0x7ff8000000000000ull);
    EXPECT_NE(f.cpu.fpscr & fs::kVXSNAN, 0u);
}

}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// ---- MMA rank-2 16-bit float GERs (ISA 3.1 Book I 8, pseudocode of pmxvf16ger2* and
// pmxvbf16ger2*). Expected values computed by hand from the pseudocode. ----
using sem::vsx::word_of;
// XX3 MMA word: 59 | AT | XA (A, AX) | XB (B, BX) | XO (8 bits).
uint32_t mma_word(unsigned xo, unsigned at, unsigned xa, unsigned xb) {
    return 59u << 26 | at << 23 | (xa & 31) << 16 | (xb & 31) << 11 | xo << 3 | (xa >> 5) << 2 | (xb >> 5) << 1;
}
// MMIRR prefix: PMSK (prefix bits 16:17), XMSK (24:27), YMSK (28:31).
uint32_t mmirr(unsigned pmsk, unsigned xmsk, unsigned ymsk) { return 0x07900000u | pmsk << 14 | xmsk << 4 | ymsk; }
// Halfwords h[0..7] of a VSR (h[2i] and h[2i+1] form word i).
VsrValue halves(std::initializer_list<uint16_t> h) {
    VsrValue v{{0, 0}};
    unsigned k = 0;
    for (uint16_t x : h) {
        v.dw[k / 4] |= uint64_t{x} << (48 - 16 * (k % 4));
        ++k;
    }
    return v;
}
VsrValue words(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    return VsrValue{{uint64_t{a} << 32 | b, uint64_t{c} << 32 | d}};
}
constexpr unsigned kF16Ger = 0x13, kF16GerPP = 0x12, kBf16Ger = 0x33, kBf16GerPP = 0x32, kBf16GerPN = 0xb2,
                   kF16GerNP = 0x52;

// xvf16ger2 a1,vs40,vs41: ACC[i][j] = XA(i,0)*XB(j,0) + XA(i,1)*XB(j,1), IEEE half inputs.
TEST(VsxMma, HalfGerRank2Values) {
    Fixture f;
    // XA words: (1, 2), (SNaN 0x7d01, 1), (+inf, 0), (2^-24, 2^-24)
    // XB words: (3, 0.5), (1, 1), (0, 1), (1, 2^-24)
    f.cpu.vsr[40] = halves({0x3c00, 0x4000, 0x7d01, 0x3c00, 0x7c00, 0x0000, 0x0001, 0x0001});
    f.cpu.vsr[41] = halves({0x4200, 0x3800, 0x3c00, 0x3c00, 0x0000, 0x3c00, 0x3c00, 0x0001});
    f.cpu.fpscr = 0;
    f.exec(mma_word(kF16Ger, 1, 40, 41));
    EXPECT_EQ(word_of(f.cpu.vsr[4], 0), 0x40800000u);  // 1*3 + 2*0.5 = 4
    EXPECT_EQ(word_of(f.cpu.vsr[4], 2), 0x40000000u);  // 1*0 + 2*1 = 2
    // SNaN: quieted, payload kept (half fraction 0x101 | quiet 0x200 = 0x301, << 13 in single).
    EXPECT_EQ(word_of(f.cpu.vsr[5], 0), 0x7fe02000u);
    EXPECT_EQ(word_of(f.cpu.vsr[6], 0), 0x7f800000u);  // inf*3 + 0*0.5
    EXPECT_EQ(word_of(f.cpu.vsr[6], 2), 0x7fc00000u);  // inf*0: VXIMZ, default QNaN
    // 2^-24*1 + 2^-24*2^-24 = 2^-24 + 2^-48 rounded once to single: a tie -> even: 2^-24.
    EXPECT_EQ(word_of(f.cpu.vsr[7], 3), 0x33800000u);
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXSNAN);
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXIMZ);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
    EXPECT_FALSE(f.cpu.fpscr & (fs::kOX | fs::kUX | fs::kVXISI));
    // FR, FI and FPRF are not altered by the MMA instructions.
    EXPECT_EQ(f.cpu.fpscr & (fs::kFR | fs::kFI | fs::kFPRF), 0u);
}

// The accumulating 16-bit forms round twice: r1 = round(product sum), then round(r1 + ACC).
// 2^-24 + 2^-48 rounds to r1 = 2^-24 (tie, even); 1 + 2^-24 is again a tie -> 1.0. One
// rounding of 1 + 2^-24 + 2^-48 would give 1 + 2^-23 (0x3f800001). Same for bfloat16 (0x3380
// is 2^-24). np: -r1 + ACC = 1 - 2^-24 exactly representable (0x3f7fffff).
TEST(VsxMma, SixteenBitGerAccumulatesTheRoundedSum) {
    for (unsigned xo : {kF16GerPP, kBf16GerPP, kF16GerNP}) {
        Fixture f;
        const bool bf = xo == kBf16GerPP;
        const uint16_t tiny = bf ? 0x3380 : 0x0001, one = bf ? 0x3f80 : 0x3c00;
        f.cpu.vsr[40] = halves({tiny, tiny, tiny, tiny, tiny, tiny, tiny, tiny});
        f.cpu.vsr[41] = halves({one, tiny, one, tiny, one, tiny, one, tiny});
        for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);
        f.cpu.fpscr = 0;
        f.exec(mma_word(xo, 1, 40, 41));
        const uint32_t want = xo == kF16GerNP ? 0x3f7fffffu : 0x3f800000u;
        for (unsigned i = 0; i < 4; ++i)
            for (unsigned j = 0; j < 4; ++j) EXPECT_EQ(word_of(f.cpu.vsr[4 + i], j), want) << xo << i << j;
        EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
    }
}

// xvbf16ger2pp/pn keep the product sum's exponent unbounded until the accumulation:
// 2^127 * 2 = 2^128 (beyond single range) plus ACC -2^127 is exactly 2^127 (0x7f000000):
// no overflow. With ACC = -inf the sum is -inf: no VXISI, no OX. xvbf16ger2 (no ACC) rounds
// 2^128 to the single range: +inf with OX and XX. QEMU 7.2 rounds 2^128 to +inf first.
TEST(VsxMma, Bfloat16GerKeepsTheSumExponentUnbounded) {
    Fixture f;
    f.cpu.vsr[40] = halves({0x7f00, 0, 0x7f00, 0, 0x7f00, 0, 0x7f00, 0});  // (2^127, 0)
    f.cpu.vsr[41] = halves({0x4000, 0, 0x4000, 0, 0x4000, 0, 0x4000, 0});  // (2, 0)
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0xff000000, 0xff800000, 0xff000000, 0xff800000);
    f.cpu.fpscr = 0;
    f.exec(mma_word(kBf16GerPP, 1, 40, 41));
    for (unsigned i = 0; i < 4; ++i) {
        EXPECT_EQ(word_of(f.cpu.vsr[4 + i], 0), 0x7f000000u);
        EXPECT_EQ(word_of(f.cpu.vsr[4 + i], 1), 0xff800000u);
    }
    EXPECT_EQ(f.cpu.fpscr & (fs::kOX | fs::kUX | fs::kXX | fs::kVXISI | fs::kFX), 0u);
    // pn: 2^128 - (+2^127... ACC = 0x7f000000 -> 2^128 - 2^127 = 2^127.
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0x7f000000, 0x7f000000, 0x7f000000, 0x7f000000);
    f.exec(mma_word(kBf16GerPN, 1, 40, 41));
    EXPECT_EQ(word_of(f.cpu.vsr[5], 2), 0x7f000000u);
    EXPECT_EQ(f.cpu.fpscr & fs::kOX, 0u);
    f.exec(mma_word(kBf16Ger, 1, 40, 41));
    EXPECT_EQ(word_of(f.cpu.vsr[6], 3), 0x7f800000u);
    EXPECT_TRUE(f.cpu.fpscr & fs::kOX);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
}

// VXSNAN comes from the operands of this instruction only (Book I 8 pseudocode). QEMU 7.2
// reports an earlier ger's VXSNAN again on a later ger without any SNaN (difftest rule "QEMU
// 7.2: MMA ger repeats an earlier instruction's VXSNAN"); checked there with xvf32gerpp of
// SNaNs, then mtfsfi clearing VXSNAN, then this xvbf16ger2pp. Element (3,3) is
// -4.2e-18 * 2^-133 + 0: tiny and negative, rounded toward +infinity to -0 (UX, XX).
TEST(VsxMma, NoVxsnanWithoutASignallingOperand) {
    Fixture f;
    f.cpu.vsr[42] = words(0x7f800001, 0x7f800001, 0x7f800001, 0x7f800001);
    f.cpu.vsr[43] = f.cpu.vsr[42];
    f.cpu.fpscr = 0;
    f.exec(mma_word(26, 2, 42, 43));  // xvf32gerpp a2,vs42,vs43
    EXPECT_TRUE(f.cpu.fpscr & fs::kVXSNAN);
    f.cpu.fpscr = 2;  // VXSNAN cleared, round toward +infinity
    f.cpu.vsr[40] = halves({0xd88a, 0x1480, 0x477f, 0xe000, 0x4852, 0x37e0, 0x42c2, 0xa29a});
    f.cpu.vsr[41] = halves({0x0001, 0, 0, 0, 0, 0, 0, 0x0001});
    f.cpu.vsr[4] = words(0x1fe25299, 0x1fe25299, 0x1fe25299, 0x1fe25299);
    f.cpu.vsr[5] = words(0x0000ffff, 0xffffffff, 0x823c30b6, 0xbdb3b83e);  // a QNaN, no SNaN
    f.cpu.vsr[6] = words(0xfff40000, 0x00c0ffee, 0x7ff00000, 0x00000001);  // two QNaNs
    f.cpu.vsr[7] = words(0x3ff00000, 0x10000000, 0x00100000, 0x00000000);
    f.exec(mma_word(kBf16GerPP, 1, 40, 41));
    EXPECT_EQ(f.cpu.fpscr & (fs::kVXSNAN | fs::kVX), 0u);
    EXPECT_EQ(f.cpu.fpscr & (fs::kUX | fs::kXX | fs::kFX), fs::kUX | fs::kXX | fs::kFX);
    EXPECT_EQ(word_of(f.cpu.vsr[7], 3), 0x80000000u);
    EXPECT_EQ(word_of(f.cpu.vsr[6], 3), 0x00000003u);  // QEMU and ppcvm agree on the others
}

// One ger whose elements both overflow and underflow sets OX and UX (Book I 7.4.3, 7.4.4,
// each element's exceptions count); with UE=1 the underflow is an enabled exception. QEMU 7.2
// reports only the overflow (difftest rules "QEMU 7.2: vector overflow hides a simultaneous
// underflow", and its "(UE=1: no trap)" outcome side, for xv* and pmxv* alike).
TEST(VsxMma, OverflowAndUnderflowInOneGerSetBoth) {
    Fixture f;
    // (0,0) = 2^125 * 2^125 overflows; (1,1) = 2^-64 (1 + 2^-23) * 2^-64 is tiny and inexact.
    f.cpu.vsr[12] = words(0x7e000000, 0x1f800001, 0x3f800000, 0x3f800000);
    f.cpu.vsr[13] = words(0x7e000000, 0x1f800000, 0x3f800000, 0x3f800000);
    f.cpu.fpscr = 0;
    f.exec(mma_word(27, 2, 12, 13));  // xvf32ger a2,vs12,vs13
    EXPECT_EQ(word_of(f.cpu.vsr[8], 0), 0x7f800000u);  // 2^250: +infinity (RN)
    EXPECT_EQ(word_of(f.cpu.vsr[9], 1), 0x00200000u);  // 2^-128, denormal
    EXPECT_TRUE(f.cpu.fpscr & fs::kOX);
    EXPECT_TRUE(f.cpu.fpscr & fs::kUX);
}

// pmxvf16ger2pp with XMSK=0b1000, YMSK=0b0100, PMSK=0b10: only element (0,1) is computed, and
// from product 0 only (product 1 uses +0 operands, so its SNaN raises nothing); every other
// element is set to 0, the accumulating form included.
TEST(VsxMma, PrefixedHalfGerMasks) {
    Fixture f;
    f.cpu.vsr[40] = halves({0x4000, 0x7d00, 0x4000, 0x7d00, 0x4000, 0x7d00, 0x4000, 0x7d00});  // (2, SNaN)
    f.cpu.vsr[41] = halves({0x4200, 0x7d00, 0x4200, 0x7d00, 0x4200, 0x7d00, 0x4200, 0x7d00});  // (3, SNaN)
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);
    f.cpu.fpscr = 0;
    f.exec(mma_word(kF16GerPP, 1, 40, 41), mmirr(0b10, 0b1000, 0b0100));
    for (unsigned i = 0; i < 4; ++i)
        for (unsigned j = 0; j < 4; ++j)
            EXPECT_EQ(word_of(f.cpu.vsr[4 + i], j), i == 0 && j == 1 ? 0x40e00000u /* 2*3 + 1 */ : 0u) << i << j;
    EXPECT_EQ(f.cpu.fpscr & (fs::kVXSNAN | fs::kFX), 0u);
}

// xvf32gernp in round toward +infinity: r = round(XA*XB - ACC) = round_up(1 + 2^-23 - 2^-30)
// = 1 + 2^-23, negated: -(1 + 2^-23) = 0xbf800001 (rounding the negated value would give -1).
// xvf32gernn with XA*XB + ACC = 1 - 1 = +0 (RN=0b00) gives -0.
TEST(VsxMma, NegatedGerRoundsThenNegates) {
    Fixture f;
    f.cpu.vsr[40] = words(0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);  // 1
    f.cpu.vsr[41] = words(0x3f800001, 0x3f800001, 0x3f800001, 0x3f800001);  // 1 + 2^-23
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0x30800000, 0x30800000, 0x30800000, 0x30800000);  // 2^-30
    f.cpu.fpscr = 2;  // RN = toward +infinity
    f.exec(mma_word(0x5a, 1, 40, 41));  // xvf32gernp
    EXPECT_EQ(word_of(f.cpu.vsr[4], 0), 0xbf800001u);
    EXPECT_TRUE(f.cpu.fpscr & fs::kXX);
    f.cpu.vsr[41] = words(0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);
    for (unsigned r = 4; r < 8; ++r) f.cpu.vsr[r] = words(0xbf800000, 0xbf800000, 0xbf800000, 0xbf800000);
    f.cpu.fpscr = 0;
    f.exec(mma_word(0xda, 1, 40, 41));  // xvf32gernn
    EXPECT_EQ(word_of(f.cpu.vsr[7], 3), 0x80000000u);
}
}  // namespace
}  // namespace ppcvm

namespace ppcvm {
namespace {

// Reciprocal and reciprocal square root estimates (fre[s], frsqrte[s] 4.6.6; xsredp, xsresp,
// xsrsqrtedp, xsrsqrtesp, xvredp, xvresp, xvrsqrtedp, xvrsqrtesp 7.6.1; vrefp, vrsqrtefp
// 6.10.2). The ISA fixes only an accuracy bound (one part in 16384 for the FP and VSX
// estimates, one part in 4096 for VMX); ppcvm returns the correctly rounded value (or 1 over
// the rounded square root), so every result here must be within 2^-14 of the exact value.
// Special cases from the instruction descriptions: +-0 -> +-infinity with ZX, +-infinity ->
// +-0, SNaN -> quieted with VXSNAN, QNaN propagated; rsqrt of a negative nonzero value or -inf
// -> default QNaN with VXSQRT; a denormal's reciprocal beyond the format's range -> infinity
// with OX (and XX).
TEST(Estimates, AccuracyBoundAndSpecialCases) {
    enum Kind { Recip, Rsqrt };
    struct Op {
        const char* name;
        uint32_t word;  // target 1, source 2
        Kind kind;
        bool single;
    };
    const Op ops[] = {
        {"fre", 0xfc201030u, Recip, false},        {"fres", 0xec201030u, Recip, true},
        {"frsqrte", 0xfc201034u, Rsqrt, false},    {"frsqrtes", 0xec201034u, Rsqrt, true},
        {"xsredp", 0xf0201168u, Recip, false},     {"xsrsqrtedp", 0xf0201128u, Rsqrt, false},
        {"xsresp", 0xf0201068u, Recip, true},      {"xsrsqrtesp", 0xf0201028u, Rsqrt, true},
    };
    auto dbl = [](uint64_t u) {
        double d;
        std::memcpy(&d, &u, 8);
        return d;
    };
    std::mt19937_64 rng(77);
    for (const Op& op : ops) {
        // Accuracy on random positive operands of every exponent that keeps the result finite.
        for (int iter = 0; iter < 3000; ++iter) {
            Fixture f;
            f.cpu.fpscr = 0;
            const int e = op.single ? static_cast<int>(rng() % 240) - 120 : static_cast<int>(rng() % 2000) - 1000;
            const uint64_t x = (static_cast<uint64_t>(1023 + e) << 52) | (rng() & 0x000fffffffffffffull);
            f.cpu.vsr[2] = VsrValue{{x, 0}};
            f.exec(op.word);
            const long double xv = dbl(x);
            const long double exact = op.kind == Recip ? 1.0L / xv : 1.0L / std::sqrt(xv);
            const long double got = dbl(f.cpu.vsr[1].dw[0]);
            EXPECT_LE(std::fabs((got - exact) / exact), 0x1p-14L) << op.name << " " << std::hex << x;
        }
        struct Special {
            uint64_t in;
            uint64_t out;
            uint64_t flags;  // exception bits expected (among VXSNAN, VXSQRT, ZX, OX)
        };
        const bool r = op.kind == Recip;
        const uint64_t qnan = 0x7ff8000000000000ull;
        const Special specials[] = {
            {0x0000000000000000ull, 0x7ff0000000000000ull, fs::kZX},
            {0x8000000000000000ull, 0xfff0000000000000ull, fs::kZX},
            {0x7ff0000000000000ull, 0, 0},
            {0xfff0000000000000ull, r ? 0x8000000000000000ull : qnan, r ? 0 : fs::kVXSQRT},
            {0x7ff4000000000000ull, 0x7ffc000000000000ull, fs::kVXSNAN},
            {0x7ff8000000000123ull, op.single ? 0x7ff8000000000000ull : 0x7ff8000000000123ull, 0},
            {0xc000000000000000ull, r ? 0xbfe0000000000000ull : qnan, r ? 0 : fs::kVXSQRT},
            // smallest double denormal 2^-1074: 1/x = 2^1074 overflows (rsqrt: 2^537 does not
            // overflow double; single forms: both overflow the single range).
            {0x0000000000000001ull, r || op.single ? 0x7ff0000000000000ull : 0x6180000000000000ull,
             r || op.single ? fs::kOX : 0},
        };
        for (const Special& s : specials) {
            Fixture f;
            f.cpu.fpscr = 0;
            f.cpu.vsr[2] = VsrValue{{s.in, 0}};
            f.exec(op.word);
            EXPECT_EQ(f.cpu.vsr[1].dw[0], s.out) << op.name << " " << std::hex << s.in;
            EXPECT_EQ(f.cpu.fpscr & (fs::kVXSNAN | fs::kVXSQRT | fs::kZX | fs::kOX), s.flags)
                << op.name << " " << std::hex << s.in;
        }
    }
    // VMX: vrefp/vrsqrtefp (no FPSCR), bound one part in 4096, on operands whose results are
    // normal (NJ=1 flushes denormal results); 0 -> +inf, -1 -> NaN for rsqrt.
    for (int iter = 0; iter < 2000; ++iter) {
        Fixture f;
        uint32_t w[4];
        for (auto& x : w) x = (static_cast<uint32_t>(2 + rng() % 250) << 23) | (rng() & 0x7fffff);
        f.cpu.vsr[34] = words(w[0], w[1], w[2], w[3]);
        for (uint32_t word : {0x1020110au, 0x1020114au}) {  // vrefp v1,v2 / vrsqrtefp v1,v2
            f.exec(word);
            for (unsigned k = 0; k < 4; ++k) {
                float in, out;
                const uint32_t o = word_of(f.cpu.vsr[33], k);
                std::memcpy(&in, &w[k], 4);
                std::memcpy(&out, &o, 4);
                const long double exact = word == 0x1020110au ? 1.0L / in : 1.0L / std::sqrt(static_cast<long double>(in));
                EXPECT_LE(std::fabs((out - exact) / exact), 0x1p-12L) << std::hex << w[k];
            }
        }
    }
    Fixture f;
    f.cpu.vsr[34] = words(0x00000000, 0xbf800000, 0x7f800000, 0x80000000);
    f.exec(0x1020110au);  // vrefp
    EXPECT_EQ(word_of(f.cpu.vsr[33], 0), 0x7f800000u);
    EXPECT_EQ(word_of(f.cpu.vsr[33], 1), 0xbf800000u);
    EXPECT_EQ(word_of(f.cpu.vsr[33], 2), 0x00000000u);
    EXPECT_EQ(word_of(f.cpu.vsr[33], 3), 0xff800000u);
    f.exec(0x1020114au);  // vrsqrtefp v1,v2
    EXPECT_EQ(word_of(f.cpu.vsr[33], 0), 0x7f800000u);
    EXPECT_EQ(word_of(f.cpu.vsr[33], 1) & 0x7fc00000u, 0x7fc00000u);  // NaN
}

}  // namespace
}  // namespace ppcvm

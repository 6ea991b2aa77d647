// Scalar floating point (Power ISA 3.1 Book I chapter 4): the ISA's rules checked case by case,
// and the arithmetic checked against independent references: the host's correctly rounded
// fma()/division under fesetround (double results), and __float128 with round-to-odd (single
// results, which must be rounded once from the exact value).
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstring>
#include <random>

#include "core/cpu.hpp"
#include "core/cpu_state.hpp"
#include "core/fpscr.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/semantics/floating_point_math.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm {
namespace {

namespace fs = fpscr;

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

// Instruction encodings (Book I 1.6).
uint32_t a_form(unsigned op, unsigned xo, unsigned t, unsigned a, unsigned b, unsigned c,
                bool rc = false) {
    return op << 26 | t << 21 | a << 16 | b << 11 | c << 6 | xo << 1 | rc;
}
uint32_t x_form(unsigned op, unsigned xo, unsigned t, unsigned a, unsigned b, bool rc = false) {
    return op << 26 | t << 21 | a << 16 | b << 11 | xo << 1 | rc;
}
uint32_t d_form(unsigned op, unsigned t, unsigned a, int16_t d) {
    return op << 26 | t << 21 | a << 16 | static_cast<uint16_t>(d);
}
// A-form opcodes: 63 double, 59 single.
constexpr unsigned kFdiv = 18, kFsub = 20, kFadd = 21, kFsqrt = 22, kFsel = 23, kFre = 24,
                   kFmul = 25, kFmsub = 28, kFmadd = 29, kFnmsub = 30, kFnmadd = 31;

struct Fixture {
    CpuState cpu;
    GuestMemory memory{1 << 20};
    Fixture() {
        cpu.memory = &memory;
        cpu.msr = msr::kFP | msr::kSF | msr::kLE;
    }
    isa::ExecStatus exec(uint32_t word) {
        const isa::InsnDesc* d = isa::Decoder::instance().decode(word, 0);
        EXPECT_NE(d, nullptr) << std::hex << word;
        if (!d) return isa::ExecStatus::Stop;
        cpu.cia = 0x1000;
        cpu.nia = 0x1004;
        return d->handler(cpu, isa::Insn{word, 0});
    }
    isa::ExecStatus exec_prefixed(uint32_t prefix, uint32_t suffix) {
        const isa::InsnDesc* d = isa::Decoder::instance().decode(prefix, suffix);
        EXPECT_NE(d, nullptr) << std::hex << prefix << " " << suffix;
        if (!d) return isa::ExecStatus::Stop;
        cpu.cia = 0x1000;
        cpu.nia = 0x1008;
        return d->handler(cpu, isa::Insn{suffix, prefix});
    }
    uint64_t& fpr(unsigned n) { return cpu.vsr[n].dw[0]; }
    unsigned fprf() const { return static_cast<unsigned>((cpu.fpscr & fs::kFPRF) >> fs::kFprfShift); }
};

// ---- references ----

int host_mode(unsigned rn) {
    static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    return modes[rn];
}

// a*c + b rounded once to double or single in mode rn, via __float128: the product is exact in
// 113 bits; the sum is computed toward zero with the inexact flag folded into the last bit
// ("round to odd"), which makes the final rounding to 53 or 24 bits exact.
struct FmaReference {
    uint64_t bits;
    bool inexact;
    bool increased;  // |rounded| > |exact|: FPSCR[FR]
};
FmaReference reference_fma(uint64_t a, uint64_t c, uint64_t b, bool single, unsigned rn) {
    volatile __float128 qa = double_of(a), qc = double_of(c), qb = double_of(b);
    std::fesetround(FE_TOWARDZERO);
    std::feclearexcept(FE_ALL_EXCEPT);
    volatile __float128 p = qa * qc;
    volatile __float128 s = p + qb;
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
    if (sv == 0 && p != 0) {
        // Exact cancellation: +0, or -0 when rounding toward -infinity.
        out = rn == 3 ? fp::kSignBit : 0;
    } else if (single) {
        volatile float f = static_cast<float>(sv);
        out = bits_of(static_cast<double>(f));
    } else {
        volatile double d = static_cast<double>(sv);
        out = bits_of(d);
    }
    std::fesetround(FE_TONEAREST);
    // With round-to-odd no 53- or 24-bit value lies between the exact sum and sv, so comparing
    // the rounded result with sv decides FR.
    const __float128 rq = double_of(out);
    const bool rounded = inexact || rq != sv;
    const bool increased = rounded && (sv < 0 ? rq < sv : rq > sv);
    return {out, rounded, increased};
}

uint64_t random_operand(std::mt19937_64& rng) {
    // Exponents in a band that keeps products and sums in range; random sign and fraction.
    const uint64_t exp = 1023 - 40 + rng() % 80;
    return (rng() & fp::kSignBit) | exp << 52 | (rng() & 0x000fffffffffffffull);
}

// ---- arithmetic against the references ----

TEST(FloatingPoint, FusedMultiplyAddRoundsOnceInEveryModeAndPrecision) {
    std::mt19937_64 rng(12345);
    for (int i = 0; i < 40000; ++i) {
        const uint64_t a = random_operand(rng), c = random_operand(rng);
        uint64_t b = random_operand(rng);
        if (i % 2) {  // near-cancellation: b close to -(a*c)
            b = bits_of(-(double_of(a) * double_of(c))) ^ (rng() % 8);
        }
        const unsigned rn = i % 4;
        const bool single = (i / 4) % 2;
        const unsigned kind = (i / 8) % 4;  // fmadd, fmsub, fnmadd, fnmsub
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(1) = a;
        m.fpr(2) = b;
        m.fpr(3) = c;
        static const unsigned xo[] = {kFmadd, kFmsub, kFnmadd, kFnmsub};
        m.exec(a_form(single ? 59 : 63, xo[kind], 0, 1, 2, 3));
        // fmsub: b negated; fnm*: the rounded result negated (so rounded in the same mode
        // before negation, Book I 4.6.6).
        const uint64_t bb = (kind == 1 || kind == 3) ? b ^ fp::kSignBit : b;
        const FmaReference ref = reference_fma(a, c, bb, single, rn);
        const uint64_t want = kind >= 2 ? ref.bits ^ fp::kSignBit : ref.bits;
        ASSERT_EQ(m.fpr(0), want) << std::hex << "kind " << kind << " single " << single
                                  << " rn " << rn << " a=" << a << " b=" << b << " c=" << c;
        ASSERT_EQ((m.cpu.fpscr & fs::kFI) != 0, ref.inexact) << std::hex << a << " " << b << " " << c;
        ASSERT_EQ((m.cpu.fpscr & fs::kXX) != 0, ref.inexact);
        ASSERT_EQ((m.cpu.fpscr & fs::kFR) != 0, ref.increased)
            << std::hex << "kind " << kind << " single " << single << " rn " << rn << " a=" << a
            << " b=" << b << " c=" << c;
    }
}

TEST(FloatingPoint, FusedMultiplyAddOverTheWholeRangeIncludingDenormalsAndOverflow) {
    std::mt19937_64 rng(4242);
    for (int i = 0; i < 60000; ++i) {
        auto any = [&] {  // any finite double, with denormals and extremes well represented
            const uint64_t e = (rng() % 4 == 0) ? rng() % 8 : (rng() % 4 == 0) ? 2046 - rng() % 8 : rng() % 2047;
            return (rng() & fp::kSignBit) | e << 52 | (rng() & 0x000fffffffffffffull);
        };
        const uint64_t a = any(), c = any();
        uint64_t b = any();
        if (i % 3 == 0) b = bits_of(-(double_of(a) * double_of(c))) ^ (rng() % 4);
        if (fp::is_nan(b) || fp::is_inf(b)) continue;
        const unsigned rn = i % 4;
        const bool single = (i / 4) % 2;
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(1) = a;
        m.fpr(2) = b;
        m.fpr(3) = c;
        m.exec(a_form(single ? 59 : 63, kFmadd, 0, 1, 2, 3));
        ASSERT_EQ(m.fpr(0), reference_fma(a, c, b, single, rn).bits)
            << std::hex << "single " << single << " rn " << rn << " a=" << a << " b=" << b
            << " c=" << c;
    }
}

TEST(FloatingPoint, BasicArithmeticMatchesHostCorrectRoundingWithExactFrFi) {
    std::mt19937_64 rng(777);
    for (int i = 0; i < 40000; ++i) {
        const uint64_t a = random_operand(rng), b = random_operand(rng);
        const unsigned rn = i % 4;
        const unsigned op = (i / 4) % 4;  // add, sub, mul, div
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(1) = a;
        m.fpr(2) = b;
        static const unsigned xo[] = {kFadd, kFsub, kFmul, kFdiv};
        m.exec(op == 2 ? a_form(63, kFmul, 0, 1, 0, 2) : a_form(63, xo[op], 0, 1, 2, 0));
        const volatile double x = double_of(a), y = double_of(b);
        std::fesetround(host_mode(rn));
        std::feclearexcept(FE_ALL_EXCEPT);
        volatile double r = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y;
        const bool inexact = std::fetestexcept(FE_INEXACT);
        // The residual, exact through fma, tells whether rounding increased the magnitude.
        volatile double residual = op == 0   ? (r - x) - y   // exact for these exponent bands
                                   : op == 1 ? (r - x) + y
                                   : op == 2 ? std::fma(x, y, -r) * -1.0
                                             : std::fma(-r, y, x) * (y < 0 ? 1.0 : -1.0);
        std::fesetround(FE_TONEAREST);
        ASSERT_EQ(m.fpr(0), bits_of(r)) << std::hex << op << " " << a << " " << b << " rn " << rn;
        EXPECT_EQ((m.cpu.fpscr & fs::kFI) != 0, inexact);
        EXPECT_EQ((m.cpu.fpscr & fs::kXX) != 0, inexact);
        if (op >= 2 && inexact) {
            // mul: residual' = r - x*y; div: (r*y - x)/|y|-signed; > 0 in r's direction means
            // |r| > |exact|.
            const bool increased = std::signbit(r) ? residual < 0 : residual > 0;
            EXPECT_EQ((m.cpu.fpscr & fs::kFR) != 0, increased)
                << std::hex << op << " " << a << " " << b << " rn " << rn;
        }
    }
    EXPECT_EQ(std::fegetround(), FE_TONEAREST);
}

TEST(FloatingPoint, SquareRootIsCorrectlyRounded) {
    std::mt19937_64 rng(99);
    for (int i = 0; i < 20000; ++i) {
        const uint64_t b = random_operand(rng) & ~fp::kSignBit;
        const unsigned rn = i % 4;
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(2) = b;
        m.exec(a_form(63, kFsqrt, 0, 0, 2, 0));
        std::fesetround(host_mode(rn));
        volatile double x = double_of(b);
        volatile double r = std::sqrt(x);
        std::fesetround(FE_TONEAREST);
        ASSERT_EQ(m.fpr(0), bits_of(r)) << std::hex << b << " rn " << rn;
        const double residual = std::fma(r, r, -x);  // sign of r*r - x, exactly
        EXPECT_EQ((m.cpu.fpscr & fs::kFI) != 0, residual != 0);
        EXPECT_EQ((m.cpu.fpscr & fs::kFR) != 0, residual > 0) << std::hex << b << " rn " << rn;
    }
}

TEST(FloatingPoint, SinglePrecisionRoundsOnceFromTheExactResult) {
    // 1 + (2^-24 + 2^-60): rounding to double first would give 1 + 2^-24, a tie that rounds
    // to 1; rounded once the sum is above the tie and becomes 1 + 2^-23.
    Fixture m;
    m.fpr(1) = bits_of(1.0);
    m.fpr(2) = bits_of(std::ldexp(1.0, -24) + std::ldexp(1.0, -60));
    m.exec(a_form(59, kFadd, 0, 1, 2, 0));
    EXPECT_EQ(m.fpr(0), bits_of(1.0 + std::ldexp(1.0, -23)));
    EXPECT_TRUE(m.cpu.fpscr & fs::kFR);
    EXPECT_TRUE(m.cpu.fpscr & fs::kFI);
}

// ---- FPSCR rules ----

TEST(FloatingPoint, TininessIsDetectedBeforeRounding) {
    // (1 - 2^-53) * 2^-1022 is tiny; denormalized it is a tie that rounds up to 2^-1022, the
    // smallest normal. UX is set (tiny and inexact, 4.4.4) although the result is normal.
    Fixture m;
    m.fpr(1) = 0x3fefffffffffffffull;
    m.fpr(3) = 0x0010000000000000ull;
    m.exec(a_form(63, kFmul, 0, 1, 0, 3));
    EXPECT_EQ(m.fpr(0), 0x0010000000000000ull);
    EXPECT_TRUE(m.cpu.fpscr & fs::kUX);
    EXPECT_TRUE(m.cpu.fpscr & fs::kXX);
    EXPECT_TRUE(m.cpu.fpscr & fs::kFR);
    EXPECT_EQ(m.fprf(), fs::fprf::kPlusNormal);
}

TEST(FloatingPoint, ExactDenormalResultIsNotAnUnderflowUnlessEnabled) {
    Fixture m;
    m.fpr(1) = bits_of(std::ldexp(1.0, -1000));
    m.fpr(3) = bits_of(std::ldexp(1.0, -60));
    m.exec(a_form(63, kFmul, 0, 1, 0, 3));
    EXPECT_EQ(m.fpr(0), bits_of(std::ldexp(1.0, -1060)));
    EXPECT_FALSE(m.cpu.fpscr & fs::kUX);
    EXPECT_EQ(m.fprf(), fs::fprf::kPlusDenormal);
    // UE=1: underflow is "tiny" alone, and the result is scaled by 2^1536 (4.4.4).
    m.cpu.fpscr = fs::kUE;
    m.exec(a_form(63, kFmul, 0, 1, 0, 3));
    EXPECT_EQ(m.fpr(0), bits_of(std::ldexp(1.0, -1060 + 1536)));
    EXPECT_TRUE(m.cpu.fpscr & fs::kUX);
    EXPECT_TRUE(m.cpu.fpscr & fs::kFEX);
    EXPECT_FALSE(m.cpu.fpscr & fs::kXX);
}

TEST(FloatingPoint, OverflowDisabledGivesInfinityOrMaxByRoundingMode) {
    const uint64_t max = 0x7fefffffffffffffull;
    const uint64_t inf = 0x7ff0000000000000ull;
    const uint64_t want[4] = {inf, max, inf, max};  // RN: nearest, zero, +inf, -inf
    for (unsigned rn = 0; rn < 4; ++rn) {
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(1) = max;
        m.fpr(2) = max;
        m.exec(a_form(63, kFadd, 0, 1, 2, 0));
        EXPECT_EQ(m.fpr(0), want[rn]) << rn;
        EXPECT_TRUE(m.cpu.fpscr & fs::kOX);
        EXPECT_TRUE(m.cpu.fpscr & fs::kXX);
        EXPECT_TRUE(m.cpu.fpscr & fs::kFI);
        EXPECT_TRUE(m.cpu.fpscr & fs::kFX);
        EXPECT_EQ(m.fprf(), want[rn] == inf ? fs::fprf::kPlusInf : fs::fprf::kPlusNormal);
    }
    // Negative overflow toward +infinity gives -max.
    Fixture m;
    m.cpu.fpscr = 2;
    m.fpr(1) = max | fp::kSignBit;
    m.fpr(2) = max | fp::kSignBit;
    m.exec(a_form(63, kFadd, 0, 1, 2, 0));
    EXPECT_EQ(m.fpr(0), max | fp::kSignBit);
}

TEST(FloatingPoint, OverflowEnabledDeliversTheScaledResultAndInterrupts) {
    Fixture m;
    m.cpu.msr |= msr::kFE0 | msr::kFE1;
    m.cpu.fpscr = fs::kOE;
    m.fpr(1) = bits_of(std::ldexp(1.5, 1000));
    m.fpr(3) = bits_of(std::ldexp(1.0, 100));
    EXPECT_EQ(m.exec(a_form(63, kFmul, 0, 1, 0, 3)), isa::ExecStatus::Interrupt);
    EXPECT_EQ(m.fpr(0), bits_of(std::ldexp(1.5, 1100 - 1536)));
    EXPECT_TRUE(m.cpu.fpscr & fs::kOX);
    EXPECT_TRUE(m.cpu.fpscr & fs::kFEX);
    EXPECT_FALSE(m.cpu.fpscr & fs::kXX);  // exact after scaling
    EXPECT_EQ(m.cpu.nia, vector::kProgram);
    EXPECT_EQ(m.cpu.spr[sprn::kSRR0], 0x1000u);  // precise: the excepting instruction
    EXPECT_TRUE(m.cpu.spr[sprn::kSRR1] & program::kFpEnabled);
    // Single precision scales by 2^-192.
    Fixture s;
    s.cpu.fpscr = fs::kOE;
    s.fpr(1) = bits_of(std::ldexp(1.0, 100));
    s.fpr(3) = bits_of(std::ldexp(1.0, 100));
    s.exec(a_form(59, kFmul, 0, 1, 0, 3));
    EXPECT_EQ(s.fpr(0), bits_of(std::ldexp(1.0, 200 - 192)));
    EXPECT_EQ(s.cpu.nia, 0x1004u);  // MSR[FE0|FE1]=0: ignore-exceptions mode, no interrupt
}

TEST(FloatingPoint, InvalidOperationEnabledLeavesTargetAndFprfUnchanged) {
    Fixture m;
    m.cpu.msr |= msr::kFE0;
    m.cpu.fpscr = fs::kVE | fs::kFR | fs::kFI | (uint64_t{fs::fprf::kPlusNormal} << fs::kFprfShift);
    m.fpr(0) = 0x1234;
    m.fpr(1) = 0;
    m.fpr(2) = 0;
    EXPECT_EQ(m.exec(a_form(63, kFdiv, 0, 1, 2, 0, true)), isa::ExecStatus::Interrupt);
    EXPECT_EQ(m.fpr(0), 0x1234u);
    EXPECT_TRUE(m.cpu.fpscr & fs::kVXZDZ);
    EXPECT_TRUE(m.cpu.fpscr & fs::kVX);
    EXPECT_TRUE(m.cpu.fpscr & fs::kFEX);
    EXPECT_FALSE(m.cpu.fpscr & (fs::kFR | fs::kFI));
    EXPECT_EQ(m.fprf(), fs::fprf::kPlusNormal);
    EXPECT_EQ(m.cpu.cr_field(1), 0xeu);  // Rc=1: FX FEX VX OX = 1 1 1 0
    // VE=0: the default QNaN.
    Fixture d;
    d.fpr(1) = 0x7ff0000000000000ull;
    d.fpr(2) = 0xfff0000000000000ull;
    d.exec(a_form(63, kFadd, 0, 1, 2, 0));
    EXPECT_EQ(d.fpr(0), fp::kDefaultQNaN);
    EXPECT_TRUE(d.cpu.fpscr & fs::kVXISI);
    EXPECT_EQ(d.fprf(), fs::fprf::kQNaN);
}

TEST(FloatingPoint, ZeroDivideEnabledAndDisabled) {
    Fixture m;
    m.fpr(1) = bits_of(-3.0);
    m.fpr(2) = 0;
    m.exec(a_form(63, kFdiv, 0, 1, 2, 0));
    EXPECT_EQ(m.fpr(0), 0xfff0000000000000ull);
    EXPECT_TRUE(m.cpu.fpscr & fs::kZX);
    EXPECT_EQ(m.fprf(), fs::fprf::kMinusInf);
    Fixture e;
    e.cpu.msr |= msr::kFE1;
    e.cpu.fpscr = fs::kZE;
    e.fpr(0) = 77;
    e.fpr(1) = bits_of(-3.0);
    e.fpr(2) = 0;
    EXPECT_EQ(e.exec(a_form(63, kFdiv, 0, 1, 2, 0)), isa::ExecStatus::Interrupt);
    EXPECT_EQ(e.fpr(0), 77u);
    EXPECT_TRUE(e.cpu.spr[sprn::kSRR1] & program::kFpEnabled);
}

TEST(FloatingPoint, InexactEnabledWritesTheResultAndInterrupts) {
    Fixture m;
    m.cpu.msr |= msr::kFE0 | msr::kFE1;
    m.cpu.fpscr = fs::kXE;
    m.fpr(1) = bits_of(1.0);
    m.fpr(2) = bits_of(3.0);
    EXPECT_EQ(m.exec(a_form(63, kFdiv, 0, 1, 2, 0)), isa::ExecStatus::Interrupt);
    EXPECT_EQ(m.fpr(0), bits_of(1.0 / 3.0));
    EXPECT_TRUE(m.cpu.fpscr & fs::kXX);
    // A second exact operation with XX already set raises nothing new: no interrupt.
    Fixture n;
    n.cpu.msr |= msr::kFE0 | msr::kFE1;
    n.cpu.fpscr = fs::kXE;
    n.fpr(1) = bits_of(1.0);
    n.fpr(2) = bits_of(4.0);
    EXPECT_EQ(n.exec(a_form(63, kFdiv, 0, 1, 2, 0)), isa::ExecStatus::Continue);
}

// Book I 4.4.6 (Inexact exception, XE=1): the rounded result is still placed into FRT and FPRF
// is set before the interrupt, for the integer conversions too (4.6.7.2 fcfid*). QEMU 7.2's
// fcfid helpers raise the interrupt before writing FRT and FPRF (difftest excuses that as a
// known QEMU deviation).
TEST(FloatingPoint, ConvertFromIntegerWithInexactEnabledWritesTheResult) {
    struct {
        unsigned op, xo;
        uint64_t in;
        double want;
    } cases[] = {{63, 846, (1ull << 53) + 1, 9007199254740992.0},       // fcfid
                 {63, 974, ~0ull, 18446744073709551616.0},              // fcfidu
                 {59, 846, (1ull << 24) + 1, 16777216.0},               // fcfids
                 {59, 974, (1ull << 32) - 1, 4294967296.0}};            // fcfidus
    for (const auto& c : cases) {
        Fixture m;
        m.cpu.msr |= msr::kFE0 | msr::kFE1;
        m.cpu.fpscr = fs::kXE;
        m.fpr(0) = 0x1234;
        m.fpr(2) = c.in;
        EXPECT_EQ(m.exec(x_form(c.op, c.xo, 0, 0, 2, true)), isa::ExecStatus::Interrupt) << c.xo;
        EXPECT_EQ(m.fpr(0), bits_of(c.want)) << c.op << " " << c.xo;
        EXPECT_EQ(m.fprf(), fs::fprf::kPlusNormal) << c.op << " " << c.xo;
        EXPECT_TRUE(m.cpu.fpscr & fs::kXX);
        EXPECT_TRUE(m.cpu.spr[sprn::kSRR1] & program::kFpEnabled);
        // Rc=1: CR1 holds FX FEX VX OX of the updated FPSCR (FX and FEX set here).
        EXPECT_EQ((m.cpu.cr >> 24) & 0xf, 0xcu) << c.op << " " << c.xo;
    }
}

TEST(FloatingPoint, FxIsSetOnlyWhenAnExceptionBitChangesFromZeroToOne) {
    Fixture m;
    m.cpu.fpscr = fs::kXX;  // sticky XX already set, FX clear
    m.fpr(1) = bits_of(1.0);
    m.fpr(2) = bits_of(3.0);
    m.exec(a_form(63, kFdiv, 0, 1, 2, 0));
    EXPECT_FALSE(m.cpu.fpscr & fs::kFX);
    m.fpr(2) = 0;
    m.exec(a_form(63, kFdiv, 0, 1, 2, 0));
    EXPECT_TRUE(m.cpu.fpscr & fs::kFX);
}

TEST(FloatingPoint, NanPropagationOrderAndQuieting) {
    const uint64_t qa = 0x7ff8000000000aaaull, qb = 0xfff8000000000bbbull;
    const uint64_t sc = 0x7ff0000000000cccull;
    Fixture m;
    m.fpr(1) = qa;
    m.fpr(2) = qb;
    m.fpr(3) = sc;
    m.exec(a_form(63, kFmadd, 0, 1, 2, 3));
    EXPECT_EQ(m.fpr(0), qa);  // FRA first
    EXPECT_TRUE(m.cpu.fpscr & fs::kVXSNAN);
    m.fpr(1) = bits_of(1.0);
    m.exec(a_form(63, kFmadd, 0, 1, 2, 3));
    EXPECT_EQ(m.fpr(0), qb);  // then FRB
    m.fpr(2) = bits_of(1.0);
    m.exec(a_form(63, kFnmadd, 0, 1, 2, 3));
    EXPECT_EQ(m.fpr(0), sc | fp::kQuietBit);  // then FRC, quieted, sign not negated
    // Single precision: the NaN keeps only what a single can hold.
    m.fpr(1) = 0x7ff800000000ffffull;
    m.exec(a_form(59, kFadd, 0, 1, 2, 0));
    EXPECT_EQ(m.fpr(0), 0x7ff8000000000000ull);
    // fsub does not flip a NaN's sign.
    m.fpr(1) = bits_of(1.0);
    m.fpr(2) = qa;
    m.exec(a_form(63, kFsub, 0, 1, 2, 0));
    EXPECT_EQ(m.fpr(0), qa);
}

TEST(FloatingPoint, SignedZeroRules) {
    for (unsigned rn = 0; rn < 4; ++rn) {
        Fixture m;
        m.cpu.fpscr = rn;
        m.fpr(1) = bits_of(1.5);
        m.fpr(2) = bits_of(1.5);
        m.exec(a_form(63, kFsub, 0, 1, 2, 0));
        EXPECT_EQ(m.fpr(0), rn == 3 ? fp::kSignBit : 0u) << rn;
        EXPECT_EQ(m.fprf(), rn == 3 ? fs::fprf::kMinusZero : fs::fprf::kPlusZero);
    }
    Fixture m;
    m.fpr(2) = fp::kSignBit;
    m.exec(a_form(63, kFsqrt, 0, 0, 2, 0));
    EXPECT_EQ(m.fpr(0), fp::kSignBit);  // sqrt(-0) = -0
    m.fpr(2) = bits_of(-1.0);
    m.exec(a_form(63, kFsqrt, 0, 0, 2, 0));
    EXPECT_TRUE(m.cpu.fpscr & fs::kVXSQRT);
    // fnmadd negates an exact zero result: -(0*1 + 0) = -0.
    Fixture z;
    z.fpr(1) = 0;
    z.fpr(2) = 0;
    z.fpr(3) = bits_of(1.0);
    z.exec(a_form(63, kFnmadd, 0, 1, 2, 3));
    EXPECT_EQ(z.fpr(0), fp::kSignBit);
}

TEST(FloatingPoint, CompareSetsCrAndFpccAndVxvc) {
    Fixture m;
    m.fpr(1) = bits_of(-1.0);
    m.fpr(2) = bits_of(2.0);
    m.exec(x_form(63, 0, 3 << 2, 1, 2));  // fcmpu cr3
    EXPECT_EQ(m.cpu.cr_field(3), 0x8u);
    EXPECT_EQ(m.fprf() & 0xf, 0x8u);
    m.fpr(1) = 0;
    m.fpr(2) = fp::kSignBit;
    m.exec(x_form(63, 0, 3 << 2, 1, 2));
    EXPECT_EQ(m.cpu.cr_field(3), 0x2u);  // +0 == -0
    // fcmpo with a QNaN: unordered and VXVC; fcmpu: no exception.
    m.fpr(1) = fp::kDefaultQNaN;
    m.exec(x_form(63, 0, 0, 1, 2));
    EXPECT_EQ(m.cpu.fpscr & (fs::kVXVC | fs::kVXSNAN), 0u);
    m.exec(x_form(63, 32, 0, 1, 2));
    EXPECT_EQ(m.cpu.cr_field(0), 0x1u);
    EXPECT_TRUE(m.cpu.fpscr & fs::kVXVC);
    // fcmpo with an SNaN and VE=1: VXSNAN only (4.6.8).
    Fixture s;
    s.cpu.fpscr = fs::kVE;
    s.fpr(1) = 0x7ff0000000000001ull;
    s.exec(x_form(63, 32, 0, 1, 2));
    EXPECT_TRUE(s.cpu.fpscr & fs::kVXSNAN);
    EXPECT_FALSE(s.cpu.fpscr & fs::kVXVC);
}

TEST(FloatingPoint, ConversionsToInteger) {
    struct Case {
        double v;
        unsigned xo;
        unsigned rn;
        uint64_t want;
        bool vxcvi;
    } cases[] = {
        {2.5, 14, 0, 2, false},                       // fctiw nearest-even
        {3.5, 14, 0, 4, false},
        {-2.5, 15, 0, 0xfffffffffffffffeull, false},  // fctiwz
        {2.5, 14, 2, 3, false},                       // toward +inf
        {-2.5, 14, 3, 0xfffffffffffffffdull, false},
        {3e9, 14, 0, 0x7fffffff, true},               // saturate
        {-3e9, 14, 0, 0xffffffff80000000ull, true},
        {-0.4, 142, 0, 0, false},                     // fctiwu: rounds to 0, no invalid
        {-0.6, 142, 0, 0, true},                      // rounds to -1: invalid, 0
        {5e9, 142, 0, 0xffffffff, true},
        {9.3e18, 814, 0, 0x7fffffffffffffffull, true},  // fctid
        {-9.3e18, 814, 0, 0x8000000000000000ull, true},
        {1.8e19, 942, 0, 0xf9ccd8a1c5080000ull, false},  // fctidu
        {std::nan(""), 942, 0, 0, true},
        {std::nan(""), 815, 0, 0x8000000000000000ull, true},
    };
    for (const Case& c : cases) {
        Fixture m;
        m.cpu.fpscr = c.rn;
        m.fpr(2) = bits_of(c.v);
        m.exec(x_form(63, c.xo, 0, 0, 2));
        EXPECT_EQ(m.fpr(0), c.want) << c.v << " xo " << c.xo;
        EXPECT_EQ((m.cpu.fpscr & fs::kVXCVI) != 0, c.vxcvi) << c.v << " xo " << c.xo;
    }
}

TEST(FloatingPoint, ConversionsFromIntegerAndRounding) {
    Fixture m;
    m.fpr(2) = (1ull << 53) + 1;  // fcfid: tie, rounds to even
    m.exec(x_form(63, 846, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), bits_of(9007199254740992.0));
    EXPECT_TRUE(m.cpu.fpscr & fs::kXX);
    m.fpr(2) = ~0ull;  // fcfidu 2^64-1 -> 2^64
    m.exec(x_form(63, 974, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), bits_of(18446744073709551616.0));
    m.fpr(2) = (1ull << 24) + 1;  // fcfids: rounded once to single
    m.exec(x_form(59, 846, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), bits_of(16777216.0));
    m.fpr(2) = static_cast<uint64_t>(-3);
    m.exec(x_form(63, 846, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), bits_of(-3.0));
    EXPECT_EQ(m.fprf(), fs::fprf::kMinusNormal);
    // frin rounds ties away, friz/frip/frim directed; XX is never set and FR/FI are 0.
    struct {
        unsigned xo;
        double v, want;
    } r[] = {{392, 2.5, 3.0}, {392, -2.5, -3.0}, {424, -2.7, -2.0}, {456, 2.1, 3.0},
             {488, -2.1, -3.0}, {424, -0.5, -0.0}, {456, -0.5, -0.0}, {488, 0.5, 0.0}};
    for (auto& c : r) {
        Fixture f;
        f.fpr(2) = bits_of(c.v);
        f.exec(x_form(63, c.xo, 0, 0, 2));
        EXPECT_EQ(f.fpr(0), bits_of(c.want)) << c.xo << " " << c.v;
        EXPECT_EQ(f.cpu.fpscr & (fs::kXX | fs::kFR | fs::kFI), 0u);
    }
    // frsp of a double below the single range: rounds to the single denormal.
    Fixture s;
    s.cpu.fpscr = 2;  // toward +inf
    s.fpr(2) = 0x0000000000000001ull;
    s.exec(x_form(63, 12, 0, 0, 2));
    EXPECT_EQ(s.fpr(0), bits_of(std::ldexp(1.0, -149)));
    EXPECT_TRUE(s.cpu.fpscr & fs::kUX);
    EXPECT_EQ(s.fprf(), fs::fprf::kPlusDenormal);  // single-format denormal (ISA; QEMU: normal)
}

TEST(FloatingPoint, MovesSelectAndTests) {
    Fixture m;
    m.fpr(1) = bits_of(-0.0);
    m.fpr(2) = bits_of(5.0);
    m.fpr(3) = bits_of(7.0);
    m.exec(a_form(63, kFsel, 0, 1, 2, 3));
    EXPECT_EQ(m.fpr(0), bits_of(7.0));  // -0 >= 0
    m.fpr(1) = fp::kDefaultQNaN;
    m.exec(a_form(63, kFsel, 0, 1, 2, 3));
    EXPECT_EQ(m.fpr(0), bits_of(5.0));  // NaN selects FRB
    m.fpr(1) = bits_of(-1.0);
    m.exec(x_form(63, 8, 0, 1, 2));  // fcpsgn
    EXPECT_EQ(m.fpr(0), bits_of(-5.0));
    m.fpr(2) = 0x7ff0000000000001ull;  // fneg/fabs of an SNaN: no exception, bits only
    m.exec(x_form(63, 40, 0, 0, 2, true));
    EXPECT_EQ(m.fpr(0), 0xfff0000000000001ull);
    EXPECT_EQ(m.cpu.fpscr, 0u);
    m.exec(x_form(63, 264, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), 0x7ff0000000000001ull);
    m.exec(x_form(63, 136, 0, 0, 2));
    EXPECT_EQ(m.fpr(0), 0xfff0000000000001ull);
    // fmrgew/fmrgow (encodings from the assembler: fmrgew f1,f2,f3 = 0xfc221f8c).
    m.fpr(2) = 0xaaaaaaaabbbbbbbbull;
    m.fpr(3) = 0xccccccccddddddddull;
    m.exec(0xfc221f8cu);
    EXPECT_EQ(m.fpr(1), 0xaaaaaaaaccccccccull);
    m.exec(0xfc221e8cu);
    EXPECT_EQ(m.fpr(1), 0xbbbbbbbbddddddddull);
    // ftdiv: FRB = 0 sets fe and fg; ftsqrt of a negative sets fe only.
    m.fpr(1) = bits_of(1.0);
    m.fpr(2) = 0;
    m.exec(x_form(63, 128, 2 << 2, 1, 2));
    EXPECT_EQ(m.cpu.cr_field(2), 0xeu);
    m.fpr(2) = bits_of(-4.0);
    m.exec(x_form(63, 160, 2 << 2, 0, 2));
    EXPECT_EQ(m.cpu.cr_field(2), 0xau);
    m.fpr(2) = bits_of(4.0);
    m.exec(x_form(63, 160, 2 << 2, 0, 2));
    EXPECT_EQ(m.cpu.cr_field(2), 0x8u);
}

TEST(FloatingPoint, FpscrInstructions) {
    Fixture m;
    // mtfsfi 7,2 (W=0): field 15 = RN <- 0b10.
    m.exec(63u << 26 | 7u << 23 | 2u << 12 | 134u << 1);
    EXPECT_EQ(m.cpu.fpscr, 2u);
    // mtfsb1 25 (UX? no: bit 32+4 = UX is BT=4): sets UX and, as an exception bit, FX.
    m.exec(63u << 26 | 4u << 21 | 38u << 1);
    EXPECT_EQ(m.cpu.fpscr, 2u | fs::kUX | fs::kFX);
    // mtfsb1 of FEX is ignored (it is a summary).
    m.exec(63u << 26 | 1u << 21 | 38u << 1);
    EXPECT_FALSE(m.cpu.fpscr & fs::kFEX);
    // mcrfs cr1, field 8 (FX FEX VX OX): copies, then clears FX.
    m.exec(63u << 26 | 1u << 23 | 0u << 18 | 64u << 1);
    EXPECT_EQ(m.cpu.cr_field(1), 0x8u);
    EXPECT_FALSE(m.cpu.fpscr & fs::kFX);
    // mcrfs of field 9 (UX ZX XX VXSNAN) clears UX.
    m.exec(63u << 26 | 1u << 23 | 1u << 18 | 64u << 1);
    EXPECT_EQ(m.cpu.cr_field(1), 0x8u);
    EXPECT_FALSE(m.cpu.fpscr & fs::kUX);
    // mtfsf 0xff,f2 (L=0, W=0) writes the low word; VX and FEX are recomputed, not copied.
    m.fpr(2) = 0xffffffff00000000ull | fs::kVX | fs::kFEX | fs::kVXIMZ | fs::kRN;
    m.exec(63u << 26 | 0xffu << 17 | 2u << 11 | 711u << 1);
    EXPECT_EQ(m.cpu.fpscr, fs::kVXIMZ | fs::kVX | fs::kRN);
    // mtfsf with L=1 writes the whole FPSCR including DRN.
    m.fpr(2) = 0x0000000500000001ull;
    m.exec(63u << 26 | 1u << 25 | 2u << 11 | 711u << 1);
    EXPECT_EQ(m.cpu.fpscr, 0x0000000500000001ull);
    // Before ISA 2.05 (no upper FPSCR word) L and W are reserved: L=1 acts as L=0.
    Fixture old;
    old.cpu.model = find_cpu_by_name("970");
    old.fpr(2) = 0x0000000500000001ull;
    old.exec(63u << 26 | 1u << 25 | 0x01u << 17 | 2u << 11 | 711u << 1);
    EXPECT_EQ(old.cpu.fpscr, 1u);
    // mffs returns the whole FPSCR; mffsl only control and FR/FI/FPRF; mffscrni sets RN.
    m.cpu.fpscr = 0x0000000300000000ull | fs::kOX | fs::kFX | fs::kFI | fs::kVE | 1;
    m.exec(63u << 26 | 5u << 21 | 583u << 1);
    EXPECT_EQ(m.fpr(5), m.cpu.fpscr);
    m.exec(63u << 26 | 5u << 21 | 24u << 16 | 583u << 1);  // mffsl
    EXPECT_EQ(m.fpr(5), 0x0000000300000000ull | fs::kFI | fs::kVE | 1);
    m.exec(63u << 26 | 5u << 21 | 23u << 16 | 3u << 11 | 583u << 1);  // mffscrni 3
    EXPECT_EQ(m.fpr(5), 0x0000000300000000ull | fs::kVE | 1);
    EXPECT_EQ(m.cpu.fpscr & fs::kRN, 3u);
    m.exec(63u << 26 | 5u << 21 | 1u << 16 | 583u << 1);  // mffsce clears the enables
    EXPECT_EQ(m.cpu.fpscr & fs::kEnables, 0u);
    // Setting an enable whose exception is already set turns FEX on: with MSR[FE] that is
    // an enabled-exception Program interrupt (4.4).
    Fixture e;
    e.cpu.msr |= msr::kFE0;
    e.cpu.fpscr = fs::kZX | fs::kFX;
    EXPECT_EQ(e.exec(63u << 26 | 27u << 21 | 38u << 1), isa::ExecStatus::Interrupt);  // mtfsb1 ZE
    EXPECT_TRUE(e.cpu.fpscr & fs::kFEX);
    EXPECT_TRUE(e.cpu.spr[sprn::kSRR1] & program::kFpEnabled);
}

// ---- loads and stores ----

TEST(FloatingPoint, SingleLoadsAndStoresConvertExactly) {
    for (bool le : {true, false}) {
        Fixture m;
        if (!le) m.cpu.msr &= ~msr::kLE;
        m.cpu.gpr[4] = 0x2000;
        auto put32 = [&](uint32_t v) {
            uint32_t raw = le ? v : __builtin_bswap32(v);
            m.memory.write_bytes(0x2000, &raw, 4);
        };
        auto get32 = [&] {
            uint32_t raw;
            m.memory.read_bytes(0x2000, &raw, 4);
            return le ? raw : __builtin_bswap32(raw);
        };
        const struct {
            uint32_t single;
            uint64_t dbl;
        } pairs[] = {
            {0x3f800000, 0x3ff0000000000000ull},
            {0x7f800001, 0x7ff0000020000000ull},  // SNaN stays signalling
            {0xffc00000, 0xfff8000000000000ull},
            {0x00000001, 0x36a0000000000000ull},  // smallest denormal -> normal double
            {0x80400000, 0xb800000000000000ull},  // -2^-127
            {0x80000000, 0x8000000000000000ull},
        };
        for (auto& p : pairs) {
            put32(p.single);
            m.exec(d_form(48, 1, 4, 0));  // lfs f1,0(r4)
            EXPECT_EQ(m.fpr(1), p.dbl) << std::hex << p.single << " le " << le;
            put32(0);
            m.exec(d_form(52, 1, 4, 0));  // stfs f1,0(r4)
            EXPECT_EQ(get32(), p.single) << std::hex << p.single << " le " << le;
        }
        // stfs of a double in the single denormal range truncates (no rounding).
        m.fpr(1) = bits_of(std::ldexp(1.999, -130));
        m.exec(d_form(52, 1, 4, 0));
        EXPECT_EQ(get32(), static_cast<uint32_t>(std::ldexp(1.999, 19)));  // 1.999*2^-130 / 2^-149
        // stfiwx, lfiwax, lfiwzx.
        m.fpr(1) = 0x12345678fedcba98ull;
        m.cpu.gpr[5] = 0;
        m.exec(x_form(31, 983, 1, 4, 5));
        EXPECT_EQ(get32(), 0xfedcba98u);
        m.exec(x_form(31, 855, 2, 4, 5));
        EXPECT_EQ(m.fpr(2), 0xfffffffffedcba98ull);
        m.exec(x_form(31, 887, 2, 4, 5));
        EXPECT_EQ(m.fpr(2), 0x00000000fedcba98ull);
    }
}

TEST(FloatingPoint, UpdateFormsAndPairs) {
    Fixture m;
    m.cpu.gpr[4] = 0x3000;
    m.fpr(6) = bits_of(1.25);
    m.exec(d_form(55, 6, 4, 16));  // stfdu f6,16(r4)
    EXPECT_EQ(m.cpu.gpr[4], 0x3010u);
    m.exec(d_form(51, 7, 4, 0));  // lfdu f7,0(r4)
    EXPECT_EQ(m.fpr(7), bits_of(1.25));
    // lfsu with RA=0 is an invalid form: illegal.
    m.exec(d_form(49, 7, 0, 0));
    EXPECT_EQ(m.cpu.nia, vector::kProgram);
    // stfdp/lfdp: in little-endian mode FRTp+1 is the doubleword at EA.
    Fixture p;
    p.cpu.gpr[4] = 0x4000;
    p.fpr(8) = 0x1111111111111111ull;
    p.fpr(9) = 0x2222222222222222ull;
    p.exec(61u << 26 | 8u << 21 | 4u << 16);  // stfdp f8,0(r4)
    uint64_t lo;
    p.memory.read_bytes(0x4000, &lo, 8);
    EXPECT_EQ(lo, 0x2222222222222222ull);
    p.exec(57u << 26 | 10u << 21 | 4u << 16);  // lfdp f10,0(r4)
    EXPECT_EQ(p.fpr(10), 0x1111111111111111ull);
    EXPECT_EQ(p.fpr(11), 0x2222222222222222ull);
}

TEST(FloatingPoint, PrefixedLoadsAndStores) {
    // Encodings from powerpc64le-linux-gnu-as -mpower10.
    Fixture m;
    m.cpu.gpr[3] = 0x2000;
    const uint32_t single = 0x3fc00000;  // 1.5f
    m.memory.write_bytes(0x2008, &single, 4);
    m.exec_prefixed(0x06000000, 0xc0230008);  // plfs f1,8(r3)
    EXPECT_EQ(m.fpr(1), bits_of(1.5));
    const uint64_t d = bits_of(-2.25);
    m.memory.write_bytes(0xff0, &d, 8);
    m.exec_prefixed(0x0613ffff, 0xc840fff0);  // plfd f2,-16(0),1: CIA - 16
    EXPECT_EQ(m.fpr(2), bits_of(-2.25));
    m.cpu.gpr[4] = 0x3000;
    m.exec_prefixed(0x06000001, 0xd0242345);  // pstfs f1,74565(r4)
    uint32_t got;
    m.memory.read_bytes(0x3000 + 74565, &got, 4);
    EXPECT_EQ(got, single);
    m.fpr(5) = 0x0123456789abcdefull;
    m.exec_prefixed(0x06100000, 0xd8a00064);  // pstfd f5,100(0),1: CIA + 100
    uint64_t got64;
    m.memory.read_bytes(0x1000 + 100, &got64, 8);
    EXPECT_EQ(got64, 0x0123456789abcdefull);
    const isa::InsnDesc* desc = isa::Decoder::instance().decode(0x06000000, 0xc0230008);
    ASSERT_NE(desc, nullptr);
    EXPECT_EQ(isa::availability(*desc, *find_cpu_by_name("POWER9"), IsaLevel::V3_00),
              isa::Availability::NotImplemented);
    EXPECT_EQ(isa::availability(*desc, *find_cpu_by_name("POWER10"), IsaLevel::V3_1),
              isa::Availability::Available);
}

// ---- engine-level facts: facility and model gating ----

TEST(FloatingPoint, FpUnavailableWhenMsrFpIsClear) {
    GuestMemory memory(1 << 20);
    PlatformRequest req;
    req.platform = Platform::Papr;
    req.pvr = find_cpu_by_name("POWER9")->pvr;
    ResolvedPlatform platform = resolve_platform(req);
    Cpu cpu(platform, memory, nullptr);
    cpu.state().msr |= msr::kLE;
    const uint32_t fadd = a_form(63, kFadd, 1, 2, 3, 0);
    memory.write_bytes(0x1000, &fadd, 4);
    cpu.state().nia = 0x1000;
    cpu.engine().run(1);
    EXPECT_EQ(cpu.state().nia, vector::kFpUnavailable);
    EXPECT_EQ(cpu.state().spr[sprn::kSRR0], 0x1000u);
}

TEST(FloatingPoint, RunsOnThe750BigEndian32Bit) {
    GuestMemory memory(1 << 20);
    PlatformRequest req;
    req.platform = Platform::BareMetal;
    req.pvr = find_cpu_by_name("750")->pvr;
    ResolvedPlatform platform = resolve_platform(req);
    Cpu cpu(platform, memory, nullptr);
    CpuState& s = cpu.state();
    s.msr = msr::kFP;  // 32-bit processor, big-endian, FP on
    // li r4,0x2000 ; lfd f1,0(r4) ; lfd f2,8(r4) ; fdiv. f3,f1,f2 ; stfd f3,16(r4) ;
    // lfsu f5,24(r4) ; fmadds f6,f5,f5,f1
    const uint32_t prog[] = {0x38802000u, d_form(50, 1, 4, 0), d_form(50, 2, 4, 8),
                             a_form(63, kFdiv, 3, 1, 2, 0, true), d_form(54, 3, 4, 16),
                             d_form(49, 5, 4, 24), a_form(59, kFmadd, 6, 5, 1, 5)};
    for (size_t i = 0; i < std::size(prog); ++i) {
        const uint32_t be = __builtin_bswap32(prog[i]);
        memory.write_bytes(0x1000 + 4 * i, &be, 4);
    }
    const uint64_t one = __builtin_bswap64(bits_of(1.0)), three = __builtin_bswap64(bits_of(3.0));
    const uint32_t half = __builtin_bswap32(0x3f000000u);
    memory.write_bytes(0x2000, &one, 8);
    memory.write_bytes(0x2008, &three, 8);
    memory.write_bytes(0x2018, &half, 4);
    s.nia = 0x1000;
    cpu.engine().run(std::size(prog));
    EXPECT_EQ(s.vsr[3].dw[0], bits_of(1.0 / 3.0));
    EXPECT_EQ(s.cr_field(1), 0x8u);  // FX (XX set)
    uint64_t stored;
    memory.read_bytes(0x2010, &stored, 8);
    EXPECT_EQ(__builtin_bswap64(stored), bits_of(1.0 / 3.0));
    EXPECT_EQ(s.gpr[4], 0x2018u);
    EXPECT_EQ(s.vsr[6].dw[0], bits_of(0.5 * 0.5 + 1.0));  // FRA*FRC+FRB
}

TEST(FloatingPoint, InstructionsAreGatedByIsaLevel) {
    auto available = [](const char* cpu_name, uint32_t word) {
        const CpuModel* model = find_cpu_by_name(cpu_name);
        const isa::InsnDesc* d = isa::Decoder::instance().decode(word, 0);
        return d && isa::availability(*d, *model, model->isa) == isa::Availability::Available;
    };
    const uint32_t fsqrt = a_form(63, kFsqrt, 0, 0, 1, 0), fre = a_form(63, kFre, 0, 0, 1, 0);
    const uint32_t fcpsgn = x_form(63, 8, 0, 1, 2), fcfids = x_form(59, 846, 0, 0, 1);
    const uint32_t lfiwzx = x_form(31, 887, 0, 1, 2), mffsl = 63u << 26 | 24u << 16 | 583u << 1;
    const uint32_t fres = a_form(59, kFre, 0, 0, 1, 0), fmadd = a_form(63, kFmadd, 0, 1, 2, 3);
    EXPECT_TRUE(available("750", fmadd));
    EXPECT_TRUE(available("750", fres));
    EXPECT_FALSE(available("750", fsqrt));
    EXPECT_TRUE(available("970", fsqrt));
    EXPECT_FALSE(available("970", fre));
    EXPECT_TRUE(available("POWER5+", fre));
    EXPECT_FALSE(available("POWER5+", fcpsgn));
    EXPECT_TRUE(available("POWER6", fcpsgn));
    EXPECT_FALSE(available("POWER6", fcfids));
    EXPECT_FALSE(available("POWER6", lfiwzx));
    EXPECT_TRUE(available("POWER7", fcfids));
    EXPECT_FALSE(available("POWER8", mffsl));
    EXPECT_TRUE(available("POWER9", mffsl));
    EXPECT_FALSE(available("e500v2", fmadd));  // no FPU: SPE instead
    EXPECT_TRUE(available("e500mc", fmadd));
}

}  // namespace
}  // namespace ppcvm

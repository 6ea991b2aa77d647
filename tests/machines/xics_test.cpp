#include "machines/devices/xics.hpp"

#include <gtest/gtest.h>

namespace ppcvm {
namespace {

struct XicsFixture : ::testing::Test {
    std::vector<bool> line = std::vector<bool>(2, false);
    XicsController xics{2, 16, [this](unsigned s, bool a) { line[s] = a; }};
    static constexpr uint32_t A = XicsController::kFirstSource, B = A + 1;
    void SetUp() override {
        xics.cppr(0, 0xff);
        xics.cppr(1, 0xff);
    }
};

TEST_F(XicsFixture, MessageInterruptAcceptAndEoi) {
    ASSERT_TRUE(xics.set_xive(A, 0, 5));
    xics.pulse(A);
    EXPECT_TRUE(line[0]);
    EXPECT_FALSE(line[1]);
    const uint32_t xirr = xics.accept(0);
    EXPECT_EQ(xirr, 0xff000000u | A) << "XIRR carries the old CPPR and the source";
    EXPECT_FALSE(line[0]);
    uint32_t polled;
    uint8_t mfrr;
    ASSERT_TRUE(xics.poll(0, polled, mfrr));
    EXPECT_EQ(polled >> 24, 5u) << "CPPR took the accepted priority";
    xics.eoi(0, xirr);
    ASSERT_TRUE(xics.poll(0, polled, mfrr));
    EXPECT_EQ(polled, 0xff000000u);
    EXPECT_EQ(xics.accept(0), 0xff000000u) << "nothing pending";
}

TEST_F(XicsFixture, InterProcessorInterrupt) {
    ASSERT_TRUE(xics.ipi(1, 0));
    EXPECT_TRUE(line[1]);
    const uint32_t xirr = xics.accept(1);
    EXPECT_EQ(xirr & 0xffffff, XicsController::kIpiSource);
    xics.ipi(1, 0xff);  // the guest clears MFRR before EOI, as Linux's icp_hv_ipi_action does
    xics.eoi(1, xirr);
    EXPECT_FALSE(line[1]);
    EXPECT_FALSE(xics.ipi(7, 0)) << "no such server";
}

TEST_F(XicsFixture, MoreFavouredSourceDisplacesAndTheOtherIsResent) {
    xics.set_xive(A, 0, 5);
    xics.set_xive(B, 0, 3);
    xics.pulse(A);
    xics.pulse(B);
    uint32_t first = xics.accept(0);
    EXPECT_EQ(first & 0xffffff, B);
    EXPECT_FALSE(line[0]) << "A (priority 5) cannot interrupt CPPR 3";
    xics.eoi(0, first);
    EXPECT_TRUE(line[0]) << "A was resent after the EOI";
    EXPECT_EQ(xics.accept(0) & 0xffffff, A);
}

TEST_F(XicsFixture, RaisingCpprRejectsAndLoweringResends) {
    xics.set_xive(A, 0, 5);
    xics.pulse(A);
    EXPECT_TRUE(line[0]);
    xics.cppr(0, 4);
    EXPECT_FALSE(line[0]);
    xics.cppr(0, 0xff);
    EXPECT_TRUE(line[0]);
}

TEST_F(XicsFixture, MaskedInterruptIsKeptUntilUnmasked) {
    xics.set_xive(A, 0, 5);
    ASSERT_TRUE(xics.int_off(A));
    xics.pulse(A);
    EXPECT_FALSE(line[0]);
    unsigned server;
    uint8_t prio;
    ASSERT_TRUE(xics.get_xive(A, server, prio));
    EXPECT_EQ(prio, XicsController::kMasked);
    ASSERT_TRUE(xics.int_on(A));
    EXPECT_TRUE(line[0]);
    ASSERT_TRUE(xics.get_xive(A, server, prio));
    EXPECT_EQ(prio, 5);
}

TEST_F(XicsFixture, LevelInterruptReassertsWhileHigh) {
    xics.set_lsi(A, true);
    xics.set_xive(A, 1, 5);
    xics.set_level(A, true);
    EXPECT_TRUE(line[1]);
    uint32_t xirr = xics.accept(1);
    xics.eoi(1, xirr);
    EXPECT_TRUE(line[1]) << "still asserted: presented again";
    xirr = xics.accept(1);
    xics.set_level(A, false);
    xics.eoi(1, xirr);
    EXPECT_FALSE(line[1]);
}

TEST_F(XicsFixture, BadArgumentsAreRefused) {
    unsigned server;
    uint8_t prio;
    EXPECT_FALSE(xics.set_xive(A - 1, 0, 5));
    EXPECT_FALSE(xics.set_xive(A + 16, 0, 5));
    EXPECT_FALSE(xics.set_xive(A, 2, 5));
    EXPECT_FALSE(xics.get_xive(0, server, prio));
    EXPECT_FALSE(xics.int_on(0xffffffff));
    xics.pulse(12345);  // ignored, no crash
    xics.eoi(9, 0xff001000);
}

}  // namespace
}  // namespace ppcvm

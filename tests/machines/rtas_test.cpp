#include "machines/pseries/rtas.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <ctime>
#include <string>

#include "core/guest_memory.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/papr.hpp"

namespace ppcvm {
namespace {

struct FakeHost : RtasHost {
    GuestMemory mem{1 << 20};
    XicsController xics_{2, 8, nullptr};
    std::string console;
    bool powered_off = false, rebooted = false;
    bool running[2] = {true, false};
    uint64_t started_entry = 0, started_r3 = 0;
    int64_t offset = 0;
    GuestMemory& memory() override { return mem; }
    XicsController& xics() override { return xics_; }
    void console_write(const char* d, size_t n) override { console.append(d, n); }
    void request_power_off() override { powered_off = true; }
    void request_reboot() override { rebooted = true; }
    unsigned cpu_count() override { return 2; }
    bool cpu_running(unsigned c) override { return running[c]; }
    bool start_cpu(unsigned c, uint64_t e, uint64_t r3) override {
        running[c] = true;
        started_entry = e;
        started_r3 = r3;
        return true;
    }
    void stop_self(unsigned c) override { running[c] = false; }
    uint64_t ram_bytes() override { return mem.ram_size(); }
    int64_t& rtc_offset() override { return offset; }
    std::string panic;
    void guest_panic(const std::string& m) override { panic = m; }
};

uint32_t token(const char* name) {
    for (const auto& s : pseries::rtas_services())
        if (std::string(s.name) == name) return s.token;
    return 0xdead;
}

struct RtasFixture : ::testing::Test {
    FakeHost host;
    Rtas rtas{host};
    static constexpr uint64_t kBuf = 0x8000;

    void put(uint64_t at, uint32_t v) {
        uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
        host.mem.write_bytes(at, b, 4);
    }
    uint32_t get(uint64_t at) {
        uint8_t b[4];
        host.mem.read_bytes(at, b, 4);
        return (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    }
    // Returns the hypercall status; rets are read with ret(i).
    int64_t call(const char* name, std::vector<uint32_t> args, uint32_t nret) {
        put(kBuf, token(name));
        put(kBuf + 4, static_cast<uint32_t>(args.size()));
        put(kBuf + 8, nret);
        for (size_t i = 0; i < args.size(); ++i) put(kBuf + 12 + 4 * i, args[i]);
        nargs_ = static_cast<uint32_t>(args.size());
        return rtas.call(kBuf, 0);
    }
    int32_t ret(unsigned i) { return static_cast<int32_t>(get(kBuf + 12 + 4 * (nargs_ + i))); }
    uint32_t nargs_ = 0;
};

TEST_F(RtasFixture, DisplayCharacter) {
    EXPECT_EQ(call("display-character", {'H'}, 1), papr::H_SUCCESS);
    EXPECT_EQ(call("display-character", {'i'}, 1), papr::H_SUCCESS);
    EXPECT_EQ(host.console, "Hi");
    EXPECT_EQ(ret(0), rtas::kSuccess);
}

TEST_F(RtasFixture, TimeOfDayFollowsTheHostClockAndSetTimeOfDay) {
    ASSERT_EQ(call("get-time-of-day", {}, 8), papr::H_SUCCESS);
    EXPECT_EQ(ret(0), 0);
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    EXPECT_EQ(ret(1), tm.tm_year + 1900);
    EXPECT_GE(ret(2), 1);
    EXPECT_LE(ret(2), 12);
    ASSERT_EQ(call("set-time-of-day", {2001, 2, 3, 4, 5, 6, 0}, 1), papr::H_SUCCESS);
    EXPECT_EQ(ret(0), 0);
    ASSERT_EQ(call("get-time-of-day", {}, 8), papr::H_SUCCESS);
    EXPECT_EQ(ret(1), 2001);
    EXPECT_EQ(ret(2), 2);
    EXPECT_EQ(ret(3), 3);
    EXPECT_EQ(ret(4), 4);
    EXPECT_EQ(call("set-time-of-day", {2001, 13, 3, 4, 5, 6, 0}, 1), papr::H_SUCCESS);
    EXPECT_EQ(ret(0), rtas::kParameterError);
}

// Fuzzer finding (hypercall target): a year above INT_MAX made `year - 1900` overflow. It is a
// parameter error now, and the clock stays as it was.
TEST_F(RtasFixture, SetTimeOfDayRejectsAYearBeyondInt) {
    for (uint32_t year : {0x80000000u, 0x80000001u, 0xffffffffu}) {
        ASSERT_EQ(call("set-time-of-day", {year, 1, 1, 0, 0, 0, 0}, 1), papr::H_SUCCESS);
        EXPECT_EQ(ret(0), rtas::kParameterError) << year;
        EXPECT_EQ(host.offset, 0);
    }
    for (uint32_t month : {0u, 0x80000000u}) {
        ASSERT_EQ(call("set-time-of-day", {2001, month, 1, 0, 0, 0, 0}, 1), papr::H_SUCCESS);
        EXPECT_EQ(ret(0), rtas::kParameterError) << month;
    }
}

// The largest clock the guest can set, one year on: the year no longer fits an int's
// tm_year + 1900, and get-time-of-day still returns it (as the unsigned word it is).
TEST_F(RtasFixture, GetTimeOfDayPastYearIntMax) {
    std::tm tm{};
    tm.tm_year = INT_MAX - 1900;
    tm.tm_mon = 11;
    tm.tm_mday = 31;
    tm.tm_hour = 23;
    tm.tm_min = 59;
    tm.tm_sec = 59;
    const std::time_t last = timegm(&tm);
    if (last == static_cast<std::time_t>(-1)) GTEST_SKIP() << "host timegm cannot represent it";
    host.offset = static_cast<int64_t>(last) + 3600 - std::time(nullptr);
    ASSERT_EQ(call("get-time-of-day", {}, 8), papr::H_SUCCESS);
    EXPECT_EQ(ret(0), rtas::kSuccess);
    EXPECT_EQ(static_cast<uint32_t>(ret(1)), 0x80000000u);
    EXPECT_EQ(ret(2), 1);
    EXPECT_EQ(ret(3), 1);
}

TEST_F(RtasFixture, PowerOffRebootAndCpus) {
    call("power-off", {0, 0}, 1);
    EXPECT_TRUE(host.powered_off);
    call("system-reboot", {}, 1);
    EXPECT_TRUE(host.rebooted);
    call("query-cpu-stopped-state", {1}, 2);
    EXPECT_EQ(ret(1), rtas::kCpuStopped);
    call("start-cpu", {1, 0x4000, 0x1234}, 1);
    EXPECT_EQ(ret(0), 0);
    EXPECT_EQ(host.started_entry, 0x4000u);
    EXPECT_EQ(host.started_r3, 0x1234u);
    call("query-cpu-stopped-state", {1}, 2);
    EXPECT_EQ(ret(1), rtas::kCpuRunning);
    call("start-cpu", {1, 0x4000, 0}, 1);
    EXPECT_EQ(ret(0), rtas::kParameterError) << "already running";
    call("query-cpu-stopped-state", {9}, 2);
    EXPECT_EQ(ret(0), rtas::kParameterError);
}

TEST_F(RtasFixture, XiveServices) {
    const uint32_t src = XicsController::kFirstSource + 3;
    call("ibm,set-xive", {src, 1, 5}, 1);
    EXPECT_EQ(ret(0), 0);
    call("ibm,get-xive", {src}, 3);
    EXPECT_EQ(ret(1), 1);
    EXPECT_EQ(ret(2), 5);
    call("ibm,int-off", {src}, 1);
    call("ibm,get-xive", {src}, 3);
    EXPECT_EQ(ret(2), 0xff);
    call("ibm,int-on", {src}, 1);
    call("ibm,get-xive", {src}, 3);
    EXPECT_EQ(ret(2), 5);
    call("ibm,set-xive", {src, 7, 5}, 1);
    EXPECT_EQ(ret(0), rtas::kParameterError) << "no server 7";
}

TEST_F(RtasFixture, SystemParameter) {
    call("ibm,get-system-parameter", {rtas::kSysparmSplparCharacteristics, 0x9000, 256}, 1);
    EXPECT_EQ(ret(0), 0);
    char text[64] = {};
    host.mem.read_bytes(0x9002, text, 63);
    EXPECT_EQ(std::string(text).rfind("MaxEntCap=200,DesMem=1,DesProcs=2", 0), 0u) << text;
    call("ibm,get-system-parameter", {12345, 0x9000, 256}, 1);
    EXPECT_EQ(ret(0), rtas::kNotSupported);
    call("ibm,get-system-parameter", {rtas::kSysparmSplparCharacteristics, 0xfffff0, 256}, 1);
    EXPECT_EQ(ret(0), rtas::kParameterError) << "buffer beyond RAM";
}

TEST_F(RtasFixture, OsTermReportsAPanic) {
    host.mem.write_bytes(0x9100, "Kernel panic - not syncing\0", 27);
    call("ibm,os-term", {0x9100}, 1);
    EXPECT_EQ(ret(0), 0);
    EXPECT_EQ(host.panic, "Kernel panic - not syncing");
    call("ibm,os-term", {0xfffffff0}, 1);
    EXPECT_EQ(host.panic, "") << "message outside RAM reads as empty";
}

TEST_F(RtasFixture, EventScanAndUnknownToken) {
    call("event-scan", {0, 0, 0, 0}, 1);
    EXPECT_EQ(ret(0), 1);
    call("no-such-service", {}, 1);
    EXPECT_EQ(ret(0), rtas::kParameterError);
}

TEST_F(RtasFixture, HostileBuffersAreRefused) {
    EXPECT_EQ(rtas.call(1ull << 40, 0), papr::H_PARAMETER);
    EXPECT_EQ(rtas.call(~0ull - 4, 0), papr::H_PARAMETER);
    EXPECT_EQ(rtas.call((1 << 20) - 8, 0), papr::H_PARAMETER) << "header straddles the end";
    put(kBuf, token("display-character"));
    put(kBuf + 4, 0xffffffff);
    put(kBuf + 8, 1);
    EXPECT_EQ(rtas.call(kBuf, 0), papr::H_PARAMETER) << "nargs overflow";
    put(kBuf + 4, 1);
    put(kBuf + 8, 0);
    EXPECT_EQ(rtas.call(kBuf, 0), papr::H_PARAMETER) << "no room for a status";
    // A buffer that fits its header but not its arguments at the very end of RAM.
    const uint64_t end = (1 << 20) - 12;
    put(end, token("display-character"));
    put(end + 4, 4);
    put(end + 8, 1);
    EXPECT_EQ(rtas.call(end, 0), papr::H_PARAMETER);
}

TEST(RtasBlob, IsTheHrtasTrampoline) {
    auto blob = Rtas::entry_blob();
    ASSERT_EQ(blob.size(), 20u);
    EXPECT_EQ(blob[8], 0x60);   // ori
    EXPECT_EQ(blob[10], 0xf0);  // 0xf000
    EXPECT_EQ(blob[15], 0x22);  // sc 1
}

}  // namespace
}  // namespace ppcvm

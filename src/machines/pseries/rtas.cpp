#include "machines/pseries/rtas.hpp"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/guest_memory.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/papr.hpp"

namespace ppcvm {
namespace {

constexpr uint32_t kMaxArgs = 16;  // more than any service takes; bounds a hostile buffer

uint32_t be32(const uint8_t* p) { return (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
void put_be32(uint8_t* p, uint32_t v) {
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

// One decoded call: arguments in, returns out.
struct Call {
    uint32_t token, nargs, nret;
    uint32_t args[kMaxArgs];
    uint32_t rets[kMaxArgs];
    int32_t& status() { return reinterpret_cast<int32_t&>(rets[0]); }
};

// Civil date from seconds since the epoch (UTC), for get-time-of-day.
void set_time_of_day_rets(Call& c, int64_t seconds, uint32_t nanoseconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    const uint32_t values[] = {static_cast<uint32_t>(int64_t{tm.tm_year} + 1900),
                               static_cast<uint32_t>(tm.tm_mon + 1),
                               static_cast<uint32_t>(tm.tm_mday),
                               static_cast<uint32_t>(tm.tm_hour),
                               static_cast<uint32_t>(tm.tm_min),
                               static_cast<uint32_t>(tm.tm_sec),
                               nanoseconds};
    for (uint32_t i = 0; i < 7 && i + 1 < c.nret; ++i) c.rets[i + 1] = values[i];
}

}  // namespace

std::vector<uint8_t> Rtas::entry_blob() {
    const uint32_t words[] = {
        0x7c641b78,  // mr   r4,r3
        0x3c600000,  // lis  r3,0
        0x6063f000,  // ori  r3,r3,0xf000   (H_RTAS)
        0x44000022,  // sc   1
        0x4e800020,  // blr
    };
    std::vector<uint8_t> blob(sizeof words);
    for (size_t i = 0; i < 5; ++i) put_be32(&blob[i * 4], words[i]);
    return blob;
}

int64_t Rtas::call(uint64_t args_pa, unsigned caller) {
    GuestMemory& mem = host_.memory();
    uint8_t* header = mem.ram_ptr(args_pa, 12);
    if (!header) return papr::H_PARAMETER;
    Call c{};
    c.token = be32(header);
    c.nargs = be32(header + 4);
    c.nret = be32(header + 8);
    if (c.nargs > kMaxArgs || c.nret > kMaxArgs || c.nret == 0) return papr::H_PARAMETER;
    uint8_t* buf = mem.ram_ptr(args_pa, 12 + 4ull * (c.nargs + c.nret));
    if (!buf) return papr::H_PARAMETER;
    for (uint32_t i = 0; i < c.nargs; ++i) c.args[i] = be32(buf + 12 + 4 * i);

    static const bool trace = std::getenv("PPCVM_TRACE_HCALLS") != nullptr;
    if (trace)
        std::fprintf(stderr, "rtas token 0x%x nargs %u nret %u arg0 0x%x\n", c.token, c.nargs,
                     c.nret, c.nargs ? c.args[0] : 0);
    // Default: the service is unknown.
    c.status() = rtas::kParameterError;
    auto need = [&](uint32_t nargs, uint32_t nret) { return c.nargs >= nargs && c.nret >= nret; };
    XicsController& xics = host_.xics();
    const std::string_view name = [&]() -> std::string_view {
        for (const auto& s : pseries::rtas_services())
            if (s.token == c.token) return s.name;
        return {};
    }();

    if (name == "display-character" && need(1, 1)) {
        const char ch = static_cast<char>(c.args[0]);
        host_.console_write(&ch, 1);
        c.status() = rtas::kSuccess;
    } else if (name == "get-time-of-day" && need(0, 8)) {
        auto now = std::chrono::system_clock::now().time_since_epoch();
        int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(now).count();
        uint32_t ns = static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() % 1000000000);
        set_time_of_day_rets(c, secs + host_.rtc_offset(), ns);
        c.status() = rtas::kSuccess;
    } else if (name == "set-time-of-day" && need(7, 1)) {
        // The fields are checked before the arithmetic: a year above INT_MAX would overflow
        // `year - 1900` (found by the hypercall fuzzer).
        const bool fields_ok = c.args[0] <= static_cast<uint32_t>(INT_MAX) && c.args[1] >= 1 &&
                               c.args[1] <= 12 && c.args[2] >= 1 && c.args[2] <= 31;
        std::tm tm{};
        if (fields_ok) {
            tm.tm_year = static_cast<int>(c.args[0]) - 1900;
            tm.tm_mon = static_cast<int>(c.args[1]) - 1;
            tm.tm_mday = static_cast<int>(c.args[2]);
            tm.tm_hour = static_cast<int>(c.args[3]);
            tm.tm_min = static_cast<int>(c.args[4]);
            tm.tm_sec = static_cast<int>(c.args[5]);
        }
        const std::time_t wanted = fields_ok ? timegm(&tm) : static_cast<std::time_t>(-1);
        if (wanted == static_cast<std::time_t>(-1)) {
            c.status() = rtas::kParameterError;
        } else {
            host_.rtc_offset() = static_cast<int64_t>(wanted) - std::time(nullptr);
            c.status() = rtas::kSuccess;
        }
    } else if (name == "power-off" && need(2, 1)) {
        host_.request_power_off();
        c.status() = rtas::kSuccess;
    } else if (name == "system-reboot" && need(0, 1)) {
        host_.request_reboot();
        c.status() = rtas::kSuccess;
    } else if (name == "query-cpu-stopped-state" && need(1, 2)) {
        if (c.args[0] >= host_.cpu_count()) {
            c.status() = rtas::kParameterError;
        } else {
            c.rets[1] = host_.cpu_running(c.args[0]) ? rtas::kCpuRunning : rtas::kCpuStopped;
            c.status() = rtas::kSuccess;
        }
    } else if (name == "start-cpu" && need(3, 1)) {
        const bool ok = c.args[0] < host_.cpu_count() && !host_.cpu_running(c.args[0]) &&
                        host_.start_cpu(c.args[0], c.args[1], c.args[2]);
        c.status() = ok ? rtas::kSuccess : rtas::kParameterError;
    } else if (name == "stop-self" && need(0, 1)) {
        host_.stop_self(caller);
        c.status() = rtas::kSuccess;
    } else if (name == "ibm,set-xive" && need(3, 1)) {
        const bool ok = c.args[2] <= 0xff &&
                        xics.set_xive(c.args[0], c.args[1], static_cast<uint8_t>(c.args[2]));
        c.status() = ok ? rtas::kSuccess : rtas::kParameterError;
    } else if (name == "ibm,get-xive" && need(1, 3)) {
        unsigned server;
        uint8_t priority;
        if (xics.get_xive(c.args[0], server, priority)) {
            c.rets[1] = server;
            c.rets[2] = priority;
            c.status() = rtas::kSuccess;
        }
    } else if (name == "ibm,int-off" && need(1, 1)) {
        c.status() = xics.int_off(c.args[0]) ? rtas::kSuccess : rtas::kParameterError;
    } else if (name == "ibm,int-on" && need(1, 1)) {
        c.status() = xics.int_on(c.args[0]) ? rtas::kSuccess : rtas::kParameterError;
    } else if (name == "ibm,get-system-parameter" && need(3, 1)) {
        // args: parameter token, buffer address, buffer length. The buffer holds a 2-byte
        // big-endian length followed by the data (LoPAPR 7.3.16).
        std::string value;
        if (c.args[0] == rtas::kSysparmSplparCharacteristics) {
            const unsigned cpus = host_.cpu_count();
            value = fmt::format("MaxEntCap={},DesMem={},DesProcs={},MaxPlatProcs={}", cpus * 100,
                                host_.ram_bytes() >> 20, cpus, cpus);
            value += '\0';
        } else if (c.args[0] == rtas::kSysparmDiagnosticsRunMode) {
            value = std::string(1, '\0');
        }
        if (value.empty()) {
            c.status() = rtas::kNotSupported;
        } else {
            const uint64_t len = c.args[2];
            uint8_t* out = mem.ram_ptr(c.args[1], len);
            if (!out || len < 2) {
                c.status() = rtas::kParameterError;
            } else {
                const size_t n = std::min<size_t>(value.size(), len - 2);
                out[0] = static_cast<uint8_t>(n >> 8);
                out[1] = static_cast<uint8_t>(n);
                std::memcpy(out + 2, value.data(), n);
                c.status() = rtas::kSuccess;
            }
        }
    } else if (name == "ibm,set-system-parameter" && need(2, 1)) {
        c.status() = rtas::kNotSupported;
    } else if (name == "ibm,os-term" && need(1, 1)) {
        // The argument is the guest address of a NUL-terminated message (LoPAPR 7.3.9).
        std::string message;
        for (uint64_t at = c.args[0]; message.size() < 1024; ++at) {
            const uint8_t* ch = mem.ram_ptr(at, 1);
            if (!ch || *ch == 0) break;
            message += static_cast<char>(*ch);
        }
        host_.guest_panic(message);
        c.status() = rtas::kSuccess;
    } else if ((name == "event-scan" || name == "check-exception") && c.nret >= 1) {
        c.status() = 1;  // "no errors found" (LoPAPR 7.3.3.1 / 7.3.2.1)
    }

    for (uint32_t i = 0; i < c.nret; ++i) put_be32(buf + 12 + 4 * (c.nargs + i), c.rets[i]);
    return papr::H_SUCCESS;
}

}  // namespace ppcvm

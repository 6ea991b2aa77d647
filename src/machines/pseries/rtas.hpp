// RTAS, the run-time abstraction services of a PAPR platform (LoPAPR chapter 7), served by
// ppcvm through the QEMU-private H_RTAS hypercall: the guest's RTAS entry is a 20-byte blob
// (`mr r4,r3; lis r3,0; ori r3,r3,0xf000; sc 1; blr`) that hands the argument buffer to us.
// The buffer is big-endian: token, nargs, nret, args[nargs], rets[nret] (LoPAPR 7.2.7).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "machines/pseries/pseries_device_tree.hpp"

namespace ppcvm {

class GuestMemory;
class XicsController;

namespace rtas {
// RTAS status values (LoPAPR 7.2.8).
inline constexpr int32_t kSuccess = 0, kHardwareError = -1, kBusy = -2, kParameterError = -3;
inline constexpr int32_t kNotSupported = -3;
// query-cpu-stopped-state results.
inline constexpr int32_t kCpuStopped = 0, kCpuRunning = 2;
// ibm,get-system-parameter tokens.
inline constexpr uint32_t kSysparmSplparCharacteristics = 20;
inline constexpr uint32_t kSysparmDiagnosticsRunMode = 42;
}  // namespace rtas

// What RTAS needs from the machine around it.
class RtasHost {
public:
    virtual ~RtasHost() = default;
    virtual GuestMemory& memory() = 0;
    virtual XicsController& xics() = 0;
    virtual void console_write(const char* data, size_t len) = 0;
    virtual void request_power_off() = 0;
    virtual void request_reboot() = 0;
    virtual unsigned cpu_count() = 0;
    virtual bool cpu_running(unsigned cpu) = 0;
    // Start a stopped vCPU at `entry` in real mode with r3 = `r3` (LoPAPR 7.3.14.2).
    virtual bool start_cpu(unsigned cpu, uint64_t entry, uint64_t r3) = 0;
    virtual void stop_self(unsigned cpu) = 0;
    virtual uint64_t ram_bytes() = 0;
    // Seconds to add to host time for the guest's clock (-rtc base=..., set-time-of-day).
    virtual int64_t& rtc_offset() = 0;
    // ibm,os-term: the guest OS reports it is terminating abnormally (a panic), with a message.
    virtual void guest_panic(const std::string& message) = 0;
};

class Rtas {
public:
    explicit Rtas(RtasHost& host) : host_(host) {}

    // Serve one RTAS call whose argument buffer is at guest real address `args_pa`, for the
    // vCPU `caller`. Returns the hypercall status (H_SUCCESS, or H_PARAMETER when the buffer
    // itself is unusable); the RTAS status goes in the buffer's first return word.
    int64_t call(uint64_t args_pa, unsigned caller);

    // The RTAS blob the guest calls (big-endian instruction words) and its size in bytes.
    static std::vector<uint8_t> entry_blob();

private:
    RtasHost& host_;
};

}  // namespace ppcvm

// Fuzz target: what a hostile pseries guest can hand the host through `sc 1`: hypercall
// numbers (the served set, then any number) with any r4..r12 (addresses outside RAM, lengths
// that wrap), and RTAS calls with any token and any argument buffer (nargs/nret too large,
// buffers that end past RAM), in sequences so that state carries from call to call (VPA then
// DTL, set-xive then EOI...). Each input builds a fresh 16 MiB PseriesMachine with 1-4 vCPUs.
//
// Invariants: no crash or sanitizer report; every call returns (the dispatcher never blocks:
// H_CEDE only marks the vCPU ceded, the sleep is the vCPU loop's, which a fuzzer never runs,
// and libFuzzer's -timeout catches any other hang); r3 is a PAPR return code; a call from
// problem state is refused with H_PRIVILEGE and changes no register; an unknown number is
// H_FUNCTION; a served RTAS call leaves an RTAS status in its first return word and writes
// nothing outside its argument buffer (except ibm,get-system-parameter's output buffer).
//
// Input: byte 0 chooses the vCPU count, byte 1 the processor and compat level, then a sequence
// of operations (see run_op): hypercalls, RTAS calls, guest memory writes, and device
// interrupts (the host side of XICS).
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/guest_memory.hpp"
#include "fuzz_input.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/hypercalls.hpp"
#include "machines/pseries/papr.hpp"
#include "machines/pseries/pseries_device_tree.hpp"
#include "machines/pseries/pseries_machine.hpp"

namespace {

using namespace ppcvm;

constexpr uint64_t kRam = 16 << 20;
constexpr unsigned kMaxOps = 48;
constexpr uint64_t kWindow = 64 << 10;

// A 4-byte firmware image: the machine needs -bios or -kernel to exist; nothing runs it.
// (A plain array: the atexit handler runs after static strings are destroyed.)
char g_bios_path[] = "/tmp/ppcvm-fuzz-bios-XXXXXX";
const char* bios_path() {
    static const bool made = [] {
        const int fd = mkstemp(g_bios_path);
        FUZZ_CHECK(fd >= 0);
        const uint8_t blr[4] = {0x4e, 0x80, 0x00, 0x20};
        FUZZ_CHECK(write(fd, blr, 4) == 4);
        close(fd);
        std::atexit([] { unlink(g_bios_path); });
        return true;
    }();
    (void)made;
    return g_bios_path;
}

bool papr_return_code(int64_t rc) {
    using namespace papr;
    if (rc >= H_SUCCESS && rc <= H_NOT_AVAILABLE) return true;                // 0..3
    if (rc <= H_HARDWARE && rc >= H_DROPPED) return true;                     // -1..-12
    if (rc == H_RESOURCE) return true;                                        // -16
    if (rc <= H_P2 && rc >= H_P9) return true;                                // -55..-62
    return rc <= -256 && rc >= -511;  // H_UNSUPPORTED_FLAG_START..END
}

bool rtas_status(int32_t s) { return s == 0 || s == 1 || s == -1 || s == -2 || s == -3; }

uint32_t be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

struct Fuzzer {
    fuzz::ByteSource& in;
    PseriesMachine& machine;
    unsigned smp;

    uint64_t address() { return in.interesting(kRam); }

    void hypercall(CpuState& cpu, uint64_t nr) {
        cpu.gpr[3] = nr;
        for (unsigned r = 4; r <= 12; ++r) cpu.gpr[r] = address();
        uint64_t before[13];
        std::memcpy(before, cpu.gpr, sizeof before);
        const auto& served = served_hcalls(machine);
        const bool known = std::find(served.begin(), served.end(), nr) != served.end();
        const isa::ExecStatus st = machine.hypercall(cpu);
        FUZZ_CHECK(st == isa::ExecStatus::Continue || st == isa::ExecStatus::Stop);
        const int64_t rc = static_cast<int64_t>(cpu.gpr[3]);
        FUZZ_CHECK(papr_return_code(rc));
        if (cpu.problem_state()) {
            FUZZ_CHECK(rc == papr::H_PRIVILEGE);
            FUZZ_CHECK(std::memcmp(before + 4, cpu.gpr + 4, 9 * sizeof(uint64_t)) == 0);
        } else if (!known) {
            FUZZ_CHECK(rc == papr::H_FUNCTION);
        }
    }

    void rtas(CpuState& cpu) {
        const uint64_t at = address();
        const auto& services = pseries::rtas_services();
        const uint8_t t = in.byte();
        const uint32_t token =
            (t & 0x80) ? static_cast<uint32_t>(in.take(4)) : services[t % services.size()].token;
        auto count = [&]() -> uint32_t {
            const uint8_t c = in.byte();
            switch (c >> 6) {
                case 0: return c & 0x1f;
                case 1: return 16 + (c & 3) - 1;  // around the limit
                case 2: return 0xffffffffu - (c & 7);
                default: return static_cast<uint32_t>(in.take(4));
            }
        };
        const uint32_t nargs = count(), nret = count();
        // The buffer as far as it fits in RAM: header, then argument words.
        std::vector<uint8_t> buf(12 + 4 * 16, 0);
        auto put = [&](size_t off, uint32_t v) {
            buf[off] = static_cast<uint8_t>(v >> 24);
            buf[off + 1] = static_cast<uint8_t>(v >> 16);
            buf[off + 2] = static_cast<uint8_t>(v >> 8);
            buf[off + 3] = static_cast<uint8_t>(v);
        };
        put(0, token);
        put(4, nargs);
        put(8, nret);
        for (unsigned i = 0; i < 16; ++i) put(12 + 4 * i, static_cast<uint32_t>(in.interesting(kRam, 32)));
        GuestMemory& mem = machine.memory();
        if (at < kRam) {
            const uint64_t n = std::min<uint64_t>(buf.size(), kRam - at);
            mem.write_bytes(at, buf.data(), n);
        }
        // Everything but the return words must stay as it was: compared in a window around
        // the buffer (a copy of all RAM per call would make the fuzzer crawl; writes elsewhere
        // would need a wild address, which ram_ptr() rules out).
        const uint64_t lo = at < kRam ? (at > kWindow ? at - kWindow : 0) : kRam - kWindow;
        const uint64_t hi = std::min<uint64_t>(kRam, lo + 2 * kWindow);
        std::vector<uint8_t> before(mem.ram() + lo, mem.ram() + hi);
        auto unchanged = [&] { return std::memcmp(before.data(), mem.ram() + lo, hi - lo) == 0; };
        cpu.gpr[3] = papr::H_RTAS;
        cpu.gpr[4] = at;
        const isa::ExecStatus st = machine.hypercall(cpu);
        FUZZ_CHECK(st == isa::ExecStatus::Continue || st == isa::ExecStatus::Stop);
        const int64_t rc = static_cast<int64_t>(cpu.gpr[3]);
        FUZZ_CHECK(papr_return_code(rc));
        if (cpu.problem_state()) {
            FUZZ_CHECK(rc == papr::H_PRIVILEGE);
            return;
        }
        const bool fits = at < kRam && nargs <= 16 && nret <= 16 && nret > 0 &&
                          12 + 4ull * (nargs + nret) <= kRam - at;
        if (!fits) {
            FUZZ_CHECK(rc == papr::H_PARAMETER);
            FUZZ_CHECK(unchanged());
            return;
        }
        FUZZ_CHECK(rc == papr::H_SUCCESS);
        const uint64_t rets = at + 12 + 4ull * nargs;
        FUZZ_CHECK(rtas_status(static_cast<int32_t>(be32(mem.ram() + rets))));
        // Allowed writes: the return words, and get-system-parameter's buffer.
        bool sysparm = false;
        for (const auto& s : services)
            if (s.token == token && std::string(s.name) == "ibm,get-system-parameter")
                sysparm = true;
        if (sysparm) return;
        std::memcpy(before.data() + (rets - lo), mem.ram() + rets, 4ull * nret);
        FUZZ_CHECK(unchanged());
    }

    void write_memory() {
        const uint64_t at = address();
        const std::vector<uint8_t> bytes = in.bytes(in.byte() % 64);
        if (at < kRam)
            machine.memory().write_bytes(at, bytes.data(),
                                         std::min<uint64_t>(bytes.size(), kRam - at));
    }

    // What a device does meanwhile (host side): raise or drop an interrupt line, or pulse a
    // message-signalled source, so that the guest's XICS calls meet real pending sources.
    void device_interrupt(uint8_t how) {
        const uint32_t source = (how & 0x80) ? static_cast<uint32_t>(in.take(4))
                                             : XicsController::kFirstSource + in.byte() % 16;
        XicsController& xics = machine.xics();
        switch (how & 3) {
            case 0: xics.pulse(source); break;
            case 1: xics.set_lsi(source, true); xics.set_level(source, true); break;
            case 2: xics.set_level(source, false); break;
            default: xics.set_lsi(source, false); break;
        }
    }

    void run_op() {
        const uint8_t op = in.byte();
        CpuState& cpu = machine.vcpu_state(in.byte() % smp);
        // One call in eight from problem state (an application trying `sc 1`).
        if ((op & 0x70) == 0x70) cpu.msr |= msr::kPR;
        else cpu.msr &= ~msr::kPR;
        switch (op & 3) {
            case 0: {
                const auto& nrs = candidate_hcalls(machine);
                hypercall(cpu, nrs[in.byte() % nrs.size()]);
                break;
            }
            case 1: {
                const uint8_t how = in.byte();
                hypercall(cpu, (how & 1) ? in.take(8) : (in.take(2) & 0xfffc));
                break;
            }
            case 2: rtas(cpu); break;
            default:
                if (op & 4) device_interrupt(in.byte());
                else write_memory();
                break;
        }
    }

    // Every number the machine serves.
    static const std::vector<uint64_t>& served_hcalls(PseriesMachine& m) {
        static const std::vector<uint64_t> nrs = HypercallDispatcher(m).opcodes();
        return nrs;
    }
    // Those, and the ones papr.hpp names that are not served (a guest may try them).
    static const std::vector<uint64_t>& candidate_hcalls(PseriesMachine& m) {
        static const std::vector<uint64_t> nrs = [&] {
            std::vector<uint64_t> v = served_hcalls(m);
            for (uint64_t nr : {papr::H_ENTER, papr::H_REMOVE, papr::H_READ, papr::H_PROTECT,
                                papr::H_CLEAR_MOD, papr::H_CLEAR_REF, papr::H_BULK_REMOVE,
                                papr::H_JOIN, papr::H_CLEAN_SLB, papr::H_INVALIDATE_PID,
                                papr::H_SIGNAL_SYS_RESET, papr::H_RPT_INVALIDATE})
                if (std::find(v.begin(), v.end(), nr) == v.end()) v.push_back(nr);
            return v;
        }();
        return nrs;
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    fuzz::ByteSource in(data, size);
    const uint8_t config = in.byte();
    MachineOptions options;
    const auto& plats = fuzz::papr_platforms();
    options.platform = plats[in.byte() % plats.size()];
    options.ram_bytes = kRam;
    options.smp = 1 + (config & 3);
    options.bios = bios_path();
    options.console_out = [](const char*, size_t) {};
    PseriesMachine machine(options);
    Fuzzer f{in, machine, options.smp};
    for (unsigned i = 0; i < kMaxOps && !in.empty(); ++i) f.run_op();
    return 0;
}

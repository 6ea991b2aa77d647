// The `ppcvm` command line: the options people use with qemu-system-ppc64 / qemu-system-ppc,
// plus ppcvm's own. This front end only translates text into a PlatformRequest and machine
// settings; every decision is made by the platform resolver and the machine catalog.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "machines/machine_catalog.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm::cli {

// A usage or configuration error: printed as one message, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Action { Run, Describe, MachineHelp, CpuHelp, Help, Version };

struct CommandLine {
    Action action = Action::Run;
    bool json = false;

    std::string machine_name = "pseries";
    std::string cpu_name;  // empty: the machine's default
    std::optional<std::string> max_cpu_compat;
    PlatformRequest request;  // filled from the options above

    uint64_t ram_bytes = 512ull << 20;  // QEMU's pseries default is 512 MiB too
    unsigned smp = 1;
    std::string kernel, initrd, append, bios;
    bool nographic = false;
    std::string serial;
    bool no_reboot = false;
    bool start_stopped = false;  // -S
    std::string gdb;             // -s means tcp::1234
    std::string rtc;

    std::vector<std::string> warnings;  // accepted options that change nothing, one line each
};

// Parse argv (argv[0] included). Throws UsageError.
CommandLine parse_command_line(int argc, const char* const argv[]);

// Parse a QEMU memory size ("512", "512M", "1G", "size=1G,maxmem=..."); default unit MiB.
uint64_t parse_memory_size(const std::string& text, std::vector<std::string>& warnings);
// Parse a QEMU -smp value ("4", "cpus=4,cores=2,...") into the number of vCPUs.
unsigned parse_smp(const std::string& text, std::vector<std::string>& warnings);

}  // namespace ppcvm::cli

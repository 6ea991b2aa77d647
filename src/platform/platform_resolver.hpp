// Turns a platform request (the C ABI's ppcvm_config) into the platform the guest will see, or
// into one clear message per problem. Nothing here runs a guest: it is the decision itself,
// shared by the C ABI, the C++ API, the command line and the machines.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/cpu_catalog.hpp"
#include "ppcvm/ppcvm.h"

namespace ppcvm {

enum class Platform : uint32_t {
    Default = PPCVM_PLATFORM_DEFAULT,
    BareMetal = PPCVM_PLATFORM_BARE_METAL,
    Papr = PPCVM_PLATFORM_PAPR,
    BookE = PPCVM_PLATFORM_BOOKE,
};

enum class EngineKind : uint32_t {
    Auto = PPCVM_ENGINE_AUTO,
    Exact = PPCVM_ENGINE_EXACT,
    Fast = PPCVM_ENGINE_FAST,
};

struct PlatformRequest {
    Platform platform = Platform::Default;
    uint32_t pvr = 0;         // real, logical, or 0 = default for the platform
    uint32_t compat_pvr = 0;  // logical PVR or 0
    uint64_t flags = 0;       // PPCVM_CONFIG_F_*
    EngineKind engine = EngineKind::Auto;
};

struct ResolvedPlatform {
    Platform platform = Platform::Default;
    const CpuModel* cpu = nullptr;
    uint32_t pvr = 0;          // what the guest reads from the PVR
    uint32_t compat_pvr = 0;   // 0 = native
    IsaLevel effective_isa = IsaLevel::Classic32;
    uint64_t pcr = 0;
    uint32_t facilities = 0;   // after compat gating
    uint64_t flags = 0;
    std::vector<uint32_t> hcall_sequence;  // empty unless paravirt is on
    EngineKind engine = EngineKind::Exact;
    std::string engine_reason;

    bool paravirt() const { return (flags & PPCVM_CONFIG_F_PARAVIRT) != 0; }
};

// Every problem found in a request, each with the C ABI status it maps to.
struct ConfigProblem {
    int status;  // enum ppcvm_status
    std::string message;
};

class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(std::vector<ConfigProblem> problems);
    const std::vector<ConfigProblem>& problems() const { return problems_; }
    int status() const { return problems_.empty() ? PPCVM_E_INVALID : problems_.front().status; }

private:
    std::vector<ConfigProblem> problems_;
};

// Resolve and validate; throws ConfigError listing every problem.
ResolvedPlatform resolve_platform(const PlatformRequest& request);

// The paravirtual hypercall sequence for a platform/processor pair (ePAPR 1.1 section 6.1 and
// Linux's epapr_paravirt.c: BookE with the Embedded.Hypervisor category traps with `sc 1`;
// everywhere else the KVM "magic r0" sequence tells a hypercall from a guest system call).
std::vector<uint32_t> paravirt_hcall_sequence(Platform platform, const CpuModel& cpu);

const char* platform_name(Platform p);
const char* engine_name(EngineKind e);
const char* family_name(CpuFamily f);

}  // namespace ppcvm

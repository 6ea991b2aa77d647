#include "platform/platform_resolver.hpp"

#include <fmt/format.h>

#include "core/engine_capabilities.hpp"

namespace ppcvm {
namespace {

std::string join_messages(const std::vector<ConfigProblem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty()) out += '\n';
        out += p.message;
    }
    return out;
}

std::string pvr_text(uint32_t pvr) { return fmt::format("0x{:08x}", pvr); }

// The processor a platform gets when the request names none.
const CpuModel* default_cpu_for(Platform p) {
    switch (p) {
        case Platform::BookE: return find_cpu_by_name("e500v2");  // QEMU's ppce500 default
        case Platform::Default:
        case Platform::Papr:
        case Platform::BareMetal: return find_cpu_by_name("POWER9");
    }
    return nullptr;
}

Platform default_platform_for(const CpuModel& cpu) {
    switch (cpu.family) {
        case CpuFamily::Book3S64: return Platform::Papr;
        case CpuFamily::Book3S32: return Platform::BareMetal;
        case CpuFamily::BookE: return Platform::BookE;
    }
    return Platform::Papr;
}

}  // namespace

ConfigError::ConfigError(std::vector<ConfigProblem> problems)
    : std::runtime_error(join_messages(problems)), problems_(std::move(problems)) {}

const char* platform_name(Platform p) {
    switch (p) {
        case Platform::Default: return "default";
        case Platform::BareMetal: return "bare-metal";
        case Platform::Papr: return "PAPR";
        case Platform::BookE: return "BookE";
    }
    return "?";
}

const char* engine_name(EngineKind e) {
    switch (e) {
        case EngineKind::Auto: return "auto";
        case EngineKind::Exact: return "exact";
        case EngineKind::Fast: return "fast";
    }
    return "?";
}

const char* family_name(CpuFamily f) {
    switch (f) {
        case CpuFamily::Book3S64: return "Book3S-64";
        case CpuFamily::Book3S32: return "Book3S-32";
        case CpuFamily::BookE: return "BookE";
    }
    return "?";
}

std::vector<uint32_t> paravirt_hcall_sequence(Platform platform, const CpuModel& cpu) {
    if (platform == Platform::BookE && cpu.booke_hv)
        return {0x44000022, 0x60000000, 0x60000000, 0x60000000};  // sc 1; nop; nop; nop
    // lis r0,0x4b56; ori r0,r0,0x4d21 (r0 = "KVM!"); sc; nop
    return {0x3c004b56, 0x60004d21, 0x44000002, 0x60000000};
}

ResolvedPlatform resolve_platform(const PlatformRequest& req) {
    std::vector<ConfigProblem> problems;
    auto fail = [&](int status, std::string msg) { problems.push_back({status, std::move(msg)}); };

    // ---- enum ranges and flags ----
    switch (req.platform) {
        case Platform::Default:
        case Platform::BareMetal:
        case Platform::Papr:
        case Platform::BookE: break;
        default:
            fail(PPCVM_E_INVALID, fmt::format("unknown platform {} (expected 0 default, 1 "
                                              "bare-metal, 2 PAPR, 3 BookE)",
                                              static_cast<uint32_t>(req.platform)));
    }
    if (req.flags & ~PPCVM_CONFIG_F_ALL)
        fail(PPCVM_E_INVALID, fmt::format("unknown config flags 0x{:x}: this ppcvm knows 0x{:x}",
                                          req.flags & ~PPCVM_CONFIG_F_ALL, PPCVM_CONFIG_F_ALL));
    switch (req.engine) {
        case EngineKind::Auto:
        case EngineKind::Exact:
        case EngineKind::Fast: break;
        default:
            fail(PPCVM_E_INVALID, fmt::format("unknown engine {} (expected 0 auto, 1 exact, 2 fast)",
                                              static_cast<uint32_t>(req.engine)));
    }
    if ((req.flags & PPCVM_CONFIG_F_FORCE_EXACT) && req.engine == EngineKind::Fast)
        fail(PPCVM_E_INVALID,
             "the force-exact flag (CROSS_ARCH, kvm-type=PR) contradicts the fast engine request "
             "(kvm-type=HV)");

    // ---- processor ----
    const CpuModel* cpu = nullptr;
    if (req.pvr == 0) {
        cpu = default_cpu_for(req.platform);
    } else if (is_logical_pvr(req.pvr)) {
        cpu = find_cpu_for_logical_pvr(req.pvr);
        if (!cpu)
            fail(PPCVM_E_UNKNOWN_CPU,
                 fmt::format("no processor model implements logical PVR {} (ISA {})",
                             pvr_text(req.pvr), isa_level_name(*isa_for_logical_pvr(req.pvr))));
    } else {
        cpu = find_cpu_by_pvr(req.pvr);
        if (!cpu)
            fail(PPCVM_E_UNKNOWN_CPU,
                 fmt::format("unknown PVR {}: not a catalog model nor a logical PVR "
                             "(see `ppcvm -cpu help`)",
                             pvr_text(req.pvr)));
    }
    if (!cpu) throw ConfigError(std::move(problems));

    Platform platform = req.platform == Platform::Default ? default_platform_for(*cpu)
                                                          : req.platform;

    // ---- platform vs processor ----
    if (platform == Platform::Papr && cpu->family != CpuFamily::Book3S64)
        fail(PPCVM_E_MISMATCH,
             fmt::format("the PAPR (pseries) platform needs a 64-bit Book III-S processor; {} is "
                         "{} ({}-bit): use {}",
                         cpu->name, family_name(cpu->family), cpu->address_bits,
                         cpu->family == CpuFamily::BookE ? "the BookE platform (-M ppce500)"
                                                         : "the bare-metal platform (-M mac99)"));
    if (platform == Platform::BookE && cpu->family != CpuFamily::BookE)
        fail(PPCVM_E_MISMATCH,
             fmt::format("the BookE platform needs an e500-family processor; {} is {}", cpu->name,
                         family_name(cpu->family)));
    if (platform == Platform::BareMetal && cpu->family == CpuFamily::BookE)
        fail(PPCVM_E_MISMATCH,
             fmt::format("the bare-metal platform needs a Book III-S processor; {} is BookE: use "
                         "the BookE platform (-M ppce500)",
                         cpu->name));

    // ---- compatibility level ----
    IsaLevel effective = cpu->isa;
    uint64_t pcr_value = 0;
    if (req.compat_pvr != 0) {
        auto level = isa_for_logical_pvr(req.compat_pvr);
        if (!level) {
            fail(PPCVM_E_INVALID,
                 fmt::format("compat level {} is not a logical PVR (expected 0x0f000002 POWER6 .. "
                             "0x0f000006 POWER10)",
                             pvr_text(req.compat_pvr)));
        } else if (!cpu->has_pcr) {
            fail(PPCVM_E_MISMATCH,
                 fmt::format("{} has no Processor Compatibility Register, so it cannot run in "
                             "compat mode (ISA {} requested)",
                             cpu->name, isa_level_name(*level)));
        } else if (*level > cpu->isa) {
            fail(PPCVM_E_MISMATCH,
                 fmt::format("compat level ISA {} ({}) is newer than {} (ISA {})",
                             isa_level_name(*level), pvr_text(req.compat_pvr), cpu->name,
                             isa_level_name(cpu->isa)));
        } else if (*level == cpu->isa) {
            // Running as its own level is native mode: PCR 0 (QEMU accepts this too).
            effective = *level;
        } else {
            bool supported = false;
            for (IsaLevel l : cpu->compat_levels) supported |= (l == *level);
            if (!supported) {
                std::string set;
                for (IsaLevel l : cpu->compat_levels)
                    set += fmt::format("{}{}", set.empty() ? "" : ", ", isa_level_name(l));
                fail(PPCVM_E_MISMATCH,
                     fmt::format("{} cannot run as ISA {}: its compat levels are {}", cpu->name,
                                 isa_level_name(*level), set));
            } else if (platform == Platform::BareMetal) {
                // PCR is hypervisor-privileged (Power ISA 3.1 Book III 2.2): on bare metal the
                // guest is the hypervisor and sets it itself.
                fail(PPCVM_E_MISMATCH,
                     "a compat level is set by the hypervisor, but on the bare-metal platform the "
                     "guest is the hypervisor and programs the PCR itself");
            } else {
                effective = *level;
                pcr_value = compute_pcr(*cpu, *level);
            }
        }
    }

    // ---- engine ----
    EngineKind engine = EngineKind::Exact;
    std::string reason;
    EngineVerdict fast = fast_engine_can_serve(*cpu);
    if (req.flags & PPCVM_CONFIG_F_FORCE_EXACT) {
        reason = "exact engine forced by the force-exact flag (the RFC's CROSS_ARCH)";
    } else if (req.engine == EngineKind::Exact) {
        reason = "exact engine requested (kvm-type=PR)";
    } else if (req.engine == EngineKind::Fast) {
        if (fast.can_serve) {
            engine = EngineKind::Fast;
            reason = "fast engine requested (kvm-type=HV)";
        } else {
            fail(PPCVM_E_ENGINE, "the fast engine was requested (kvm-type=HV) but cannot serve "
                                 "this configuration: " + fast.reason);
        }
    } else if (fast.can_serve) {
        engine = EngineKind::Fast;
        reason = "auto: the fast engine serves this configuration";
    } else {
        reason = "auto: exact engine, because " + fast.reason;
    }

    if (!problems.empty()) throw ConfigError(std::move(problems));

    ResolvedPlatform r;
    r.platform = platform;
    r.cpu = cpu;
    r.pvr = cpu->pvr;  // a logical PVR selects a model; the guest reads that model's real PVR
    // Compat at the CPU's own level is kept: the guest sees "(architected)" with PCR 0.
    r.compat_pvr = req.compat_pvr;
    r.effective_isa = effective;
    r.pcr = pcr_value;
    r.facilities = facilities_at_level(*cpu, effective);
    r.flags = req.flags;
    if (r.paravirt()) r.hcall_sequence = paravirt_hcall_sequence(platform, *cpu);
    r.engine = engine;
    r.engine_reason = reason;
    return r;
}

}  // namespace ppcvm

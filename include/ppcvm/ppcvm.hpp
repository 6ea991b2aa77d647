// ppcvm C++ API: a thin, header-only layer over the stable C ABI in ppcvm.h.
// Errors become ppcvm::Error exceptions carrying the C status and message.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "ppcvm/ppcvm.h"

namespace ppcvm {

class Error : public std::runtime_error {
public:
    Error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

inline void check(int status) {
    if (status != PPCVM_OK) throw Error(status, ppcvm_last_error());
}

// What a configuration resolved to (the C struct, with conveniences).
struct PlatformInfo : ppcvm_platform_info {
    PlatformInfo() : ppcvm_platform_info{} { size = sizeof(ppcvm_platform_info); }
    std::string model() const { return model_name; }
    std::string platform_name() const { return ppcvm_platform_name(platform); }
    std::string family_name() const { return ppcvm_family_name(family); }
    std::string engine_name() const { return ppcvm_engine_name(engine); }
    std::string isa_name() const { return ppcvm_isa_level_name(isa_level); }
    std::vector<uint32_t> hcall_sequence() const {
        return {hcall_insns, hcall_insns + hcall_insn_count};
    }
};

// Builder for ppcvm_config.
class PlatformConfig {
public:
    PlatformConfig() { ppcvm_config_init(&cfg_); }

    PlatformConfig& platform(ppcvm_platform p) { cfg_.platform = p; return *this; }
    PlatformConfig& pvr(uint32_t value) { cfg_.pvr = value; return *this; }
    // By name as people type it ("POWER9", "g4", "e500", "0x0f000004").
    PlatformConfig& cpu(const std::string& name) {
        check(ppcvm_cpu_lookup(name.c_str(), &cfg_.pvr));
        return *this;
    }
    PlatformConfig& compat(uint32_t logical_pvr) { cfg_.compat_pvr = logical_pvr; return *this; }
    PlatformConfig& paravirt(bool on = true) { return flag(PPCVM_CONFIG_F_PARAVIRT, on); }
    PlatformConfig& force_exact(bool on = true) { return flag(PPCVM_CONFIG_F_FORCE_EXACT, on); }
    PlatformConfig& engine(ppcvm_engine e) { cfg_.engine = e; return *this; }

    const ppcvm_config& raw() const { return cfg_; }

    PlatformInfo describe() const {
        PlatformInfo info;
        check(ppcvm_describe(&cfg_, &info));
        return info;
    }
    ppcvm_pvinfo pvinfo() const {
        ppcvm_pvinfo p{};
        p.size = sizeof p;
        check(ppcvm_get_pvinfo(&cfg_, &p));
        return p;
    }

private:
    PlatformConfig& flag(uint64_t bit, bool on) {
        cfg_.flags = on ? (cfg_.flags | bit) : (cfg_.flags & ~bit);
        return *this;
    }
    ppcvm_config cfg_;
};

}  // namespace ppcvm

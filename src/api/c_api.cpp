// The C ABI (include/ppcvm/ppcvm.h): translates the versioned structs to the resolver and back.
// No decision is made here; every rule lives in platform/platform_resolver.cpp.
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "platform/platform_resolver.hpp"
#include "ppcvm/ppcvm.h"

namespace {

thread_local std::string g_last_error;

int set_error(int status, std::string message) {
    g_last_error = std::move(message);
    return status;
}

// Copy a caller's input struct of `caller_size` bytes into our `ours` (zero-initialised) of
// `our_size` bytes, applying the extensible-struct rules documented in ppcvm.h.
int copy_struct_in(const void* caller, uint32_t caller_size, void* ours, size_t our_size,
                   uint32_t min_size, const char* what) {
    if (caller_size < min_size || caller_size % 8 != 0 || caller_size > PPCVM_STRUCT_SIZE_MAX)
        return set_error(PPCVM_E_BAD_SIZE,
                         fmt::format("{}.size = {} is not a size this ppcvm knows (at least {}, "
                                     "a multiple of 8, at most {}; this version's is {})",
                                     what, caller_size, min_size, PPCVM_STRUCT_SIZE_MAX, our_size));
    std::memset(ours, 0, our_size);
    std::memcpy(ours, caller, std::min<size_t>(caller_size, our_size));
    if (caller_size > our_size) {
        const auto* tail = static_cast<const unsigned char*>(caller) + our_size;
        for (size_t i = 0; i < caller_size - our_size; ++i)
            if (tail[i] != 0)
                return set_error(PPCVM_E_TOO_NEW,
                                 fmt::format("{} byte {} is non-zero, but this ppcvm knows only "
                                             "the first {} bytes: it needs a newer ppcvm",
                                             what, our_size + i, our_size));
    }
    return PPCVM_OK;
}

// Write our output struct into the caller's, as much as the caller has room for.
int copy_struct_out(void* caller, const void* ours, size_t our_size, uint32_t min_size,
                    const char* what) {
    uint32_t caller_size;
    std::memcpy(&caller_size, caller, sizeof caller_size);
    if (caller_size < min_size || caller_size % 8 != 0 || caller_size > PPCVM_STRUCT_SIZE_MAX)
        return set_error(PPCVM_E_BAD_SIZE,
                         fmt::format("{}.size = {} is not a size this ppcvm knows (at least {}, "
                                     "a multiple of 8, at most {})",
                                     what, caller_size, min_size, PPCVM_STRUCT_SIZE_MAX));
    std::memset(caller, 0, caller_size);
    std::memcpy(caller, ours, std::min<size_t>(caller_size, our_size));
    std::memcpy(caller, &caller_size, sizeof caller_size);  // keep the caller's own size
    return PPCVM_OK;
}

int request_from_config(const ppcvm_config* cfg, ppcvm::PlatformRequest& req) {
    if (!cfg) return set_error(PPCVM_E_INVALID, "config pointer is NULL");
    ppcvm_config c;
    if (int rc = copy_struct_in(cfg, cfg->size, &c, sizeof c, PPCVM_CONFIG_SIZE_VER0,
                                "ppcvm_config");
        rc != PPCVM_OK)
        return rc;
    if (c.reserved0 != 0)
        return set_error(PPCVM_E_INVALID, "ppcvm_config.reserved0 must be zero");
    for (size_t i = 0; i < sizeof c.reserved / sizeof c.reserved[0]; ++i)
        if (c.reserved[i] != 0)
            return set_error(PPCVM_E_INVALID,
                             fmt::format("ppcvm_config.reserved[{}] must be zero", i));
    req.platform = static_cast<ppcvm::Platform>(c.platform);
    req.pvr = c.pvr;
    req.compat_pvr = c.compat_pvr;
    req.flags = c.flags;
    req.engine = static_cast<ppcvm::EngineKind>(c.engine);
    return PPCVM_OK;
}

void fill_info(const ppcvm::ResolvedPlatform& r, ppcvm_platform_info& info) {
    std::memset(&info, 0, sizeof info);
    info.size = sizeof info;
    info.platform = static_cast<uint32_t>(r.platform);
    info.pvr = r.pvr;
    info.family = static_cast<uint32_t>(r.cpu->family);
    std::snprintf(info.model_name, sizeof info.model_name, "%s", r.cpu->name);
    info.isa_level = static_cast<uint32_t>(r.cpu->isa);
    info.compat_pvr = r.compat_pvr;
    info.pcr = r.pcr;
    info.mmu_models = r.cpu->mmu_models;
    info.facilities = r.facilities;
    info.address_bits = r.cpu->address_bits;
    info.endianness = r.cpu->bi_endian ? PPCVM_ENDIAN_BI : PPCVM_ENDIAN_BIG_ONLY;
    info.flags = r.flags;
    info.hcall_insn_count = static_cast<uint32_t>(r.hcall_sequence.size());
    for (size_t i = 0; i < r.hcall_sequence.size() && i < 4; ++i)
        info.hcall_insns[i] = r.hcall_sequence[i];
    info.engine = static_cast<uint32_t>(r.engine);
    std::snprintf(info.engine_reason, sizeof info.engine_reason, "%s", r.engine_reason.c_str());
    info.effective_isa_level = static_cast<uint32_t>(r.effective_isa);
}

template <typename F>
int guarded(F&& body) {
    try {
        g_last_error.clear();
        return body();
    } catch (const ppcvm::ConfigError& e) {
        return set_error(e.status(), e.what());
    } catch (const std::bad_alloc&) {
        return set_error(PPCVM_E_NOMEM, "out of memory");
    } catch (const std::exception& e) {
        return set_error(PPCVM_E_INVALID, e.what());
    }
}

constexpr uint32_t kInfoMinSize = 8;  // size + platform

}  // namespace

extern "C" {

uint32_t ppcvm_abi_version(void) { return PPCVM_ABI_VERSION; }

void ppcvm_config_init(struct ppcvm_config* cfg) {
    if (!cfg) return;
    std::memset(cfg, 0, sizeof *cfg);
    cfg->size = sizeof *cfg;
}

int ppcvm_describe(const struct ppcvm_config* cfg, struct ppcvm_platform_info* info) {
    return guarded([&]() -> int {
        if (!info) return set_error(PPCVM_E_INVALID, "info pointer is NULL");
        ppcvm::PlatformRequest req;
        if (int rc = request_from_config(cfg, req); rc != PPCVM_OK) return rc;
        ppcvm::ResolvedPlatform r = ppcvm::resolve_platform(req);
        ppcvm_platform_info full;
        fill_info(r, full);
        return copy_struct_out(info, &full, sizeof full, kInfoMinSize, "ppcvm_platform_info");
    });
}

int ppcvm_get_pvinfo(const struct ppcvm_config* cfg, struct ppcvm_pvinfo* pvinfo) {
    return guarded([&]() -> int {
        if (!pvinfo) return set_error(PPCVM_E_INVALID, "pvinfo pointer is NULL");
        ppcvm::PlatformRequest req;
        if (int rc = request_from_config(cfg, req); rc != PPCVM_OK) return rc;
        ppcvm::ResolvedPlatform r = ppcvm::resolve_platform(req);
        if (!r.paravirt())
            return set_error(PPCVM_E_INVALID,
                             "paravirt information asked for, but the configuration does not "
                             "enable PPCVM_CONFIG_F_PARAVIRT");
        ppcvm_pvinfo full;
        std::memset(&full, 0, sizeof full);
        full.size = sizeof full;
        for (size_t i = 0; i < 4 && i < r.hcall_sequence.size(); ++i)
            full.hcall[i] = r.hcall_sequence[i];
        // The ePAPR idle hypercall is offered wherever the paravirt interface is (KVM does the
        // same on BookE and Book3S PR).
        full.flags = PPCVM_PVINFO_F_EV_IDLE;
        full.magic_page_ea = static_cast<uint64_t>(-4096);
        full.magic_page_size = 4096;
        return copy_struct_out(pvinfo, &full, sizeof full, 8, "ppcvm_pvinfo");
    });
}

const char* ppcvm_last_error(void) { return g_last_error.c_str(); }

int ppcvm_cpu_lookup(const char* name, uint32_t* pvr) {
    return guarded([&]() -> int {
        if (!name || !pvr) return set_error(PPCVM_E_INVALID, "NULL argument");
        if (auto number = ppcvm::parse_pvr_number(name)) {
            if (ppcvm::find_cpu_by_pvr(*number) || ppcvm::is_logical_pvr(*number)) {
                *pvr = *number;
                return PPCVM_OK;
            }
            return set_error(PPCVM_E_UNKNOWN_CPU,
                             fmt::format("unknown PVR {}: not a catalog model nor a logical PVR "
                                         "(see `ppcvm -cpu help`)",
                                         name));
        }
        if (const auto* m = ppcvm::find_cpu_by_name(name)) {
            *pvr = m->pvr;
            return PPCVM_OK;
        }
        return set_error(PPCVM_E_UNKNOWN_CPU,
                         fmt::format("unknown CPU model '{}' (see `ppcvm -cpu help`)", name));
    });
}

int ppcvm_cpu_catalog_entry(uint32_t index, struct ppcvm_platform_info* info) {
    return guarded([&]() -> int {
        auto catalog = ppcvm::cpu_catalog();
        if (index >= catalog.size())
            return set_error(PPCVM_E_INVALID, fmt::format("catalog has {} entries", catalog.size()));
        if (!info) return set_error(PPCVM_E_INVALID, "info pointer is NULL");
        ppcvm::PlatformRequest req;
        req.pvr = catalog[index].pvr;
        ppcvm_platform_info full;
        fill_info(ppcvm::resolve_platform(req), full);
        return copy_struct_out(info, &full, sizeof full, kInfoMinSize, "ppcvm_platform_info");
    });
}

const char* ppcvm_platform_name(uint32_t platform) {
    return ppcvm::platform_name(static_cast<ppcvm::Platform>(platform));
}
const char* ppcvm_family_name(uint32_t family) {
    return ppcvm::family_name(static_cast<ppcvm::CpuFamily>(family));
}
const char* ppcvm_engine_name(uint32_t engine) {
    return ppcvm::engine_name(static_cast<ppcvm::EngineKind>(engine));
}
const char* ppcvm_isa_level_name(uint32_t isa_level) {
    return ppcvm::isa_level_name(static_cast<ppcvm::IsaLevel>(isa_level));
}

}  // extern "C"

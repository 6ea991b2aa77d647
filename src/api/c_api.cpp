// The C ABI (include/ppcvm/ppcvm.h): translates the versioned structs to the resolver and the
// pseries machine and back. No platform decision is made here; every rule lives in
// platform/platform_resolver.cpp, and the machine's own checks in machines/pseries.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "machines/pseries/pseries_machine.hpp"
#include "platform/platform_resolver.hpp"
#include "ppcvm/ppcvm.h"

// The ABI's struct sizes are fixed (LP64 hosts): a change here is an ABI change.
static_assert(sizeof(ppcvm_config) == PPCVM_CONFIG_SIZE_VER1);
static_assert(sizeof(ppcvm_machine_options) == PPCVM_MACHINE_OPTIONS_SIZE_VER0);
static_assert(sizeof(ppcvm_exit) == PPCVM_EXIT_SIZE_VER0);
static_assert(offsetof(ppcvm_exit, papr_hcall) == 16);

struct ppcvm_vm {
    ppcvm::ResolvedPlatform platform;
    std::unique_ptr<ppcvm::PseriesMachine> machine;
    // The last ppcvm_vm_run returned a hypercall exit of vCPU `hcall_vcpu`, not answered yet.
    bool hcall_outstanding = false;
    unsigned hcall_vcpu = 0;
    // Once the machine has ended, the exit every later ppcvm_vm_run returns.
    bool ended = false;
    ppcvm_exit final_exit{};
};

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

// ---- machines ----

void write_stdout(const char* data, size_t len) {
    while (len > 0) {
        const ssize_t n = ::write(1, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere to write: the output is dropped, as with CONSOLE_NONE
        data += n;
        len -= static_cast<size_t>(n);
    }
}

int machine_options_from(const ppcvm_machine_options* in, const ppcvm::ResolvedPlatform& platform,
                         ppcvm::MachineOptions& out) {
    if (!in) return set_error(PPCVM_E_INVALID, "machine options pointer is NULL");
    ppcvm_machine_options o;
    if (int rc = copy_struct_in(in, in->size, &o, sizeof o, PPCVM_MACHINE_OPTIONS_SIZE_VER0,
                                "ppcvm_machine_options");
        rc != PPCVM_OK)
        return rc;
    if (o.flags != 0)
        return set_error(PPCVM_E_INVALID,
                         fmt::format("ppcvm_machine_options.flags = {:#x}: no flags are defined",
                                     o.flags));
    if (o.reserved0 != 0)
        return set_error(PPCVM_E_INVALID, "ppcvm_machine_options.reserved0 must be zero");
    for (size_t i = 0; i < sizeof o.reserved / sizeof o.reserved[0]; ++i)
        if (o.reserved[i] != 0)
            return set_error(PPCVM_E_INVALID,
                             fmt::format("ppcvm_machine_options.reserved[{}] must be zero", i));
    if (o.vcpus > ppcvm::kPseriesMaxVcpus)
        return set_error(PPCVM_E_INVALID,
                         fmt::format("ppcvm_machine_options.vcpus = {}: at most {}", o.vcpus,
                                     ppcvm::kPseriesMaxVcpus));
    switch (o.console) {
        case PPCVM_CONSOLE_NONE:
            if (o.console_write || o.console_opaque)
                return set_error(PPCVM_E_INVALID,
                                 "ppcvm_machine_options.console_write/console_opaque are set "
                                 "but console is not PPCVM_CONSOLE_CALLBACK");
            out.console_out = [](const char*, size_t) {};
            break;
        case PPCVM_CONSOLE_STDOUT:
            if (o.console_write || o.console_opaque)
                return set_error(PPCVM_E_INVALID,
                                 "ppcvm_machine_options.console_write/console_opaque are set "
                                 "but console is not PPCVM_CONSOLE_CALLBACK");
            out.console_out = write_stdout;
            break;
        case PPCVM_CONSOLE_CALLBACK: {
            if (!o.console_write)
                return set_error(PPCVM_E_INVALID,
                                 "ppcvm_machine_options.console is PPCVM_CONSOLE_CALLBACK but "
                                 "console_write is NULL");
            auto* fn = o.console_write;
            void* opaque = o.console_opaque;
            out.console_out = [fn, opaque](const char* data, size_t len) { fn(opaque, data, len); };
            break;
        }
        default:
            return set_error(PPCVM_E_INVALID,
                             fmt::format("ppcvm_machine_options.console = {}: expected 0 none, "
                                         "1 stdout or 2 callback",
                                         o.console));
    }
    auto text = [](const char* p) { return p ? std::string(p) : std::string(); };
    out.platform = platform;
    out.ram_bytes = o.ram_bytes ? o.ram_bytes : (512ull << 20);
    out.smp = o.vcpus ? o.vcpus : 1;
    out.kernel = text(o.kernel);
    out.initrd = text(o.initrd);
    out.append = text(o.cmdline);
    out.bios = text(o.bios);
    out.rtc_offset = o.rtc_offset;
    if (out.kernel.empty() && out.bios.empty())
        return set_error(PPCVM_E_INVALID,
                         "ppcvm_machine_options: a kernel or a bios image is required");
    return PPCVM_OK;
}

// Copy `full` into the caller's exit struct (whose size was checked), keeping the size field.
void write_exit(ppcvm_exit* caller, const ppcvm_exit& full) {
    const uint32_t size = caller->size;
    std::memset(caller, 0, size);
    std::memcpy(caller, &full, std::min<size_t>(size, sizeof full));
    caller->size = size;
}

ppcvm_exit final_exit_for(ppcvm::MachineExit how, const std::string& panic_message) {
    ppcvm_exit e;
    std::memset(&e, 0, sizeof e);
    e.size = sizeof e;
    switch (how) {
        case ppcvm::MachineExit::PowerOff: e.reason = PPCVM_EXIT_POWER_OFF; break;
        case ppcvm::MachineExit::Reboot: e.reason = PPCVM_EXIT_REBOOT; break;
        case ppcvm::MachineExit::Quit: e.reason = PPCVM_EXIT_STOPPED; break;
        case ppcvm::MachineExit::GuestPanic:
            e.reason = PPCVM_EXIT_GUEST_PANIC;
            std::snprintf(e.guest_panic.message, sizeof e.guest_panic.message, "%s",
                          panic_message.c_str());
            break;
    }
    return e;
}

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

// ---- machines ----

int ppcvm_vm_create(const struct ppcvm_config* cfg, const struct ppcvm_machine_options* options,
                    struct ppcvm_vm** vm) {
    if (vm) *vm = nullptr;
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        ppcvm::PlatformRequest req;
        if (int rc = request_from_config(cfg, req); rc != PPCVM_OK) return rc;
        ppcvm::ResolvedPlatform platform = ppcvm::resolve_platform(req);
        if (platform.platform != ppcvm::Platform::Papr)
            return set_error(PPCVM_E_UNSUPPORTED,
                             fmt::format("the configuration resolves to the {} platform, but "
                                         "only the pseries (PAPR) machine runs guests in this "
                                         "build",
                                         ppcvm::platform_name(platform.platform)));
        ppcvm::MachineOptions mo;
        if (int rc = machine_options_from(options, platform, mo); rc != PPCVM_OK) return rc;
        auto created = std::make_unique<ppcvm_vm>();
        created->platform = platform;
        try {
            created->machine = std::make_unique<ppcvm::PseriesMachine>(mo);
        } catch (const std::bad_alloc&) {
            return set_error(PPCVM_E_NOMEM,
                             fmt::format("out of memory creating a machine with {} MiB of RAM",
                                         mo.ram_bytes >> 20));
        } catch (const std::runtime_error& e) {
            return set_error(PPCVM_E_INVALID, e.what());
        }
        *vm = created.release();
        return PPCVM_OK;
    });
}

void ppcvm_vm_destroy(struct ppcvm_vm* vm) {
    delete vm;  // ~PseriesMachine ends the run and joins the vCPU threads
}

int ppcvm_vm_info(struct ppcvm_vm* vm, struct ppcvm_platform_info* info) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        if (!info) return set_error(PPCVM_E_INVALID, "info pointer is NULL");
        ppcvm_platform_info full;
        fill_info(vm->platform, full);
        return copy_struct_out(info, &full, sizeof full, kInfoMinSize, "ppcvm_platform_info");
    });
}

int ppcvm_vm_set_hcall_in_core(struct ppcvm_vm* vm, uint64_t nr, uint32_t in_core) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        if (in_core > 1)
            return set_error(PPCVM_E_INVALID,
                             fmt::format("in_core = {}: expected 0 (exit) or 1 (in core)",
                                         in_core));
        ppcvm::HypercallDispatcher& hcalls = vm->machine->hypercalls();
        if (!ppcvm::HypercallDispatcher::valid_opcode(nr))
            return set_error(PPCVM_E_INVALID,
                             fmt::format("{:#x} is not a hypercall opcode (multiples of 4 from "
                                         "0x4 to 0xffc, or 0xf000..0xf0ff)",
                                         nr));
        if (in_core && !hcalls.implemented(nr))
            return set_error(PPCVM_E_INVALID,
                             fmt::format("hypercall {:#x} is not implemented by ppcvm: it can "
                                         "only be an exit (in_core = 0)",
                                         nr));
        if (!hcalls.set_in_core(nr, in_core != 0))
            return set_error(PPCVM_E_INVALID, fmt::format("hypercall {:#x} refused", nr));
        return PPCVM_OK;
    });
}

int ppcvm_vm_hcall_in_core(struct ppcvm_vm* vm, uint64_t nr) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        return vm->machine->hypercalls().in_core(nr) ? 1 : 0;
    });
}

int ppcvm_vm_run(struct ppcvm_vm* vm, struct ppcvm_exit* exit) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        if (!exit) return set_error(PPCVM_E_INVALID, "exit pointer is NULL");
        const uint32_t size = exit->size;
        if (size < PPCVM_EXIT_SIZE_VER0 || size % 8 != 0 || size > PPCVM_STRUCT_SIZE_MAX)
            return set_error(PPCVM_E_BAD_SIZE,
                             fmt::format("ppcvm_exit.size = {} is not a size this ppcvm knows "
                                         "(at least {}, a multiple of 8, at most {})",
                                         size, PPCVM_EXIT_SIZE_VER0, PPCVM_STRUCT_SIZE_MAX));
        if (vm->ended) {
            write_exit(exit, vm->final_exit);
            return PPCVM_OK;
        }
        if (vm->hcall_outstanding) {
            // Answer the previous exit with what the caller left in the struct.
            ppcvm::HypercallExit answer;
            answer.nr = exit->papr_hcall.nr;
            answer.ret = exit->papr_hcall.ret;
            for (size_t i = 0; i < answer.args.size(); ++i) answer.args[i] = exit->papr_hcall.args[i];
            vm->machine->resume_hypercall(vm->hcall_vcpu, answer);  // false: the run ended
            vm->hcall_outstanding = false;
        }
        const ppcvm::MachineEvent ev = vm->machine->next_event();
        if (ev.kind == ppcvm::MachineEvent::Kind::Hypercall) {
            ppcvm_exit full;
            std::memset(&full, 0, sizeof full);
            full.size = sizeof full;
            full.reason = PPCVM_EXIT_PAPR_HCALL;
            full.vcpu = ev.vcpu;
            full.papr_hcall.nr = ev.hcall.nr;
            full.papr_hcall.ret = ev.hcall.ret;
            for (size_t i = 0; i < ev.hcall.args.size(); ++i) full.papr_hcall.args[i] = ev.hcall.args[i];
            vm->hcall_outstanding = true;
            vm->hcall_vcpu = ev.vcpu;
            write_exit(exit, full);
            return PPCVM_OK;
        }
        vm->ended = true;
        vm->final_exit = final_exit_for(ev.exit, vm->machine->panic_message());
        write_exit(exit, vm->final_exit);
        return PPCVM_OK;
    });
}

int ppcvm_vm_request_stop(struct ppcvm_vm* vm) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        vm->machine->request_quit();
        return PPCVM_OK;
    });
}

int ppcvm_vm_console_input(struct ppcvm_vm* vm, const char* data, size_t len) {
    return guarded([&]() -> int {
        if (!vm) return set_error(PPCVM_E_INVALID, "vm pointer is NULL");
        if (!data && len) return set_error(PPCVM_E_INVALID, "data pointer is NULL");
        if (len) vm->machine->console().push_input(std::string(data, len));
        return PPCVM_OK;
    });
}

const char* ppcvm_exit_reason_name(uint32_t reason) {
    switch (reason) {
        case PPCVM_EXIT_PAPR_HCALL: return "papr-hcall";
        case PPCVM_EXIT_POWER_OFF: return "power-off";
        case PPCVM_EXIT_REBOOT: return "reboot";
        case PPCVM_EXIT_GUEST_PANIC: return "guest-panic";
        case PPCVM_EXIT_STOPPED: return "stopped";
        default: return "unknown";
    }
}

}  // extern "C"

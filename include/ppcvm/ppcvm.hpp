// ppcvm C++ API: a thin, header-only layer over the stable C ABI in ppcvm.h.
// Errors become ppcvm::Error exceptions carrying the C status and message.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
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

// Machine settings (ppcvm_machine_options) with std::string storage. The console callback,
// if any, is called on vCPU threads.
struct MachineSettings {
    uint64_t ram_bytes = 0;  // 0: 512 MiB
    uint32_t vcpus = 0;      // 0: 1
    std::string kernel, initrd, cmdline, bios;
    ppcvm_console console = PPCVM_CONSOLE_NONE;
    std::function<void(const char*, size_t)> console_write;  // with PPCVM_CONSOLE_CALLBACK
    int64_t rtc_offset = 0;
};

// One exit from Vm::run(): the C struct, with conveniences. For a hypercall exit, set ret and
// the outputs (outputs[i] -> r4+i) and pass the same Exit to the next run().
struct Exit : ppcvm_exit {
    Exit() : ppcvm_exit{} { size = sizeof(ppcvm_exit); }
    bool is_hcall() const { return reason == PPCVM_EXIT_PAPR_HCALL; }
    std::string reason_name() const { return ppcvm_exit_reason_name(reason); }
    uint64_t hcall_nr() const { return papr_hcall.nr; }
    uint64_t arg(unsigned i) const { return papr_hcall.args[i]; }  // r4 + i at the call
    void set_return(int64_t status) { papr_hcall.ret = status; }
    void set_output(unsigned i, uint64_t value) { papr_hcall.args[i] = value; }  // r4 + i
    std::string panic_message() const { return guest_panic.message; }
};

// A pseries machine (RAII over ppcvm_vm). Movable, not copyable.
class Vm {
public:
    Vm(const PlatformConfig& config, MachineSettings settings)
        : settings_(std::make_unique<MachineSettings>(std::move(settings))) {
        ppcvm_machine_options o;
        std::memset(&o, 0, sizeof o);
        o.size = sizeof o;
        o.vcpus = settings_->vcpus;
        o.ram_bytes = settings_->ram_bytes;
        auto text = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
        o.kernel = text(settings_->kernel);
        o.initrd = text(settings_->initrd);
        o.cmdline = text(settings_->cmdline);
        o.bios = text(settings_->bios);
        o.console = settings_->console;
        o.rtc_offset = settings_->rtc_offset;
        if (settings_->console == PPCVM_CONSOLE_CALLBACK) {
            o.console_write = [](void* opaque, const char* data, size_t len) {
                auto* s = static_cast<MachineSettings*>(opaque);
                if (s->console_write) s->console_write(data, len);
            };
            o.console_opaque = settings_.get();
        }
        check(ppcvm_vm_create(&config.raw(), &o, &vm_));
    }
    ~Vm() { ppcvm_vm_destroy(vm_); }
    Vm(Vm&& other) noexcept
        : vm_(std::exchange(other.vm_, nullptr)), settings_(std::move(other.settings_)) {}
    Vm& operator=(Vm&& other) noexcept {
        if (this != &other) {
            ppcvm_vm_destroy(vm_);
            vm_ = std::exchange(other.vm_, nullptr);
            settings_ = std::move(other.settings_);
        }
        return *this;
    }
    Vm(const Vm&) = delete;
    Vm& operator=(const Vm&) = delete;

    PlatformInfo info() const {
        PlatformInfo i;
        check(ppcvm_vm_info(vm_, &i));
        return i;
    }
    std::string engine() const { return info().engine_name(); }
    void set_hcall_in_core(uint64_t nr, bool in_core) {
        check(ppcvm_vm_set_hcall_in_core(vm_, nr, in_core ? 1 : 0));
    }
    bool hcall_in_core(uint64_t nr) const {
        const int r = ppcvm_vm_hcall_in_core(vm_, nr);
        if (r < 0) check(r);
        return r == 1;
    }
    // Run until an exit; `exit` carries the answer to the previous hypercall exit in.
    void run(Exit& exit) { check(ppcvm_vm_run(vm_, &exit)); }
    void request_stop() { check(ppcvm_vm_request_stop(vm_)); }  // from any thread
    void console_input(const std::string& bytes) {
        check(ppcvm_vm_console_input(vm_, bytes.data(), bytes.size()));
    }
    ppcvm_vm* raw() const { return vm_; }

private:
    ppcvm_vm* vm_ = nullptr;
    std::unique_ptr<MachineSettings> settings_;  // stable address: the callback's opaque
};

}  // namespace ppcvm

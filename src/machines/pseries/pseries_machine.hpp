// The PAPR "pseries" machine: guest RAM, one vCPU per host thread, the XICS interrupt
// controller, the vty console, RTAS and the hypercalls, and the device tree that describes
// them. It boots either firmware given with -bios (raw image at 0x100, entered there with
// r3 = device tree, as QEMU does) or a kernel given with -kernel (see load_kernel()).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/mmu/book3s_mmu.hpp"
#include "machines/devices/spapr_vty.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/hypercalls.hpp"
#include "machines/pseries/rtas.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm {

// What a machine run ended with.
enum class MachineExit {
    PowerOff,   // the guest powered off: exit status 0
    Reboot,     // the guest asked for a reboot: the front end restarts it (or exits 0)
    Quit,       // the user quit (Ctrl-A X, SIGTERM)
    GuestPanic, // the guest reported a fatal error (ibm,os-term) or stopped for good: status 1
};

// What an embedding program is told by PseriesMachine::next_event(): a vCPU made a hypercall
// the program asked to serve (that vCPU waits for resume_hypercall()), or the run ended.
struct MachineEvent {
    enum class Kind { Hypercall, Finished };
    Kind kind = Kind::Finished;
    unsigned vcpu = 0;     // Hypercall: the calling vCPU
    HypercallExit hcall;   // Hypercall
    MachineExit exit = MachineExit::Quit;  // Finished
};

// The most vCPUs a pseries machine has (the XICS server numbers and -smp's bound).
inline constexpr unsigned kPseriesMaxVcpus = 256;

struct MachineOptions {
    ResolvedPlatform platform;
    uint64_t ram_bytes = 512ull << 20;
    unsigned smp = 1;
    std::string kernel, initrd, append, bios;
    int64_t rtc_offset = 0;  // seconds added to host time (-rtc base=...)
    std::function<void(const char*, size_t)> console_out;
};

class PseriesMachine : public CpuEnvironment, public HypercallHost, public RtasHost {
public:
    // Builds the machine and loads its images. Throws std::runtime_error with a message that
    // names the problem (file, size, overlap...).
    explicit PseriesMachine(const MachineOptions& options);
    ~PseriesMachine() override;

    // Run every vCPU on its own host thread until the guest powers off, reboots, panics, or
    // request_quit() is called. Returns how it ended.
    // Hypercalls no embedder takes (set_in_core(nr, false) without next_event()) answer
    // H_FUNCTION.
    MachineExit run();
    // From any thread (terminal, signal watcher, embedder).
    void request_quit();

    // ---- the embedding program's run loop (the C API's ppcvm_vm_run) ----
    // Starts the vCPU threads on the first call, then waits until a vCPU makes a hypercall
    // that hypercalls().set_in_core(nr, false) routed to the embedder, or the machine ends.
    // The calling vCPU stays paused until resume_hypercall(); the others keep running (as
    // separate KVM vCPU threads would). Events from several vCPUs are queued and returned one
    // per call. Once the machine has ended, every call returns the same Finished event.
    // Call from one thread at a time.
    MachineEvent next_event();
    // Resume a vCPU paused by a Hypercall event: r3 = result.ret, r4..r12 = result.args.
    // False if that vCPU has no delivered, unresumed hypercall.
    bool resume_hypercall(unsigned vcpu, const HypercallExit& result);
    HypercallDispatcher& hypercalls() { return *hcalls_; }

    SpaprVty& console() { return vty_; }
    const std::string& panic_message() const { return panic_message_; }
    uint64_t fdt_address() const { return fdt_addr_; }
    uint64_t entry_point() const { return entry_; }
    // A vCPU's architected state (tests and fuzzers call hypercalls as that vCPU).
    CpuState& vcpu_state(unsigned index) { return vcpus_.at(index)->cpu->state(); }

    // ---- CpuEnvironment ----
    isa::ExecStatus hypercall(CpuState& cpu) override;
    uint64_t timebase() override;

    // ---- HypercallHost / RtasHost ----
    GuestMemory& memory() override { return *memory_; }
    XicsController& xics() override { return *xics_; }
    SpaprVty& vty() override { return vty_; }
    Rtas& rtas() override { return rtas_; }
    unsigned cpu_count() override { return static_cast<unsigned>(vcpus_.size()); }
    void cede(CpuState& cpu) override;
    bool prod(unsigned cpu) override;
    void set_lpcr_bits(uint64_t mask, uint64_t value) override;
    Book3sMmu& mmu() override { return mmu_; }
    void flush_all_translations() override;
    void broadcast_tlb_flush(CpuState& from) override;
    void console_write(const char* data, size_t len) override { vty_.put(data, len); }
    void request_power_off() override { finish(MachineExit::PowerOff); }
    void request_reboot() override { finish(MachineExit::Reboot); }
    bool cpu_running(unsigned cpu) override;
    bool start_cpu(unsigned cpu, uint64_t entry, uint64_t r3) override;
    void stop_self(unsigned cpu) override;
    uint64_t ram_bytes() override { return memory_->ram_size(); }
    int64_t& rtc_offset() override { return rtc_offset_; }
    void guest_panic(const std::string& message) override;

private:
    uint64_t initial_lpcr() const;
    struct Vcpu {
        std::unique_ptr<Cpu> cpu;
        std::mutex mutex;
        std::condition_variable wake;
        bool running = false;  // started (boot CPU, or start-cpu), not stopped
        bool ceded = false;
        bool prodded = false;
        bool stop_self = false;
        // A hypercall for the embedder: set by hypercall() on this vCPU's thread, posted to
        // the event queue by vcpu_thread() once the engine has returned; resumed (under
        // exit_mutex_) by resume_hypercall().
        std::optional<HypercallExit> hcall;
        bool hcall_delivered = false;  // next_event() returned it
        bool hcall_resumed = false;
        HypercallExit hcall_result;
    };

    void load_images(const MachineOptions& options);
    void vcpu_thread(unsigned index);
    bool serve_hypercall_exit(unsigned index);
    void start(bool embedder);
    void join_vcpu_threads();
    void wait_for_interrupt(Vcpu& v);
    void finish(MachineExit how);
    void wake_all();

    ResolvedPlatform platform_;
    std::unique_ptr<GuestMemory> memory_;
    Book3sMmu mmu_;  // one partition: every vCPU translates through it
    SpaprVty vty_;
    std::unique_ptr<XicsController> xics_;
    Rtas rtas_;
    std::unique_ptr<HypercallDispatcher> hcalls_;
    std::vector<std::unique_ptr<Vcpu>> vcpus_;
    uint64_t fdt_addr_ = 0, rtas_addr_ = 0, entry_ = 0;
    int64_t rtc_offset_ = 0;
    const int64_t start_ns_;

    std::vector<std::thread> threads_;
    bool started_ = false;
    bool embedder_ = false;  // next_event() runs the machine: hypercall exits are delivered

    std::mutex exit_mutex_;
    std::condition_variable exit_cv_;    // events_ or finished_ changed (the run loop waits)
    std::condition_variable resume_cv_;  // a paused vCPU was resumed, or finished_
    std::deque<unsigned> events_;        // vCPUs with a posted, undelivered hypercall
    std::atomic<bool> finished_{false};
    MachineExit exit_ = MachineExit::Quit;
    std::string panic_message_;
};

}  // namespace ppcvm

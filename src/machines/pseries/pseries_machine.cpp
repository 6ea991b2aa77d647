#include "machines/pseries/pseries_machine.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "core/interrupts.hpp"
#include "core/mmu/soft_tlb.hpp"
#include "core/spr_numbers.hpp"
#include "core/spr_table.hpp"
#include "loader/elf_loader.hpp"
#include "machines/pseries/papr.hpp"
#include "machines/pseries/pseries_device_tree.hpp"

namespace ppcvm {
namespace {

// Layout (as QEMU's pseries): RTAS and the device tree sit at the top of the first 2 GiB of
// RAM, the part every guest can reach in real mode.
constexpr uint64_t kRealModeLimit = 0x80000000;
constexpr uint64_t kRtasSize = 0x10000;
constexpr uint64_t kFdtMaxSize = 0x100000;
constexpr uint64_t kBiosBase = 0x100;
constexpr uint64_t kKernelBase = 0x400000;
constexpr uint64_t kMinRam = 16ull << 20;
constexpr unsigned kXicsSources = 1024;
constexpr uint64_t kSliceInstructions = 4'000'000;  // how often a vCPU looks up from its work

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A file the user named, opened and sized but not read yet: an image that cannot fit is refused
// before any of it is read (a 4 GiB -initrd for a 512 MiB guest must not cost the host 4 GiB).
struct InputFile {
    std::ifstream stream;
    uint64_t size = 0;
    InputFile(const std::string& path, const char* what)
        : stream(path, std::ios::binary | std::ios::ate) {
        const std::streamoff end = stream ? static_cast<std::streamoff>(stream.tellg()) : -1;
        if (end < 0) throw std::runtime_error(fmt::format("{} '{}': cannot be read", what, path));
        size = static_cast<uint64_t>(end);
        stream.seekg(0);
    }
    // Read the whole file into guest RAM at `at` (the caller checked that it fits).
    void read_into(GuestMemory& memory, uint64_t at, const std::string& path, const char* what) {
        uint8_t* dst = memory.ram_ptr(at, size);
        if (!dst) throw std::runtime_error(fmt::format("{} '{}' does not fit in RAM", what, path));
        if (size && !stream.read(reinterpret_cast<char*>(dst), static_cast<std::streamsize>(size)))
            throw std::runtime_error(fmt::format("{} '{}': cannot be read", what, path));
    }
};

}  // namespace

PseriesMachine::PseriesMachine(const MachineOptions& options)
    : platform_(options.platform),
      vty_(options.console_out),
      rtas_(*this),
      rtc_offset_(options.rtc_offset),
      start_ns_(now_ns()) {
    if (platform_.platform != Platform::Papr)
        throw std::runtime_error("the pseries machine needs the PAPR platform");
    if (options.ram_bytes < kMinRam)
        throw std::runtime_error(fmt::format("-m {} MiB: the pseries machine needs at least {} MiB",
                                             options.ram_bytes >> 20, kMinRam >> 20));
    if (options.smp == 0) throw std::runtime_error("-smp 0: the guest needs at least one CPU");
    if (options.smp > kPseriesMaxVcpus)
        throw std::runtime_error(
            fmt::format("-smp {}: at most {} vCPUs", options.smp, kPseriesMaxVcpus));
    memory_ = std::make_unique<GuestMemory>(options.ram_bytes);
    for (unsigned i = 0; i < options.smp; ++i) {
        auto v = std::make_unique<Vcpu>();
        v->cpu = std::make_unique<Cpu>(platform_, *memory_, this, i);
        v->cpu->state().mmu = &mmu_;
        v->cpu->reset();  // keeps the MMU, sets up the architected state
        v->cpu->state().spr[sprn::kLPCR] = initial_lpcr();
        vcpus_.push_back(std::move(v));
    }
    xics_ = std::make_unique<XicsController>(options.smp, kXicsSources,
                                             [this](unsigned server, bool asserted) {
                                                 Vcpu& v = *vcpus_[server];
                                                 set_external_interrupt(v.cpu->state(), asserted);
                                                 std::lock_guard lock(v.mutex);
                                                 v.wake.notify_all();
                                             });
    hcalls_ = std::make_unique<HypercallDispatcher>(*this);
    load_images(options);
}

// An embedder may destroy a machine that is still running (next_event() started it), even with
// a vCPU paused in a hypercall exit: end the run and wait for every vCPU thread first.
PseriesMachine::~PseriesMachine() {
    finish(MachineExit::Quit);
    join_vcpu_threads();
}

// The partition's LPCR as ppcvm, the hypervisor, sets it before the guest starts (the guest
// cannot read or write LPCR; H_SET_MODE and H_REGISTER_PROC_TBL change parts of it later):
//  - LD, the large decrementer, on ISA 3.0 processors: the device tree advertises
//    ibm,dec-bits = 56, and Linux then writes DEC values wider than 32 bits (as QEMU's
//    spapr "large-decr" capability, on by default for POWER9 and later);
//  - PECE: every exception wakes the thread from a power-saving state (ISA 2.07/3.0 Book III
//    4.3; H_CEDE is what pseries guests use, but a guest's own `stop` behaves the same).
uint64_t PseriesMachine::initial_lpcr() const {
    uint64_t value = lpcr::kPeceExternal | lpcr::kPeceDecrementer | lpcr::kPeceOther |
                     lpcr::kPecePrivilegedDoorbell;
    if (platform_.cpu->isa >= IsaLevel::V3_00) value |= lpcr::kLD;
    return value;
}

void PseriesMachine::load_images(const MachineOptions& options) {
    const uint64_t top = std::min<uint64_t>(memory_->ram_size(), kRealModeLimit);
    rtas_addr_ = top - kRtasSize;
    fdt_addr_ = rtas_addr_ - kFdtMaxSize;

    auto blob = Rtas::entry_blob();
    memory_->write_bytes(rtas_addr_, blob.data(), blob.size());

    uint64_t image_end = kBiosBase;
    if (!options.bios.empty()) {
        InputFile image(options.bios, "-bios");
        if (image.size == 0) throw std::runtime_error(fmt::format("-bios '{}': the file is empty",
                                                                  options.bios));
        if (image.size > fdt_addr_ - kBiosBase)
            throw std::runtime_error(fmt::format(
                "-bios '{}' ({} bytes) does not fit below the device tree at 0x{:x}",
                options.bios, image.size, fdt_addr_));
        image.read_into(*memory_, kBiosBase, options.bios, "-bios");
        entry_ = kBiosBase;
        image_end = kBiosBase + image.size;
    }
    uint64_t kernel_base = 0;
    if (!options.kernel.empty()) {
        // An ELF kernel (Linux vmlinux, linked at 0xc000000000000000) is loaded at
        // kKernelBase + (link address & 0x0fffffff), as QEMU's pseries does, and entered in
        // real mode at its translated entry point with r3 = device tree, r4 = load address,
        // r5 = 0 (no Open Firmware client interface). Without -bios it is entered directly.
        auto file = loader::read_file(options.kernel);
        loader::ElfImage elf;
        try {
            elf = loader::parse_elf(file);
        } catch (const loader::ElfError& e) {
            throw std::runtime_error(fmt::format("-kernel '{}': {}", options.kernel, e.what()));
        }
        if (!elf.is64 || elf.machine != loader::kEmPpc64)
            throw std::runtime_error(fmt::format(
                "-kernel '{}': a 32-bit PowerPC ELF; the pseries machine runs 64-bit kernels",
                options.kernel));
        auto to_physical = [](uint64_t vaddr) { return (vaddr & 0x0fffffff) + kKernelBase; };
        // Where the highest segment ends once placed. (Not to_physical(low) + (high - low):
        // the mapping drops address bits, so the lowest link address need not land lowest,
        // and that sum can wrap past 2^64 and pass the check below.)
        uint64_t start = ~0ull, end = 0;
        for (const loader::ElfSegment& s : elf.segments) {
            const uint64_t at = to_physical(s.vaddr);
            start = std::min(start, at);
            end = (s.memsz > ~0ull - at) ? ~0ull : std::max(end, at + s.memsz);
        }
        if (start < image_end)
            throw std::runtime_error(fmt::format(
                "-kernel '{}' would be loaded at 0x{:x}, over the -bios image that ends at 0x{:x}",
                options.kernel, start, image_end));
        if (end > fdt_addr_)
            throw std::runtime_error(fmt::format(
                "-kernel '{}' ({} MiB) does not fit below the device tree at 0x{:x}: give the "
                "guest more memory with -m",
                options.kernel, (elf.high - elf.low) >> 20, fdt_addr_));
        try {
            loader::load_elf(elf, file, *memory_, to_physical);
        } catch (const loader::ElfError& e) {
            throw std::runtime_error(fmt::format("-kernel '{}': {}", options.kernel, e.what()));
        }
        kernel_base = kKernelBase;
        if (options.bios.empty()) entry_ = to_physical(elf.entry);
        image_end = std::max(image_end, end);
    }
    if (options.bios.empty() && options.kernel.empty())
        throw std::runtime_error("the pseries machine needs -kernel or -bios");

    std::optional<std::pair<uint64_t, uint64_t>> initrd;
    if (!options.initrd.empty()) {
        InputFile data(options.initrd, "-initrd");
        const uint64_t base = (image_end + 0x1ffff) & ~0xffffull;
        if (base >= fdt_addr_ || data.size > fdt_addr_ - base)
            throw std::runtime_error(fmt::format(
                "-initrd '{}' ({} bytes) does not fit in guest memory below the device tree "
                "({} bytes free): give the guest more memory with -m",
                options.initrd, data.size, base < fdt_addr_ ? fdt_addr_ - base : 0));
        data.read_into(*memory_, base, options.initrd, "-initrd");
        initrd = {{base, base + data.size}};
    }

    pseries::PseriesTreeConfig cfg;
    cfg.platform = platform_;
    cfg.ram_bytes = memory_->ram_size();
    cfg.smp = static_cast<unsigned>(vcpus_.size());
    cfg.bootargs = options.append;
    cfg.initrd = initrd;
    // A guest running at ISA 3.00 or later on a radix-capable processor gets radix unless its
    // command line asks for hash (what it would have asked firmware for in
    // ibm,client-architecture-support); a compat level below 3.00 means hash (the older guest
    // knows nothing else).
    cfg.radix = (platform_.cpu->mmu_models & PPCVM_MMU_RADIX) &&
                platform_.effective_isa >= IsaLevel::V3_00 &&
                !pseries::bootargs_disable_radix(options.append);
    // Every partition gets its HPT (hpt_hypercalls.hpp) of the size ibm,pft-size advertises,
    // as QEMU's pseries at reset: an ISA 3.0 guest may choose hash at H_REGISTER_PROC_TBL
    // time (or switch to it later), and the host memory is only committed where the guest
    // writes entries. A registered radix process table takes precedence over it.
    cfg.hpt_shift = pseries::default_hpt_shift(memory_->ram_size());
    hcalls_->create_hpt(cfg.hpt_shift);
    cfg.rtas_base = rtas_addr_;
    cfg.rtas_size = static_cast<uint32_t>(blob.size());
    cfg.reserved = {{rtas_addr_, kRtasSize}};
    auto fdt = pseries::build_pseries_device_tree(cfg);
    if (fdt.size() > kFdtMaxSize)
        throw std::runtime_error("the device tree is larger than its 1 MiB slot");
    memory_->write_bytes(fdt_addr_, fdt.data(), fdt.size());

    // The boot vCPU: entered in real mode, supervisor state, big-endian, r3 = device tree.
    CpuState& boot = vcpus_[0]->cpu->state();
    boot.nia = entry_;
    boot.gpr[3] = fdt_addr_;
    boot.gpr[4] = kernel_base;
    boot.gpr[5] = 0;
    vcpus_[0]->running = true;
}

uint64_t PseriesMachine::timebase() {
    // 512 MHz (pseries::kTimebaseHz), from host monotonic time.
    const uint64_t ns = static_cast<uint64_t>(now_ns() - start_ns_);
    return ns / 1000 * 512 + (ns % 1000) * 512 / 1000;
}

isa::ExecStatus PseriesMachine::hypercall(CpuState& cpu) {
    HypercallExit exit;
    isa::ExecStatus st = hcalls_->dispatch(cpu, &exit);
    Vcpu& v = *vcpus_[cpu.cpu_index];
    // Idle and stop-self return to the vCPU loop, which sleeps the host thread.
    if (v.ceded || v.stop_self || finished_) return isa::ExecStatus::Stop;
    if (st == isa::ExecStatus::Stop) {
        if (!embedder_) {
            // No embedder takes exits (the command line): answer as an unknown call.
            cpu.gpr[3] = static_cast<uint64_t>(papr::H_FUNCTION);
            return isa::ExecStatus::Continue;
        }
        // Leave the engine (nia is already past the sc); vcpu_thread() posts the exit and
        // waits outside the engine, so no lock or wait happens inside an instruction.
        v.hcall = exit;
        return isa::ExecStatus::Stop;
    }
    return st;
}

void PseriesMachine::cede(CpuState& cpu) { vcpus_[cpu.cpu_index]->ceded = true; }

bool PseriesMachine::prod(unsigned cpu) {
    if (cpu >= vcpus_.size()) return false;
    Vcpu& v = *vcpus_[cpu];
    std::lock_guard lock(v.mutex);
    v.prodded = true;
    v.wake.notify_all();
    return true;
}

void PseriesMachine::set_lpcr_bits(uint64_t mask, uint64_t value) {
    // Partition-wide: every vCPU's LPCR (H_SET_MODE is made while the others are stopped or
    // quiescent, as Linux does at boot).
    for (auto& v : vcpus_) {
        uint64_t& lpcr = v->cpu->state().spr[sprn::kLPCR];
        lpcr = (lpcr & ~mask) | (value & mask);
    }
}

void PseriesMachine::flush_all_translations() {
    for (auto& v : vcpus_) v->cpu->state().tlb_flush_requested = true;
}

void PseriesMachine::broadcast_tlb_flush(CpuState& from) {
    for (auto& v : vcpus_)
        if (&v->cpu->state() != &from) v->cpu->state().tlb_flush_requested = true;
}

bool PseriesMachine::cpu_running(unsigned cpu) {
    if (cpu >= vcpus_.size()) return false;
    std::lock_guard lock(vcpus_[cpu]->mutex);
    return vcpus_[cpu]->running;
}

bool PseriesMachine::start_cpu(unsigned cpu, uint64_t entry, uint64_t r3) {
    if (cpu >= vcpus_.size()) return false;
    Vcpu& v = *vcpus_[cpu];
    std::lock_guard lock(v.mutex);
    if (v.running) return false;
    const uint64_t lpcr = vcpus_[0]->cpu->state().spr[sprn::kLPCR];
    v.cpu->reset();
    CpuState& s = v.cpu->state();
    s.spr[sprn::kLPCR] = lpcr;
    s.nia = entry;  // real mode, supervisor, MSR[SF]=1 (LoPAPR 7.3.14.2)
    s.gpr[3] = r3;
    v.running = true;
    v.wake.notify_all();
    return true;
}

void PseriesMachine::stop_self(unsigned cpu) {
    if (cpu < vcpus_.size()) vcpus_[cpu]->stop_self = true;
}

void PseriesMachine::guest_panic(const std::string& message) {
    {
        std::lock_guard lock(exit_mutex_);
        if (panic_message_.empty()) panic_message_ = message;
    }
    finish(MachineExit::GuestPanic);
}

void PseriesMachine::finish(MachineExit how) {
    {
        std::lock_guard lock(exit_mutex_);
        if (finished_) return;
        exit_ = how;
        finished_ = true;
    }
    wake_all();
    exit_cv_.notify_all();
    resume_cv_.notify_all();
}

void PseriesMachine::wake_all() {
    for (auto& v : vcpus_) {
        v->cpu->state().stop_requested = true;
        std::lock_guard lock(v->mutex);
        v->wake.notify_all();
    }
}

void PseriesMachine::request_quit() { finish(MachineExit::Quit); }

// Sleep the host thread until the ceded or halted vCPU has something to do: an external
// interrupt, its decrementer going negative, a prod, or the end of the run.
void PseriesMachine::wait_for_interrupt(Vcpu& v) {
    CpuState& s = v.cpu->state();
    std::unique_lock lock(v.mutex);
    while (!finished_ && !v.prodded && !s.external_pending.load() && !s.sreset_pending.load()) {
        const uint64_t deadline = next_timer_deadline(s);
        const uint64_t tb = s.timebase();
        if (deadline != ~0ull && tb >= deadline) break;
        auto wait = std::chrono::milliseconds(100);
        if (deadline != ~0ull) {
            const uint64_t ticks = deadline - tb;
            wait = std::min(wait, std::chrono::milliseconds(ticks / 512000 + 1));
        }
        v.wake.wait_for(lock, wait);
    }
    v.prodded = false;
    s.async_pending = true;  // let the engine deliver whatever woke us
}

void PseriesMachine::vcpu_thread(unsigned index) {
    Vcpu& v = *vcpus_[index];
    CpuState& s = v.cpu->state();
    while (!finished_) {
        {
            std::unique_lock lock(v.mutex);
            v.wake.wait(lock, [&] { return v.running || finished_.load(); });
        }
        if (finished_) break;
        const StopReason reason = v.cpu->engine().run(kSliceInstructions);
        if (finished_) break;
        if (v.hcall) {
            if (!serve_hypercall_exit(index)) break;
            continue;
        }
        if (v.stop_self) {
            std::lock_guard lock(v.mutex);
            v.stop_self = false;
            v.running = false;
            continue;
        }
        if (v.ceded) {
            wait_for_interrupt(v);
            v.ceded = false;
            continue;
        }
        if (reason == StopReason::Halted && s.halt == HaltReason::Checkstop) {
            guest_panic(fmt::format("CPU {} checkstopped (machine check with MSR[ME]=0 at 0x{:x})",
                                    index, s.cia));
            break;
        }
        if (reason == StopReason::Halted && s.halt != HaltReason::None) wait_for_interrupt(v);
    }
}

// Post this vCPU's hypercall to the embedder and sleep until resume_hypercall() or the end of
// the run (power-off, quit, destruction: finish() wakes us). False when the run ended.
bool PseriesMachine::serve_hypercall_exit(unsigned index) {
    Vcpu& v = *vcpus_[index];
    std::unique_lock lock(exit_mutex_);
    if (finished_) return false;
    v.hcall_delivered = false;
    v.hcall_resumed = false;
    events_.push_back(index);
    exit_cv_.notify_all();
    resume_cv_.wait(lock, [&] { return v.hcall_resumed || finished_.load(); });
    if (finished_) return false;
    CpuState& s = v.cpu->state();
    s.gpr[3] = static_cast<uint64_t>(v.hcall_result.ret);
    for (unsigned i = 0; i < v.hcall_result.args.size(); ++i)
        s.gpr[4 + i] = v.hcall_result.args[i];
    v.hcall.reset();
    v.hcall_delivered = false;
    v.hcall_resumed = false;
    return true;
}

MachineEvent PseriesMachine::next_event() {
    start(true);
    std::unique_lock lock(exit_mutex_);
    exit_cv_.wait(lock, [&] { return !events_.empty() || finished_.load(); });
    MachineEvent ev;
    if (!finished_) {
        const unsigned index = events_.front();
        events_.pop_front();
        Vcpu& v = *vcpus_[index];
        v.hcall_delivered = true;
        ev.kind = MachineEvent::Kind::Hypercall;
        ev.vcpu = index;
        ev.hcall = *v.hcall;
        return ev;
    }
    // The end of the run wins over queued hypercalls: their vCPUs are being torn down.
    events_.clear();
    ev.kind = MachineEvent::Kind::Finished;
    ev.exit = exit_;
    lock.unlock();
    join_vcpu_threads();
    return ev;
}

bool PseriesMachine::resume_hypercall(unsigned vcpu, const HypercallExit& result) {
    if (vcpu >= vcpus_.size()) return false;
    std::lock_guard lock(exit_mutex_);
    Vcpu& v = *vcpus_[vcpu];
    if (finished_ || !v.hcall || !v.hcall_delivered || v.hcall_resumed) return false;
    v.hcall_result = result;
    v.hcall_resumed = true;
    resume_cv_.notify_all();
    return true;
}

void PseriesMachine::start(bool embedder) {
    if (started_) return;
    started_ = true;
    embedder_ = embedder;
    for (unsigned i = 0; i < vcpus_.size(); ++i)
        threads_.emplace_back([this, i] { vcpu_thread(i); });
}

void PseriesMachine::join_vcpu_threads() {
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

MachineExit PseriesMachine::run() {
    start(false);
    // PPCVM_SAMPLE_NIA=<ms>: a debugging aid that prints where each vCPU is every <ms>
    // milliseconds. The reads race with the vCPU threads (values may be torn or stale); it
    // is meant for finding where a guest spins, not for anything else.
    const char* sample = std::getenv("PPCVM_SAMPLE_NIA");
    const auto period = std::chrono::milliseconds(sample ? std::max(1, std::atoi(sample)) : 0);
    {
        std::unique_lock lock(exit_mutex_);
        if (!sample) {
            exit_cv_.wait(lock, [&] { return finished_.load(); });
        } else {
            while (!exit_cv_.wait_for(lock, period, [&] { return finished_.load(); })) {
                for (unsigned i = 0; i < vcpus_.size(); ++i) {
                    const CpuState& s = vcpus_[i]->cpu->state();
                    std::fprintf(
                        stderr,
                        "sample cpu%u nia=%#llx lr=%#llx msr=%#llx ceded=%d dec=%lld "
                        "dec_exception=%d check_in=%lld\n",
                        i, static_cast<unsigned long long>(s.nia),
                        static_cast<unsigned long long>(s.lr),
                        static_cast<unsigned long long>(s.msr),
                        static_cast<int>(vcpus_[i]->ceded),
                        static_cast<long long>(s.dec_expiry - s.timebase()),
                        static_cast<int>(s.dec_exception),
                        static_cast<long long>(s.timer_check_icount - s.instructions_retired));
                }
            }
        }
    }
    join_vcpu_threads();
    // PPCVM_DUMP_RAM=<file>: a debugging aid that writes guest RAM to a file when the machine
    // stops (however it stops), e.g. to read a kernel's log buffer when it died before its
    // console worked: `strings -n 8 FILE | grep -a 'Kernel panic'`.
    if (const char* dump = std::getenv("PPCVM_DUMP_RAM")) {
        if (std::FILE* f = std::fopen(dump, "wb")) {
            std::fwrite(memory_->ram(), 1, memory_->ram_size(), f);
            std::fclose(f);
        } else {
            std::fprintf(stderr, "ppcvm: PPCVM_DUMP_RAM: cannot write '%s'\n", dump);
        }
    }
    return exit_;
}

}  // namespace ppcvm

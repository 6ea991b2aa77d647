// ppcvm command-line front end. Exit status: 0 success, 1 guest failure, 2 usage/configuration.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <csignal>
#include <atomic>
#include <ctime>
#include <memory>
#include <pthread.h>
#include <thread>

#include "cli/command_line.hpp"
#include "cli/describe.hpp"
#include "cli/terminal.hpp"
#include "machines/machine_catalog.hpp"
#include "machines/pseries/pseries_machine.hpp"
#include "ppcvm/ppcvm.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitGuestFailure = 1;
constexpr int kExitUsage = 2;

// -rtc base=utc|localtime|YYYY-MM-DD[THH:MM:SS]: seconds to add to host UTC.
int64_t rtc_offset_from(const std::string& rtc) {
    if (rtc.empty()) return 0;
    std::string base = rtc;
    if (base.rfind("base=", 0) == 0) base = base.substr(5);
    base = base.substr(0, base.find(','));
    if (base == "utc") return 0;
    if (base == "localtime") {
        std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        return local.tm_gmtoff;
    }
    std::tm tm{};
    if (!strptime(base.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) &&
        !strptime(base.c_str(), "%Y-%m-%d", &tm))
        throw ppcvm::cli::UsageError("-rtc " + rtc + ": base must be utc, localtime or a date "
                                     "(2006-06-17T16:01:21 or 2006-06-17)");
    return static_cast<int64_t>(timegm(&tm)) - std::time(nullptr);
}

// Runs the pseries machine until it ends; reboots are restarts unless -no-reboot.
int run_pseries(const ppcvm::cli::CommandLine& cl) {
    ppcvm::MachineOptions options;
    options.platform = ppcvm::resolve_platform(cl.request);
    options.ram_bytes = cl.ram_bytes;
    options.smp = cl.smp;
    options.kernel = cl.kernel;
    options.initrd = cl.initrd;
    options.append = cl.append;
    options.bios = cl.bios;
    options.rtc_offset = rtc_offset_from(cl.rtc);
    options.console_out = &ppcvm::cli::Terminal::write_output;

    // Termination signals end the run cleanly (terminal restored) instead of killing us.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    for (;;) {
        auto machine = std::make_unique<ppcvm::PseriesMachine>(options);
        std::atomic<bool> done{false};
        std::atomic<int> caught{0};
        std::thread signal_watcher([&] {
            const struct timespec tick = {0, 100 * 1000 * 1000};
            while (!done) {
                int sig = sigtimedwait(&signals, nullptr, &tick);
                if (sig > 0) {
                    caught = sig;
                    machine->request_quit();
                }
            }
        });
        ppcvm::MachineExit how;
        {
            ppcvm::cli::Terminal terminal(
                [&](const std::string& bytes) { machine->console().push_input(bytes); },
                [&] { machine->request_quit(); });
            how = machine->run();
        }
        done = true;
        signal_watcher.join();
        if (caught) fmt::print(stderr, "ppcvm: terminating on signal {}\n", caught.load());
        switch (how) {
            case ppcvm::MachineExit::PowerOff: return kExitOk;
            case ppcvm::MachineExit::Quit: return kExitOk;
            case ppcvm::MachineExit::GuestPanic:
                fmt::print(stderr, "\nppcvm: the guest stopped with a fatal error{}{}\n",
                           machine->panic_message().empty() ? "" : ": ",
                           machine->panic_message());
                return kExitGuestFailure;
            case ppcvm::MachineExit::Reboot:
                if (cl.no_reboot) return kExitOk;
                fmt::print(stderr, "\nppcvm: guest reboot\n");
                continue;
        }
    }
}

void print_help() {
    std::puts(
        "usage: ppcvm [options]\n"
        "\n"
        "QEMU-compatible options (qemu-system-ppc64 / qemu-system-ppc):\n"
        "  -M, -machine NAME[,max-cpu-compat=power8][,kvm-type=auto|HV|PR][,cap-*=..]\n"
        "                        machine (-machine help lists them)\n"
        "  -cpu MODEL|PVR        processor (-cpu help lists them); a logical PVR such as\n"
        "                        0x0f000004 means that ISA level on its most capable model\n"
        "  -m SIZE               guest RAM (default unit MiB; 1G, 512M)\n"
        "  -smp N                number of vCPUs\n"
        "  -kernel FILE  -initrd FILE  -append CMDLINE  -bios FILE\n"
        "  -nographic  -serial stdio  -display none  -nodefaults  -accel tcg  -no-reboot\n"
        "  -s  -S  -gdb tcp::PORT  -rtc base=utc|localtime\n"
        "\n"
        "ppcvm's own:\n"
        "  --describe [--json]   print the resolved platform and exit (nothing runs)\n"
        "  --engine auto|exact|fast   engine request (same as kvm-type=auto|PR|HV)\n"
        "  -machine NAME,paravirt=on      KVM/ePAPR paravirtual interface (any platform)\n"
        "  -machine NAME,force-exact=on   force the exact engine (the RFC's CROSS_ARCH)\n"
        "  --version  -h, --help\n"
        "\n"
        "exit status: 0 success, 1 guest failure, 2 usage or configuration error");
}

void print_machine_help() {
    std::puts("Supported machines are:");
    for (const auto& m : ppcvm::machine_catalog())
        fmt::print("{:<12} {:<10} default CPU {:<8} {}{}\n", m.name,
                   ppcvm::platform_name(m.platform), m.default_cpu, m.description,
                   m.runnable ? "" : " [cannot run guests yet]");
}

void print_cpu_help() {
    std::puts("Available CPUs (name, PVR, family, ISA level, aliases):");
    for (uint32_t i = 0;; ++i) {
        ppcvm::PlatformInfo info;
        if (ppcvm_cpu_catalog_entry(i, &info) != PPCVM_OK) break;
        const auto& model = ppcvm::cpu_catalog()[i];
        std::string aliases;
        for (const char* a : model.aliases) aliases += fmt::format("{}{}", aliases.empty() ? "" : " ", a);
        fmt::print("{:<12} 0x{:08x}  {:<10} ISA {:<14} {}\n", info.model(), info.pvr,
                   info.family_name(), info.isa_name(), aliases);
    }
    std::puts("\nLogical PVRs (an architecture level on its most capable model):");
    for (uint32_t pvr : {PPCVM_PVR_ARCH_2_04, PPCVM_PVR_ARCH_2_05, PPCVM_PVR_ARCH_2_06,
                         PPCVM_PVR_ARCH_2_06P, PPCVM_PVR_ARCH_2_07, PPCVM_PVR_ARCH_3_00,
                         PPCVM_PVR_ARCH_3_1}) {
        const auto* m = ppcvm::find_cpu_for_logical_pvr(pvr);
        fmt::print("0x{:08x}   ISA {:<6} -> {}\n", pvr,
                   ppcvm::isa_level_name(*ppcvm::isa_for_logical_pvr(pvr)), m ? m->name : "-");
    }
}

}  // namespace

int main(int argc, char** argv) {
    ppcvm::cli::CommandLine cl;
    try {
        cl = ppcvm::cli::parse_command_line(argc, argv);
    } catch (const ppcvm::cli::UsageError& e) {
        fmt::print(stderr, "ppcvm: {}\n", e.what());
        return kExitUsage;
    }
    switch (cl.action) {
        case ppcvm::cli::Action::Help: print_help(); return kExitOk;
        case ppcvm::cli::Action::Version:
            fmt::print("ppcvm {} (C ABI version {})\n", PPCVM_VERSION_STRING, ppcvm_abi_version());
            return kExitOk;
        case ppcvm::cli::Action::MachineHelp: print_machine_help(); return kExitOk;
        case ppcvm::cli::Action::CpuHelp: print_cpu_help(); return kExitOk;
        case ppcvm::cli::Action::Describe:
        case ppcvm::cli::Action::Run: break;
    }
    for (const auto& w : cl.warnings) fmt::print(stderr, "ppcvm: warning: {}\n", w);

    ppcvm::cli::Description d;
    try {
        d = ppcvm::cli::describe(cl);
    } catch (const ppcvm::Error& e) {
        std::string msg = e.what();
        for (size_t pos = 0; (pos = msg.find('\n', pos)) != std::string::npos; pos += 8)
            msg.replace(pos, 1, "\nppcvm: ");
        fmt::print(stderr, "ppcvm: {}\n", msg);
        return kExitUsage;
    }
    if (cl.action == ppcvm::cli::Action::Describe) {
        std::fputs((cl.json ? ppcvm::cli::to_json(d) : ppcvm::cli::to_text(d)).c_str(), stdout);
        return kExitOk;
    }
    const auto* machine = ppcvm::find_machine(cl.machine_name);
    if (machine->runnable && std::string(machine->name) == "pseries") {
        try {
            return run_pseries(cl);
        } catch (const ppcvm::cli::UsageError& e) {
            fmt::print(stderr, "ppcvm: {}\n", e.what());
            return kExitUsage;
        } catch (const std::exception& e) {
            ppcvm::cli::Terminal::restore();
            fmt::print(stderr, "ppcvm: {}\n", e.what());
            return kExitUsage;
        }
    }
    if (!machine->runnable) {
        std::fputs(ppcvm::cli::to_text(d).c_str(), stderr);
        fmt::print(stderr,
                   "ppcvm: machine '{}' cannot run guests yet in this build: the platform above "
                   "is what it would present (use --describe to print it without this error)\n",
                   machine->name);
        return kExitUsage;
    }
    return kExitOk;
}

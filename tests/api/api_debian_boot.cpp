// An embedding program on software nobody here wrote: it boots Debian's ppc64el kernel with
// the test initramfs (guests/init-test.sh) through the public C++ API, with the console
// hypercalls H_PUT_TERM_CHAR and H_GET_TERM_CHAR turned into exits. ppcvm's own console is
// off (PPCVM_CONSOLE_NONE), so every byte the guest prints reaches this program only through
// PPCVM_EXIT_PAPR_HCALL. It checks that init's known lines arrive and that the guest powers
// off. Exit status 0 on success, 1 on failure.
//
// usage: ppcvm_api_debian_boot VMLINUX INITRD [CPU] [VCPUS] [EXTRA_CMDLINE]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <regex>
#include <string>
#include <thread>

#include "ppcvm/ppcvm.hpp"

namespace {

constexpr uint64_t kHPutTermChar = 0x58, kHGetTermChar = 0x54;
constexpr int64_t kHSuccess = 0, kHParameter = -4;
constexpr uint64_t kVtyUnitAddress = 0x71000000;  // the vty node's reg (LoPAPR 16.2.1)
constexpr int kTimeoutSeconds = 600;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s VMLINUX INITRD [CPU] [VCPUS] [EXTRA_CMDLINE]\n", argv[0]);
        return 2;
    }
    const std::string cpu = argc > 3 ? argv[3] : "POWER9";
    const uint32_t vcpus = argc > 4 ? static_cast<uint32_t>(std::stoul(argv[4])) : 1;
    const std::string extra = argc > 5 ? argv[5] : "";
    try {
        ppcvm::MachineSettings settings;
        settings.ram_bytes = 1ull << 30;
        settings.vcpus = vcpus;
        settings.kernel = argv[1];
        settings.initrd = argv[2];
        settings.cmdline = "console=hvc0 quiet" + (extra.empty() ? "" : " " + extra);
        settings.console = PPCVM_CONSOLE_NONE;
        ppcvm::Vm vm(ppcvm::PlatformConfig().platform(PPCVM_PLATFORM_PAPR).cpu(cpu), settings);
        std::printf("engine: %s (%s)\n", vm.engine().c_str(), vm.info().engine_reason);
        vm.set_hcall_in_core(kHPutTermChar, false);
        vm.set_hcall_in_core(kHGetTermChar, false);

        std::atomic<bool> done{false}, timed_out{false};
        std::thread watchdog([&] {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
            while (!done && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!done) {
                timed_out = true;
                vm.request_stop();
            }
        });

        std::string console;
        uint64_t puts = 0, gets = 0, bad = 0;
        ppcvm::Exit exit;
        for (;;) {
            vm.run(exit);
            if (!exit.is_hcall()) break;
            const uint64_t term = exit.arg(0);
            if (exit.hcall_nr() == kHPutTermChar) {
                // r4 = terminal, r5 = length (<= 16), r6||r7 = bytes, most significant first.
                ++puts;
                const uint64_t len = exit.arg(1);
                if ((term != kVtyUnitAddress && term != 0) || len > 16) {
                    ++bad;
                    exit.set_return(kHParameter);
                    continue;
                }
                for (uint64_t i = 0; i < len; ++i)
                    console += static_cast<char>(exit.arg(2 + i / 8) >> (56 - 8 * (i % 8)));
                exit.set_return(kHSuccess);
            } else if (exit.hcall_nr() == kHGetTermChar) {
                // Nothing to type: r4 = 0 characters.
                ++gets;
                exit.set_return(kHSuccess);
                exit.set_output(0, 0);
                exit.set_output(1, 0);
                exit.set_output(2, 0);
            } else {
                std::fprintf(stderr, "FAIL: unexpected hypercall exit 0x%llx\n",
                             static_cast<unsigned long long>(exit.hcall_nr()));
                done = true;
                watchdog.join();
                return 1;
            }
        }
        done = true;
        watchdog.join();

        // The last 40 lines, as the shell boot tests show them.
        size_t pos = console.size();
        for (int lines = 0; pos > 0 && lines < 41; --pos)
            if (console[pos - 1] == '\n') ++lines;
        std::printf("%s\n", console.substr(pos).c_str());
        std::printf("exit: %s%s%s; %llu H_PUT_TERM_CHAR and %llu H_GET_TERM_CHAR exits, %zu "
                    "console bytes\n",
                    exit.reason_name().c_str(),
                    exit.reason == PPCVM_EXIT_GUEST_PANIC ? ": " : "",
                    exit.reason == PPCVM_EXIT_GUEST_PANIC ? exit.panic_message().c_str() : "",
                    static_cast<unsigned long long>(puts), static_cast<unsigned long long>(gets),
                    console.size());
        int failures = 0;
        if (timed_out) {
            std::printf("FAIL: no power-off within %d s\n", kTimeoutSeconds);
            ++failures;
        }
        if (exit.reason != PPCVM_EXIT_POWER_OFF) {
            std::printf("FAIL: the run ended with %s, wanted power-off\n",
                        exit.reason_name().c_str());
            ++failures;
        }
        if (bad) {
            std::printf("FAIL: %llu H_PUT_TERM_CHAR calls with a wrong terminal or length\n",
                        static_cast<unsigned long long>(bad));
            ++failures;
        }
        for (const char* pattern :
             {"INIT-STARTED", "Linux .* 6\\.1\\.0", "1024\\+0 records out",
              "5cb58776dd69565a5b6da32d7e0baeba  /tmp/f", "subshell: sub STITUTION",
              "pipeline: 2000", "trap: USR1", "sleep: done", "INIT-DONE", "reboot: Power down"}) {
            if (!std::regex_search(console, std::regex(pattern))) {
                std::printf("FAIL: the console lacks /%s/\n", pattern);
                ++failures;
            }
        }
        if (failures) return 1;
        std::printf("PASS\n");
        return 0;
    } catch (const ppcvm::Error& e) {
        std::fprintf(stderr, "FAIL: %s\n", e.what());
        return 1;
    }
}

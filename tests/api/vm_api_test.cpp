// The machine half of the C ABI: creating a pseries machine, running it, and serving its
// hypercalls as PPCVM_EXIT_PAPR_HCALL exits (the KVM_EXIT_PAPR_HCALL model). The guests are
// tests/guests/pseries_hcall_exit*.S, assembled by tests/CMakeLists.txt.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "ppcvm/ppcvm.h"
#include "ppcvm/ppcvm.hpp"

namespace {

constexpr uint64_t kVendorHcall = 0xf080;  // not implemented by ppcvm
constexpr uint64_t kSmpHcall = 0xf084;
constexpr uint64_t kHRandom = 0x300;
constexpr uint64_t kHPutTermChar = 0x58;
constexpr int64_t kHFunction = -2;

std::string guest_path(const char* name) {
    return std::string(PPCVM_TEST_GUEST_DIR) + "/" + name + ".bin";
}

bool exists(const std::string& path) { return std::ifstream(path).good(); }

#define REQUIRE_GUEST(path)                                                            \
    if (!exists(path)) GTEST_SKIP() << path << " was not built (no powerpc64-linux-gnu-as)"

// Console output collected from the vCPU threads.
struct Console {
    std::mutex mutex;
    std::condition_variable changed;
    std::string text;
    void write(const char* data, size_t len) {
        std::lock_guard lock(mutex);
        text.append(data, len);
        changed.notify_all();
    }
    std::string get() {
        std::lock_guard lock(mutex);
        return text;
    }
    bool wait_for(const std::string& what, std::chrono::seconds limit) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit,
                                [&] { return text.find(what) != std::string::npos; });
    }
};

ppcvm::PlatformConfig power9() { return ppcvm::PlatformConfig().platform(PPCVM_PLATFORM_PAPR).cpu("POWER9"); }

ppcvm::MachineSettings bios_settings(const std::string& bios, Console* console, uint32_t vcpus = 1) {
    ppcvm::MachineSettings s;
    s.ram_bytes = 256ull << 20;
    s.vcpus = vcpus;
    s.bios = bios;
    if (console) {
        s.console = PPCVM_CONSOLE_CALLBACK;
        s.console_write = [console](const char* d, size_t n) { console->write(d, n); };
    }
    return s;
}

ppcvm_machine_options c_options(const char* bios) {
    ppcvm_machine_options o;
    std::memset(&o, 0, sizeof o);
    o.size = sizeof o;
    o.bios = bios;
    o.ram_bytes = 64ull << 20;
    return o;
}

// Expect a C call to fail with `status` and a message containing `words`.
#define EXPECT_REFUSED(call, status, words)                                  \
    do {                                                                     \
        EXPECT_EQ((call), (status));                                         \
        EXPECT_NE(std::string(ppcvm_last_error()).find(words), std::string::npos) \
            << "message: " << ppcvm_last_error();                            \
    } while (0)

TEST(VmApi, EmbedderServesAVendorHypercallAndTakesOverHRandom) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    Console console;
    for (const char* cpu : {"POWER8", "POWER9", "POWER10"}) {
        SCOPED_TRACE(cpu);
        console.text.clear();
        ppcvm::Vm vm(ppcvm::PlatformConfig().platform(PPCVM_PLATFORM_PAPR).cpu(cpu),
                     bios_settings(bios, &console));
        EXPECT_TRUE(vm.hcall_in_core(kHRandom));
        vm.set_hcall_in_core(kVendorHcall, false);
        vm.set_hcall_in_core(kHRandom, false);
        EXPECT_FALSE(vm.hcall_in_core(kHRandom));
        EXPECT_FALSE(vm.hcall_in_core(kVendorHcall));

        ppcvm::Exit exit;
        vm.run(exit);
        ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL) << exit.reason_name();
        EXPECT_EQ(exit.vcpu, 0u);
        EXPECT_EQ(exit.hcall_nr(), kVendorHcall);
        EXPECT_EQ(exit.arg(0), 0x1122334455667788u);
        for (unsigned i = 1; i < 9; ++i) EXPECT_EQ(exit.arg(i), 0x104u + i) << "r" << 4 + i;
        EXPECT_EQ(exit.papr_hcall.ret, kHFunction);  // the default answer
        exit.set_return(0x55);
        exit.set_output(0, exit.arg(0) + 1);
        exit.set_output(1, 0xfeed);

        vm.run(exit);
        ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL) << exit.reason_name();
        EXPECT_EQ(exit.hcall_nr(), kHRandom);
        exit.set_return(0);
        exit.set_output(0, 0x0123456789abcdefull);

        vm.run(exit);
        EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF) << exit.reason_name();
        EXPECT_EQ(console.get(), "EXIT OK\n");
        // The machine has ended: the same exit again.
        vm.run(exit);
        EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF);
    }
}

// The guest really checks what it gets: a wrong answer is seen (and is not "EXIT OK").
TEST(VmApi, AWrongAnswerReachesTheGuest) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    Console console;
    ppcvm::Vm vm(power9(), bios_settings(bios, &console));
    vm.set_hcall_in_core(kVendorHcall, false);
    ppcvm::Exit exit;
    vm.run(exit);
    ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL);
    exit.set_return(0x55);
    exit.set_output(0, exit.arg(0) + 2);  // wrong r4
    exit.set_output(1, 0xfeed);
    vm.run(exit);
    EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF);
    EXPECT_EQ(console.get(), "FAIL B\n");
}

// Without exits the vendor call is unknown to ppcvm (H_FUNCTION) and H_RANDOM is served in
// core: the guest fails its first check, as it does on the command line.
TEST(VmApi, HypercallsStayInCoreUnlessAsked) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    Console console;
    ppcvm::Vm vm(power9(), bios_settings(bios, &console));
    ppcvm::Exit exit;
    vm.run(exit);
    EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF);
    EXPECT_EQ(console.get(), "FAIL A\n");
}

// A hypercall served in core again after being an exit.
TEST(VmApi, InCoreCanBeRestored) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    Console console;
    ppcvm::Vm vm(power9(), bios_settings(bios, &console));
    vm.set_hcall_in_core(kVendorHcall, false);
    vm.set_hcall_in_core(kHRandom, false);
    vm.set_hcall_in_core(kHRandom, true);  // random r4 from the host: the guest's check F fails
    ppcvm::Exit exit;
    vm.run(exit);
    ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL);
    exit.set_return(0x55);
    exit.set_output(0, exit.arg(0) + 1);
    exit.set_output(1, 0xfeed);
    vm.run(exit);
    EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF);
    EXPECT_EQ(console.get(), "FAIL F\n");
}

TEST(VmApi, OtherVcpusRunWhileOneIsPausedInAnExit) {
    const std::string bios = guest_path("pseries_hcall_exit_smp");
    REQUIRE_GUEST(bios);
    Console console;
    ppcvm::Vm vm(power9(), bios_settings(bios, &console, 2));
    vm.set_hcall_in_core(kSmpHcall, false);
    ppcvm::Exit exit;
    vm.run(exit);
    ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL) << exit.reason_name();
    EXPECT_EQ(exit.vcpu, 1u);
    EXPECT_EQ(exit.hcall_nr(), kSmpHcall);
    EXPECT_EQ(exit.arg(0), 0x77u);
    // vCPU 1 is paused; vCPU 0 must print without it.
    ASSERT_TRUE(console.wait_for("cpu0 alive\n", std::chrono::seconds(30))) << console.get();
    EXPECT_EQ(console.get().find("SMP OK"), std::string::npos);  // vCPU 1 really waited
    exit.set_return(0x66);
    exit.set_output(0, 0x99);
    vm.run(exit);
    EXPECT_EQ(exit.reason, PPCVM_EXIT_POWER_OFF) << exit.reason_name();
    EXPECT_EQ(console.get(), "cpu0 alive\nSMP OK\n");
}

// Destroying a machine with a vCPU paused in an exit ends it promptly (no hang; the sanitizer
// build checks that nothing leaks or races).
TEST(VmApi, DestroyWithAnExitOutstanding) {
    const std::string bios = guest_path("pseries_hcall_exit_smp");
    REQUIRE_GUEST(bios);
    for (int round = 0; round < 3; ++round) {
        Console console;
        auto start = std::chrono::steady_clock::now();
        {
            ppcvm::Vm vm(power9(), bios_settings(bios, &console, 2));
            vm.set_hcall_in_core(kSmpHcall, false);
            ppcvm::Exit exit;
            vm.run(exit);
            ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL);
            if (round == 1) console.wait_for("cpu0 alive\n", std::chrono::seconds(30));
        }  // destroyed here, vCPU 1 paused, vCPU 0 spinning
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
        EXPECT_EQ(console.get().find("SMP OK"), std::string::npos);
    }
}

TEST(VmApi, RequestStopFromAnotherThread) {
    const std::string bios = guest_path("pseries_hcall_exit_smp");
    REQUIRE_GUEST(bios);
    Console console;
    ppcvm::Vm vm(power9(), bios_settings(bios, &console, 2));
    vm.set_hcall_in_core(kSmpHcall, false);
    ppcvm::Exit exit;
    vm.run(exit);
    ASSERT_EQ(exit.reason, PPCVM_EXIT_PAPR_HCALL);
    std::thread([&] { vm.request_stop(); }).join();
    exit.set_return(0x66);
    exit.set_output(0, 0x99);
    vm.run(exit);  // the answer is not delivered: the machine has already ended
    EXPECT_EQ(exit.reason, PPCVM_EXIT_STOPPED) << exit.reason_name();
    EXPECT_EQ(console.get().find("SMP OK"), std::string::npos);

    // A stop while ppcvm_vm_run waits: the embedder takes H_RTAS, answers the guest's
    // power-off call as if done, and the guest then spins for ever, so no exit would come.
    const std::string single = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(single);
    Console console2;
    ppcvm::Vm vm2(power9(), bios_settings(single, &console2));
    vm2.set_hcall_in_core(0xf000, false);  // H_RTAS
    ppcvm::Exit exit2;
    vm2.run(exit2);
    ASSERT_EQ(exit2.reason, PPCVM_EXIT_PAPR_HCALL);
    EXPECT_EQ(exit2.hcall_nr(), 0xf000u);
    EXPECT_EQ(console2.get(), "FAIL A\n");  // the vendor call was in core: H_FUNCTION
    exit2.set_return(0);
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        vm2.request_stop();
    });
    const auto start = std::chrono::steady_clock::now();
    vm2.run(exit2);
    stopper.join();
    EXPECT_EQ(exit2.reason, PPCVM_EXIT_STOPPED) << exit2.reason_name();
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
}

TEST(VmApi, EngineIsReportedAsDescribeReportsIt) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    ppcvm::PlatformConfig cfg = power9();
    ppcvm::Vm vm(cfg, bios_settings(bios, nullptr));
    ppcvm::PlatformInfo got = vm.info();
    ppcvm::PlatformInfo described = cfg.describe();
    EXPECT_EQ(got.engine, described.engine);
    EXPECT_EQ(std::string(got.engine_reason), std::string(described.engine_reason));
    EXPECT_EQ(got.engine, static_cast<uint32_t>(PPCVM_ENGINE_EXACT));  // the only engine built
    EXPECT_EQ(vm.engine(), "exact");
    EXPECT_EQ(got.model(), "POWER9");
}

TEST(VmApi, InvalidArgumentsAreRefusedClearly) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    ppcvm_machine_options o = c_options(bios.c_str());
    ppcvm_vm* vm = reinterpret_cast<ppcvm_vm*>(0x1);

    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &o, nullptr), PPCVM_E_INVALID, "vm pointer");
    EXPECT_REFUSED(ppcvm_vm_create(nullptr, &o, &vm), PPCVM_E_INVALID, "config");
    EXPECT_EQ(vm, nullptr);  // cleared on failure
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, nullptr, &vm), PPCVM_E_INVALID, "options");

    ppcvm_machine_options bad = o;
    bad.size = 8;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_BAD_SIZE, "ppcvm_machine_options.size");
    bad = o;
    bad.flags = 1;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "flags");
    bad = o;
    bad.reserved[3] = 1;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "reserved[3]");
    bad = o;
    bad.reserved0 = 1;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "reserved0");
    bad = o;
    bad.console = 7;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "console = 7");
    bad = o;
    bad.console = PPCVM_CONSOLE_CALLBACK;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "console_write is NULL");
    bad = o;
    bad.vcpus = 257;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "at most 256");
    bad = o;
    bad.bios = nullptr;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "kernel or a bios");
    bad = o;
    bad.bios = "/nonexistent/guest.bin";
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "/nonexistent/guest.bin");
    bad = o;
    bad.ram_bytes = 1ull << 20;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &bad, &vm), PPCVM_E_INVALID, "at least 16 MiB");
    // A larger struct from a newer header: zero tail accepted, non-zero refused.
    struct {
        ppcvm_machine_options o;
        uint64_t tail;
    } newer{o, 0};
    newer.o.size = sizeof newer;
    ASSERT_EQ(ppcvm_vm_create(&cfg, &newer.o, &vm), PPCVM_OK) << ppcvm_last_error();
    ppcvm_vm_destroy(vm);
    newer.tail = 1;
    EXPECT_REFUSED(ppcvm_vm_create(&cfg, &newer.o, &vm), PPCVM_E_TOO_NEW, "newer ppcvm");

    // Only PAPR runs: a BookE (e500) or bare-metal configuration is refused as unsupported.
    ppcvm_config booke = cfg;
    ASSERT_EQ(ppcvm_cpu_lookup("e500", &booke.pvr), PPCVM_OK);
    EXPECT_REFUSED(ppcvm_vm_create(&booke, &o, &vm), PPCVM_E_UNSUPPORTED, "only the pseries");
    ppcvm_config bare = cfg;
    bare.platform = PPCVM_PLATFORM_BARE_METAL;
    EXPECT_REFUSED(ppcvm_vm_create(&bare, &o, &vm), PPCVM_E_UNSUPPORTED, "only the pseries");
    ppcvm_config fast = cfg;
    fast.engine = PPCVM_ENGINE_FAST;
    EXPECT_REFUSED(ppcvm_vm_create(&fast, &o, &vm), PPCVM_E_ENGINE, "fast engine");

    ASSERT_EQ(ppcvm_vm_create(&cfg, &o, &vm), PPCVM_OK) << ppcvm_last_error();
    // Hypercall choices.
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, 0x7777, 0), PPCVM_E_INVALID, "not a hypercall opcode");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, 0, 0), PPCVM_E_INVALID, "not a hypercall opcode");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, 0x1000, 0), PPCVM_E_INVALID, "not a hypercall opcode");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, 0xf100, 0), PPCVM_E_INVALID, "not a hypercall opcode");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, kHRandom, 2), PPCVM_E_INVALID, "in_core = 2");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, kVendorHcall, 1), PPCVM_E_INVALID,
                   "not implemented by ppcvm");
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(vm, 0x7fc, 1), PPCVM_E_INVALID,
                   "not implemented by ppcvm");
    EXPECT_EQ(ppcvm_vm_set_hcall_in_core(vm, 0x7fc, 0), PPCVM_OK);  // any valid opcode: exit
    EXPECT_EQ(ppcvm_vm_set_hcall_in_core(vm, 0xf001, 0), PPCVM_OK);  // QEMU-style private call
    EXPECT_EQ(ppcvm_vm_set_hcall_in_core(vm, kHPutTermChar, 1), PPCVM_OK);
    EXPECT_EQ(ppcvm_vm_hcall_in_core(vm, kHPutTermChar), 1);
    EXPECT_EQ(ppcvm_vm_hcall_in_core(vm, 0x7fc), 0);
    EXPECT_REFUSED(ppcvm_vm_set_hcall_in_core(nullptr, kHRandom, 0), PPCVM_E_INVALID, "vm pointer");
    // Exit struct.
    EXPECT_REFUSED(ppcvm_vm_run(vm, nullptr), PPCVM_E_INVALID, "exit pointer");
    ppcvm_exit exit;
    std::memset(&exit, 0, sizeof exit);
    exit.size = 16;
    EXPECT_REFUSED(ppcvm_vm_run(vm, &exit), PPCVM_E_BAD_SIZE, "ppcvm_exit.size = 16");
    EXPECT_REFUSED(ppcvm_vm_run(nullptr, &exit), PPCVM_E_INVALID, "vm pointer");
    EXPECT_REFUSED(ppcvm_vm_info(vm, nullptr), PPCVM_E_INVALID, "info pointer");
    EXPECT_REFUSED(ppcvm_vm_console_input(vm, nullptr, 3), PPCVM_E_INVALID, "data pointer");
    EXPECT_EQ(ppcvm_vm_request_stop(vm), PPCVM_OK);  // before any run: the run ends at once
    exit.size = sizeof exit;
    EXPECT_EQ(ppcvm_vm_run(vm, &exit), PPCVM_OK);
    EXPECT_EQ(exit.reason, PPCVM_EXIT_STOPPED);
    EXPECT_STREQ(ppcvm_exit_reason_name(exit.reason), "stopped");
    ppcvm_vm_destroy(vm);
    ppcvm_vm_destroy(nullptr);

    // The C++ layer throws with the same message.
    try {
        ppcvm::Vm bad_vm(power9(), ppcvm::MachineSettings{});
        ADD_FAILURE() << "a machine without images was created";
    } catch (const ppcvm::Error& e) {
        EXPECT_EQ(e.status(), PPCVM_E_INVALID);
        EXPECT_NE(std::string(e.what()).find("kernel or a bios"), std::string::npos);
    }
}

// Exits output into a larger (newer) caller struct: the tail is zeroed, the size kept.
TEST(VmApi, LargerExitStructGetsZeroTail) {
    const std::string bios = guest_path("pseries_hcall_exit");
    REQUIRE_GUEST(bios);
    ppcvm::Vm vm(power9(), bios_settings(bios, nullptr));
    vm.set_hcall_in_core(kVendorHcall, false);
    struct {
        ppcvm_exit e;
        uint64_t tail[2];
    } big;
    std::memset(&big, 0xa5, sizeof big);
    big.e.size = sizeof big;
    ASSERT_EQ(ppcvm_vm_run(vm.raw(), &big.e), PPCVM_OK) << ppcvm_last_error();
    EXPECT_EQ(big.e.size, sizeof big);
    EXPECT_EQ(big.e.reason, PPCVM_EXIT_PAPR_HCALL);
    EXPECT_EQ(big.e.reserved0, 0u);
    EXPECT_EQ(big.tail[0], 0u);
    EXPECT_EQ(big.tail[1], 0u);
}

}  // namespace

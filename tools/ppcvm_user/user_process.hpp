// A static PowerPC Linux user program on ppcvm's exact engine: the ELF is loaded at its link
// addresses (guest physical = virtual, translation off), the initial stack follows the Linux
// process ABI (argc, argv, envp, auxv), and the few system calls a static program needs are
// served here by catching the system call interrupt (vector 0xc00) in the run loop: the core
// knows nothing about Linux.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "loader/elf_loader.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm::user {

struct UserOptions {
    std::string cpu = "POWER9";
    uint64_t memory_bytes = 1ull << 30;      // guest RAM; the stack is at its top
    uint64_t max_instructions = 0;           // 0: no limit
    bool trace_syscalls = false;
    int stdout_fd = 1, stderr_fd = 2;        // where the guest's fds 1 and 2 go
};

struct RunResult {
    enum class Kind { Exited, Fault, InstructionLimit } kind = Kind::Exited;
    int exit_code = 0;         // Exited: the guest's status; Fault: 128 + signal number
    std::string message;       // Fault: what happened, where
    uint64_t instructions = 0;
};

class UserProcess {
public:
    // Throws loader::ElfError or std::runtime_error with a clear message.
    UserProcess(const std::vector<uint8_t>& elf, const std::vector<std::string>& argv,
                const UserOptions& options);
    ~UserProcess();

    RunResult run();

    CpuState& state() { return cpu_->state(); }
    const loader::ElfImage& image() const { return image_; }

private:
    void build_stack(const std::vector<std::string>& argv);
    // Serve the system call the guest just made; false if the process exits.
    bool system_call(RunResult& result);
    std::string describe_fault() const;

    UserOptions opt_;
    loader::ElfImage image_;
    ResolvedPlatform platform_;
    std::unique_ptr<GuestMemory> memory_;
    std::unique_ptr<Cpu> cpu_;
    uint64_t user_msr_ = 0;
    uint64_t brk_ = 0;
};

}  // namespace ppcvm::user

// ppcvm-user: run a static PowerPC Linux program (ELF64 ppc64/ppc64le or ELF32 ppc) on
// ppcvm's exact engine. Exit status: the program's, 128 + signal number if it faulted (the
// fault is described on stderr), 125 on an instruction limit, 127 if it cannot be loaded.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "user_process.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Run a static PowerPC Linux user program on ppcvm"};
    ppcvm::user::UserOptions opt;
    std::string program;
    std::vector<std::string> args;
    std::string memory = "1G";
    app.add_option("--cpu", opt.cpu, "CPU model (POWER8, POWER9, POWER10...)");
    app.add_option("-m,--memory", memory, "guest memory (bytes, or with K/M/G)");
    app.add_option("--max-insns", opt.max_instructions, "stop after this many instructions");
    app.add_flag("--trace-syscalls", opt.trace_syscalls, "log every system call on stderr");
    app.add_option("program", program, "static ELF executable")->required();
    app.add_option("args", args, "arguments for the program");
    app.prefix_command();  // everything after the program belongs to it
    CLI11_PARSE(app, argc, argv);
    for (const auto& extra : app.remaining()) args.push_back(extra);

    char* end = nullptr;
    unsigned long long bytes = std::strtoull(memory.c_str(), &end, 0);
    switch (end && *end ? *end : 0) {
        case 'k': case 'K': bytes <<= 10; ++end; break;
        case 'm': case 'M': bytes <<= 20; ++end; break;
        case 'g': case 'G': bytes <<= 30; ++end; break;
        default: break;
    }
    if (!end || *end || bytes == 0) {
        std::fprintf(stderr, "ppcvm-user: bad memory size '%s'\n", memory.c_str());
        return 2;
    }
    opt.memory_bytes = bytes;

    std::vector<std::string> guest_argv{program};
    guest_argv.insert(guest_argv.end(), args.begin(), args.end());
    try {
        ppcvm::user::UserProcess process(ppcvm::loader::read_file(program), guest_argv, opt);
        const ppcvm::user::RunResult r = process.run();
        switch (r.kind) {
            case ppcvm::user::RunResult::Kind::Exited: return r.exit_code;
            case ppcvm::user::RunResult::Kind::Fault:
                std::fprintf(stderr, "ppcvm-user: %s: %s (after %llu instructions)\n",
                             program.c_str(), r.message.c_str(),
                             static_cast<unsigned long long>(r.instructions));
                return r.exit_code;
            case ppcvm::user::RunResult::Kind::InstructionLimit:
                std::fprintf(stderr, "ppcvm-user: %s: %s\n", program.c_str(), r.message.c_str());
                return 125;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ppcvm-user: %s: %s\n", program.c_str(), e.what());
        return 127;
    }
    return 0;
}

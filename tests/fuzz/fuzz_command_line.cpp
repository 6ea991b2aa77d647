// Fuzz target: random argument vectors for the ppcvm command line. Invariants: parsing either
// succeeds or throws UsageError; describing a parsed line either succeeds or throws
// ppcvm::Error; nothing else escapes, nothing crashes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/describe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Arguments are NUL-separated; at most 32 of them.
    std::vector<std::string> args{"ppcvm"};
    std::string cur;
    for (size_t i = 0; i < size && args.size() < 33; ++i) {
        if (data[i] == 0) {
            args.push_back(cur);
            cur.clear();
        } else {
            cur += static_cast<char>(data[i]);
        }
    }
    if (!cur.empty() && args.size() < 33) args.push_back(cur);
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    try {
        auto cl = ppcvm::cli::parse_command_line(static_cast<int>(argv.size()), argv.data());
        if (cl.action == ppcvm::cli::Action::Describe || cl.action == ppcvm::cli::Action::Run) {
            try {
                auto d = ppcvm::cli::describe(cl);
                (void)ppcvm::cli::to_json(d);
                (void)ppcvm::cli::to_text(d);
            } catch (const ppcvm::Error&) {
            }
        }
    } catch (const ppcvm::cli::UsageError&) {
    }
    return 0;
}

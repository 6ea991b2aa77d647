// `ppcvm --describe`: the platform query, as text or JSON, for the given options.
#pragma once

#include <string>

#include "cli/command_line.hpp"
#include "ppcvm/ppcvm.hpp"

namespace ppcvm::cli {

struct Description {
    std::string machine;
    uint64_t ram_bytes = 0;
    unsigned smp = 0;
    PlatformInfo info;
};

// Resolves through the public C++ API (as any embedding program would) and applies the
// machine's own processor rules. Throws ppcvm::Error.
Description describe(const CommandLine& cl);

std::string to_text(const Description& d);
std::string to_json(const Description& d);

}  // namespace ppcvm::cli

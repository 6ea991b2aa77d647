// What each execution engine can run. The platform resolver asks this when it picks an engine,
// so that a forced engine that cannot serve a configuration is refused with the reason.
#pragma once

#include <string>

#include "platform/cpu_catalog.hpp"

namespace ppcvm {

struct EngineVerdict {
    bool can_serve;
    std::string reason;  // why not (or a note on what the engine does for this configuration)
};

// The exact engine interprets every instruction of every family in the catalog.
EngineVerdict exact_engine_can_serve(const CpuModel& cpu);
// The fast (translating) engine.
EngineVerdict fast_engine_can_serve(const CpuModel& cpu);

}  // namespace ppcvm

#include "core/engine_capabilities.hpp"

namespace ppcvm {

EngineVerdict exact_engine_can_serve(const CpuModel&) {
    return {true, "the exact engine interprets every instruction of every catalog model"};
}

EngineVerdict fast_engine_can_serve(const CpuModel& cpu) {
    // No translating engine exists yet in this build; when it lands this returns which
    // families and modes it covers.
    return {false, std::string("the fast (translating) engine is not part of this ppcvm build "
                               "yet, so it cannot run ") +
                       cpu.name};
}

}  // namespace ppcvm

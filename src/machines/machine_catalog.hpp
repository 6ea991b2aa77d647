// The machines ppcvm knows by name, and what each one fixes about the platform. Each machine
// owns its device tree, firmware conventions and devices (in its own file under machines/);
// this table is what the front ends need before any machine is built.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "platform/platform_resolver.hpp"

namespace ppcvm {

struct MachineType {
    const char* name;
    const char* alias;        // another name QEMU accepts, or nullptr
    Platform platform;
    const char* default_cpu;  // catalog name
    CpuFamily family;         // the processor family the board is built around
    // Processor check beyond the family (e.g. powernv9 needs a POWER9). Empty string = fine.
    std::string (*check_cpu)(const CpuModel& cpu);
    bool runnable;            // false: accepted and described, but cannot boot guests yet
    const char* description;
};

std::span<const MachineType> machine_catalog();
const MachineType* find_machine(std::string_view name);

// Empty when `cpu` fits `machine`, otherwise the message that says why not.
std::string machine_cpu_problem(const MachineType& machine, const CpuModel& cpu);

}  // namespace ppcvm

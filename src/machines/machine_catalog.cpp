#include "machines/machine_catalog.hpp"

#include "util/text.hpp"


#include <fmt/format.h>

namespace ppcvm {
namespace {

std::string any_cpu(const CpuModel&) { return {}; }

// QEMU's powernv machines are built around one POWER generation each (hw/ppc/pnv.c chips).
std::string powernv_any(const CpuModel& cpu) {
    if (cpu.isa < IsaLevel::V2_07)
        return fmt::format("the powernv machine models POWER8, POWER9 and POWER10 chips; {} (ISA "
                           "{}) has no powernv chip",
                           cpu.name, isa_level_name(cpu.isa));
    return {};
}
template <IsaLevel Level>
std::string powernv_exact(const CpuModel& cpu) {
    if (cpu.isa != Level)
        return fmt::format("this powernv machine is built around an ISA {} chip; {} is ISA {}",
                           isa_level_name(Level), cpu.name, isa_level_name(cpu.isa));
    return {};
}

const MachineType kMachines[] = {
    {"pseries", nullptr, Platform::Papr, "POWER9", CpuFamily::Book3S64, any_cpu, true,
     "PAPR logical partition (pseries): the guest runs in supervisor state and uses hypercalls"},
    {"powernv", nullptr, Platform::BareMetal, "POWER9", CpuFamily::Book3S64, powernv_any, false,
     "PowerNV bare metal (alias of powernv9): the guest is the hypervisor"},
    {"powernv8", nullptr, Platform::BareMetal, "POWER8", CpuFamily::Book3S64,
     powernv_exact<IsaLevel::V2_07>, false, "PowerNV bare metal with a POWER8 chip"},
    {"powernv9", nullptr, Platform::BareMetal, "POWER9", CpuFamily::Book3S64,
     powernv_exact<IsaLevel::V3_00>, false, "PowerNV bare metal with a POWER9 chip"},
    {"powernv10", nullptr, Platform::BareMetal, "POWER10", CpuFamily::Book3S64,
     powernv_exact<IsaLevel::V3_1>, false, "PowerNV bare metal with a POWER10 chip"},
    {"ppce500", nullptr, Platform::BookE, "e500v2", CpuFamily::BookE, any_cpu, false,
     "generic e500 (BookE) board, ePAPR boot"},
    {"g3beige", nullptr, Platform::BareMetal, "750", CpuFamily::Book3S32, any_cpu, false,
     "Heathrow-based PowerMac (G3): 32-bit Book III-S"},
    {"mac99", nullptr, Platform::BareMetal, "7400", CpuFamily::Book3S32, any_cpu, false,
     "Mac99-based PowerMac (G4): 32-bit Book III-S"},
};


}  // namespace

std::span<const MachineType> machine_catalog() { return kMachines; }

const MachineType* find_machine(std::string_view name) {
    for (const auto& m : kMachines)
        if (iequals(m.name, name) || (m.alias && iequals(m.alias, name))) return &m;
    return nullptr;
}

std::string machine_cpu_problem(const MachineType& machine, const CpuModel& cpu) {
    if (cpu.family != machine.family)
        return fmt::format("machine '{}' needs a {} processor; {} is {}", machine.name,
                           family_name(machine.family), cpu.name, family_name(cpu.family));
    return machine.check_cpu(cpu);
}

}  // namespace ppcvm

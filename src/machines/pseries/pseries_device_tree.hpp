// The device tree a PAPR guest boots with when there is no Open Firmware: everything firmware
// would have negotiated (PAPR+ appendix "Device tree", LoPAPR chapter 3), built from the
// resolved platform. Its CPU properties match what QEMU's pseries machine gives the same
// processor (checked against `qemu-system-ppc64 -M pseries,dumpdtb=...` by the tests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/platform_resolver.hpp"

namespace ppcvm::pseries {

inline constexpr uint64_t kTimebaseHz = 512000000;  // PAPR timebase, as QEMU's pseries
inline constexpr uint32_t kVtyReg = 0x71000000;     // the first VIO device's unit address
inline constexpr const char* kVtyPath = "/vdevice/vty@71000000";

struct PseriesTreeConfig {
    ResolvedPlatform platform;
    uint64_t ram_bytes = 0;
    unsigned smp = 1;
    std::string bootargs;
    std::optional<std::pair<uint64_t, uint64_t>> initrd;  // [start, end)
    bool radix = false;        // ibm,architecture-vec-5 byte 24: radix (0x40) or hash (0x00)
    unsigned hpt_shift = 0;    // log2 of the hashed page table size (ibm,pft-size); 0 = from RAM
    uint64_t rtas_base = 0;    // where the RTAS entry blob lives
    uint32_t rtas_size = 0;
    std::vector<std::pair<uint64_t, uint64_t>> reserved;  // /memreserve/ (address, size)
};

// Size of the HPT PAPR recommends for `ram_bytes`: 1/128th of RAM, a power of two, at least
// 256 KiB (2^18), as QEMU's spapr_hpt_shift_for_ramsize.
unsigned default_hpt_shift(uint64_t ram_bytes);

// Whether the kernel command line asks for the hashed page table on an ISA 3.0 processor:
// Linux's `disable_radix`, alone or `=` a true value (y, Y, 1, on). Firmware learns this
// through ibm,client-architecture-support (Linux's prom_init reads the same option and asks
// for hash); ppcvm boots without Open Firmware, so it reads the option itself to write the
// negotiated ibm,architecture-vec-5. A false or unreadable value leaves radix.
bool bootargs_disable_radix(const std::string& bootargs);

// Build the flattened tree. Throws FdtError (machines/fdt_builder.hpp) on failure.
std::vector<uint8_t> build_pseries_device_tree(const PseriesTreeConfig& config);

// RTAS services and their tokens, numbered as QEMU's pseries numbers them (from 0x2000).
struct RtasService {
    const char* name;
    uint32_t token;
};
const std::vector<RtasService>& rtas_services();

// The hypercall function sets ppcvm's pseries machine advertises in ibm,hypertas-functions.
const std::vector<std::string>& hypertas_functions();

}  // namespace ppcvm::pseries

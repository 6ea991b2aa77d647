#include "core/memory_access.hpp"

namespace ppcvm {

bool page_has_code(const CpuState& cpu, uint64_t pa) { return cpu.memory->is_code_page(pa); }

void notify_code_write(CpuState& cpu, uint64_t pa, unsigned size) {
    cpu.memory->code_written(pa);
    if (((pa + size - 1) >> GuestMemory::kCodePageShift) != (pa >> GuestMemory::kCodePageShift))
        cpu.memory->code_written(pa + size - 1);
}

namespace {

// Outside RAM and MMIO: a machine check, as a bus error is on real hardware (Book III 7.5.2).
bool bus_error(CpuState& cpu, uint64_t ea) {
    raise_machine_check(cpu, ea);
    return false;
}

}  // namespace

bool load_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t& value) {
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Load, pa)) return false;
    const MmioRegion* r = cpu.memory->find_mmio(pa, size);
    if (!r || !r->read) return bus_error(cpu, ea);
    uint64_t v = 0;
    if (!r->read(pa - r->base, size, v)) return bus_error(cpu, ea);
    // Devices answer in big-endian bus order; a little-endian access sees the bytes reversed.
    if (cpu.little_endian()) {
        switch (size) {
            case 2: v = __builtin_bswap16(static_cast<uint16_t>(v)); break;
            case 4: v = __builtin_bswap32(static_cast<uint32_t>(v)); break;
            case 8: v = __builtin_bswap64(v); break;
            default: break;
        }
    }
    value = v;
    return true;
}

bool store_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t value) {
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Store, pa)) return false;
    const MmioRegion* r = cpu.memory->find_mmio(pa, size);
    if (!r || !r->write) return bus_error(cpu, ea);
    uint64_t v = value;
    if (cpu.little_endian()) {
        switch (size) {
            case 2: v = __builtin_bswap16(static_cast<uint16_t>(v)); break;
            case 4: v = __builtin_bswap32(static_cast<uint32_t>(v)); break;
            case 8: v = __builtin_bswap64(v); break;
            default: break;
        }
    }
    if (!r->write(pa - r->base, size, v)) return bus_error(cpu, ea);
    return true;
}

}  // namespace ppcvm

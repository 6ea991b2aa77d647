#include "core/memory_access.hpp"

#include "core/paravirt.hpp"

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

// A relocated access crossing a 4 KiB page: both pages are translated (either may fault)
// before any byte moves; each part must be RAM (an MMIO access split over two translations
// is a bus error).
bool split_pages(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa1,
                 uint64_t& pa2, unsigned& first) {
    first = static_cast<unsigned>(SoftTlb::kPageMask + 1 - (ea & SoftTlb::kPageMask));
    return translate(cpu, ea, kind, pa1) &&
           translate(cpu, (ea + first) & cpu.ea_mask(), kind, pa2);
}

}  // namespace

bool translate_miss(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    if (paravirt::magic_ea(cpu, ea, kind)) [[unlikely]] {
        // The paravirtual magic page overrides the MMU; never cached, so every access to
        // it reaches load_slow/store_slow.
        pa = cpu.magic_page->pa | (ea & SoftTlb::kPageMask);
        return true;
    }
    if (!cpu.mmu) {
        // No MMU attached (bare CPU tests): translated accesses fault as "no translation".
        if (kind == AccessKind::Fetch) {
            raise_instruction_storage(cpu, dsisr::kNoTranslation);
        } else {
            raise_data_storage(cpu, ea, dsisr::kNoTranslation |
                                            (kind == AccessKind::Store ? dsisr::kStore : 0));
        }
        return false;
    }
    if (!cpu.mmu->translate(cpu, ea, kind, pa)) return false;
    // The access is fully permitted and its R/C side effects are done: cache it.
    SoftTlbEntry& e = cpu.tlb.entry(static_cast<unsigned>(kind), ea);
    e.tag = SoftTlb::tag(ea, cpu.msr);
    e.pa_page = pa & ~SoftTlb::kPageMask;
    e.host = cpu.memory->ram_ptr(e.pa_page, SoftTlb::kPageMask + 1);
    ++cpu.tlb.misses;
    return true;
}

bool load_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t& value) {
    if ((cpu.msr & msr::kDR) && crosses_page(ea, size)) {
        uint64_t pa1, pa2;
        unsigned first;
        if (!split_pages(cpu, ea, AccessKind::Load, pa1, pa2, first)) return false;
        uint8_t bytes[8];
        if (!cpu.memory->read_bytes(pa1, bytes, first) ||
            !cpu.memory->read_bytes(pa2, bytes + first, size - first))
            return bus_error(cpu, ea);
        uint64_t v = 0;
        for (unsigned i = 0; i < size; ++i) {
            const unsigned b = cpu.little_endian() ? size - 1 - i : i;
            v = (v << 8) | bytes[b];
        }
        value = v;
        return true;
    }
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Load, pa)) return false;
    if (paravirt::magic_pa(cpu, pa, size)) [[unlikely]] {
        value = paravirt::magic_load(cpu, pa, size);
        return true;
    }
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
    if ((cpu.msr & msr::kDR) && crosses_page(ea, size)) {
        uint64_t pa1, pa2;
        unsigned first;
        if (!split_pages(cpu, ea, AccessKind::Store, pa1, pa2, first)) return false;
        uint8_t bytes[8];
        for (unsigned i = 0; i < size; ++i) {
            const unsigned shift = cpu.little_endian() ? 8 * i : 8 * (size - 1 - i);
            bytes[i] = static_cast<uint8_t>(value >> shift);
        }
        if (!cpu.memory->ram_ptr(pa1, first) || !cpu.memory->ram_ptr(pa2, size - first))
            return bus_error(cpu, ea);
        cpu.memory->write_bytes(pa1, bytes, first);
        cpu.memory->write_bytes(pa2, bytes + first, size - first);
        if (page_has_code(cpu, pa1)) notify_code_write(cpu, pa1, first);
        if (page_has_code(cpu, pa2)) notify_code_write(cpu, pa2, size - first);
        return true;
    }
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Store, pa)) return false;
    if (paravirt::magic_pa(cpu, pa, size)) [[unlikely]] {
        paravirt::magic_store(cpu, pa, size, value);
        return true;
    }
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

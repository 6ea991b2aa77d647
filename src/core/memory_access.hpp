// Loads and stores as the semantics see them: translation, endianness, MMIO, and the
// architected interrupt on failure. Every engine reaches guest memory through these.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core/cpu_state.hpp"
#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"

namespace ppcvm {

// Real addressing mode ignores EA bits 0:3 (Power ISA 3.1 Book III 6.7.3, hypervisor real
// mode); the platform's RMA/VRMA limits come with the MMU.
inline constexpr uint64_t kRealModeMask = 0x0fffffffffffffffull;

template <typename T>
constexpr T byteswap_any(T v) {
    if constexpr (sizeof(T) == 1) return v;
    else if constexpr (sizeof(T) == 2) return static_cast<T>(__builtin_bswap16(static_cast<uint16_t>(v)));
    else if constexpr (sizeof(T) == 4) return static_cast<T>(__builtin_bswap32(static_cast<uint32_t>(v)));
    else return static_cast<T>(__builtin_bswap64(static_cast<uint64_t>(v)));
}

// Translate a data or instruction address. On failure the interrupt has been raised.
inline bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    const uint64_t relocate = kind == AccessKind::Fetch ? msr::kIR : msr::kDR;
    if (!(cpu.msr & relocate)) {
        pa = ea & kRealModeMask;
        return true;
    }
    if (cpu.mmu) return cpu.mmu->translate(cpu, ea, kind, pa);
    // No MMU attached (bare CPU tests): translated accesses fault as "no translation".
    if (kind == AccessKind::Fetch) {
        raise_instruction_storage(cpu, 1ull << (63 - 33));
    } else {
        raise_data_storage(cpu, ea,
                           dsisr::kNoTranslation | (kind == AccessKind::Store ? dsisr::kStore : 0));
    }
    return false;
}

// Slow paths (MMIO, machine check, page-crossing), out of line.
bool load_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t& value);
bool store_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t value);
// Called by stores that hit a page holding cached code (self-modifying code).
void notify_code_write(CpuState& cpu, uint64_t pa, unsigned size);

// Per-memory bitmap of 4 KiB pages that hold decoded code; the engine sets it.
bool page_has_code(const CpuState& cpu, uint64_t pa);

// Load `sizeof(T)` bytes at `ea` in the current endianness. false: an interrupt was raised.
template <typename T>
inline bool load(CpuState& cpu, uint64_t ea, T& out) {
    static_assert(std::is_unsigned_v<T>);
    ea &= cpu.ea_mask();
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Load, pa)) return false;
    const uint8_t* p = cpu.memory->ram_ptr(pa, sizeof(T));
    if (!p) [[unlikely]] {
        uint64_t v;
        if (!load_slow(cpu, ea, sizeof(T), v)) return false;
        out = static_cast<T>(v);
        return true;
    }
    T raw;
    std::memcpy(&raw, p, sizeof(T));
    out = cpu.little_endian() ? raw : byteswap_any(raw);
    return true;
}

template <typename T>
inline bool store(CpuState& cpu, uint64_t ea, T value) {
    static_assert(std::is_unsigned_v<T>);
    ea &= cpu.ea_mask();
    uint64_t pa;
    if (!translate(cpu, ea, AccessKind::Store, pa)) return false;
    uint8_t* p = cpu.memory->ram_ptr(pa, sizeof(T));
    if (!p) [[unlikely]] return store_slow(cpu, ea, sizeof(T), value);
    T raw = cpu.little_endian() ? value : byteswap_any(value);
    std::memcpy(p, &raw, sizeof(T));
    if (page_has_code(cpu, pa)) [[unlikely]] notify_code_write(cpu, pa, sizeof(T));
    // Any store to a reserved granule clears the reservation (Book II 1.7.3.1).
    cpu.memory->reservations().store_performed(pa, sizeof(T));
    return true;
}

}  // namespace ppcvm

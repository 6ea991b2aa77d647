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
#include "core/spr_numbers.hpp"

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

// Relocation-off accesses that still need the MMU: non-hypervisor state on bare metal (VRMA,
// RMO, radix partition-scoped real mode: Book III 5.7.3, 6.7.3). Hypervisor real mode is EA
// bits 4:63 with HRMOR ORed in when EA bit 0 is 0; every PAPR guest real access is EA bits
// 4:63 (HRMOR stays 0 there).
inline bool real_mode_needs_mmu(const CpuState& cpu) {
    return !(cpu.msr & msr::kHV) && cpu.platform == Platform::BareMetal && cpu.mmu;
}

// Soft TLB miss (or no TLB-able translation): ask the MMU, fill the TLB. Out of line.
bool translate_miss(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa);

// Translate a data or instruction address. On failure the interrupt has been raised.
inline bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    const uint64_t relocate = kind == AccessKind::Fetch ? msr::kIR : msr::kDR;
    if (!(cpu.msr & relocate)) {
        if (real_mode_needs_mmu(cpu)) [[unlikely]]
            return cpu.mmu->translate(cpu, ea, kind, pa);
        pa = (ea & kRealModeMask) | (static_cast<int64_t>(ea) < 0 ? 0 : cpu.spr[sprn::kHRMOR]);
        return true;
    }
    const SoftTlbEntry& e = cpu.tlb.entry(static_cast<unsigned>(kind), ea);
    if (e.tag == SoftTlb::tag(ea, cpu.msr)) [[likely]] {
        pa = e.pa_page | (ea & SoftTlb::kPageMask);
        return true;
    }
    return translate_miss(cpu, ea, kind, pa);
}

// Slow paths (MMIO, machine check, translated accesses crossing a 4 KiB page), out of line.
bool load_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t& value);
bool store_slow(CpuState& cpu, uint64_t ea, unsigned size, uint64_t value);
// Called by stores that hit a page holding cached code (self-modifying code).
void notify_code_write(CpuState& cpu, uint64_t pa, unsigned size);

// Per-memory bitmap of 4 KiB pages that hold decoded code; the engine sets it.
bool page_has_code(const CpuState& cpu, uint64_t pa);

// Host address for a relocated access of `size` bytes that hits the soft TLB, lies in one
// 4 KiB page and is RAM; nullptr otherwise (take the general path).
inline uint8_t* tlb_host(CpuState& cpu, uint64_t ea, AccessKind kind, unsigned size) {
    const SoftTlbEntry& e = cpu.tlb.entry(static_cast<unsigned>(kind), ea);
    const uint64_t off = ea & SoftTlb::kPageMask;
    if (e.tag != SoftTlb::tag(ea, cpu.msr) || !e.host || off > SoftTlb::kPageMask + 1 - size)
        return nullptr;
    return e.host + off;
}

inline bool crosses_page(uint64_t ea, unsigned size) {
    return (ea & SoftTlb::kPageMask) > SoftTlb::kPageMask + 1 - size;
}

// Load `sizeof(T)` bytes at `ea` in the current endianness. false: an interrupt was raised.
template <typename T>
inline bool load(CpuState& cpu, uint64_t ea, T& out) {
    static_assert(std::is_unsigned_v<T>);
    ea &= cpu.ea_mask();
    const uint8_t* p = nullptr;
    if (cpu.msr & msr::kDR) {
        p = tlb_host(cpu, ea, AccessKind::Load, sizeof(T));  // the fast path: a TLB hit
        if (!p) [[unlikely]] {
            uint64_t pa;
            if (!translate(cpu, ea, AccessKind::Load, pa)) return false;
            if (!crosses_page(ea, sizeof(T))) p = cpu.memory->ram_ptr(pa, sizeof(T));
        }
    } else {
        uint64_t pa;
        if (!translate(cpu, ea, AccessKind::Load, pa)) return false;
        p = cpu.memory->ram_ptr(pa, sizeof(T));
    }
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
    uint8_t* p = nullptr;
    if (cpu.msr & msr::kDR) {
        const SoftTlbEntry& e = cpu.tlb.entry(static_cast<unsigned>(AccessKind::Store), ea);
        p = tlb_host(cpu, ea, AccessKind::Store, sizeof(T));
        if (p) [[likely]] {
            pa = e.pa_page | (ea & SoftTlb::kPageMask);
        } else {
            if (!translate(cpu, ea, AccessKind::Store, pa)) return false;
            if (!crosses_page(ea, sizeof(T))) p = cpu.memory->ram_ptr(pa, sizeof(T));
        }
    } else {
        if (!translate(cpu, ea, AccessKind::Store, pa)) return false;
        p = cpu.memory->ram_ptr(pa, sizeof(T));
    }
    if (!p) [[unlikely]] return store_slow(cpu, ea, sizeof(T), value);
    T raw = cpu.little_endian() ? value : byteswap_any(value);
    std::memcpy(p, &raw, sizeof(T));
    if (page_has_code(cpu, pa)) [[unlikely]] notify_code_write(cpu, pa, sizeof(T));
    // Any store to a reserved granule clears the reservation (Book II 1.7.3.1).
    cpu.memory->reservations().store_performed(pa, sizeof(T));
    return true;
}

}  // namespace ppcvm

// Pieces shared by the hash and radix MMUs: LPCR bits, big-endian table access in guest real
// memory, the partition table (Power ISA 3.1 Book III 5.7.6.2 / 6.7.6).
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"
#include "core/guest_memory.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::mmu {

constexpr uint64_t ibit(unsigned isa_bit) { return 1ull << (63 - isa_bit); }

namespace lpcr = ppcvm::lpcr;

// Read a big-endian doubleword of a translation table at real address `pa`.
inline bool read_table(CpuState& cpu, uint64_t pa, uint64_t& value) {
    const uint8_t* p = cpu.memory->ram_ptr(pa, 8);
    if (!p) return false;
    uint64_t raw;
    __builtin_memcpy(&raw, p, 8);
    value = __builtin_bswap64(raw);
    return true;
}

// Set bits in the big-endian doubleword at `pa`, atomically (R/C updates race with other
// processors and with the guest's own updates: Book III 5.7.9.4 / 6.7.12).
inline bool or_table(CpuState& cpu, uint64_t pa, uint64_t bits) {
    uint8_t* p = cpu.memory->ram_ptr(pa, 8);
    if (!p || (pa & 7)) return false;
    __atomic_fetch_or(reinterpret_cast<uint64_t*>(p), __builtin_bswap64(bits), __ATOMIC_SEQ_CST);
    return true;
}

struct PartitionTableEntry {
    uint64_t dw0 = 0, dw1 = 0;
};

// Partition table entry for `lpid` through PTCR (Book III 5.7.6.2): PATB = PTCR bits 4:51,
// PATS = bits 59:63, table size 2^(12+PATS) bytes of 16-byte entries. false if `lpid` is
// beyond the table or the table is not in memory.
inline bool read_partition_entry(CpuState& cpu, uint64_t lpid, PartitionTableEntry& pate) {
    const uint64_t ptcr = cpu.spr[sprn::kPTCR];
    const uint64_t patb = ptcr & 0x0ffffffffffff000ull;
    const unsigned pats = ptcr & 0x1f;
    if (pats > 24 || lpid >= (1ull << (12 + pats - 4))) return false;
    return read_table(cpu, patb + lpid * 16, pate.dw0) &&
           read_table(cpu, patb + lpid * 16 + 8, pate.dw1);
}

// Whether this processor implements ISA 3.0 partition/process tables (POWER9 and later).
inline bool isa3_mmu(const CpuState& cpu) {
    return cpu.model && cpu.model->isa >= IsaLevel::V3_00;
}

}  // namespace ppcvm::mmu

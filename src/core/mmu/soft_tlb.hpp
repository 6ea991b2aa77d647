// The software TLB: a per-CPU, direct-mapped cache of completed translations in front of the
// hash and radix MMUs. One array per access kind (load, store, fetch), indexed by the 4 KiB
// EA page. An entry is only filled once the access it stands for is fully permitted and needs
// no further side effect (R set for loads/fetches, R and C set for stores), so a hit is the
// whole translation: compare one tag, add one offset.
//
// The tag is the EA page plus the translation context bits that an entry depends on and that
// change often: MSR[PR] and MSR[HV]. Everything else that changes a translation (PID, LPID,
// PTCR, SDR1, LPCR, AMR/IAMR/UAMOR, SLB and page table invalidations) flushes the whole TLB
// through tlb_flush_all(); see the list of callers in tlb_flush_all's comment. MSR[IR]/[DR]
// changes need no flush: the TLB is consulted only when relocation is on, and relocated
// translations do not depend on the other relocation bit.
#pragma once

#include <cstdint>
#include <cstring>

namespace ppcvm {

struct CpuState;

struct SoftTlbEntry {
    uint64_t tag = 0;        // EA & ~0xfff | context | 1; 0 never matches
    uint64_t pa_page = 0;    // real address of the 4 KiB page
    uint8_t* host = nullptr; // host address of the page when it is RAM, else nullptr
};

struct SoftTlb {
    static constexpr unsigned kPageShift = 12;
    static constexpr uint64_t kPageMask = (1ull << kPageShift) - 1;
    static constexpr unsigned kEntries = 256;  // per access kind; a power of two

    // [AccessKind][index]
    SoftTlbEntry entries[3][kEntries];
    uint64_t misses = 0;  // statistics: slow-path translations (hits are not counted)

    // Context bits of the tag from the MSR: bit 0 always set (valid), bit 1 = MSR[PR]
    // (MSR bit 49), bit 2 = MSR[HV] (MSR bit 3).
    static uint64_t context(uint64_t msr) {
        return 1 | ((msr >> 13) & 2) | ((msr >> 58) & 4);
    }
    static uint64_t tag(uint64_t ea, uint64_t msr) { return (ea & ~kPageMask) | context(msr); }
    static unsigned index(uint64_t ea) { return (ea >> kPageShift) & (kEntries - 1); }

    SoftTlbEntry& entry(unsigned kind, uint64_t ea) { return entries[kind][index(ea)]; }

    void flush() { std::memset(static_cast<void*>(entries), 0, sizeof entries); }
};

// Drop every cached translation of this CPU and advance its translation epoch so engines
// drop code decoded through the old translations. Callers (Power ISA 3.1 Book III 5.10 /
// 6.10 say which events change translations):
//   slbie/slbia/slbmte, tlbie/tlbiel (storage_control.cpp),
//   mtspr to PIDR, LPIDR, PTCR, SDR1, LPCR, AMR, IAMR, UAMOR, AMOR, HRMOR (the SPR owner
//   must call mmu_spr_written()), the machine's H_ENTER/H_REMOVE/H_REGISTER_PROC_TBL.
void tlb_flush_all(CpuState& cpu);
// tlbie is broadcast (Book III 5.10.1 / 6.10.2): flush this CPU now and ask the machine,
// through CpuEnvironment::broadcast_tlb_flush, to flush the others.
void tlb_flush_broadcast(CpuState& cpu);
// To be called by mtspr after writing one of the SPRs listed above (no-op for the others).
void mmu_spr_written(CpuState& cpu, unsigned spr_number);

}  // namespace ppcvm

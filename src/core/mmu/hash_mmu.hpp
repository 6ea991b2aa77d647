// Hashed page table translation for 64-bit Book III-S (Power ISA 3.1 Book III chapter 5,
// "Storage Control", Hashed Page Table Translation; ISA 2.07 chapter 5 for the SDR1 form).
//
// Segments come from the per-processor SLB (CpuState::slb, written by slbmte): 256 MB and
// 1 TB segments (B = 0b00 / 0b01), Ks/Kp/N/L/LP. Pages come from the hashed page table
// (HPT), located by
//   - the hypervisor side (PAPR: ppcvm owns the guest's HPT: set_hypervisor_hpt()), else
//   - the partition table entry of LPIDR through PTCR (ISA 3.0 and later, LPCR[HR]=0), else
//   - SDR1 (ISA 2.07 and earlier, bare metal).
// Page sizes 4K, 64K, 16M and 16G, with a base page size per segment (SLB L||LP) and the
// actual page size per HPTE (HPTE L and LP in the low RPN bits), using the encodings POWER7,
// POWER8 and POWER9 publish in ibm,segment-page-sizes (also used here for POWER5+/POWER6,
// which implement a subset).
//
// HPTE formats: the ISA 2.07 format; on ISA 3.0 processors the bare-metal HPT uses the 3.0
// format (B moved to doubleword 1 bits 4:5). A hypervisor-owned (PAPR) HPT keeps the 2.07
// format the guest hands to H_ENTER, as QEMU's and KVM's do.
//
// Real mode: the memory access path does not consult the MMU in hypervisor state (real
// address = EA bits 4:63, plus HRMOR when EA bit 0 is 0) or under PAPR (guest real = EA bits
// 4:63: ppcvm's PAPR guest real address space is the guest's memory, as QEMU's
// virtual-hypervisor mode does, so no RMA/VRMA applies). Bare metal with MSR[HV]=0 and
// relocation off comes here: with LPCR[VPM0]=1 (ISA 2.06/2.07) or always on ISA 3.0 hash the
// access goes through the VRMA (1 TB segment, VSID 0x1ffffff, L||LP from LPCR[VRMASD], on
// ISA 3.0 from the partition table entry's PS field; no storage keys), whose faults are
// Hypervisor Storage interrupts (Book III 5.7.3.4). Otherwise (ISA 2.06/2.07 RMO mode) RMOR
// is ORed in after a check against the LPCR[RMLS] limit (POWER4+..POWER8 encodings).
// LPCR[VPM1]=1 sends relocated non-hypervisor faults to the hypervisor too.
// Not modelled: LPCR[ISL] (clamp to 4K), pre-POWER7 page size sets (POWER5+/POWER6 accept
// the POWER7 encodings here: a superset), in-memory segment tables.
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"

namespace ppcvm {

// Implemented SLB size: 64 on POWER5+/POWER6, 32 on POWER7 and later (ibm,slb-size).
unsigned slb_entries(const CpuModel* model);

// The SLB entry translating `ea`, or nullptr (Book III 5.7.6.1 "SLB search").
const SlbEntry* slb_lookup(const CpuState& cpu, uint64_t ea);

class HashMmu : public Mmu {
public:
    bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) override;

    // PAPR: the HPT belongs to the hypervisor (ppcvm), which keeps it in a host buffer outside
    // guest memory (the guest can neither address nor corrupt it: LoPAPR 14.5.4.1 gives it
    // access only through H_ENTER/H_REMOVE/H_READ/H_PROTECT...). `host` holds `size` bytes of
    // big-endian 2.07-format HPTEs, `size` a power of two of at least 256 KiB (PAPR's minimum).
    // The machine calls tlb_flush_all() on every processor after removing or weakening an
    // entry.
    void set_hypervisor_hpt(uint8_t* host, uint64_t size);
    void clear_hypervisor_hpt() { hv_hpt_ = nullptr; }
    bool has_hypervisor_hpt() const { return hv_hpt_ != nullptr; }

    // Where the HPT now in use for `cpu` lives: the hypervisor's host buffer (`host`), else
    // guest real memory at `base`.
    struct HptLocation {
        uint8_t* host = nullptr;
        uint64_t base = 0;
        uint64_t pteg_mask = 0;
        bool isa3_format = false;
    };
    // False if there is none.
    bool hpt(CpuState& cpu, HptLocation& where) const;

private:
    uint8_t* hv_hpt_ = nullptr;
    uint64_t hv_pteg_mask_ = 0;
};

}  // namespace ppcvm

// Radix tree translation (Power ISA 3.1 Book III chapter 6, "Radix Tree Translation"; ISA 3.0).
//
// Fully qualified address: EA bits 0:1 (the quadrant) choose LPID and PID (Book III 6.7.2):
//   MSR[HV]=1: q0 LPID=0,PID=PIDR  q1 LPID=LPIDR,PID=PIDR  q2 LPID=LPIDR,PID=0  q3 LPID=0,PID=0
//   MSR[HV]=0: q0 LPID=LPIDR,PID=PIDR  q3 LPID=LPIDR,PID=0  q1,q2: segment interrupt.
// Process-scoped translation: partition table (PTCR) entry of LPID, doubleword 1 = PRTB/PRTS;
// process table entry of PID = RTS/RPDB/RPDS; then the radix tree (any depth the entries
// describe, leaves of 4K/64K/2M/1G or any size >= 4K the tree gives).
// Partition-scoped translation of guest real addresses (LPID != 0 on bare metal, where a guest
// hypervisor owns it): the tree in partition table doubleword 0; its faults are Hypervisor
// Storage interrupts with ASDR. Under PAPR ppcvm owns partition scope: the guest registers its
// process table (H_REGISTER_PROC_TBL -> set_guest_process_table()) and guest real = ppcvm
// guest memory, as QEMU's virtual-hypervisor mode does.
//
// Reference and change bits: the radix MMU never sets them; an access whose PTE lacks R (or C
// for a store) takes a storage interrupt with DSISR/SRR1[SetRc] (bit 13 / 45) for the OS (or,
// partition-scoped, the hypervisor) to set it. The ISA allows either behaviour; this is
// what POWER9 does (POWER9 User's Manual 4.10.13.1) and what QEMU models.
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"

namespace ppcvm {

class RadixMmu : public Mmu {
public:
    bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) override;

    // PAPR: the process table the guest registered (PRTB real address, PRTS size field: the
    // table is 2^(12+PRTS) bytes). The machine calls tlb_flush_all() on every processor.
    void set_guest_process_table(uint64_t prtb, unsigned prts) {
        papr_table_ = true;
        prtb_ = prtb;
        prts_ = prts;
    }
    void clear_guest_process_table() { papr_table_ = false; }
    bool has_guest_process_table() const { return papr_table_; }

private:
    bool papr_table_ = false;
    uint64_t prtb_ = 0;
    unsigned prts_ = 0;
};

}  // namespace ppcvm

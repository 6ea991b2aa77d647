// The partition's hashed page table under PAPR and the hypercalls that edit it (LoPAPR 14.5.4.1
// "Page Frame Table Access": H_ENTER, H_REMOVE, H_READ, H_PROTECT, H_BULK_REMOVE, H_CLEAR_REF,
// H_CLEAR_MOD).
//
// Where the HPT lives: in a host buffer of its own, outside guest memory. The hash MMU reads it
// through HashMmu::set_hypervisor_hpt(host pointer, size); the guest has no address that
// reaches it, so it can only change it through these hypercalls (as on PowerVM and QEMU, whose
// spapr HPT is also a host allocation). A hidden range of guest physical memory above RAM would
// have needed every real-mode access path to know about the hole; a host buffer needs nothing.
// The buffer is an anonymous mapping: only the parts the guest fills are committed.
//
// Concurrency: one mutex serialises the hypercalls' read-modify-write of HPTEs; the MMUs of the
// other vCPUs read without it, so each doubleword is read and written atomically, a new entry's
// doubleword 1 is stored before its valid bit, and R/C (which the MMUs set with an atomic OR)
// are preserved by compare-and-swap.
//
// Invalidation: after removing or weakening an entry (H_REMOVE, H_BULK_REMOVE, H_PROTECT,
// H_CLEAR_REF/MOD) every vCPU drops its cached translations through
// HypercallHost::flush_all_translations(), the mechanism tlbie uses: the calling vCPU before
// its next instruction (`sc` ends a block), the others at their next block boundary. Partly
// implemented, as for tlbsync: the hypercall does not wait for the other vCPUs, so one may
// finish its current block (a few instructions) through the old translation.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/cpu_state.hpp"

namespace ppcvm {

class HypercallDispatcher;

class PaprHpt {
public:
    // 2^shift bytes (PAPR: 2^18 .. 2^46). Throws std::runtime_error if the host cannot map it.
    explicit PaprHpt(unsigned shift);
    ~PaprHpt();
    PaprHpt(const PaprHpt&) = delete;
    PaprHpt& operator=(const PaprHpt&) = delete;

    uint8_t* data() { return data_; }
    unsigned shift() const { return shift_; }
    uint64_t size() const { return 1ull << shift_; }
    uint64_t entries() const { return size() / 16; }  // PTEX values 0 .. entries()-1

    // Doubleword `dw` (0 or 1) of HPTE `ptex` (< entries()), in host order.
    uint64_t load(uint64_t ptex, unsigned dw) const {
        return __builtin_bswap64(__atomic_load_n(word(ptex, dw), __ATOMIC_ACQUIRE));
    }
    void store(uint64_t ptex, unsigned dw, uint64_t value) {
        __atomic_store_n(word(ptex, dw), __builtin_bswap64(value), __ATOMIC_RELEASE);
    }
    // Replace the bits of `mask` in doubleword 1 by `bits`, keeping whatever R/C an MMU sets
    // meanwhile. Returns the old value.
    uint64_t update_dw1(uint64_t ptex, uint64_t mask, uint64_t bits);

    std::mutex& mutex() { return mutex_; }

    // Invalidate every entry (the pages are given back to the host and read as zeros again).
    // Safe while other vCPUs read: they see either the old doublewords or zeros.
    void clear();

private:
    uint64_t* word(uint64_t ptex, unsigned dw) const {
        return reinterpret_cast<uint64_t*>(data_ + ptex * 16 + dw * 8);
    }
    uint8_t* data_ = nullptr;
    unsigned shift_;
    std::mutex mutex_;
};

namespace hpt_hcalls {
// Handlers for HypercallDispatcher's table. While the partition uses radix (an ISA 3.0 guest
// registered a radix process table) or without an HPT they return H_FUNCTION.
int64_t h_enter(HypercallDispatcher& d, CpuState& cpu);
int64_t h_remove(HypercallDispatcher& d, CpuState& cpu);
int64_t h_read(HypercallDispatcher& d, CpuState& cpu);
int64_t h_protect(HypercallDispatcher& d, CpuState& cpu);
int64_t h_bulk_remove(HypercallDispatcher& d, CpuState& cpu);
int64_t h_clear_ref(HypercallDispatcher& d, CpuState& cpu);
int64_t h_clear_mod(HypercallDispatcher& d, CpuState& cpu);
}  // namespace hpt_hcalls

}  // namespace ppcvm

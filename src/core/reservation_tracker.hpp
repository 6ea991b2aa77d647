// Load-and-reserve / store-conditional reservations shared by every vCPU of one machine
// (Power ISA 3.1 Book II 1.7.3 "Atomic Update").
//
// Design
// ------
// * One slot per vCPU (indexed by CpuState::cpu_index). A slot is a single atomic 64-bit word:
//   the real address of the reservation granule (aligned to the granule, so its low 4 bits are
//   free) | (log2(granule bytes) - 4) << 1 | valid bit 0. Being one word, a slot is set, taken
//   and cleared with single atomic operations: no locks, safe with vCPUs on separate host
//   threads.
// * larx: reserve() publishes the slot (after the vCPU saved the loaded bytes in its own
//   CpuState::reservation).
// * Every store to guest RAM (memory_access.hpp store<T>, dcbz, stcx.) calls store_performed(),
//   which clears every slot whose granule overlaps the stored bytes. The fast path is one relaxed
//   load of a counter of valid slots: zero (the usual case) costs nothing more.
//   Any store, including one by the reserving vCPU itself, clears the reservation: Book II lets
//   implementations lose a reservation for implementation-specific reasons, and this keeps the
//   rule simple and deterministic.
// * stcx.: consume() atomically takes the vCPU's own slot (compare-exchange from the value
//   reserve() put there to empty). If another vCPU's store cleared it first, stcx. fails.
//   The store itself is then a host compare-and-swap of the reserved bytes against the bytes
//   larx read (see load_store_reserve.cpp). The CAS closes the window between consume() and
//   the store: a store by another vCPU that changes the bytes in that window makes stcx. fail.
//   What remains is the ABA case (another vCPU stores the *same* bytes in the few nanoseconds
//   between consume() and the CAS, or plain stores racing the counter check without a fence):
//   that store is not seen. QEMU's MTTCG has that hole for every store; here it is confined to
//   that window. Documented, accepted.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace ppcvm {

class ReservationTracker {
public:
    static constexpr unsigned kMaxCpus = 1024;

    ReservationTracker();

    // vCPU `cpu` reserves the granule of `granule_bytes` (a power of two, 16..2048) holding
    // real address `pa`. Replaces any reservation the vCPU held.
    void reserve(unsigned cpu, uint64_t pa, unsigned granule_bytes);
    // stcx.: take vCPU `cpu`'s reservation if it still covers `pa`'s granule. true: it did and
    // the reservation is now gone; false: it was lost (or never existed).
    bool consume(unsigned cpu, uint64_t pa, unsigned granule_bytes);
    // Drop vCPU `cpu`'s reservation (interrupt, context switch, reset).
    void release(unsigned cpu);
    // Whether vCPU `cpu` holds a reservation covering real address `pa` (tests, debugger).
    bool holds(unsigned cpu, uint64_t pa) const;

    // A store to [pa, pa+size) was performed: clear every reservation on those granules.
    void store_performed(uint64_t pa, uint64_t size) {
        if (active_.load(std::memory_order_relaxed) == 0) [[likely]] return;
        clear_overlapping(pa, size);
    }
    bool any_active() const { return active_.load(std::memory_order_relaxed) != 0; }

private:
    static uint64_t encode(uint64_t pa, unsigned granule_bytes);
    void clear_overlapping(uint64_t pa, uint64_t size);

    std::unique_ptr<std::atomic<uint64_t>[]> slots_;
    std::atomic<unsigned> used_{0};   // 1 + highest slot index ever reserved
    std::atomic<int> active_{0};      // number of valid slots
};

}  // namespace ppcvm

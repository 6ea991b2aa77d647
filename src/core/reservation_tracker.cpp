#include "core/reservation_tracker.hpp"

#include <bit>
#include <cassert>

namespace ppcvm {

ReservationTracker::ReservationTracker() : slots_(new std::atomic<uint64_t>[kMaxCpus]) {
    for (unsigned i = 0; i < kMaxCpus; ++i) slots_[i].store(0, std::memory_order_relaxed);
}

uint64_t ReservationTracker::encode(uint64_t pa, unsigned granule_bytes) {
    assert(std::has_single_bit(granule_bytes) && granule_bytes >= 16 && granule_bytes <= 2048);
    const uint64_t code = std::countr_zero(granule_bytes) - 4;
    return (pa & ~static_cast<uint64_t>(granule_bytes - 1)) | (code << 1) | 1;
}

void ReservationTracker::reserve(unsigned cpu, uint64_t pa, unsigned granule_bytes) {
    assert(cpu < kMaxCpus);
    unsigned used = used_.load(std::memory_order_relaxed);
    while (used < cpu + 1 &&
           !used_.compare_exchange_weak(used, cpu + 1, std::memory_order_relaxed)) {
    }
    // Count first, so that a store that can see the new slot also sees active_ != 0.
    active_.fetch_add(1, std::memory_order_seq_cst);
    const uint64_t old = slots_[cpu].exchange(encode(pa, granule_bytes), std::memory_order_seq_cst);
    if (old & 1) active_.fetch_sub(1, std::memory_order_seq_cst);
}

bool ReservationTracker::consume(unsigned cpu, uint64_t pa, unsigned granule_bytes) {
    if (cpu >= kMaxCpus) return false;
    uint64_t expected = encode(pa, granule_bytes);
    if (slots_[cpu].compare_exchange_strong(expected, 0, std::memory_order_seq_cst)) {
        active_.fetch_sub(1, std::memory_order_seq_cst);
        return true;
    }
    // Not ours any more (or a different granule): drop whatever is there.
    release(cpu);
    return false;
}

void ReservationTracker::release(unsigned cpu) {
    if (cpu >= kMaxCpus) return;
    const uint64_t old = slots_[cpu].exchange(0, std::memory_order_seq_cst);
    if (old & 1) active_.fetch_sub(1, std::memory_order_seq_cst);
}

bool ReservationTracker::holds(unsigned cpu, uint64_t pa) const {
    if (cpu >= kMaxCpus) return false;
    const uint64_t v = slots_[cpu].load(std::memory_order_acquire);
    if (!(v & 1)) return false;
    const uint64_t bytes = 16ull << ((v >> 1) & 7);
    return (pa & ~(bytes - 1)) == (v & ~uint64_t{0xf});
}

void ReservationTracker::clear_overlapping(uint64_t pa, uint64_t size) {
    const unsigned used = used_.load(std::memory_order_acquire);
    const uint64_t last = pa + size - 1;
    for (unsigned i = 0; i < used; ++i) {
        uint64_t v = slots_[i].load(std::memory_order_acquire);
        if (!(v & 1)) continue;
        const uint64_t bytes = 16ull << ((v >> 1) & 7);
        const uint64_t start = v & ~uint64_t{0xf};
        if (last < start || pa > start + bytes - 1) continue;
        if (slots_[i].compare_exchange_strong(v, 0, std::memory_order_seq_cst))
            active_.fetch_sub(1, std::memory_order_seq_cst);
    }
}

}  // namespace ppcvm

// Guest physical memory: RAM backed by an anonymous mapping reserved up front but committed only
// where the guest touches it (so `-m 16G` costs what the guest uses), plus MMIO regions that
// machines register with callbacks. No access ever leaves these ranges.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <functional>
#include <string>
#include <vector>

#include "core/reservation_tracker.hpp"

namespace ppcvm {

struct MmioRegion {
    uint64_t base = 0;
    uint64_t size = 0;
    std::string name;
    // size is 1, 2, 4 or 8; values are in the device's byte order as the bus sees it
    // (the caller has already applied the access's endianness). Return false for a bus error.
    std::function<bool(uint64_t offset, unsigned size, uint64_t& value)> read;
    std::function<bool(uint64_t offset, unsigned size, uint64_t value)> write;
};

class GuestMemory {
public:
    // Reserve `ram_bytes` of RAM at guest physical address 0. Throws std::runtime_error with a
    // clear message if the host cannot reserve it.
    explicit GuestMemory(uint64_t ram_bytes);
    ~GuestMemory();
    GuestMemory(const GuestMemory&) = delete;
    GuestMemory& operator=(const GuestMemory&) = delete;

    uint64_t ram_size() const { return ram_size_; }
    uint8_t* ram() { return ram_; }

    // Host pointer for [pa, pa+len) if it lies entirely in RAM, else nullptr.
    uint8_t* ram_ptr(uint64_t pa, uint64_t len) {
        if (pa >= ram_size_ || len > ram_size_ - pa) return nullptr;
        return ram_ + pa;
    }

    void add_mmio(MmioRegion region);
    const MmioRegion* find_mmio(uint64_t pa, unsigned size) const;

    // Copy helpers for loaders and firmware services; false if any byte is outside RAM.
    bool write_bytes(uint64_t pa, const void* data, uint64_t len);
    bool read_bytes(uint64_t pa, void* data, uint64_t len);

    // ---- self-modifying code support ----
    // Engines mark the 4 KiB pages they decoded code from. A store into such a page clears the
    // mark, records the page in a short log and advances code_epoch(); an engine that sees the
    // epoch move drops the blocks of the logged pages only (written_code_pages), or all of
    // them if it fell more than the log's length behind. Linux patches its own text tens of
    // thousands of times while booting (ftrace, jump labels): dropping every decoded block on
    // each patch cost more than the rest of the boot.
    static constexpr unsigned kCodePageShift = 12;
    static constexpr uint64_t kAllCodePages = ~0ull;  // code_written(pa outside RAM): all
    void mark_code_page(uint64_t pa) {
        if (pa < ram_size_) code_pages_[pa >> kCodePageShift] = 1;
    }
    bool is_code_page(uint64_t pa) const {
        return pa < ram_size_ && code_pages_[pa >> kCodePageShift] != 0;
    }
    void code_written(uint64_t pa);
    uint64_t code_epoch() const { return code_epoch_.load(std::memory_order_acquire); }
    // Pages (page numbers, or kAllCodePages) written between epochs `from` and `to`; false
    // if the log no longer holds all of them (the caller then drops everything).
    bool written_code_pages(uint64_t from, uint64_t to, std::vector<uint64_t>& pages);

    // larx/stcx. reservations of every vCPU using this memory (reservation_tracker.hpp).
    ReservationTracker& reservations() { return reservations_; }

    // Bytes of RAM the host has actually committed (resident), for the memory test/benchmarks.
    uint64_t resident_bytes() const;

private:
    uint8_t* ram_ = nullptr;
    uint64_t ram_size_ = 0;
    std::vector<MmioRegion> mmio_;
    std::unique_ptr<uint8_t[]> code_pages_;  // one byte per 4 KiB page of RAM
    std::atomic<uint64_t> code_epoch_{0};
    static constexpr size_t kCodeLogSize = 256;
    std::mutex code_log_mutex_;
    uint64_t code_log_[kCodeLogSize] = {};  // page of write number n at [n % size]
    ReservationTracker reservations_;
};

}  // namespace ppcvm

#include "core/guest_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace ppcvm {

namespace {
// Inaccessible pages on both sides of RAM: a host access that strays past either end (a
// missing bounds check in a device, hypercall or loader) faults at once instead of corrupting
// whatever the host mapped next to it; the fuzzers rely on it, as ASan does not watch mmap'd
// memory. Larger than any single host access to guest memory (a 4 KiB page at most).
constexpr uint64_t kGuardBytes = 64 << 10;
}  // namespace

GuestMemory::GuestMemory(uint64_t ram_bytes) : ram_size_(ram_bytes) {
    if (ram_bytes == 0) throw std::runtime_error("guest RAM size is zero");
    if (ram_bytes > (1ull << 62))
        throw std::runtime_error(fmt::format("cannot reserve {} MiB of guest RAM: too large",
                                             ram_bytes >> 20));
    void* p = mmap(nullptr, ram_bytes + 2 * kGuardBytes, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        throw std::runtime_error(fmt::format("cannot reserve {} MiB of guest RAM: {}",
                                             ram_bytes >> 20, std::strerror(errno)));
    ram_ = static_cast<uint8_t*>(p) + kGuardBytes;
    if (mprotect(ram_, ram_bytes, PROT_READ | PROT_WRITE) != 0) {
        const int err = errno;
        munmap(p, ram_bytes + 2 * kGuardBytes);
        throw std::runtime_error(fmt::format("cannot reserve {} MiB of guest RAM: {}",
                                             ram_bytes >> 20, std::strerror(err)));
    }
    // Zero-initialised; value-initialising a large array touches only what the host commits
    // lazily for big allocations (calloc-style mmap).
    code_pages_.reset(new uint8_t[(ram_bytes >> kCodePageShift) + 1]());
}

GuestMemory::~GuestMemory() {
    if (ram_) munmap(ram_ - kGuardBytes, ram_size_ + 2 * kGuardBytes);
}

void GuestMemory::add_mmio(MmioRegion region) { mmio_.push_back(std::move(region)); }

const MmioRegion* GuestMemory::find_mmio(uint64_t pa, unsigned size) const {
    for (const auto& r : mmio_)
        if (pa >= r.base && pa - r.base < r.size && size <= r.size - (pa - r.base)) return &r;
    return nullptr;
}

bool GuestMemory::write_bytes(uint64_t pa, const void* data, uint64_t len) {
    uint8_t* p = ram_ptr(pa, len);
    if (!p) return false;
    if (len) std::memcpy(p, data, len);  // an empty buffer's data() may be null
    return true;
}

bool GuestMemory::read_bytes(uint64_t pa, void* data, uint64_t len) {
    uint8_t* p = ram_ptr(pa, len);
    if (!p) return false;
    if (len) std::memcpy(data, p, len);
    return true;
}

uint64_t GuestMemory::resident_bytes() const {
    const long page = sysconf(_SC_PAGESIZE);
    const uint64_t pages = (ram_size_ + page - 1) / page;
    std::vector<unsigned char> vec(pages);
    if (mincore(ram_, ram_size_, vec.data()) != 0) return 0;
    uint64_t resident = 0;
    for (unsigned char v : vec) resident += (v & 1) ? page : 0;
    return resident;
}

void GuestMemory::code_written(uint64_t pa) {
    const uint64_t page = pa < ram_size_ ? pa >> kCodePageShift : kAllCodePages;
    std::lock_guard lock(code_log_mutex_);
    if (page != kAllCodePages) code_pages_[page] = 0;
    const uint64_t n = code_epoch_.load(std::memory_order_relaxed);
    code_log_[n % kCodeLogSize] = page;
    code_epoch_.store(n + 1, std::memory_order_release);
}

bool GuestMemory::written_code_pages(uint64_t from, uint64_t to, std::vector<uint64_t>& pages) {
    std::lock_guard lock(code_log_mutex_);
    const uint64_t now = code_epoch_.load(std::memory_order_relaxed);
    if (to > now || now - from > kCodeLogSize) return false;
    for (uint64_t n = from; n < to; ++n) pages.push_back(code_log_[n % kCodeLogSize]);
    return true;
}

}  // namespace ppcvm

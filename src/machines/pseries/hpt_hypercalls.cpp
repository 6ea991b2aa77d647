#include "machines/pseries/hpt_hypercalls.hpp"

#include <sys/mman.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "core/guest_memory.hpp"
#include "machines/pseries/hypercalls.hpp"
#include "machines/pseries/papr.hpp"

namespace ppcvm {

PaprHpt::PaprHpt(unsigned shift) : shift_(shift) {
    if (shift < 18 || shift > 46)
        throw std::runtime_error(fmt::format("HPT of 2^{} bytes: PAPR allows 2^18..2^46", shift));
    void* p = mmap(nullptr, size(), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        throw std::runtime_error(
            fmt::format("cannot reserve {} MiB for the hashed page table", size() >> 20));
    data_ = static_cast<uint8_t*>(p);
}

PaprHpt::~PaprHpt() { munmap(data_, size()); }

void PaprHpt::clear() {
    std::lock_guard lock(mutex_);
    // A private anonymous mapping reads as zeros after MADV_DONTNEED; fall back to writing
    // zeros if the host refuses.
    if (madvise(data_, size(), MADV_DONTNEED) != 0) std::memset(data_, 0, size());
}

uint64_t PaprHpt::update_dw1(uint64_t ptex, uint64_t mask, uint64_t bits) {
    uint64_t* w = word(ptex, 1);
    uint64_t old_be = __atomic_load_n(w, __ATOMIC_ACQUIRE);
    for (;;) {
        const uint64_t old = __builtin_bswap64(old_be);
        const uint64_t next_be = __builtin_bswap64((old & ~mask) | (bits & mask));
        if (__atomic_compare_exchange_n(w, &old_be, next_be, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            return old;
    }
}

namespace hpt_hcalls {
namespace {

using namespace papr;

// Flags (LoPAPR table "Page Frame Table Access flags field definition"; ISA bit numbers of r4).
constexpr uint64_t H_EXACT = 1ull << (63 - 24);
constexpr uint64_t H_R_XLATE = 1ull << (63 - 25);
constexpr uint64_t H_READ_4 = 1ull << (63 - 26);
constexpr uint64_t H_AVPN = 1ull << (63 - 32);
constexpr uint64_t H_ANDCOND = 1ull << (63 - 33);
constexpr uint64_t H_ICACHE_INVALIDATE = 1ull << (63 - 40);
constexpr uint64_t H_ICACHE_SYNCHRONIZE = 1ull << (63 - 41);
constexpr uint64_t H_ZERO_PAGE = 1ull << (63 - 48);

// HPTE fields (Power ISA 2.07 Book III 5.7.7.2, the format PAPR guests hand to H_ENTER).
constexpr uint64_t kV = 1, kL = 4;
constexpr uint64_t kAvpnMask = ~0x7full;  // B || AVPN: what H_AVPN compares
constexpr uint64_t kRpn = 0x0ffffffffffff000ull;
constexpr uint64_t kPP0 = 1ull << 63, kKeyHi = 0x3000000000000000ull, kKeyLo = 0xe00;
constexpr uint64_t kR = 0x100, kC = 0x80, kN = 0x4, kPP = 0x3;
constexpr uint64_t kW = 0x40, kI = 0x20, kM = 0x10, kG = 0x08;

// H_BULK_REMOVE translation specifier high doubleword (LoPAPR 14.5.4.1.8).
constexpr uint64_t kBulkType = 0xc000000000000000ull;
constexpr uint64_t kBulkRequest = 0x4000000000000000ull, kBulkResponse = 0x8000000000000000ull,
                   kBulkEnd = 0xc000000000000000ull;
constexpr unsigned kBulkCodeShift = 60;  // 0 success, 1 not found, 2 parameter, 3 hardware
constexpr uint64_t kBulkCodeParm = 2ull << kBulkCodeShift;
constexpr unsigned kBulkRcShift = 51;    // R,C (HPTE bits 55,56) -> bits 4,5
constexpr uint64_t kBulkFlags = 0x0300000000000000ull, kBulkAndcond = 0x0100000000000000ull,
                   kBulkAvpn = 0x0200000000000000ull;
constexpr uint64_t kBulkPtex = 0x00ffffffffffffffull;

uint64_t arg(const CpuState& cpu, unsigned n) { return cpu.gpr[4 + n]; }
void out(CpuState& cpu, unsigned n, uint64_t v) { cpu.gpr[4 + n] = v; }

// Actual page shift of an HPTE from its L bit and the LP encoding in the low RPN bits (the
// POWER7/8/9 encodings the hash MMU translates: 4K; 64K; 16M; 16G), 0 if none matches. The
// segment's base page size is not known here, so every base size's encoding is accepted.
unsigned hpte_page_shift(uint64_t pteh, uint64_t ptel) {
    if (!(pteh & kL)) return 12;
    const uint64_t lp64k = ptel & 0xf000;
    if (lp64k == 0x1000 || lp64k == 0x7000) return 16;
    const uint64_t lp16m = ptel & 0xfff000;
    if (lp16m == 0 || lp16m == 0x8000 || lp16m == 0x38000) return 24;
    if ((ptel & 0x3fffff000ull) == 0x3000) return 34;
    return 0;
}

// The partition's HPT and a valid PTEX, or the PAPR error.
int64_t check(HypercallDispatcher& d, uint64_t ptex, PaprHpt*& hpt) {
    hpt = d.hpt();
    if (!hpt) return H_FUNCTION;  // radix partition: no HPT to edit
    if (ptex >= hpt->entries()) return H_PARAMETER;
    return H_SUCCESS;
}

enum class Removed { Yes, NotFound };

// Remove HPTE `ptex` if valid and the H_AVPN / H_ANDCOND test passes (LoPAPR 14.5.4.1.2):
// with H_AVPN, B||AVPN must equal `avpn`; with H_ANDCOND, dword 0 AND `avpn` must be 0. The
// caller holds the HPT mutex and flushes translations.
Removed remove(PaprHpt& hpt, uint64_t ptex, uint64_t flags, uint64_t avpn, uint64_t& v,
               uint64_t& r) {
    v = hpt.load(ptex, 0);
    if (!(v & kV) || ((flags & H_AVPN) && (v & kAvpnMask) != avpn) ||
        ((flags & H_ANDCOND) && (v & avpn)))
        return Removed::NotFound;
    hpt.store(ptex, 0, 0);
    r = hpt.load(ptex, 1);  // after invalidation: the final R/C
    hpt.store(ptex, 1, 0);
    return Removed::Yes;
}

}  // namespace

// H_ENTER(flags, ptex, pteh, ptel) -> r4 = the PTEX used (LoPAPR 14.5.4.1.1).
int64_t h_enter(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t flags = arg(cpu, 0), ptex = arg(cpu, 1), pteh = arg(cpu, 2),
                   ptel = arg(cpu, 3);
    PaprHpt* hpt;
    if (int64_t rc = check(d, ptex, hpt)) return rc;
    const unsigned shift = hpte_page_shift(pteh, ptel);
    if (!shift) return H_PARAMETER;  // no such page size encoding
    const uint64_t page = 1ull << shift;
    const uint64_t raddr = ptel & kRpn & ~(page - 1);
    // Storage attributes, as QEMU's spapr checks them: memory must be WIMG = 0b0010 (G is
    // meaningless for memory and W/I are not offered to partitions); anything else (I/O)
    // must be cache inhibited and not write-through (WIMG = 0b010x).
    GuestMemory& mem = d.host().memory();
    uint8_t* host = mem.ram_ptr(raddr, page);
    const uint64_t wimg = ptel & (kW | kI | kM | kG);
    if (host) {
        if (wimg != kM) return H_PARAMETER;
    } else {
        const uint64_t wim = wimg & (kW | kI | kM);
        if (wim != kI && wim != (kI | kM)) return H_PARAMETER;
    }

    std::lock_guard lock(hpt->mutex());
    const uint64_t group = ptex & ~7ull;
    uint64_t slot;
    if (flags & H_EXACT) {
        slot = ptex & 7;
        if (hpt->load(group + slot, 0) & kV) return H_PTEG_FULL;
    } else {
        for (slot = 0; slot < 8; ++slot)
            if (!(hpt->load(group + slot, 0) & kV)) break;
        if (slot == 8) return H_PTEG_FULL;
    }
    // I/O pages ignore the page-content flags (LoPAPR).
    if (host && (flags & H_ZERO_PAGE)) std::memset(host, 0, page);
    if (host && (flags & (H_ZERO_PAGE | H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE)))
        for (uint64_t at = raddr; at < raddr + page; at += 1ull << GuestMemory::kCodePageShift)
            mem.code_written(at);  // decoded instructions of the page are stale
    // Doubleword 1 first: an MMU searching concurrently sees the entry whole or not at all.
    hpt->store(group + slot, 1, ptel);
    hpt->store(group + slot, 0, pteh);
    // The slot was invalid, so no processor holds a translation through it: nothing to flush.
    out(cpu, 0, group + slot);
    return H_SUCCESS;
}

// H_REMOVE(flags, ptex, avpn) -> r4, r5 = the old HPTE (LoPAPR 14.5.4.1.2).
int64_t h_remove(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t flags = arg(cpu, 0), ptex = arg(cpu, 1), avpn = arg(cpu, 2);
    PaprHpt* hpt;
    if (int64_t rc = check(d, ptex, hpt)) return rc;
    uint64_t v, r;
    {
        std::lock_guard lock(hpt->mutex());
        if (remove(*hpt, ptex, flags, avpn, v, r) == Removed::NotFound) return H_NOT_FOUND;
    }
    d.host().flush_all_translations();
    out(cpu, 0, v);
    out(cpu, 1, r);
    return H_SUCCESS;
}

// H_READ(flags, ptex) -> r4, r5 = the HPTE; with H_READ_4, the 4 HPTEs of the aligned group
// of 4 containing ptex in r4..r11 (LoPAPR 14.5.4.1.3). H_R_XLATE asks for logical page
// numbers: ppcvm's logical and real addresses are the same, so it changes nothing.
int64_t h_read(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t flags = arg(cpu, 0);
    uint64_t ptex = arg(cpu, 1);
    PaprHpt* hpt;
    if (int64_t rc = check(d, ptex, hpt)) return rc;
    (void)H_R_XLATE;
    unsigned n = 1;
    if (flags & H_READ_4) {
        ptex &= ~3ull;
        n = 4;
    }
    for (unsigned i = 0; i < n; ++i) {
        out(cpu, 2 * i, hpt->load(ptex + i, 0));
        out(cpu, 2 * i + 1, hpt->load(ptex + i, 1));
    }
    return H_SUCCESS;
}

// H_PROTECT(flags, ptex, avpn) (LoPAPR 14.5.4.1.6): new pp0 (flags bit 55), key0:1 (bits
// 50:51), key2:4 (bits 52:54), N (bit 61), pp1:2 (bits 62:63); with H_AVPN, B||AVPN must
// match.
int64_t h_protect(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t flags = arg(cpu, 0), ptex = arg(cpu, 1), avpn = arg(cpu, 2);
    PaprHpt* hpt;
    if (int64_t rc = check(d, ptex, hpt)) return rc;
    const uint64_t bits = ((flags << 55) & kPP0) | ((flags << 48) & kKeyHi) |
                          (flags & (kKeyLo | kN | kPP));
    {
        std::lock_guard lock(hpt->mutex());
        const uint64_t v = hpt->load(ptex, 0);
        if (!(v & kV) || ((flags & H_AVPN) && (v & kAvpnMask) != avpn)) return H_NOT_FOUND;
        hpt->update_dw1(ptex, kPP0 | kKeyHi | kKeyLo | kN | kPP, bits);
    }
    d.host().flush_all_translations();  // cached translations may grant the old access
    return H_SUCCESS;
}

// H_BULK_REMOVE (LoPAPR 14.5.4.1.8): up to four translation specifier pairs in r4..r11, each
// a high doubleword (type 0b01 request / 0b11 end of list; flags 0 absolute, 1 ANDCOND, 2
// AVPN; PTEX) and a low doubleword (AVPN or ANDCOND mask). Each processed request's high
// doubleword comes back as a response (type 0b10) with its code and, on success, the
// entry's R and C bits.
int64_t h_bulk_remove(HypercallDispatcher& d, CpuState& cpu) {
    PaprHpt* hpt = d.hpt();
    if (!hpt) return H_FUNCTION;
    int64_t rc = H_SUCCESS;
    bool removed_any = false;
    {
        std::lock_guard lock(hpt->mutex());
        for (unsigned i = 0; i < 4; ++i) {
            uint64_t tsh = arg(cpu, 2 * i);
            const uint64_t tsl = arg(cpu, 2 * i + 1);
            if ((tsh & kBulkType) == kBulkEnd) break;
            if ((tsh & kBulkType) != kBulkRequest) {
                rc = H_PARAMETER;
                break;
            }
            tsh = (tsh & (kBulkPtex | kBulkFlags)) | kBulkResponse;
            const uint64_t ptex = tsh & kBulkPtex;
            const uint64_t tflags = tsh & kBulkFlags;
            if (tflags == (kBulkAndcond | kBulkAvpn) || ptex >= hpt->entries()) {
                out(cpu, 2 * i, tsh | kBulkCodeParm);
                rc = H_PARAMETER;
                break;
            }
            const uint64_t flags = (tflags == kBulkAvpn ? H_AVPN : 0) |
                                   (tflags == kBulkAndcond ? H_ANDCOND : 0);
            uint64_t v, r;
            if (remove(*hpt, ptex, flags, tsl, v, r) == Removed::Yes) {
                tsh |= (r & (kR | kC)) << kBulkRcShift;  // code 0: success
                removed_any = true;
            } else {
                tsh |= 1ull << kBulkCodeShift;  // not found
            }
            out(cpu, 2 * i, tsh);
        }
    }
    if (removed_any) d.host().flush_all_translations();
    return rc;
}

namespace {
// H_CLEAR_REF / H_CLEAR_MOD (LoPAPR 14.5.4.1.4/5): clear R or C of a valid HPTE, r4 = the
// old doubleword 1. Every processor drops its cached translations, so the next access sets the
// bit again (the soft TLB caches only accesses whose R/C are already recorded). The flags in
// r4 (CMO options only) are ignored.
int64_t clear_bit(HypercallDispatcher& d, CpuState& cpu, uint64_t bit) {
    const uint64_t ptex = arg(cpu, 1);
    PaprHpt* hpt;
    if (int64_t rc = check(d, ptex, hpt)) return rc;
    uint64_t old;
    {
        std::lock_guard lock(hpt->mutex());
        if (!(hpt->load(ptex, 0) & kV)) return H_NOT_FOUND;
        old = hpt->update_dw1(ptex, bit, 0);
    }
    d.host().flush_all_translations();
    out(cpu, 0, old);
    return H_SUCCESS;
}
}  // namespace

int64_t h_clear_ref(HypercallDispatcher& d, CpuState& cpu) { return clear_bit(d, cpu, kR); }
int64_t h_clear_mod(HypercallDispatcher& d, CpuState& cpu) { return clear_bit(d, cpu, kC); }

}  // namespace hpt_hcalls
}  // namespace ppcvm

#include "core/mmu/radix_mmu.hpp"

#include "core/interrupts.hpp"
#include "core/memory_access.hpp"
#include "core/mmu/mmu_common.hpp"

namespace ppcvm {
namespace {

using mmu::ibit;
using mmu::read_table;

// Radix tree entries (Book III 6.7.10.1).
constexpr uint64_t kValid = ibit(0), kLeaf = ibit(1);
constexpr uint64_t kPdeNlb = 0x0fffffffffffff00ull;  // next level base, bits 4:55
constexpr uint64_t kPdeNls = 0x1f;                   // next level size, bits 59:63
constexpr uint64_t kPteRpn = 0x01fffffffffff000ull;  // bits 7:51
constexpr uint64_t kPteR = ibit(55), kPteC = ibit(56);
constexpr uint64_t kPteAtt = 0x30, kPteAttNonIdempotentIo = ibit(58);  // ATT bits 58:59
constexpr uint64_t kPtePriv = ibit(60), kPteRead = ibit(61), kPteReadWrite = ibit(62),
                   kPteExec = ibit(63);
// Tree roots (partition table doubleword 0 with HR=1, process table doubleword 0).
constexpr uint64_t kRootRts1 = 0x6000000000000000ull, kRootRpdb = 0x0fffffffffffff00ull;
constexpr uint64_t kRootRts2 = 0xe0, kRootRpds = 0x1f;

unsigned tree_size(uint64_t root) {  // RTS: the tree covers 2^RTS bytes
    return static_cast<unsigned>(((root & kRootRts1) >> 58 | (root & kRootRts2) >> 5) + 31);
}

struct Leaf {
    uint64_t pte = 0;
    uint64_t addr = 0;  // real address of the PTE
    unsigned shift = 0; // page size
};

enum class WalkFault : uint32_t {
    None = 0,
    NotValid = dsisr::kNoTranslation,
    BadConfig = dsisr::kUnsupportedMmu,
    OutOfRange = 1,  // the address is beyond the tree (caller decides the interrupt)
    TableAccess = 2, // a table address the table_real callback refused (it raised the fault)
};

// Walk the tree rooted at `root` for `addr` (an EA with the quadrant removed, or a guest
// real address). `table_real` maps each table address to a real address (identity for host
// and PAPR; partition-scoped for a bare-metal guest's process-scoped tables).
template <typename TableReal>
WalkFault walk(CpuState& cpu, uint64_t root, uint64_t addr, TableReal&& table_real, Leaf& out) {
    const unsigned rts = tree_size(root);
    if (rts > 62 || rts < 12) return WalkFault::BadConfig;
    if (rts < 62 && (addr >> rts) != 0) return WalkFault::OutOfRange;
    uint64_t base = root & kRootRpdb;
    unsigned nls = static_cast<unsigned>(root & kRootRpds);
    unsigned bits_left = rts;
    for (;;) {
        // Each directory holds 2^NLS 8-byte entries, aligned on its size; NLS >= 5
        // (Book III 6.7.10.2: other values are an unsupported configuration).
        if (nls < 5 || nls + 12 > bits_left || (base & ((1ull << (nls + 3)) - 1)))
            return WalkFault::BadConfig;
        bits_left -= nls;
        const uint64_t entry_addr = base + ((addr >> bits_left) & ((1ull << nls) - 1)) * 8;
        uint64_t real_addr;
        if (!table_real(entry_addr, real_addr)) return WalkFault::TableAccess;
        uint64_t e;
        if (!read_table(cpu, real_addr, e)) return WalkFault::NotValid;
        if (!(e & kValid)) return WalkFault::NotValid;
        if (e & kLeaf) {
            out = {e, real_addr, bits_left};
            return WalkFault::None;
        }
        base = e & kPdeNlb;
        nls = static_cast<unsigned>(e & kPdeNls);
        if (bits_left == 12) return WalkFault::BadConfig;  // a directory where a page must be
    }
}

uint64_t leaf_address(const Leaf& leaf, uint64_t addr) {
    const uint64_t mask = (1ull << leaf.shift) - 1;
    return (leaf.pte & kPteRpn & ~mask) | (addr & mask);
}

// R/C state the access needs (Book III 6.7.12): R always, C for a store.
bool rc_ok(uint64_t pte, AccessKind kind) {
    if (!(pte & kPteR)) return false;
    return kind != AccessKind::Store || (pte & kPteC);
}

}  // namespace

bool RadixMmu::translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    const bool fetch = kind == AccessKind::Fetch, store = kind == AccessKind::Store;
    const bool relocated = cpu.msr & (fetch ? msr::kIR : msr::kDR);
    const bool hv = (cpu.msr & msr::kHV) && cpu.platform == Platform::BareMetal;

    // ---- partition-scoped translation (bare metal, LPID != 0) ----
    // Translates a guest real address; faults are HDSI/HISI with ASDR = the guest real
    // address (Book III 6.7.11, 7.5.16/17). `pa_out` receives the host real address.
    auto partition = [&](uint64_t lpid, uint64_t gra, AccessKind access, bool table_walk,
                         uint64_t& pa_out) -> bool {
        if (papr_table_ || lpid == 0 || cpu.platform != Platform::BareMetal) {
            pa_out = gra;  // ppcvm (or no one) owns partition scope: guest real = real
            return true;
        }
        auto hfault = [&](uint32_t bits) {
            if (access == AccessKind::Store) bits |= dsisr::kStore;
            // A fault on the guest's own table access says so (DSISR bit 14 in HDSISR).
            if (table_walk) bits |= dsisr::kPrtableFault;
            const uint64_t asdr = gra & ~0xfffull;
            if (fetch) raise_hypervisor_instruction_storage(cpu, bits, asdr);
            else raise_hypervisor_data_storage(cpu, ea, bits, asdr);
            return false;
        };
        mmu::PartitionTableEntry pate;
        if (!mmu::read_partition_entry(cpu, lpid, pate) || !(pate.dw0 & ibit(0)))
            return hfault(dsisr::kUnsupportedMmu);
        Leaf leaf;
        auto identity = [](uint64_t a, uint64_t& r) { r = a; return true; };
        switch (walk(cpu, pate.dw0, gra, identity, leaf)) {
            case WalkFault::None: break;
            case WalkFault::BadConfig: return hfault(dsisr::kUnsupportedMmu);
            default: return hfault(dsisr::kNoTranslation);
        }
        // Partition-scoped EAA: the privilege bit does not apply; table reads are loads
        // (Book III 6.7.12.2). A table walk needs only read; R must be set.
        const uint64_t p = leaf.pte;
        const bool ok = access == AccessKind::Fetch ? (p & kPteExec)
                        : access == AccessKind::Store ? (p & kPteReadWrite)
                                                      : (p & (kPteRead | kPteReadWrite));
        if (!ok) return hfault(fetch && !table_walk ? dsisr::kNoExecOrGuarded
                                                    : dsisr::kProtection);
        if (!rc_ok(p, access)) return hfault(dsisr::kSetRc);
        pa_out = leaf_address(leaf, gra);
        return true;
    };

    if (!relocated) {
        // Only reached in non-hypervisor bare-metal real mode: the guest real address is
        // EA bits 4:63, translated partition-scoped (Book III 6.7.3).
        return partition(cpu.spr[sprn::kLPIDR], ea & kRealModeMask, kind, false, pa);
    }

    auto fault = [&](uint32_t bits) {
        if (store) bits |= dsisr::kStore;
        if (fetch) raise_instruction_storage(cpu, bits);
        else raise_data_storage(cpu, ea, bits);
        return false;
    };
    auto segment_fault = [&]() {
        if (fetch) raise_instruction_segment(cpu);
        else raise_data_segment(cpu, ea);
        return false;
    };

    // ---- fully qualified address (Book III 6.7.2) ----
    const unsigned quadrant = static_cast<unsigned>(ea >> 62);
    const uint64_t lpidr = cpu.spr[sprn::kLPIDR], pidr = cpu.spr[sprn::kPIDR] & 0xfffff;
    uint64_t lpid, pid;
    if (hv) {
        static constexpr bool kGuestLpid[4] = {false, true, true, false};
        lpid = kGuestLpid[quadrant] ? lpidr : 0;
        pid = (quadrant == 0 || quadrant == 1) ? pidr : 0;
    } else {
        if (quadrant == 1 || quadrant == 2) return segment_fault();
        lpid = lpidr;
        pid = quadrant == 0 ? pidr : 0;
    }
    const uint64_t addr = ea & 0x3fffffffffffffffull;

    // ---- process table ----
    uint64_t prtb;
    unsigned prts;
    if (papr_table_) {
        prtb = prtb_;
        prts = prts_;
    } else {
        // An unusable partition table entry is the hypervisor's problem: HDSI/HISI with
        // "unsupported configuration", as QEMU does (ASDR = the EA).
        mmu::PartitionTableEntry pate;
        if (!mmu::read_partition_entry(cpu, lpid, pate) || !(pate.dw0 & ibit(0))) {
            if (fetch) raise_hypervisor_instruction_storage(cpu, dsisr::kUnsupportedMmu, ea);
            else raise_hypervisor_data_storage(cpu, ea, dsisr::kUnsupportedMmu |
                                                            (store ? dsisr::kStore : 0), ea);
            return false;
        }
        prtb = pate.dw1 & 0x0ffffffffffff000ull;
        prts = static_cast<unsigned>(pate.dw1 & 0x1f);
    }
    // The process table is 2^(12+PRTS) bytes, aligned on its size; a PID beyond it has no
    // translation.
    if (prts > 24 || (prtb & ((1ull << (12 + prts)) - 1))) return fault(dsisr::kUnsupportedMmu);
    if (pid >= (1ull << (12 + prts - 4))) return fault(dsisr::kNoTranslation);
    // Table addresses of a guest (LPID != 0) are guest real: partition-scoped reads.
    auto table_real = [&](uint64_t gra, uint64_t& real) {
        return partition(lpid, gra, AccessKind::Load, true, real);
    };
    uint64_t prte_real, prte0;
    if (!table_real(prtb + pid * 16, prte_real)) return false;
    if (!read_table(cpu, prte_real, prte0)) return fault(dsisr::kNoTranslation);

    // ---- process-scoped walk ----
    Leaf leaf;
    switch (walk(cpu, prte0, addr, table_real, leaf)) {
        case WalkFault::None: break;
        case WalkFault::OutOfRange: return segment_fault();  // EA beyond the tree (6.7.10.2)
        case WalkFault::BadConfig: return fault(dsisr::kUnsupportedMmu);
        case WalkFault::TableAccess: return false;            // HDSI/HISI already raised
        case WalkFault::NotValid: return fault(dsisr::kNoTranslation);
    }

    // ---- protection (Book III 6.7.12): EAA, ATT for fetch, AMR/IAMR key 0 ----
    const uint64_t p = leaf.pte;
    const bool pr = cpu.problem_state();
    if (fetch) {
        if ((p & kPteAtt) == kPteAttNonIdempotentIo) return fault(dsisr::kNoExecOrGuarded);
        if (pr && (p & kPtePriv)) return fault(dsisr::kProtection);
        if (!(p & kPteExec)) return fault(dsisr::kNoExecOrGuarded);
        // Privileged fetch from a non-privileged page: IAMR key 0 (bit 1) forbids it.
        if (!pr && !(p & kPtePriv) && (cpu.spr[sprn::kIAMR] & ibit(1)))
            return fault(dsisr::kProtection);
    } else {
        bool ok = store ? (p & kPteReadWrite) : (p & (kPteRead | kPteReadWrite));
        if (pr && (p & kPtePriv)) ok = false;
        // Privileged access to a non-privileged page: AMR key 0 (bit 0 store, bit 1 load),
        // reported as a protection fault as QEMU does (Linux radix KUAP relies on it).
        if (!pr && !(p & kPtePriv) && (cpu.spr[sprn::kAMR] & (store ? ibit(0) : ibit(1))))
            ok = false;
        if (!ok) return fault(dsisr::kProtection);
    }
    if (!rc_ok(p, kind)) return fault(dsisr::kSetRc);

    const uint64_t gra = leaf_address(leaf, addr);
    return partition(lpid, gra, kind, false, pa);
}

}  // namespace ppcvm

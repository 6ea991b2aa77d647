#include "core/mmu/hash_mmu.hpp"

#include "core/interrupts.hpp"
#include "core/memory_access.hpp"
#include "core/mmu/mmu_common.hpp"

namespace ppcvm {
namespace {

using mmu::ibit;

// SLB entry fields (Book III 5.7.6.1), in the slbmte register images.
constexpr uint64_t kSlbValid = ibit(36);
constexpr uint64_t kSlbB = 0xc000000000000000ull;
constexpr uint64_t kSlbVsid256M = 0x3ffffffffffff000ull;  // bits 2:51
constexpr uint64_t kSlbVsid1T = 0x3fffffffff000000ull;    // bits 2:39
constexpr uint64_t kSlbKs = ibit(52), kSlbKp = ibit(53), kSlbN = ibit(54), kSlbL = ibit(55);
constexpr uint64_t kSlbLp = 0x30;  // bits 58:59
// The VRMA's segment (Book III 5.7.3.4): B=1T, VSID=0x1ffffff.
constexpr uint64_t kVrmaVsid = (1ull << 62) | (0x1ffffffull << 24);

// HPTE doubleword 0 (2.07 format).
constexpr uint64_t kPteValid = ibit(63), kPteH = ibit(62), kPteL = ibit(61);
constexpr uint64_t kPteAvpnB = 0xffffffffffffff80ull;  // B (0:1) and AVA (2:56)
// HPTE doubleword 1.
constexpr uint64_t kPtePP0 = ibit(0);
constexpr uint64_t kPteRpn = 0x0ffffffffffff000ull;  // ARPN, bits 4:51
constexpr uint64_t kPteKeyHi = 0x3000000000000000ull, kPteKeyLo = 0xe00;
constexpr uint64_t kPteR = ibit(55), kPteC = ibit(56), kPteG = ibit(60), kPteN = ibit(61);
constexpr uint64_t kPte3B = 0x0c00000000000000ull;  // ISA 3.0 format: B in dword 1 bits 4:5

// Actual page sizes a segment's base page size allows, with their HPTE LP encodings (the low
// ARPN bits; POWER7/8/9 ibm,segment-page-sizes; Book III 5.7.7.1).
struct ActualSize {
    unsigned shift;
    uint64_t lp_enc;  // value of the ARPN bits 12..(shift-1), already shifted left by 12
};
struct SegmentSizes {
    unsigned base_shift;
    ActualSize actual[3];
    unsigned count;
};
constexpr SegmentSizes kSizes4K{12, {{12, 0}, {16, 0x7 << 12}, {24, 0x38 << 12}}, 3};
constexpr SegmentSizes kSizes64K{16, {{16, 0x1 << 12}, {24, 0x8 << 12}}, 2};
constexpr SegmentSizes kSizes16M{24, {{24, 0}}, 1};
constexpr SegmentSizes kSizes16G{34, {{34, 0x3 << 12}}, 1};

// SLB L||LP -> base page size; nullptr for a reserved encoding.
const SegmentSizes* segment_sizes(uint64_t slb_vsid) {
    if (!(slb_vsid & kSlbL)) return &kSizes4K;
    switch ((slb_vsid & kSlbLp) >> 4) {
        case 0: return &kSizes16M;
        case 1: return &kSizes64K;
        case 2: return &kSizes16G;
        default: return nullptr;
    }
}

// Actual page shift of a matching HPTE, 0 if its L/LP encoding is not valid for the segment.
unsigned actual_shift(const SegmentSizes& sizes, uint64_t pte0, uint64_t pte1) {
    if (!(pte0 & kPteL)) return sizes.base_shift == 12 ? 12 : 0;
    for (unsigned i = 0; i < sizes.count; ++i) {
        const ActualSize& a = sizes.actual[i];
        if (a.shift == 12) continue;
        const uint64_t mask = ((1ull << a.shift) - 1) & kPteRpn;
        if ((pte1 & mask) == a.lp_enc) return a.shift;
    }
    return 0;
}

// Storage protection (Book III 5.7.9.1, table "PP bit protection states"): key is Kp in
// problem state else Ks; pp is PP0 || PP.
struct Access {
    bool read, write;
};
Access pp_access(bool key, unsigned pp) {
    if (!key) {
        switch (pp) {
            case 0: case 1: case 2: return {true, true};
            case 3: case 6: return {true, false};
            default: return {false, false};  // reserved encodings: no access
        }
    }
    switch (pp) {
        case 2: return {true, true};
        case 1: case 3: return {true, false};
        default: return {false, false};  // 0b000, 0b110 with key 1 (and reserved): no access
    }
}

struct Found {
    uint8_t* pte;  // host address of the HPTE (big-endian doublewords)
    uint64_t pte1;
    unsigned shift;
};

uint64_t load_be64(const uint8_t* p) {
    // Atomic: the hypervisor (PAPR hypercalls on other vCPUs) or the guest (bare metal)
    // may rewrite an HPTE while this processor searches the table.
    return __builtin_bswap64(__atomic_load_n(reinterpret_cast<const uint64_t*>(p),
                                             __ATOMIC_ACQUIRE));
}

// Search the primary then the secondary PTEG (Book III 5.7.7.3-5.7.7.4).
bool search_hpt(CpuState& cpu, const HashMmu::HptLocation& hpt, uint64_t ea, uint64_t slb_vsid,
                const SegmentSizes& sizes, Found& out) {
    const bool isa3 = hpt.isa3_format;
    const bool one_tb = (slb_vsid >> 62) == 1;
    const unsigned seg_shift = one_tb ? 40 : 28;
    const uint64_t seg_off = ea & ((1ull << seg_shift) - 1);
    const unsigned p = sizes.base_shift;
    uint64_t hash;
    if (one_tb) {
        const uint64_t vsid = (slb_vsid & kSlbVsid1T) >> 24;
        hash = vsid ^ (vsid << 25) ^ (seg_off >> p);
    } else {
        const uint64_t vsid = (slb_vsid & kSlbVsid256M) >> 12;
        hash = (vsid & 0x7fffffffffull) ^ (seg_off >> p);
    }
    // The AVPN this EA must match: B || VSID || the EA page bits above bit 23 of the segment
    // offset (VA bits 0:54).
    const uint64_t vsid_bits = slb_vsid & (kSlbB | (one_tb ? kSlbVsid1T : kSlbVsid256M));
    const uint64_t ptem = vsid_bits | (((seg_off >> p) << p) >> 16 & 0x3fffffffffffff80ull);
    for (int secondary = 0; secondary < 2; ++secondary) {
        const uint64_t h = secondary ? ~hash : hash;
        const uint64_t offset = (h & hpt.pteg_mask) << 7;
        uint8_t* pteg = hpt.host ? hpt.host + offset : cpu.memory->ram_ptr(hpt.base + offset, 128);
        if (!pteg) return false;  // a (bare-metal) table beyond RAM: nothing translates
        for (unsigned i = 0; i < 8; ++i) {
            uint8_t* at = pteg + 16 * i;
            uint64_t pte0 = load_be64(at);
            if (!(pte0 & kPteValid) || ((pte0 & kPteH) != 0) != (secondary != 0)) continue;
            uint64_t pte1 = load_be64(at + 8);
            if (isa3) {  // 3.0 format -> 2.07 format
                pte0 = (pte0 & 0x000fffffffffffffull) | ((pte1 & kPte3B) << 4);
                pte1 &= ~kPte3B;
            }
            const unsigned shift = actual_shift(sizes, pte0, pte1);
            if (!shift) continue;
            // AVA bits that fall inside a large page are not compared.
            const uint64_t cmp = kPteAvpnB & ~(((1ull << shift) - 1) >> 16);
            if ((pte0 ^ ptem) & cmp) continue;
            out = {at, pte1, shift};
            return true;
        }
    }
    return false;
}

}  // namespace

unsigned slb_entries(const CpuModel* model) {
    return model && model->isa < IsaLevel::V2_06 ? 64 : 32;
}

const SlbEntry* slb_lookup(const CpuState& cpu, uint64_t ea) {
    const unsigned n = slb_entries(cpu.model);
    for (unsigned i = 0; i < n; ++i) {
        const SlbEntry& e = cpu.slb[i];
        if (!(e.esid & kSlbValid)) continue;
        switch (e.vsid >> 62) {
            case 0:  // 256 MB: ESID = EA bits 0:35
                if (((e.esid ^ ea) & 0xfffffffff0000000ull) == 0) return &e;
                break;
            case 1:  // 1 TB: ESID bits 0:23
                if (((e.esid ^ ea) & 0xffffff0000000000ull) == 0) return &e;
                break;
            default: break;  // reserved segment sizes never match
        }
    }
    return nullptr;
}

void HashMmu::set_hypervisor_hpt(uint8_t* host, uint64_t size) {
    hv_hpt_ = host;
    hv_pteg_mask_ = size / 128 - 1;
}

bool HashMmu::hpt(CpuState& cpu, HptLocation& where) const {
    if (hv_hpt_) {
        where = {hv_hpt_, 0, hv_pteg_mask_, false};
        return true;
    }
    // Under PAPR only the hypervisor's HPT exists (until the machine sets one: no translation).
    if (cpu.platform == Platform::Papr) return false;
    uint64_t htab;  // HTABORG bits 4:45, HTABSIZE bits 59:63: SDR1's layout and PATE dw0's
    if (mmu::isa3_mmu(cpu)) {
        // ISA 3.0: the partition table entry of the current LPID (as QEMU does, LPIDR also in
        // hypervisor state, where it is normally 0).
        mmu::PartitionTableEntry pate;
        if (!mmu::read_partition_entry(cpu, cpu.spr[sprn::kLPIDR], pate)) return false;
        htab = pate.dw0;
        where.isa3_format = true;
    } else {
        htab = cpu.spr[sprn::kSDR1];
        where.isa3_format = false;
    }
    const unsigned htabsize = htab & 0x1f;
    if (htabsize > 28) return false;
    where.host = nullptr;
    where.base = htab & 0x0ffffffffffc0000ull;
    where.pteg_mask = (1ull << (11 + htabsize)) - 1;
    return true;
}

// RMO mode real-mode limit from LPCR[RMLS] (bits 34:37; ISA 2.06/2.07, implementation
// dependent: the POWER4+..POWER8 values). Unsupported values give an empty RMA.
static uint64_t rmls_limit(uint64_t lpcr) {
    static constexpr uint64_t kSizes[16] = {256ull << 30, 16ull << 30, 1ull << 30, 64ull << 20,
                                            256ull << 20, 0, 0, 128ull << 20, 32ull << 20};
    return kSizes[(lpcr >> (63 - 37)) & 0xf];
}

bool HashMmu::translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) {
    const bool fetch = kind == AccessKind::Fetch, store = kind == AccessKind::Store;
    const bool relocated = cpu.msr & (fetch ? msr::kIR : msr::kDR);
    const uint64_t lpcr = cpu.spr[sprn::kLPCR];
    uint64_t slb_vsid;
    bool to_hypervisor;  // faults are Hypervisor Storage interrupts (Book III 5.7.3.4, 7.5.16)
    bool vrma = false;

    auto fault = [&](uint32_t bits) {
        if (store) bits |= dsisr::kStore;
        if (to_hypervisor) {
            // ASDR gets the segment's SLB VSID image (as QEMU does).
            if (fetch) raise_hypervisor_instruction_storage(cpu, bits, slb_vsid);
            else raise_hypervisor_data_storage(cpu, ea, bits, slb_vsid);
        } else {
            if (fetch) raise_instruction_storage(cpu, bits);
            else raise_data_storage(cpu, ea, bits);
        }
        return false;
    };

    if (!relocated) {
        // Only reached in non-hypervisor bare-metal real mode (see memory_access.hpp).
        ea &= kRealModeMask;
        slb_vsid = 0;
        to_hypervisor = false;
        if (!mmu::isa3_mmu(cpu) && !(lpcr & mmu::lpcr::kVPM0)) {
            // ISA 2.06/2.07 RMO mode: RMOR offset, RMLS limit; beyond it a protection fault.
            if (ea >= rmls_limit(lpcr)) return fault(dsisr::kProtection);
            pa = ea | cpu.spr[sprn::kRMOR];
            return true;
        }
        // VRMA (Book III 5.7.3.4): L||LP from LPCR[VRMASD], or on ISA 3.0 from the PS field
        // (bits 56:58) of the partition table entry.
        uint64_t llp;  // in SLB format (L bit 55, LP bits 58:59)
        if (mmu::isa3_mmu(cpu)) {
            mmu::PartitionTableEntry pate;
            if (!mmu::read_partition_entry(cpu, cpu.spr[sprn::kLPIDR], pate)) {
                raise_machine_check(cpu, ea);  // no VRMA configuration at all
                return false;
            }
            const uint64_t ps = (pate.dw0 >> 5) & 7;  // L || LP
            llp = ((ps >> 2) & 1) * kSlbL | ((ps & 3) << 4);
        } else {
            // VRMASD is L || two reserved bits || LP, which lines up with the SLB's L..LP.
            llp = (((lpcr & mmu::lpcr::kVrmasd) >> mmu::lpcr::kVrmasdShift) << 4) &
                  (kSlbL | kSlbLp);
        }
        slb_vsid = kVrmaVsid | llp;
        to_hypervisor = true;
        vrma = true;
    } else {
        const SlbEntry* seg = slb_lookup(cpu, ea);
        if (!seg) {
            if (fetch) raise_instruction_segment(cpu);
            else raise_data_segment(cpu, ea);
            return false;
        }
        slb_vsid = seg->vsid;
        to_hypervisor = cpu.platform == Platform::BareMetal && !(cpu.msr & msr::kHV) &&
                        (lpcr & mmu::lpcr::kVPM1);
    }

    // A no-execute segment refuses fetches before any HPT search (Book III 5.7.9.3).
    if (fetch && (slb_vsid & kSlbN)) return fault(dsisr::kNoExecOrGuarded);

    const SegmentSizes* sizes = segment_sizes(slb_vsid);
    HptLocation table;
    Found pte;
    if (!sizes || !hpt(cpu, table) || !search_hpt(cpu, table, ea, slb_vsid, *sizes, pte))
        return fault(dsisr::kNoTranslation);

    // Protection (Book III 5.7.9): PP with Ks/Kp; for fetches HPTE N and G; then the virtual
    // page class key (AMR/IAMR, 5.7.9.2; not applied to VRMA accesses). Several causes may
    // be reported together.
    const bool key = cpu.problem_state() ? (slb_vsid & kSlbKp) : (slb_vsid & kSlbKs);
    const unsigned pp = static_cast<unsigned>(((pte.pte1 & kPtePP0) >> 61) | (pte.pte1 & 3));
    const Access allowed = pp_access(key, pp);
    const unsigned page_key = static_cast<unsigned>(((pte.pte1 & kPteKeyHi) >> 57) |
                                                    ((pte.pte1 & kPteKeyLo) >> 9));
    const unsigned shift = 2 * (31 - page_key);
    uint32_t bits = 0;
    if (fetch) {
        if (pte.pte1 & (kPteN | kPteG)) bits |= dsisr::kNoExecOrGuarded;
        else if (!allowed.read) bits |= dsisr::kProtection;
        if (!vrma && cpu.model && cpu.model->isa >= IsaLevel::V2_07 &&
            ((cpu.spr[sprn::kIAMR] >> shift) & 1))
            bits |= dsisr::kKeyFault;
    } else {
        if (store ? !allowed.write : !allowed.read) bits |= dsisr::kProtection;
        if (!vrma && cpu.model && cpu.model->isa >= IsaLevel::V2_06) {
            const uint64_t amr = (cpu.spr[sprn::kAMR] >> shift) & 3;
            if (store ? (amr & 2) : (amr & 1)) bits |= dsisr::kKeyFault;
        }
    }
    if (bits) return fault(bits);

    // Reference and change recording (Book III 5.7.9.4): R on any access, C on a store.
    const uint64_t rc = store ? (kPteR | kPteC) : kPteR;
    if ((pte.pte1 & rc) != rc)  // atomically: other processors and the hypervisor race with us
        __atomic_fetch_or(reinterpret_cast<uint64_t*>(pte.pte + 8), __builtin_bswap64(rc),
                          __ATOMIC_SEQ_CST);

    const uint64_t page_mask = (1ull << pte.shift) - 1;
    pa = (pte.pte1 & kPteRpn & ~page_mask) | (ea & page_mask);
    return true;
}

}  // namespace ppcvm

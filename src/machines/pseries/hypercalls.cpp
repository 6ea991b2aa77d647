#include "machines/pseries/hypercalls.hpp"

#include <sys/random.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/guest_memory.hpp"
#include "core/mmu/book3s_mmu.hpp"
#include "core/spr_numbers.hpp"
#include "machines/devices/spapr_vty.hpp"
#include "machines/devices/xics.hpp"
#include "machines/pseries/hpt_hypercalls.hpp"
#include "machines/pseries/papr.hpp"
#include "machines/pseries/rtas.hpp"

namespace ppcvm {
namespace {

using namespace papr;

constexpr int64_t H_UNSUPPORTED_FLAG = -256;  // H_UNSUPPORTED_FLAG_START (LoPAPR 14.5.4.3.x)

uint64_t arg(const CpuState& cpu, unsigned n) { return cpu.gpr[4 + n]; }
void out(CpuState& cpu, unsigned n, uint64_t v) { cpu.gpr[4 + n] = v; }

// ---- virtual terminal (LoPAPR 14.11.x "Virtual Terminal Support") ----
int64_t h_put_term_char(HypercallDispatcher& d, CpuState& cpu) {
    if (!SpaprVty::is_our_terminal(arg(cpu, 0))) return H_PARAMETER;
    const uint64_t len = arg(cpu, 1);
    if (len > 16) return H_PARAMETER;
    char buf[16];
    for (unsigned i = 0; i < 16; ++i)  // r6||r7, most significant byte first
        buf[i] = static_cast<char>(arg(cpu, 2 + i / 8) >> (56 - 8 * (i % 8)));
    d.host().vty().put(buf, len);
    return H_SUCCESS;
}

int64_t h_get_term_char(HypercallDispatcher& d, CpuState& cpu) {
    if (!SpaprVty::is_our_terminal(arg(cpu, 0))) return H_PARAMETER;
    char buf[16] = {};
    const size_t n = d.host().vty().get(buf, sizeof buf);
    uint64_t w[2] = {0, 0};
    for (unsigned i = 0; i < 16; ++i)
        w[i / 8] |= static_cast<uint64_t>(static_cast<uint8_t>(buf[i])) << (56 - 8 * (i % 8));
    out(cpu, 0, n);
    out(cpu, 1, w[0]);
    out(cpu, 2, w[1]);
    return H_SUCCESS;
}

// ---- XICS (LoPAPR 14.5.4.8) ----
int64_t h_cppr(HypercallDispatcher& d, CpuState& cpu) {
    d.host().xics().cppr(cpu.cpu_index, static_cast<uint8_t>(arg(cpu, 0)));
    return H_SUCCESS;
}
int64_t h_eoi(HypercallDispatcher& d, CpuState& cpu) {
    d.host().xics().eoi(cpu.cpu_index, static_cast<uint32_t>(arg(cpu, 0)));
    return H_SUCCESS;
}
int64_t h_xirr(HypercallDispatcher& d, CpuState& cpu) {
    out(cpu, 0, d.host().xics().accept(cpu.cpu_index));
    return H_SUCCESS;
}
int64_t h_xirr_x(HypercallDispatcher& d, CpuState& cpu) {
    out(cpu, 0, d.host().xics().accept(cpu.cpu_index));
    out(cpu, 1, cpu.env ? cpu.env->timebase() : 0);
    return H_SUCCESS;
}
int64_t h_ipi(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t server = arg(cpu, 0);
    if (server >= d.host().cpu_count()) return H_PARAMETER;
    d.host().xics().ipi(static_cast<unsigned>(server), static_cast<uint8_t>(arg(cpu, 1)));
    return H_SUCCESS;
}
int64_t h_ipoll(HypercallDispatcher& d, CpuState& cpu) {
    uint32_t xirr;
    uint8_t mfrr;
    const uint64_t server = arg(cpu, 0);
    if (server >= d.host().cpu_count() ||
        !d.host().xics().poll(static_cast<unsigned>(server), xirr, mfrr))
        return H_PARAMETER;
    out(cpu, 0, xirr);
    out(cpu, 1, mfrr);
    return H_SUCCESS;
}

// ---- processor registers ----
int64_t h_set_sprg0(HypercallDispatcher&, CpuState& cpu) {
    cpu.spr[sprn::kSPRG0] = arg(cpu, 0);
    return H_SUCCESS;
}

// The breakpoint registers are recorded; ppcvm does not raise data breakpoints yet.
constexpr unsigned kSprDabr = 1013, kSprDabrx = 1015;
int64_t h_set_dabr(HypercallDispatcher&, CpuState& cpu) {
    cpu.spr[kSprDabr] = arg(cpu, 0);
    return H_SUCCESS;
}
int64_t h_set_xdabr(HypercallDispatcher&, CpuState& cpu) {
    const uint64_t dabrx = arg(cpu, 1);
    // DABRX: only the BT/privilege bits exist, and the hypervisor bit is not the guest's.
    if ((dabrx & ~0xfull) != 0 || (dabrx & 0x4) != 0) return H_PARAMETER;
    cpu.spr[kSprDabrx] = dabrx;
    cpu.spr[kSprDabr] = arg(cpu, 0);
    return H_SUCCESS;
}

int64_t h_random(HypercallDispatcher&, CpuState& cpu) {
    uint64_t v;
    if (getrandom(&v, sizeof v, 0) != sizeof v) return H_HARDWARE;
    out(cpu, 0, v);
    return H_SUCCESS;
}

// An interpreter has no speculative execution the guest could observe, so no mitigation is
// needed: report "favour security" and none of the flush/barrier requirements.
int64_t h_get_cpu_characteristics(HypercallDispatcher&, CpuState& cpu) {
    constexpr uint64_t kBehaviourFavourSecurity = 1ull << 63;
    out(cpu, 0, 0);
    out(cpu, 1, kBehaviourFavourSecurity);
    return H_SUCCESS;
}

// H_SET_MODE (LoPAPR 14.5.4.3.10).
int64_t h_set_mode(HypercallDispatcher& d, CpuState& cpu) {
    constexpr uint64_t kResourceCiabr = 1, kResourceDawr0 = 2, kResourceAddrTransMode = 3,
                       kResourceLe = 4;
    const uint64_t mflags = arg(cpu, 0), resource = arg(cpu, 1), v1 = arg(cpu, 2),
                   v2 = arg(cpu, 3);
    switch (resource) {
        case kResourceLe:
            if (v1 || v2) return v1 ? H_P3 : H_P4;
            if (mflags > 1) return H_UNSUPPORTED_FLAG;
            d.host().set_lpcr_bits(lpcr::kIle, mflags ? lpcr::kIle : 0);
            return H_SUCCESS;
        case kResourceAddrTransMode:
            if (v1 || v2) return v1 ? H_P3 : H_P4;
            if (mflags == 1 || mflags > 3) return H_UNSUPPORTED_FLAG;  // AIL=1 is reserved
            d.host().set_lpcr_bits(lpcr::kAil, mflags << lpcr::kAilShift);
            return H_SUCCESS;
        case kResourceCiabr:
            if (mflags) return H_UNSUPPORTED_FLAG;
            if ((v1 & 3) == 3) return H_P3;  // CIABR privilege 3 is the hypervisor's
            cpu.spr[sprn::kCIABR] = v1;
            return H_SUCCESS;
        case kResourceDawr0:
            if (mflags) return H_UNSUPPORTED_FLAG;
            if (v2 & (1ull << 2)) return H_P4;  // DAWRX[HYP] is not the guest's to set
            cpu.spr[sprn::kDAWR0] = v1;
            cpu.spr[sprn::kDAWRX0] = v2;
            return H_SUCCESS;
        default:
            return H_P2;
    }
}

// ---- memory ----
int64_t h_logical_ci_load(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t size = arg(cpu, 0), addr = arg(cpu, 1);
    if (size != 1 && size != 2 && size != 4 && size != 8) return H_PARAMETER;
    GuestMemory& mem = d.host().memory();
    uint64_t value = 0;
    if (const uint8_t* p = mem.ram_ptr(addr, size)) {
        for (unsigned i = 0; i < size; ++i) value = (value << 8) | p[i];  // big-endian
    } else if (const MmioRegion* r = mem.find_mmio(addr, static_cast<unsigned>(size));
               r && r->read) {
        if (!r->read(addr - r->base, static_cast<unsigned>(size), value)) return H_PARAMETER;
    } else {
        return H_PARAMETER;
    }
    out(cpu, 0, value);
    return H_SUCCESS;
}

int64_t h_logical_ci_store(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t size = arg(cpu, 0), addr = arg(cpu, 1), value = arg(cpu, 2);
    if (size != 1 && size != 2 && size != 4 && size != 8) return H_PARAMETER;
    GuestMemory& mem = d.host().memory();
    if (uint8_t* p = mem.ram_ptr(addr, size)) {
        for (unsigned i = 0; i < size; ++i) p[i] = static_cast<uint8_t>(value >> (8 * (size - 1 - i)));
        return H_SUCCESS;
    }
    if (const MmioRegion* r = mem.find_mmio(addr, static_cast<unsigned>(size)); r && r->write)
        return r->write(addr - r->base, static_cast<unsigned>(size), value) ? H_SUCCESS
                                                                            : H_PARAMETER;
    return H_PARAMETER;
}

int64_t h_page_init(HypercallDispatcher& d, CpuState& cpu) {
    constexpr uint64_t kZero = 1ull << (63 - 48), kCopy = 1ull << (63 - 49);
    constexpr uint64_t kIcacheInvalidate = 1ull << (63 - 40), kIcacheSync = 1ull << (63 - 41);
    const uint64_t flags = arg(cpu, 0), dst = arg(cpu, 1), src = arg(cpu, 2);
    if (flags & ~(kZero | kCopy | kIcacheInvalidate | kIcacheSync)) return H_PARAMETER;
    if ((dst & 0xfff) || (src & 0xfff)) return H_PARAMETER;
    GuestMemory& mem = d.host().memory();
    uint8_t* to = mem.ram_ptr(dst, 4096);
    if (!to) return H_PARAMETER;
    if (flags & kCopy) {
        const uint8_t* from = mem.ram_ptr(src, 4096);
        if (!from) return H_PARAMETER;
        std::memmove(to, from, 4096);
    } else if (flags & kZero) {
        std::memset(to, 0, 4096);
    }
    // Decoded code in the page is stale after a copy or zero (and the i-cache flags ask for it).
    if (flags) mem.code_written(dst);
    return H_SUCCESS;
}

// ---- shared-processor LPAR (LoPAPR 14.11.3) ----
int64_t h_register_vpa(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t flags = arg(cpu, 0), target = arg(cpu, 1), addr = arg(cpu, 2);
    if (target >= d.vpa().size()) return H_PARAMETER;
    auto& v = d.vpa()[target];
    GuestMemory& mem = d.host().memory();
    auto read_be = [&](uint64_t at, unsigned bytes) -> int64_t {
        const uint8_t* p = mem.ram_ptr(at, bytes);
        if (!p) return -1;
        uint64_t r = 0;
        for (unsigned i = 0; i < bytes; ++i) r = (r << 8) | p[i];
        return static_cast<int64_t>(r);
    };
    switch ((flags >> 45) & 7) {  // subfunction, flags bits 16:18
        case 1: {  // register VPA: cache-line aligned, >= 640 bytes, within one 4 KiB page
            if (addr % 128) return H_PARAMETER;
            const int64_t size = read_be(addr + 4, 2);
            if (size < 640 || (addr >> 12) != ((addr + size - 1) >> 12)) return H_PARAMETER;
            v.vpa = addr;
            return H_SUCCESS;
        }
        case 2: {  // register dispatch trace log
            if (!v.vpa) return H_RESOURCE;
            const int64_t size = read_be(addr + 4, 4);
            if (size < 48 || !mem.ram_ptr(addr, static_cast<uint64_t>(size))) return H_PARAMETER;
            v.dtl = addr;
            v.dtl_size = static_cast<uint32_t>(size);
            return H_SUCCESS;
        }
        case 3: {  // register SLB shadow buffer
            if (!v.vpa) return H_RESOURCE;
            const int64_t size = read_be(addr + 4, 4);
            if (size < 0x10 || !mem.ram_ptr(addr, static_cast<uint64_t>(size)))
                return H_PARAMETER;
            v.slb_shadow = addr;
            v.slb_shadow_size = static_cast<uint32_t>(size);
            return H_SUCCESS;
        }
        case 5:  // deregister VPA: only once the others are gone
            if (v.dtl || v.slb_shadow) return H_RESOURCE;
            v.vpa = 0;
            return H_SUCCESS;
        case 6:
            v.dtl = 0;
            v.dtl_size = 0;
            return H_SUCCESS;
        case 7:
            v.slb_shadow = 0;
            v.slb_shadow_size = 0;
            return H_SUCCESS;
        default:
            return H_PARAMETER;
    }
}

int64_t h_cede(HypercallDispatcher& d, CpuState& cpu) {
    cpu.msr |= msr::kEE;  // H_CEDE returns with external interrupts enabled (LoPAPR 14.11.3.3)
    d.host().cede(cpu);
    return H_SUCCESS;
}

int64_t h_confer(HypercallDispatcher&, CpuState&) { return H_SUCCESS; }

int64_t h_prod(HypercallDispatcher& d, CpuState& cpu) {
    const uint64_t target = arg(cpu, 0);
    if (target >= d.host().cpu_count()) return H_PARAMETER;
    return d.host().prod(static_cast<unsigned>(target)) ? H_SUCCESS : H_PARAMETER;
}

// H_REGISTER_PROC_TBL (PAPR+ 14.5.4.x, ISA 3.0 guests): the guest chooses radix or hash
// translation for the partition and hands over its process table; ppcvm owns the
// partition-scoped side. flags (r4): bits 0x18 the operation (0x00 keep the current
// registration, 0x10 deregister, 0x18 register a new table), 0x04 radix, 0x02 hash with a
// process table (segment tables), 0x01 GTSE. The LPCR bits follow the choice (ISA 3.0 Book III
// 2.2: radix needs HR=1 and UPRT=1; hash with the SLB has HR=0 and UPRT=0), as QEMU's spapr
// sets them.
//
// The partition's HPT (hpt_hypercalls.hpp) is created at boot for every partition, as
// QEMU's pseries does at reset, because an ISA 3.0 guest may choose hash before or without
// registering anything: Linux with disable_radix makes H_REGISTER_PROC_TBL(flags 0, "keep the
// current hash registration") and then fills the HPT with H_ENTER. It is what the hash MMU
// translates through whenever no radix process table is registered; a radix registration hides
// it (the H_ENTER family then answers H_FUNCTION), and a later switch back to hash starts from
// an empty HPT (QEMU allocates a fresh one then).
//
// Partly implemented: hash with process tables (0x02, in-memory segment tables) is refused with
// H_PARAMETER as QEMU does; for hash with the SLB the process table base, page size and size
// are checked and otherwise unused (with LPCR[UPRT]=0 no translation reads them).
int64_t h_register_proc_tbl(HypercallDispatcher& d, CpuState& cpu) {
    constexpr uint64_t kOpMask = 0x18, kOpKeep = 0x00, kOpDeregister = 0x10, kOpNew = 0x18;
    constexpr uint64_t kRadix = 0x04, kHashProcTable = 0x02, kGtse = 0x01;
    constexpr uint64_t kTranslationBits = lpcr::kHR | lpcr::kUPRT | lpcr::kGTSE;
    const uint64_t flags = arg(cpu, 0), table = arg(cpu, 1), page_size = arg(cpu, 2),
                   table_size = arg(cpu, 3);
    if (!cpu.model || cpu.model->isa < IsaLevel::V3_00) return H_FUNCTION;
    if (flags & ~(kOpMask | kRadix | kHashProcTable | kGtse)) return H_PARAMETER;
    const uint64_t op = flags & kOpMask;
    if (op != kOpKeep && op != kOpDeregister && op != kOpNew) return H_PARAMETER;
    Book3sMmu& mmu = d.host().mmu();
    const bool was_radix = mmu.radix().has_guest_process_table();
    const bool radix = (flags & kRadix) != 0;
    if (op == kOpDeregister) {
        // Back to the state before any registration: hash translation through the (kept) HPT
        // once relocation is on, none of the radix LPCR bits.
        mmu.radix().clear_guest_process_table();
        d.host().set_lpcr_bits(kTranslationBits, 0);
        d.host().flush_all_translations();
        return H_SUCCESS;
    }
    if (op == kOpKeep) {
        // The guest confirms the current choice (and may change GTSE); a mismatch is refused.
        if (radix != was_radix) return H_PARAMETER;
        if (!radix && (flags & kHashProcTable)) return H_PARAMETER;
        if (!radix && !d.hpt_storage()) return H_FUNCTION;  // no HPT made by the machine
    } else if (radix) {
        if ((table & 0xfff) || (table >> 60)) return H_P2;
        if (page_size) return H_P3;
        if (table_size > 24) return H_P4;
        if (!d.host().memory().ram_ptr(table, 1ull << (12 + table_size))) return H_P2;
        mmu.radix().set_guest_process_table(table, static_cast<unsigned>(table_size));
    } else {
        if (flags & kHashProcTable) return H_PARAMETER;  // segment tables: not offered
        if (table >> 38) return H_P2;
        if (page_size & ~0x7ull) return H_P3;
        if (table_size > 24) return H_P4;
        PaprHpt* hpt = d.hpt_storage();
        if (!hpt) return H_FUNCTION;  // the machine made no HPT (not a PAPR hash-capable CPU)
        if (was_radix) hpt->clear();  // a new hash partition starts from an empty HPT
        mmu.radix().clear_guest_process_table();
    }
    const uint64_t bits = (radix ? lpcr::kHR | lpcr::kUPRT : 0) | ((flags & kGtse) ? lpcr::kGTSE : 0);
    d.host().set_lpcr_bits(kTranslationBits, bits);
    d.host().flush_all_translations();
    return H_SUCCESS;
}

// H_RPT_INVALIDATE (PAPR+ "hcall-rpt-invalidate", ISA 3.0 radix guests without GTSE or for
// nest MMUs): r4 = PID, r5 = target, r6 = type, r7 = page sizes, r8/r9 = EA range. Every valid
// request is served as a superset: all cached translations of every vCPU are dropped (ppcvm
// caches no page-walk or table entries beyond its soft TLB). Nested partitions do not exist
// here, so H_RPTI_TYPE_NESTED is refused.
int64_t h_rpt_invalidate(HypercallDispatcher& d, CpuState& cpu) {
    constexpr uint64_t kTypeNested = 0x1, kTypeMask = 0xf;  // NESTED, TLB, PWC, PRT
    constexpr uint64_t kTargetMask = 0x7;                   // CMMU, CMMU_LOCAL, NMMU
    const uint64_t pid = arg(cpu, 0), target = arg(cpu, 1), type = arg(cpu, 2),
                   start = arg(cpu, 4), end = arg(cpu, 5);
    if (!cpu.model || cpu.model->isa < IsaLevel::V3_00 ||
        !d.host().mmu().radix().has_guest_process_table())
        return H_FUNCTION;
    if (!target || (target & ~kTargetMask)) return H_P2;
    if (!type || (type & ~kTypeMask)) return H_P3;
    if (type & kTypeNested) return H_FUNCTION;
    if (pid >> 32) return H_P1;  // PIDR is a 32-bit register (ISA 3.0 Book III 6.7.6.2)
    if (start > end) return H_P5;
    d.host().flush_all_translations();  // every vCPU, this one before its next instruction
    return H_SUCCESS;
}

int64_t h_rtas(HypercallDispatcher& d, CpuState& cpu) {
    return d.host().rtas().call(arg(cpu, 0), cpu.cpu_index);
}

}  // namespace

HypercallDispatcher::HypercallDispatcher(HypercallHost& host)
    : host_(host), vpa_(host.cpu_count()), trace_(std::getenv("PPCVM_TRACE_HCALLS") != nullptr) {
    // H_RESIZE_HPT_PREPARE/COMMIT are not offered (no "hcall-hpt-resize" in
    // ibm,hypertas-functions): the HPT keeps its boot size, and the calls answer H_FUNCTION.
    table_ = {
        {H_ENTER, {"H_ENTER", hpt_hcalls::h_enter}},
        {H_REMOVE, {"H_REMOVE", hpt_hcalls::h_remove}},
        {H_READ, {"H_READ", hpt_hcalls::h_read}},
        {H_PROTECT, {"H_PROTECT", hpt_hcalls::h_protect}},
        {H_BULK_REMOVE, {"H_BULK_REMOVE", hpt_hcalls::h_bulk_remove}},
        {H_CLEAR_REF, {"H_CLEAR_REF", hpt_hcalls::h_clear_ref}},
        {H_CLEAR_MOD, {"H_CLEAR_MOD", hpt_hcalls::h_clear_mod}},
        {H_PUT_TERM_CHAR, {"H_PUT_TERM_CHAR", h_put_term_char}},
        {H_GET_TERM_CHAR, {"H_GET_TERM_CHAR", h_get_term_char}},
        {H_CPPR, {"H_CPPR", h_cppr}},
        {H_EOI, {"H_EOI", h_eoi}},
        {H_XIRR, {"H_XIRR", h_xirr}},
        {H_XIRR_X, {"H_XIRR_X", h_xirr_x}},
        {H_IPI, {"H_IPI", h_ipi}},
        {H_IPOLL, {"H_IPOLL", h_ipoll}},
        {H_SET_SPRG0, {"H_SET_SPRG0", h_set_sprg0}},
        {H_SET_DABR, {"H_SET_DABR", h_set_dabr}},
        {H_SET_XDABR, {"H_SET_XDABR", h_set_xdabr}},
        {H_RANDOM, {"H_RANDOM", h_random}},
        {H_GET_CPU_CHARACTERISTICS,
         {"H_GET_CPU_CHARACTERISTICS", h_get_cpu_characteristics}},
        {H_SET_MODE, {"H_SET_MODE", h_set_mode}},
        {H_LOGICAL_CI_LOAD, {"H_LOGICAL_CI_LOAD", h_logical_ci_load}},
        {H_LOGICAL_CI_STORE, {"H_LOGICAL_CI_STORE", h_logical_ci_store}},
        {H_PAGE_INIT, {"H_PAGE_INIT", h_page_init}},
        {H_REGISTER_VPA, {"H_REGISTER_VPA", h_register_vpa}},
        {H_CEDE, {"H_CEDE", h_cede}},
        {H_CONFER, {"H_CONFER", h_confer}},
        {H_PROD, {"H_PROD", h_prod}},
        {H_RTAS, {"H_RTAS", h_rtas}},
        {H_REGISTER_PROC_TBL, {"H_REGISTER_PROC_TBL", h_register_proc_tbl}},
        {H_RPT_INVALIDATE, {"H_RPT_INVALIDATE", h_rpt_invalidate}},
    };
}

HypercallDispatcher::~HypercallDispatcher() {
    if (hpt_) host_.mmu().hash().clear_hypervisor_hpt();
}

void HypercallDispatcher::create_hpt(unsigned shift) {
    hpt_ = std::make_unique<PaprHpt>(shift);
    host_.mmu().hash().set_hypervisor_hpt(hpt_->data(), hpt_->size());
    host_.flush_all_translations();
}

PaprHpt* HypercallDispatcher::hpt() {
    if (host_.mmu().radix().has_guest_process_table()) return nullptr;
    return hpt_.get();
}

isa::ExecStatus HypercallDispatcher::dispatch(CpuState& cpu, HypercallExit* exit) {
    const uint64_t nr = cpu.gpr[3];
    if (trace_) {
        const char* n = name(nr);
        std::fprintf(stderr, "hcall cpu%u %s(0x%llx) r4=0x%llx r5=0x%llx r6=0x%llx r7=0x%llx\n",
                     cpu.cpu_index, n ? n : "?", static_cast<unsigned long long>(nr),
                     static_cast<unsigned long long>(cpu.gpr[4]),
                     static_cast<unsigned long long>(cpu.gpr[5]),
                     static_cast<unsigned long long>(cpu.gpr[6]),
                     static_cast<unsigned long long>(cpu.gpr[7]));
    }
    if (cpu.problem_state()) {  // hypercalls are for the OS, not its applications
        cpu.gpr[3] = static_cast<uint64_t>(H_PRIVILEGE);
        return isa::ExecStatus::Continue;
    }
    if (exit && valid_opcode(nr) && exit_[slot(nr)].load(std::memory_order_relaxed)) {
        exit->nr = nr;
        for (unsigned i = 0; i < 9; ++i) exit->args[i] = cpu.gpr[4 + i];
        exit->ret = H_FUNCTION;  // what the guest sees if the embedder changes nothing
        return isa::ExecStatus::Stop;
    }
    auto it = table_.find(nr);
    if (it == table_.end()) {
        cpu.gpr[3] = static_cast<uint64_t>(H_FUNCTION);
        return isa::ExecStatus::Continue;
    }
    cpu.gpr[3] = static_cast<uint64_t>(it->second.handler(*this, cpu));
    return isa::ExecStatus::Continue;
}

bool HypercallDispatcher::valid_opcode(uint64_t nr) {
    if (nr != 0 && nr < kPaprSlots * 4 && nr % 4 == 0) return true;
    return nr >= kPrivateBase && nr < kPrivateBase + kPrivateSlots;
}

size_t HypercallDispatcher::slot(uint64_t nr) {
    return nr < kPrivateBase ? nr / 4 : kPaprSlots + (nr - kPrivateBase);
}

bool HypercallDispatcher::set_in_core(uint64_t nr, bool in_core) {
    if (!valid_opcode(nr)) return false;
    if (in_core && !implemented(nr)) return false;
    exit_[slot(nr)].store(!in_core, std::memory_order_relaxed);
    return true;
}

bool HypercallDispatcher::in_core(uint64_t nr) const {
    return valid_opcode(nr) && implemented(nr) && !exit_[slot(nr)].load(std::memory_order_relaxed);
}

std::vector<uint64_t> HypercallDispatcher::opcodes() const {
    std::vector<uint64_t> v;
    for (const auto& [nr, e] : table_) v.push_back(nr);
    return v;
}

const char* HypercallDispatcher::name(uint64_t nr) const {
    auto it = table_.find(nr);
    return it == table_.end() ? nullptr : it->second.name;
}

}  // namespace ppcvm

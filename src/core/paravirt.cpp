#include "core/paravirt.hpp"

#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/memory_access.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::paravirt {

namespace {

// A register field of the page: where it lives in the processor.
struct RegisterField {
    unsigned offset, size;
};
constexpr RegisterField kRegisterFields[] = {
    {field::kSprg0, 8}, {field::kSprg1, 8}, {field::kSprg2, 8}, {field::kSprg3, 8},
    {field::kSrr0, 8},  {field::kSrr1, 8},  {field::kDar, 8},   {field::kMsr, 8},
    {field::kDsisr, 4}, {field::kIntPending, 4},
};

// MSR bits a store to the page's msr field may change: Linux's patched mtmsr/mtmsrd store
// there only when nothing but EE and RI changes (kvm_emul.S, MSR_SAFE_BITS); any other
// change runs the real instruction.
constexpr uint64_t kMsrSafeBits = msr::kEE | msr::kRI;

uint64_t register_value(const CpuState& cpu, unsigned offset) {
    switch (offset) {
        case field::kSprg0: return cpu.spr[sprn::kSPRG0];
        case field::kSprg1: return cpu.spr[sprn::kSPRG1];
        case field::kSprg2: return cpu.spr[sprn::kSPRG2];
        case field::kSprg3: return cpu.spr[sprn::kSPRG3];
        case field::kSrr0: return cpu.spr[sprn::kSRR0];
        case field::kSrr1: return cpu.spr[sprn::kSRR1];
        case field::kDar: return cpu.spr[sprn::kDAR];
        case field::kMsr: return cpu.msr;
        case field::kDsisr: return cpu.spr[sprn::kDSISR] & 0xffffffffu;
        case field::kIntPending: {
            // KVM sets it when an interrupt waits for MSR[EE]; patched code then runs the
            // real mtmsr. ppcvm delivers as soon as EE is set anyway; the hint is kept exact.
            const bool pending = cpu.external_pending.load(std::memory_order_relaxed) ||
                                 cpu.dec_exception || (cpu.spr[sprn::kDPDES] & 1);
            return pending ? 1 : 0;
        }
    }
    return 0;
}

void set_register(CpuState& cpu, unsigned offset, uint64_t v) {
    switch (offset) {
        case field::kSprg0: cpu.spr[sprn::kSPRG0] = v; break;
        case field::kSprg1: cpu.spr[sprn::kSPRG1] = v; break;
        case field::kSprg2: cpu.spr[sprn::kSPRG2] = v; break;
        case field::kSprg3: cpu.spr[sprn::kSPRG3] = v; break;
        case field::kSrr0: cpu.spr[sprn::kSRR0] = v; break;
        case field::kSrr1: cpu.spr[sprn::kSRR1] = v; break;
        case field::kDar: cpu.spr[sprn::kDAR] = v; break;
        case field::kDsisr: cpu.spr[sprn::kDSISR] = v & 0xffffffffu; break;
        case field::kMsr: {
            const uint64_t old = cpu.msr;
            cpu.msr = (old & ~kMsrSafeBits) | (v & kMsrSafeBits);
            // Setting EE may unmask a pending interrupt: look before the next block.
            if (cpu.msr != old) cpu.async_pending.store(true, std::memory_order_relaxed);
            break;
        }
        default: break;  // int_pending: written by the hypervisor side only
    }
}

// `size` bytes of the page at `offset` as a number in the given byte order, and back.
uint64_t get_bytes(const KvmMagicPage& page, unsigned offset, unsigned size, bool big_endian) {
    uint64_t v = 0;
    for (unsigned i = 0; i < size; ++i) {
        const unsigned b = big_endian ? i : size - 1 - i;
        v = (v << 8) | page.bytes[offset + b];
    }
    return v;
}

void put_bytes(KvmMagicPage& page, unsigned offset, unsigned size, uint64_t v, bool big_endian) {
    for (unsigned i = 0; i < size; ++i) {
        const unsigned b = big_endian ? size - 1 - i : i;
        page.bytes[offset + b] = static_cast<uint8_t>(v >> (8 * i));
    }
}

bool overlaps(unsigned a, unsigned alen, unsigned b, unsigned blen) {
    return a < b + blen && b < a + alen;
}

// Bring the register fields that [offset, offset+size) touches up to date in the bytes.
void refresh(CpuState& cpu, unsigned offset, unsigned size) {
    KvmMagicPage& page = *cpu.magic_page;
    for (const RegisterField& f : kRegisterFields)
        if (overlaps(offset, size, f.offset, f.size))
            put_bytes(page, f.offset, f.size, register_value(cpu, f.offset), page.big_endian);
}

}  // namespace

bool is_hypercall(const CpuState& cpu, unsigned lev) {
    if (!cpu.paravirt || cpu.problem_state()) return false;
    if (cpu.platform == Platform::BookE && cpu.model && cpu.model->booke_hv) return lev == 1;
    return lev == 0 && static_cast<uint32_t>(cpu.gpr[0]) == kScMagicR0;
}

isa::ExecStatus hypercall(CpuState& cpu) {
    // In 32-bit mode only the low words of the arguments count (KVM's kvmppc_kvm_pv).
    const uint64_t mask = cpu.mode64() ? ~0ull : 0xffffffffull;
    const uint64_t nr = cpu.gpr[11] & mask;
    const uint64_t a0 = cpu.gpr[3] & mask, a1 = cpu.gpr[4] & mask;
    switch (nr) {
        case kHcFeatures:
            cpu.gpr[3] = kEvSuccess;
            cpu.gpr[4] = kFeatureMagicPage;
            return isa::ExecStatus::Continue;
        case kHcMapMagicPage: {
            // r3 = real address of the page, r4 = effective address | flags (the low 12 bits;
            // MAGIC_PAGE_FLAG_NOT_MAPPED_NX is meaningless here: the page is never executable).
            const uint64_t pa = a0 & ~0xfffull & kRealModeMask;
            if (cpu.memory && (cpu.memory->ram_ptr(pa, 1) || cpu.memory->find_mmio(pa, 1))) {
                cpu.gpr[3] = kEvEinval;
                return isa::ExecStatus::Continue;
            }
            auto page = std::make_unique<KvmMagicPage>();
            page->pa = pa;
            page->ea = a1 & ~0xfffull;
            // The fields keep the byte order the guest had when it mapped the page (KVM
            // Book3S: shared_big_endian follows the guest's interrupt endianness).
            page->big_endian = !cpu.little_endian();
            cpu.magic_page = std::move(page);
            // Translations of the page's effective address cached before are stale now.
            tlb_flush_all(cpu);
            cpu.gpr[3] = kEvSuccess;
            cpu.gpr[4] = 0;  // neither KVM_MAGIC_FEAT_SR nor KVM_MAGIC_FEAT_MAS0_TO_SPRG7
            return isa::ExecStatus::Continue;
        }
        case kEvIdle:
            // ePAPR EV_IDLE: the vCPU waits for an interrupt (Linux calls it with MSR[EE]
            // set) and goes on after the hypercall.
            cpu.gpr[3] = kEvSuccess;
            return enter_power_saving(cpu, HaltReason::Stop, false);
        default:
            cpu.gpr[3] = kEvUnimplemented;
            return isa::ExecStatus::Continue;
    }
}

uint64_t magic_load(CpuState& cpu, uint64_t pa, unsigned size) {
    KvmMagicPage& page = *cpu.magic_page;
    const unsigned offset = static_cast<unsigned>(pa & 0xfff);
    refresh(cpu, offset, size);
    return get_bytes(page, offset, size, !cpu.little_endian());
}

void magic_store(CpuState& cpu, uint64_t pa, unsigned size, uint64_t value) {
    KvmMagicPage& page = *cpu.magic_page;
    const unsigned offset = static_cast<unsigned>(pa & 0xfff);
    refresh(cpu, offset, size);  // a partial store keeps the rest of a register field
    put_bytes(page, offset, size, value, !cpu.little_endian());
    for (const RegisterField& f : kRegisterFields)
        if (overlaps(offset, size, f.offset, f.size))
            set_register(cpu, f.offset, get_bytes(page, f.offset, f.size, page.big_endian));
    // Leaving a critical section may let a held interrupt in.
    if (overlaps(offset, size, field::kCritical, 8))
        cpu.async_pending.store(true, std::memory_order_relaxed);
}

bool in_critical_section(const CpuState& cpu) {
    if (!cpu.magic_page || cpu.problem_state()) return false;
    uint64_t critical = get_bytes(*cpu.magic_page, field::kCritical, 8, cpu.magic_page->big_endian);
    uint64_t r1 = cpu.gpr[1];
    if (!cpu.mode64()) {
        critical &= 0xffffffffu;
        r1 &= 0xffffffffu;
    }
    return critical == r1;
}

}  // namespace ppcvm::paravirt

// The KVM/ePAPR paravirtual interface, as Linux's KVM offers it to PowerPC guests and ppcvm
// offers it on any platform when the configuration's paravirt flag is set (see
// docs of PPCVM_CONFIG_F_PARAVIRT and ../shared/reference/platform-selection.md section 4):
//
//  * The hypercall: the sequence the device tree's /hypervisor "hcall-instructions" names.
//    On Book III-S (and BookE without the hypervisor category) it is `sc` (LEV=0) from
//    supervisor state with r0 = 0x4b564d21 ("KVM!"), which tells it from a system call; on
//    BookE with Embedded.Hypervisor it is `sc 1`. ABI (ePAPR 1.1 section 6.1 and Linux's
//    epapr_hcalls.h): r11 = token (vendor << 16 | number), arguments in r3..r10, status in
//    r3 (EV_*), outputs in r4..r11.
//  * The hypercalls served: KVM_HC_FEATURES, KVM_HC_PPC_MAP_MAGIC_PAGE, ePAPR EV_IDLE. Any
//    other token answers EV_UNIMPLEMENTED.
//  * The magic page (Linux's struct kvm_vcpu_arch_shared): mapped by the guest at an
//    effective address for supervisor data accesses (and at a real address for
//    relocation-off accesses), it lets the kernel replace mfmsr, mfspr/mtspr of SPRG0-3,
//    SRR0/1, DAR, DSISR and the EE/RI-only forms of mtmsr[d] with plain loads and stores
//    (Linux arch/powerpc/kernel/kvm.c "live patching"). KVM PR keeps those registers in the
//    page; ppcvm instead serves the page as a live view of the processor's own registers,
//    so patched and unpatched code always agree. Asynchronous interrupts gated by MSR[EE] are
//    held while the guest is in a paravirtual critical section (page field `critical` equals
//    r1 in supervisor state), as KVM does.
//
// Partly implemented (say so to users): the SR array (32-bit segment registers,
// KVM_MAGIC_FEAT_SR) and the BookE MAS0-7/ESR/PIR/SPRG4-7 fields
// (KVM_MAGIC_FEAT_MAS0_TO_SPRG7) are not offered: MAP_MAGIC_PAGE reports neither feature,
// so guests do not patch those accesses, and the fields are plain storage. Only naturally
// aligned loads and stores of 1, 2, 4 or 8 bytes reach the page (what the patched code
// uses); other accesses to it (crossing its end, vector, multiple/string, fetch) are a bus
// error. The page must not overlap guest RAM or a device (EV_EINVAL otherwise).
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"

namespace ppcvm::paravirt {

inline constexpr uint32_t kScMagicR0 = 0x4b564d21;  // "KVM!"

// Tokens (vendor << 16 | number): KVM vendor 42, ePAPR vendor 1.
inline constexpr uint64_t kKvmVendor = 42, kEpaprVendor = 1;
inline constexpr uint64_t token(uint64_t vendor, uint64_t nr) { return vendor << 16 | nr; }
inline constexpr uint64_t kHcFeatures = token(kKvmVendor, 3);
inline constexpr uint64_t kHcMapMagicPage = token(kKvmVendor, 4);
inline constexpr uint64_t kEvIdle = token(kEpaprVendor, 16);

// ePAPR status codes (epapr_hcalls.h).
inline constexpr uint64_t kEvSuccess = 0, kEvEinval = 8, kEvUnimplemented = 12;

// KVM_HC_FEATURES bits: KVM_FEATURE_MAGIC_PAGE is feature number 1.
inline constexpr uint64_t kFeatureMagicPage = 1ull << 1;

// Field offsets of the magic page (struct kvm_vcpu_arch_shared, 240 bytes).
namespace field {
inline constexpr unsigned kScratch1 = 0, kScratch2 = 8, kScratch3 = 16, kCritical = 24;
inline constexpr unsigned kSprg0 = 32, kSprg1 = 40, kSprg2 = 48, kSprg3 = 56;
inline constexpr unsigned kSrr0 = 64, kSrr1 = 72, kDar = 80, kMsr = 88;
inline constexpr unsigned kDsisr = 96, kIntPending = 100;  // 32-bit fields
inline constexpr unsigned kSize = 240;
}  // namespace field

// True when `sc` with this LEV is the paravirtual hypercall sequence for cpu's platform.
bool is_hypercall(const CpuState& cpu, unsigned lev);
// Serve the paravirtual hypercall in cpu's registers.
isa::ExecStatus hypercall(CpuState& cpu);

// The magic page, for memory_access.cpp. A supervisor data access to the page's effective
// address translates to its real address, whatever the MMU says.
inline bool magic_ea(const CpuState& cpu, uint64_t ea, AccessKind kind) {
    return cpu.magic_page && kind != AccessKind::Fetch && !cpu.problem_state() &&
           (ea & ~0xfffull) == cpu.magic_page->ea;
}
inline bool magic_pa(const CpuState& cpu, uint64_t pa, unsigned size) {
    return cpu.magic_page && !cpu.problem_state() && (pa & ~0xfffull) == cpu.magic_page->pa &&
           (pa & 0xfff) + size <= 0x1000;
}
// Load/store `size` bytes at real address pa of the page in the current byte order.
uint64_t magic_load(CpuState& cpu, uint64_t pa, unsigned size);
void magic_store(CpuState& cpu, uint64_t pa, unsigned size, uint64_t value);

// In a paravirtual critical section: interrupts gated by MSR[EE] wait (KVM's
// kvmppc_critical_section: the page's `critical` equals r1, in supervisor state).
bool in_critical_section(const CpuState& cpu);

}  // namespace ppcvm::paravirt

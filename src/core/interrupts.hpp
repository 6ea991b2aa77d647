// Book III-S interrupts (Power ISA 3.1 Book III chapter 7): vectors, SRR/HSRR contents, and the
// new MSR. Semantics call raise_*(); each sets up the interrupt completely (SRR0/SRR1 or
// HSRR0/HSRR1, MSR, DAR/DSISR, nia = vector) and returns ExecStatus::Interrupt to pass on.
#pragma once

#include <cstdint>

#include "core/cpu_state.hpp"

namespace ppcvm {

namespace vector {
inline constexpr uint64_t kSystemReset = 0x100;
inline constexpr uint64_t kMachineCheck = 0x200;
inline constexpr uint64_t kDataStorage = 0x300;
inline constexpr uint64_t kDataSegment = 0x380;
inline constexpr uint64_t kInstructionStorage = 0x400;
inline constexpr uint64_t kInstructionSegment = 0x480;
inline constexpr uint64_t kExternal = 0x500;
inline constexpr uint64_t kAlignment = 0x600;
inline constexpr uint64_t kProgram = 0x700;
inline constexpr uint64_t kFpUnavailable = 0x800;
inline constexpr uint64_t kDecrementer = 0x900;
inline constexpr uint64_t kHypervisorDecrementer = 0x980;
inline constexpr uint64_t kDoorbell = 0xa00;
inline constexpr uint64_t kSystemCall = 0xc00;
inline constexpr uint64_t kTrace = 0xd00;
inline constexpr uint64_t kHypervisorDataStorage = 0xe00;
inline constexpr uint64_t kHypervisorInstructionStorage = 0xe20;
inline constexpr uint64_t kHypervisorEmulationAssistance = 0xe40;
inline constexpr uint64_t kHypervisorMaintenance = 0xe60;
inline constexpr uint64_t kHypervisorDoorbell = 0xe80;
inline constexpr uint64_t kHypervisorVirtualization = 0xea0;
inline constexpr uint64_t kPerformanceMonitor = 0xf00;
inline constexpr uint64_t kVectorUnavailable = 0xf20;
inline constexpr uint64_t kVsxUnavailable = 0xf40;
inline constexpr uint64_t kFacilityUnavailable = 0xf60;
inline constexpr uint64_t kHypervisorFacilityUnavailable = 0xf80;
inline constexpr uint64_t kSystemCallVectored = 0x3000;
}  // namespace vector

// Program interrupt reasons: SRR1 bits 43-47 (Book III 7.5.9).
namespace program {
inline constexpr uint64_t kFpEnabled = 1ull << (63 - 43);
inline constexpr uint64_t kIllegal = 1ull << (63 - 44);
inline constexpr uint64_t kPrivileged = 1ull << (63 - 45);
inline constexpr uint64_t kTrap = 1ull << (63 - 46);
inline constexpr uint64_t kSrr0Next = 1ull << (63 - 47);  // SRR0 holds the next instruction
}  // namespace program

// SRR1[42:45] wake-up reasons and SRR1[46:47] state loss of a System Reset interrupt that ends
// a power-saving state (Book III 7.5.1; values as Linux's SRR1_WAKE* use them).
namespace wake {
inline constexpr uint64_t kExternal = 0x8ull << 18;
inline constexpr uint64_t kDecrementer = 0x6ull << 18;
inline constexpr uint64_t kSystemReset = 0x4ull << 18;
inline constexpr uint64_t kPrivilegedDoorbell = 0x5ull << 18;
inline constexpr uint64_t kHypervisorMaintenance = 0xaull << 18;
inline constexpr uint64_t kNoStateLoss = 0x1ull << 16;
}  // namespace wake

// DSISR bits (Book III 7.5.3).
// DSISR bits (Book III 7.5.3). For an Instruction Storage interrupt the same causes are
// reported in SRR1 bits 32+n (Book III 7.5.5), so these values, widened to 64 bits, are also
// the ISI's SRR1 cause bits (kStore excepted).
namespace dsisr {
inline constexpr uint32_t kNoTranslation = 1u << (31 - 1);  // no HPTE / invalid radix PTE
inline constexpr uint32_t kNoExecOrGuarded = 1u << (31 - 3);  // ISI: N=1, G=1 or no-exec seg
inline constexpr uint32_t kProtection = 1u << (31 - 4);     // PP / EAA forbid the access
inline constexpr uint32_t kStore = 1u << (31 - 6);
inline constexpr uint32_t kKeyFault = 1u << (31 - 10);      // AMR/IAMR virtual page class key
inline constexpr uint32_t kUnsupportedMmu = 1u << (31 - 12); // bad radix tree configuration
inline constexpr uint32_t kSetRc = 1u << (31 - 13);         // radix R/C must be set
inline constexpr uint32_t kPrtableFault = 1u << (31 - 14);  // process table entry unusable
}  // namespace dsisr

isa::ExecStatus raise_program(CpuState& cpu, uint64_t reason);
// An instruction the processor does not implement (or that compat gating hides): Program
// interrupt with the illegal-instruction bit for the guest OS to see (under PAPR the hypervisor
// reflects the Hypervisor Emulation Assistance interrupt as exactly this), or the HEA interrupt
// when the guest itself is the hypervisor (bare-metal ISA 2.06+ server processors).
isa::ExecStatus raise_illegal(CpuState& cpu);
isa::ExecStatus raise_privileged(CpuState& cpu);
isa::ExecStatus raise_trap(CpuState& cpu);
isa::ExecStatus raise_system_call(CpuState& cpu, unsigned lev);
isa::ExecStatus raise_data_storage(CpuState& cpu, uint64_t dar, uint32_t dsisr_bits);
isa::ExecStatus raise_instruction_storage(CpuState& cpu, uint64_t srr1_bits);
// Data Segment (0x380) and Instruction Segment (0x480) interrupts (Book III 7.5.4, 7.5.6): no
// SLB entry translates the EA (hash), or the radix EA is outside the tree or in a quadrant
// that is not usable. DAR = the EA; DSISR is not changed (the ISA leaves it undefined).
isa::ExecStatus raise_data_segment(CpuState& cpu, uint64_t dar);
isa::ExecStatus raise_instruction_segment(CpuState& cpu);
// Hypervisor Data/Instruction Storage interrupts (Book III 7.5.16, 7.5.17) for a fault in
// partition-scoped translation: HDAR = the EA, HDSISR = the causes, ASDR = the guest real
// address (its page) that failed.
isa::ExecStatus raise_hypervisor_data_storage(CpuState& cpu, uint64_t hdar, uint32_t hdsisr,
                                              uint64_t asdr);
isa::ExecStatus raise_hypervisor_instruction_storage(CpuState& cpu, uint64_t srr1_bits,
                                                     uint64_t asdr);
isa::ExecStatus raise_alignment(CpuState& cpu, uint64_t dar, uint32_t dsisr_bits);
isa::ExecStatus raise_machine_check(CpuState& cpu, uint64_t address);
isa::ExecStatus raise_facility_unavailable(CpuState& cpu, isa::Facility facility);

// Facility Unavailable (0xf60, FSCR[IC] = ic) or, with `hypervisor`, Hypervisor Facility
// Unavailable (0xf80, HFSCR[IC] = ic) (Book III 7.5.20, 7.5.21).
isa::ExecStatus raise_facility_unavailable_ic(CpuState& cpu, unsigned ic, bool hypervisor);
// Is the facility with FSCR/HFSCR bit `bit` (spr_table.hpp fscr::k*) usable in the current
// state? HFSCR applies outside hypervisor state, FSCR in problem state (Book III, "Facility
// Status and Control Register" and "Hypervisor Facility Status and Control Register"). If
// not, the interrupt has been raised and `status` holds what to return.
bool facility_enabled(CpuState& cpu, unsigned bit, isa::ExecStatus& status);
// Hypervisor-only instruction or SPR used in privileged non-hypervisor state: Hypervisor
// Emulation Assistance with HSRR1[45]=1 when LPCR[EVIRT]=1 (ISA 3.0+), else Privileged
// Instruction type Program interrupt.
isa::ExecStatus raise_hypervisor_only(CpuState& cpu, uint32_t word);
// Trace interrupt (0xd00) after the instruction at `traced` completed (Book III 7.5.15).
isa::ExecStatus raise_trace(CpuState& cpu, uint64_t traced);
// System Reset (0x100), with SRR1[42:47] = `srr1_bits` (wake-up reason and state loss).
isa::ExecStatus raise_system_reset(CpuState& cpu, uint64_t srr1_bits);

// Does this processor/platform pair have a hypervisor state the guest can be in (bare-metal
// Book III-S 64)? Under PAPR ppcvm is the hypervisor and the guest never has MSR[HV]=1.
bool guest_has_hypervisor(const CpuState& cpu);

// An interrupt raised by a prefixed instruction sets SRR1[34] (HSRR1 for hypervisor
// interrupts) (Power ISA 3.1 Book III 7.3). The engine calls this after such an instruction
// returned ExecStatus::Interrupt (cpu.nia is the vector).
void mark_prefixed_interrupt(CpuState& cpu);

// The Alternate Interrupt Location value (0, 2 or 3) that applies to an interrupt taken with
// MSR `old_msr` that ends with MSR[HV]=`new_hv` (LPCR[AIL]/[HAIL], ISA 2.07+).
unsigned effective_ail(const CpuState& cpu, uint64_t old_msr, bool new_hv);

// ---- asynchronous interrupts (Book III 7.4, 7.8 priorities) ----
// Machines: raise or lower the external interrupt line; request a system reset. Thread-safe.
void set_external_interrupt(CpuState& cpu, bool asserted);
void request_system_reset(CpuState& cpu);
// Set bits in HMER (Hypervisor Maintenance Exception Register): a Hypervisor Maintenance
// interrupt (0xe60) follows while HMER & HMEER is non-zero (bare-metal Book III-S 64).
void raise_hypervisor_maintenance(CpuState& cpu, uint64_t hmer_bits);
// Enter a power-saving state from which any exception wakes the processor and execution goes
// on at cpu.nia (stop with PSSCR[ESL]=0; also what a PAPR H_CEDE hypercall does: set MSR[EE]
// and call this). With `wake_by_system_reset` the wake-up is instead a System Reset interrupt
// for the exceptions LPCR[PECE] enables (nap & co, stop with ESL=EC=1). Returns
// ExecStatus::Stop: the engine returns StopReason::Halted until the wake-up.
isa::ExecStatus enter_power_saving(CpuState& cpu, HaltReason reason, bool wake_by_system_reset);

// Called by the engine before a block when cpu.async_pending is set or the timer check point
// is reached: updates the timers, wakes a halted processor, and delivers the highest-priority
// enabled asynchronous interrupt (cpu.nia is then its vector). Returns false when the
// processor stays halted (the engine returns StopReason::Halted).
bool service_async_events(CpuState& cpu);

// Generic delivery: srr0 is what goes to SRR0/HSRR0; srr1_cause bits are OR-ed into the saved
// MSR bits. `hypervisor` selects HSRR0/1 and MSR[HV]=1; `to_hv` alone sets MSR[HV]=1 while
// using SRR0/1 (sc LEV=1).
isa::ExecStatus deliver_interrupt(CpuState& cpu, uint64_t vec, uint64_t srr0,
                                  uint64_t srr1_cause, bool hypervisor, bool to_hv = false);

}  // namespace ppcvm

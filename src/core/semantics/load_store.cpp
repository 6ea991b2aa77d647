// Fixed-point load and store semantics (Power ISA 3.1 Book I 3.3.2-3.3.6): D, DS and X forms,
// update forms and byte-reversed forms. Multiple/string/quadword are in
// load_store_multiple.cpp, larx/stcx. in load_store_reserve.cpp, sync and cache management in
// storage_control.cpp, prefixed forms in load_store_prefixed.cpp.
#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

// ---- D-form ----
ExecStatus lbz(CpuState& cpu, Insn i) { return load_to_rt<uint8_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus lhz(CpuState& cpu, Insn i) { return load_to_rt<uint16_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus lha(CpuState& cpu, Insn i) { return load_to_rt<uint16_t, true>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus lwz(CpuState& cpu, Insn i) { return load_to_rt<uint32_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus lbzu(CpuState& cpu, Insn i) { return load_update<uint8_t>(cpu, i, ea_d(cpu, i.word)); }
ExecStatus lhzu(CpuState& cpu, Insn i) { return load_update<uint16_t>(cpu, i, ea_d(cpu, i.word)); }
ExecStatus lhau(CpuState& cpu, Insn i) { return load_update<uint16_t, true>(cpu, i, ea_d(cpu, i.word)); }
ExecStatus lwzu(CpuState& cpu, Insn i) { return load_update<uint32_t>(cpu, i, ea_d(cpu, i.word)); }

ExecStatus stb(CpuState& cpu, Insn i) { return store_rs<uint8_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus sth(CpuState& cpu, Insn i) { return store_rs<uint16_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus stw(CpuState& cpu, Insn i) { return store_rs<uint32_t>(cpu, i.word, ea_d(cpu, i.word)); }
ExecStatus stbu(CpuState& cpu, Insn i) { return store_update<uint8_t>(cpu, i, ea_d(cpu, i.word)); }
ExecStatus sthu(CpuState& cpu, Insn i) { return store_update<uint16_t>(cpu, i, ea_d(cpu, i.word)); }
ExecStatus stwu(CpuState& cpu, Insn i) { return store_update<uint32_t>(cpu, i, ea_d(cpu, i.word)); }

// ---- DS-form (64-bit implementations; Book I 3.3.2) ----
ExecStatus ld(CpuState& cpu, Insn i) { return load_to_rt<uint64_t>(cpu, i.word, ea_ds(cpu, i.word)); }
ExecStatus lwa(CpuState& cpu, Insn i) { return load_to_rt<uint32_t, true>(cpu, i.word, ea_ds(cpu, i.word)); }
ExecStatus ldu(CpuState& cpu, Insn i) { return load_update<uint64_t>(cpu, i, ea_ds(cpu, i.word)); }
ExecStatus std(CpuState& cpu, Insn i) { return store_rs<uint64_t>(cpu, i.word, ea_ds(cpu, i.word)); }
ExecStatus stdu(CpuState& cpu, Insn i) { return store_update<uint64_t>(cpu, i, ea_ds(cpu, i.word)); }

// ---- X-form ----
ExecStatus lbzx(CpuState& cpu, Insn i) { return load_to_rt<uint8_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lhzx(CpuState& cpu, Insn i) { return load_to_rt<uint16_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lhax(CpuState& cpu, Insn i) { return load_to_rt<uint16_t, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lwzx(CpuState& cpu, Insn i) { return load_to_rt<uint32_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lwax(CpuState& cpu, Insn i) { return load_to_rt<uint32_t, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus ldx(CpuState& cpu, Insn i) { return load_to_rt<uint64_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lbzux(CpuState& cpu, Insn i) { return load_update<uint8_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus lhzux(CpuState& cpu, Insn i) { return load_update<uint16_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus lhaux(CpuState& cpu, Insn i) { return load_update<uint16_t, true>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus lwzux(CpuState& cpu, Insn i) { return load_update<uint32_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus lwaux(CpuState& cpu, Insn i) { return load_update<uint32_t, true>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus ldux(CpuState& cpu, Insn i) { return load_update<uint64_t>(cpu, i, ea_x(cpu, i.word)); }

ExecStatus stbx(CpuState& cpu, Insn i) { return store_rs<uint8_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus sthx(CpuState& cpu, Insn i) { return store_rs<uint16_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus stwx(CpuState& cpu, Insn i) { return store_rs<uint32_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus stdx(CpuState& cpu, Insn i) { return store_rs<uint64_t>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus stbux(CpuState& cpu, Insn i) { return store_update<uint8_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus sthux(CpuState& cpu, Insn i) { return store_update<uint16_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus stwux(CpuState& cpu, Insn i) { return store_update<uint32_t>(cpu, i, ea_x(cpu, i.word)); }
ExecStatus stdux(CpuState& cpu, Insn i) { return store_update<uint64_t>(cpu, i, ea_x(cpu, i.word)); }

// ---- byte-reverse (Book I 3.3.6): the opposite byte order of the current mode ----
ExecStatus lhbrx(CpuState& cpu, Insn i) { return load_to_rt<uint16_t, false, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus lwbrx(CpuState& cpu, Insn i) { return load_to_rt<uint32_t, false, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus ldbrx(CpuState& cpu, Insn i) { return load_to_rt<uint64_t, false, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus sthbrx(CpuState& cpu, Insn i) { return store_rs<uint16_t, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus stwbrx(CpuState& cpu, Insn i) { return store_rs<uint32_t, true>(cpu, i.word, ea_x(cpu, i.word)); }
ExecStatus stdbrx(CpuState& cpu, Insn i) { return store_rs<uint64_t, true>(cpu, i.word, ea_x(cpu, i.word)); }

// ---- caching-inhibited, hypervisor only (Book III 4.4, ISA 2.05+) ----
// Meant for hypervisor real mode (MSR[DR]=0), where the EA is the real address; with
// MSR[DR]=1 the results are undefined and ppcvm translates as for any load. Every access goes
// to MMIO or RAM as is: ppcvm has no cache to bypass. In privileged non-hypervisor state they
// are a Hypervisor Emulation Assistance interrupt (Book III 2.x); the engine handles problem
// state via kHypervisor.
namespace {
template <typename T>
ExecStatus ci_load(CpuState& cpu, Insn i) {
    if (!cpu.hypervisor_state()) return raise_illegal(cpu);
    return load_to_rt<T>(cpu, i.word, ea_x(cpu, i.word));
}
template <typename T>
ExecStatus ci_store(CpuState& cpu, Insn i) {
    if (!cpu.hypervisor_state()) return raise_illegal(cpu);
    return store_rs<T>(cpu, i.word, ea_x(cpu, i.word));
}
}  // namespace
ExecStatus lbzcix(CpuState& cpu, Insn i) { return ci_load<uint8_t>(cpu, i); }
ExecStatus lhzcix(CpuState& cpu, Insn i) { return ci_load<uint16_t>(cpu, i); }
ExecStatus lwzcix(CpuState& cpu, Insn i) { return ci_load<uint32_t>(cpu, i); }
ExecStatus ldcix(CpuState& cpu, Insn i) { return ci_load<uint64_t>(cpu, i); }
ExecStatus stbcix(CpuState& cpu, Insn i) { return ci_store<uint8_t>(cpu, i); }
ExecStatus sthcix(CpuState& cpu, Insn i) { return ci_store<uint16_t>(cpu, i); }
ExecStatus stwcix(CpuState& cpu, Insn i) { return ci_store<uint32_t>(cpu, i); }
ExecStatus stdcix(CpuState& cpu, Insn i) { return ci_store<uint64_t>(cpu, i); }

}  // namespace ppcvm::sem

// PAPR hypercalls (`sc 1` from a pseries guest's supervisor state): one table from opcode to
// handler. Each entry can be served in ppcvm ("in core") or handed to the embedding program
// as an exit, as KVM does with KVM_CAP_PPC_ENABLE_HCALL and KVM_EXIT_PAPR_HCALL.
// Arguments arrive in r4..r12, the status goes to r3 and outputs to r4.. (LoPAPR 14.5.3).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/cpu_state.hpp"

namespace ppcvm {

class Book3sMmu;
class GuestMemory;
class XicsController;
class SpaprVty;
class Rtas;
class PaprHpt;

// What the hypercalls need from the machine.
class HypercallHost {
public:
    virtual ~HypercallHost() = default;
    virtual GuestMemory& memory() = 0;
    virtual XicsController& xics() = 0;
    virtual SpaprVty& vty() = 0;
    virtual Rtas& rtas() = 0;
    virtual unsigned cpu_count() = 0;
    // H_CEDE: idle the calling vCPU until an interrupt is pending (the host thread sleeps).
    virtual void cede(CpuState& cpu) = 0;
    // H_PROD: wake a ceded vCPU. False if there is no such vCPU.
    virtual bool prod(unsigned cpu) = 0;
    // H_SET_MODE: LPCR changes that apply to every vCPU of the partition.
    virtual void set_lpcr_bits(uint64_t mask, uint64_t value) = 0;
    // The partition's MMU (ppcvm owns partition-scoped translation and the HPT under PAPR).
    virtual Book3sMmu& mmu() = 0;
    // Drop every vCPU's cached translations (after the partition's tables change).
    virtual void flush_all_translations() = 0;
};

// A hypercall the embedding program asked to serve itself. As KVM's KVM_EXIT_PAPR_HCALL
// (Documentation/virt/kvm/api.rst), `args` are both ways: r4..r12 at the call, and what is
// written back to r4..r12 when the vCPU resumes (PAPR's outputs go to r4.. and the embedder
// leaves the rest as they were); `ret` goes to r3.
struct HypercallExit {
    uint64_t nr = 0;
    std::array<uint64_t, 9> args{};  // r4..r12
    int64_t ret = 0;                 // set by the embedder, written to r3 on resume
};

class HypercallDispatcher {
public:
    using Handler = int64_t (*)(HypercallDispatcher& self, CpuState& cpu);

    explicit HypercallDispatcher(HypercallHost& host);
    ~HypercallDispatcher();

    // Serve the hypercall in cpu's registers. Returns ExecStatus::Continue when served in
    // core, or ExecStatus::Stop with *exit filled when the embedder serves it.
    isa::ExecStatus dispatch(CpuState& cpu, HypercallExit* exit);

    // Choose in-core handling or exit, per hypercall (KVM_CAP_PPC_ENABLE_HCALL's analogue).
    // Any valid opcode (valid_opcode()) can become an exit, including ones ppcvm does not
    // implement (an embedder may serve a hypercall ppcvm knows nothing of); only implemented
    // ones can be served in core. False when the request cannot be honoured. Safe to call
    // while vCPUs run (the choice is an atomic flag each call reads).
    bool set_in_core(uint64_t nr, bool in_core);
    bool in_core(uint64_t nr) const;
    bool implemented(uint64_t nr) const { return table_.count(nr) != 0; }
    // Opcodes that can be routed: LoPAPR's hypercall space (multiples of 4 from 0x4 to 0xffc,
    // room above the highest architected opcode) and the hypervisor-private range
    // 0xf000..0xf0ff that QEMU and KVM use for their own calls (KVMPPC_HCALL_BASE: H_RTAS is
    // 0xf000; QEMU numbers these consecutively, so they need not be multiples of 4).
    static bool valid_opcode(uint64_t nr);
    std::vector<uint64_t> opcodes() const;
    const char* name(uint64_t nr) const;

    HypercallHost& host() { return host_; }

    // Per-vCPU areas registered with H_REGISTER_VPA (LoPAPR 14.11.3.2).
    struct VpaState {
        uint64_t vpa = 0, slb_shadow = 0, dtl = 0;
        uint32_t slb_shadow_size = 0, dtl_size = 0;
    };
    std::vector<VpaState>& vpa() { return vpa_; }

    // The partition's hashed page table (hpt_hypercalls.hpp): 2^shift bytes, handed to the
    // MMU. The machine creates it at boot for every partition (an ISA 3.0 guest may choose
    // hash or radix later, with H_REGISTER_PROC_TBL).
    void create_hpt(unsigned shift);
    // The HPT the H_ENTER family edits: nullptr while the partition uses radix (a radix
    // process table is registered) or if there is none.
    PaprHpt* hpt();
    // The HPT whatever the partition's current mode (nullptr if none was created).
    PaprHpt* hpt_storage() { return hpt_.get(); }

private:
    struct Entry {
        const char* name;
        Handler handler;
    };
    static constexpr size_t kPaprSlots = 0x1000 / 4, kPrivateBase = 0xf000,
                            kPrivateSlots = 0x100;
    static size_t slot(uint64_t nr);  // index into exit_ of a valid opcode
    HypercallHost& host_;
    std::map<uint64_t, Entry> table_;  // implemented hypercalls (fixed after construction)
    // Set: the opcode is handed to the embedder instead of served (or refused) in core.
    std::array<std::atomic<bool>, kPaprSlots + kPrivateSlots> exit_{};
    std::vector<VpaState> vpa_;
    std::unique_ptr<PaprHpt> hpt_;
    bool trace_;  // PPCVM_TRACE_HCALLS set: log every hypercall on stderr
};

}  // namespace ppcvm

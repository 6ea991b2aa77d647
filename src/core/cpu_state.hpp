// Architected state of one PowerPC processor (Book I registers and Book III-S/E system state).
// The core knows nothing of machines: anything outside the processor is reached through
// CpuEnvironment (hypercalls, timebase, interrupt lines) and GuestMemory.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

#include "core/isa/isa.hpp"
#include "core/mmu/soft_tlb.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm {

class GuestMemory;
struct CpuState;

enum class AccessKind : uint8_t { Load, Store, Fetch };

// Address translation (src/core/mmu/: HashMmu, RadixMmu, Book3sMmu). Called for accesses with
// MSR[IR]/MSR[DR] on that miss the soft TLB, and for relocation-off accesses in non-hypervisor
// state on bare metal (VRMA/RMO/partition-scoped real mode; see memory_access.hpp). Returns
// false after raising the architected storage interrupt itself. A successful translation of a
// relocated access may be cached in CpuState::tlb until tlb_flush_all().
class Mmu {
public:
    virtual ~Mmu() = default;
    virtual bool translate(CpuState& cpu, uint64_t ea, AccessKind kind, uint64_t& pa) = 0;
};

// MSR bits (Power ISA 3.1 Book III 4.2.1), as masks on the 64-bit MSR (bit 0 = MSB).
namespace msr {
constexpr uint64_t bit(unsigned isa_bit) { return 1ull << (63 - isa_bit); }
inline constexpr uint64_t kSF = bit(0);
inline constexpr uint64_t kHV = bit(3);
inline constexpr uint64_t kS = bit(41);
inline constexpr uint64_t kPOW = bit(45);   // 32-bit classic / pre-2.06: power management
inline constexpr uint64_t kILE = bit(47);   // 32-bit classic: interrupt little-endian
inline constexpr uint64_t kIP = bit(57);    // 32-bit classic: interrupt prefix (0xfff00000)
inline constexpr uint64_t kTS = bit(29) | bit(30);
inline constexpr uint64_t kTM = bit(31);
inline constexpr uint64_t kVEC = bit(38);
inline constexpr uint64_t kVSX = bit(40);
inline constexpr uint64_t kEE = bit(48);
inline constexpr uint64_t kPR = bit(49);
inline constexpr uint64_t kFP = bit(50);
inline constexpr uint64_t kME = bit(51);
inline constexpr uint64_t kFE0 = bit(52);
inline constexpr uint64_t kSE = bit(53);
inline constexpr uint64_t kBE = bit(54);
inline constexpr uint64_t kFE1 = bit(55);
inline constexpr uint64_t kIR = bit(58);
inline constexpr uint64_t kDR = bit(59);
inline constexpr uint64_t kPMM = bit(61);
inline constexpr uint64_t kRI = bit(62);
inline constexpr uint64_t kLE = bit(63);
}  // namespace msr

// What the processor asks of the world around it. Machines implement this.
class CpuEnvironment {
public:
    virtual ~CpuEnvironment() = default;
    // `sc 1` from supervisor state on a platform where ppcvm is the hypervisor (PAPR), or the
    // paravirt hypercall sequence. Returns how the engine should go on.
    virtual isa::ExecStatus hypercall(CpuState& cpu) = 0;
    // Current timebase value (the machine ties it to host time).
    virtual uint64_t timebase() = 0;
    // A broadcast TLB invalidation (tlbie) by `from`: every other processor of the machine
    // must drop its cached translations (set its tlb_flush_requested). The default suits a
    // machine with one processor.
    virtual void broadcast_tlb_flush(CpuState& from) { (void)from; }
};

// Why the processor stopped executing on its own (CpuState::halt). The engine returns
// StopReason::Halted while this is not None; the machine may sleep the host thread until an
// interrupt is made pending (set_external_interrupt / request_system_reset / a timer deadline,
// see next_timer_deadline()).
enum class HaltReason : uint8_t {
    None,
    Attn,      // `attn` on bare metal: the machine should stop (no wake-up)
    Stop,      // POWER9/10 `stop` (PSSCR[ESL]=0: resumes after `stop`; ESL=EC=1: wakes via
               // 0x100); also a PAPR H_CEDE (see enter_power_saving() in interrupts.hpp)
    Nap,       // POWER7/8 nap/doze/sleep/rvwinkle: wake-up via System Reset (0x100);
    Doze,      // 32-bit classic MSR[POW] with HID0[NAP/DOZE/SLEEP]: wake-up by the interrupt
    Sleep,
    Rvwinkle,
    Checkstop, // a machine check with MSR[ME]=0: the processor stops for good (Book III 7.5.2)
};
// One Segment Lookaside Buffer entry (Power ISA 3.1 Book III 5.7.6.1), kept in the register
// images slbmte takes: esid = RB (ESID bits 0:35, V bit 36), vsid = RS (B bits 0:1, VSID
// bits 2:51, Ks Kp N L C bits 52:56, LP bits 58:59).
struct SlbEntry {
    uint64_t esid = 0;
    uint64_t vsid = 0;
};
inline constexpr unsigned kMaxSlbEntries = 64;

struct alignas(16) VsrValue {
    uint64_t dw[2];  // dw[0] is doubleword 0 (the most significant, where an FPR lives)
};

// Reservation for larx/stcx. (Power ISA 3.1 Book II 1.7.3).
// The shared part (which vCPU holds which granule) is GuestMemory::reservations(); this is the
// vCPU's own record of what its larx read, for stcx. to compare-and-swap against.
struct Reservation {
    bool valid = false;
    uint64_t address = 0;  // real address of the reservation granule start
    unsigned size = 0;     // granule bytes
    uint64_t location = 0; // real address of the larx operand
    unsigned length = 0;   // larx operand bytes (1, 2, 4, 8, 16)
    uint64_t raw[2] = {};  // the operand's bytes as larx read them (host memory image)
};

// The KVM/ePAPR paravirtual "magic page" of one vCPU (src/core/paravirt.hpp): where the guest
// mapped it and the bytes of its plain fields (scratch words, the critical-section marker).
// The register fields (SPRG0-3, SRR0/1, DAR, MSR, DSISR, int_pending) are not stored here:
// they are a live view of this processor's registers.
struct KvmMagicPage {
    uint64_t ea = 0;          // effective address of the page (supervisor data accesses)
    uint64_t pa = 0;          // real address of the page (relocation-off accesses)
    bool big_endian = false;  // byte order of the fields, fixed when the page is mapped
    std::array<uint8_t, 4096> bytes{};
};

struct CpuState {
    // ---- Book I ----
    uint64_t gpr[32] = {};
    uint64_t cia = 0;  // address of the instruction being executed
    uint64_t nia = 0;  // next instruction address; an instruction that branches sets it
    uint64_t lr = 0, ctr = 0;
    uint32_t cr = 0;   // CR0 in bits 0-3 (the most significant nibble)
    // XER kept split for speed; xer_read()/xer_write() assemble it (Book I 3.2.2).
    uint8_t so = 0, ov = 0, ca = 0, ov32 = 0, ca32 = 0;
    uint8_t xer_bc = 0;         // byte count for lswx/stswx (bits 57:63)
    uint64_t xer_other = 0;     // other implemented bits, preserved as written
    VsrValue vsr[64] = {};      // FPR n = vsr[n].dw[0]; VR n = vsr[32 + n]
    uint64_t fpscr = 0;
    uint32_t vscr = 0x00010000; // NJ=1 at reset
    uint64_t tar = 0;
    uint32_t vrsave = 0;

    // ---- Book III ----
    uint64_t msr = 0;
    uint64_t spr[1024] = {};    // every SPR without a dedicated field above lives here
    Reservation reservation;
    SlbEntry slb[kMaxSlbEntries] = {};  // the implemented size is slb_entries(model)

    // ---- processor model and environment ----
    const CpuModel* model = nullptr;
    IsaLevel effective_isa = IsaLevel::V3_00;  // after PCR compat
    Platform platform = Platform::Papr;
    GuestMemory* memory = nullptr;
    CpuEnvironment* env = nullptr;
    Mmu* mmu = nullptr;  // nullptr: translation off only (real mode)
    unsigned cpu_index = 0;
    // KVM/ePAPR paravirtual interface offered (the platform's paravirt flag), and the magic
    // page once the guest has mapped it with KVM_HC_PPC_MAP_MAGIC_PAGE.
    bool paravirt = false;
    std::unique_ptr<KvmMagicPage> magic_page;

    // ---- engine bookkeeping ----
    uint64_t instructions_retired = 0;
    std::atomic<bool> stop_requested{false};
    // Translation caching: the soft TLB, an epoch advanced whenever translations may have
    // changed (engines drop decoded code when it moves), and a flush request another
    // processor's tlbie posts (checked by the engine between blocks).
    SoftTlb tlb;
    uint64_t translation_epoch = 0;
    std::atomic<bool> tlb_flush_requested{false};

    // ---- asynchronous events (Book III 7.4, 7.5.1, 7.5.10, 7.5.12) ----
    // The engine looks at these only before a block, when `async_pending` is set or when
    // instructions_retired reaches `timer_check_icount`, so the hot loop stays one load and
    // one compare. Machines set the atomics from any thread, then set async_pending.
    std::atomic<bool> async_pending{false};
    std::atomic<bool> external_pending{false};   // the external interrupt line (level)
    std::atomic<bool> sreset_pending{false};     // system reset (non-maskable), edge
    std::atomic<uint64_t> hmer_pending{0};       // HMER bits a machine raised, merged by the CPU
    uint64_t timer_check_icount = 0;  // 0: arm the timers before the first block
    // Decrementer and hypervisor decrementer: `*_expiry` holds (value written + TB at the
    // write), so the current value is expiry - TB. On Book III-S 64 the exception bits follow
    // the sign bit (level-sensitive); on 32-bit classic processors they are set when the value
    // turns negative and cleared when the interrupt is taken or a non-negative value is
    // written (see interrupts.cpp check_timers).
    uint64_t dec_expiry = 0x7fffffffull, hdec_expiry = 0x7fffffffull;
    uint64_t dec_deadline = ~0ull, hdec_deadline = ~0ull;  // TB at which each turns negative
    bool dec_exception = false, hdec_exception = false;
    int64_t tb_offset = 0;  // guest TB = environment TB + tb_offset (mtspr TBL/TBU/TBU40)
    HaltReason halt = HaltReason::None;
    // Power-saving state entered with a System Reset wake-up (nap & co, stop with ESL=1):
    bool wake_by_system_reset = false;

    // ---- helpers used by the semantics ----
    bool mode64() const { return (msr & msr::kSF) != 0; }
    bool problem_state() const { return (msr & msr::kPR) != 0; }
    bool hypervisor_state() const { return (msr & (msr::kHV | msr::kPR)) == msr::kHV; }
    bool little_endian() const { return (msr & msr::kLE) != 0; }
    // Effective address arithmetic wraps at 32 bits when MSR[SF]=0 (Book III 5.7.2).
    uint64_t ea_mask() const { return mode64() ? ~0ull : 0xffffffffull; }

    // The time base as the guest sees it: the environment's, or (no environment: tests and
    // deterministic runs) the number of instructions retired.
    uint64_t timebase() const {
        return (env ? env->timebase() : instructions_retired) + static_cast<uint64_t>(tb_offset);
    }

    uint64_t xer_read() const;
    void xer_write(uint64_t value);

    // CR field n (0..7) as a 4-bit value.
    uint32_t cr_field(unsigned n) const { return (cr >> (28 - 4 * n)) & 0xf; }
    void set_cr_field(unsigned n, uint32_t v) {
        cr = (cr & ~(0xfu << (28 - 4 * n))) | ((v & 0xf) << (28 - 4 * n));
    }
    // CR bit b (0..31, ISA numbering).
    bool cr_bit(unsigned b) const { return (cr >> (31 - b)) & 1; }
    void set_cr_bit(unsigned b, bool v) {
        cr = (cr & ~(1u << (31 - b))) | (static_cast<uint32_t>(v) << (31 - b));
    }
};

}  // namespace ppcvm

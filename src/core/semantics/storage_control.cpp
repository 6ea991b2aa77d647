// Storage synchronization and cache management (Power ISA 3.1 Book II 4.3 and 4.6).
// ppcvm models no caches: the cache instructions have no architected effect on data except
// dcbz (zeroes a block) and icbi (instruction fetch must see later stores: decoded code is
// dropped). The barriers map to host fences, which matter once vCPUs run on several host
// threads.
#include <atomic>
#include <cstring>

#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

namespace {

// Translate a cache instruction's EA the way the ISA treats it for storage protection (dcbf,
// dcbst, icbi as loads, dcbi as a store): a failed translation raises the interrupt.
ExecStatus translate_only(CpuState& cpu, Insn insn, AccessKind kind) {
    uint64_t pa;
    if (!translate(cpu, ea_x(cpu, insn.word), kind, pa)) return ExecStatus::Interrupt;
    return ExecStatus::Continue;
}

}  // namespace

// sync L,SC (Book II 4.6.3): every L (hwsync, lwsync, ptesync, the 3.1 persistent variants) and
// SC value orders at least what lwsync does; ppcvm uses a full host fence except for lwsync.
ExecStatus sync(CpuState&, Insn insn) {
    const uint32_t l = isa::bits(insn.word, 8, 10);
    const uint32_t sc = isa::bits(insn.word, 14, 15);
    if (l == 1 && sc == 0)
        std::atomic_thread_fence(std::memory_order_acq_rel);
    else
        std::atomic_thread_fence(std::memory_order_seq_cst);
    return ExecStatus::Continue;
}

// eieio / mbar (Book II 4.6.4): orders stores and caching-inhibited accesses.
ExecStatus eieio(CpuState&, Insn) {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return ExecStatus::Continue;
}

// isync (Book II 4.6.1): context synchronizing. The row ends the block, so the engine refetches
// (and re-decodes, if icbi or a store changed the code) the instructions after it.
ExecStatus isync(CpuState&, Insn) {
    std::atomic_thread_fence(std::memory_order_acquire);
    return ExecStatus::Continue;
}

// dcbz (Book II 4.3.2): zero the aligned data cache block holding EA; the block size is the
// model's (CpuModel::dcache_block_bytes: 128 on POWER, 32 on 750/74xx/e500v2).
// Partly implemented: Book III 7.5.8 requires an Alignment interrupt when the block is Write
// Through Required or Caching Inhibited; storage attributes come with the MMU, so for now only
// MMIO (the storage ppcvm knows is caching inhibited) takes it. The 970's dcbzl / HID5[DCBZ32]
// 32-byte mode is not modelled (dcbz always clears 128 bytes there).
ExecStatus dcbz(CpuState& cpu, Insn insn) {
    const unsigned bytes = cpu.model && cpu.model->dcache_block_bytes ? cpu.model->dcache_block_bytes : 128;
    const uint64_t ea = ea_x(cpu, insn.word);
    const uint64_t block = ea & ~static_cast<uint64_t>(bytes - 1);
    uint64_t pa;
    if (!translate(cpu, block, AccessKind::Store, pa)) {
        // The interrupt reports the instruction's EA, not the block start.
        cpu.spr[sprn::kDAR] = ea;
        return ExecStatus::Interrupt;
    }
    uint8_t* p = cpu.memory->ram_ptr(pa, bytes);
    if (!p) {
        if (cpu.memory->find_mmio(pa, 1)) return alignment(cpu, insn, ea);
        return raise_machine_check(cpu, ea);
    }
    std::memset(p, 0, bytes);
    if (page_has_code(cpu, pa)) notify_code_write(cpu, pa, bytes);
    cpu.memory->reservations().store_performed(pa, bytes);
    return ExecStatus::Continue;
}

// No architected effect on data without a cache model (Book II 4.3).
ExecStatus dcbf(CpuState& cpu, Insn insn) { return translate_only(cpu, insn, AccessKind::Load); }
ExecStatus dcbst(CpuState& cpu, Insn insn) { return translate_only(cpu, insn, AccessKind::Load); }
// Touch hints never cause an interrupt (Book II 4.3.2).
ExecStatus dcbt(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dcbtst(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dcba(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus icbt(CpuState&, Insn) { return ExecStatus::Continue; }
// dcbi (privileged, Book III-E / 32-bit Book III-S): invalidating a cache ppcvm does not have
// discards nothing; memory already holds the data.
ExecStatus dcbi(CpuState& cpu, Insn insn) { return translate_only(cpu, insn, AccessKind::Store); }
// Embedded cache locking: no cache to lock. Partly implemented: with MSR[UCLE]=0 problem
// state should take a Data Storage interrupt (Book III-E); not modelled.
ExecStatus dcbtls(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dcbtstls(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dcblc(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus icbtls(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus icblc(CpuState&, Insn) { return ExecStatus::Continue; }

// icbi (Book II 4.3.1): the instruction cache block is invalidated. ppcvm's decoded blocks
// are its instruction cache: mark the page written so every engine drops decoded code (the
// code epoch advances; the next block lookup re-decodes). The row ends the block.
ExecStatus icbi(CpuState& cpu, Insn insn) {
    uint64_t pa;
    if (!translate(cpu, ea_x(cpu, insn.word), AccessKind::Load, pa)) return ExecStatus::Interrupt;
    cpu.memory->code_written(pa);
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

#include "core/exact_engine.hpp"

#include <algorithm>

#include "core/guest_memory.hpp"
#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/memory_access.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm {
namespace {

using isa::ExecStatus;
using isa::Insn;

// Handlers the decoder substitutes for instructions that must not run as themselves.
ExecStatus illegal_instruction(CpuState& cpu, Insn insn) {
    cpu.spr[sprn::kHEIR] = insn.word;
    return raise_illegal(cpu);
}
ExecStatus privileged_instruction(CpuState& cpu, Insn) { return raise_privileged(cpu); }
ExecStatus fp_unavailable(CpuState& cpu, Insn) {
    return raise_facility_unavailable(cpu, isa::Facility::FP);
}
ExecStatus vmx_unavailable(CpuState& cpu, Insn) {
    return raise_facility_unavailable(cpu, isa::Facility::VMX);
}
ExecStatus vsx_unavailable(CpuState& cpu, Insn) {
    return raise_facility_unavailable(cpu, isa::Facility::VSX);
}
// Fetch failed after the first instruction of a block: stop the block there; the next run
// fetches again at that address and takes the interrupt then.
ExecStatus end_of_fetchable(CpuState& cpu, Insn) {
    cpu.nia = cpu.cia;
    return ExecStatus::Jump;
}

// A prefixed instruction whose prefix is the last word of a 64-byte block crosses the
// boundary: Alignment interrupt (Power ISA 3.1 Book I 1.6.3, Book III 7.5.8), whatever the
// instruction.
ExecStatus prefixed_across_64_bytes(CpuState& cpu, Insn) {
    return raise_alignment(cpu, cpu.cia, 0);
}

constexpr uint64_t kModeBits = msr::kLE | msr::kPR | msr::kFP | msr::kVEC | msr::kVSX |
                               msr::kHV | msr::kIR | msr::kSF | msr::kSE | msr::kBE;

// Instructions after which no trace interrupt is taken even with MSR[SE]=1 (Book III
// 7.5.15: rfid, hrfid, rfscv, sc, scv and the like; the interrupt they cause, or the MSR they
// install, comes first).
bool traced(const isa::InsnDesc& desc) {
    using isa::Op;
    switch (desc.op) {
        case Op::rfid: case Op::hrfid: case Op::rfi: case Op::rfscv: case Op::sc:
        case Op::scv: case Op::attn:
            return false;
        default:
            return true;
    }
}

}  // namespace

ExactEngine::ExactEngine(CpuState& cpu) : cpu_(cpu), jump_cache_(kJumpCacheSize) {}

void ExactEngine::flush() {
    ++jump_epoch_;  // before the blocks go: no slot may point at a freed block
    blocks_.clear();
    page_blocks_.clear();
}

void ExactEngine::code_changed(uint64_t epoch) {
    written_pages_.clear();
    if (!cpu_.memory->written_code_pages(code_epoch_, epoch, written_pages_)) {
        code_epoch_ = epoch;
        flush();
        return;
    }
    code_epoch_ = epoch;
    for (uint64_t page : written_pages_) {
        if (page == GuestMemory::kAllCodePages) {
            flush();
            return;
        }
        auto it = page_blocks_.find(page);
        if (it == page_blocks_.end()) continue;
        ++jump_epoch_;
        for (const BlockKey& key : it->second) blocks_.erase(key);
        page_blocks_.erase(it);
    }
}

uint64_t ExactEngine::mode_key() const { return cpu_.msr & kModeBits; }

bool ExactEngine::at_breakpoint(uint64_t ea) const {
    return std::find(breakpoints_.begin(), breakpoints_.end(), ea) != breakpoints_.end();
}

ExactEngine::Block* ExactEngine::translate_block(uint64_t ea, uint64_t mode) {
    uint64_t pa;
    if (!translate(cpu_, ea, AccessKind::Fetch, pa)) return nullptr;  // ISI raised
    const BlockKey key{pa, ea, mode};
    if (auto it = blocks_.find(key); it != blocks_.end()) return it->second.get();
    if (blocks_.size() >= kMaxBlocks) flush();

    auto block = std::make_unique<Block>();
    block->ea = ea;
    block->mode = mode;
    const isa::Decoder& decoder = isa::Decoder::instance();
    const bool le = mode & msr::kLE;
    uint64_t cur_ea = ea, cur_pa = pa;
    auto fetch_word = [&](uint64_t at_pa, uint32_t& w) {
        const uint8_t* p = cpu_.memory->ram_ptr(at_pa, 4);
        if (!p) return false;
        std::memcpy(&w, p, 4);
        if (!le) w = __builtin_bswap32(w);
        return true;
    };
    for (unsigned n = 0; n < kMaxBlockInstructions; ++n) {
        if (n > 0 && (cur_ea & 0xfff) == 0) {
            // Keep blocks within one 4 KiB page: the next page is translated (and may fault)
            // when execution gets there.
            break;
        }
        if (n > 0 && !breakpoints_.empty() && at_breakpoint(cur_ea)) break;
        uint32_t word;
        if (!fetch_word(cur_pa, word)) {
            if (n == 0) {
                raise_machine_check(cpu_, ea);
                return nullptr;
            }
            block->insns.push_back({&end_of_fetchable, {0, 0}});
            break;
        }
        cpu_.memory->mark_code_page(cur_pa);
        uint32_t suffix = 0;
        bool prefixed = (word >> 26) == 1;
        if (prefixed && ((cur_ea + 4) & 0xfff) != 0) fetch_word(cur_pa + 4, suffix);
        const isa::InsnDesc* desc = decoder.decode(word, suffix);
        DecodedInsn d{&illegal_instruction, {word, 0}};
        if (desc) {
            d.insn = desc->prefixed() ? Insn{suffix, word} : Insn{word, 0};
            switch (isa::availability(*desc, *cpu_.model, cpu_.effective_isa)) {
                case isa::Availability::NotImplemented: break;
                case isa::Availability::CompatGated:
                    // The PCR hides newer instructions in problem state (Power ISA 3.1 Book
                    // III 2.2.3); privileged code still sees the processor's own level.
                    if (!(mode & msr::kPR)) d.fn = desc->handler;
                    break;
                case isa::Availability::Available: d.fn = desc->handler; break;
            }
            if (d.fn == desc->handler) {
                if ((desc->has(isa::flag::kPrivileged) || desc->has(isa::flag::kHypervisor)) &&
                    (mode & msr::kPR))
                    d.fn = &privileged_instruction;
                else if (desc->facility == isa::Facility::FP && !(mode & msr::kFP))
                    d.fn = &fp_unavailable;
                else if (desc->facility == isa::Facility::VMX && !(mode & msr::kVEC))
                    d.fn = &vmx_unavailable;
                else if (desc->facility == isa::Facility::VSX && !(mode & msr::kVSX))
                    d.fn = &vsx_unavailable;
            }
        }
        if (desc && desc->prefixed() && (cur_ea & 63) == 60) d.fn = &prefixed_across_64_bytes;
        block->insns.push_back(d);
        unsigned len = (desc && desc->prefixed()) ? 8 : 4;
        cur_ea += len;
        cur_pa += len;
        if (desc && d.fn == desc->handler && (mode & (msr::kSE | msr::kBE)) && traced(*desc)) {
            // Single-step: one instruction per block; branch trace: branches end blocks.
            if ((mode & msr::kSE) || desc->has(isa::flag::kBranch)) {
                block->trace_at_end = true;
                break;
            }
        }
        if (!desc || d.fn != desc->handler || desc->has(isa::flag::kEndsBlock)) break;
    }
    Block* raw = block.get();
    page_blocks_[pa >> GuestMemory::kCodePageShift].push_back(key);
    blocks_[key] = std::move(block);
    return raw;
}

ExactEngine::Block* ExactEngine::lookup(uint64_t ea) {
    const uint64_t mode = mode_key();
    JumpSlot& slot = jump_cache_[(ea >> 2) & (kJumpCacheSize - 1)];
    if (slot.epoch == jump_epoch_ && slot.block->ea == ea && slot.block->mode == mode)
        return slot.block;
    Block* b = translate_block(ea, mode);
    if (b) slot = {b, jump_epoch_};
    return b;
}

StopReason ExactEngine::run(uint64_t max_instructions) {
    CpuState& cpu = cpu_;
    uint64_t budget = max_instructions;
    while (budget > 0) {
        if (cpu.stop_requested.load(std::memory_order_relaxed)) {
            cpu.stop_requested.store(false, std::memory_order_relaxed);
            return StopReason::StopRequested;
        }
        if (uint64_t epoch = cpu.memory->code_epoch(); epoch != code_epoch_) code_changed(epoch);
        // Asynchronous interrupts, timers and power-saving states, at block boundaries only.
        if (cpu.async_pending.load(std::memory_order_relaxed) ||
            cpu.instructions_retired >= cpu.timer_check_icount) [[unlikely]] {
            if (!service_async_events(cpu)) return StopReason::Halted;
        }
        // Another processor's tlbie, then any translation change: blocks found through the
        // jump cache by EA must not outlive the translation they were fetched through.
        if (cpu.tlb_flush_requested.load(std::memory_order_relaxed)) [[unlikely]] {
            cpu.tlb_flush_requested.store(false, std::memory_order_relaxed);
            tlb_flush_all(cpu);
        }
        if (cpu.translation_epoch != translation_epoch_) [[unlikely]] {
            translation_epoch_ = cpu.translation_epoch;
            ++jump_epoch_;
        }
        const uint64_t ea = cpu.nia;
        if (!breakpoints_.empty() && at_breakpoint(ea) && budget != max_instructions)
            return StopReason::Breakpoint;
        cpu.cia = ea;
        Block* block = lookup(ea);
        if (!block) {
            // The fetch raised an interrupt (nia is its vector) or checkstopped. It counts
            // against the budget, so a guest whose vectors fault too cannot keep run() from
            // returning.
            if (cpu.halt == HaltReason::Checkstop) return StopReason::Halted;
            --budget;
            continue;
        }
        const size_t n = std::min<size_t>(block->insns.size(), budget);
        ExecStatus st = ExecStatus::Continue;
        size_t i = 0;
        for (; i < n; ++i) {
            const DecodedInsn& d = block->insns[i];
            cpu.nia = cpu.cia + (d.insn.prefix ? 8 : 4);
            st = d.fn(cpu, d.insn);
            ++cpu.instructions_retired;
            --budget;
            if (st != ExecStatus::Continue) [[unlikely]] {
                if (st == ExecStatus::Stop) return StopReason::Halted;
                if (st == ExecStatus::Interrupt && d.insn.prefix) mark_prefixed_interrupt(cpu);
                break;
            }
            cpu.cia = cpu.nia;
        }
        if (block->trace_at_end) [[unlikely]] {
            const size_t last = block->insns.size() - 1;
            if (st == ExecStatus::Jump && i == last) {
                raise_trace(cpu, cpu.cia);  // cia is still the branch's address
            } else if (st == ExecStatus::Continue && i == last + 1) {
                raise_trace(cpu, cpu.cia - (block->insns[last].insn.prefix ? 8 : 4));
            }
        }
        // cpu.nia is where execution goes on.
    }
    return StopReason::InstructionLimit;
}

}  // namespace ppcvm

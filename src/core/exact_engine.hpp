// The exact engine: an interpreter over predecoded blocks. Each guest instruction is decoded
// once into (semantics function, instruction word); blocks are cached by physical address,
// effective address and the MSR bits that change what an instruction means (LE, PR, FP, VEC,
// VSX...), so facility and privilege gating costs nothing at run time. Stores into cached code
// invalidate it. A translation change (tlbie, PIDR, ...) does not invalidate decoded blocks,
// whose contents depend only on the bytes at their physical address: it only invalidates the
// jump cache that maps an EA straight to a block, so the next execution translates the EA
// again (and takes the ISI if it no longer may).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/cpu_state.hpp"
#include "core/isa/isa.hpp"

namespace ppcvm {

enum class StopReason {
    InstructionLimit,  // ran the number of instructions asked for
    StopRequested,     // another thread called request_stop()
    Halted,            // the guest stopped itself (a semantics returned Stop, or it is in a
                       // power-saving state / attn: see CpuState::halt)
    Breakpoint,        // reached a breakpoint address
};

class ExactEngine {
public:
    explicit ExactEngine(CpuState& cpu);

    // Run until `max_instructions` more have retired, a stop is requested, the guest halts or
    // a breakpoint is reached.
    StopReason run(uint64_t max_instructions);
    // Execute exactly one instruction (single step).
    StopReason step() { return run(1); }

    void set_breakpoint(uint64_t ea) { breakpoints_.push_back(ea); flush(); }
    void clear_breakpoints() { breakpoints_.clear(); flush(); }
    // Drop every decoded block (code was written, breakpoints changed).
    void flush();

    static constexpr unsigned kMaxBlockInstructions = 64;

private:
    struct DecodedInsn {
        isa::Handler fn;
        isa::Insn insn;
    };
    struct Block {
        uint64_t ea = 0;
        uint64_t mode = 0;
        // MSR[SE] (every instruction) or MSR[BE] (the final branch): a trace interrupt
        // follows the block's last instruction when it completes (Book III 7.5.15).
        bool trace_at_end = false;
        std::vector<DecodedInsn> insns;
    };

    Block* lookup(uint64_t ea);
    // Code was written somewhere since code_epoch_: drop the blocks of the pages written.
    void code_changed(uint64_t epoch);
    Block* translate_block(uint64_t ea, uint64_t mode);
    uint64_t mode_key() const;
    bool at_breakpoint(uint64_t ea) const;

    struct BlockKey {
        uint64_t pa, ea, mode;
        bool operator==(const BlockKey&) const = default;
    };
    struct BlockKeyHash {
        size_t operator()(const BlockKey& k) const {
            return static_cast<size_t>((k.pa * 0x9e3779b97f4a7c15ull) ^ (k.ea * 0xc2b2ae3d27d4eb4full) ^
                                       (k.mode * 0x165667b19e3779f9ull));
        }
    };
    // Direct-mapped by EA: skips translation and the hash lookup. A slot is valid only while
    // its epoch equals jump_epoch_, which advances on every translation change (no clearing).
    struct JumpSlot {
        Block* block = nullptr;
        uint64_t epoch = 0;
    };

    CpuState& cpu_;
    std::unordered_map<BlockKey, std::unique_ptr<Block>, BlockKeyHash> blocks_;
    // The blocks decoded from each 4 KiB physical page (a block never crosses a page).
    std::unordered_map<uint64_t, std::vector<BlockKey>> page_blocks_;
    std::vector<uint64_t> written_pages_;  // scratch for code_changed
    // Decoded blocks kept before everything is dropped (code pages of exited processes
    // accumulate otherwise): a few tens of MB at most.
    static constexpr size_t kMaxBlocks = 1u << 16;
    static constexpr size_t kJumpCacheSize = 4096;
    std::vector<JumpSlot> jump_cache_;
    uint64_t jump_epoch_ = 1;
    uint64_t code_epoch_ = 0;
    uint64_t translation_epoch_ = 0;
    std::vector<uint64_t> breakpoints_;
};

}  // namespace ppcvm

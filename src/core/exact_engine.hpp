// The exact engine: an interpreter over predecoded blocks. Each guest instruction is decoded
// once into (semantics function, instruction word); blocks are cached by physical address and
// by the MSR bits that change what an instruction means (LE, PR, FP, VEC, VSX), so facility
// and privilege gating costs nothing at run time. Stores into cached code invalidate it.
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
    // Drop every decoded block (the MMU calls this when translations change).
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
    Block* translate_block(uint64_t ea, uint64_t mode);
    uint64_t mode_key() const;
    bool at_breakpoint(uint64_t ea) const;

    CpuState& cpu_;
    std::unordered_map<uint64_t, std::unique_ptr<Block>> blocks_;  // keyed by pa ^ mode
    static constexpr size_t kJumpCacheSize = 4096;
    std::vector<Block*> jump_cache_;  // direct-mapped by EA: skips the hash lookup
    uint64_t code_epoch_ = 0;
    uint64_t translation_epoch_ = 0;
    bool relocated_blocks_ = false;  // some cached block was fetched with MSR[IR]=1
    std::vector<uint64_t> breakpoints_;
};

}  // namespace ppcvm

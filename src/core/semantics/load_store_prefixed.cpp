// ISA 3.1 prefixed loads and stores and pnop (Power ISA 3.1 Book I 3.3.2-3.3.5, 3.3.9,
// 3.3.19; prefix formats 1.6.3). Decoding gates them to ISA 3.1 processors (POWER10); on
// earlier ones primary opcode 1 is an illegal instruction. Rules common to every prefixed
// instruction (the 64-byte boundary Alignment interrupt, SRR1[34]) are the engine's.
#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

namespace {

// EA of an 8LS/MLS D-form: R=0: (RA|0) + d34; R=1: CIA + d34, and RA must be 0 ("If R is
// equal to 1 and RA is not equal to 0, the instruction form is invalid"; QEMU: illegal).
// false: invalid form.
bool prefixed_ea(const CpuState& cpu, Insn insn, uint64_t& ea) {
    const int64_t d = f::d34(insn.prefix, insn.word);
    if (f::prefix_r(insn.prefix)) {
        if (f::ra(insn.word) != 0) return false;
        ea = (cpu.cia + d) & cpu.ea_mask();
    } else {
        ea = (ra_or_zero(cpu, insn.word) + d) & cpu.ea_mask();
    }
    return true;
}

template <typename T, bool kSigned = false>
ExecStatus pload(CpuState& cpu, Insn insn) {
    uint64_t ea;
    if (!prefixed_ea(cpu, insn, ea)) return invalid_form(cpu, insn);
    return load_to_rt<T, kSigned>(cpu, insn.word, ea);
}

template <typename T>
ExecStatus pstore(CpuState& cpu, Insn insn) {
    uint64_t ea;
    if (!prefixed_ea(cpu, insn, ea)) return invalid_form(cpu, insn);
    return store_rs<T>(cpu, insn.word, ea);
}

}  // namespace

ExecStatus plbz(CpuState& cpu, Insn i) { return pload<uint8_t>(cpu, i); }
ExecStatus plhz(CpuState& cpu, Insn i) { return pload<uint16_t>(cpu, i); }
ExecStatus plha(CpuState& cpu, Insn i) { return pload<uint16_t, true>(cpu, i); }
ExecStatus plwz(CpuState& cpu, Insn i) { return pload<uint32_t>(cpu, i); }
ExecStatus plwa(CpuState& cpu, Insn i) { return pload<uint32_t, true>(cpu, i); }
ExecStatus pld(CpuState& cpu, Insn i) { return pload<uint64_t>(cpu, i); }
ExecStatus pstb(CpuState& cpu, Insn i) { return pstore<uint8_t>(cpu, i); }
ExecStatus psth(CpuState& cpu, Insn i) { return pstore<uint16_t>(cpu, i); }
ExecStatus pstw(CpuState& cpu, Insn i) { return pstore<uint32_t>(cpu, i); }
ExecStatus pstd(CpuState& cpu, Insn i) { return pstore<uint64_t>(cpu, i); }

// plq/pstq: RTp odd is invalid; for plq RTp = RA too (as lq; with R=1 RA is 0 and not read,
// so the RTp = RA rule is applied only when R=0). Quadword alignment as lq.
ExecStatus plq(CpuState& cpu, Insn insn) {
    const unsigned rtp = f::rt(insn.word);
    uint64_t ea;
    if (!prefixed_ea(cpu, insn, ea) || (rtp & 1) ||
        (!f::prefix_r(insn.prefix) && rtp == f::ra(insn.word)))
        return invalid_form(cpu, insn);
    if (ea & 15) return alignment(cpu, insn, ea);
    return load_quad(cpu, ea, rtp);
}

ExecStatus pstq(CpuState& cpu, Insn insn) {
    const unsigned rsp = f::rs(insn.word);
    uint64_t ea;
    if (!prefixed_ea(cpu, insn, ea) || (rsp & 1)) return invalid_form(cpu, insn);
    if (ea & 15) return alignment(cpu, insn, ea);
    return store_quad(cpu, ea, rsp);
}

// pnop: nothing; the suffix is not executed.
ExecStatus pnop(CpuState&, Insn) {
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

// VMX loads and stores (Power ISA 3.1 Book I 6.7), lvsl/lvsr (6.7.5), VSCR moves (6.5) and
// the data-stream touch hints. Vector accesses ignore the low-order EA bits that would make
// them unaligned (EA & ~(size-1)): they never raise an Alignment interrupt.
#include "core/semantics/load_store_common.hpp"
#include "core/semantics/vmx_common.hpp"

namespace ppcvm::sem {
using namespace vmx;

#define SEM(name) ExecStatus name(CpuState& cpu, Insn insn)
#define W insn.word

// The quadword at ea (16-aligned) as MEM(ea, 16) in the current byte order: big-endian, byte
// ea is element 0; little-endian, byte ea is element 15 (the least significant byte).
static bool load_vector(CpuState& cpu, uint64_t ea, VsrValue& out) {
    uint64_t first, second;
    if (!load(cpu, ea, first) || !load(cpu, (ea + 8) & cpu.ea_mask(), second)) return false;
    out = cpu.little_endian() ? VsrValue{{second, first}} : VsrValue{{first, second}};
    return true;
}
static bool store_vector(CpuState& cpu, uint64_t ea, const VsrValue& v) {
    const uint64_t first = cpu.little_endian() ? v.dw[1] : v.dw[0];
    const uint64_t second = cpu.little_endian() ? v.dw[0] : v.dw[1];
    // The quadword is 16-aligned, so both halves lie in one page: the second store cannot
    // fault once the first has succeeded (MMIO aside).
    return store(cpu, ea, first) && store(cpu, (ea + 8) & cpu.ea_mask(), second);
}

SEM(lvx) {
    const uint64_t ea = ls::ea_x(cpu, W) & ~uint64_t(15);
    VsrValue v{};
    if (!load_vector(cpu, ea, v)) return ExecStatus::Interrupt;
    vr(cpu, f::rt(W)) = v;
    return ExecStatus::Continue;
}
// lvxl/stvxl: "least recently used" hint only.
SEM(lvxl) { return lvx(cpu, insn); }
SEM(stvx) {
    const uint64_t ea = ls::ea_x(cpu, W) & ~uint64_t(15);
    return store_vector(cpu, ea, vr(cpu, f::rs(W))) ? ExecStatus::Continue : ExecStatus::Interrupt;
}
SEM(stvxl) { return stvx(cpu, insn); }

// Element loads/stores (6.7.2, 6.7.3): the element sits where lvx/stvx would place the
// addressed bytes: big-endian, element index eb/size; little-endian, (15-eb)/size, where eb =
// EA[60:63] with the low bits cleared to the element's alignment. The other elements of VRT
// are undefined after a load; ppcvm leaves them unchanged.
template <typename T>
static unsigned element_index(const CpuState& cpu, uint64_t ea) {
    const unsigned eb = unsigned(ea & 15);
    return cpu.little_endian() ? (15 - eb) / sizeof(T) : eb / sizeof(T);
}
template <typename T>
static ExecStatus load_element(CpuState& cpu, uint32_t w) {
    const uint64_t ea = ls::ea_x(cpu, w) & ~uint64_t(sizeof(T) - 1);
    T v;
    if (!load(cpu, ea, v)) return ExecStatus::Interrupt;
    set_elem<T>(vr(cpu, f::rt(w)), element_index<T>(cpu, ea), v);
    return ExecStatus::Continue;
}
template <typename T>
static ExecStatus store_element(CpuState& cpu, uint32_t w) {
    const uint64_t ea = ls::ea_x(cpu, w) & ~uint64_t(sizeof(T) - 1);
    const T v = elem<T>(vr(cpu, f::rs(w)), element_index<T>(cpu, ea));
    return store(cpu, ea, v) ? ExecStatus::Continue : ExecStatus::Interrupt;
}
SEM(lvebx) { return load_element<uint8_t>(cpu, W); }
SEM(lvehx) { return load_element<uint16_t>(cpu, W); }
SEM(lvewx) { return load_element<uint32_t>(cpu, W); }
SEM(stvebx) { return store_element<uint8_t>(cpu, W); }
SEM(stvehx) { return store_element<uint16_t>(cpu, W); }
SEM(stvewx) { return store_element<uint32_t>(cpu, W); }

// lvsl/lvsr (6.7.5): permute control vectors for realignment; the same in both byte orders.
SEM(lvsl) {
    const unsigned sh = unsigned(ls::ea_x(cpu, W) & 15);
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) set_elem<uint8_t>(r, i, uint8_t(sh + i));
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}
SEM(lvsr) {
    const unsigned sh = unsigned(ls::ea_x(cpu, W) & 15);
    VsrValue r{};
    for (unsigned i = 0; i < 16; ++i) set_elem<uint8_t>(r, i, uint8_t(16 - sh + i));
    vr(cpu, f::rt(W)) = r;
    return ExecStatus::Continue;
}

// VSCR (6.5): mfvscr puts it in word 3 (other words 0); mtvscr takes word 3 of VRB. Only NJ and
// SAT are implemented; the other bits read as 0.
SEM(mfvscr) {
    vr(cpu, f::rt(W)) = VsrValue{{0, cpu.vscr & (kVscrNJ | kVscrSat)}};
    return ExecStatus::Continue;
}
SEM(mtvscr) {
    cpu.vscr = elem<uint32_t>(vr(cpu, f::rb(W)), 3) & (kVscrNJ | kVscrSat);
    return ExecStatus::Continue;
}

// Data stream touch (dst, dstt, dstst, dststt, dss, dssall): hints; no effect.
ExecStatus dst(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dstst(CpuState&, Insn) { return ExecStatus::Continue; }
ExecStatus dss(CpuState&, Insn) { return ExecStatus::Continue; }

}  // namespace ppcvm::sem

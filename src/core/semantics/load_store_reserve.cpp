// Load And Reserve and Store Conditional (Power ISA 3.1 Book II 4.4.2; reservations 1.7.3).
// The reservation is shared state across vCPUs: see core/reservation_tracker.hpp for the design.
#include <atomic>

#include "core/semantics/host_atomic.hpp"
#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

namespace {

// DSISR bit 5: larx/stcx./lq/stq to Write Through Required or Caching Inhibited storage
// (Book III 7.5.3). Without an MMU, MMIO is the caching-inhibited storage ppcvm knows.
constexpr uint32_t kDsisrAtomicCi = 1u << (31 - 5);

unsigned granule_bytes(const CpuState& cpu) {
    return cpu.model && cpu.model->dcache_block_bytes ? cpu.model->dcache_block_bytes : 128;
}

// Translate the operand of larx/stcx. and find it in RAM. nullptr: an interrupt was raised.
uint8_t* reserve_target(CpuState& cpu, uint64_t ea, unsigned size, AccessKind kind, uint64_t& pa) {
    if (!translate(cpu, ea, kind, pa)) return nullptr;
    uint8_t* p = cpu.memory->ram_ptr(pa, size);
    if (p) return p;
    if (cpu.memory->find_mmio(pa, size))
        raise_data_storage(cpu, ea, kDsisrAtomicCi | (kind == AccessKind::Store ? dsisr::kStore : 0));
    else
        raise_machine_check(cpu, ea);
    return nullptr;
}

template <typename T>
ExecStatus load_and_reserve(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_x(cpu, w);
    // An unaligned larx/stcx. operand is an Alignment interrupt (Book III 7.5.8).
    if (ea & (sizeof(T) - 1)) return alignment(cpu, insn, ea);
    uint64_t pa;
    uint8_t* p = reserve_target(cpu, ea, sizeof(T), AccessKind::Load, pa);
    if (!p) return ExecStatus::Interrupt;
    const unsigned g = granule_bytes(cpu);
    // Publish the reservation before reading, so that any store after the read clears it.
    cpu.memory->reservations().reserve(cpu.cpu_index, pa, g);
    const T raw = __atomic_load_n(reinterpret_cast<T*>(p), __ATOMIC_SEQ_CST);
    Reservation& r = cpu.reservation;
    r.valid = true;
    r.address = pa & ~static_cast<uint64_t>(g - 1);
    r.size = g;
    r.location = pa;
    r.length = sizeof(T);
    r.raw[0] = raw;
    r.raw[1] = 0;
    cpu.gpr[f::rt(w)] = cpu.little_endian() ? raw : byteswap_any(raw);
    return ExecStatus::Continue;
}

// Take this vCPU's reservation for a stcx. to real address pa of `length` bytes. Book II
// 1.7.3.1: when the stcx. address or length differs from the larx's, whether the store is
// performed is undefined; ppcvm (like QEMU) fails it. The reservation is gone either way.
bool take_reservation(CpuState& cpu, uint64_t pa, unsigned length) {
    Reservation& r = cpu.reservation;
    if (!r.valid) return false;
    r.valid = false;
    const bool held = cpu.memory->reservations().consume(cpu.cpu_index, r.location, r.size);
    return held && r.location == pa && r.length == length;
}

void finish_store_conditional(CpuState& cpu, bool stored, uint64_t pa, unsigned size) {
    if (stored) {
        if (page_has_code(cpu, pa)) notify_code_write(cpu, pa, size);
        cpu.memory->reservations().store_performed(pa, size);
    }
    // CR0 = 0b00 || stored || XER[SO] (Book II 4.4.2).
    cpu.set_cr_field(0, (stored ? 0x2 : 0) | cpu.so);
}

template <typename T>
ExecStatus store_conditional(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const uint64_t ea = ea_x(cpu, w);
    if (ea & (sizeof(T) - 1)) return alignment(cpu, insn, ea);
    uint64_t pa;
    uint8_t* p = reserve_target(cpu, ea, sizeof(T), AccessKind::Store, pa);
    if (!p) return ExecStatus::Interrupt;
    bool stored = false;
    if (take_reservation(cpu, pa, sizeof(T))) {
        const T value = static_cast<T>(cpu.gpr[f::rs(w)]);
        T expected = static_cast<T>(cpu.reservation.raw[0]);
        const T desired = cpu.little_endian() ? value : byteswap_any(value);
        // The bytes must still be those larx read: catches a store by another vCPU racing this
        // stcx. after the slot was taken (reservation_tracker.hpp).
        stored = __atomic_compare_exchange_n(reinterpret_cast<T*>(p), &expected, desired, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    finish_store_conditional(cpu, stored, pa, sizeof(T));
    return ExecStatus::Continue;
}

}  // namespace

ExecStatus lbarx(CpuState& cpu, Insn i) { return load_and_reserve<uint8_t>(cpu, i); }
ExecStatus lharx(CpuState& cpu, Insn i) { return load_and_reserve<uint16_t>(cpu, i); }
ExecStatus lwarx(CpuState& cpu, Insn i) { return load_and_reserve<uint32_t>(cpu, i); }
ExecStatus ldarx(CpuState& cpu, Insn i) { return load_and_reserve<uint64_t>(cpu, i); }
ExecStatus stbcx(CpuState& cpu, Insn i) { return store_conditional<uint8_t>(cpu, i); }
ExecStatus sthcx(CpuState& cpu, Insn i) { return store_conditional<uint16_t>(cpu, i); }
ExecStatus stwcx(CpuState& cpu, Insn i) { return store_conditional<uint32_t>(cpu, i); }
ExecStatus stdcx(CpuState& cpu, Insn i) { return store_conditional<uint64_t>(cpu, i); }

ExecStatus lqarx(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned rtp = f::rt(w);
    // RTp odd, or RTp = RA or RTp = RB, is an invalid form (Book II 4.4.2).
    if ((rtp & 1) || rtp == f::ra(w) || rtp == f::rb(w)) return invalid_form(cpu, insn);
    const uint64_t ea = ea_x(cpu, w);
    if (ea & 15) return alignment(cpu, insn, ea);
    uint64_t pa;
    uint8_t* p = reserve_target(cpu, ea, 16, AccessKind::Load, pa);
    if (!p) return ExecStatus::Interrupt;
    const unsigned g = granule_bytes(cpu);
    cpu.memory->reservations().reserve(cpu.cpu_index, pa, g);
    uint64_t raw[2];
    host::load16(p, raw);
    Reservation& r = cpu.reservation;
    r.valid = true;
    r.address = pa & ~static_cast<uint64_t>(g - 1);
    r.size = g;
    r.location = pa;
    r.length = 16;
    r.raw[0] = raw[0];
    r.raw[1] = raw[1];
    // RTp gets the high doubleword (at EA in Big-Endian mode, EA+8 in Little-Endian mode).
    if (cpu.little_endian()) {
        cpu.gpr[rtp] = raw[1];
        cpu.gpr[rtp + 1] = raw[0];
    } else {
        cpu.gpr[rtp] = __builtin_bswap64(raw[0]);
        cpu.gpr[rtp + 1] = __builtin_bswap64(raw[1]);
    }
    return ExecStatus::Continue;
}

ExecStatus stqcx(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned rsp = f::rs(w);
    if (rsp & 1) return invalid_form(cpu, insn);
    const uint64_t ea = ea_x(cpu, w);
    if (ea & 15) return alignment(cpu, insn, ea);
    uint64_t pa;
    uint8_t* p = reserve_target(cpu, ea, 16, AccessKind::Store, pa);
    if (!p) return ExecStatus::Interrupt;
    bool stored = false;
    if (take_reservation(cpu, pa, 16)) {
        uint64_t expected[2] = {cpu.reservation.raw[0], cpu.reservation.raw[1]};
        uint64_t desired[2];
        if (cpu.little_endian()) {
            desired[0] = cpu.gpr[rsp + 1];
            desired[1] = cpu.gpr[rsp];
        } else {
            desired[0] = __builtin_bswap64(cpu.gpr[rsp]);
            desired[1] = __builtin_bswap64(cpu.gpr[rsp + 1]);
        }
        stored = host::cas16(p, expected, desired);
    }
    finish_store_conditional(cpu, stored, pa, 16);
    return ExecStatus::Continue;
}

}  // namespace ppcvm::sem

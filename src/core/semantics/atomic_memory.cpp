// Atomic memory operations lwat, ldat, stwat, stdat (Power ISA 3.0/3.1 Book II 4.5). Each is
// one read-modify-write of guest RAM done with a host compare-and-swap loop, so it is atomic
// with respect to every vCPU thread. The "two operand" functions (fetch-and-increment bounded
// / equal, fetch-and-decrement bounded, store twin) work on the element at EA and the one after
// it, as QEMU's gen_fetch_inc_conditional / store twin do.
#include "core/semantics/host_atomic.hpp"
#include "core/semantics/load_store_common.hpp"

namespace ppcvm::sem {

using namespace ls;

namespace {

constexpr uint32_t kDsisrAtomicCi = 1u << (31 - 5);  // Book III 7.5.3: CI/WT atomic access

enum Fc : unsigned {
    kAdd = 0, kXor = 1, kOr = 2, kAnd = 3, kMaxU = 4, kMaxS = 5, kMinU = 6, kMinS = 7,
    kSwap = 8, kCasNe = 16, kIncBounded = 24, kIncEqual = 25, kDecBounded = 28,
    kStoreTwin = 24,
};

template <typename T>
T to_guest(const CpuState& cpu, T raw) { return cpu.little_endian() ? raw : byteswap_any(raw); }

// The arithmetic/logical functions shared by load-atomic (FC 0-7) and store-atomic.
template <typename T>
T combine(unsigned fc, T mem, T op) {
    using S = std::make_signed_t<T>;
    switch (fc) {
        case kAdd: return static_cast<T>(mem + op);
        case kXor: return mem ^ op;
        case kOr: return mem | op;
        case kAnd: return mem & op;
        case kMaxU: return mem > op ? mem : op;
        case kMaxS: return static_cast<S>(mem) > static_cast<S>(op) ? mem : op;
        case kMinU: return mem < op ? mem : op;
        default: return static_cast<S>(mem) < static_cast<S>(op) ? mem : op;  // kMinS
    }
}

// Find the operand (`bytes` long, aligned) in RAM. nullptr: an interrupt was raised.
uint8_t* amo_target(CpuState& cpu, Insn insn, uint64_t ea, unsigned bytes, uint64_t& pa) {
    if (ea & (bytes - 1)) {
        alignment(cpu, insn, ea);
        return nullptr;
    }
    // Translated as a store: the operation may write (Book II 4.5).
    if (!translate(cpu, ea, AccessKind::Store, pa)) return nullptr;
    if (uint8_t* p = cpu.memory->ram_ptr(pa, bytes)) return p;
    if (cpu.memory->find_mmio(pa, bytes))
        raise_data_storage(cpu, ea, kDsisrAtomicCi | dsisr::kStore);
    else
        raise_machine_check(cpu, ea);
    return nullptr;
}

void stored(CpuState& cpu, uint64_t pa, unsigned bytes) {
    if (page_has_code(cpu, pa)) notify_code_write(cpu, pa, bytes);
    cpu.memory->reservations().store_performed(pa, bytes);
}

// Atomically replace the element at p by f(old) (guest values); returns the old guest value.
template <typename T, typename F>
T rmw(CpuState& cpu, uint8_t* p, F f) {
    T* host = reinterpret_cast<T*>(p);
    T raw = __atomic_load_n(host, __ATOMIC_SEQ_CST);
    for (;;) {
        const T old = to_guest(cpu, raw);
        const T desired = to_guest(cpu, f(old));
        if (__atomic_compare_exchange_n(host, &raw, desired, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return old;
    }
}

// The pair (element at p, element after it) as one atomic unit: 8 bytes for words, 16 for
// doublewords. f(first, second, new_first, new_second).
template <typename T, typename F>
void rmw_pair(CpuState& cpu, uint8_t* p, F f) {
    if constexpr (sizeof(T) == 4) {
        uint64_t* host = reinterpret_cast<uint64_t*>(p);
        uint64_t raw = __atomic_load_n(host, __ATOMIC_SEQ_CST);
        for (;;) {
            uint32_t e[2];
            std::memcpy(e, &raw, 8);
            uint32_t a = to_guest(cpu, e[0]), b = to_guest(cpu, e[1]), na, nb;
            f(a, b, na, nb);
            e[0] = to_guest(cpu, na);
            e[1] = to_guest(cpu, nb);
            uint64_t desired;
            std::memcpy(&desired, e, 8);
            if (__atomic_compare_exchange_n(host, &raw, desired, false, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST))
                return;
        }
    } else {
        uint64_t raw[2];
        host::load16(p, raw);
        for (;;) {
            uint64_t a = to_guest(cpu, raw[0]), b = to_guest(cpu, raw[1]), na, nb;
            f(a, b, na, nb);
            const uint64_t desired[2] = {to_guest(cpu, na), to_guest(cpu, nb)};
            if (host::cas16(p, raw, desired)) return;
        }
    }
}

template <typename T>
ExecStatus load_atomic(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned rt = f::rt(w), fc = f::rb(w);
    const T op1 = static_cast<T>(cpu.gpr[(rt + 1) & 31]);
    const T op2 = static_cast<T>(cpu.gpr[(rt + 2) & 31]);
    const T kNoValue = T{1} << (8 * sizeof(T) - 1);  // "0x8000..." result of a refused bound
    const uint64_t ea = ea_ra(cpu, w);
    const bool pair = fc == kIncBounded || fc == kIncEqual || fc == kDecBounded;
    if (fc > kMinS && fc != kSwap && fc != kCasNe && !pair) return invalid_form(cpu, insn);
    uint64_t pa;
    uint8_t* p = amo_target(cpu, insn, ea, pair ? 2 * sizeof(T) : sizeof(T), pa);
    if (!p) return ExecStatus::Interrupt;
    T result;
    bool wrote = true;
    if (pair) {
        rmw_pair<T>(cpu, p, [&](T mem, T bound, T& nmem, T& nbound) {
            nbound = bound;
            const bool go = fc == kIncEqual ? mem == bound : mem != bound;
            nmem = go ? static_cast<T>(fc == kDecBounded ? mem - 1 : mem + 1) : mem;
            result = go ? mem : kNoValue;
            wrote = go;
        });
    } else if (fc == kSwap) {
        result = rmw<T>(cpu, p, [&](T) { return op1; });
    } else if (fc == kCasNe) {
        result = rmw<T>(cpu, p, [&](T mem) { return mem != op1 ? op2 : mem; });
    } else {
        result = rmw<T>(cpu, p, [&](T mem) { return combine(fc, mem, op1); });
    }
    if (wrote) stored(cpu, pa, pair ? 2 * sizeof(T) : sizeof(T));
    cpu.gpr[rt] = result;
    return ExecStatus::Continue;
}

template <typename T>
ExecStatus store_atomic(CpuState& cpu, Insn insn) {
    const uint32_t w = insn.word;
    const unsigned fc = f::rb(w);
    const T rs = static_cast<T>(cpu.gpr[f::rs(w)]);
    const uint64_t ea = ea_ra(cpu, w);
    const bool twin = fc == kStoreTwin;
    if (fc > kMinS && !twin) return invalid_form(cpu, insn);
    uint64_t pa;
    uint8_t* p = amo_target(cpu, insn, ea, twin ? 2 * sizeof(T) : sizeof(T), pa);
    if (!p) return ExecStatus::Interrupt;
    bool wrote = true;
    if (twin) {
        // Store Twin: if the two elements are equal, both become RS; else nothing is stored.
        rmw_pair<T>(cpu, p, [&](T a, T b, T& na, T& nb) {
            wrote = a == b;
            na = wrote ? rs : a;
            nb = wrote ? rs : b;
        });
    } else {
        rmw<T>(cpu, p, [&](T mem) { return combine(fc, mem, rs); });
    }
    if (wrote) stored(cpu, pa, twin ? 2 * sizeof(T) : sizeof(T));
    return ExecStatus::Continue;
}

}  // namespace

ExecStatus lwat(CpuState& cpu, Insn i) { return load_atomic<uint32_t>(cpu, i); }
ExecStatus ldat(CpuState& cpu, Insn i) { return load_atomic<uint64_t>(cpu, i); }
ExecStatus stwat(CpuState& cpu, Insn i) { return store_atomic<uint32_t>(cpu, i); }
ExecStatus stdat(CpuState& cpu, Insn i) { return store_atomic<uint64_t>(cpu, i); }

}  // namespace ppcvm::sem

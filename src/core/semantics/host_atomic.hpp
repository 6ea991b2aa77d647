// 16-byte single-copy-atomic access to guest RAM for lq/stq/lqarx/stqcx. (Book II 1.4: a
// quadword access by these instructions is atomic). x86-64 hosts use lock cmpxchg16b (every
// x86-64 CPU that can run ppcvm has it; the address is 16-byte aligned because the guest
// address is and guest RAM is page aligned). Other hosts use the compiler's 16-byte atomics.
// Values are the host memory image: w[0] is the 8 bytes at the lower address.
#pragma once

#include <cstdint>
#include <cstring>

namespace ppcvm::sem::host {

// Compare the 16 bytes at p with `expected`; if equal store `desired` and return true, else
// load the current bytes into `expected` and return false.
inline bool cas16(uint8_t* p, uint64_t expected[2], const uint64_t desired[2]) {
#if defined(__x86_64__)
    bool ok;
    uint64_t lo = expected[0], hi = expected[1];
    asm volatile("lock cmpxchg16b %1"
                 : "=@ccz"(ok), "+m"(*reinterpret_cast<unsigned __int128*>(p)), "+a"(lo), "+d"(hi)
                 : "b"(desired[0]), "c"(desired[1])
                 : "memory");
    expected[0] = lo;
    expected[1] = hi;
    return ok;
#else
    unsigned __int128 e, d;
    std::memcpy(&e, expected, 16);
    std::memcpy(&d, desired, 16);
    bool ok = __atomic_compare_exchange_n(reinterpret_cast<unsigned __int128*>(p), &e, d, false,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    std::memcpy(expected, &e, 16);
    return ok;
#endif
}

inline void load16(uint8_t* p, uint64_t out[2]) {
    out[0] = out[1] = 0;
    const uint64_t same[2] = {0, 0};
    cas16(p, out, same);  // either it held zeros (rewritten as zeros) or out has the bytes
}

inline void store16(uint8_t* p, const uint64_t value[2]) {
    uint64_t cur[2];
    load16(p, cur);
    while (!cas16(p, cur, value)) {
    }
}

}  // namespace ppcvm::sem::host

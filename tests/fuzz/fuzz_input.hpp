// Shared helpers of the fuzz targets that build structured inputs from the fuzzer's bytes:
// a byte source that yields zeros once exhausted, values biased towards the boundaries that
// break size and address arithmetic, and a synthesiser of ELF files whose header fields all
// come from the input (so the mutator reaches the overflow cases without finding the magic
// first).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "platform/cpu_catalog.hpp"
#include "platform/platform_resolver.hpp"

namespace ppcvm::fuzz {

// Abort (a libFuzzer finding) when an invariant does not hold, naming it.
inline void check_at(bool ok, const char* what, const char* file, int line) {
    if (ok) return;
    std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
    std::abort();
}
#define FUZZ_CHECK(x) ::ppcvm::fuzz::check_at((x), #x, __FILE__, __LINE__)

class ByteSource {
public:
    ByteSource(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    uint64_t take(unsigned bytes) {
        uint64_t v = 0;
        for (unsigned i = 0; i < bytes; ++i) v = (v << 8) | (p_ < end_ ? *p_++ : 0);
        return v;
    }
    uint8_t byte() { return static_cast<uint8_t>(take(1)); }
    bool empty() const { return p_ >= end_; }
    size_t left() const { return static_cast<size_t>(end_ - p_); }
    // The rest of the input.
    std::vector<uint8_t> rest() {
        std::vector<uint8_t> v(p_, end_);
        p_ = end_;
        return v;
    }
    // Up to n bytes.
    std::vector<uint8_t> bytes(size_t n) {
        if (n > left()) n = left();
        std::vector<uint8_t> v(p_, p_ + n);
        p_ += n;
        return v;
    }

    // A value near one of the boundaries of size/address arithmetic, or near `hint` (a size
    // that matters to the code under test: the file size, the RAM size...), masked to `bits`.
    uint64_t interesting(uint64_t hint = 0, unsigned bits = 64) {
        const uint8_t sel = byte();
        const uint64_t small = take(2);
        uint64_t v;
        switch (sel % 10) {
            case 0: v = small & 0xff; break;
            case 1: v = small; break;
            case 2: v = ~0ull - (small & 0xff); break;                 // just below the top
            case 3: v = (1ull << (bits - 1)) - 8 + (small & 0xf); break;  // around the sign bit
            case 4: v = 0xffffffffull - (small & 0xff); break;         // around 4 GiB
            case 5: v = hint + (small & 0xff) - 0x80; break;           // around the hint
            case 6: v = hint; break;
            case 7: v = hint - (hint >> 1) + small; break;             // inside the hint
            case 8: v = 0xc000000000000000ull + small * 0x100; break;  // a Linux kernel address
            default: v = take(8); break;
        }
        return bits >= 64 ? v : v & ((1ull << bits) - 1);
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// ELF file built from fields the input chooses: class, byte order, machine and type mostly
// right, program headers whose offsets, addresses and sizes come from interesting(), then the
// rest of the input as the contents. `ram_hint` biases addresses towards the guest's RAM size.
inline std::vector<uint8_t> synthesise_elf(ByteSource& in, uint64_t ram_hint) {
    const uint8_t shape = in.byte();
    const bool is64 = !(shape & 1);
    const bool le = !(shape & 2);
    const unsigned w = is64 ? 8 : 4;
    const size_t ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32;
    const unsigned phnum = 1 + in.byte() % 4;
    const size_t body_size = in.take(2) % 4096;
    const size_t file_size = ehsize + phnum * phentsize + body_size;
    std::vector<uint8_t> f(file_size, 0);
    auto put = [&](size_t off, uint64_t v, unsigned n) {
        for (unsigned i = 0; i < n && off + i < f.size(); ++i)
            f[off + i] = static_cast<uint8_t>(le ? v >> (8 * i) : v >> (8 * (n - 1 - i)));
    };
    f[0] = 0x7f;
    f[1] = 'E';
    f[2] = 'L';
    f[3] = 'F';
    f[4] = is64 ? 2 : 1;
    f[5] = le ? 1 : 2;
    f[6] = (shape & 4) ? in.byte() : 1;  // EI_VERSION
    put(16, (shape & 8) ? in.take(2) : 2, 2);                // e_type: ET_EXEC
    put(18, (shape & 16) ? in.take(2) : (is64 ? 21 : 20), 2);  // e_machine
    put(20, 1, 4);                                           // e_version
    const uint64_t entry = in.interesting(ram_hint);
    put(24, entry, w);
    const uint64_t phoff = (shape & 32) ? in.interesting(file_size) : ehsize;
    put(24 + w, phoff, w);
    put(24 + 3 * w, (shape & 64) ? in.take(4) : (is64 ? 2 : 0), 4);  // e_flags (ELFv2)
    put(28 + 3 * w, ehsize, 2);
    put(30 + 3 * w, (shape & 128) ? in.take(2) : phentsize, 2);
    put(32 + 3 * w, (shape & 128) ? in.take(2) : phnum, 2);
    for (unsigned i = 0; i < phnum; ++i) {
        const size_t p = ehsize + i * phentsize;
        static constexpr uint32_t kTypes[] = {1, 1, 1, 1, 6, 4, 3, 0x6474e551, 0};
        const uint8_t t = in.byte();
        const uint32_t type = kTypes[t % 9];
        const uint64_t offset = (t & 0x10) ? in.interesting(file_size) : ehsize + in.take(1) * 16;
        const uint64_t vaddr = (t & 0x20) ? in.interesting(ram_hint) : entry & ~0xfffull;
        const uint64_t filesz = (t & 0x40) ? in.interesting(file_size) : in.take(2) % 2048;
        const uint64_t memsz = (t & 0x80) ? in.interesting(ram_hint) : filesz + in.take(2);
        const uint32_t flags = 5;
        put(p, type, 4);
        if (is64) {
            put(p + 4, flags, 4);
            put(p + 8, offset, 8);
            put(p + 16, vaddr, 8);
            put(p + 24, vaddr, 8);
            put(p + 32, filesz, 8);
            put(p + 40, memsz, 8);
            put(p + 48, 0x10000, 8);
        } else {
            put(p + 4, offset, 4);
            put(p + 8, vaddr, 4);
            put(p + 12, vaddr, 4);
            put(p + 16, filesz, 4);
            put(p + 20, memsz, 4);
            put(p + 24, flags, 4);
            put(p + 28, 0x10000, 4);
        }
    }
    const std::vector<uint8_t> body = in.bytes(body_size);
    if (!body.empty()) std::memcpy(f.data() + ehsize + phnum * phentsize, body.data(), body.size());
    // Sometimes cut the file short.
    if (in.byte() & 1) f.resize(in.take(2) % (f.size() + 1));
    return f;
}

// Every processor, compat level and paravirt choice the PAPR platform accepts.
inline const std::vector<ResolvedPlatform>& papr_platforms() {
    static const std::vector<ResolvedPlatform> list = [] {
        std::vector<ResolvedPlatform> v;
        for (const CpuModel& m : cpu_catalog())
            for (uint32_t compat :
                 {0u, PPCVM_PVR_ARCH_2_06, PPCVM_PVR_ARCH_2_07, PPCVM_PVR_ARCH_3_00})
                for (uint64_t flags : {uint64_t{0}, uint64_t{PPCVM_CONFIG_F_PARAVIRT}}) {
                    PlatformRequest req;
                    req.platform = Platform::Papr;
                    req.pvr = m.pvr;
                    req.compat_pvr = compat;
                    req.flags = flags;
                    try {
                        v.push_back(resolve_platform(req));
                    } catch (const std::exception&) {
                    }
                }
        FUZZ_CHECK(!v.empty());
        return v;
    }();
    return list;
}

}  // namespace ppcvm::fuzz

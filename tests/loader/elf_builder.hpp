// Builds small PowerPC ELF executables in memory for the loader and ppcvm-user tests.
#pragma once

#include <cstdint>
#include <vector>

namespace ppcvm::test {

struct ElfBuilder {
    bool is64 = true;
    bool little_endian = true;
    uint16_t machine = 21;  // EM_PPC64
    uint16_t type = 2;      // ET_EXEC
    uint32_t flags = 2;     // ELFv2
    uint64_t entry = 0x10000000;
    struct Segment {
        uint32_t type = 1;  // PT_LOAD
        uint64_t vaddr = 0;
        std::vector<uint8_t> data;
        uint64_t memsz = 0;  // 0: data.size()
        uint32_t flags = 5;
    };
    std::vector<Segment> segments;

    void put(std::vector<uint8_t>& out, uint64_t off, uint64_t v, unsigned size) const {
        if (out.size() < off + size) out.resize(off + size);
        for (unsigned i = 0; i < size; ++i)
            out[off + i] = static_cast<uint8_t>(v >> (8 * (little_endian ? i : size - 1 - i)));
    }

    // Instruction words as the program's memory image (in its byte order).
    std::vector<uint8_t> words(const std::vector<uint32_t>& ws) const {
        std::vector<uint8_t> out;
        for (size_t i = 0; i < ws.size(); ++i) put(out, 4 * i, ws[i], 4);
        return out;
    }

    std::vector<uint8_t> build() const {
        const unsigned w = is64 ? 8 : 4;
        const uint64_t ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32;
        std::vector<uint8_t> out(ehsize, 0);
        out[0] = 0x7f, out[1] = 'E', out[2] = 'L', out[3] = 'F';
        out[4] = is64 ? 2 : 1;
        out[5] = little_endian ? 1 : 2;
        out[6] = 1;
        put(out, 16, type, 2);
        put(out, 18, machine, 2);
        put(out, 20, 1, 4);
        put(out, 24, entry, w);
        put(out, 24 + w, ehsize, w);  // e_phoff: right after the header
        put(out, 24 + 2 * w, 0, w);   // e_shoff
        put(out, 24 + 3 * w, flags, 4);
        put(out, 28 + 3 * w, ehsize, 2);
        put(out, 30 + 3 * w, phentsize, 2);
        put(out, 32 + 3 * w, segments.size(), 2);
        uint64_t data_off = ehsize + phentsize * segments.size();
        for (size_t i = 0; i < segments.size(); ++i) {
            const Segment& s = segments[i];
            data_off = (data_off + 7) & ~7ull;
            const uint64_t p = ehsize + phentsize * i;
            const uint64_t memsz = s.memsz ? s.memsz : s.data.size();
            if (is64) {
                put(out, p, s.type, 4);
                put(out, p + 4, s.flags, 4);
                put(out, p + 8, data_off, 8);
                put(out, p + 16, s.vaddr, 8);
                put(out, p + 24, s.vaddr, 8);
                put(out, p + 32, s.data.size(), 8);
                put(out, p + 40, memsz, 8);
                put(out, p + 48, 8, 8);
            } else {
                put(out, p, s.type, 4);
                put(out, p + 4, data_off, 4);
                put(out, p + 8, s.vaddr, 4);
                put(out, p + 12, s.vaddr, 4);
                put(out, p + 16, s.data.size(), 4);
                put(out, p + 20, memsz, 4);
                put(out, p + 24, s.flags, 4);
                put(out, p + 28, 8, 4);
            }
            if (out.size() < data_off) out.resize(data_off);
            out.insert(out.begin() + static_cast<long>(data_off), s.data.begin(), s.data.end());
            out.resize(std::max<uint64_t>(out.size(), data_off + s.data.size()));
            data_off += s.data.size();
        }
        return out;
    }
};

}  // namespace ppcvm::test

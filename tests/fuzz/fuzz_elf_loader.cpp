// Fuzz target: random bytes as an ELF executable (32/64-bit, either byte order), parsed and
// loaded into a small guest memory, identity-mapped or moved the way the pseries machine
// moves a kernel. Invariants: no crash or sanitizer report; a bad file is an ElfError with a
// message; a parsed image is self-consistent (segments inside the file, no wrap, entry in a
// segment); a load either fails with ElfError leaving guest memory untouched or writes exactly
// the segments (file bytes, then zeros) and nothing else; the entry point resolves to a
// loaded segment or fails with ElfError.
//
// Input: byte 0 = mode (bits 0-1 RAM size, bits 2-3 address mapping, bit 4 synthesised ELF
// from the fields that follow, see fuzz_input.hpp), then the ELF file itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "core/guest_memory.hpp"
#include "fuzz_input.hpp"
#include "loader/elf_loader.hpp"

namespace {

using namespace ppcvm;

constexpr uint8_t kCanary = 0xa5;
constexpr uint64_t kRamSizes[] = {64 << 10, 1 << 20, 5 << 20, 4096};

struct Memories {
    std::unique_ptr<GuestMemory> ram[4];
    Memories() {
        for (unsigned i = 0; i < 4; ++i) {
            ram[i] = std::make_unique<GuestMemory>(kRamSizes[i]);
            std::memset(ram[i]->ram(), kCanary, kRamSizes[i]);
        }
    }
};

uint64_t pseries_kernel_mapping(uint64_t vaddr) { return (vaddr & 0x0fffffff) + 0x400000; }
uint64_t low_bits_mapping(uint64_t vaddr) { return vaddr & 0xffff; }

void check_image(const loader::ElfImage& img, size_t file_size) {
    FUZZ_CHECK(!img.segments.empty());
    const uint64_t limit = img.is64 ? ~0ull : 0xffffffffull;
    bool entry_in_segment = false;
    for (size_t i = 0; i < img.segments.size(); ++i) {
        const auto& s = img.segments[i];
        FUZZ_CHECK(s.filesz <= s.memsz && s.memsz > 0);
        // A segment without file bytes (.bss only) may name any offset (the GNU linker writes
        // offsets past the end of small files); one with file bytes must lie in the file.
        FUZZ_CHECK(s.filesz == 0 || (s.offset <= file_size && s.filesz <= file_size - s.offset));
        FUZZ_CHECK(s.vaddr <= limit && s.memsz - 1 <= limit - s.vaddr);
        FUZZ_CHECK(s.vaddr >= img.low && s.memsz <= img.high - s.vaddr);
        for (size_t j = 0; j < i; ++j) {
            const auto& o = img.segments[j];
            FUZZ_CHECK(s.vaddr >= o.vaddr + o.memsz || o.vaddr >= s.vaddr + s.memsz);
        }
        if (img.entry >= s.vaddr && img.entry - s.vaddr < s.memsz) entry_in_segment = true;
    }
    FUZZ_CHECK(entry_in_segment);
    FUZZ_CHECK(img.machine == (img.is64 ? loader::kEmPpc64 : loader::kEmPpc));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Memories memories;
    // PPCVM_FUZZ_EXPLAIN=1 when replaying: say what became of the file.
    static const bool explain = std::getenv("PPCVM_FUZZ_EXPLAIN") != nullptr;
    if (size < 1) return 0;
    fuzz::ByteSource in(data, size);
    const uint8_t mode = in.byte();
    GuestMemory& mem = *memories.ram[mode & 3];
    const uint64_t ram = mem.ram_size();
    std::function<uint64_t(uint64_t)> mapping;
    if (((mode >> 2) & 3) == 1) mapping = pseries_kernel_mapping;
    if (((mode >> 2) & 3) == 2) mapping = low_bits_mapping;
    const std::vector<uint8_t> file = (mode & 0x10) ? fuzz::synthesise_elf(in, ram) : in.rest();

    loader::ElfImage img;
    try {
        img = loader::parse_elf(file);
    } catch (const loader::ElfError& e) {
        FUZZ_CHECK(std::strlen(e.what()) > 0);
        if (explain) std::fprintf(stderr, "parse: %s\n", e.what());
        return 0;
    }
    check_image(img, file.size());

    // What memory must hold afterwards: the canary everywhere but in the segments.
    std::vector<uint8_t> expected(ram, kCanary);
    bool loaded = false;
    try {
        loader::load_elf(img, file, mem, mapping);
        loaded = true;
        if (explain) std::fprintf(stderr, "loaded %zu segments\n", img.segments.size());
    } catch (const loader::ElfError& e) {
        FUZZ_CHECK(std::strlen(e.what()) > 0);
        if (explain) std::fprintf(stderr, "load: %s\n", e.what());
    }
    if (loaded) {
        for (const auto& s : img.segments) {
            const uint64_t at = mapping ? mapping(s.vaddr) : s.vaddr;
            FUZZ_CHECK(at < ram && s.memsz <= ram - at);
            if (s.filesz) std::memcpy(expected.data() + at, file.data() + s.offset, s.filesz);
            std::memset(expected.data() + at + s.filesz, 0, s.memsz - s.filesz);
        }
        try {
            const loader::EntryPoint e = loader::resolve_entry(img, mem);
            bool in_segment = false;
            for (const auto& s : img.segments)
                if (e.pc >= s.vaddr && e.pc - s.vaddr < s.memsz) in_segment = true;
            FUZZ_CHECK(in_segment);
            FUZZ_CHECK(e.has_toc == img.uses_function_descriptors());
            if (explain) std::fprintf(stderr, "entry 0x%llx\n", (unsigned long long)e.pc);
        } catch (const loader::ElfError& e) {
            if (explain) std::fprintf(stderr, "entry: %s\n", e.what());
            FUZZ_CHECK(img.uses_function_descriptors() && std::strlen(e.what()) > 0);
        }
    }
    FUZZ_CHECK(std::memcmp(mem.ram(), expected.data(), ram) == 0);
    std::memset(mem.ram(), kCanary, ram);
    return 0;
}

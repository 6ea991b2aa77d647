// Static ELF executables for PowerPC: parse, validate and copy into guest memory at the link
// addresses (guest physical = link address). Every field is checked before it is used: a bad
// file is an ElfError naming the problem, never a crash or an access outside the file or RAM.
//
// Accepted: ELFCLASS64 + EM_PPC64 (ELFv1 big-endian with function descriptors, ELFv2) and
// ELFCLASS32 + EM_PPC, either byte order, ET_EXEC, no PT_INTERP (statically linked).
// References: System V ABI gABI (ELF header, program headers), 64-bit ELF V2 ABI (OpenPOWER),
// 64-bit PowerPC ELF ABI Supplement 1.9 (ELFv1: the entry point is a function descriptor).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppcvm {
class GuestMemory;
}

namespace ppcvm::loader {

class ElfError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ElfSegment {
    uint64_t vaddr = 0;
    uint64_t memsz = 0;
    uint64_t filesz = 0;
    uint64_t offset = 0;
    uint32_t flags = 0;  // PF_X = 1, PF_W = 2, PF_R = 4
};

inline constexpr uint16_t kEmPpc = 20;
inline constexpr uint16_t kEmPpc64 = 21;

struct ElfImage {
    bool is64 = true;
    bool little_endian = true;
    uint16_t machine = kEmPpc64;
    // e_flags & 3 for 64-bit files: 1 = ELFv1, 2 = ELFv2, 0 = unspecified, which Linux (and
    // QEMU) treat as ELFv1 in either byte order (start_thread: !is_elf2_task()).
    unsigned abi_version = 0;
    uint64_t entry = 0;             // e_entry (ELFv1: the address of the entry descriptor)
    uint64_t phdr_address = 0;      // where the program headers are in guest memory (0: not
                                    // loaded), for AT_PHDR
    uint16_t phnum = 0, phentsize = 0;
    std::vector<ElfSegment> segments;  // PT_LOAD, in file order
    uint64_t low = 0, high = 0;        // lowest vaddr and end of the highest segment

    // 64-bit without the ELFv2 marking: e_entry is a function descriptor.
    bool uses_function_descriptors() const { return is64 && abi_version != 2; }
};

// Parse and validate `file`. Throws ElfError.
ElfImage parse_elf(std::span<const uint8_t> file);

// Copy the PT_LOAD segments to guest physical memory at their link addresses and zero the
// rest of each segment (bss). Throws ElfError if a segment does not fit in RAM.
// `to_physical` maps a segment's link address to where it goes in guest memory (identity when
// empty); kernels linked at 0xc000... are loaded low this way, as firmware would.
void load_elf(const ElfImage& image, std::span<const uint8_t> file, GuestMemory& memory,
              const std::function<uint64_t(uint64_t)>& to_physical = {});

struct EntryPoint {
    uint64_t pc = 0;
    uint64_t toc = 0;        // r2 for ELFv1 (from the descriptor)
    bool has_toc = false;
};
// The first instruction to run: e_entry, or for ELFv1 the code address and TOC read from the
// descriptor e_entry points at (which must lie inside a loaded segment). Throws ElfError.
EntryPoint resolve_entry(const ElfImage& image, GuestMemory& memory);

// Read a whole file (ElfError with the OS reason if it cannot be read).
std::vector<uint8_t> read_file(const std::string& path);

}  // namespace ppcvm::loader

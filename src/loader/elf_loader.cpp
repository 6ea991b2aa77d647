#include "loader/elf_loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "core/guest_memory.hpp"

namespace ppcvm::loader {
namespace {

// ELF constants (gABI).
constexpr uint8_t kElfClass32 = 1, kElfClass64 = 2;
constexpr uint8_t kElfData2Lsb = 1, kElfData2Msb = 2;
constexpr uint16_t kEtExec = 2, kEtDyn = 3;
constexpr uint32_t kPtLoad = 1, kPtInterp = 3, kPtPhdr = 6;
constexpr size_t kEhdr32Size = 52, kEhdr64Size = 64;
constexpr size_t kPhdr32Size = 32, kPhdr64Size = 56;

// Bounds-checked reader in the file's byte order.
class Reader {
public:
    Reader(std::span<const uint8_t> data, bool le) : data_(data), le_(le) {}
    uint64_t get(uint64_t off, unsigned size, const char* what) const {
        if (off > data_.size() || size > data_.size() - off)
            throw ElfError(fmt::format("truncated ELF file: {} at offset {:#x} is past the end "
                                       "of the {}-byte file",
                                       what, off, data_.size()));
        uint64_t v = 0;
        for (unsigned i = 0; i < size; ++i) {
            const uint64_t byte = data_[off + i];
            v |= le_ ? byte << (8 * i) : byte << (8 * (size - 1 - i));
        }
        return v;
    }

private:
    std::span<const uint8_t> data_;
    bool le_;
};

bool add_overflows(uint64_t a, uint64_t b, uint64_t limit = ~0ull) {
    return a > limit || b > limit - a;
}

const char* machine_name(uint16_t m) {
    switch (m) {
        case 0: return "none";
        case 3: return "x86 (EM_386)";
        case 20: return "PowerPC (EM_PPC)";
        case 21: return "PowerPC 64 (EM_PPC64)";
        case 40: return "ARM (EM_ARM)";
        case 62: return "x86-64 (EM_X86_64)";
        case 183: return "AArch64 (EM_AARCH64)";
        case 243: return "RISC-V (EM_RISCV)";
        default: return "unknown";
    }
}

}  // namespace

ElfImage parse_elf(std::span<const uint8_t> file) {
    if (file.size() < 16)
        throw ElfError(fmt::format("not an ELF file: {} bytes, shorter than the ELF "
                                   "identification (16 bytes)",
                                   file.size()));
    if (file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F')
        throw ElfError(fmt::format("not an ELF file: bad magic {:02x} {:02x} {:02x} {:02x} "
                                   "(expected 7f 45 4c 46)",
                                   file[0], file[1], file[2], file[3]));
    ElfImage img;
    if (file[4] != kElfClass32 && file[4] != kElfClass64)
        throw ElfError(fmt::format("bad ELF class {} (expected 1 = 32-bit or 2 = 64-bit)",
                                   file[4]));
    img.is64 = file[4] == kElfClass64;
    if (file[5] != kElfData2Lsb && file[5] != kElfData2Msb)
        throw ElfError(fmt::format("bad ELF data encoding {} (expected 1 = little-endian or "
                                   "2 = big-endian)",
                                   file[5]));
    img.little_endian = file[5] == kElfData2Lsb;
    if (file[6] != 1) throw ElfError(fmt::format("bad ELF version {} (expected 1)", file[6]));

    const size_t ehdr_size = img.is64 ? kEhdr64Size : kEhdr32Size;
    if (file.size() < ehdr_size)
        throw ElfError(fmt::format("truncated ELF header: the file has {} bytes, a {}-bit ELF "
                                   "header needs {}",
                                   file.size(), img.is64 ? 64 : 32, ehdr_size));
    const Reader r(file, img.little_endian);
    const unsigned w = img.is64 ? 8 : 4;  // address/offset width
    const uint16_t type = static_cast<uint16_t>(r.get(16, 2, "e_type"));
    img.machine = static_cast<uint16_t>(r.get(18, 2, "e_machine"));
    const uint64_t version = r.get(20, 4, "e_version");
    img.entry = r.get(24, w, "e_entry");
    const uint64_t phoff = r.get(24 + w, w, "e_phoff");
    const uint64_t flags = r.get(24 + 3 * w, 4, "e_flags");
    const uint64_t ehsize = r.get(28 + 3 * w, 2, "e_ehsize");
    img.phentsize = static_cast<uint16_t>(r.get(30 + 3 * w, 2, "e_phentsize"));
    img.phnum = static_cast<uint16_t>(r.get(32 + 3 * w, 2, "e_phnum"));

    const uint16_t want_machine = img.is64 ? kEmPpc64 : kEmPpc;
    if (img.machine != want_machine)
        throw ElfError(fmt::format("wrong machine: e_machine {} ({}) in a {}-bit ELF file; "
                                   "ppcvm runs {} executables",
                                   img.machine, machine_name(img.machine), img.is64 ? 64 : 32,
                                   machine_name(want_machine)));
    if (version != 1) throw ElfError(fmt::format("bad e_version {} (expected 1)", version));
    if (type == kEtDyn)
        throw ElfError("position-independent executable or shared object (ET_DYN): only "
                       "statically linked ET_EXEC executables are supported");
    if (type != kEtExec)
        throw ElfError(fmt::format("not an executable: e_type {} (expected 2 = ET_EXEC)", type));
    if (ehsize < ehdr_size)
        throw ElfError(fmt::format("bad e_ehsize {} (a {}-bit ELF header is {} bytes)", ehsize,
                                   img.is64 ? 64 : 32, ehdr_size));
    img.abi_version = img.is64 ? static_cast<unsigned>(flags & 3) : 0;
    if (img.is64 && img.abi_version == 3)
        throw ElfError("bad e_flags: ABI version 3 (expected 1 = ELFv1 or 2 = ELFv2)");

    const size_t phdr_size = img.is64 ? kPhdr64Size : kPhdr32Size;
    if (img.phnum == 0) throw ElfError("no program headers (e_phnum is 0): nothing to load");
    if (img.phentsize != phdr_size)
        throw ElfError(fmt::format("bad e_phentsize {} (expected {})", img.phentsize, phdr_size));
    const uint64_t table_size = uint64_t{img.phnum} * phdr_size;
    if (add_overflows(phoff, table_size, file.size()))
        throw ElfError(fmt::format("truncated program header table: {} entries at offset "
                                   "{:#x} end past the {}-byte file",
                                   img.phnum, phoff, file.size()));

    uint64_t phdr_vaddr_from_pt_phdr = 0;
    for (unsigned i = 0; i < img.phnum; ++i) {
        const uint64_t p = phoff + uint64_t{i} * phdr_size;
        const uint32_t ptype = static_cast<uint32_t>(r.get(p, 4, "p_type"));
        ElfSegment s;
        if (img.is64) {
            s.flags = static_cast<uint32_t>(r.get(p + 4, 4, "p_flags"));
            s.offset = r.get(p + 8, 8, "p_offset");
            s.vaddr = r.get(p + 16, 8, "p_vaddr");
            s.filesz = r.get(p + 32, 8, "p_filesz");
            s.memsz = r.get(p + 40, 8, "p_memsz");
        } else {
            s.offset = r.get(p + 4, 4, "p_offset");
            s.vaddr = r.get(p + 8, 4, "p_vaddr");
            s.filesz = r.get(p + 16, 4, "p_filesz");
            s.memsz = r.get(p + 20, 4, "p_memsz");
            s.flags = static_cast<uint32_t>(r.get(p + 24, 4, "p_flags"));
        }
        if (ptype == kPtInterp)
            throw ElfError("dynamically linked executable (has PT_INTERP): only statically "
                           "linked executables are supported");
        if (ptype == kPtPhdr) phdr_vaddr_from_pt_phdr = s.vaddr;
        if (ptype != kPtLoad) continue;
        if (s.filesz > s.memsz)
            throw ElfError(fmt::format("segment {}: p_filesz {:#x} is larger than p_memsz {:#x}",
                                       i, s.filesz, s.memsz));
        // A segment with no file bytes (.bss only) may name any offset: nothing is read.
        if (s.filesz && add_overflows(s.offset, s.filesz, file.size()))
            throw ElfError(fmt::format("truncated segment {}: {:#x} bytes at file offset {:#x} "
                                       "end past the {}-byte file",
                                       i, s.filesz, s.offset, file.size()));
        const uint64_t addr_limit = img.is64 ? ~0ull : 0xffffffffull;
        if (add_overflows(s.vaddr, s.memsz, addr_limit))
            throw ElfError(fmt::format("segment {}: {:#x} bytes at {:#x} wrap around the "
                                       "address space",
                                       i, s.memsz, s.vaddr));
        if (s.memsz == 0) continue;
        for (const ElfSegment& o : img.segments)
            if (s.vaddr < o.vaddr + o.memsz && o.vaddr < s.vaddr + s.memsz)
                throw ElfError(fmt::format("segment {} [{:#x}, {:#x}) overlaps the segment at "
                                           "[{:#x}, {:#x})",
                                           i, s.vaddr, s.vaddr + s.memsz, o.vaddr,
                                           o.vaddr + o.memsz));
        img.segments.push_back(s);
    }
    if (img.segments.empty()) throw ElfError("no loadable (PT_LOAD) segment");
    img.low = ~0ull;
    for (const ElfSegment& s : img.segments) {
        img.low = std::min(img.low, s.vaddr);
        img.high = std::max(img.high, s.vaddr + s.memsz);
    }
    bool entry_ok = false;
    for (const ElfSegment& s : img.segments)
        if (img.entry >= s.vaddr && img.entry - s.vaddr < s.memsz) entry_ok = true;
    if (!entry_ok)
        throw ElfError(fmt::format("entry point {:#x} is outside every loadable segment",
                                   img.entry));
    // The program headers in memory (AT_PHDR): PT_PHDR if present, else the loaded segment
    // whose file range contains them.
    img.phdr_address = phdr_vaddr_from_pt_phdr;
    if (!img.phdr_address)
        for (const ElfSegment& s : img.segments)
            if (phoff >= s.offset && phoff + table_size <= s.offset + s.filesz)
                img.phdr_address = s.vaddr + (phoff - s.offset);
    return img;
}

void load_elf(const ElfImage& image, std::span<const uint8_t> file, GuestMemory& memory,
              const std::function<uint64_t(uint64_t)>& to_physical) {
    auto where = [&](const ElfSegment& s) { return to_physical ? to_physical(s.vaddr) : s.vaddr; };
    for (const ElfSegment& s : image.segments) {
        if (!memory.ram_ptr(where(s), s.memsz))
            throw ElfError(fmt::format("segment [{:#x}, {:#x}) is outside guest memory (RAM is "
                                       "[0, {:#x})); give the guest more memory",
                                       where(s), where(s) + s.memsz, memory.ram_size()));
    }
    // parse_elf ruled out overlapping link addresses; a mapping that drops address bits (the
    // pseries kernel placement) can still put two segments on the same RAM, where the second
    // would silently overwrite the first (found by the boot_inputs fuzzer).
    if (to_physical) {
        std::vector<const ElfSegment*> order;
        for (const ElfSegment& s : image.segments) order.push_back(&s);
        std::sort(order.begin(), order.end(),
                  [&](const ElfSegment* a, const ElfSegment* b) { return where(*a) < where(*b); });
        for (size_t i = 1; i < order.size(); ++i) {
            const ElfSegment& lo = *order[i - 1];
            const ElfSegment& hi = *order[i];
            if (where(hi) - where(lo) < lo.memsz)
                throw ElfError(fmt::format("segments linked at {:#x} and {:#x} would overlap in "
                                           "guest memory at [{:#x}, {:#x}) and [{:#x}, {:#x})",
                                           lo.vaddr, hi.vaddr, where(lo), where(lo) + lo.memsz,
                                           where(hi), where(hi) + hi.memsz));
        }
    }
    for (const ElfSegment& s : image.segments) {
        // Both ranges were validated: the file range in parse_elf, the RAM range above.
        uint8_t* dst = memory.ram_ptr(where(s), s.memsz);
        if (s.filesz && (s.filesz > file.size() || s.offset > file.size() - s.filesz))
            throw ElfError("segment outside the file (image does not match the file)");
        if (s.filesz) std::memcpy(dst, file.data() + s.offset, s.filesz);
        std::memset(dst + s.filesz, 0, s.memsz - s.filesz);
    }
}

EntryPoint resolve_entry(const ElfImage& image, GuestMemory& memory) {
    EntryPoint e;
    if (!image.uses_function_descriptors()) {
        e.pc = image.entry;
        return e;
    }
    // ELFv1: e_entry is the address of a descriptor { code address, TOC, environment }.
    uint8_t d[16];
    if (!memory.read_bytes(image.entry, d, sizeof d))
        throw ElfError(fmt::format("ELFv1 entry descriptor at {:#x} is outside guest memory",
                                   image.entry));
    auto get64 = [&](const uint8_t* p) {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (image.little_endian ? 8 * i : 56 - 8 * i);
        return v;
    };
    e.pc = get64(d);
    e.toc = get64(d + 8);
    e.has_toc = true;
    bool ok = false;
    for (const ElfSegment& s : image.segments)
        if (e.pc >= s.vaddr && e.pc - s.vaddr < s.memsz) ok = true;
    if (!ok)
        throw ElfError(fmt::format("ELFv1 entry descriptor at {:#x} points at {:#x}, outside "
                                   "every loadable segment",
                                   image.entry, e.pc));
    return e;
}

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw ElfError(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) throw ElfError(fmt::format("cannot read '{}'", path));
    return data;
}

}  // namespace ppcvm::loader

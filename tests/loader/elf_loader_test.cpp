// The ELF loader: valid 32/64-bit, both byte orders, ELFv1 descriptors; every malformed input
// is an ElfError naming the problem, never a crash.
#include "loader/elf_loader.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/guest_memory.hpp"
#include "elf_builder.hpp"

namespace ppcvm::loader {
namespace {

using test::ElfBuilder;

constexpr uint64_t kText = 0x10000000, kData = 0x10010000;

ElfBuilder valid(bool is64 = true, bool le = true) {
    ElfBuilder b;
    b.is64 = is64;
    b.little_endian = le;
    b.machine = is64 ? kEmPpc64 : kEmPpc;
    b.flags = is64 ? 2 : 0;
    b.entry = kText;
    b.segments.push_back({1, kText, b.words({0x38600001, 0x44000002}), 0, 5});
    b.segments.push_back({1, kData, {1, 2, 3, 4}, 0x100, 6});
    return b;
}

// Parse must throw an ElfError whose message contains `phrase`.
void expect_error(const std::vector<uint8_t>& file, const char* phrase) {
    try {
        parse_elf(file);
        ADD_FAILURE() << "no error; expected one mentioning '" << phrase << "'";
    } catch (const ElfError& e) {
        EXPECT_NE(std::string(e.what()).find(phrase), std::string::npos)
            << "message: " << e.what() << "\nexpected to mention: " << phrase;
    }
}

TEST(ElfLoader, LoadsEveryClassAndByteOrderAtLinkAddressesAndZeroesBss) {
    for (bool is64 : {true, false})
        for (bool le : {true, false}) {
            if (!is64 && le) continue;  // no little-endian 32-bit Linux user ABI in use
            const auto file = valid(is64, le).build();
            const ElfImage img = parse_elf(file);
            EXPECT_EQ(img.is64, is64);
            EXPECT_EQ(img.little_endian, le);
            ASSERT_EQ(img.segments.size(), 2u);
            EXPECT_EQ(img.low, kText);
            EXPECT_EQ(img.high, kData + 0x100);
            GuestMemory mem(kData + 0x10000);
            std::vector<uint8_t> junk(0x100, 0xaa);
            mem.write_bytes(kData, junk.data(), junk.size());
            load_elf(img, file, mem);
            uint8_t text[4], data[8];
            mem.read_bytes(kText, text, 4);
            mem.read_bytes(kData, data, 8);
            EXPECT_EQ(text[le ? 0 : 3], 0x01);  // li r3,1 in the file's byte order
            EXPECT_EQ(data[0], 1);
            EXPECT_EQ(data[3], 4);
            EXPECT_EQ(data[4], 0) << "bss must be zeroed";
            const EntryPoint e = resolve_entry(img, mem);
            EXPECT_EQ(e.pc, kText);
            EXPECT_FALSE(e.has_toc);
        }
}

// The GNU linker gives a .bss-only segment (p_filesz 0) the file offset its page would have,
// which can lie past the end of a small file: nothing is read from the file, so it loads.
TEST(ElfLoader, BssOnlySegmentMayPointPastTheEndOfTheFile) {
    ElfBuilder b = valid();
    b.segments.push_back({1, kData + 0x1000, {}, 0x200, 6});
    auto file = b.build();
    // Move the third program header's p_offset (64-bit LE: e_phoff at 0x20, 56-byte entries,
    // p_offset at +8) past the end of the file.
    uint64_t phoff = 0;
    for (int i = 7; i >= 0; --i) phoff = phoff << 8 | file[0x20 + i];
    const uint64_t past = file.size() + 0x1000;
    for (int i = 0; i < 8; ++i) file[phoff + 2 * 56 + 8 + i] = static_cast<uint8_t>(past >> (8 * i));
    const ElfImage img = parse_elf(file);
    ASSERT_EQ(img.segments.size(), 3u);
    GuestMemory mem(kData + 0x10000);
    std::vector<uint8_t> junk(0x200, 0xaa);
    mem.write_bytes(kData + 0x1000, junk.data(), junk.size());
    load_elf(img, file, mem);
    uint8_t bss[0x200];
    mem.read_bytes(kData + 0x1000, bss, sizeof bss);
    for (uint8_t v : bss) ASSERT_EQ(v, 0) << "bss must be zeroed";
    // With file bytes, the same offset is a truncated segment.
    b.segments.back().data = {1};
    auto bad = b.build();
    for (int i = 0; i < 8; ++i) bad[phoff + 2 * 56 + 8 + i] = static_cast<uint8_t>(past >> (8 * i));
    expect_error(bad, "truncated segment 2");
}

TEST(ElfLoader, ElfV1EntryIsAFunctionDescriptor) {
    ElfBuilder b = valid(true, false);
    b.flags = 1;
    std::vector<uint8_t> desc(24, 0);
    b.put(desc, 0, kText, 8);
    b.put(desc, 8, 0x10018000, 8);  // TOC
    b.segments[1].data = desc;
    b.entry = kData;
    const auto file = b.build();
    const ElfImage img = parse_elf(file);
    EXPECT_TRUE(img.uses_function_descriptors());
    GuestMemory mem(kData + 0x10000);
    load_elf(img, file, mem);
    const EntryPoint e = resolve_entry(img, mem);
    EXPECT_EQ(e.pc, kText);
    EXPECT_TRUE(e.has_toc);
    EXPECT_EQ(e.toc, 0x10018000u);

    // A descriptor pointing nowhere loaded is an error, not a jump into the void.
    b.put(desc, 0, 0x70000000, 8);
    b.segments[1].data = desc;
    const auto bad = b.build();
    const ElfImage img2 = parse_elf(bad);
    load_elf(img2, bad, mem);
    EXPECT_THROW(resolve_entry(img2, mem), ElfError);
}

TEST(ElfLoader, HeaderErrorsNameTheProblem) {
    const auto good = valid().build();
    expect_error({}, "shorter than the ELF identification");
    auto f = good;
    f[1] = 'X';
    expect_error(f, "bad magic");
    f = good;
    f[4] = 7;
    expect_error(f, "bad ELF class");
    f = good;
    f[5] = 0;
    expect_error(f, "bad ELF data encoding");
    expect_error(std::vector<uint8_t>(good.begin(), good.begin() + 40), "truncated ELF header");

    ElfBuilder b = valid();
    b.machine = 62;
    expect_error(b.build(), "wrong machine: e_machine 62 (x86-64");
    b = valid(false, false);
    b.machine = kEmPpc64;  // 32-bit class with the 64-bit machine
    expect_error(b.build(), "wrong machine");
    b = valid();
    b.type = 3;
    expect_error(b.build(), "ET_DYN");
    b = valid();
    b.type = 1;
    expect_error(b.build(), "not an executable");
    b = valid();
    b.flags = 3;
    expect_error(b.build(), "ABI version 3");
}

TEST(ElfLoader, ProgramHeaderAndSegmentErrorsNameTheProblem) {
    ElfBuilder b = valid();
    b.segments.push_back({3, 0, {'/', 'l', 'd', 0}, 0, 4});
    expect_error(b.build(), "PT_INTERP");

    b = valid();
    b.segments.clear();
    expect_error(b.build(), "no program headers");
    b = valid();
    b.segments = {{4 /*PT_NOTE*/, 0, {1, 2, 3, 4}, 0, 4}};
    expect_error(b.build(), "no loadable");

    auto f = valid().build();
    expect_error(std::vector<uint8_t>(f.begin(), f.begin() + 64 + 56 + 10),
                 "truncated program header table");
    // The last segment's bytes cut off.
    expect_error(std::vector<uint8_t>(f.begin(), f.end() - 1), "truncated segment 1");

    b = valid();
    b.segments[1].memsz = 2;  // filesz 4 > memsz 2
    expect_error(b.build(), "larger than p_memsz");
    b = valid();
    b.segments[1].vaddr = kText + 4;
    expect_error(b.build(), "overlaps");
    b = valid();
    b.segments[1].vaddr = ~0ull - 2;
    expect_error(b.build(), "wrap around");
    b = valid();
    b.entry = 0x20000000;
    expect_error(b.build(), "entry point 0x20000000 is outside");

    // A p_offset near 2^64 must not wrap the bounds check.
    b = valid();
    auto g = b.build();
    b.put(g, 64 + 8, ~0ull - 1, 8);
    expect_error(g, "truncated segment 0");
    // e_phoff near 2^64.
    g = valid().build();
    b.put(g, 32, ~0ull - 8, 8);
    expect_error(g, "truncated program header table");
}

TEST(ElfLoader, SegmentOutsideGuestMemoryIsAnError) {
    const auto file = valid().build();
    const ElfImage img = parse_elf(file);
    GuestMemory small(1 << 20);
    try {
        load_elf(img, file, small);
        ADD_FAILURE() << "no error";
    } catch (const ElfError& e) {
        EXPECT_NE(std::string(e.what()).find("outside guest memory"), std::string::npos)
            << e.what();
    }
}

// Fuzzer finding (boot_inputs target): link addresses 256 MiB apart land on the same RAM under
// the pseries kernel placement (address & 0x0fffffff); the second segment silently overwrote
// the first. Such a load is an error now, and guest memory is left alone.
TEST(ElfLoader, SegmentsThatMapOntoEachOtherAreAnError) {
    ElfBuilder b = valid();
    b.entry = 0xc000000000000000;
    b.segments[0].vaddr = 0xc000000000000000;
    b.segments[1].vaddr = 0xc000000010000000;
    const auto file = b.build();
    const ElfImage img = parse_elf(file);
    GuestMemory mem(16 << 20);
    auto pseries = [](uint64_t vaddr) { return (vaddr & 0x0fffffff) + 0x400000; };
    try {
        load_elf(img, file, mem, pseries);
        ADD_FAILURE() << "no error";
    } catch (const ElfError& e) {
        EXPECT_NE(std::string(e.what()).find("would overlap in guest memory at [0x400000, "),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(mem.ram()[0x400000], 0);  // nothing copied
    // Adjacent after the mapping is fine.
    b.segments[1].vaddr = 0xc000000010000000 + 0x1000;
    const auto adjacent = b.build();
    EXPECT_NO_THROW(load_elf(parse_elf(adjacent), adjacent, mem, pseries));
    EXPECT_EQ(mem.ram()[0x401000], 1);
}

TEST(ElfLoader, RandomCorruptionNeverCrashes) {
    const auto good = valid().build();
    std::mt19937 rng(12345);
    GuestMemory mem(kData + 0x10000);
    int accepted = 0, rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        auto f = good;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < flips; ++k)
            f[rng() % std::min<size_t>(f.size(), 64 + 2 * 56)] = static_cast<uint8_t>(rng());
        if (rng() % 4 == 0) f.resize(rng() % f.size());
        try {
            const ElfImage img = parse_elf(f);
            for (const auto& s : img.segments) {
                ASSERT_LE(s.filesz, s.memsz);
                ASSERT_LE(s.offset + s.filesz, f.size());
            }
            try {
                load_elf(img, f, mem);
                resolve_entry(img, mem);
            } catch (const ElfError&) {
            }
            ++accepted;
        } catch (const ElfError&) {
            ++rejected;
        }
    }
    EXPECT_GT(rejected, 0);
    EXPECT_GT(accepted, 0);
}

TEST(ElfLoader, ReadFileReportsMissingFiles) {
    EXPECT_THROW(read_file("/nonexistent/ppcvm-test"), ElfError);
}

}  // namespace
}  // namespace ppcvm::loader

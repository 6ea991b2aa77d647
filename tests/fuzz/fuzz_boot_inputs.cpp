// Fuzz target: what a user hands the pseries machine besides the processor choice: the
// -kernel ELF, the -initrd file (any size, up to too big for RAM), -append, -m and -smp; and
// the device tree built from them. (ppcvm takes no -dtb: the tree is always its own, so the
// tree is checked as the guest receives it, with libfdt's fdt_check_full.)
//
// Two modes, by bit 0 of the first byte:
//  0: build_pseries_device_tree() from a random configuration (RAM size, vCPU count, bootargs
//     with any bytes, initrd range, RTAS base, reserve map). Invariants: FdtError with a message,
//     or a tree that passes fdt_check_full and says exactly what the configuration said.
//  1: a whole PseriesMachine from a kernel file (synthesised or raw ELF), an initrd file and
//     a firmware file written to /tmp, with random RAM size, vCPUs and bootargs. Invariants: no crash or
//     sanitizer report; a std::runtime_error with a message, or a machine whose memory holds
//     the kernel segments, the initrd, the firmware, the device tree and RTAS without any two
//     overlapping, all inside RAM, the tree well-formed and pointing at the initrd where it
//     really is.
#include <fcntl.h>
#include <libfdt.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/guest_memory.hpp"
#include "fuzz_input.hpp"
#include "loader/elf_loader.hpp"
#include "machines/fdt_builder.hpp"
#include "machines/pseries/pseries_device_tree.hpp"
#include "machines/pseries/pseries_machine.hpp"

namespace {

using namespace ppcvm;

// PPCVM_FUZZ_EXPLAIN=1 when replaying: say what became of the input.
const bool g_explain = std::getenv("PPCVM_FUZZ_EXPLAIN") != nullptr;

constexpr uint64_t kFdtSlot = 0x100000;  // pseries_machine.cpp: kFdtMaxSize
constexpr uint64_t kRtasSlot = 0x10000;  // kRtasSize
constexpr uint64_t kMaxInitrd = 24 << 20;

const void* prop(const void* fdt, const char* path, const char* name, int* len) {
    const int node = fdt_path_offset(fdt, path);
    FUZZ_CHECK(node >= 0);
    return fdt_getprop(fdt, node, name, len);
}

uint64_t prop_u64(const void* fdt, const char* path, const char* name) {
    int len = 0;
    const void* v = prop(fdt, path, name, &len);
    FUZZ_CHECK(v && len == 8);
    return fdt64_ld(static_cast<const fdt64_t*>(v));
}

uint32_t prop_u32(const void* fdt, const char* path, const char* name) {
    int len = 0;
    const void* v = prop(fdt, path, name, &len);
    FUZZ_CHECK(v && len == 4);
    return fdt32_ld(static_cast<const fdt32_t*>(v));
}

// What both modes check of a tree built from `bootargs`, `ram`, `smp` and `initrd`.
void check_tree(const void* fdt, size_t room, const std::string& bootargs, uint64_t ram,
                unsigned smp, std::optional<std::pair<uint64_t, uint64_t>> initrd) {
    FUZZ_CHECK(fdt_check_full(fdt, room) == 0);
    int len = 0;
    const void* args = prop(fdt, "/chosen", "bootargs", &len);
    FUZZ_CHECK(args && static_cast<size_t>(len) == bootargs.size() + 1);
    FUZZ_CHECK(std::memcmp(args, bootargs.data(), bootargs.size()) == 0);
    FUZZ_CHECK(static_cast<const char*>(args)[bootargs.size()] == 0);
    const void* reg = prop(fdt, "/memory@0", "reg", &len);
    FUZZ_CHECK(reg && len == 16);
    FUZZ_CHECK(fdt64_ld(static_cast<const fdt64_t*>(reg)) == 0);
    FUZZ_CHECK(fdt64_ld(static_cast<const fdt64_t*>(reg) + 1) == ram);
    unsigned cpus = 0;
    const int cpus_node = fdt_path_offset(fdt, "/cpus");
    FUZZ_CHECK(cpus_node >= 0);
    int node;
    fdt_for_each_subnode(node, fdt, cpus_node) {
        const void* r = fdt_getprop(fdt, node, "reg", &len);
        FUZZ_CHECK(r && len == 4 && fdt32_ld(static_cast<const fdt32_t*>(r)) == cpus);
        ++cpus;
    }
    FUZZ_CHECK(cpus == smp);
    const bool has_start = prop(fdt, "/chosen", "linux,initrd-start", &len) != nullptr;
    const bool has_end = prop(fdt, "/chosen", "linux,initrd-end", &len) != nullptr;
    FUZZ_CHECK(has_start == initrd.has_value() && has_end == initrd.has_value());
    if (initrd) {
        FUZZ_CHECK(prop_u64(fdt, "/chosen", "linux,initrd-start") == initrd->first);
        FUZZ_CHECK(prop_u64(fdt, "/chosen", "linux,initrd-end") == initrd->second);
    }
}

// ---- mode 0: the tree builder alone ----
void fuzz_tree(fuzz::ByteSource& in) {
    pseries::PseriesTreeConfig cfg;
    const auto& plats = fuzz::papr_platforms();
    cfg.platform = plats[in.byte() % plats.size()];
    const uint8_t shape = in.byte();
    cfg.ram_bytes = in.interesting(1ull << 30);
    // Up to the command line's 256 vCPUs and past them, but rarely: a big tree is slow to build
    // under the fuzzer's memcmp hooks (libfdt looks up each property name).
    cfg.smp = !(shape & 1)     ? 1 + in.byte() % 8
              : (shape & 0x40) ? static_cast<unsigned>(in.take(2) % 300)
                               : static_cast<unsigned>(in.take(1) % 33);
    cfg.radix = shape & 2;
    cfg.hpt_shift = (shape & 4) ? 18 + in.byte() % 29 : 0;
    cfg.rtas_base = in.interesting(cfg.ram_bytes);
    cfg.rtas_size = static_cast<uint32_t>(in.take(4));
    if (shape & 8) cfg.initrd = {{in.interesting(cfg.ram_bytes), in.interesting(cfg.ram_bytes)}};
    for (unsigned i = 0; i < ((shape >> 4) & 3); ++i)
        cfg.reserved.push_back({in.interesting(cfg.ram_bytes), in.interesting(cfg.ram_bytes)});
    const std::vector<uint8_t> text = in.bytes(in.take(2) % 8192);
    cfg.bootargs.assign(text.begin(), text.end());

    std::vector<uint8_t> blob;
    try {
        blob = pseries::build_pseries_device_tree(cfg);
    } catch (const FdtError& e) {
        FUZZ_CHECK(std::strlen(e.what()) > 0);
        if (g_explain) std::fprintf(stderr, "tree: %s\n", e.what());
        FUZZ_CHECK(cfg.smp == 0 || cfg.ram_bytes == 0 || (cfg.rtas_base >> 32) != 0);
        return;
    }
    FUZZ_CHECK(fdt_totalsize(blob.data()) == blob.size());
    check_tree(blob.data(), blob.size(), cfg.bootargs, cfg.ram_bytes, cfg.smp, cfg.initrd);
    // Every non-empty reservation, in order (an empty one reserves nothing).
    std::vector<std::pair<uint64_t, uint64_t>> reserved;
    for (const auto& r : cfg.reserved)
        if (r.second) reserved.push_back(r);
    FUZZ_CHECK(fdt_num_mem_rsv(blob.data()) == static_cast<int>(reserved.size()));
    for (size_t i = 0; i < reserved.size(); ++i) {
        uint64_t a = 0, s = 0;
        FUZZ_CHECK(fdt_get_mem_rsv(blob.data(), static_cast<int>(i), &a, &s) == 0);
        FUZZ_CHECK(a == reserved[i].first && s == reserved[i].second);
    }
    FUZZ_CHECK(prop_u32(blob.data(), "/rtas", "linux,rtas-base") == cfg.rtas_base);
}

// ---- mode 1: the whole machine from files ----
struct TempFile {
    std::string path;
    TempFile() {
        char name[] = "/tmp/ppcvm-fuzz-boot-XXXXXX";
        const int fd = mkstemp(name);
        FUZZ_CHECK(fd >= 0);
        close(fd);
        path = name;
    }
    ~TempFile() { unlink(path.c_str()); }
    void write(const std::vector<uint8_t>& head, uint64_t size) {
        const int fd = open(path.c_str(), O_WRONLY | O_TRUNC);
        FUZZ_CHECK(fd >= 0);
        FUZZ_CHECK(ftruncate(fd, static_cast<off_t>(size)) == 0);  // sparse: zeros after the head
        const size_t n = std::min<uint64_t>(head.size(), size);
        FUZZ_CHECK(::write(fd, head.data(), n) == static_cast<ssize_t>(n));
        close(fd);
    }
};

struct Range {
    uint64_t start, end;
    bool overlaps(const Range& o) const { return start < o.end && o.start < end; }
};

void fuzz_machine(fuzz::ByteSource& in) {
    static TempFile kernel_file, initrd_file, bios_file;
    static constexpr uint64_t kRamSizes[] = {16 << 20, (16 << 20) + 0x10000, 17 << 20,
                                             24 << 20, 32 << 20, 64 << 20, 256 << 20,
                                             (2048ull + 16) << 20};
    const uint8_t shape = in.byte();
    MachineOptions options;
    const auto& plats = fuzz::papr_platforms();
    options.platform = plats[in.byte() % plats.size()];
    options.ram_bytes = kRamSizes[shape & 7];
    options.smp = 1 + ((shape >> 3) & 3);
    options.console_out = [](const char*, size_t) {};
    const std::vector<uint8_t> text = in.bytes(in.byte() % 64);
    options.append.assign(text.begin(), text.end());

    // The kernel: synthesised (fields chosen by the input) or the raw bytes that follow a
    // 2-byte length. Addresses are biased towards a 16 MiB kernel area: a bss the size of a
    // 2 GiB RAM would make each run take seconds.
    std::vector<uint8_t> kernel;
    if (shape & 0x20) {
        kernel = fuzz::synthesise_elf(in, std::min<uint64_t>(options.ram_bytes, 16 << 20));
    } else {
        kernel = in.bytes(in.take(2));
    }
    if (kernel.empty()) return;  // the command line refuses empty files
    kernel_file.write(kernel, kernel.size());
    options.kernel = kernel_file.path;

    // The initrd: its size near what is free below the device tree, its head from the input.
    std::optional<uint64_t> initrd_size;
    if (shape & 0x40) {
        const uint64_t top = std::min<uint64_t>(options.ram_bytes, 0x80000000);
        const uint64_t free_hint = top - kRtasSlot - kFdtSlot - 0x400000;
        initrd_size = in.interesting(free_hint) % kMaxInitrd;
        const std::vector<uint8_t> head = in.bytes(in.byte());
        initrd_file.write(head, *initrd_size);
        options.initrd = initrd_file.path;
    }

    // Firmware as well (shape bit 7): loaded at 0x100; a kernel must not land on it.
    std::optional<uint64_t> bios_size;
    if (shape & 0x80) {
        bios_size = in.interesting(0x400000) % kMaxInitrd;
        bios_file.write({0x48, 0x00, 0x00, 0x00}, *bios_size);
        options.bios = bios_file.path;
    }

    std::unique_ptr<PseriesMachine> machine;
    try {
        machine = std::make_unique<PseriesMachine>(options);
    } catch (const std::runtime_error& e) {
        FUZZ_CHECK(std::strlen(e.what()) > 0);
        if (g_explain) std::fprintf(stderr, "machine: %s\n", e.what());
        return;
    }
    if (g_explain)
        std::fprintf(stderr, "machine: %llu MiB, entry 0x%llx, fdt 0x%llx, initrd %s\n",
                     (unsigned long long)(options.ram_bytes >> 20),
                     (unsigned long long)machine->entry_point(),
                     (unsigned long long)machine->fdt_address(),
                     initrd_size ? std::to_string(*initrd_size).c_str() : "none");

    // The machine accepted the kernel: it is a valid 64-bit ELF.
    const loader::ElfImage elf = loader::parse_elf(kernel);
    FUZZ_CHECK(elf.is64);
    GuestMemory& mem = machine->memory();
    const uint64_t ram = mem.ram_size();
    const uint64_t fdt_at = machine->fdt_address();
    const uint64_t rtas_at = fdt_at + kFdtSlot;
    FUZZ_CHECK(rtas_at + kRtasSlot <= ram);
    const Range fdt_range{fdt_at, rtas_at};
    std::vector<Range> used = {fdt_range, {rtas_at, rtas_at + kRtasSlot}};
    if (bios_size) {
        used.push_back({0x100, 0x100 + *bios_size});
        const uint8_t head[4] = {0x48, 0x00, 0x00, 0x00};
        FUZZ_CHECK(std::memcmp(mem.ram() + 0x100, head, std::min<uint64_t>(*bios_size, 4)) == 0);
    }
    auto to_physical = [](uint64_t vaddr) { return (vaddr & 0x0fffffff) + 0x400000; };
    bool entry_loaded = false;
    for (const auto& s : elf.segments) {
        const Range r{to_physical(s.vaddr), to_physical(s.vaddr) + s.memsz};
        FUZZ_CHECK(r.start < r.end && r.end <= fdt_at);  // inside RAM, below the device tree
        for (const Range& u : used) FUZZ_CHECK(!r.overlaps(u));
        used.push_back(r);
        // (A .bss-only segment may name an offset past the end of the file: nothing to compare.)
        if (s.filesz)
            FUZZ_CHECK(std::memcmp(mem.ram() + r.start, kernel.data() + s.offset, s.filesz) == 0);
        const uint64_t bss = s.memsz - s.filesz;
        for (uint64_t i = 0; i < std::min<uint64_t>(bss, 4096); ++i)
            FUZZ_CHECK(mem.ram()[r.start + s.filesz + i] == 0 && mem.ram()[r.end - 1 - i] == 0);
        if (machine->entry_point() >= r.start && machine->entry_point() < r.end)
            entry_loaded = true;
    }
    FUZZ_CHECK(bios_size ? machine->entry_point() == 0x100 : entry_loaded);

    const void* fdt = mem.ram() + fdt_at;
    std::optional<std::pair<uint64_t, uint64_t>> initrd;
    if (initrd_size) {
        int len = 0;
        FUZZ_CHECK(prop(fdt, "/chosen", "linux,initrd-start", &len) != nullptr);
        initrd = {{prop_u64(fdt, "/chosen", "linux,initrd-start"),
                   prop_u64(fdt, "/chosen", "linux,initrd-end")}};
        const Range r{initrd->first, initrd->second};
        FUZZ_CHECK(r.end - r.start == *initrd_size && r.start <= r.end);
        for (const Range& u : used) FUZZ_CHECK(r.start == r.end || !r.overlaps(u));
        FUZZ_CHECK(r.end <= fdt_at);
        // Its head and its last byte are where the tree says.
        const std::vector<uint8_t> head = [&] {
            std::vector<uint8_t> h(std::min<uint64_t>(*initrd_size, 256));
            const int fd = open(initrd_file.path.c_str(), O_RDONLY);
            FUZZ_CHECK(fd >= 0 && read(fd, h.data(), h.size()) == static_cast<ssize_t>(h.size()));
            close(fd);
            return h;
        }();
        FUZZ_CHECK(head.empty() || std::memcmp(mem.ram() + r.start, head.data(), head.size()) == 0);
        if (*initrd_size > 256) FUZZ_CHECK(mem.ram()[r.end - 1] == 0);
    }
    check_tree(fdt, kFdtSlot, options.append, ram, options.smp, initrd);
    FUZZ_CHECK(prop_u32(fdt, "/rtas", "linux,rtas-base") == rtas_at);
    uint64_t a = 0, s = 0;
    FUZZ_CHECK(fdt_num_mem_rsv(fdt) == 1 && fdt_get_mem_rsv(fdt, 0, &a, &s) == 0);
    FUZZ_CHECK(a == rtas_at && s == kRtasSlot);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    fuzz::ByteSource in(data, size);
    if (in.byte() & 1) fuzz_machine(in);
    else fuzz_tree(in);
    return 0;
}

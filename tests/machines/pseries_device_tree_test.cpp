// The pseries device tree, checked against the tree QEMU's pseries machine gives the same
// processor (qemu-system-ppc64 -M pseries,dumpdtb=...): the CPU properties Linux reads must be
// identical, byte for byte.
#include "machines/pseries/pseries_device_tree.hpp"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace ppcvm::pseries {
namespace {

ResolvedPlatform platform_for(const char* cpu, uint32_t compat = 0, uint64_t flags = 0) {
    PlatformRequest req;
    req.platform = Platform::Papr;
    req.pvr = find_cpu_by_name(cpu)->pvr;
    req.compat_pvr = compat;
    req.flags = flags;
    return resolve_platform(req);
}

std::vector<uint8_t> build(const ResolvedPlatform& p, unsigned smp = 1) {
    PseriesTreeConfig cfg;
    cfg.platform = p;
    cfg.ram_bytes = 1ull << 30;
    cfg.smp = smp;
    cfg.bootargs = "console=hvc0";
    cfg.initrd = {{0x2000000, 0x2100000}};
    cfg.radix = p.cpu->isa >= IsaLevel::V3_00;
    cfg.rtas_base = 0x1000;
    cfg.rtas_size = 20;
    return build_pseries_device_tree(cfg);
}

std::string prop(const std::vector<uint8_t>& blob, const std::string& path, const char* name) {
    int node = fdt_path_offset(blob.data(), path.c_str());
    if (node < 0) return "<no node " + path + ">";
    int len = 0;
    const void* v = fdt_getprop(blob.data(), node, name, &len);
    if (!v) return "<missing>";
    return std::string(static_cast<const char*>(v), static_cast<size_t>(len));
}

// Ask QEMU for its tree; empty if QEMU is not installed.
std::vector<uint8_t> qemu_tree(const std::string& machine_opts, const char* cpu) {
    std::string path = ::testing::TempDir() + "qemu-" + cpu + ".dtb";
    std::string cmd = "qemu-system-ppc64 -M pseries,x-vof=on," + machine_opts + "dumpdtb=" +
                      path + " -cpu " + cpu +
                      " -m 1G -nographic -vga none -nodefaults >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return {};
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

TEST(PseriesDeviceTree, IsAValidTree) {
    auto blob = build(platform_for("POWER9"), 2);
    ASSERT_EQ(fdt_check_full(blob.data(), blob.size()), 0);
    EXPECT_EQ(prop(blob, "/", "device_type"), std::string("chrp\0", 5));
    EXPECT_EQ(prop(blob, "/chosen", "bootargs"), std::string("console=hvc0\0", 13));
    EXPECT_NE(fdt_path_offset(blob.data(), "/cpus/PowerPC,POWER9@1"), -FDT_ERR_NOTFOUND);
    EXPECT_NE(fdt_path_offset(blob.data(), "/vdevice/vty@71000000"), -FDT_ERR_NOTFOUND);
    EXPECT_EQ(prop(blob, "/rtas", "ibm,hypertas-functions").substr(0, 9), "hcall-pft");
    EXPECT_EQ(fdt_path_offset(blob.data(), "/hypervisor"), -FDT_ERR_NOTFOUND);
}

TEST(PseriesDeviceTree, ArchitectureVector5ChoosesTheMmu) {
    PseriesTreeConfig cfg;
    cfg.platform = platform_for("POWER9");
    cfg.ram_bytes = 1ull << 30;
    cfg.radix = true;
    auto radix = build_pseries_device_tree(cfg);
    cfg.radix = false;
    auto hash = build_pseries_device_tree(cfg);
    EXPECT_EQ(static_cast<uint8_t>(prop(radix, "/chosen", "ibm,architecture-vec-5")[24]), 0x40);
    EXPECT_EQ(static_cast<uint8_t>(prop(hash, "/chosen", "ibm,architecture-vec-5")[24]), 0x00);
}

// Linux's disable_radix (early_param, kstrtobool values): alone or with a true value it asks
// for hash; a false or unreadable value, or a longer word, leaves radix.
TEST(PseriesDeviceTree, DisableRadixOnTheCommandLine) {
    EXPECT_FALSE(bootargs_disable_radix(""));
    EXPECT_FALSE(bootargs_disable_radix("console=hvc0 quiet"));
    EXPECT_TRUE(bootargs_disable_radix("console=hvc0 quiet disable_radix"));
    EXPECT_TRUE(bootargs_disable_radix("disable_radix console=hvc0"));
    for (const char* yes : {"disable_radix=1", "disable_radix=y", "disable_radix=Yes",
                            "disable_radix=on", "disable_radix=ON"})
        EXPECT_TRUE(bootargs_disable_radix(yes)) << yes;
    for (const char* no : {"disable_radix=0", "disable_radix=n", "disable_radix=off",
                           "disable_radix=", "disable_radix=maybe", "disable_radixx",
                           "xdisable_radix", "disable_radix=o"})
        EXPECT_FALSE(bootargs_disable_radix(no)) << no;
    EXPECT_FALSE(bootargs_disable_radix("disable_radix disable_radix=no")) << "the last wins";
    EXPECT_TRUE(bootargs_disable_radix("disable_radix=no disable_radix"));
}

TEST(PseriesDeviceTree, ParavirtAddsTheHypervisorNode) {
    auto blob = build(platform_for("POWER9", 0, PPCVM_CONFIG_F_PARAVIRT));
    std::string seq = prop(blob, "/hypervisor", "hcall-instructions");
    ASSERT_EQ(seq.size(), 16u);
    EXPECT_EQ(static_cast<uint8_t>(seq[0]), 0x3c);  // lis r0,0x4b56 (big-endian cells)
    EXPECT_EQ(static_cast<uint8_t>(seq[1]), 0x00);
    EXPECT_EQ(static_cast<uint8_t>(seq[2]), 0x4b);
}

TEST(PseriesDeviceTree, HptSizeFollowsRam) {
    EXPECT_EQ(default_hpt_shift(1ull << 30), 23u);
    EXPECT_EQ(default_hpt_shift(512ull << 20), 22u);
    EXPECT_EQ(default_hpt_shift(16ull << 20), 18u);
    EXPECT_EQ(default_hpt_shift((1ull << 30) + 1), 24u);
}

// Fuzzer finding (boot_inputs target): a zero-size reservation was written as is, and the
// first entry of size 0 ends the reserve map for every reader, so the entries after it were
// lost. An empty reservation reserves nothing and is left out.
TEST(PseriesDeviceTree, EmptyReservationDoesNotHideTheOthers) {
    PseriesTreeConfig cfg;
    cfg.platform = platform_for("POWER9");
    cfg.ram_bytes = 1ull << 30;
    cfg.reserved = {{0x1000, 0x1000}, {0, 0}, {0x5000, 0}, {0x3fff0000, 0x10000}};
    auto blob = build_pseries_device_tree(cfg);
    ASSERT_EQ(fdt_check_full(blob.data(), blob.size()), 0);
    ASSERT_EQ(fdt_num_mem_rsv(blob.data()), 2);
    uint64_t address = 0, size = 0;
    ASSERT_EQ(fdt_get_mem_rsv(blob.data(), 1, &address, &size), 0);
    EXPECT_EQ(address, 0x3fff0000u);
    EXPECT_EQ(size, 0x10000u);
}

struct QemuCase {
    const char* qemu_cpu;
    const char* our_cpu;
    const char* machine_opts;
    uint32_t compat;
};

class AgainstQemu : public ::testing::TestWithParam<QemuCase> {};

TEST_P(AgainstQemu, CpuPropertiesMatch) {
    const QemuCase& c = GetParam();
    std::vector<uint8_t> theirs = qemu_tree(c.machine_opts, c.qemu_cpu);
    ASSERT_FALSE(theirs.empty()) << "qemu-system-ppc64 is needed (scripts/install-deps.sh)";
    auto ours = build(platform_for(c.our_cpu, c.compat));
    const std::string node = std::string("/cpus/PowerPC,") +
                             std::string(c.qemu_cpu).substr(0, std::string(c.qemu_cpu).find('_')) +
                             "@0";
    for (const char* name :
         {"cpu-version", "ibm,pa-features", "ibm,segment-page-sizes",
          "ibm,processor-radix-AP-encodings", "ibm,dec-bits", "ibm,processor-segment-sizes",
          "ibm,pft-size", "ibm,vmx", "ibm,dfp", "timebase-frequency", "slb-size",
          "ibm,slb-size", "d-cache-block-size", "i-cache-block-size", "64-bit", "reg",
          "ibm,ppc-interrupt-server#s", "device_type"})
        EXPECT_EQ(prop(ours, node, name), prop(theirs, node, name)) << c.our_cpu << " " << name;
    // RTAS tokens for every service we offer are QEMU's.
    for (const auto& s : rtas_services())
        EXPECT_EQ(prop(ours, "/rtas", s.name), prop(theirs, "/rtas", s.name)) << s.name;
    EXPECT_EQ(prop(ours, "/interrupt-controller", "compatible"),
              prop(theirs, "/interrupt-controller", "compatible"));
}

INSTANTIATE_TEST_SUITE_P(
    Models, AgainstQemu,
    ::testing::Values(QemuCase{"POWER8", "POWER8", "", 0},
                      QemuCase{"POWER9", "POWER9_v2.0", "", 0},
                      QemuCase{"POWER10", "POWER10", "", 0},
                      QemuCase{"POWER9", "POWER9_v2.0", "max-cpu-compat=power8,", 0x0f000004}));

}  // namespace
}  // namespace ppcvm::pseries

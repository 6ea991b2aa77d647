#include "cli/command_line.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "cli/describe.hpp"

namespace ppcvm::cli {
namespace {

CommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "ppcvm");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

std::string usage_error(std::vector<const char*> args) {
    try {
        parse(args);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(accepted)";
}

// A small real file to stand in for a kernel or initrd.
std::string temp_file(const char* name) {
    std::string path = ::testing::TempDir() + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("not empty", f);
    std::fclose(f);
    return path;
}

TEST(CommandLine, QemuStyleOptions) {
    const std::string vmlinux = temp_file("vmlinux"), initrd = temp_file("initrd.cpio.gz");
    auto cl = parse({"-M", "pseries,max-cpu-compat=power8", "-cpu", "POWER9", "-m", "1G", "-smp",
                     "2", "-nographic", "-kernel", vmlinux.c_str(), "-initrd", initrd.c_str(),
                     "-append", "console=hvc0 -x", "-no-reboot", "-s", "-S"});
    EXPECT_EQ(cl.action, Action::Run);
    EXPECT_EQ(cl.machine_name, "pseries");
    EXPECT_EQ(cl.request.platform, Platform::Papr);
    EXPECT_EQ(cl.request.pvr, 0x004e1202u);
    EXPECT_EQ(cl.request.compat_pvr, 0x0f000004u);
    EXPECT_EQ(cl.ram_bytes, 1ull << 30);
    EXPECT_EQ(cl.smp, 2u);
    EXPECT_TRUE(cl.nographic);
    EXPECT_EQ(cl.kernel, vmlinux);
    EXPECT_EQ(cl.initrd, initrd);
    EXPECT_EQ(cl.append, "console=hvc0 -x");
    EXPECT_TRUE(cl.no_reboot);
    EXPECT_EQ(cl.gdb, "tcp::1234");
    EXPECT_TRUE(cl.start_stopped);
}

TEST(CommandLine, DoubleDashSpellingsAndMachineAlias) {
    auto cl = parse({"--machine", "type=ppce500", "--cpu", "e500", "--describe", "--json"});
    EXPECT_EQ(cl.action, Action::Describe);
    EXPECT_TRUE(cl.json);
    EXPECT_EQ(cl.request.platform, Platform::BookE);
    EXPECT_EQ(cl.request.pvr, 0x80210022u);
}

TEST(CommandLine, HelpWords) {
    EXPECT_EQ(parse({"-machine", "help"}).action, Action::MachineHelp);
    EXPECT_EQ(parse({"-M", "?"}).action, Action::MachineHelp);
    EXPECT_EQ(parse({"-cpu", "help"}).action, Action::CpuHelp);
    EXPECT_EQ(parse({"-cpu", "?"}).action, Action::CpuHelp);
    EXPECT_EQ(parse({"-h"}).action, Action::Help);
    EXPECT_EQ(parse({"-help"}).action, Action::Help);
}

TEST(CommandLine, KvmTypeSelectsTheEngine) {
    EXPECT_EQ(parse({"-M", "pseries,kvm-type=PR"}).request.engine, EngineKind::Exact);
    EXPECT_EQ(parse({"-M", "pseries,kvm-type=HV"}).request.engine, EngineKind::Fast);
    EXPECT_EQ(parse({"-M", "pseries,kvm-type=auto"}).request.engine, EngineKind::Auto);
    EXPECT_EQ(parse({"--engine", "exact"}).request.engine, EngineKind::Exact);
    EXPECT_NE(usage_error({"-M", "pseries,kvm-type=XX"}).find("kvm-type"), std::string::npos);
}

TEST(CommandLine, HarmlessQemuOptionsWarn) {
    auto cl = parse({"-M", "pseries,cap-htm=off,x-vof=on", "-accel", "tcg,thread=multi"});
    EXPECT_EQ(cl.warnings.size(), 3u);
}

TEST(CommandLine, ParavirtAndForceExactProperties) {
    auto cl = parse({"-M", "ppce500,paravirt=on,force-exact=on"});
    EXPECT_EQ(cl.request.flags, PPCVM_CONFIG_F_PARAVIRT | PPCVM_CONFIG_F_FORCE_EXACT);
}

// QEMU merges repeated -machine options in order; later values win.
TEST(CommandLine, RepeatedMachineOptionsMerge) {
    auto cl = parse({"-M", "pseries", "-M", "paravirt=on,max-cpu-compat=power8", "-machine",
                     "paravirt=off,force-exact=on"});
    EXPECT_EQ(cl.machine_name, "pseries");
    EXPECT_EQ(cl.request.flags, PPCVM_CONFIG_F_FORCE_EXACT);
    ASSERT_TRUE(cl.max_cpu_compat);
    EXPECT_EQ(*cl.max_cpu_compat, "power8");
    auto later = parse({"-M", "pseries", "-M", "ppce500"});
    EXPECT_EQ(later.machine_name, "ppce500");
}

TEST(CommandLine, LogicalPvrAsCpu) {
    auto cl = parse({"-cpu", "0x0f000004", "--describe"});
    auto d = describe(cl);
    EXPECT_EQ(d.info.isa_level, PPCVM_ISA_2_07);
}

TEST(CommandLine, MemoryAndSmpSyntax) {
    std::vector<std::string> w;
    EXPECT_EQ(parse_memory_size("512", w), 512ull << 20);
    EXPECT_EQ(parse_memory_size("2G", w), 2ull << 30);
    EXPECT_EQ(parse_memory_size("size=256M,slots=2,maxmem=4G", w), 256ull << 20);
    EXPECT_EQ(w.size(), 2u);
    EXPECT_EQ(parse_smp("4", w), 4u);
    EXPECT_EQ(parse_smp("cpus=3,maxcpus=8", w), 3u);
    EXPECT_EQ(parse_smp("sockets=1,cores=2,threads=2", w), 4u);
    EXPECT_THROW(parse_memory_size("0", w), UsageError);
    EXPECT_THROW(parse_memory_size("lots", w), UsageError);
    EXPECT_THROW(parse_memory_size("100000T", w), UsageError);
    EXPECT_THROW(parse_smp("0", w), UsageError);
    EXPECT_THROW(parse_smp("cpus=x", w), UsageError);
}

TEST(CommandLine, Mistakes) {
    EXPECT_NE(usage_error({"-M", "amiga"}).find("unknown machine 'amiga'"), std::string::npos);
    EXPECT_NE(usage_error({"-cpu", "pentium"}).find("unknown CPU model 'pentium'"),
              std::string::npos);
    EXPECT_NE(usage_error({"-m", "0"}).find("-m 0"), std::string::npos);
    EXPECT_NE(usage_error({"-smp", "0"}).find("-smp 0"), std::string::npos);
    EXPECT_NE(usage_error({"-frobnicate"}).find("frobnicate"), std::string::npos);
    EXPECT_NE(usage_error({"-M", "pseries,max-cpu-compat=power4"}).find("power4"),
              std::string::npos);
    EXPECT_NE(usage_error({"-M", "ppce500,max-cpu-compat=power8"}).find("pseries property"),
              std::string::npos);
    EXPECT_NE(usage_error({"-accel", "kvm"}).find("not available"), std::string::npos);
    EXPECT_NE(usage_error({"-M", "pseries,bogus=1"}).find("unknown machine property 'bogus'"),
              std::string::npos);
    EXPECT_NE(usage_error({"-display", "gtk"}).find("no graphical display"), std::string::npos);
    EXPECT_NE(usage_error({"disk.img"}).find("disk.img"), std::string::npos);
    EXPECT_NE(usage_error({"-cpu"}).find("cpu"), std::string::npos);
}

TEST(CommandLine, MachineRulesOnTheProcessor) {
    try {
        describe(parse({"-M", "powernv8", "-cpu", "POWER9"}));
        FAIL();
    } catch (const ppcvm::Error& e) {
        EXPECT_NE(std::string(e.what()).find("POWER9"), std::string::npos);
    }
    EXPECT_THROW(describe(parse({"-M", "g3beige", "-cpu", "POWER9"})), ppcvm::Error);
    EXPECT_THROW(describe(parse({"-M", "powernv", "-cpu", "970"})), ppcvm::Error);
    EXPECT_NO_THROW(describe(parse({"-M", "mac99", "-cpu", "7447a"})));
}

}  // namespace
}  // namespace ppcvm::cli

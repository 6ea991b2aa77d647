#include "platform/platform_resolver.hpp"

#include <gtest/gtest.h>

namespace ppcvm {
namespace {

PlatformRequest req(Platform p, uint32_t pvr, uint32_t compat = 0, uint64_t flags = 0,
                    EngineKind engine = EngineKind::Auto) {
    PlatformRequest r;
    r.platform = p;
    r.pvr = pvr;
    r.compat_pvr = compat;
    r.flags = flags;
    r.engine = engine;
    return r;
}

// Expect a ConfigError whose message contains every fragment; returns its status.
int expect_rejected(const PlatformRequest& r, std::initializer_list<const char*> fragments) {
    try {
        resolve_platform(r);
    } catch (const ConfigError& e) {
        for (const char* f : fragments)
            EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
                << "message '" << e.what() << "' lacks '" << f << "'";
        return e.status();
    }
    ADD_FAILURE() << "request was accepted";
    return 0;
}

TEST(PlatformResolver, Power9OnPaprIsNative) {
    auto r = resolve_platform(req(Platform::Papr, 0x004e1202));
    EXPECT_EQ(r.platform, Platform::Papr);
    EXPECT_EQ(r.pvr & 0xffffff00u, 0x004e1200u);
    EXPECT_EQ(r.compat_pvr, 0u);
    EXPECT_EQ(r.pcr, 0u);
    EXPECT_EQ(r.cpu->mmu_models, PPCVM_MMU_HASH64 | PPCVM_MMU_RADIX);
    EXPECT_EQ(r.engine, EngineKind::Exact);
    EXPECT_NE(r.engine_reason.find("auto"), std::string::npos);
    EXPECT_TRUE(r.hcall_sequence.empty());
}

TEST(PlatformResolver, Power9AsPower8AndPower6) {
    auto p8 = resolve_platform(req(Platform::Papr, 0x004e1202, PPCVM_PVR_ARCH_2_07));
    EXPECT_EQ(p8.compat_pvr, 0x0f000004u);
    EXPECT_EQ(p8.pcr, 0x8u);
    EXPECT_EQ(p8.pvr, 0x004e1202u) << "the guest keeps its own PVR";
    EXPECT_EQ(p8.effective_isa, IsaLevel::V2_07);
    auto p6 = resolve_platform(req(Platform::Papr, 0x004e1202, PPCVM_PVR_ARCH_2_05));
    EXPECT_EQ(p6.pcr, 0xeu);
    EXPECT_FALSE(p6.facilities & PPCVM_FAC_VSX);
}

TEST(PlatformResolver, CompatAtOwnLevelIsArchitectedModeWithZeroPcr) {
    auto r = resolve_platform(req(Platform::Papr, 0x004e1202, PPCVM_PVR_ARCH_3_00));
    EXPECT_EQ(r.compat_pvr, PPCVM_PVR_ARCH_3_00);
    EXPECT_EQ(r.pcr, 0u);
}

TEST(PlatformResolver, DefaultsFollowThePlatformAndTheProcessor) {
    EXPECT_STREQ(resolve_platform(req(Platform::Papr, 0)).cpu->name, "POWER9");
    EXPECT_STREQ(resolve_platform(req(Platform::BookE, 0)).cpu->name, "e500v2");
    EXPECT_EQ(resolve_platform(req(Platform::Default, 0x80210022)).platform, Platform::BookE);
    EXPECT_EQ(resolve_platform(req(Platform::Default, 0x000C0209)).platform, Platform::BareMetal);
    EXPECT_EQ(resolve_platform(req(Platform::Default, 0x004D0200)).platform, Platform::Papr);
}

TEST(PlatformResolver, LogicalPvrSelectsAModelOfThatLevel) {
    auto r = resolve_platform(req(Platform::Papr, PPCVM_PVR_ARCH_2_07));
    EXPECT_EQ(r.cpu->isa, IsaLevel::V2_07);
    EXPECT_EQ(r.pvr, 0x004D0200u);  // the guest reads the model's real PVR
}

// ---- every validation rule, one message each ----

TEST(PlatformResolver, PaprRejects32BitAndBookEProcessors) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x80210022), {"PAPR", "e500v2", "BookE"}),
              PPCVM_E_MISMATCH);
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x000C0209), {"PAPR", "7400", "32-bit"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, BookERejectsBook3S) {
    EXPECT_EQ(expect_rejected(req(Platform::BookE, 0x004e1202), {"BookE", "POWER9"}),
              PPCVM_E_MISMATCH);
    EXPECT_EQ(expect_rejected(req(Platform::BookE, 0x00080301), {"BookE", "750"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, BareMetalRejectsBookE) {
    EXPECT_EQ(expect_rejected(req(Platform::BareMetal, 0x80400020), {"bare-metal", "e6500"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, CompatNewerThanProcessor) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x004D0200, PPCVM_PVR_ARCH_3_00),
                              {"3.00", "newer than POWER8"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, CompatOutsideSupportedSet) {
    // 2.04 is older than any PCR level.
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x004e1202, PPCVM_PVR_ARCH_2_04),
                              {"POWER9 cannot run as ISA 2.04", "2.05"}),
              PPCVM_E_MISMATCH);
    // POWER7 cannot present 2.06+.
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x003F0201, PPCVM_PVR_ARCH_2_06P),
                              {"newer than POWER7"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, CompatWithoutPcr) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x00390202, PPCVM_PVR_ARCH_2_04),
                              {"970", "no Processor Compatibility Register"}),
              PPCVM_E_MISMATCH);
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x003E0000, PPCVM_PVR_ARCH_2_05),
                              {"POWER6", "no Processor Compatibility Register"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, CompatMustBeALogicalPvr) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x004e1202, 0x004D0200), {"not a logical PVR"}),
              PPCVM_E_INVALID);
}

TEST(PlatformResolver, CompatOnBareMetalIsTheGuestsOwnBusiness) {
    EXPECT_EQ(expect_rejected(req(Platform::BareMetal, 0x004e1202, PPCVM_PVR_ARCH_2_07),
                              {"bare-metal", "PCR"}),
              PPCVM_E_MISMATCH);
}

TEST(PlatformResolver, UnknownPvr) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0x12345678), {"unknown PVR 0x12345678"}),
              PPCVM_E_UNKNOWN_CPU);
}

TEST(PlatformResolver, UnknownFlagsPlatformAndEngine) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0, 0, 1ull << 40), {"unknown config flags"}),
              PPCVM_E_INVALID);
    EXPECT_EQ(expect_rejected(req(static_cast<Platform>(9), 0), {"unknown platform 9"}),
              PPCVM_E_INVALID);
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0, 0, 0, static_cast<EngineKind>(7)),
                              {"unknown engine 7"}),
              PPCVM_E_INVALID);
}

TEST(PlatformResolver, ForcedFastEngineThatCannotServeSaysWhy) {
    EXPECT_EQ(expect_rejected(req(Platform::Papr, 0, 0, 0, EngineKind::Fast),
                              {"fast engine", "cannot serve", "POWER9"}),
              PPCVM_E_ENGINE);
}

TEST(PlatformResolver, ForceExactContradictsFast) {
    expect_rejected(req(Platform::Papr, 0, 0, PPCVM_CONFIG_F_FORCE_EXACT, EngineKind::Fast),
                    {"contradicts"});
    auto r = resolve_platform(req(Platform::Papr, 0, 0, PPCVM_CONFIG_F_FORCE_EXACT));
    EXPECT_EQ(r.engine, EngineKind::Exact);
    EXPECT_NE(r.engine_reason.find("forced"), std::string::npos);
}

TEST(PlatformResolver, EveryProblemIsReported) {
    try {
        resolve_platform(req(Platform::BookE, 0x004D0200, PPCVM_PVR_ARCH_3_00, 1ull << 9));
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.problems().size(), 3u) << e.what();
    }
}

TEST(PlatformResolver, ParavirtSequenceDependsOnPlatform) {
    const std::vector<uint32_t> magic = {0x3c004b56, 0x60004d21, 0x44000002, 0x60000000};
    const std::vector<uint32_t> sc1 = {0x44000022, 0x60000000, 0x60000000, 0x60000000};
    EXPECT_EQ(resolve_platform(req(Platform::Papr, 0, 0, PPCVM_CONFIG_F_PARAVIRT)).hcall_sequence,
              magic);
    EXPECT_EQ(resolve_platform(req(Platform::BareMetal, 0x000C0209, 0, PPCVM_CONFIG_F_PARAVIRT))
                  .hcall_sequence,
              magic);
    EXPECT_EQ(resolve_platform(req(Platform::BookE, 0x80210022, 0, PPCVM_CONFIG_F_PARAVIRT))
                  .hcall_sequence,
              magic);  // e500v2 has no Embedded.Hypervisor category
    EXPECT_EQ(resolve_platform(req(Platform::BookE, 0x80230020, 0, PPCVM_CONFIG_F_PARAVIRT))
                  .hcall_sequence,
              sc1);
}

}  // namespace
}  // namespace ppcvm

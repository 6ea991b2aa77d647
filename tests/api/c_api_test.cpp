// The C ABI's struct versioning and error reporting.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "ppcvm/ppcvm.h"
#include "ppcvm/ppcvm.hpp"

namespace {

static_assert(sizeof(ppcvm_config) == PPCVM_CONFIG_SIZE_VER1);
static_assert(offsetof(ppcvm_config, engine) == PPCVM_CONFIG_SIZE_VER0);
static_assert(sizeof(ppcvm_platform_info) % 8 == 0);
static_assert(sizeof(ppcvm_pvinfo) % 8 == 0);

ppcvm_platform_info describe_ok(const ppcvm_config& cfg) {
    ppcvm_platform_info info{};
    info.size = sizeof info;
    EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_OK) << ppcvm_last_error();
    return info;
}

TEST(CApi, DescribeDefaultsToPaprPower9) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    EXPECT_EQ(cfg.size, sizeof cfg);
    auto info = describe_ok(cfg);
    EXPECT_EQ(info.platform, PPCVM_PLATFORM_PAPR);
    EXPECT_STREQ(info.model_name, "POWER9");
    EXPECT_EQ(info.isa_level, PPCVM_ISA_3_00);
    EXPECT_EQ(info.address_bits, 64u);
    EXPECT_EQ(info.endianness, PPCVM_ENDIAN_BI);
    EXPECT_EQ(info.engine, PPCVM_ENGINE_EXACT);
    EXPECT_GT(std::strlen(info.engine_reason), 10u);
    EXPECT_STREQ(ppcvm_last_error(), "");
}

TEST(CApi, OlderSmallerConfigStillWorks) {
    // A version-0 caller knows only the first 24 bytes: the rest must read as zero (defaults),
    // even if the memory after its struct holds garbage.
    struct {
        uint32_t size, platform, pvr, compat_pvr;
        uint64_t flags;
        uint64_t garbage_after[4];
    } v0;
    std::memset(&v0, 0xff, sizeof v0);
    v0.size = PPCVM_CONFIG_SIZE_VER0;
    v0.platform = PPCVM_PLATFORM_PAPR;
    v0.pvr = 0x004e1202;
    v0.compat_pvr = PPCVM_PVR_ARCH_2_07;
    v0.flags = 0;
    ppcvm_platform_info info{};
    info.size = sizeof info;
    ASSERT_EQ(ppcvm_describe(reinterpret_cast<ppcvm_config*>(&v0), &info), PPCVM_OK)
        << ppcvm_last_error();
    EXPECT_EQ(info.pcr, 0x8u);
    EXPECT_EQ(info.engine, PPCVM_ENGINE_EXACT);
}

TEST(CApi, LargerConfigWithZeroTailIsAcceptedNonZeroTailRefused) {
    std::vector<unsigned char> buf(256, 0);
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    std::memcpy(buf.data(), &cfg, sizeof cfg);
    uint32_t size = 256;
    std::memcpy(buf.data(), &size, 4);
    ppcvm_platform_info info{};
    info.size = sizeof info;
    EXPECT_EQ(ppcvm_describe(reinterpret_cast<ppcvm_config*>(buf.data()), &info), PPCVM_OK);
    buf[200] = 1;
    EXPECT_EQ(ppcvm_describe(reinterpret_cast<ppcvm_config*>(buf.data()), &info),
              PPCVM_E_TOO_NEW);
    EXPECT_NE(std::string(ppcvm_last_error()).find("byte 200"), std::string::npos)
        << ppcvm_last_error();
}

TEST(CApi, UnknownSizesAreRefused) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    ppcvm_platform_info info{};
    info.size = sizeof info;
    for (uint32_t bad : {0u, 4u, 16u, 20u, 25u, 130u, PPCVM_STRUCT_SIZE_MAX + 8}) {
        cfg.size = bad;
        EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_E_BAD_SIZE) << bad;
        EXPECT_NE(std::string(ppcvm_last_error()).find("size"), std::string::npos);
    }
}

TEST(CApi, ReservedBytesAndUnknownFlagsAreRefused) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    ppcvm_platform_info info{};
    info.size = sizeof info;
    cfg.reserved0 = 1;
    EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_E_INVALID);
    EXPECT_NE(std::string(ppcvm_last_error()).find("reserved0"), std::string::npos);
    cfg.reserved0 = 0;
    for (size_t i = 0; i < 12; ++i) {
        cfg.reserved[i] = 1ull << (i * 5);
        EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_E_INVALID) << i;
        cfg.reserved[i] = 0;
    }
    cfg.flags = 1ull << 63;
    EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_E_INVALID);
    EXPECT_NE(std::string(ppcvm_last_error()).find("flags"), std::string::npos);
}

TEST(CApi, SmallerOutputStructGetsWhatFits) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    struct {
        ppcvm_platform_info head;  // we pass a smaller size than the struct: only 48 bytes
    } out;
    std::memset(&out, 0xAB, sizeof out);
    out.head.size = 48;  // size, platform, pvr, family, model_name
    ASSERT_EQ(ppcvm_describe(&cfg, &out.head), PPCVM_OK) << ppcvm_last_error();
    EXPECT_EQ(out.head.size, 48u);
    EXPECT_STREQ(out.head.model_name, "POWER9");
    // Nothing past the caller's 48 bytes was written.
    EXPECT_EQ(reinterpret_cast<unsigned char*>(&out.head)[48], 0xAB);
}

TEST(CApi, ErrorsAreReturnedNotThrown) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    cfg.platform = PPCVM_PLATFORM_PAPR;
    cfg.pvr = 0x80210022;
    ppcvm_platform_info info{};
    info.size = sizeof info;
    EXPECT_EQ(ppcvm_describe(&cfg, &info), PPCVM_E_MISMATCH);
    EXPECT_NE(std::string(ppcvm_last_error()).find("e500v2"), std::string::npos);
    EXPECT_EQ(ppcvm_describe(nullptr, &info), PPCVM_E_INVALID);
    EXPECT_EQ(ppcvm_describe(&cfg, nullptr), PPCVM_E_INVALID);
}

TEST(CApi, PvinfoNeedsParavirtAndGivesThePlatformsSequence) {
    ppcvm_config cfg;
    ppcvm_config_init(&cfg);
    ppcvm_pvinfo pv{};
    pv.size = sizeof pv;
    EXPECT_EQ(ppcvm_get_pvinfo(&cfg, &pv), PPCVM_E_INVALID);
    cfg.flags = PPCVM_CONFIG_F_PARAVIRT;
    ASSERT_EQ(ppcvm_get_pvinfo(&cfg, &pv), PPCVM_OK) << ppcvm_last_error();
    EXPECT_EQ(pv.hcall[0], 0x3c004b56u);
    EXPECT_EQ(pv.hcall[2], 0x44000002u);
    EXPECT_EQ(pv.magic_page_ea, 0xfffffffffffff000ull);
    cfg.platform = PPCVM_PLATFORM_BOOKE;
    cfg.pvr = 0x80400020;  // e6500 has Embedded.Hypervisor: sc 1
    ASSERT_EQ(ppcvm_get_pvinfo(&cfg, &pv), PPCVM_OK) << ppcvm_last_error();
    EXPECT_EQ(pv.hcall[0], 0x44000022u);
}

TEST(CApi, CpuLookup) {
    uint32_t pvr = 0;
    EXPECT_EQ(ppcvm_cpu_lookup("power9_v2.2", &pvr), PPCVM_OK);
    EXPECT_EQ(pvr, 0x004e1202u);
    EXPECT_EQ(ppcvm_cpu_lookup("0x0f000004", &pvr), PPCVM_OK);
    EXPECT_EQ(pvr, 0x0f000004u);
    EXPECT_EQ(ppcvm_cpu_lookup("pentium", &pvr), PPCVM_E_UNKNOWN_CPU);
    EXPECT_NE(std::string(ppcvm_last_error()).find("pentium"), std::string::npos);
    EXPECT_EQ(ppcvm_cpu_lookup("0x00000001", &pvr), PPCVM_E_UNKNOWN_CPU);
}

TEST(CApi, CatalogEnumeration) {
    uint32_t n = 0;
    ppcvm_platform_info info{};
    info.size = sizeof info;
    while (ppcvm_cpu_catalog_entry(n, &info) == PPCVM_OK) ++n;
    EXPECT_GE(n, 25u);
}

TEST(CppApi, BuilderAndExceptions) {
    auto info = ppcvm::PlatformConfig().cpu("POWER9").compat(PPCVM_PVR_ARCH_2_07).describe();
    EXPECT_EQ(info.pcr, 0x8u);
    EXPECT_EQ(info.platform_name(), "PAPR");
    try {
        ppcvm::PlatformConfig().platform(PPCVM_PLATFORM_BOOKE).cpu("POWER9").describe();
        FAIL();
    } catch (const ppcvm::Error& e) {
        EXPECT_EQ(e.status(), PPCVM_E_MISMATCH);
    }
    EXPECT_THROW(ppcvm::PlatformConfig().cpu("nonesuch"), ppcvm::Error);
}

}  // namespace

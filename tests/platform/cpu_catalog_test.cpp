#include "platform/cpu_catalog.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ppcvm {
namespace {

TEST(CpuCatalog, EveryReferenceModelIsPresentWithItsPvr) {
    const std::pair<const char*, uint32_t> expected[] = {
        {"970", 0x00390202},      {"970fx", 0x003C0300},   {"970mp", 0x00440101},
        {"POWER5+", 0x003B0201},  {"POWER6", 0x003E0000},  {"POWER7", 0x003F0201},
        {"POWER7+", 0x004A0201},  {"POWER8E", 0x004B0201}, {"POWER8NVL", 0x004C0100},
        {"POWER8", 0x004D0200},   {"POWER9", 0x004E1202},  {"POWER10", 0x00800200},
        {"750", 0x00080301},      {"750_v2.0", 0x00080200}, {"750cl", 0x00087210},
        {"7400", 0x000C0209},     {"7410", 0x800C1104},    {"7450", 0x80000201},
        {"7447a", 0x80030102},    {"7448", 0x80040201},    {"e500v1", 0x80200020},
        {"e500v2", 0x80210022},   {"e500mc", 0x80230020},  {"e5500", 0x80240020},
        {"e6500", 0x80400020},
    };
    for (auto [name, pvr] : expected) {
        const CpuModel* m = find_cpu_by_name(name);
        ASSERT_NE(m, nullptr) << name;
        EXPECT_EQ(m->pvr, pvr) << name;
        EXPECT_EQ(find_cpu_by_pvr(pvr), m) << name;
    }
}

TEST(CpuCatalog, NamesAreUniqueAcrossModelsAndAliases) {
    std::set<std::string> seen;
    for (const auto& m : cpu_catalog()) {
        auto lower = [](std::string s) {
            for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        EXPECT_TRUE(seen.insert(lower(m.name)).second) << m.name;
        for (const char* a : m.aliases) EXPECT_TRUE(seen.insert(lower(a)).second) << a;
    }
}

TEST(CpuCatalog, NamesAsPeopleTypeThem) {
    const std::pair<const char*, const char*> cases[] = {
        {"POWER9", "POWER9"},   {"power9", "POWER9"},    {"Power9", "POWER9"},
        {"power9_v2.2", "POWER9"}, {"POWER9_V2.0", "POWER9_v2.0"}, {"power8", "POWER8"},
        {"power10", "POWER10"}, {"g3", "750"},           {"G4", "7400"},
        {"7447a", "7447a"},     {"7447A", "7447a"},      {"e500", "e500v2"},
        {"e500v2", "e500v2"},   {"E6500", "e6500"},      {"970", "970"},
        {"power7+", "POWER7+"}, {"power5+", "POWER5+"},
    };
    for (auto [typed, canonical] : cases) {
        const CpuModel* m = find_cpu_by_name(typed);
        ASSERT_NE(m, nullptr) << typed;
        EXPECT_STREQ(m->name, canonical) << typed;
    }
    EXPECT_EQ(find_cpu_by_name("power11"), nullptr);
    EXPECT_EQ(find_cpu_by_name(""), nullptr);
    EXPECT_EQ(find_cpu_by_name("power9 "), nullptr);
}

TEST(CpuCatalog, LogicalPvrsNameTheMostCapableModelOfEachLevel) {
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000001)->name, "POWER5+");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000002)->name, "POWER6");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000003)->name, "POWER7");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f100003)->name, "POWER7+");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000004)->name, "POWER8");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000005)->name, "POWER9");
    EXPECT_STREQ(find_cpu_for_logical_pvr(0x0f000006)->name, "POWER10");
    EXPECT_EQ(find_cpu_for_logical_pvr(0x0f000007), nullptr);
    EXPECT_EQ(find_cpu_for_logical_pvr(0x004e1202), nullptr);
    // Each logical level resolves to a model of exactly that level.
    for (uint32_t pvr : {0x0f000001u, 0x0f000002u, 0x0f000003u, 0x0f100003u, 0x0f000004u,
                         0x0f000005u, 0x0f000006u})
        EXPECT_EQ(find_cpu_for_logical_pvr(pvr)->isa, *isa_for_logical_pvr(pvr));
}

TEST(CpuCatalog, CompatNames) {
    EXPECT_EQ(logical_pvr_for_compat_name("power8"), 0x0f000004u);
    EXPECT_EQ(logical_pvr_for_compat_name("POWER9"), 0x0f000005u);
    EXPECT_EQ(logical_pvr_for_compat_name("power6"), 0x0f000002u);
    EXPECT_EQ(logical_pvr_for_compat_name("power7+"), 0x0f100003u);
    EXPECT_FALSE(logical_pvr_for_compat_name("power4"));
}

TEST(CpuCatalog, PvrNumbers) {
    EXPECT_EQ(parse_pvr_number("0x004e1202"), 0x004e1202u);
    EXPECT_EQ(parse_pvr_number("0X0F000004"), 0x0f000004u);
    EXPECT_FALSE(parse_pvr_number("750"));  // a model name, not a number
    EXPECT_FALSE(parse_pvr_number("0x"));
    EXPECT_FALSE(parse_pvr_number("0x123456789"));
    EXPECT_FALSE(parse_pvr_number("0xzz"));
}

// The PCR for every (CPU, compat) pair the catalog allows, against Linux's rule
// (kvmppc_set_arch_compat: host level bit minus guest level bit) plus the facility-disable bits
// each model implements. The table is keyed by the CPU's own ISA level; every pair in the
// catalog must appear in it.
TEST(CpuCatalog, PcrForEveryAllowedPair) {
    struct Case {
        IsaLevel cpu;
        IsaLevel compat;
        uint64_t pcr;
    };
    const Case table[] = {
        {IsaLevel::V2_06, IsaLevel::V2_05, pcr::kArch205 | pcr::kVsxDis},
        {IsaLevel::V2_06, IsaLevel::V2_06, 0},
        {IsaLevel::V2_06P, IsaLevel::V2_05, pcr::kArch205 | pcr::kVsxDis},
        {IsaLevel::V2_06P, IsaLevel::V2_06, 0},
        {IsaLevel::V2_07, IsaLevel::V2_05, 0x06 | pcr::kTmDis},
        {IsaLevel::V2_07, IsaLevel::V2_06, 0x04 | pcr::kTmDis},
        {IsaLevel::V2_07, IsaLevel::V2_06P, 0x04 | pcr::kTmDis},
        {IsaLevel::V3_00, IsaLevel::V2_05, 0x0e},
        {IsaLevel::V3_00, IsaLevel::V2_06, 0x0c},
        {IsaLevel::V3_00, IsaLevel::V2_06P, 0x0c},
        {IsaLevel::V3_00, IsaLevel::V2_07, 0x08},
        {IsaLevel::V3_1, IsaLevel::V2_05, 0x1e | pcr::kMmaDis},
        {IsaLevel::V3_1, IsaLevel::V2_06, 0x1c | pcr::kMmaDis},
        {IsaLevel::V3_1, IsaLevel::V2_06P, 0x1c | pcr::kMmaDis},
        {IsaLevel::V3_1, IsaLevel::V2_07, 0x18 | pcr::kMmaDis},
        {IsaLevel::V3_1, IsaLevel::V3_00, 0x10 | pcr::kMmaDis},
    };
    size_t pairs = 0;
    for (const auto& m : cpu_catalog()) {
        for (IsaLevel compat : m.compat_levels) {
            ++pairs;
            const Case* expected = nullptr;
            for (const auto& c : table)
                if (c.cpu == m.isa && c.compat == compat) expected = &c;
            ASSERT_NE(expected, nullptr) << m.name << " as " << isa_level_name(compat);
            EXPECT_EQ(compute_pcr(m, compat), expected->pcr)
                << m.name << " as " << isa_level_name(compat);
            EXPECT_EQ(compute_pcr(m, compat) & ~m.pcr_mask, 0u) << m.name;
        }
        EXPECT_EQ(compute_pcr(m, m.isa), 0u) << m.name << " native";
    }
    EXPECT_EQ(pairs, 26u);
}

TEST(CpuCatalog, FacilitiesFollowTheCompatLevel) {
    const CpuModel* p9 = find_cpu_by_name("POWER9");
    EXPECT_TRUE(facilities_at_level(*p9, IsaLevel::V3_00) & PPCVM_FAC_VSX);
    EXPECT_TRUE(facilities_at_level(*p9, IsaLevel::V2_07) & PPCVM_FAC_TM);
    EXPECT_FALSE(facilities_at_level(*p9, IsaLevel::V2_06) & PPCVM_FAC_TM);
    EXPECT_FALSE(facilities_at_level(*p9, IsaLevel::V2_05) & PPCVM_FAC_VSX);
    const CpuModel* p10 = find_cpu_by_name("POWER10");
    EXPECT_TRUE(facilities_at_level(*p10, IsaLevel::V3_1) & PPCVM_FAC_MMA);
    EXPECT_FALSE(facilities_at_level(*p10, IsaLevel::V3_00) & PPCVM_FAC_MMA);
}

}  // namespace
}  // namespace ppcvm

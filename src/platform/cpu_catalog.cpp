#include "platform/cpu_catalog.hpp"

#include "util/text.hpp"

#include <charconv>

namespace ppcvm {
namespace {

using L = IsaLevel;
constexpr uint32_t kFpu = PPCVM_FAC_FPU, kVmx = PPCVM_FAC_VMX, kVsx = PPCVM_FAC_VSX,
                   kDfp = PPCVM_FAC_DFP, kSpe = PPCVM_FAC_SPE, kTm = PPCVM_FAC_TM,
                   kMma = PPCVM_FAC_MMA;
constexpr uint32_t kHash64 = PPCVM_MMU_HASH64, kRadix = PPCVM_MMU_RADIX,
                   kHash32 = PPCVM_MMU_HASH32, kBookeTlb = PPCVM_MMU_BOOKE_TLB;

// Compat sets (QEMU target/ppc/compat.c: POWER7 2.05-2.06(+), POWER8 2.05-2.07,
// POWER9 2.05-3.00, POWER10 2.05-3.1). Native level is not listed: compat 0 means native.
const std::vector<L> kP7Compat = {L::V2_05, L::V2_06};
const std::vector<L> kP7PlusCompat = {L::V2_05, L::V2_06};
const std::vector<L> kP8Compat = {L::V2_05, L::V2_06, L::V2_06P};
const std::vector<L> kP9Compat = {L::V2_05, L::V2_06, L::V2_06P, L::V2_07};
const std::vector<L> kP10Compat = {L::V2_05, L::V2_06, L::V2_06P, L::V2_07, L::V3_00};

// PCR masks: POWER7 implements VEC_DIS, VSX_DIS and the 2.05 bit; POWER8 TM_DIS and the 2.05/2.06
// bits; POWER9 the 2.05..2.07 bits; POWER10 2.05..3.00 (Power ISA 3.1 Book III 2.2.3 lists
// which bits each level defines; VEC_DIS/VSX_DIS are gone from POWER8 on).
constexpr uint64_t kP7PcrMask = pcr::kVecDis | pcr::kVsxDis | pcr::kArch205;
constexpr uint64_t kP8PcrMask = pcr::kTmDis | pcr::kArch206 | pcr::kArch205;
constexpr uint64_t kP9PcrMask = pcr::kArch207 | pcr::kArch206 | pcr::kArch205;
constexpr uint64_t kP10PcrMask = pcr::kMmaDis | pcr::kArch300 | pcr::kArch207 | pcr::kArch206 | pcr::kArch205;

const std::vector<CpuModel>& catalog_storage() {
    static const std::vector<CpuModel> models = {
        // ---- 64-bit Book III-S -------------------------------------------------------------
        {"970", {"ppc970", "970_v2.2", "g5"}, 0x00390202, CpuFamily::Book3S64, L::V2_01,
         kHash64, kFpu | kVmx, 64, false, false, {}, 0, true, false,
         "PowerPC 970 (G5)", 128},
        {"970fx", {"970fx_v3.0", "ppc970fx"}, 0x003C0300, CpuFamily::Book3S64, L::V2_01,
         kHash64, kFpu | kVmx, 64, false, false, {}, 0, false, false, "PowerPC 970FX", 128},
        {"970mp", {"970mp_v1.1", "ppc970mp"}, 0x00440101, CpuFamily::Book3S64, L::V2_01,
         kHash64, kFpu | kVmx, 64, false, false, {}, 0, false, false, "PowerPC 970MP", 128},
        // Linux's cputable calls the 2.04 logical PVR "POWER5+ (architected)".
        {"POWER5+", {"power5+_v2.1", "power5plus"}, 0x003B0201,
         CpuFamily::Book3S64, L::V2_04, kHash64, kFpu, 64, true, false, {}, 0, true, false,
         "IBM POWER5+", 128},
        {"POWER6", {"power6_v1.0"}, 0x003E0000, CpuFamily::Book3S64, L::V2_05,
         kHash64, kFpu | kVmx | kDfp, 64, true, false, {}, 0, true, false, "IBM POWER6", 128},
        {"POWER7", {"power7_v2.1"}, 0x003F0201, CpuFamily::Book3S64, L::V2_06,
         kHash64, kFpu | kVmx | kVsx | kDfp, 64, true, true, kP7Compat, kP7PcrMask, true, false,
         "IBM POWER7", 128},
        {"POWER7+", {"power7+_v2.1", "power7plus"}, 0x004A0201, CpuFamily::Book3S64,
         L::V2_06P, kHash64, kFpu | kVmx | kVsx | kDfp, 64, true, true, kP7PlusCompat, kP7PcrMask,
         true, false, "IBM POWER7+", 128},
        {"POWER8E", {"power8e_v2.1"}, 0x004B0201, CpuFamily::Book3S64, L::V2_07,
         kHash64, kFpu | kVmx | kVsx | kDfp | kTm, 64, true, true, kP8Compat, kP8PcrMask, false,
         false, "IBM POWER8E", 128},
        {"POWER8NVL", {"power8nvl_v1.0"}, 0x004C0100, CpuFamily::Book3S64, L::V2_07,
         kHash64, kFpu | kVmx | kVsx | kDfp | kTm, 64, true, true, kP8Compat, kP8PcrMask, false,
         false, "IBM POWER8NVL", 128},
        {"POWER8", {"power8_v2.0"}, 0x004D0200, CpuFamily::Book3S64, L::V2_07,
         kHash64, kFpu | kVmx | kVsx | kDfp | kTm, 64, true, true, kP8Compat, kP8PcrMask, true,
         false, "IBM POWER8", 128},
        {"POWER9_v2.0", {}, 0x004E1200, CpuFamily::Book3S64, L::V3_00,
         kHash64 | kRadix, kFpu | kVmx | kVsx | kDfp | kTm, 64, true, true, kP9Compat,
         kP9PcrMask, false, false, "IBM POWER9 DD2.0", 128},
        {"POWER9", {"power9_v2.2", "power9_v2"}, 0x004E1202, CpuFamily::Book3S64,
         L::V3_00, kHash64 | kRadix, kFpu | kVmx | kVsx | kDfp | kTm, 64, true, true, kP9Compat,
         kP9PcrMask, true, false, "IBM POWER9 DD2.2", 128},
        // POWER10 dropped transactional memory and added MMA (Power ISA 3.1).
        {"POWER10", {"power10_v2.0"}, 0x00800200, CpuFamily::Book3S64, L::V3_1,
         kHash64 | kRadix, kFpu | kVmx | kVsx | kDfp | kMma, 64, true, true, kP10Compat,
         kP10PcrMask, true, false, "IBM POWER10 DD2.0", 128},
        // ---- 32-bit Book III-S ("AIM" classic PowerPC) -------------------------------------
        {"750_v2.0", {"g3_v2.0"}, 0x00080200, CpuFamily::Book3S32, L::Classic32, kHash32, kFpu,
         32, true, false, {}, 0, false, false, "PowerPC 750 (G3) v2.0", 32},
        {"750", {"g3", "750_v3.1", "ppc750"}, 0x00080301, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu, 32, true, false, {}, 0, false, false, "PowerPC 750 (G3) v3.1", 32},
        {"750cl", {"750cl_v2.0", "ppc750cl"}, 0x00087210, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu, 32, true, false, {}, 0, false, false, "PowerPC 750CL (Broadway-class)", 32},
        {"7400", {"g4", "7400_v2.9", "ppc7400"}, 0x000C0209, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu | kVmx, 32, true, false, {}, 0, false, false, "PowerPC 7400 (G4) v2.9", 32},
        {"7410", {"7410_v1.4", "ppc7410"}, 0x800C1104, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu | kVmx, 32, true, false, {}, 0, false, false, "PowerPC 7410 (G4)", 32},
        {"7450", {"7450_v2.1", "ppc7450"}, 0x80000201, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu | kVmx, 32, true, false, {}, 0, false, false, "PowerPC 7450 (G4)", 32},
        {"7447a", {"7447a_v1.2", "ppc7447a"}, 0x80030102, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu | kVmx, 32, true, false, {}, 0, false, false, "PowerPC 7447A (G4)", 32},
        {"7448", {"7448_v2.1", "ppc7448"}, 0x80040201, CpuFamily::Book3S32, L::Classic32,
         kHash32, kFpu | kVmx, 32, true, false, {}, 0, false, false, "PowerPC 7448 (G4)", 32},
        // ---- BookE (Freescale/NXP e500 family) ---------------------------------------------
        // e500v1/v2 have no classic FPU: floating point is SPE and the embedded FP categories.
        {"e500v1", {"e500_v20", "e500v1_v20"}, 0x80200020, CpuFamily::BookE, L::V2_03, kBookeTlb,
         kSpe, 32, true, false, {}, 0, false, false, "Freescale e500v1", 32},
        {"e500v2", {"e500", "e500v2_v22", "e500_v22", "mpc8544"}, 0x80210022, CpuFamily::BookE,
         L::V2_03, kBookeTlb, kSpe, 32, true, false, {}, 0, false, false, "Freescale e500v2", 32},
        {"e500mc", {"e500mc_v20"}, 0x80230020, CpuFamily::BookE, L::V2_06, kBookeTlb, kFpu, 32,
         true, false, {}, 0, false, true, "Freescale e500mc", 64},
        {"e5500", {"e5500_v20"}, 0x80240020, CpuFamily::BookE, L::V2_06, kBookeTlb, kFpu, 64,
         true, false, {}, 0, false, true, "Freescale e5500", 64},
        {"e6500", {"e6500_v20"}, 0x80400020, CpuFamily::BookE, L::V2_06, kBookeTlb, kFpu | kVmx,
         64, true, false, {}, 0, false, true, "Freescale e6500", 64},
    };
    return models;
}


struct LogicalLevel {
    uint32_t pvr;
    L level;
    uint64_t pcr_bit;  // 0 for 2.04: no PCR bit exists for it
    const char* compat_name;  // as QEMU's max-cpu-compat spells it
};
constexpr LogicalLevel kLogicalLevels[] = {
    {PPCVM_PVR_ARCH_2_04, L::V2_04, 0, "power5+"},
    {PPCVM_PVR_ARCH_2_05, L::V2_05, pcr::kArch205, "power6"},
    {PPCVM_PVR_ARCH_2_06, L::V2_06, pcr::kArch206, "power7"},
    {PPCVM_PVR_ARCH_2_06P, L::V2_06P, pcr::kArch206, "power7+"},
    {PPCVM_PVR_ARCH_2_07, L::V2_07, pcr::kArch207, "power8"},
    {PPCVM_PVR_ARCH_3_00, L::V3_00, pcr::kArch300, "power9"},
    {PPCVM_PVR_ARCH_3_1, L::V3_1, pcr::kArch31, "power10"},
};

const LogicalLevel* level_entry(L level) {
    for (const auto& e : kLogicalLevels)
        if (e.level == level) return &e;
    return nullptr;
}

}  // namespace

std::span<const CpuModel> cpu_catalog() { return catalog_storage(); }

const CpuModel* find_cpu_by_name(std::string_view name) {
    for (const auto& m : catalog_storage()) {
        if (iequals(m.name, name)) return &m;
        for (const char* a : m.aliases)
            if (iequals(a, name)) return &m;
    }
    return nullptr;
}

const CpuModel* find_cpu_by_pvr(uint32_t pvr) {
    for (const auto& m : catalog_storage())
        if (m.pvr == pvr) return &m;
    return nullptr;
}

bool is_logical_pvr(uint32_t pvr) { return isa_for_logical_pvr(pvr).has_value(); }

std::optional<IsaLevel> isa_for_logical_pvr(uint32_t logical_pvr) {
    for (const auto& e : kLogicalLevels)
        if (e.pvr == logical_pvr) return e.level;
    return std::nullopt;
}

std::optional<uint32_t> logical_pvr_for_isa(IsaLevel level) {
    const LogicalLevel* e = level_entry(level);
    if (!e) return std::nullopt;
    return e->pvr;
}

std::optional<uint32_t> logical_pvr_for_compat_name(std::string_view name) {
    for (const auto& e : kLogicalLevels)
        if (iequals(e.compat_name, name)) return e.pvr;
    return std::nullopt;
}

const CpuModel* find_cpu_for_logical_pvr(uint32_t logical_pvr) {
    auto level = isa_for_logical_pvr(logical_pvr);
    if (!level) return nullptr;
    for (const auto& m : catalog_storage())
        if (m.family == CpuFamily::Book3S64 && m.isa == *level && m.represents_level) return &m;
    return nullptr;
}

const char* isa_level_name(IsaLevel level) {
    switch (level) {
        case L::Classic32: return "1.10 (32-bit)";
        case L::V2_01: return "2.01";
        case L::V2_03: return "2.03";
        case L::V2_04: return "2.04";
        case L::V2_05: return "2.05";
        case L::V2_06: return "2.06";
        case L::V2_06P: return "2.06+";
        case L::V2_07: return "2.07";
        case L::V3_00: return "3.00";
        case L::V3_1: return "3.1";
    }
    return "?";
}

uint64_t compute_pcr(const CpuModel& cpu, IsaLevel compat) {
    const LogicalLevel* own = level_entry(cpu.isa);
    const LogicalLevel* guest = level_entry(compat);
    if (!cpu.has_pcr || !own || !guest || compat >= cpu.isa) return 0;
    // POWER7's own level bit (2.06) has no PCR bit below it but 2.05; the subtraction gives every
    // bit from the guest level up to, not including, the CPU's level.
    uint64_t value = own->pcr_bit - guest->pcr_bit;
    if (compat < L::V2_06) value |= pcr::kVsxDis;  // VSX arrived in 2.06
    if (compat < L::V2_07) value |= pcr::kTmDis;   // TM arrived in 2.07
    if (compat < L::V3_1) value |= pcr::kMmaDis;   // MMA arrived in 3.1
    return value & cpu.pcr_mask;
}

uint32_t facilities_at_level(const CpuModel& cpu, IsaLevel effective) {
    uint32_t f = cpu.facilities;
    if (effective < L::V2_06) f &= ~PPCVM_FAC_VSX;
    if (effective < L::V2_07) f &= ~PPCVM_FAC_TM;
    if (effective < L::V3_1) f &= ~PPCVM_FAC_MMA;
    return f;
}

std::optional<uint32_t> parse_pvr_number(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text.remove_prefix(2);
    else
        return std::nullopt;  // only 0x-prefixed numbers: "750" and "7400" are model names
    if (text.empty() || text.size() > 8) return std::nullopt;
    uint32_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace ppcvm

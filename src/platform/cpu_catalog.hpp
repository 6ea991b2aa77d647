// The processor catalog: every model ppcvm can present to a guest, as data.
//
// Sources: PVR values are QEMU's model values (target/ppc/cpu-models.h); ISA levels follow Linux's
// cputable (arch/powerpc/kernel/cputable.c); compat sets follow QEMU's target/ppc/compat.c; PCR
// bits are from Power ISA 3.1 Book III section 2.2 (Processor Compatibility Register).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ppcvm/ppcvm.h"

namespace ppcvm {

enum class CpuFamily : uint32_t {
    Book3S64 = PPCVM_FAMILY_BOOK3S_64,
    Book3S32 = PPCVM_FAMILY_BOOK3S_32,
    BookE = PPCVM_FAMILY_BOOKE,
};

// ISA levels in ppcvm's encoding (major*1000 + minor*10, +5 for "+" revisions), ordered.
enum class IsaLevel : uint32_t {
    Classic32 = PPCVM_ISA_CLASSIC_32,
    V2_01 = PPCVM_ISA_2_01,
    V2_03 = PPCVM_ISA_2_03,
    V2_04 = PPCVM_ISA_2_04,
    V2_05 = PPCVM_ISA_2_05,
    V2_06 = PPCVM_ISA_2_06,
    V2_06P = PPCVM_ISA_2_06P,
    V2_07 = PPCVM_ISA_2_07,
    V3_00 = PPCVM_ISA_3_00,
    V3_1 = PPCVM_ISA_3_1,
};

// PCR bits (Power ISA 3.1 Book III 2.2.x). The ARCH bits are "behave as this level".
namespace pcr {
inline constexpr uint64_t kVecDis = 1ull << 63;
inline constexpr uint64_t kVsxDis = 1ull << 62;
inline constexpr uint64_t kTmDis = 1ull << 61;
inline constexpr uint64_t kMmaDis = 1ull << 60;
inline constexpr uint64_t kArch31 = 0x20;
inline constexpr uint64_t kArch300 = 0x10;
inline constexpr uint64_t kArch207 = 0x08;
inline constexpr uint64_t kArch206 = 0x04;
inline constexpr uint64_t kArch205 = 0x02;
}  // namespace pcr

struct CpuModel {
    const char* name;          // canonical name, as `-cpu help` prints it
    std::vector<const char*> aliases;  // other spellings people type (matched case-insensitively)
    uint32_t pvr;              // the PVR the guest reads
    CpuFamily family;
    IsaLevel isa;
    uint32_t mmu_models;       // PPCVM_MMU_*
    uint32_t facilities;       // PPCVM_FAC_*
    unsigned address_bits;     // 32 or 64
    bool bi_endian;            // MSR[LE] (or BookE TLB E) usable
    bool has_pcr;              // Processor Compatibility Register (POWER7 and later)
    std::vector<IsaLevel> compat_levels;  // levels the PCR can present (excluding native)
    uint64_t pcr_mask;         // PCR bits this model implements
    bool represents_level;     // chosen when a logical PVR names this model's ISA level
    bool booke_hv;             // Embedded.Hypervisor category (e500mc and later)
    const char* description;
    // Data cache block size in bytes: what dcbz zeroes and the larx/stcx. reservation granule
    // (Book II 4.1 "Cache Model"; 128 on POWER4..POWER10 and the 970, 32 on the 750/74xx and
    // e500v1/v2, 64 on e500mc/e5500/e6500, per the processors' user manuals and Linux's
    // cputable dcache_bsize).
    unsigned dcache_block_bytes;
};

// The whole catalog, in the order `-cpu help` prints it.
std::span<const CpuModel> cpu_catalog();

// Case-insensitive lookup by canonical name or alias.
const CpuModel* find_cpu_by_name(std::string_view name);
// Exact PVR match.
const CpuModel* find_cpu_by_pvr(uint32_t pvr);
// The model chosen for a logical PVR (0x0f000001..0x0f000006, 0x0f100003), or nullptr.
const CpuModel* find_cpu_for_logical_pvr(uint32_t logical_pvr);

// Logical PVR <-> ISA level.
bool is_logical_pvr(uint32_t pvr);
std::optional<IsaLevel> isa_for_logical_pvr(uint32_t logical_pvr);
std::optional<uint32_t> logical_pvr_for_isa(IsaLevel level);
// "power8" / "power9" / "power6" ... as QEMU's max-cpu-compat takes them, to a logical PVR.
std::optional<uint32_t> logical_pvr_for_compat_name(std::string_view name);

const char* isa_level_name(IsaLevel level);

// Effective PCR for running `cpu` as `compat` (a level in cpu.compat_levels).
// The ARCH field follows Linux's kvmppc_set_arch_compat: (bit of the CPU's own level) minus (bit
// of the compat level), i.e. every ARCH bit from the compat level up to, not including, the
// CPU's own. Facility-disable bits the model implements (VEC_DIS/VSX_DIS on POWER7, TM_DIS on
// POWER8) are set when the compat level lacks that facility, as QEMU's compat table does.
uint64_t compute_pcr(const CpuModel& cpu, IsaLevel compat);

// Facilities still visible after compat gating.
uint32_t facilities_at_level(const CpuModel& cpu, IsaLevel effective);

// Parse "0x004e1202", "004e1202" (hex) into a number; nullopt if not a number.
std::optional<uint32_t> parse_pvr_number(std::string_view text);

}  // namespace ppcvm

#include "core/cpu_state.hpp"

namespace ppcvm {

// XER layout (Book I 3.2.2): SO bit 32, OV 33, CA 34, OV32 44, CA32 45, byte count 57:63.
// OV32/CA32 exist from ISA 3.0; earlier processors read them as 0.
namespace {
constexpr uint64_t kSO = 1ull << 31, kOV = 1ull << 30, kCA = 1ull << 29;
constexpr uint64_t kOV32 = 1ull << 19, kCA32 = 1ull << 18, kBC = 0x7f;
}  // namespace

uint64_t CpuState::xer_read() const {
    uint64_t v = xer_other | (so ? kSO : 0) | (ov ? kOV : 0) | (ca ? kCA : 0) | xer_bc;
    if (!model || model->isa >= IsaLevel::V3_00) v |= (ov32 ? kOV32 : 0) | (ca32 ? kCA32 : 0);
    return v;
}

void CpuState::xer_write(uint64_t value) {
    so = (value & kSO) != 0;
    ov = (value & kOV) != 0;
    ca = (value & kCA) != 0;
    ov32 = (value & kOV32) != 0;
    ca32 = (value & kCA32) != 0;
    xer_bc = value & kBC;
    // Other bits of the low word: kept as written, as QEMU does (the ISA leaves reserved XER
    // bits implementation-dependent). Bits 0:31 are not implemented (Book I 3.2.2): they read
    // as 0 on POWER processors and in QEMU (found by tools/difftest: mtxer/mfxer).
    xer_other = value & 0xffffffffull & ~(kSO | kOV | kCA | kOV32 | kCA32 | kBC);
}

}  // namespace ppcvm

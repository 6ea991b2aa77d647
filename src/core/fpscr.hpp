// The Floating-Point Status and Control Register (Power ISA 3.1 Book I 4.2.2) as a 64-bit value
// in cpu.fpscr: bits 0:28 reserved, 29:31 DRN (decimal rounding mode), 32:63 the classic FPSCR.
// This file names its bits (ISA numbering: bit 0 is the most significant) and keeps the two
// summary bits, VX and FEX, consistent with the bits they summarise.
#pragma once

#include <cstdint>

namespace ppcvm {
struct CpuState;
}

namespace ppcvm::fpscr {

constexpr uint64_t bit(unsigned isa_bit) { return 1ull << (63 - isa_bit); }

inline constexpr uint64_t kDRN = bit(29) | bit(30) | bit(31);
inline constexpr uint64_t kFX = bit(32);      // exception summary (sticky)
inline constexpr uint64_t kFEX = bit(33);     // enabled exception summary (computed)
inline constexpr uint64_t kVX = bit(34);      // invalid operation summary (computed)
inline constexpr uint64_t kOX = bit(35);
inline constexpr uint64_t kUX = bit(36);
inline constexpr uint64_t kZX = bit(37);
inline constexpr uint64_t kXX = bit(38);
inline constexpr uint64_t kVXSNAN = bit(39);
inline constexpr uint64_t kVXISI = bit(40);
inline constexpr uint64_t kVXIDI = bit(41);
inline constexpr uint64_t kVXZDZ = bit(42);
inline constexpr uint64_t kVXIMZ = bit(43);
inline constexpr uint64_t kVXVC = bit(44);
inline constexpr uint64_t kFR = bit(45);      // fraction rounded (magnitude increased)
inline constexpr uint64_t kFI = bit(46);      // fraction inexact
inline constexpr uint64_t kFPRF = bit(47) | bit(48) | bit(49) | bit(50) | bit(51);
inline constexpr uint64_t kC = bit(47);       // result class descriptor
inline constexpr uint64_t kFPCC = bit(48) | bit(49) | bit(50) | bit(51);  // FL FG FE FU
inline constexpr unsigned kFprfShift = 63 - 51;
inline constexpr uint64_t kVXSOFT = bit(53);
inline constexpr uint64_t kVXSQRT = bit(54);
inline constexpr uint64_t kVXCVI = bit(55);
inline constexpr uint64_t kVE = bit(56);
inline constexpr uint64_t kOE = bit(57);
inline constexpr uint64_t kUE = bit(58);
inline constexpr uint64_t kZE = bit(59);
inline constexpr uint64_t kXE = bit(60);
inline constexpr uint64_t kNI = bit(61);
inline constexpr uint64_t kRN = bit(62) | bit(63);

// Every invalid-operation exception bit (VX is their OR).
inline constexpr uint64_t kAllVx =
    kVXSNAN | kVXISI | kVXIDI | kVXZDZ | kVXIMZ | kVXVC | kVXSOFT | kVXSQRT | kVXCVI;
// Every sticky exception bit whose 0->1 transition sets FX (Book I 4.2.2, FX).
inline constexpr uint64_t kAllExceptions = kOX | kUX | kZX | kXX | kAllVx;
inline constexpr uint64_t kEnables = kVE | kOE | kUE | kZE | kXE;
// The bits the ISA defines (everything else reads as 0 and ignores writes). Bit 52 is reserved.
inline constexpr uint64_t kImplemented = kDRN | (0x00000000ffffffffull & ~bit(52));
// mffsl and the mffsc* family return these fields (Book I 4.6.10).
inline constexpr uint64_t kControl = kDRN | kEnables | kNI | kRN;
inline constexpr uint64_t kStatusLight = kFR | kFI | kFPRF;

// Recompute VX and FEX from the bits they summarise (they cannot be written directly).
inline uint64_t with_summaries(uint64_t v) {
    v &= ~(kVX | kFEX);
    if (v & kAllVx) v |= kVX;
    const bool fex = ((v & kVX) && (v & kVE)) || ((v & kOX) && (v & kOE)) ||
                     ((v & kUX) && (v & kUE)) || ((v & kZX) && (v & kZE)) ||
                     ((v & kXX) && (v & kXE));
    if (fex) v |= kFEX;
    return v;
}

// FPSCR[RN] (bits 62:63): 0 nearest, 1 toward zero, 2 toward +inf, 3 toward -inf.
inline unsigned rounding_mode(uint64_t v) { return static_cast<unsigned>(v & 3); }

// Set the sticky exception bits in `exceptions` (a subset of kAllExceptions): FX is set when any
// of them changes from 0 to 1; VX and FEX follow. Returns true when one of the exceptions just
// raised is enabled, i.e. this instruction caused an enabled exception (Book I 4.4).
bool raise_exceptions(CpuState& cpu, uint64_t exceptions);

// Write FPSCR[FPRF] (class + FPCC) from a 5-bit code.
void set_fprf(CpuState& cpu, unsigned code);

// The 5-bit FPRF code for a double-format value (Book I 4.2.2, figure "Floating-Point Result
// Flags"). When `single` is set the value is a single-precision result held in double format
// and "denormalized" means denormalized in the single format.
unsigned classify(uint64_t double_bits, bool single = false);

// FPRF codes.
namespace fprf {
inline constexpr unsigned kQNaN = 0x11, kMinusInf = 0x09, kMinusNormal = 0x08,
                          kMinusDenormal = 0x18, kMinusZero = 0x12, kPlusZero = 0x02,
                          kPlusDenormal = 0x14, kPlusNormal = 0x04, kPlusInf = 0x05;
}

// CR1 for Rc=1 floating-point instructions: FX, FEX, VX, OX (Book I 4.6, "Rc").
uint32_t cr1_bits(uint64_t v);

}  // namespace ppcvm::fpscr

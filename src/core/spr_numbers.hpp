// SPR numbers (Power ISA 3.1 Book III section 5.4.4, "SPR table"), as mtspr/mfspr encode them.
#pragma once

#include <cstdint>

namespace ppcvm::sprn {
inline constexpr unsigned kXER = 1, kDSCR_U = 3, kLR = 8, kCTR = 9, kAMR_U = 13;
inline constexpr unsigned kDSCR = 17, kDSISR = 18, kDAR = 19, kDEC = 22, kSDR1 = 25;
inline constexpr unsigned kSRR0 = 26, kSRR1 = 27, kCFAR = 28, kAMR = 29, kPIDR = 48;
inline constexpr unsigned kIAMR = 61, kTFHAR = 128, kTFIAR = 129, kTEXASR = 130;
inline constexpr unsigned kTEXASRU = 131, kCTRL_R = 136, kCTRL_W = 152, kFSCR = 153;
inline constexpr unsigned kUAMOR = 157, kPSPB = 159, kDPDES = 176, kDAWR0 = 180;
inline constexpr unsigned kRPR = 186, kCIABR = 187, kDAWRX0 = 188, kHFSCR = 190;
inline constexpr unsigned kVRSAVE = 256, kSPRG3_R = 259, kTB = 268, kTBU = 269;
inline constexpr unsigned kSPRG0 = 272, kSPRG1 = 273, kSPRG2 = 274, kSPRG3 = 275;
inline constexpr unsigned kEAR = 282;
inline constexpr unsigned kTBL_W = 284, kTBU_W = 285, kTBU40 = 286, kPVR = 287;
inline constexpr unsigned kHSPRG0 = 304, kHSPRG1 = 305, kHDSISR = 306, kHDAR = 307;
inline constexpr unsigned kSPURR = 308, kPURR = 309, kHDEC = 310, kHRMOR = 313;
inline constexpr unsigned kHSRR0 = 314, kHSRR1 = 315, kLPCR = 318, kLPIDR = 319;
inline constexpr unsigned kHMER = 336, kHMEER = 337, kPCR = 338, kHEIR = 339;
inline constexpr unsigned kAMOR = 349, kTIR = 446, kTIDR = 144, kPTCR = 464;
inline constexpr unsigned kUSPRG0 = 496, kUSPRG1 = 497, kURMOR = 505, kUSRR0 = 506;
inline constexpr unsigned kUSRR1 = 507, kSMFCTRL = 511, kPPR = 896, kPPR32 = 898;
inline constexpr unsigned kIBAT0U = 528, kDBAT3L = 543;  // 32-bit classic BATs 528..543
inline constexpr unsigned kSIER_U = 768, kMMCR0_U = 779, kMMCR1_U = 782;  // problem aliases
inline constexpr unsigned kSIER = 784, kMMCR2 = 785, kMMCRA = 786, kPMC1 = 787, kPMC6 = 792;
inline constexpr unsigned kMMCR0 = 795, kSIAR = 796, kSDAR = 797, kMMCR1 = 798;
inline constexpr unsigned kEBBHR = 804, kEBBRR = 805, kBESCR = 806;
inline constexpr unsigned kTAR = 815, kPSSCR_PR = 823, kPSSCR = 855;
inline constexpr unsigned kTSCR = 921, kTTR = 922, kPIR = 1023;
inline constexpr unsigned kHID0 = 1008, kHID1 = 1009, kIABR = 1010, kDABR = 1013;
inline constexpr unsigned kL2CR = 1017, kICTC = 1019, kTHRM1 = 1020, kTHRM3 = 1022;
inline constexpr unsigned kASDR = 816, kRMOR = 312;
}  // namespace ppcvm::sprn

// LPCR fields (Power ISA 3.1 Book III 2.2, "Logical Partitioning Control Register"), in one
// place for the core (timers, interrupts, MMU) and the machines that set a partition's LPCR.
namespace ppcvm::lpcr {
constexpr uint64_t bit(unsigned isa_bit) { return 1ull << (63 - isa_bit); }
inline constexpr uint64_t kVPM0 = bit(0);   // virtualized real mode (VRMA), ISA <= 2.07
inline constexpr uint64_t kVPM1 = bit(1);   // virtualized partition memory: faults go to HV
inline constexpr unsigned kVrmasdShift = 63 - 16;  // VRMASD, bits 12:16 (L || LP of the VRMA)
inline constexpr uint64_t kVrmasd = 0x1full << kVrmasdShift;
inline constexpr uint64_t kHail = bit(37);  // 3.1: AIL=3 behaviour for interrupts into HV
inline constexpr uint64_t kIle = bit(38);   // interrupts run little-endian
inline constexpr unsigned kAilShift = 63 - 40;  // AIL: bits 39:40
inline constexpr uint64_t kAil = 3ull << kAilShift;
inline constexpr uint64_t kUPRT = bit(41);  // use process table (ISA 3.0)
inline constexpr uint64_t kEvirt = bit(42);
inline constexpr uint64_t kHR = bit(43);    // host radix (ISA 3.0)
inline constexpr uint64_t kLD = bit(46);    // large decrementer (ISA 3.0)
inline constexpr uint64_t kPecePrivilegedDoorbell = bit(47);  // POWER8/9 numbering
inline constexpr uint64_t kPeceExternal = bit(49);
inline constexpr uint64_t kPeceDecrementer = bit(50);
inline constexpr uint64_t kPeceOther = bit(51);
inline constexpr uint64_t kGTSE = bit(53);  // guest translation shootdown enable (ISA 3.0)
inline constexpr uint64_t kLpes0 = bit(60);
inline constexpr uint64_t kHdice = bit(63);
}  // namespace ppcvm::lpcr

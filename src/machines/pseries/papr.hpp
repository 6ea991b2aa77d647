// PAPR hypercall numbers and return codes (LoPAPR 14.5.4, "Hypervisor Call Table"), and the
// QEMU-private H_RTAS call ppcvm shares so that the same 20-byte RTAS blob works.
#pragma once

#include <cstdint>

namespace ppcvm::papr {

// Return codes (LoPAPR table "Hypervisor Call Return Codes").
inline constexpr int64_t H_SUCCESS = 0, H_BUSY = 1, H_CLOSED = 2, H_NOT_AVAILABLE = 3;
inline constexpr int64_t H_HARDWARE = -1, H_FUNCTION = -2, H_PRIVILEGE = -3, H_PARAMETER = -4;
inline constexpr int64_t H_BAD_MODE = -5, H_PTEG_FULL = -6, H_NOT_FOUND = -7;
inline constexpr int64_t H_RESERVED_DABR = -8, H_NO_MEM = -9, H_AUTHORITY = -10;
inline constexpr int64_t H_PERMISSION = -11, H_DROPPED = -12, H_RESOURCE = -16;
inline constexpr int64_t H_P1 = -54, H_P2 = -55, H_P3 = -56, H_P4 = -57, H_P5 = -58, H_P6 = -59;
inline constexpr int64_t H_P7 = -60, H_P8 = -61, H_P9 = -62;

// Opcodes.
inline constexpr uint64_t H_REMOVE = 0x04, H_ENTER = 0x08, H_READ = 0x0c, H_CLEAR_MOD = 0x10;
inline constexpr uint64_t H_CLEAR_REF = 0x14, H_PROTECT = 0x18, H_SET_SPRG0 = 0x24;
inline constexpr uint64_t H_SET_DABR = 0x28, H_PAGE_INIT = 0x2c, H_LOGICAL_CI_LOAD = 0x3c;
inline constexpr uint64_t H_LOGICAL_CI_STORE = 0x40, H_GET_TERM_CHAR = 0x54;
inline constexpr uint64_t H_PUT_TERM_CHAR = 0x58, H_EOI = 0x64, H_CPPR = 0x68, H_IPI = 0x6c;
inline constexpr uint64_t H_IPOLL = 0x70, H_XIRR = 0x74, H_REGISTER_VPA = 0xdc, H_CEDE = 0xe0;
inline constexpr uint64_t H_CONFER = 0xe4, H_PROD = 0xe8, H_BULK_REMOVE = 0x124;
inline constexpr uint64_t H_SET_XDABR = 0x134, H_GET_CPU_CHARACTERISTICS = 0x1c8;
inline constexpr uint64_t H_JOIN = 0x298, H_XIRR_X = 0x2fc, H_RANDOM = 0x300;
inline constexpr uint64_t H_SET_MODE = 0x31c, H_CLEAN_SLB = 0x374, H_INVALIDATE_PID = 0x378;
inline constexpr uint64_t H_REGISTER_PROC_TBL = 0x37c, H_SIGNAL_SYS_RESET = 0x380;
inline constexpr uint64_t H_RPT_INVALIDATE = 0x448;
inline constexpr uint64_t H_RTAS = 0xf000;  // QEMU-private: r4 = guest address of RTAS args

}  // namespace ppcvm::papr

// Fuzz target: random bytes as the C ABI's ppcvm_config, at every size a caller could claim.
// Invariants: no crash or sanitizer report; a status from the documented set; on success the
// info struct is well-formed (NUL-terminated strings, values in their enums, PCR bits known).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ppcvm/ppcvm.h"

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

bool known_status(int rc) { return rc <= 0 && rc >= PPCVM_E_UNSUPPORTED; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    // The first two bytes choose the size the caller claims (0..4103); the struct memory is
    // exactly that big, so the library must not read past it.
    const uint32_t claimed = (data[0] | (data[1] << 8)) % (PPCVM_STRUCT_SIZE_MAX + 8);
    std::vector<uint8_t> buf(claimed < 4 ? 4 : claimed, 0);
    if (size > 2) std::memcpy(buf.data(), data + 2, std::min<size_t>(size - 2, buf.size()));
    std::memcpy(buf.data(), &claimed, 4);
    const auto* cfg = reinterpret_cast<const ppcvm_config*>(buf.data());

    ppcvm_platform_info info;
    std::memset(&info, 0, sizeof info);
    info.size = sizeof info;
    int rc = ppcvm_describe(cfg, &info);
    check(known_status(rc));
    if (rc == PPCVM_OK) {
        check(std::memchr(info.model_name, 0, sizeof info.model_name) != nullptr);
        check(std::memchr(info.engine_reason, 0, sizeof info.engine_reason) != nullptr);
        check(info.platform >= PPCVM_PLATFORM_BARE_METAL && info.platform <= PPCVM_PLATFORM_BOOKE);
        check(info.family >= PPCVM_FAMILY_BOOK3S_64 && info.family <= PPCVM_FAMILY_BOOKE);
        check((info.pcr & ~(0xfull << 60 | 0x3eull)) == 0);
        check(info.hcall_insn_count == 0 || info.hcall_insn_count == 4);
        check(info.address_bits == 32 || info.address_bits == 64);
    } else {
        check(std::strlen(ppcvm_last_error()) > 0);
    }
    ppcvm_pvinfo pv;
    std::memset(&pv, 0, sizeof pv);
    pv.size = sizeof pv;
    check(known_status(ppcvm_get_pvinfo(cfg, &pv)));
    return 0;
}

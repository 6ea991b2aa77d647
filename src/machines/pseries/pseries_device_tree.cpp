#include "machines/pseries/pseries_device_tree.hpp"

#include <algorithm>
#include <bit>
#include <string_view>

#include <fmt/format.h>

#include "machines/fdt_builder.hpp"

namespace ppcvm::pseries {
namespace {

// ibm,pa-features (LoPAPR "ibm,pa-features" table): byte 0 is the length of the attribute
// bytes, byte 1 is 0, then the feature bytes. These are the values QEMU's pseries presents
// (without HTM, which ppcvm does not implement either) for ISA 2.07 and for ISA 3.00/3.1.
const std::vector<uint8_t> kPaFeatures207 = {
    0x18, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00};
const std::vector<uint8_t> kPaFeatures300 = {
    0x42, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0xc0, 0x00, 0x80, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
    0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00};

// ibm,segment-page-sizes: for each base page size: page shift, SLB encoding (L||LP), the
// number of actual sizes, then (page shift, PTE LP encoding) pairs. 4K and 64K base pages, as
// QEMU presents when guest RAM is not backed by huge pages (16M/16G come with the MMU work).
const std::vector<uint32_t> kSegmentPageSizes = {12, 0x000, 1, 12, 0x0,
                                                 16, 0x110, 1, 16, 0x1};

// ibm,processor-radix-AP-encodings (ISA 3.0 radix): AP value in the top 3 bits, page shift in
// the low bits: 4K (AP 0), 64K (AP 5), 2M (AP 1), 1G (AP 2).
const std::vector<uint32_t> kRadixApEncodings = {0x0000000c, 0xa0000010, 0x20000015,
                                                 0x4000001e};

const std::vector<RtasService> kRtasServices = {
    {"display-character", 0x2000},      {"get-time-of-day", 0x2001},
    {"set-time-of-day", 0x2002},        {"power-off", 0x2003},
    {"system-reboot", 0x2004},          {"query-cpu-stopped-state", 0x2005},
    {"start-cpu", 0x2006},              {"stop-self", 0x2007},
    {"ibm,get-system-parameter", 0x2008}, {"ibm,set-system-parameter", 0x2009},
    {"ibm,set-xive", 0x200a},           {"ibm,get-xive", 0x200b},
    {"ibm,int-off", 0x200c},            {"ibm,int-on", 0x200d},
    {"check-exception", 0x200e},        {"event-scan", 0x200f},
    {"ibm,os-term", 0x201f},
};

// Function sets (LoPAPR table "Hypervisor Call Function Table"). Only sets whose calls the
// machine serves are listed: a guest probes features by these names.
const std::vector<std::string> kHypertasFunctions = {
    "hcall-pft",     "hcall-term",     "hcall-dabr",  "hcall-interrupt", "hcall-splpar",
    "hcall-join",    "hcall-bulk",     "hcall-set-mode", "hcall-sprg0",
    "hcall-rpt-invalidate",
};

std::string cpu_node_name(const CpuModel& model, unsigned index) {
    // "PowerPC,POWER9@0": the family name without a revision suffix.
    std::string name = model.name;
    if (auto pos = name.find('_'); pos != std::string::npos) name.resize(pos);
    return fmt::format("PowerPC,{}@{}", name, index);
}

void add_cpu_node(FdtBuilder& fdt, const PseriesTreeConfig& cfg, unsigned index,
                  unsigned hpt_shift) {
    const CpuModel& model = *cfg.platform.cpu;
    // Features follow the level the guest runs at (a POWER9 as POWER8 shows the 2.07 feature
    // bytes and no large decrementer); the radix page sizes stay the processor's own, as QEMU.
    const bool isa300 = cfg.platform.effective_isa >= IsaLevel::V3_00;
    const bool radix_capable = (model.mmu_models & PPCVM_MMU_RADIX) != 0;
    fdt.begin_node(cpu_node_name(model, index));
    fdt.prop_string("device_type", "cpu");
    fdt.prop_u32("reg", index);
    // The compat level, when set, is what the guest sees as its processor version (PAPR
    // "cpu-version"; Linux then prints "POWER8 (architected)").
    fdt.prop_u32("cpu-version",
                 cfg.platform.compat_pvr ? cfg.platform.compat_pvr : cfg.platform.pvr);
    fdt.prop_u32("d-cache-block-size", 128);
    fdt.prop_u32("d-cache-line-size", 128);
    fdt.prop_u32("i-cache-block-size", 128);
    fdt.prop_u32("i-cache-line-size", 128);
    fdt.prop_u32("d-cache-size", 0x8000);
    fdt.prop_u32("i-cache-size", 0x8000);
    fdt.prop_u32("timebase-frequency", static_cast<uint32_t>(kTimebaseHz));
    fdt.prop_u32("clock-frequency", 1000000000);
    fdt.prop_u32("slb-size", 32);
    fdt.prop_u32("ibm,slb-size", 32);
    fdt.prop_string("status", "okay");
    fdt.prop_empty("64-bit");
    fdt.prop_u32("ibm,purr", 1);
    fdt.prop_u32("ibm,spurr", 1);
    fdt.prop_u32s("ibm,processor-segment-sizes", {28, 40, 0xffffffff, 0xffffffff});
    if (cfg.platform.facilities & PPCVM_FAC_VMX)
        fdt.prop_u32("ibm,vmx", (cfg.platform.facilities & PPCVM_FAC_VSX) ? 2 : 1);
    if (cfg.platform.facilities & PPCVM_FAC_DFP) fdt.prop_u32("ibm,dfp", 1);
    fdt.prop_u32s("ibm,segment-page-sizes", kSegmentPageSizes);
    fdt.prop_bytes("ibm,pa-features", isa300 ? kPaFeatures300 : kPaFeatures207);
    fdt.prop_u32("ibm,chip-id", 0);
    fdt.prop_u32s("ibm,pft-size", {0, hpt_shift});
    fdt.prop_u32("ibm,ppc-interrupt-server#s", index);
    fdt.prop_u32s("ibm,ppc-interrupt-gserver#s", {index, 0});
    if (radix_capable) fdt.prop_u32s("ibm,processor-radix-AP-encodings", kRadixApEncodings);
    if (isa300) fdt.prop_u32("ibm,dec-bits", 56);  // ISA 3.0 large decrementer
    fdt.end_node();
}

}  // namespace

unsigned default_hpt_shift(uint64_t ram_bytes) {
    const unsigned ceil_shift = static_cast<unsigned>(std::bit_width(ram_bytes - 1));
    unsigned shift = ceil_shift > 7 ? ceil_shift - 7 : 0;
    if (shift < 18) shift = 18;
    if (shift > 46) shift = 46;
    return shift;
}

bool bootargs_disable_radix(const std::string& bootargs) {
    constexpr std::string_view kOption = "disable_radix";
    bool disable = false;
    size_t pos = 0;
    while (pos < bootargs.size()) {  // each space-separated word; the last occurrence wins
        const size_t end = std::min(bootargs.find(' ', pos), bootargs.size());
        const std::string_view word(bootargs.data() + pos, end - pos);
        pos = end + 1;
        if (word.substr(0, kOption.size()) != kOption) continue;
        const std::string_view rest = word.substr(kOption.size());
        if (rest.empty()) {
            disable = true;
        } else if (rest[0] == '=' && rest.size() > 1) {
            // Linux's kstrtobool: the first character decides, "on"/"off" by the second.
            const char c = rest[1], c2 = rest.size() > 2 ? rest[2] : '\0';
            if (c == 'y' || c == 'Y' || c == '1' || ((c == 'o' || c == 'O') && (c2 == 'n' || c2 == 'N')))
                disable = true;
            else if (c == 'n' || c == 'N' || c == '0' ||
                     ((c == 'o' || c == 'O') && (c2 == 'f' || c2 == 'F')))
                disable = false;
        }
    }
    return disable;
}

const std::vector<RtasService>& rtas_services() { return kRtasServices; }
const std::vector<std::string>& hypertas_functions() { return kHypertasFunctions; }

std::vector<uint8_t> build_pseries_device_tree(const PseriesTreeConfig& cfg) {
    if (!cfg.platform.cpu) throw FdtError("pseries device tree: no processor");
    if (cfg.smp == 0 || cfg.ram_bytes == 0) throw FdtError("pseries device tree: no CPU or RAM");
    if (cfg.rtas_base >> 32) throw FdtError("pseries device tree: RTAS must lie below 4 GiB");
    const unsigned hpt_shift = cfg.hpt_shift ? cfg.hpt_shift : default_hpt_shift(cfg.ram_bytes);

    FdtBuilder fdt(64 * 1024 + cfg.smp * 2048 + cfg.bootargs.size());
    for (const auto& [address, size] : cfg.reserved) fdt.reserve(address, size);
    fdt.begin_node("");
    fdt.prop_u32("#address-cells", 2);
    fdt.prop_u32("#size-cells", 2);
    fdt.prop_string("device_type", "chrp");  // what Linux's pseries_probe() looks for
    fdt.prop_string("model", "IBM pSeries (emulated by ppcvm)");
    // QEMU's conventions (H_RTAS 0xf000, VOF-style direct boot) apply to this machine.
    fdt.prop_strings("compatible", {"ppcvm,pseries", "qemu,pseries"});

    fdt.begin_node("chosen");
    fdt.prop_string("bootargs", cfg.bootargs);
    fdt.prop_string("linux,stdout-path", kVtyPath);
    fdt.prop_string("stdout-path", kVtyPath);
    if (cfg.initrd) {
        fdt.prop_u64("linux,initrd-start", cfg.initrd->first);
        fdt.prop_u64("linux,initrd-end", cfg.initrd->second);
    }
    // The client-architecture-support result firmware would leave (option vector 5, LoPAPR
    // B.6.2.3). Byte 24 is the MMU byte Linux's early_check_vec5() reads (0x40 radix, 0 hash);
    // byte 26 bit 0x40 is GTSE: the guest may use tlbie itself (radix needs GTSE or
    // H_RPT_INVALIDATE).
    std::vector<uint8_t> ov5(27, 0);
    ov5[24] = cfg.radix ? 0x40 : 0x00;
    ov5[26] = cfg.radix ? 0x40 : 0x00;
    fdt.prop_bytes("ibm,architecture-vec-5", ov5);
    fdt.end_node();

    fdt.begin_node("rtas");
    fdt.prop_strings("ibm,hypertas-functions", kHypertasFunctions);
    fdt.prop_u32("rtas-size", cfg.rtas_size);
    // One 32-bit cell each: Linux's early_init_dt_scan_rtas reads them as u32 (RTAS lives
    // below 4 GiB).
    fdt.prop_u32("linux,rtas-base", static_cast<uint32_t>(cfg.rtas_base));
    fdt.prop_u32("linux,rtas-entry", static_cast<uint32_t>(cfg.rtas_base));
    fdt.prop_u32("rtas-error-log-max", 2048);
    fdt.prop_u32("rtas-event-scan-rate", 1);
    // ibm,os-term may be called with the panic message (Linux's pseries_panic needs this).
    fdt.prop_empty("ibm,extended-os-term");
    for (const auto& s : kRtasServices) fdt.prop_u32(s.name, s.token);
    fdt.end_node();

    fdt.begin_node("cpus");
    fdt.prop_u32("#address-cells", 1);
    fdt.prop_u32("#size-cells", 0);
    for (unsigned i = 0; i < cfg.smp; ++i) add_cpu_node(fdt, cfg, i, hpt_shift);
    fdt.end_node();

    fdt.begin_node(fmt::format("memory@{:x}", 0));
    fdt.prop_string("device_type", "memory");
    fdt.prop_u64s("reg", {0, cfg.ram_bytes});
    fdt.end_node();

    fdt.begin_node("vdevice");
    fdt.prop_string("device_type", "vdevice");
    fdt.prop_string("compatible", "IBM,vdevice");
    fdt.prop_u32("#address-cells", 1);
    fdt.prop_u32("#size-cells", 0);
    fdt.prop_u32("#interrupt-cells", 2);
    fdt.prop_empty("interrupt-controller");
    fdt.begin_node(fmt::format("vty@{:x}", kVtyReg));
    fdt.prop_string("name", "vty");
    fdt.prop_string("device_type", "serial");
    fdt.prop_string("compatible", "hvterm1");
    fdt.prop_u32("reg", kVtyReg);
    fdt.end_node();
    fdt.end_node();

    // XICS presentation controller (PAPR "PowerPC External Interrupt Presentation").
    fdt.begin_node("interrupt-controller");
    fdt.prop_string("device_type", "PowerPC-External-Interrupt-Presentation");
    fdt.prop_string("compatible", "IBM,ppc-xicp");
    fdt.prop_empty("interrupt-controller");
    fdt.prop_u32s("ibm,interrupt-server-ranges", {0, cfg.smp});
    fdt.prop_u32("#interrupt-cells", 2);
    fdt.prop_u32("linux,phandle", 0x1111);
    fdt.prop_u32("phandle", 0x1111);
    fdt.end_node();

    if (cfg.platform.paravirt()) {
        // ePAPR 1.1 / Linux epapr_paravirt.c: the hypercall stub the guest patches in.
        fdt.begin_node("hypervisor");
        fdt.prop_strings("compatible", {"linux,kvm", "epapr,hypervisor-1"});
        fdt.prop_u32s("hcall-instructions", cfg.platform.hcall_sequence);
        fdt.prop_empty("has-idle");
        fdt.end_node();
    }

    fdt.end_node();
    return fdt.finish();
}

}  // namespace ppcvm::pseries

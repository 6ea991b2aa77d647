#include "cli/describe.hpp"

#include <fmt/format.h>

#include "machines/machine_catalog.hpp"

namespace ppcvm::cli {
namespace {

std::vector<std::string> mmu_names(uint32_t mmu) {
    std::vector<std::string> out;
    if (mmu & PPCVM_MMU_RADIX) out.push_back("radix");
    if (mmu & PPCVM_MMU_HASH64) out.push_back("hash");
    if (mmu & PPCVM_MMU_HASH32) out.push_back("hash32+bat");
    if (mmu & PPCVM_MMU_BOOKE_TLB) out.push_back("booke-tlb");
    return out;
}

std::vector<std::string> facility_names(uint32_t f) {
    static const std::pair<uint32_t, const char*> names[] = {
        {PPCVM_FAC_FPU, "fpu"}, {PPCVM_FAC_VMX, "vmx"}, {PPCVM_FAC_VSX, "vsx"},
        {PPCVM_FAC_DFP, "dfp"}, {PPCVM_FAC_SPE, "spe"}, {PPCVM_FAC_TM, "tm"},
        {PPCVM_FAC_MMA, "mma"}};
    std::vector<std::string> out;
    for (auto [bit, name] : names)
        if (f & bit) out.push_back(name);
    return out;
}

std::string compat_text(uint32_t compat_pvr) {
    if (!compat_pvr) return "none";
    return fmt::format("0x{:08x}", compat_pvr);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string json_list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += fmt::format("{}\"{}\"", i ? ", " : "", v[i]);
    return out + "]";
}

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
    return out;
}

std::vector<std::string> hcall_words(const PlatformInfo& info) {
    std::vector<std::string> out;
    for (uint32_t w : info.hcall_sequence()) out.push_back(fmt::format("0x{:08x}", w));
    return out;
}

}  // namespace

Description describe(const CommandLine& cl) {
    const MachineType* mt = find_machine(cl.machine_name);
    PlatformConfig cfg;
    cfg.platform(static_cast<ppcvm_platform>(cl.request.platform))
        .pvr(cl.request.pvr)
        .compat(cl.request.compat_pvr)
        .engine(static_cast<ppcvm_engine>(cl.request.engine));
    cfg.paravirt(cl.request.flags & PPCVM_CONFIG_F_PARAVIRT);
    cfg.force_exact(cl.request.flags & PPCVM_CONFIG_F_FORCE_EXACT);
    Description d;
    d.machine = mt ? mt->name : cl.machine_name;
    d.ram_bytes = cl.ram_bytes;
    d.smp = cl.smp;
    d.info = cfg.describe();
    if (mt) {
        const CpuModel* cpu = find_cpu_by_pvr(d.info.pvr);
        if (std::string problem = machine_cpu_problem(*mt, *cpu); !problem.empty())
            throw Error(PPCVM_E_MISMATCH, problem);
    }
    return d;
}

std::string to_text(const Description& d) {
    const PlatformInfo& i = d.info;
    std::string compat = compat_text(i.compat_pvr);
    if (i.compat_pvr)
        compat += fmt::format(" (behaves as ISA {})", ppcvm_isa_level_name(i.effective_isa_level));
    std::string out;
    out += fmt::format("machine:      {}\n", d.machine);
    out += fmt::format("platform:     {}\n", i.platform_name());
    out += fmt::format("processor:    {} (PVR 0x{:08x}), {}, ISA {}, {}-bit\n", i.model(), i.pvr,
                       i.family_name(), i.isa_name(), i.address_bits);
    out += fmt::format("compat:       {}\n", compat);
    out += fmt::format("PCR:          0x{:x}\n", i.pcr);
    out += fmt::format("MMU models:   {}\n", join(mmu_names(i.mmu_models), ", "));
    out += fmt::format("facilities:   {}\n", join(facility_names(i.facilities), ", "));
    out += fmt::format("endianness:   {}\n",
                       i.endianness == PPCVM_ENDIAN_BI ? "big and little" : "big only");
    out += fmt::format("paravirt:     {}\n",
                       i.hcall_insn_count ? "on, hypercall " + join(hcall_words(i), " ") : "off");
    out += fmt::format("engine:       {} ({})\n", i.engine_name(), i.engine_reason);
    out += fmt::format("memory:       {} MiB, {} vCPU{}\n", d.ram_bytes >> 20, d.smp,
                       d.smp == 1 ? "" : "s");
    return out;
}

std::string to_json(const Description& d) {
    const PlatformInfo& i = d.info;
    std::string out = "{\n";
    out += fmt::format("  \"machine\": \"{}\",\n", json_escape(d.machine));
    out += fmt::format("  \"platform\": \"{}\",\n", i.platform_name());
    out += fmt::format("  \"pvr\": \"0x{:08x}\",\n", i.pvr);
    out += fmt::format("  \"model\": \"{}\",\n", json_escape(i.model()));
    out += fmt::format("  \"family\": \"{}\",\n", i.family_name());
    out += fmt::format("  \"isa_level\": \"{}\",\n", i.isa_name());
    out += fmt::format("  \"compat\": \"{}\",\n", compat_text(i.compat_pvr));
    out += fmt::format("  \"effective_isa_level\": \"{}\",\n",
                       ppcvm_isa_level_name(i.effective_isa_level));
    out += fmt::format("  \"pcr\": \"0x{:x}\",\n", i.pcr);
    out += fmt::format("  \"mmu_models\": {},\n", json_list(mmu_names(i.mmu_models)));
    out += fmt::format("  \"facilities\": {},\n", json_list(facility_names(i.facilities)));
    out += fmt::format("  \"address_bits\": {},\n", i.address_bits);
    out += fmt::format("  \"endianness\": \"{}\",\n", i.endianness == PPCVM_ENDIAN_BI ? "bi" : "big");
    out += fmt::format("  \"paravirt\": {},\n", i.hcall_insn_count ? "true" : "false");
    out += fmt::format("  \"hcall_instructions\": {},\n", json_list(hcall_words(i)));
    out += fmt::format("  \"engine\": \"{}\",\n", i.engine_name());
    out += fmt::format("  \"engine_reason\": \"{}\",\n", json_escape(i.engine_reason));
    out += fmt::format("  \"ram_bytes\": {},\n", d.ram_bytes);
    out += fmt::format("  \"smp\": {}\n", d.smp);
    return out + "}\n";
}

}  // namespace ppcvm::cli

#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <fmt/format.h>

#include "util/text.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace ppcvm::cli {
namespace {

// Split "a,b=c,d" into comma-separated items (QEMU's option syntax; ",," escapes a comma).
std::vector<std::string> split_items(const std::string& text) {
    std::vector<std::string> items;
    std::string cur;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ',') {
            if (i + 1 < text.size() && text[i + 1] == ',') {
                cur += ',';
                ++i;
                continue;
            }
            items.push_back(cur);
            cur.clear();
        } else {
            cur += text[i];
        }
    }
    items.push_back(cur);
    return items;
}

std::pair<std::string, std::string> split_key_value(const std::string& item) {
    auto eq = item.find('=');
    if (eq == std::string::npos) return {item, ""};
    return {item.substr(0, eq), item.substr(eq + 1)};
}

bool parse_on_off(const std::string& key, const std::string& value) {
    if (value.empty() || iequals(value, "on") || iequals(value, "true") || iequals(value, "yes"))
        return true;
    if (iequals(value, "off") || iequals(value, "false") || iequals(value, "no")) return false;
    throw UsageError(fmt::format("machine property '{}' takes on or off, not '{}'", key, value));
}

bool is_help_word(const std::string& s) { return s == "help" || s == "?"; }

// -machine NAME[,prop=value...] / -machine type=NAME,...
void apply_machine_option(const std::string& text, CommandLine& cl) {
    auto items = split_items(text);
    for (size_t i = 0; i < items.size(); ++i) {
        auto [key, value] = split_key_value(items[i]);
        if (i == 0 && value.empty() && items[i].find('=') == std::string::npos) {
            if (is_help_word(key)) {
                cl.action = Action::MachineHelp;
                return;
            }
            cl.machine_name = key;
            continue;
        }
        if (key == "type") {
            cl.machine_name = value;
        } else if (key == "max-cpu-compat") {
            cl.max_cpu_compat = value;
        } else if (key == "kvm-type") {
            // QEMU/KVM: auto, HV (hardware virtualisation = our fast engine), PR (problem-state
            // emulation = our exact engine).
            if (iequals(value, "auto")) cl.request.engine = EngineKind::Auto;
            else if (iequals(value, "HV")) cl.request.engine = EngineKind::Fast;
            else if (iequals(value, "PR")) cl.request.engine = EngineKind::Exact;
            else
                throw UsageError(fmt::format("kvm-type must be auto, HV or PR, not '{}'", value));
        } else if (key == "paravirt") {  // ppcvm: KVM/ePAPR paravirtual interface
            if (parse_on_off(key, value)) cl.request.flags |= PPCVM_CONFIG_F_PARAVIRT;
            else cl.request.flags &= ~PPCVM_CONFIG_F_PARAVIRT;
        } else if (key == "force-exact") {  // ppcvm: the RFC's CROSS_ARCH flag
            if (parse_on_off(key, value)) cl.request.flags |= PPCVM_CONFIG_F_FORCE_EXACT;
            else cl.request.flags &= ~PPCVM_CONFIG_F_FORCE_EXACT;
        } else if (key == "accel") {
            if (!iequals(value, "tcg"))
                throw UsageError(fmt::format("accelerator '{}' is not available: ppcvm emulates "
                                             "the processor itself (use accel=tcg or omit it)",
                                             value));
        } else if (key.rfind("cap-", 0) == 0 || key == "x-vof" || key == "usb" ||
                   key == "graphics" || key == "dump-guest-core" || key == "mem-merge" ||
                   key == "vsmt" || key == "resize-hpt" || key == "ic-mode" ||
                   key == "dumpdtb") {
            cl.warnings.push_back(fmt::format(
                "machine property '{}' is accepted and does not change what ppcvm emulates",
                items[i]));
        } else {
            throw UsageError(fmt::format("unknown machine property '{}' in -machine {}", key,
                                         text));
        }
    }
}

void apply_accel_option(const std::string& text, CommandLine& cl) {
    auto items = split_items(text);
    auto [first, v] = split_key_value(items[0]);
    std::string name = first == "accel" ? v : first;
    if (is_help_word(name)) throw UsageError("accelerators available: tcg (ppcvm's own engines)");
    if (!iequals(name, "tcg"))
        throw UsageError(fmt::format("accelerator '{}' is not available: ppcvm emulates the "
                                     "processor itself (use -accel tcg or omit it)",
                                     name));
    if (items.size() > 1)
        cl.warnings.push_back(fmt::format(
            "-accel parameters '{}' are accepted and do not change what ppcvm does", text));
}

// A file the user named must exist, be a regular file and be readable.
void check_input_file(const std::string& path, const char* option) {
    if (path.empty()) return;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
        throw UsageError(fmt::format("{} '{}': {}", option, path, std::strerror(errno)));
    if (S_ISDIR(st.st_mode))
        throw UsageError(fmt::format("{} '{}': is a directory, not a file", option, path));
    std::ifstream f(path, std::ios::binary);
    if (!f) throw UsageError(fmt::format("{} '{}': cannot be read", option, path));
    if (st.st_size == 0) throw UsageError(fmt::format("{} '{}': the file is empty", option, path));
}

uint64_t parse_u64(const std::string& text, const char* what) {
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 10);
    if (ec != std::errc() || p != text.data() + text.size() || text.empty())
        throw UsageError(fmt::format("{} '{}' is not a number", what, text));
    return v;
}

void add_qemu_compat_options(CLI::App& app, CommandLine& cl, std::vector<std::string>& machine,
                             std::string& accel, std::string& mem, std::string& smp,
                             std::string& display, std::string& monitor) {
    // Repeatable, as in QEMU: later -machine options add to (and override) earlier ones.
    app.add_option("-M,--machine", machine, "machine[,prop=value...] (-machine help lists them)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--cpu", cl.cpu_name, "processor model or PVR (-cpu help lists them)");
    app.add_option("-m", mem, "guest RAM, e.g. 1G (default unit MiB)");
    app.add_option("--smp", smp, "number of vCPUs ([cpus=]N[,cores=..])");
    app.add_option("--kernel", cl.kernel, "kernel image (ELF)");
    app.add_option("--initrd", cl.initrd, "initial ramdisk");
    app.add_option("--append", cl.append, "kernel command line");
    app.add_option("--bios", cl.bios, "firmware image");
    app.add_flag("--nographic", cl.nographic, "no display; serial console on stdio");
    app.add_option("--serial", cl.serial, "serial device (stdio, none)");
    app.add_option("--display", display, "display (none)");
    app.add_flag("--nodefaults")->description("create no default devices");
    app.add_option("--accel", accel, "accelerator (tcg)");
    app.add_flag("--no-reboot", cl.no_reboot, "exit instead of rebooting");
    app.add_flag("-s")->description("shorthand for -gdb tcp::1234");
    app.add_flag("-S", cl.start_stopped, "do not start the CPUs (wait for the debugger)");
    app.add_option("--gdb", cl.gdb, "gdb server address (tcp::PORT)");
    app.add_option("--rtc", cl.rtc, "real-time clock (base=utc|localtime|DATE)");
    app.add_option("--monitor", monitor, "monitor (none)");
}

}  // namespace

uint64_t parse_memory_size(const std::string& text, std::vector<std::string>& warnings) {
    std::string size_text;
    for (const auto& item : split_items(text)) {
        auto [key, value] = split_key_value(item);
        if (item.find('=') == std::string::npos) size_text = item;
        else if (key == "size") size_text = value;
        else if (key == "slots" || key == "maxmem")
            warnings.push_back(fmt::format("-m {} is accepted and ignored (no memory hotplug)",
                                           item));
        else throw UsageError(fmt::format("unknown -m parameter '{}'", key));
    }
    if (size_text.empty()) throw UsageError(fmt::format("-m '{}' gives no size", text));
    uint64_t unit = 1ull << 20;
    char suffix = size_text.back();
    switch (suffix) {
        case 'k': case 'K': unit = 1ull << 10; break;
        case 'm': case 'M': unit = 1ull << 20; break;
        case 'g': case 'G': unit = 1ull << 30; break;
        case 't': case 'T': unit = 1ull << 40; break;
        case 'b': case 'B': unit = 1; break;
        default: suffix = 0;
    }
    if (suffix) size_text.pop_back();
    uint64_t n = parse_u64(size_text, "memory size");
    if (n == 0) throw UsageError("-m 0: the guest needs some memory");
    if (n > (1ull << 46) / unit)
        throw UsageError(fmt::format("-m {}: more than 64 TiB of guest memory is not supported",
                                     text));
    uint64_t bytes = n * unit;
    if (bytes % 4096 != 0)
        throw UsageError(fmt::format("-m {}: the size must be a multiple of 4 KiB", text));
    return bytes;
}

unsigned parse_smp(const std::string& text, std::vector<std::string>& warnings) {
    uint64_t cpus = 0;
    uint64_t product = 1;
    bool have_topology = false;
    for (const auto& item : split_items(text)) {
        auto [key, value] = split_key_value(item);
        if (item.find('=') == std::string::npos) cpus = parse_u64(item, "-smp");
        else if (key == "cpus") cpus = parse_u64(value, "-smp cpus");
        else if (key == "sockets" || key == "cores" || key == "threads" || key == "dies") {
            product *= parse_u64(value, "-smp topology");
            have_topology = true;
        } else if (key == "maxcpus") {
            warnings.push_back(fmt::format("-smp {} is accepted and ignored (no CPU hotplug)",
                                           item));
        } else {
            throw UsageError(fmt::format("unknown -smp parameter '{}'", key));
        }
    }
    if (cpus == 0 && have_topology) cpus = product;
    if (cpus == 0) throw UsageError("-smp 0: the guest needs at least one CPU");
    if (cpus > 256) throw UsageError(fmt::format("-smp {}: at most 256 vCPUs", cpus));
    return static_cast<unsigned>(cpus);
}

CommandLine parse_command_line(int argc, const char* const argv[]) {
    CommandLine cl;
    CLI::App app{"ppcvm: PowerPC virtual machine monitor", "ppcvm"};
    app.set_help_flag("-h,--help", "print this help");
    std::vector<std::string> machine;
    std::string accel, mem, smp, display, monitor;
    bool describe = false, version = false;
    add_qemu_compat_options(app, cl, machine, accel, mem, smp, display, monitor);
    app.add_flag("--describe", describe,
                 "print the resolved platform (processor, compat, PCR, MMUs, engine) and exit");
    app.add_flag("--json", cl.json, "with --describe: print JSON");
    app.add_option("--engine", "engine: auto, exact or fast (as kvm-type=auto|PR|HV)")
        ->check(CLI::IsMember({"auto", "exact", "fast"}));
    app.add_flag("--version", version, "print the version");

    // QEMU spells long options with one dash (-cpu, -machine); CLI11 wants two. Rewrite the
    // option tokens (not their values) before parsing.
    std::vector<std::string> args(argv + 1, argv + argc);
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string original = args[i];
        std::string& a = args[i];
        if (a.size() > 2 && a[0] == '-' && a[1] != '-') a = "-" + a;
        if (a.size() > 1 && a[0] == '-') {
            const CLI::Option* opt = app.get_option_no_throw(a.substr(0, a.find('=')));
            if (!opt)
                throw UsageError(fmt::format("unknown option '{}' (ppcvm --help lists the options)",
                                             original));
            if (a.find('=') == std::string::npos && opt->get_expected_max() > 0) ++i;  // its value
        } else {
            throw UsageError(fmt::format("unexpected argument '{}' (disk images and other "
                                         "positional arguments are not supported)",
                                         original));
        }
    }
    std::reverse(args.begin(), args.end());  // CLI11 consumes the vector from the back
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp&) {
        cl.action = Action::Help;
        return cl;
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    if (version) {
        cl.action = Action::Version;
        return cl;
    }

    for (const std::string& m : machine) {
        apply_machine_option(m, cl);
        if (cl.action == Action::MachineHelp) return cl;
    }
    if (is_help_word(cl.cpu_name)) {
        cl.action = Action::CpuHelp;
        return cl;
    }
    if (!accel.empty()) apply_accel_option(accel, cl);
    if (!mem.empty()) cl.ram_bytes = parse_memory_size(mem, cl.warnings);
    if (!smp.empty()) cl.smp = parse_smp(smp, cl.warnings);
    if (app.count("-s") && cl.gdb.empty()) cl.gdb = "tcp::1234";
    if (!display.empty() && display != "none")
        throw UsageError(fmt::format("-display {}: ppcvm has no graphical display (use -display "
                                     "none or -nographic)",
                                     display));
    if (!monitor.empty() && monitor != "none")
        cl.warnings.push_back(fmt::format("-monitor {} is accepted; ppcvm has no monitor yet",
                                          monitor));
    if (auto* engine_opt = app.get_option("--engine"); engine_opt->count()) {
        std::string e = engine_opt->as<std::string>();
        cl.request.engine = e == "exact"  ? EngineKind::Exact
                            : e == "fast" ? EngineKind::Fast
                                          : EngineKind::Auto;
    }

    // ---- machine and processor into the platform request ----
    const MachineType* mt = find_machine(cl.machine_name);
    if (!mt)
        throw UsageError(fmt::format("unknown machine '{}' (ppcvm -machine help lists them)",
                                     cl.machine_name));
    cl.request.platform = mt->platform;
    std::string cpu = cl.cpu_name.empty() ? mt->default_cpu : cl.cpu_name;
    if (auto number = parse_pvr_number(cpu)) {
        cl.request.pvr = *number;  // unknown numbers are reported by the resolver
    } else if (const CpuModel* model = find_cpu_by_name(cpu)) {
        cl.request.pvr = model->pvr;
    } else {
        throw UsageError(fmt::format("unknown CPU model '{}' (ppcvm -cpu help lists them)", cpu));
    }
    if (cl.max_cpu_compat) {
        if (mt->platform != Platform::Papr)
            throw UsageError(fmt::format("max-cpu-compat is a pseries property; machine '{}' "
                                         "does not take it",
                                         mt->name));
        auto compat = logical_pvr_for_compat_name(*cl.max_cpu_compat);
        if (!compat) compat = parse_pvr_number(*cl.max_cpu_compat);
        if (!compat)
            throw UsageError(fmt::format("max-cpu-compat '{}' is not a compat level (power6, "
                                         "power7, power7+, power8, power9, power10)",
                                         *cl.max_cpu_compat));
        cl.request.compat_pvr = *compat;
    }
    if (!cl.initrd.empty() && cl.kernel.empty())
        throw UsageError("-initrd needs -kernel (the initrd is handed to the kernel)");
    if (!cl.append.empty() && cl.kernel.empty())
        throw UsageError("-append needs -kernel (the command line is handed to the kernel)");
    if (!cl.serial.empty() && cl.serial != "stdio" && cl.serial != "none" &&
        cl.serial != "mon:stdio")
        throw UsageError(fmt::format("-serial {}: ppcvm supports stdio and none", cl.serial));
    if (!cl.gdb.empty() && cl.gdb.rfind("tcp::", 0) != 0)
        throw UsageError(fmt::format("-gdb {}: ppcvm supports tcp::PORT", cl.gdb));
    check_input_file(cl.kernel, "-kernel");
    check_input_file(cl.initrd, "-initrd");
    check_input_file(cl.bios, "-bios");
    cl.action = describe ? Action::Describe : Action::Run;
    return cl;
}

}  // namespace ppcvm::cli

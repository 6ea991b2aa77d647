// Fuzz target: random instruction streams on every processor of the catalog, in every MSR mode
// combination (PR, HV, LE, SF, IR, DR, FP, VEC, VSX), with random registers, with and without
// the paravirtual interface (its hypercalls and magic page).
// Invariants: no crash or sanitizer report, no access outside guest memory (guard pages around
// the RAM mapping fault; ASan does not watch mmap'd memory), the engine returns within its
// instruction budget, and running
// the stream in blocks gives exactly the state that single-stepping gives (a second, independent
// evaluation of the same semantics through the engine's other path).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "core/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/isa/decoder.hpp"
#include "core/spr_numbers.hpp"

namespace {

using namespace ppcvm;

constexpr uint64_t kRam = 1 << 20;
constexpr uint64_t kCodeBase = 0x1000;
constexpr unsigned kBudget = 256;

struct Input {
    const CpuModel* model;
    uint64_t msr_bits;
    bool confine_addresses;
    // The KVM/ePAPR paravirtual interface offered; r0 then holds the "KVM!" magic so every
    // supervisor `sc` is a paravirtual hypercall (token in r11, from the registers).
    bool paravirt;
    uint32_t cr;
    uint64_t gpr[32];
    std::vector<uint32_t> code;
};

uint64_t take(const uint8_t*& p, const uint8_t* end, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v = (v << 8) | (p < end ? *p++ : 0);
    return v;
}

struct Run {
    std::unique_ptr<GuestMemory> memory;
    std::unique_ptr<Cpu> cpu;
};

Run start(const Input& in) {
    PlatformRequest req;
    req.pvr = in.model->pvr;
    ResolvedPlatform platform = resolve_platform(req);
    Run r;
    r.memory = std::make_unique<GuestMemory>(kRam);
    r.cpu = std::make_unique<Cpu>(platform, *r.memory, nullptr);
    CpuState& s = r.cpu->state();
    static constexpr uint64_t kModeBits[] = {msr::kPR, msr::kHV, msr::kLE, msr::kSF, msr::kIR,
                                             msr::kDR, msr::kFP, msr::kVEC, msr::kVSX};
    s.msr &= ~(msr::kHV | msr::kSF);
    for (unsigned i = 0; i < 9; ++i)
        if (in.msr_bits & (1u << i)) s.msr |= kModeBits[i];
    s.cr = in.cr;
    for (unsigned i = 0; i < 32; ++i)
        s.gpr[i] = in.confine_addresses ? (in.gpr[i] & (kRam - 1)) : in.gpr[i];
    if (in.paravirt) {
        s.paravirt = true;
        s.gpr[0] = 0x4b564d21;
        static constexpr uint64_t kTokens[] = {(42u << 16) | 3, (42u << 16) | 4, (1u << 16) | 16};
        s.gpr[11] = kTokens[in.gpr[11] % 3];
    }
    for (size_t i = 0; i < in.code.size(); ++i) {
        uint32_t w = in.code[i];
        if (!(s.msr & msr::kLE)) w = __builtin_bswap32(w);
        r.memory->write_bytes(kCodeBase + 4 * i, &w, 4);
    }
    s.nia = kCodeBase;
    return r;
}

// Print which architected state differs (set PPCVM_FUZZ_EXPLAIN=1 when reproducing a finding).
void explain(Run& a, Run& b) {
    const CpuState& x = a.cpu->state();
    const CpuState& y = b.cpu->state();
    for (unsigned i = 0; i < 32; ++i)
        if (x.gpr[i] != y.gpr[i])
            std::fprintf(stderr, "r%u: blocks %llx steps %llx\n", i, (unsigned long long)x.gpr[i],
                         (unsigned long long)y.gpr[i]);
    if (x.cr != y.cr) std::fprintf(stderr, "cr: %x %x\n", x.cr, y.cr);
    if (x.msr != y.msr) std::fprintf(stderr, "msr: %llx %llx\n", (unsigned long long)x.msr, (unsigned long long)y.msr);
    if (x.nia != y.nia) std::fprintf(stderr, "nia: %llx %llx\n", (unsigned long long)x.nia, (unsigned long long)y.nia);
    if (x.lr != y.lr || x.ctr != y.ctr) std::fprintf(stderr, "lr/ctr differ\n");
    if (x.xer_read() != y.xer_read()) std::fprintf(stderr, "xer differs\n");
    if (x.fpscr != y.fpscr) std::fprintf(stderr, "fpscr differs\n");
    for (unsigned i = 0; i < 64; ++i)
        if (std::memcmp(&x.vsr[i], &y.vsr[i], sizeof x.vsr[i]) != 0) std::fprintf(stderr, "vsr%u differs\n", i);
    for (unsigned i = 0; i < 1024; ++i)
        if (x.spr[i] != y.spr[i])
            std::fprintf(stderr, "spr%u: %llx %llx\n", i, (unsigned long long)x.spr[i], (unsigned long long)y.spr[i]);
    if (std::memcmp(a.memory->ram(), b.memory->ram(), kRam) != 0) std::fprintf(stderr, "memory differs\n");
    std::fprintf(stderr, "model %s msr-in\n", x.model->name);
}

bool same_state(Run& a, Run& b) {
    const CpuState& x = a.cpu->state();
    const CpuState& y = b.cpu->state();
    if (std::memcmp(x.gpr, y.gpr, sizeof x.gpr) != 0) return false;
    if (x.cr != y.cr || x.lr != y.lr || x.ctr != y.ctr || x.msr != y.msr || x.nia != y.nia)
        return false;
    if (x.xer_read() != y.xer_read()) return false;
    if (std::memcmp(x.vsr, y.vsr, sizeof x.vsr) != 0 || x.fpscr != y.fpscr) return false;
    if (std::memcmp(x.spr, y.spr, sizeof x.spr) != 0) return false;
    return std::memcmp(a.memory->ram(), b.memory->ram(), kRam) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    auto catalog = cpu_catalog();
    Input in;
    in.model = &catalog[take(p, end, 1) % catalog.size()];
    const uint64_t mode = take(p, end, 2);
    in.msr_bits = mode & 0x1ff;
    in.confine_addresses = (mode >> 9) & 1;
    in.paravirt = (mode >> 10) & 1;
    in.cr = static_cast<uint32_t>(take(p, end, 4));
    for (unsigned i = 0; i < 16; ++i) in.gpr[i] = take(p, end, 8);
    for (unsigned i = 16; i < 32; ++i) in.gpr[i] = in.gpr[i - 16] ^ (0x9e3779b97f4a7c15ull * i);
    while (p + 4 <= end && in.code.size() < 64) in.code.push_back(static_cast<uint32_t>(take(p, end, 4)));
    if (in.code.empty()) return 0;

    // darn returns fresh random numbers: its streams cannot be compared run against run.
    bool deterministic = true;
    for (uint32_t w : in.code) {
        const isa::InsnDesc* d = isa::Decoder::instance().decode(w);
        if (d && std::string_view(d->mnemonic) == "darn") deterministic = false;
    }

    Run blocks = start(in);
    blocks.cpu->engine().run(kBudget);
    if (blocks.cpu->state().instructions_retired > kBudget) std::abort();

    Run steps = start(in);
    for (unsigned i = 0; i < kBudget; ++i)
        if (steps.cpu->engine().step() == StopReason::Halted) break;

    // A stream that stores into its own code may execute the old or the new instruction until
    // it runs icbi/isync (Power ISA 3.1 Book II 1.8, "Instruction Storage"): block execution
    // and single-stepping may then rightly differ.
    auto code_intact = [&](Run& r) {
        for (size_t i = 0; i < in.code.size(); ++i) {
            uint32_t w;
            r.memory->read_bytes(kCodeBase + 4 * i, &w, 4);
            if (!(in.msr_bits & (1u << 2))) w = __builtin_bswap32(w);  // written big-endian
            if (w != in.code[i]) return false;
        }
        return true;
    };
    if (!code_intact(blocks) || !code_intact(steps)) deterministic = false;

    if (deterministic && blocks.cpu->state().instructions_retired == kBudget &&
        steps.cpu->state().instructions_retired == kBudget && !same_state(blocks, steps)) {
        if (std::getenv("PPCVM_FUZZ_EXPLAIN")) explain(blocks, steps);
        std::abort();
    }
    return 0;
}

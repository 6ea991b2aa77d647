#include "user_process.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "core/interrupts.hpp"
#include "core/isa/decoder.hpp"
#include "core/memory_access.hpp"
#include "core/spr_numbers.hpp"

namespace ppcvm::user {
namespace {

// Linux system call numbers for powerpc and powerpc64 (arch/powerpc/kernel/syscalls/
// syscall.tbl); the ones used here are the same in both.
namespace nr {
constexpr uint64_t kExit = 1, kWrite = 4, kGetpid = 20, kBrk = 45, kIoctl = 54, kMmap = 90,
                   kMunmap = 91, kMprotect = 125, kWritev = 146, kMmap2 = 192, kGettid = 207,
                   kSetTidAddress = 232, kExitGroup = 234;
}  // namespace nr
constexpr int64_t kEbadf = 9, kEfault = 14, kEinval = 22, kEnomem = 12, kEnotty = 25,
                  kEnosys = 38;

// Auxiliary vector keys (include/uapi/linux/auxvec.h, arch/powerpc/include/uapi/asm/auxvec.h).
namespace at {
constexpr uint64_t kNull = 0, kPhdr = 3, kPhent = 4, kPhnum = 5, kPagesz = 6, kBase = 7,
                   kFlags = 8, kEntry = 9, kUid = 11, kEuid = 12, kGid = 13, kEgid = 14,
                   kPlatform = 15, kHwcap = 16, kClktck = 17, kDcacheBsize = 19,
                   kIcacheBsize = 20, kUcacheBsize = 21, kSecure = 23, kRandom = 25,
                   kHwcap2 = 26, kExecfn = 31;
}  // namespace at
// AT_HWCAP: PPC_FEATURE_32 | PPC_FEATURE_64 (64-bit only) | HAS_FPU | HAS_MMU. Deliberately
// minimal: C libraries then pick their generic routines, not ISA 2.07/3.0 ones.
constexpr uint64_t kHwcap32 = 0x80000000u | 0x08000000u | 0x04000000u;
constexpr uint64_t kHwcap64Bit = 0x40000000u;

// The interrupts a user process can take here (translation is off, so no DSI/ISI, but they
// are listed for completeness): the run loop stops at their vectors.
constexpr uint64_t kUserVectors[] = {
    vector::kMachineCheck, vector::kDataStorage, vector::kDataSegment,
    vector::kInstructionStorage, vector::kInstructionSegment, vector::kAlignment,
    vector::kProgram, vector::kFpUnavailable, vector::kSystemCall,
    vector::kHypervisorEmulationAssistance, vector::kVectorUnavailable,
    vector::kVsxUnavailable, vector::kFacilityUnavailable,
    vector::kHypervisorFacilityUnavailable, vector::kSystemCallVectored};

constexpr uint64_t kStackSize = 8ull << 20;  // brk may not grow into the top 8 MiB

}  // namespace

UserProcess::UserProcess(const std::vector<uint8_t>& elf, const std::vector<std::string>& argv,
                         const UserOptions& options)
    : opt_(options) {
    image_ = loader::parse_elf(elf);
    const CpuModel* model = find_cpu_by_name(opt_.cpu);
    if (!model) throw std::runtime_error(fmt::format("unknown CPU model '{}'", opt_.cpu));
    if (model->family != CpuFamily::Book3S64)
        throw std::runtime_error(fmt::format("CPU model '{}' is not a 64-bit server processor "
                                             "(ppcvm-user runs 32-bit programs in MSR[SF]=0 on "
                                             "one)",
                                             opt_.cpu));
    if (image_.little_endian && !model->bi_endian)
        throw std::runtime_error(
            fmt::format("CPU model '{}' cannot run little-endian programs", opt_.cpu));
    if (image_.high > opt_.memory_bytes ||
        opt_.memory_bytes - image_.high < kStackSize + (1u << 20))
        throw loader::ElfError(fmt::format(
            "guest memory of {:#x} bytes is too small: the program ends at {:#x} and the stack "
            "needs {} MiB above it",
            opt_.memory_bytes, image_.high, kStackSize >> 20));
    PlatformRequest req;
    req.platform = Platform::Papr;  // illegal instructions reach the process as Program ints
    req.pvr = model->pvr;
    platform_ = resolve_platform(req);
    memory_ = std::make_unique<GuestMemory>(opt_.memory_bytes);
    loader::load_elf(image_, elf, *memory_);
    const loader::EntryPoint entry = loader::resolve_entry(image_, *memory_);

    cpu_ = std::make_unique<Cpu>(platform_, *memory_, nullptr);
    CpuState& s = cpu_->state();
    // Problem state, translation off (identity), facilities on (Linux enables them lazily, so
    // a process never sees them unavailable).
    user_msr_ = msr::kPR | msr::kME | msr::kFP | msr::kVEC | msr::kVSX;
    if (image_.is64) user_msr_ |= msr::kSF;
    if (image_.little_endian) user_msr_ |= msr::kLE;
    s.msr = user_msr_;
    for (uint64_t v : kUserVectors) cpu_->engine().set_breakpoint(v);
    brk_ = (image_.high + 0xfff) & ~0xfffull;
    build_stack(argv);
    s.nia = entry.pc;
    s.gpr[12] = entry.pc;  // ELFv2: r12 holds the global entry point address
    if (entry.has_toc) s.gpr[2] = entry.toc;
}

UserProcess::~UserProcess() = default;

void UserProcess::build_stack(const std::vector<std::string>& argv) {
    CpuState& s = cpu_->state();
    const unsigned w = image_.is64 ? 8 : 4;
    const bool le = image_.little_endian;
    uint64_t top = (opt_.memory_bytes - 0x1000) & ~0xfull;
    auto put_bytes = [&](const void* data, size_t len) {
        top -= len;
        memory_->write_bytes(top, data, len);
        return top;
    };
    auto put_string = [&](const std::string& str) { return put_bytes(str.c_str(), str.size() + 1); };

    const std::string platform = std::string("power") +
                                 (cpu_->state().model->isa >= IsaLevel::V3_1   ? "10"
                                  : cpu_->state().model->isa >= IsaLevel::V3_00 ? "9"
                                                                                : "8");
    const uint64_t platform_addr = put_string(platform);
    std::vector<uint64_t> arg_addrs;
    for (const auto& a : argv) arg_addrs.push_back(put_string(a));
    const uint64_t execfn = arg_addrs.empty() ? 0 : arg_addrs[0];
    uint8_t random[16];
    std::random_device rd;
    for (auto& b : random) b = static_cast<uint8_t>(rd());
    top &= ~0xfull;
    const uint64_t random_addr = put_bytes(random, sizeof random);

    std::vector<uint64_t> words;
    words.push_back(argv.size());
    for (uint64_t a : arg_addrs) words.push_back(a);
    words.push_back(0);  // end of argv
    words.push_back(0);  // empty environment
    const uint64_t hwcap = kHwcap32 | (image_.is64 ? kHwcap64Bit : 0);
    const std::pair<uint64_t, uint64_t> auxv[] = {
        {at::kPhdr, image_.phdr_address}, {at::kPhent, image_.phentsize},
        {at::kPhnum, image_.phnum},       {at::kPagesz, 4096},
        {at::kBase, 0},                   {at::kFlags, 0},
        {at::kEntry, image_.entry},       {at::kUid, 0},
        {at::kEuid, 0},                   {at::kGid, 0},
        {at::kEgid, 0},                   {at::kPlatform, platform_addr},
        {at::kHwcap, hwcap},              {at::kHwcap2, 0},
        {at::kClktck, 100},               {at::kDcacheBsize, 128},
        {at::kIcacheBsize, 128},          {at::kUcacheBsize, 0},
        {at::kSecure, 0},                 {at::kRandom, random_addr},
        {at::kExecfn, execfn},            {at::kNull, 0},
    };
    for (const auto& [k, v] : auxv) {
        words.push_back(k);
        words.push_back(v);
    }
    top -= words.size() * w;
    top &= ~0xfull;  // the ABI wants the stack pointer 16-byte aligned at entry
    for (size_t i = 0; i < words.size(); ++i) {
        uint8_t b[8];
        for (unsigned k = 0; k < w; ++k)
            b[k] = static_cast<uint8_t>(words[i] >> (8 * (le ? k : w - 1 - k)));
        memory_->write_bytes(top + i * w, b, w);
    }
    s.gpr[1] = top;
}

std::string UserProcess::describe_fault() const {
    const CpuState& s = cpu_->state();
    const uint64_t srr0 = s.spr[sprn::kSRR0], srr1 = s.spr[sprn::kSRR1];
    auto insn_at = [&](uint64_t ea) {
        uint32_t w = 0;
        if (!memory_->read_bytes(ea & kRealModeMask, &w, 4)) return std::string("(unreadable)");
        if (!image_.little_endian) w = __builtin_bswap32(w);
        const isa::InsnDesc* d = isa::Decoder::instance().decode(w);
        return fmt::format("{:08x} ({})", w, d ? d->mnemonic : "no instruction in ppcvm's tables");
    };
    switch (s.nia) {
        case vector::kProgram:
            if (srr1 & program::kIllegal)
                return fmt::format("illegal instruction {} at {:#x}", insn_at(srr0), srr0);
            if (srr1 & program::kPrivileged)
                return fmt::format("privileged instruction {} at {:#x}", insn_at(srr0), srr0);
            if (srr1 & program::kTrap)
                return fmt::format("trap {} at {:#x}", insn_at(srr0), srr0);
            return fmt::format("program interrupt (SRR1 {:#x}) at {:#x}", srr1, srr0);
        case vector::kMachineCheck:
            return fmt::format("access to {:#x} outside guest memory by {} at {:#x}",
                               s.spr[sprn::kDAR], insn_at(srr0), srr0);
        case vector::kAlignment:
            return fmt::format("alignment interrupt: {} at {:#x}, address {:#x}", insn_at(srr0),
                               srr0, s.spr[sprn::kDAR]);
        default:
            return fmt::format("unexpected interrupt {:#x} at {:#x}", s.nia, srr0);
    }
}

bool UserProcess::system_call(RunResult& result) {
    CpuState& s = cpu_->state();
    const uint64_t mask = image_.is64 ? ~0ull : 0xffffffffull;
    const uint64_t n = s.gpr[0] & mask;
    uint64_t a[6];
    for (int i = 0; i < 6; ++i) a[i] = s.gpr[3 + i] & mask;
    const unsigned w = image_.is64 ? 8 : 4;
    auto host_fd = [&](uint64_t fd) { return fd == 1 ? opt_.stdout_fd : fd == 2 ? opt_.stderr_fd : -1; };
    auto guest_ptr = [&](uint64_t ea, uint64_t len) -> const uint8_t* {
        return memory_->ram_ptr(ea & kRealModeMask, len);
    };
    auto read_word = [&](uint64_t ea, uint64_t& v) {
        uint8_t b[8];
        if (!memory_->read_bytes(ea & kRealModeMask, b, w)) return false;
        v = 0;
        for (unsigned k = 0; k < w; ++k)
            v |= static_cast<uint64_t>(b[k]) << (8 * (image_.little_endian ? k : w - 1 - k));
        return true;
    };
    auto write_out = [&](int fd, const uint8_t* p, uint64_t len) -> int64_t {
        uint64_t done = 0;
        while (done < len) {
            const ssize_t r = ::write(fd, p + done, len - done);
            if (r < 0) return done ? static_cast<int64_t>(done) : -errno;
            done += static_cast<uint64_t>(r);
        }
        return static_cast<int64_t>(done);
    };
    int64_t ret = -kEnosys;
    switch (n) {
        case nr::kExit:
        case nr::kExitGroup:
            result.kind = RunResult::Kind::Exited;
            result.exit_code = static_cast<int>(a[0] & 0xff);
            if (opt_.trace_syscalls) std::fprintf(stderr, "[ppcvm-user] exit(%d)\n", result.exit_code);
            return false;
        case nr::kWrite: {
            const int fd = host_fd(a[0]);
            const uint8_t* p = guest_ptr(a[1], a[2]);
            ret = fd < 0 ? -kEbadf : !p ? -kEfault : write_out(fd, p, a[2]);
            break;
        }
        case nr::kWritev: {
            const int fd = host_fd(a[0]);
            if (fd < 0) {
                ret = -kEbadf;
                break;
            }
            if (a[2] > 1024) {
                ret = -kEinval;
                break;
            }
            ret = 0;
            for (uint64_t i = 0; i < a[2]; ++i) {
                uint64_t base, len;
                if (!read_word(a[1] + i * 2 * w, base) || !read_word(a[1] + i * 2 * w + w, len)) {
                    ret = -kEfault;
                    break;
                }
                const uint8_t* p = guest_ptr(base, len);
                if (!p) {
                    ret = -kEfault;
                    break;
                }
                const int64_t r = write_out(fd, p, len);
                if (r < 0) {
                    ret = r;
                    break;
                }
                ret += r;
            }
            break;
        }
        case nr::kBrk: {
            // Grows up to the stack area; the new range is zeroed as Linux does.
            const uint64_t limit = opt_.memory_bytes - kStackSize;
            if (a[0] > brk_ && a[0] <= limit) {
                if (uint8_t* p = memory_->ram_ptr(brk_, a[0] - brk_)) std::memset(p, 0, a[0] - brk_);
                brk_ = a[0];
            }
            ret = static_cast<int64_t>(brk_);
            break;
        }
        case nr::kMmap:
        case nr::kMmap2: ret = -kEnomem; break;  // no mmap: C libraries fall back to brk
        case nr::kMunmap: ret = -kEinval; break;
        // Page protections are not modelled (guest memory is one flat RAM image); accepting
        // the call lets glibc's static start-up protect its RELRO segment (it exits with
        // "cannot apply additional memory protection after relocation" otherwise). Partial: a
        // later write to such a page is not refused.
        case nr::kMprotect: ret = (a[0] & 0xfff) ? -kEinval : 0; break;
        case nr::kSetTidAddress:
        case nr::kGettid:
        case nr::kGetpid: ret = 1000; break;
        case nr::kIoctl: ret = -kEnotty; break;  // no terminal: stdio buffers fully
        default: break;
    }
    if (opt_.trace_syscalls)
        std::fprintf(stderr, "[ppcvm-user] syscall %llu(%#llx, %#llx, %#llx) = %lld\n",
                     static_cast<unsigned long long>(n), static_cast<unsigned long long>(a[0]),
                     static_cast<unsigned long long>(a[1]), static_cast<unsigned long long>(a[2]),
                     static_cast<long long>(ret));
    // Linux powerpc convention: failure sets CR0[SO] and returns the positive errno in r3.
    const bool failed = ret < 0 && ret >= -4095;
    s.gpr[3] = failed ? static_cast<uint64_t>(-ret) : static_cast<uint64_t>(ret) & mask;
    s.set_cr_bit(3, failed);
    return true;
}

RunResult UserProcess::run() {
    RunResult result;
    CpuState& s = cpu_->state();
    ExactEngine& engine = cpu_->engine();
    constexpr uint64_t kChunk = 1ull << 30;
    for (;;) {
        uint64_t budget = kChunk;
        if (opt_.max_instructions) {
            if (s.instructions_retired >= opt_.max_instructions) {
                result.kind = RunResult::Kind::InstructionLimit;
                result.message = fmt::format("stopped after {} instructions at {:#x}",
                                             s.instructions_retired, s.nia);
                break;
            }
            budget = std::min(budget, opt_.max_instructions - s.instructions_retired);
        }
        engine.run(budget);
        if (s.msr & msr::kPR) continue;  // budget used up, still in the program
        if (s.nia == vector::kSystemCall) {
            if (!system_call(result)) break;
            // Return to the program: the instruction after sc, with the program's MSR.
            s.msr = user_msr_;
            s.nia = s.spr[sprn::kSRR0];
            continue;
        }
        result.kind = RunResult::Kind::Fault;
        result.message = describe_fault();
        const int sig = s.nia == vector::kProgram
                            ? ((s.spr[sprn::kSRR1] & program::kTrap) ? 5 : 4)  // SIGTRAP/SIGILL
                        : s.nia == vector::kAlignment ? 7                     // SIGBUS
                                                      : 11;                   // SIGSEGV
        result.exit_code = 128 + sig;
        break;
    }
    result.instructions = s.instructions_retired;
    return result;
}

}  // namespace ppcvm::user

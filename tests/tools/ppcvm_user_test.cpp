// ppcvm-user's process model: stack, entry (ELFv2, ELFv1 descriptor, 32-bit), system calls
// served outside the core, faults reported.
#include "user_process.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include "elf_builder.hpp"

namespace ppcvm::user {
namespace {

using test::ElfBuilder;

constexpr uint64_t kText = 0x10000000, kData = 0x10010000;

enum class Abi { V2Le, V1Be, Be32 };

// write(1, "hi ppcvm\n", 9); exit(40 + argc), with instructions from the tables only.
ElfBuilder hello(Abi abi) {
    ElfBuilder b;
    b.is64 = abi != Abi::Be32;
    b.little_endian = abi == Abi::V2Le;
    b.machine = b.is64 ? 21 : 20;
    b.flags = abi == Abi::V2Le ? 2 : abi == Abi::V1Be ? 1 : 0;
    const uint32_t argc_load = abi == Abi::V1Be ? 0x82810004 : 0x82810000;  // lwz r20,0/4(r1)
    const std::vector<uint32_t> code = {
        argc_load,
        0x38000004,                          // li r0,4 (write)
        0x38600001,                          // li r3,1
        0x3c800000 | (kData >> 16),          // lis r4,kData@h
        0x38840000 | (kData & 0xffff),       // addi r4,r4,kData@l
        0x38a00009,                          // li r5,9
        0x44000002,                          // sc
        0x38000001,                          // li r0,1 (exit)
        0x38740028,                          // addi r3,r20,40
        0x44000002,                          // sc
    };
    b.segments.push_back({1, kText, b.words(code), 0, 5});
    std::vector<uint8_t> data = {'h', 'i', ' ', 'p', 'p', 'c', 'v', 'm', '\n'};
    if (abi == Abi::V1Be) {
        // The entry descriptor { code, TOC, 0 } after the message.
        data.resize(16, 0);
        b.put(data, 16, kText, 8);
        b.put(data, 24, kData + 0x8000, 8);
        b.put(data, 32, 0, 8);
        b.entry = kData + 16;
    } else {
        b.entry = kText;
    }
    b.segments.push_back({1, kData, data, 0x1000, 6});
    return b;
}

struct Captured {
    RunResult result;
    std::string out;
};

Captured run(const std::vector<uint8_t>& elf, std::vector<std::string> argv,
             UserOptions opt = {}) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    opt.stdout_fd = fds[1];
    opt.memory_bytes = 512ull << 20;
    UserProcess p(elf, argv, opt);
    Captured c;
    c.result = p.run();
    ::close(fds[1]);
    char buf[256];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) c.out.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    return c;
}

TEST(PpcvmUser, HelloInEveryAbi) {
    for (Abi abi : {Abi::V2Le, Abi::V1Be, Abi::Be32}) {
        const Captured c = run(hello(abi).build(), {"prog", "a", "b"});
        EXPECT_EQ(c.result.kind, RunResult::Kind::Exited) << c.result.message;
        EXPECT_EQ(c.result.exit_code, 43) << "40 + argc";
        EXPECT_EQ(c.out, "hi ppcvm\n");
        EXPECT_EQ(c.result.instructions, 10u);
    }
}

TEST(PpcvmUser, StackFollowsTheLinuxProcessAbi) {
    for (Abi abi : {Abi::V2Le, Abi::V1Be, Abi::Be32}) {
        UserOptions opt;
        opt.memory_bytes = 512ull << 20;
        UserProcess p(hello(abi).build(), {"prog", "xy"}, opt);
        CpuState& s = p.state();
        const unsigned w = abi == Abi::Be32 ? 4 : 8;
        const bool le = abi == Abi::V2Le;
        EXPECT_EQ(s.gpr[1] % 16, 0u);
        auto word = [&](uint64_t addr) {
            uint8_t b[8] = {};
            EXPECT_TRUE(s.memory->read_bytes(addr, b, w));
            uint64_t v = 0;
            for (unsigned k = 0; k < w; ++k) v |= uint64_t{b[k]} << (8 * (le ? k : w - 1 - k));
            return v;
        };
        const uint64_t sp = s.gpr[1];
        EXPECT_EQ(word(sp), 2u);  // argc
        char arg1[3] = {};
        s.memory->read_bytes(word(sp + 2 * w), arg1, 3);
        EXPECT_STREQ(arg1, "xy");
        EXPECT_EQ(word(sp + 3 * w), 0u);  // argv terminator
        EXPECT_EQ(word(sp + 4 * w), 0u);  // empty environment
        // auxv: find AT_ENTRY (9) and AT_PAGESZ (6) before AT_NULL.
        bool saw_entry = false;
        for (uint64_t a = sp + 5 * w; word(a) != 0; a += 2 * w) {
            if (word(a) == 9) {
                saw_entry = true;
                EXPECT_EQ(word(a + w), p.image().entry);
            }
            if (word(a) == 6) {
                EXPECT_EQ(word(a + w), 4096u);
            }
        }
        EXPECT_TRUE(saw_entry);
        EXPECT_EQ(s.msr & msr::kPR, msr::kPR);
        EXPECT_EQ((s.msr & msr::kSF) != 0, abi != Abi::Be32);
        EXPECT_EQ((s.msr & msr::kLE) != 0, le);
        if (abi == Abi::V1Be) {
            EXPECT_EQ(s.gpr[2], kData + 0x8000) << "TOC from the descriptor";
        }
        EXPECT_EQ(s.nia, kText);
    }
}

TEST(PpcvmUser, UnknownSystemCallFailsWithEnosysAndTheProgramGoesOn) {
    ElfBuilder b = hello(Abi::V2Le);
    // li r0,999 ; sc ; li r0,1 ; sc   -> exits with r3 = ENOSYS (38), CR0[SO] set
    b.segments[0].data = b.words({0x380003e7, 0x44000002, 0x38000001, 0x44000002});
    const Captured c = run(b.build(), {"prog"});
    EXPECT_EQ(c.result.kind, RunResult::Kind::Exited);
    EXPECT_EQ(c.result.exit_code, 38);
}

TEST(PpcvmUser, BrkGrowsWithinMemoryAndRefusesBeyondIt) {
    ElfBuilder b = hello(Abi::V2Le);
    b.segments[0].data = b.words({
        0x3800002d, 0x38600000, 0x44000002,  // li r0,45 ; li r3,0 ; sc      (query)
        0x7c741b78,                          // mr r20,r3
        0x3c740001, 0x3800002d, 0x44000002,  // addis r3,r20,1 ; li r0,45 ; sc (grow 64 KiB)
        0x7c751b78,                          // mr r21,r3
        0x9063fffc, 0x8083fffc,              // stw r3,-4(r3) ; lwz r4,-4(r3) (new memory works)
        0x3c744000, 0x3800002d, 0x44000002,  // addis r3,r20,0x4000 ; sc     (1 GiB more: no)
        0x7c761b78,                          // mr r22,r3
        0x38000001, 0x38600000, 0x44000002,  // exit(0)
    });
    UserOptions opt;
    opt.memory_bytes = 512ull << 20;
    UserProcess p(b.build(), {"prog"}, opt);
    const RunResult r = p.run();
    ASSERT_EQ(r.kind, RunResult::Kind::Exited) << r.message;
    const CpuState& s = p.state();
    EXPECT_EQ(s.gpr[20], (kData + 0x1000 + 0xfff) & ~0xfffull) << "initial break: end of bss";
    EXPECT_EQ(s.gpr[21], s.gpr[20] + 0x10000);
    EXPECT_EQ(s.gpr[4], s.gpr[21]);
    EXPECT_EQ(s.gpr[22], s.gpr[21]) << "a break beyond guest memory is refused";
}

TEST(PpcvmUser, IllegalInstructionIsReportedAsSigill) {
    ElfBuilder b = hello(Abi::V2Le);
    b.segments[0].data = b.words({0x38600001, 0x00000000});
    const Captured c = run(b.build(), {"prog"});
    EXPECT_EQ(c.result.kind, RunResult::Kind::Fault);
    EXPECT_EQ(c.result.exit_code, 128 + 4);
    EXPECT_NE(c.result.message.find("illegal instruction 00000000"), std::string::npos)
        << c.result.message;
    EXPECT_NE(c.result.message.find("0x10000004"), std::string::npos) << c.result.message;
}

TEST(PpcvmUser, StoreOutsideMemoryIsAFaultNotACrash) {
    ElfBuilder b = hello(Abi::V2Le);
    // lis r3,0x7000 ; stw r3,0(r3)  (far beyond 512 MiB of RAM)
    b.segments[0].data = b.words({0x3c607000, 0x90630000});
    const Captured c = run(b.build(), {"prog"});
    EXPECT_EQ(c.result.kind, RunResult::Kind::Fault);
    EXPECT_EQ(c.result.exit_code, 128 + 11);
    EXPECT_NE(c.result.message.find("outside guest memory"), std::string::npos)
        << c.result.message;
}

TEST(PpcvmUser, InstructionLimitStopsAnEndlessProgram) {
    ElfBuilder b = hello(Abi::V2Le);
    b.segments[0].data = b.words({0x48000000});  // b .
    UserOptions opt;
    opt.max_instructions = 1000;
    const Captured c = run(b.build(), {"prog"}, opt);
    EXPECT_EQ(c.result.kind, RunResult::Kind::InstructionLimit);
    EXPECT_EQ(c.result.instructions, 1000u);
}

}  // namespace
}  // namespace ppcvm::user

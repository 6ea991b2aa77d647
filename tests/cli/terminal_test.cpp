#include "cli/terminal.hpp"

#include <gtest/gtest.h>

namespace ppcvm::cli {
namespace {

using Cmd = ConsoleEscapes::Command;

TEST(ConsoleEscapes, PlainBytesGoToTheGuest) {
    ConsoleEscapes e;
    std::string g;
    for (char c : std::string("ls -l\r")) EXPECT_EQ(e.feed(c, g), Cmd::None);
    EXPECT_EQ(g, "ls -l\r");
}

TEST(ConsoleEscapes, CtrlAXQuits) {
    ConsoleEscapes e;
    std::string g;
    EXPECT_EQ(e.feed(0x01, g), Cmd::None);
    EXPECT_EQ(e.feed('x', g), Cmd::Quit);
    EXPECT_EQ(g, "");
}

TEST(ConsoleEscapes, HelpLiteralCtrlAAndUnknown) {
    ConsoleEscapes e;
    std::string g;
    e.feed(0x01, g);
    EXPECT_EQ(e.feed('h', g), Cmd::Help);
    e.feed(0x01, g);
    EXPECT_EQ(e.feed(0x01, g), Cmd::None);
    EXPECT_EQ(g, std::string(1, '\x01'));
    e.feed(0x01, g);
    EXPECT_EQ(e.feed('z', g), Cmd::Unknown);
    EXPECT_EQ(e.feed('z', g), Cmd::None);
    EXPECT_EQ(g, std::string("\x01z", 2));
    EXPECT_NE(std::string(ConsoleEscapes::help_text()).find("C-a x"), std::string::npos);
}

}  // namespace
}  // namespace ppcvm::cli

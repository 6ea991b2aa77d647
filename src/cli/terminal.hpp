// The guest console on the user's terminal, as QEMU's -nographic console behaves: raw mode
// while the guest runs (restored on every way out), Ctrl-A X to quit, Ctrl-A H for help,
// Ctrl-A Ctrl-A to send a literal Ctrl-A. Other bytes go to the guest.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace ppcvm::cli {

// Splits the input byte stream into guest input and escape commands (pure logic, testable).
class ConsoleEscapes {
public:
    enum class Command { None, Quit, Help, Unknown };
    static constexpr char kEscape = 0x01;  // Ctrl-A

    // Feed one byte; guest bytes are appended to `to_guest`. Returns a command when the byte
    // completed one.
    Command feed(char byte, std::string& to_guest);

    static const char* help_text();

private:
    bool escape_pending_ = false;
};

class Terminal {
public:
    // `on_input` receives guest-bound bytes; `on_quit` is called for Ctrl-A X (or end of input
    // when `quit_on_eof`).
    Terminal(std::function<void(const std::string&)> on_input, std::function<void()> on_quit,
             bool quit_on_eof = false);
    ~Terminal();  // stops the reader and restores the terminal
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    // Write guest output to stdout (unbuffered, all bytes).
    static void write_output(const char* data, size_t len);

    // Put the terminal back as it was; safe to call from a signal handler path and twice.
    static void restore();

private:
    void reader();
    std::function<void(const std::string&)> on_input_;
    std::function<void()> on_quit_;
    bool quit_on_eof_;
    std::atomic<bool> stop_{false};
    int wake_pipe_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace ppcvm::cli

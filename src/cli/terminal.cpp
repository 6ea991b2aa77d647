#include "cli/terminal.hpp"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>

namespace ppcvm::cli {
namespace {

struct termios g_saved;
std::atomic<bool> g_raw{false};

void write_all(int fd, const char* data, size_t len) {
    while (len > 0) {
        ssize_t n = ::write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        data += n;
        len -= static_cast<size_t>(n);
    }
}

}  // namespace

ConsoleEscapes::Command ConsoleEscapes::feed(char byte, std::string& to_guest) {
    if (escape_pending_) {
        escape_pending_ = false;
        switch (byte) {
            case 'x': case 'X': return Command::Quit;
            case 'h': case 'H': case '?': return Command::Help;
            case kEscape: to_guest += kEscape; return Command::None;
            default: return Command::Unknown;
        }
    }
    if (byte == kEscape) {
        escape_pending_ = true;
        return Command::None;
    }
    to_guest += byte;
    return Command::None;
}

const char* ConsoleEscapes::help_text() {
    return "\r\nC-a h    print this help\r\n"
           "C-a x    exit ppcvm\r\n"
           "C-a C-a  sends C-a\r\n";
}

Terminal::Terminal(std::function<void(const std::string&)> on_input,
                   std::function<void()> on_quit, bool quit_on_eof)
    : on_input_(std::move(on_input)), on_quit_(std::move(on_quit)), quit_on_eof_(quit_on_eof) {
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved) == 0) {
        struct termios raw = g_saved;
        // Raw input (Ctrl-C reaches the guest), but keep output post-processing so the host
        // terminal renders the guest's "\n" the way QEMU's console does.
        raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        raw.c_cflag &= ~(CSIZE | PARENB);
        raw.c_cflag |= CS8;
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
            g_raw = true;
            std::atexit(&Terminal::restore);
        }
    }
    if (pipe(wake_pipe_) != 0) wake_pipe_[0] = wake_pipe_[1] = -1;
    thread_ = std::thread([this] { reader(); });
}

Terminal::~Terminal() {
    stop_ = true;
    if (wake_pipe_[1] >= 0) write_all(wake_pipe_[1], "x", 1);
    if (thread_.joinable()) thread_.join();
    if (wake_pipe_[0] >= 0) close(wake_pipe_[0]);
    if (wake_pipe_[1] >= 0) close(wake_pipe_[1]);
    restore();
}

void Terminal::restore() {
    if (g_raw.exchange(false)) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
}

void Terminal::write_output(const char* data, size_t len) { write_all(STDOUT_FILENO, data, len); }

void Terminal::reader() {
    ConsoleEscapes escapes;
    char buf[256];
    while (!stop_) {
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        int r = poll(fds, wake_pipe_[0] >= 0 ? 2 : 1, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents) return;
        if (!(fds[0].revents & (POLLIN | POLLHUP))) continue;
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            if (quit_on_eof_ && on_quit_) on_quit_();
            return;  // end of input: the guest just gets no more
        }
        std::string to_guest;
        for (ssize_t i = 0; i < n; ++i) {
            switch (escapes.feed(buf[i], to_guest)) {
                case ConsoleEscapes::Command::Quit:
                    if (on_quit_) on_quit_();
                    return;
                case ConsoleEscapes::Command::Help:
                    write_output(ConsoleEscapes::help_text(),
                                 std::char_traits<char>::length(ConsoleEscapes::help_text()));
                    break;
                default: break;
            }
        }
        if (!to_guest.empty() && on_input_) on_input_(to_guest);
    }
}

}  // namespace ppcvm::cli

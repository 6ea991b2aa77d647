// The PAPR virtual terminal ("hvterm1", LoPAPR 16.2.1): the console of a pseries guest,
// reached through H_PUT_TERM_CHAR / H_GET_TERM_CHAR. Output goes to a sink (stdout for the
// command line); input is queued by the host side (the terminal thread) and read by the guest.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace ppcvm {

class SpaprVty {
public:
    static constexpr uint32_t kUnitAddress = 0x71000000;

    explicit SpaprVty(std::function<void(const char* data, size_t len)> sink)
        : sink_(std::move(sink)) {}

    // Guest side. PAPR passes the terminal number as the vty's unit address; like QEMU we also
    // accept 0, which early kernel debug code uses.
    static bool is_our_terminal(uint64_t termno) { return termno == kUnitAddress || termno == 0; }
    void put(const char* data, size_t len) {
        if (sink_ && len) sink_(data, len);
    }
    // Up to `max` queued input bytes.
    size_t get(char* out, size_t max) {
        std::lock_guard lock(mutex_);
        size_t n = 0;
        while (n < max && !input_.empty()) {
            out[n++] = input_.front();
            input_.pop_front();
        }
        return n;
    }

    // Host side.
    void push_input(const std::string& bytes) {
        std::lock_guard lock(mutex_);
        input_.insert(input_.end(), bytes.begin(), bytes.end());
    }
    bool has_input() {
        std::lock_guard lock(mutex_);
        return !input_.empty();
    }

private:
    std::function<void(const char*, size_t)> sink_;
    std::mutex mutex_;
    std::deque<char> input_;
};

}  // namespace ppcvm

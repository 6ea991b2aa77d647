// Builds a flattened device tree with libfdt's sequential-write API. Every libfdt error becomes
// an exception naming the node and property, so a machine never hands a guest a broken tree.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ppcvm {

class FdtError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class FdtBuilder {
public:
    explicit FdtBuilder(size_t capacity = 64 * 1024);

    void begin_node(const std::string& name);
    void end_node();

    void prop_empty(const char* name);
    void prop_string(const char* name, std::string_view value);
    void prop_strings(const char* name, std::initializer_list<std::string_view> values);
    void prop_strings(const char* name, const std::vector<std::string>& values);
    void prop_u32(const char* name, uint32_t value);
    void prop_u32s(const char* name, const std::vector<uint32_t>& values);
    void prop_u64(const char* name, uint64_t value);
    void prop_u64s(const char* name, const std::vector<uint64_t>& values);
    void prop_bytes(const char* name, const std::vector<uint8_t>& bytes);

    // Reserve-map entries must be added before the first node.
    void reserve(uint64_t address, uint64_t size);

    // Close the tree and return the blob (packed).
    std::vector<uint8_t> finish();

private:
    void check(int rc, const char* what, const char* name);
    std::vector<uint8_t> buf_;
    std::vector<std::string> path_;
    bool reserve_done_ = false;
};

}  // namespace ppcvm

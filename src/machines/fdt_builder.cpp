#include "machines/fdt_builder.hpp"

#include <libfdt.h>

#include <fmt/format.h>

namespace ppcvm {

FdtBuilder::FdtBuilder(size_t capacity) : buf_(capacity) {
    check(fdt_create(buf_.data(), static_cast<int>(buf_.size())), "create", "");
}

void FdtBuilder::check(int rc, const char* what, const char* name) {
    if (rc == 0) return;
    std::string path;
    for (const auto& p : path_) path += "/" + p;
    throw FdtError(fmt::format("device tree {} '{}' at '{}' failed: {}", what, name,
                               path.empty() ? "/" : path, fdt_strerror(rc)));
}

void FdtBuilder::reserve(uint64_t address, uint64_t size) {
    if (reserve_done_) throw FdtError("device tree reserve entries must precede every node");
    // A zero-size entry reserves nothing, and would end the map for every reader (the map is
    // terminated by the first entry of size 0), hiding the entries after it.
    if (size == 0) return;
    check(fdt_add_reservemap_entry(buf_.data(), address, size), "reserve", "memreserve");
}

void FdtBuilder::begin_node(const std::string& name) {
    if (!reserve_done_) {
        check(fdt_finish_reservemap(buf_.data()), "finish", "reservemap");
        reserve_done_ = true;
    }
    check(fdt_begin_node(buf_.data(), name.c_str()), "node", name.c_str());
    path_.push_back(name);
}

void FdtBuilder::end_node() {
    if (path_.empty()) throw FdtError("device tree: end_node without a node");
    check(fdt_end_node(buf_.data()), "end node", path_.back().c_str());
    path_.pop_back();
}

void FdtBuilder::prop_empty(const char* name) {
    check(fdt_property(buf_.data(), name, nullptr, 0), "property", name);
}

void FdtBuilder::prop_string(const char* name, std::string_view value) {
    std::string s(value);
    check(fdt_property(buf_.data(), name, s.c_str(), static_cast<int>(s.size() + 1)), "property",
          name);
}

void FdtBuilder::prop_strings(const char* name, std::initializer_list<std::string_view> values) {
    prop_strings(name, std::vector<std::string>(values.begin(), values.end()));
}

void FdtBuilder::prop_strings(const char* name, const std::vector<std::string>& values) {
    std::string blob;
    for (const auto& v : values) {
        blob += v;
        blob += '\0';
    }
    check(fdt_property(buf_.data(), name, blob.data(), static_cast<int>(blob.size())), "property",
          name);
}

void FdtBuilder::prop_u32(const char* name, uint32_t value) {
    check(fdt_property_u32(buf_.data(), name, value), "property", name);
}

void FdtBuilder::prop_u32s(const char* name, const std::vector<uint32_t>& values) {
    std::vector<fdt32_t> be;
    for (uint32_t v : values) be.push_back(cpu_to_fdt32(v));
    check(fdt_property(buf_.data(), name, be.data(), static_cast<int>(be.size() * 4)), "property",
          name);
}

void FdtBuilder::prop_u64(const char* name, uint64_t value) {
    check(fdt_property_u64(buf_.data(), name, value), "property", name);
}

void FdtBuilder::prop_u64s(const char* name, const std::vector<uint64_t>& values) {
    std::vector<fdt64_t> be;
    for (uint64_t v : values) be.push_back(cpu_to_fdt64(v));
    check(fdt_property(buf_.data(), name, be.data(), static_cast<int>(be.size() * 8)), "property",
          name);
}

void FdtBuilder::prop_bytes(const char* name, const std::vector<uint8_t>& bytes) {
    check(fdt_property(buf_.data(), name, bytes.data(), static_cast<int>(bytes.size())),
          "property", name);
}

std::vector<uint8_t> FdtBuilder::finish() {
    if (!path_.empty()) throw FdtError("device tree: unclosed node " + path_.back());
    check(fdt_finish(buf_.data()), "finish", "tree");
    buf_.resize(fdt_totalsize(buf_.data()));
    return std::move(buf_);
}

}  // namespace ppcvm

// Small text helpers shared by the catalogs and front ends.
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ppcvm {

// ASCII case-insensitive equality (model and machine names as people type them).
inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace ppcvm

// icons.h — the Font Awesome 4.7 icon names a scenario may use (`icon = "home"`).
//
// The table is generated at build time from Debian's fonts-font-awesome stylesheet
// (engine/cmake/font_awesome_names.cmake), aliases included, sorted by name.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace workshop::icons {

struct Icon {
    std::string_view name;
    std::uint32_t codepoint;  // in the font's private use area
};

std::span<const Icon> all();
// The code point of `name`, or 0 when Font Awesome 4.7 has no such icon.
std::uint32_t codepoint(std::string_view name);

}  // namespace workshop::icons

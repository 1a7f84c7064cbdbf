// icons.cpp — looking up a Font Awesome name in the generated table (font_awesome_names.cpp).
#include "icons.h"

#include <algorithm>

namespace workshop::icons {

std::uint32_t codepoint(std::string_view name) {
    const std::span<const Icon> table = all();
    const auto found = std::lower_bound(table.begin(), table.end(), name,
                                        [](const Icon& icon, std::string_view key) { return icon.name < key; });
    return found != table.end() && found->name == name ? found->codepoint : 0;
}

}  // namespace workshop::icons

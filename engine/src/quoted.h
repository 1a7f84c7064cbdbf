// quoted.h — text from a user's file, shown inside a message: `like this`, on one line.
#pragma once

#include <string>
#include <string_view>

#include "workshop/diagnostic.h"

namespace workshop::detail {

// `text` in backticks, control characters escaped (\n, \r, \t, \u00XX, escape_controls) so that one problem stays
// one line of output, and cut after 64 characters with "…" (an id is short; a long one is a mistake).
inline std::string quoted(std::string_view text) {
    constexpr std::size_t max_characters = 64;
    std::size_t characters = 0, end = 0;
    for (; end < text.size(); ++end)
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80 && ++characters > max_characters) break;
    return "`" + escape_controls(text.substr(0, end)) + (end < text.size() ? "…`" : "`");
}

}  // namespace workshop::detail

// quoted.h — text from a user's file, shown inside a message: `like this`, on one line.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace workshop::detail {

// `text` in backticks, control characters escaped (\n, \r, \t, \u00XX) so that one problem stays
// one line of output, and cut after 64 characters with "…" (an id is short; a long one is a mistake).
inline std::string quoted(std::string_view text) {
    constexpr std::size_t max_characters = 64;
    std::string out = "`";
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) != 0x80 && ++characters > max_characters) {
            out += "…";
            break;
        }
        if (byte == '\n') out += "\\n";
        else if (byte == '\r') out += "\\r";
        else if (byte == '\t') out += "\\t";
        else if (byte < 0x20 || byte == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04X", byte);
            out += escaped;
        } else {
            out += text[i];
        }
    }
    return out + "`";
}

}  // namespace workshop::detail

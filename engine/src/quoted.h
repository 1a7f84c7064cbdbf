// quoted.h — text from a user's file, shown inside a message: `like this`, on one line.
#pragma once

#include <string>
#include <string_view>

#include "workshop/diagnostic.h"
#include "workshop/utf8.h"

namespace workshop::detail {

// `text` in backticks, control characters escaped (\n, \r, \t, \u00XX, escape_controls) so that one problem stays
// one line of output, and cut after 64 characters with "…" (an id is short; a long one is a mistake).
inline std::string quoted(std::string_view text) {
    const std::size_t end = utf8_prefix_bytes(text, 64);
    return "`" + escape_controls(text.substr(0, end)) + (end < text.size() ? "…`" : "`");
}

}  // namespace workshop::detail

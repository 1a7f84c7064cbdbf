// diagnostic.h — errors a user causes, as values.
//
// The engine never throws across its boundary: a function that can fail on user input returns
// a result carrying Diagnostics. Each one prints as `FILE:LINE:COLUMN: error: MESSAGE`
// (LINE and COLUMN are 1-based; 0 means "not known" and is left out). A warning prints the same
// way with `warning:`; it never makes input invalid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace workshop {

enum class Severity { error, warning };

struct Diagnostic {
    std::string file;     // the file the user gave us (as they named it)
    int line = 0;         // 1-based, 0 = whole file
    int column = 0;       // 1-based, 0 = whole line
    std::string message;  // what is wrong and what to do
    Severity severity = Severity::error;

    std::string to_string() const;  // "file:line:column: error: message" (or "warning: ")
};

using Diagnostics = std::vector<Diagnostic>;

// Joins diagnostics one per line (each ending in '\n'), control characters escaped.
std::string format_diagnostics(const Diagnostics& diagnostics);

// `text` with every control character (U+0000-U+001F, U+007F-U+009F) written as an escape
// (\n, \r, \t, \u001B, \u0085, ...): printed, it can never move the cursor, repaint a line or
// send a terminal command. `keep_line_breaks` leaves \n as is (messages of several lines).
std::string escape_controls(std::string_view text, bool keep_line_breaks = false);

}  // namespace workshop

// diagnostic.cpp — printing errors a user causes as `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`).
#include "workshop/diagnostic.h"

namespace workshop {

std::string Diagnostic::to_string() const {
    std::string out = file;
    // A position is only printed when known; a column without a line means nothing.
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    }
    if (!out.empty()) out += ": ";
    out += severity == Severity::warning ? "warning: " : "error: ";
    out += message;
    return out;
}

std::string format_diagnostics(const Diagnostics& diagnostics) {
    std::string out;
    for (const Diagnostic& diagnostic : diagnostics) {
        out += diagnostic.to_string();
        out += '\n';
    }
    return out;
}

}  // namespace workshop

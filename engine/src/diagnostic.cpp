// diagnostic.cpp — printing errors a user causes as `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`).
#include "workshop/diagnostic.h"

#include "workshop/utf8.h"

#include <cstdio>

namespace workshop {

std::string escape_controls(std::string_view text, bool keep_line_breaks) {
    std::string out;
    out.reserve(text.size());
    auto escape = [&](unsigned code) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04X", code);
        out += buf;
    };
    for (std::size_t i = 0; i < text.size();) {
        const Utf8CodePoint at = decode_utf8_at(text, i);
        if (at.code_point == '\n' && keep_line_breaks) out += '\n';
        else if (at.code_point == '\n') out += "\\n";
        else if (at.code_point == '\r') out += "\\r";
        else if (at.code_point == '\t') out += "\\t";
        else if (at.valid && is_control_code_point(at.code_point)) escape(at.code_point);
        else out.append(text, i, at.length);  // invalid bytes pass as they are
        i += at.length;
    }
    return out;
}

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
        out += escape_controls(diagnostic.to_string());  // one problem, one line, no terminal codes
        out += '\n';
    }
    return out;
}

}  // namespace workshop

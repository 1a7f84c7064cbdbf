// diagnostic.cpp — printing errors a user causes as `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`).
#include "workshop/diagnostic.h"

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
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
        if (byte == '\n' && keep_line_breaks) out += '\n';
        else if (byte == '\n') out += "\\n";
        else if (byte == '\r') out += "\\r";
        else if (byte == '\t') out += "\\t";
        else if (byte < 0x20 || byte == 0x7F) escape(byte);
        else if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {  // U+0080..U+009F (C1) in UTF-8
            escape(next);
            ++i;
        } else {
            out += static_cast<char>(byte);
        }
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

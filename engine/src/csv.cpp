// csv.cpp — RFC 4180 CSV (cli-and-data.md, "CSV conventions").
//
// The reader slices fields straight out of the input: an unquoted field is one assign, a quoted
// one is appended chunk by chunk between quotes, and the caller's field strings are reused from
// row to row, so reading costs no allocation per character.
#include "workshop/csv.h"

#include "workshop/utf8.h"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace workshop {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// The bytes that end an unquoted field, or may not appear in one: a table, so that scanning a
// field costs one lookup per byte (the reader's inner loop; a million-row import runs it 70
// million times).
struct FieldStops {
    bool stop[256] = {};
    constexpr explicit FieldStops(char delimiter) {
        for (char c : {delimiter, '\r', '\n', '"'}) stop[static_cast<unsigned char>(c)] = true;
    }
};
constexpr FieldStops comma_stops(','), semicolon_stops(';');

bool starts_formula(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Bytes of a blank a spreadsheet may trim before it reads a formula, at text[i] (0 = none):
// space, LF, VT, FF, and Unicode's spaces (NBSP, U+1680, U+2000-U+200D, U+2028, U+2029, U+202F,
// U+205F, U+3000, U+FEFF).
std::size_t blank_at(std::string_view text, std::size_t i) {
    const Utf8CodePoint at = decode_utf8_at(text, i);
    if (!at.valid) return 0;
    switch (at.code_point) {
    case U' ': case U'\n': case U'\v': case U'\f': case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
        return at.length;
    default:
        return at.code_point >= 0x2000 && at.code_point <= 0x200D ? at.length : 0;
    }
}

bool write_all(std::FILE* out, std::string_view bytes) {
    return bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
}

// cli-and-data.md: quoted when the field holds a comma, a quote, CR or LF, and (for ';' files)
// the delimiter. A comma is quoted in ';' files too: harmless, and a reader guessing the
// delimiter can never split such a field.
bool needs_quotes(std::string_view field, char delimiter) {
    for (char c : field)
        if (c == delimiter || c == ',' || c == '"' || c == '\r' || c == '\n') return true;
    return false;
}

}  // namespace

// --- formula guard --------------------------------------------------------------------------------

bool csv_needs_guard(std::string_view text) {
    // Blanks count: a spreadsheet that trims " =1+1" runs it. Apostrophes count too: "'=x" is
    // guarded to "''=x", so that unguarding any guarded text (drop one apostrophe when the rest
    // needs the guard) gives back exactly what was written.
    for (std::size_t i = 0; i < text.size();) {
        if (starts_formula(text[i])) return true;
        if (text[i] == '\'') {
            ++i;
        } else if (const std::size_t blank = blank_at(text, i)) {
            i += blank;
        } else {
            return false;
        }
    }
    return false;
}

std::string csv_guard(std::string_view text) {
    std::string out;
    if (csv_needs_guard(text)) {
        out.reserve(text.size() + 1);
        out += '\'';
    }
    out += text;
    return out;
}

std::string csv_unguard(std::string_view text) {
    if (!text.empty() && text.front() == '\'' && csv_needs_guard(text.substr(1))) text.remove_prefix(1);
    return std::string(text);
}

// --- writer ---------------------------------------------------------------------------------------

CsvWriter::CsvWriter(std::FILE* out, char delimiter, bool bom) : m_out(out), m_delimiter(delimiter) {
    if (!m_out)
        m_failed = true;
    else if (bom && !write_all(m_out, utf8_bom))
        m_failed = true;
}

void CsvWriter::separator() {
    if (!m_first && std::fputc(m_delimiter, m_out) == EOF) m_failed = true;
}

void CsvWriter::text(std::string_view field) {
    if (csv_needs_guard(field))
        raw(csv_guard(field));
    else
        raw(field);
}

void CsvWriter::raw(std::string_view field) {
    if (!m_out) return;
    // An empty first field is written as "" so that a one-field row with nothing in it stays a
    // row, not a blank line (which readers skip).
    const bool quote = needs_quotes(field, m_delimiter) || (m_first && field.empty());
    separator();
    m_first = false;
    if (!quote) {
        if (!write_all(m_out, field)) m_failed = true;
        return;
    }
    bool ok = std::fputc('"', m_out) != EOF;
    for (std::size_t pos = 0; ok && pos < field.size();) {
        const std::size_t q = field.find('"', pos);
        if (q == std::string_view::npos) {
            ok = write_all(m_out, field.substr(pos));
            break;
        }
        ok = write_all(m_out, field.substr(pos, q + 1 - pos)) && std::fputc('"', m_out) != EOF;  // ""
        pos = q + 1;
    }
    if (!ok || std::fputc('"', m_out) == EOF) m_failed = true;
}

void CsvWriter::number(long long value) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    raw(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

void CsvWriter::end_row() {
    if (!m_out) return;
    if (!write_all(m_out, "\r\n")) m_failed = true;
    m_first = true;
}

bool CsvWriter::failed() const {
    // Flushing here makes a full disk show up now, not only when the caller closes the file.
    return m_failed || !m_out || std::fflush(m_out) != 0 || std::ferror(m_out) != 0;
}

// --- reader ---------------------------------------------------------------------------------------

CsvReader::CsvReader(std::string_view data) : m_data(data) {
    if (m_data.substr(0, utf8_bom.size()) == utf8_bom) m_pos = utf8_bom.size();
    // The delimiter is whichever of ',' and ';' the first line (outside quotes) holds more of.
    int commas = 0;
    int semicolons = 0;
    bool quoted = false;
    for (std::size_t i = m_pos; i < m_data.size(); ++i) {
        const char c = m_data[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            ++commas;
        else if (c == ';')
            ++semicolons;
    }
    m_delimiter = semicolons > commas ? ';' : ',';
}

bool CsvReader::next(std::vector<std::string>& fields) {
    if (!m_error.empty()) return false;
    const std::string_view data = m_data;
    const bool* const stops = (m_delimiter == ';' ? semicolon_stops : comma_stops).stop;
    const std::size_t size = data.size();

    // Consumes one line end (\r\n, \n or a lone \r) at m_pos.
    const auto end_line = [&] {
        if (data[m_pos] == '\r' && m_pos + 1 < size && data[m_pos + 1] == '\n') ++m_pos;
        ++m_pos;
        ++m_line;
    };
    const auto column = [&](std::size_t pos) {
        const std::size_t line_start = data.find_last_of("\r\n", pos == 0 ? 0 : pos - 1);
        const std::size_t start = (line_start == std::string_view::npos || pos == 0) ? 0 : line_start + 1;
        return std::to_string(pos - start + 1);
    };
    const auto fail = [&](int line, std::string message) {
        m_row_line = line;
        m_error = std::move(message);
        m_pos = size;
        return false;
    };

    // Blank lines hold no row (a file may end in several line breaks).
    while (m_pos < size && (data[m_pos] == '\n' || data[m_pos] == '\r')) end_line();
    if (m_pos >= size) return false;
    m_row_line = m_line;

    std::size_t count = 0;
    for (;;) {
        if (count == fields.size()) fields.emplace_back();
        std::string& field = fields[count++];
        field.clear();
        if (m_pos >= size) break;  // the row ended in a delimiter: one more, empty field

        if (data[m_pos] == '"') {
            const int open_line = m_line;
            ++m_pos;
            for (;;) {
                const std::size_t quote = data.find('"', m_pos);
                if (quote == std::string_view::npos)
                    return fail(open_line, "unterminated quoted field: the quote opened on line " +
                                               std::to_string(open_line) +
                                               " is never closed; add the missing closing `\"`");
                const std::string_view chunk = data.substr(m_pos, quote - m_pos);
                for (char c : chunk) m_line += c == '\n';
                field.append(chunk);
                m_pos = quote + 1;
                if (m_pos < size && data[m_pos] == '"') {  // "" stands for one quote
                    field += '"';
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (m_pos >= size) break;
            const char c = data[m_pos];
            if (c == m_delimiter) {
                ++m_pos;
                continue;
            }
            if (c == '\r' || c == '\n') {
                end_line();
                break;
            }
            return fail(m_line, "unexpected text after a closing quote (line " + std::to_string(m_line) +
                                    ", column " + column(m_pos) +
                                    "); a quote inside a quoted field must be doubled (\"\")");
        }

        const std::size_t start = m_pos;
        while (m_pos < size && !stops[static_cast<unsigned char>(data[m_pos])]) ++m_pos;
        if (m_pos < size && data[m_pos] == '"')
            return fail(m_line, "stray `\"` in an unquoted field (line " + std::to_string(m_line) +
                                    ", column " + column(m_pos) +
                                    "); put the whole field in quotes and double each quote inside it");
        field.assign(data.substr(start, m_pos - start));
        if (m_pos >= size) break;
        if (data[m_pos] == m_delimiter) {
            ++m_pos;
            continue;
        }
        end_line();
        break;
    }
    fields.resize(count);
    return true;
}

}  // namespace workshop

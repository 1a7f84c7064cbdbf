// sheet_rows.cpp — see sheet_rows.h. The XML below is what libxlsxwriter 1.1's
// _write_row, _write_inline_string_cell and _write_number_cell write for an unformatted cell.
#include "sheet_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "workshop/utf8.h"

namespace workshop::report {

namespace {

constexpr std::size_t flush_at = 1 << 16;
constexpr std::size_t file_buffer = 1 << 18;
constexpr std::size_t excel_text_max = 32767;  // code points in a cell (LXW_STR_MAX)
constexpr lxw_col_t blanks_written_out = 3;     // <c/> is about as long as a reference
constexpr std::size_t shared_text_max = 255;    // bytes; longer text is rarely repeated

std::string column_letters(lxw_col_t column) {
    std::string letters;
    for (unsigned n = column + 1U; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    return letters;
}

void append_number(std::string& out, long long value) {
    char digits[24];
    const auto done = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, done.ptr);
}

// A row is written into room made for it beforehand (end() counts the bytes it may take), so
// that each piece is one memcpy and not a checked append.
char* put(char* at, std::string_view piece) {
    std::memcpy(at, piece.data(), piece.size());
    return at + piece.size();
}
char* put_number(char* at, long long value) { return std::to_chars(at, at + 24, value).ptr; }

// libxlsxwriter's lxw_escape_control_characters, then lxw_escape_data: C0 controls but tab and
// line feed as _xHHHH_ (Excel's escape), then &, < and > as entities. Runs of other bytes are
// copied whole.
bool needs_escape(unsigned char byte) {
    return (byte < 0x20 && byte != '\t' && byte != '\n') || byte == '&' || byte == '<' || byte == '>';
}

char* put_escaped(char* at, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (!needs_escape(byte)) continue;
        at = put(at, text.substr(run, i - run));
        run = i + 1;
        if (byte == '&') {
            at = put(at, "&amp;");
        } else if (byte == '<') {
            at = put(at, "&lt;");
        } else if (byte == '>') {
            at = put(at, "&gt;");
        } else {
            const char escape[] = {'_', 'x', '0', '0', hex[byte >> 4], hex[byte & 15], '_'};
            at = put(at, std::string_view(escape, sizeof escape));
        }
    }
    return put(at, text.substr(run));
}

constexpr std::size_t escaped_max = 7;  // bytes an escaped byte may take ("_x001F_")
constexpr std::size_t cell_max = 96;    // a cell's markup, its reference and number, and blanks before it

bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

}  // namespace

SheetRows::SheetRows(lxw_worksheet* sheet, lxw_col_t columns) : m_sheet(sheet), m_cells(columns) {
    if (!sheet || !sheet->optimize || !sheet->optimize_tmpfile || !sheet->optimize_row) return;
    m_file = sheet->optimize_tmpfile;
    // Nothing is in the file yet (the header row waits in memory): a larger buffer now, so that
    // libxlsxwriter's copy of it on close, 4 KB a read, does not make a system call per read.
    if (std::ftell(m_file) == 0) {
        m_buffer = std::make_unique<char[]>(file_buffer);
        if (std::setvbuf(m_file, m_buffer.get(), _IOFBF, file_buffer) != 0) m_buffer.reset();
    }
    lxw_worksheet_write_single_row(sheet);  // the header row, still held by libxlsxwriter
    m_letters.reserve(columns);
    for (lxw_col_t c = 0; c < columns; ++c) m_letters.push_back(column_letters(c));
    m_out.reserve(flush_at + 4096);
}

void SheetRows::start(lxw_row_t row) {
    m_row = row;
    m_row_text.clear();
    append_number(m_row_text, static_cast<long long>(row) + 1);
}

void SheetRows::text(lxw_col_t column, std::string_view text) {
    if (text.empty() || column >= m_cells.size() || m_cells[column].kind != Kind::none) return;
    m_cells[column] = {Kind::text, 0, text.substr(0, utf8_prefix_bytes(text, excel_text_max))};
    m_used.push_back(column);
}

void SheetRows::repeated_text(lxw_col_t column, const std::string& text) {
    if (text.empty() || column >= m_cells.size() || m_cells[column].kind != Kind::none) return;
    auto found = m_shared.find(text);
    if (found != m_shared.end()) {
        ++m_sheet->sst->string_count;  // one more reference, as lxw_get_sst_index counts them
    } else {
        // A string with a NUL would be cut by libxlsxwriter: that one goes in as text.
        const bool fits = m_shared.size() < shared_max && text.size() <= shared_text_max &&
                          text.find('\0') == std::string::npos;
        const sst_element* added = fits ? lxw_get_sst_index(m_sheet->sst, text.c_str(), LXW_FALSE) : nullptr;
        if (!added) return SheetRows::text(column, text);
        found = m_shared.emplace(text, added->index).first;
    }
    m_cells[column] = {Kind::shared, found->second, {}};
    m_used.push_back(column);
}

bool SheetRows::number(lxw_col_t column, long long value) {
    if (column >= m_cells.size() || m_cells[column].kind != Kind::none) return false;
    m_cells[column] = {Kind::number, value, {}};
    m_used.push_back(column);
    return true;
}

void SheetRows::end() {
    if (!m_file || m_used.empty()) {
        for (const lxw_col_t c : m_used) m_cells[c] = {};
        m_used.clear();
        return;
    }
    std::sort(m_used.begin(), m_used.end());  // Excel wants a row's cells in column order
    std::size_t room = 32 + m_row_text.size() * (m_used.size() + 1);
    for (const lxw_col_t c : m_used) room += cell_max + m_cells[c].text.size() * escaped_max;
    const std::size_t start = m_out.size();
    m_out.resize(start + room);  // a fresh row's room: the bytes past `at` are cut off below
    char* at = m_out.data() + start;
    at = put(at, "<row r=\"");
    at = put(at, m_row_text);
    at = put(at, "\">");
    // A row's first cell has its reference; the next ones only when blanks come before them
    // that are too many to write out as blank cells (<c/>). A cell without a reference is the
    // one after the previous (ECMA-376 18.3.1.4): 15% fewer bytes, and without a row number in
    // every cell the XML deflates in half the time.
    lxw_col_t next = 0;  // the column a cell without a reference would take
    for (const lxw_col_t c : m_used) {
        Cell& cell = m_cells[c];
        if (c != m_used.front() && c - next <= blanks_written_out) {
            for (; next < c; ++next) at = put(at, "<c/>");
            at = put(at, "<c");
        } else {
            at = put(at, "<c r=\"");
            at = put(at, m_letters[c]);
            at = put(at, m_row_text);
            at = put(at, "\"");
        }
        next = c + 1;
        if (cell.kind == Kind::text) {
            // Leading or trailing white space is kept only with xml:space="preserve".
            const bool preserve = is_xml_space(cell.text.front()) || is_xml_space(cell.text.back());
            at = put(at, preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>");
            at = put_escaped(at, cell.text);
            at = put(at, "</t></is></c>");
        } else {
            at = put(at, cell.kind == Kind::shared ? " t=\"s\"><v>" : "><v>");
            at = put_number(at, cell.number);
            at = put(at, "</v></c>");
        }
        cell = {};
    }
    at = put(at, "</row>");
    m_out.resize(static_cast<std::size_t>(at - m_out.data()));
    // The sheet's extent, as libxlsxwriter's own cell calls keep it (its <dimension> element),
    // and the row it would refuse to go back to.
    m_sheet->dim_rowmin = std::min(m_sheet->dim_rowmin, m_row);
    m_sheet->dim_rowmax = std::max(m_sheet->dim_rowmax, m_row);
    m_sheet->dim_colmin = std::min(m_sheet->dim_colmin, m_used.front());
    m_sheet->dim_colmax = std::max(m_sheet->dim_colmax, m_used.back());
    m_sheet->optimize_row->row_num = m_row;
    m_used.clear();
    if (m_out.size() >= flush_at) flush();
}

bool SheetRows::flush() {
    if (m_file && !m_out.empty() && std::fwrite(m_out.data(), 1, m_out.size(), m_file) != m_out.size()) m_failed = true;
    m_out.clear();
    return !m_failed;
}

}  // namespace workshop::report

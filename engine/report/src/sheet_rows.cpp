// sheet_rows.cpp — see sheet_rows.h. The XML below is what libxlsxwriter 1.1's
// _write_row, _write_inline_string_cell and _write_number_cell write for an unformatted cell.
#include "sheet_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

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

// libxlsxwriter's lxw_escape_control_characters, then lxw_escape_data: C0 controls but tab and
// line feed as _xHHHH_ (Excel's escape), then &, < and > as entities. Runs of other bytes are
// copied whole.
bool needs_escape(unsigned char byte) {
    return (byte < 0x20 && byte != '\t' && byte != '\n') || byte == '&' || byte == '<' || byte == '>';
}

void append_escaped(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (!needs_escape(byte)) continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        if (byte == '&') {
            out += "&amp;";
        } else if (byte == '<') {
            out += "&lt;";
        } else if (byte == '>') {
            out += "&gt;";
        } else {
            const char escape[] = {'_', 'x', '0', '0', hex[byte >> 4], hex[byte & 15], '_'};
            out.append(escape, sizeof escape);
        }
    }
    out.append(text.data() + run, text.size() - run);
}

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
    m_out += "<row r=\"";
    m_out += m_row_text;
    m_out += "\">";
    // A row's first cell has its reference; the next ones only when blanks come before them
    // that are too many to write out as blank cells (<c/>). A cell without a reference is the
    // one after the previous (ECMA-376 18.3.1.4): 15% fewer bytes, and without a row number in
    // every cell the XML deflates in half the time.
    lxw_col_t next = 0;  // the column a cell without a reference would take
    for (const lxw_col_t c : m_used) {
        Cell& cell = m_cells[c];
        if (c != m_used.front() && c - next <= blanks_written_out) {
            for (; next < c; ++next) m_out += "<c/>";
            m_out += "<c";
        } else {
            m_out += "<c r=\"";
            m_out += m_letters[c];
            m_out += m_row_text;
            m_out += '"';
        }
        next = c + 1;
        if (cell.kind == Kind::text) {
            write_text(cell.text);
        } else {
            m_out += cell.kind == Kind::shared ? " t=\"s\"><v>" : "><v>";
            append_number(m_out, cell.number);
            m_out += "</v></c>";
        }
        cell = {};
    }
    m_out += "</row>";
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

void SheetRows::write_text(std::string_view text) {
    // Leading or trailing white space is kept only with xml:space="preserve".
    const bool preserve = is_xml_space(text.front()) || is_xml_space(text.back());
    m_out += preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>";
    append_escaped(m_out, text);
    m_out += "</t></is></c>";
}

bool SheetRows::flush() {
    if (m_file && !m_out.empty() && std::fwrite(m_out.data(), 1, m_out.size(), m_file) != m_out.size()) m_failed = true;
    m_out.clear();
    return !m_failed;
}

}  // namespace workshop::report

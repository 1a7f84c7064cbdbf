// sheet_rows.h — a large sheet's rows written straight into libxlsxwriter's row file.
//
// In constant-memory mode libxlsxwriter keeps each sheet's rows in a temporary file
// (`optimize_tmpfile`) and copies it into the sheet's XML on close. Its cell calls cost about
// 3,500 instructions a cell (a printf per cell and per reference, the text copied and escaped
// twice); a 100k-ballot workbook spent more on them than the CSV export spends in all. SheetRows
// appends rows to that file itself, for the sheets that take one row per ballot, and keeps the
// sheet's dimensions as libxlsxwriter's calls would. Its XML is what those calls write (text
// escaped the same way, cells in column order), but more compact: a cell that follows its
// neighbour has no reference, short gaps are blank cells, and repeated text is a shared string.
// Every other cell of the workbook still goes through libxlsxwriter.
#pragma once

#include <xlsxwriter.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace workshop::report {

class SheetRows {
public:
    // `sheet` must belong to a constant-memory workbook; rows already written through
    // libxlsxwriter (the header) are flushed first. `columns`: how many the rows may use.
    // A SheetRows must outlive workbook_close: the row file's buffer is its own.
    SheetRows(lxw_worksheet* sheet, lxw_col_t columns);
    SheetRows(const SheetRows&) = delete;
    SheetRows& operator=(const SheetRows&) = delete;
    ~SheetRows() = default;  // what is not flushed is dropped (the workbook is being given up)

    // Whether libxlsxwriter keeps this sheet's rows in a file SheetRows can append to.
    bool usable() const { return m_file != nullptr; }

    // One row: start it, give its cells in any order, then end it. A column given twice keeps
    // the first (number() then says false); empty text makes no cell. Text over Excel's 32,767
    // characters a cell is cut there (libxlsxwriter would leave the cell out).
    void start(lxw_row_t row);
    void text(lxw_col_t column, std::string_view text);
    // Text that repeats from row to row (a role, a language, a quarter hour, a kiosk): stored
    // once in the workbook's shared strings and referred to by number, while this sheet has
    // met fewer than `shared_max` different ones; after that, and for long text, as text().
    void repeated_text(lxw_col_t column, const std::string& text);
    bool number(lxw_col_t column, long long value);
    void end();

    // Writes what is buffered into the sheet's file; false when the file refused it.
    bool flush();

private:
    enum class Kind { none, text, shared, number };
    struct Cell {
        Kind kind = Kind::none;
        long long number = 0;   // or the shared string's index
        std::string_view text;  // valid until end()
    };
    static constexpr std::size_t shared_max = 4096;

    lxw_worksheet* m_sheet;
    FILE* m_file = nullptr;
    bool m_failed = false;
    lxw_row_t m_row = 0;
    std::string m_row_text;              // the row number as text ("2" for row index 1)
    std::vector<std::string> m_letters;  // column -> "A", "B", ...
    std::vector<Cell> m_cells;
    std::vector<lxw_col_t> m_used;  // columns set in this row
    std::unordered_map<std::string, std::uint32_t> m_shared;  // text -> index in the shared strings
    std::string m_out;              // XML not yet handed to the file
    std::unique_ptr<char[]> m_buffer;  // the row file's stdio buffer, until it is closed
};

}  // namespace workshop::report

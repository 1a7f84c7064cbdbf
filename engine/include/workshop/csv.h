// csv.h — RFC 4180 CSV as cli-and-data.md specifies it: quoting, `;` + BOM for Dutch Excel,
// and the formula-injection guard for text a participant typed.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace workshop {

// True when a spreadsheet could run `text` as a formula: its first character that is neither a
// blank (space, NBSP and the other Unicode spaces, LF) nor an apostrophe is = + - @, a tab or a
// CR (apostrophes count so that guarding is lossless, see csv_unguard).
bool csv_needs_guard(std::string_view text);
// `text` with a leading apostrophe when csv_needs_guard, else unchanged.
std::string csv_guard(std::string_view text);
// Undoes csv_guard: drops one leading apostrophe when what follows needs the guard.
std::string csv_unguard(std::string_view text);

// Writes rows to a file: fields quoted only when they hold the delimiter, a comma, a quote, CR or LF;
// rows end in "\r\n"; an optional UTF-8 BOM first.
class CsvWriter {
public:
    CsvWriter(std::FILE* out, char delimiter = ',', bool bom = false);
    void text(std::string_view field);      // guarded, then quoted as needed
    void raw(std::string_view field);       // quoted as needed, never guarded (ids, codes)
    void number(long long value);
    void end_row();
    bool failed() const;                     // any write failed (disk full, ...)

private:
    void separator();
    std::FILE* m_out;
    char m_delimiter;
    bool m_first = true;
    bool m_failed = false;
};

// Reads RFC 4180 CSV held in memory. Strips a UTF-8 BOM; the delimiter (',' or ';') is taken
// from the first line. Quoted fields may span lines.
class CsvReader {
public:
    explicit CsvReader(std::string_view data);
    // Next row into `fields`; false at the end or on a syntax error (then error() says why).
    // Blank lines hold no row and are skipped; `fields` keeps its strings' storage between rows.
    bool next(std::vector<std::string>& fields);
    // 1-based line where the last row started; after a syntax error, the line of the problem
    // (for an unterminated quote: the line the quote opened on).
    int line() const { return m_row_line; }
    const std::string& error() const { return m_error; }
    char delimiter() const { return m_delimiter; }

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
    int m_line = 1;
    int m_row_line = 0;
    char m_delimiter = ',';
    std::string m_error;
};

}  // namespace workshop

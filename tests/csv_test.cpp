// csv_test.cpp — CSV conventions of cli-and-data.md: quoting, ';' + BOM, the formula guard, and a
// reader that takes what spreadsheets write. The writer's output is also parsed back by an
// independent reader, Python's csv module (tests/csv_check.py).
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.h"
#include "support/temp_dir.h"
#include "workshop/csv.h"

using namespace workshop;
namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// This process's own scratch folder (ctest runs the test cases as parallel processes).
const test::TempDir& scratch_dir() {
    static const test::TempDir dir;
    return dir;
}

// Writes a file through CsvWriter and returns its bytes.
std::string write_file(const fs::path& path, char delimiter, bool bom,
                       const std::function<void(CsvWriter&)>& rows) {
    std::FILE* file = std::fopen(path.string().c_str(), "wb");
    REQUIRE(file != nullptr);
    CsvWriter writer(file, delimiter, bom);
    rows(writer);
    CHECK_FALSE(writer.failed());
    REQUIRE(std::fclose(file) == 0);
    return test::read_text(path);
}

// The same, in memory only (the file is a scratch file named after the test).
std::string write_csv(char delimiter, bool bom, const std::function<void(CsvWriter&)>& rows) {
    return write_file(scratch_dir() / "scratch.csv", delimiter, bom, rows);
}

// All rows of `data` through CsvReader; a syntax error fails the test.
Rows read_all(std::string_view data) {
    CsvReader reader(data);
    Rows rows;
    std::vector<std::string> fields;
    while (reader.next(fields)) rows.push_back(fields);
    INFO(reader.error());
    CHECK(reader.error().empty());
    return rows;
}

// What Python's csv module makes of a file (see tests/csv_check.py for the output format).
struct PythonView {
    bool bom = false;
    bool crlf = false;
    Rows rows;
};

std::string unhex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

PythonView python_view(const fs::path& file, char delimiter) {
    // Next to nothing in the source tree: a fixture's folder is not ours to write in.
    const fs::path out = scratch_dir() / (file.filename().string() + ".python.txt");
    const fs::path err = scratch_dir() / (file.filename().string() + ".python.err");
    const std::string command = std::string("python3 \"") + WORKSHOP_SOURCE_DIR + "/tests/csv_check.py\" --delimiter '" +
                                delimiter + "' \"" + file.string() + "\" > \"" + out.string() + "\" 2> \"" +
                                err.string() + "\"";
    const int status = std::system(command.c_str());
    INFO(command);
    INFO(test::read_text(err));
    REQUIRE(status == 0);

    PythonView view;
    std::istringstream lines(test::read_text(out));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string key;
        words >> key;
        if (key == "bom") {
            view.bom = line == "bom 1";
        } else if (key == "crlf") {
            view.crlf = line == "crlf 1";
        } else if (key == "row") {
            std::vector<std::string> row;
            std::string field;
            while (words >> field) row.push_back(unhex(field.substr(1)));  // drop the 'x'
            view.rows.push_back(row);
        }
    }
    return view;
}

std::string fixture(const std::string& name) {
    return test::fixture_text("csv/" + name);
}

// The tricky texts participants type, and what the file must hold for each after the guard.
struct Tricky {
    std::string typed;
    std::string stored;
};
const std::vector<Tricky> tricky_texts = {
    {"plain", "plain"},
    {"", ""},
    {"a,b", "a,b"},
    {"a;b", "a;b"},
    {"say \"hi\"", "say \"hi\""},
    {"\"", "\""},
    {"two\nlines", "two\nlines"},
    {"cr\rlf\r\n", "cr\rlf\r\n"},
    {"Житло та робота", "Житло та робота"},
    {"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
    {"+31 6 1234", "'+31 6 1234"},
    {"-5", "'-5"},
    {"@SUM(A1)", "'@SUM(A1)"},
    {"\tindent", "'\tindent"},
    {"\rstart", "'\rstart"},
    {"'=x", "''=x"},
    {"''-", "'''-"},
    {"'plain", "'plain"},
    {"'", "'"},
    {" =after a space", "' =after a space"},  // a spreadsheet that trims blanks would run it
    {"\xC2\xA0+after NBSP", "'\xC2\xA0+after NBSP"},
    {" not a formula", " not a formula"},
};

}  // namespace

// --- writer -------------------------------------------------------------------------------------

TEST_CASE("writer quotes only fields holding the delimiter, a comma, a quote, CR or LF", "[csv][writer]") {
    const std::string bytes = write_csv(',', false, [](CsvWriter& w) {
        w.raw("plain");
        w.raw("a,b");
        w.raw("say \"hi\"");
        w.raw("two\nlines");
        w.raw("cr\rhere");
        w.raw("a;b");
        w.raw("");
        w.end_row();
        w.number(42);
        w.number(-7);
        w.end_row();
    });
    CHECK(bytes ==
          "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",a;b,\r\n"
          "42,-7\r\n");
}

TEST_CASE("writer: an empty first field stays a row", "[csv][writer]") {
    // A one-field row holding "" would otherwise be a blank line, which readers skip.
    const std::string bytes = write_csv(',', false, [](CsvWriter& w) {
        w.raw("");
        w.end_row();
        w.raw("");
        w.raw("x");
        w.end_row();
    });
    CHECK(bytes == "\"\"\r\n\"\",x\r\n");
    CHECK(read_all(bytes) == Rows{{""}, {"", "x"}});
}

TEST_CASE("writer keeps UTF-8 text as it is", "[csv][writer]") {
    const std::string bytes = write_csv(',', false, [](CsvWriter& w) {
        w.text("Житло");
        w.text("Oekraïense nieuwkomer");
        w.end_row();
    });
    CHECK(bytes == "Житло,Oekraïense nieuwkomer\r\n");
}

TEST_CASE("writer: semicolons with BOM for Dutch-locale Excel", "[csv][writer]") {
    const std::string bytes = write_csv(';', true, [](CsvWriter& w) {
        w.raw("option");
        w.raw("label");
        w.end_row();
        w.raw("work");
        w.text("Werk, omscholing");  // cli-and-data.md: a comma is quoted, whatever the delimiter
        w.end_row();
        w.raw("x");
        w.text("Taal; cursus");       // and so is the delimiter
        w.end_row();
        w.raw("a,b");                 // raw fields follow the same rule
        w.text("a\tb");               // a tab inside needs no quotes
        w.end_row();
    });
    CHECK(bytes == "\xEF\xBB\xBF" "option;label\r\nwork;\"Werk, omscholing\"\r\nx;\"Taal; cursus\"\r\n\"a,b\";a\tb\r\n");
    CHECK(read_all(bytes) == Rows{{"option", "label"}, {"work", "Werk, omscholing"}, {"x", "Taal; cursus"}, {"a,b", "a\tb"}});
}

TEST_CASE("writer guards text fields, never raw fields or numbers", "[csv][writer][guard]") {
    const std::string bytes = write_csv(',', false, [](CsvWriter& w) {
        w.text("=1+1");
        w.raw("=1+1");
        w.number(-3);
        w.text("\rx");  // guarded, then quoted for the CR
        w.end_row();
    });
    CHECK(bytes == "'=1+1,=1+1,-3,\"'\rx\"\r\n");
}

TEST_CASE("writer reports a failed write", "[csv][writer]") {
    // A stream opened for reading refuses every write.
    const fs::path path = scratch_dir() / "read-only.csv";
    test::write_text(path, "x");
    std::FILE* file = std::fopen(path.string().c_str(), "rb");
    REQUIRE(file != nullptr);
    CsvWriter writer(file);
    CHECK_FALSE(writer.failed());
    writer.raw("text");
    writer.end_row();
    CHECK(writer.failed());
    std::fclose(file);

    CsvWriter nowhere(nullptr);
    nowhere.raw("x");
    nowhere.end_row();
    CHECK(nowhere.failed());
}

TEST_CASE("writer reports a full disk (/dev/full)", "[csv][writer]") {
    std::FILE* file = std::fopen("/dev/full", "wb");
    if (!file) {
        WARN("/dev/full is not available here");
        return;
    }
    CsvWriter writer(file);
    writer.text("buffered, so only the flush can fail");
    writer.end_row();
    CHECK(writer.failed());
    std::fclose(file);
}

// --- formula guard -----------------------------------------------------------------------------

TEST_CASE("csv_guard: a leading apostrophe exactly when a spreadsheet could run the text", "[csv][guard]") {
    for (const Tricky& t : tricky_texts) {
        INFO("typed: " << t.typed);
        CHECK(csv_guard(t.typed) == t.stored);
        CHECK(csv_needs_guard(t.typed) == (t.typed != t.stored));
        CHECK(csv_unguard(t.stored) == t.typed);
    }
}

TEST_CASE("csv_guard is lossless and safe for every short text of the risky characters", "[csv][guard]") {
    // All strings of length 0..5 over the characters that matter: 1 + 8 + ... + 8^5 texts.
    const std::string alphabet = "'=+-@\t\ra";
    std::vector<std::string> texts = {""};
    for (std::size_t start = 0, length = 0; length < 5; ++length) {
        const std::size_t end = texts.size();
        for (std::size_t i = start; i < end; ++i)
            for (char c : alphabet) texts.push_back(texts[i] + c);
        start = end;
    }
    CHECK(texts.size() == 1 + 8 + 64 + 512 + 4096 + 32768);
    for (const std::string& text : texts) {
        const std::string guarded = csv_guard(text);
        // Lossless: unguarding gives back what was typed.
        REQUIRE(csv_unguard(guarded) == text);
        // Safe: what a spreadsheet sees first is not a formula character.
        if (!guarded.empty()) {
            const char c = guarded.front();
            REQUIRE((c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r'));
        }
    }
}

// --- an independent reader: Python's csv module ---------------------------------------------------

TEST_CASE("Python's csv module reads the writer's files back exactly", "[csv][python]") {
    for (const char delimiter : {',', ';'}) {
        const bool bom = delimiter == ';';
        INFO("delimiter " << delimiter << (bom ? " with BOM" : ""));
        const fs::path path = scratch_dir() / (delimiter == ',' ? "python-comma.csv" : "python-semicolon.csv");
        Rows expected = {{"idea", "text", "votes"}};
        write_file(path, delimiter, bom, [&](CsvWriter& w) {
            w.raw("idea");
            w.raw("text");
            w.raw("votes");
            w.end_row();
            long long votes = 0;
            for (const Tricky& t : tricky_texts) {
                w.raw("i" + std::to_string(votes));
                w.text(t.typed);
                w.number(votes * -1000);
                w.end_row();
                expected.push_back({"i" + std::to_string(votes), t.stored, std::to_string(votes * -1000)});
                ++votes;
            }
        });
        const PythonView python = python_view(path, delimiter);
        CHECK(python.bom == bom);
        CHECK(python.crlf);
        CHECK(python.rows == expected);

        // Our reader agrees, finds the delimiter itself, and csv_unguard restores the typed text.
        const std::string bytes = test::read_text(path);
        CsvReader reader(bytes);
        CHECK(read_all(bytes) == expected);
        std::vector<std::string> fields;
        REQUIRE(reader.next(fields));
        CHECK(reader.delimiter() == delimiter);
        for (const Tricky& t : tricky_texts) {
            REQUIRE(reader.next(fields));
            CHECK(csv_unguard(fields[1]) == t.typed);
        }
    }
}

TEST_CASE("Python's csv module agrees with our reader on the fixtures", "[csv][python][reader]") {
    const struct {
        const char* name;
        char delimiter;
    } fixtures[] = {{"excel_semicolon_bom.csv", ';'}, {"lf_commas.csv", ','}};
    for (const auto& f : fixtures) {
        INFO(f.name);
        const fs::path path = fs::path(WORKSHOP_FIXTURES_DIR) / "csv" / f.name;
        CHECK(python_view(path, f.delimiter).rows == read_all(test::read_text(path)));
    }
}

// --- reader -------------------------------------------------------------------------------------

TEST_CASE("reader: Excel semicolon file with BOM, CRLF, a field spanning lines, Cyrillic", "[csv][reader]") {
    const std::string data = fixture("excel_semicolon_bom.csv");
    CsvReader reader(data);
    CHECK(reader.delimiter() == ';');
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 1);
    CHECK(f == std::vector<std::string>{"session", "step", "idea", "text", "lang", "submitted_at", "hidden"});
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 2);
    CHECK(f[3] == "Більше дерев; і лавок");
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 3);
    CHECK(f[3] == "Twee regels:\r\ntweede \"regel\"");
    CHECK(f[6] == "1");
    REQUIRE(reader.next(f));
    CHECK(reader.line() == 5);  // the previous row took lines 3 and 4
    CHECK(f[3] == "'=1+1");
    CHECK(csv_unguard(f[3]) == "=1+1");
    CHECK_FALSE(reader.next(f));
    CHECK(reader.error().empty());
    CHECK_FALSE(reader.next(f));  // stays at the end
}

TEST_CASE("reader: LF line ends, blank lines, empty and trailing fields", "[csv][reader]") {
    const std::string data = fixture("lf_commas.csv");
    CsvReader reader(data);
    CHECK(reader.delimiter() == ',');
    std::vector<std::string> f;
    std::vector<int> lines;
    Rows rows;
    while (reader.next(f)) {
        rows.push_back(f);
        lines.push_back(reader.line());
    }
    CHECK(reader.error().empty());
    CHECK(rows == Rows{{"ballot", "step", "option", "value"},
                       {"v1", "themes", "housing", "3"},
                       {"v2", "themes", "work, retraining", ""},
                       {"", "x", "", ""}});
    CHECK(lines == std::vector<int>{1, 2, 4, 5});  // line 3 is blank
}

TEST_CASE("reader: an unterminated quote is an error naming its line", "[csv][reader]") {
    const std::string data = fixture("unterminated.csv");
    CsvReader reader(data);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    REQUIRE(reader.next(f));
    CHECK(f[0] == "v1");
    CHECK_FALSE(reader.next(f));
    CHECK(reader.line() == 3);
    CHECK(reader.error() ==
          "unterminated quoted field: the quote opened on line 3 is never closed; add the missing closing `\"`");
    CHECK_FALSE(reader.next(f));  // an error ends the reading
}

TEST_CASE("reader: an unterminated quote after a multi-line field names the line it opened on",
          "[csv][reader]") {
    const std::string data = fixture("unterminated_late.csv");
    CsvReader reader(data);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    CHECK_FALSE(reader.next(f));
    CHECK(reader.line() == 3);  // the row starts on line 2; its second field's quote opens on line 3
    CHECK(reader.error().find("opened on line 3") != std::string::npos);
}

TEST_CASE("reader: a stray quote in an unquoted field", "[csv][reader]") {
    const std::string data = fixture("stray_quote.csv");
    CsvReader reader(data);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    CHECK_FALSE(reader.next(f));
    CHECK(reader.line() == 2);
    // "v1,themes,hou" is 13 characters: the quote is column 14.
    CHECK(reader.error() ==
          "stray `\"` in an unquoted field (line 2, column 14); put the whole field in quotes and double each "
          "quote inside it");
}

TEST_CASE("reader: text after a closing quote", "[csv][reader]") {
    const std::string data = fixture("after_quote.csv");
    CsvReader reader(data);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    CHECK_FALSE(reader.next(f));
    CHECK(reader.line() == 2);
    CHECK(reader.error() ==
          "unexpected text after a closing quote (line 2, column 4); a quote inside a quoted field must be "
          "doubled (\"\")");
}

TEST_CASE("reader: small cases", "[csv][reader]") {
    CHECK(read_all("") == Rows{});
    CHECK(read_all("\xEF\xBB\xBF") == Rows{});
    CHECK(read_all("\r\n\n") == Rows{});
    CHECK(read_all("a") == Rows{{"a"}});                      // no line end at the end
    CHECK(read_all("a,") == Rows{{"a", ""}});                 // trailing delimiter at the end
    CHECK(read_all(",") == Rows{{"", ""}});
    CHECK(read_all("\"\"") == Rows{{""}});
    CHECK(read_all("\"a\"\"b\",\"\"\"\"") == Rows{{"a\"b", "\""}});
    CHECK(read_all("a\rb\r\nc\nd") == Rows{{"a"}, {"b"}, {"c"}, {"d"}});  // CR, CRLF, LF
    CHECK(read_all("\"x\n\ny\"\nz") == Rows{{"x\n\ny"}, {"z"}});         // blank lines inside quotes stay
    CHECK(read_all(" a , b ") == Rows{{" a ", " b "}});                  // spaces are data
}

TEST_CASE("reader: the delimiter comes from the first line, outside quotes", "[csv][reader]") {
    CHECK(CsvReader("a;b,c;d\n").delimiter() == ';');
    CHECK(CsvReader("a,b;c,d\n").delimiter() == ',');
    CHECK(CsvReader("\"x,y,z\";b\n1,2;3").delimiter() == ';');
    CHECK(CsvReader("single\n1;2;3").delimiter() == ',');  // nothing on line 1: the default
    CHECK(read_all("a;b\n\"1,5\";2,5\n") == Rows{{"a", "b"}, {"1,5", "2,5"}});
}

TEST_CASE("reader: many rows, fields reused from row to row", "[csv][reader]") {
    // 200 000 rows like a big ballots.csv; every 1000th holds a quoted comma and quote.
    std::string data = "session,ballot,step,option,value\r\n";
    const int count = 200000;
    for (int i = 0; i < count; ++i) {
        data += "1,v" + std::to_string(i) + ",themes,";
        data += i % 1000 == 0 ? "\"a,\"\"b\"\"\"" : "housing";
        data += "," + std::to_string(i % 5 + 1) + "\r\n";
    }
    CsvReader reader(data);
    std::vector<std::string> f;
    REQUIRE(reader.next(f));
    long long rows = 0;
    long long value_sum = 0;
    int quoted = 0;
    while (reader.next(f)) {
        REQUIRE(f.size() == 5);
        ++rows;
        value_sum += std::stoi(f[4]);
        quoted += f[3] == "a,\"b\"";
    }
    CHECK(reader.error().empty());
    CHECK(rows == count);
    // Values cycle 1..5: 40 000 full cycles of sum 15.
    CHECK(value_sum == 40000LL * 15);
    CHECK(quoted == count / 1000);
    CHECK(reader.line() == count + 1);
}

// security_test.cpp — what an attacker review found (issue 14), one case per finding, each
// failing on the code before its fix: exports never follow a planted link, control characters in
// scenario texts are refused where they are, the formula guard sees through leading blanks,
// imported session numbers and kiosk names are bounded, paper ballots need --allow-closed for a
// closed step, and ballots.csv says nothing about voting order. (The kiosk's PIN findings are in
// tests/ui/facilitator_pin_test.cpp, the command line's output in tests/cli_test.cpp.)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/imports.h"
#include "support/temp_dir.h"
#include "workshop/exchange.h"

using namespace workshop;
namespace fs = std::filesystem;

namespace {

bool is_link(const std::string& path) {
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode);
}

bool is_empty_folder(const std::string& path) { return fs::is_directory(path) && fs::is_empty(path); }

using test::Imported;

Outcome<ExportReport> export_to(const std::string& db, const std::string& dir, const ExportOptions& options = {}) {
    auto store = Store::open(db, Store::OpenMode::existing);
    REQUIRE(store.ok());
    return export_session(**store, 1, test::scenario(), dir, {}, options);
}

std::string messages(const Diagnostics& errors) { return format_diagnostics(errors); }

}  // namespace

// --- finding 3: exports never follow a symbolic link ----------------------------------------------

TEST_CASE("a planted link named like the export folder is left alone, the export goes to a new folder") {
    test::TempDir dir;
    fs::create_directories(dir / "exports");
    fs::create_directories(dir / "elsewhere");
    fs::create_directory_symlink(dir / "elsewhere", dir / "exports/harbour_session1_2024-05-01_0930");

    auto made = make_export_folder(dir / "exports", "harbour_session1_2024-05-01_0930");
    REQUIRE(made.ok());
    CHECK(*made == dir / "exports/harbour_session1_2024-05-01_0930_2");
    CHECK(fs::is_directory(*made));
    CHECK_FALSE(is_link(*made));
    auto again = make_export_folder(dir / "exports", "harbour_session1_2024-05-01_0930");
    REQUIRE(again.ok());
    CHECK(*again == dir / "exports/harbour_session1_2024-05-01_0930_3");
    CHECK(is_link(dir / "exports/harbour_session1_2024-05-01_0930"));
    CHECK(is_empty_folder(dir / "elsewhere"));
    CHECK_FALSE(make_export_folder(dir / "exports", "../escape").ok());
}

TEST_CASE("export files are opened new, never through a link (for report.pdf, results.xlsx, ...)") {
    test::TempDir dir;
    fs::create_directories(dir / "out");
    test::write_text(dir / "precious.txt", "keep me");
    fs::create_symlink(dir / "precious.txt", dir / "out/report.pdf");

    auto through_link = open_new_export_file(dir / "out", "report.pdf");
    REQUIRE_FALSE(through_link.ok());
    CHECK_THAT(through_link.message(), Catch::Contains("nothing was overwritten"));
    CHECK(test::read_text(dir / "precious.txt") == "keep me");

    auto fresh = open_new_export_file(dir / "out", "results.xlsx");
    REQUIRE(fresh.ok());
    REQUIRE(::write(*fresh, "xlsx", 4) == 4);
    ::close(*fresh);
    CHECK(test::read_text(dir / "out/results.xlsx") == "xlsx");
    CHECK_FALSE(open_new_export_file(dir / "out", "results.xlsx").ok());  // exists: never replaced

    fs::create_directory_symlink(dir / "out", dir / "linked");
    auto in_linked = open_new_export_file(dir / "linked", "other.pdf");
    REQUIRE_FALSE(in_linked.ok());
    CHECK_THAT(in_linked.message(), Catch::Contains("symbolic link"));
    CHECK_FALSE(fs::exists(dir / "out/other.pdf"));
}

TEST_CASE("export_session refuses a folder that is a link, and replaces a planted file link without following it") {
    test::TempDir dir;
    const std::string db = dir / "links.db";
    REQUIRE(test::import_csv(db, "ballot,step,option,value\nv1,themes,work,1\n").errors.empty());
    fs::create_directories(dir / "elsewhere");
    fs::create_directory_symlink(dir / "elsewhere", dir / "out");
    auto refused = export_to(db, dir / "out");
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.message(), Catch::Contains("it is a symbolic link, and an export never follows one"));
    CHECK(is_empty_folder(dir / "elsewhere"));

    fs::create_directories(dir / "real");
    test::write_text(dir / "precious.csv", "keep me");
    fs::create_symlink(dir / "precious.csv", dir / "real/results.csv");
    REQUIRE(export_to(db, dir / "real").ok());
    CHECK(test::read_text(dir / "precious.csv") == "keep me");
    CHECK_FALSE(is_link(dir / "real/results.csv"));
    CHECK(test::read_text(dir / "real/results.csv").rfind("session,step,", 0) == 0);
}

// --- finding 4: control characters in scenario texts ----------------------------------------------

TEST_CASE("control characters in any scenario text are refused at their position") {
    std::string text = test::scenario_text();
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace(R"(title = { en = "Test workshop")", R"(title = { en = "Test \u001B[2J workshop")");  // ESC, line 4
    replace(R"(label = { en = "Resident")", R"(label = { en = "Res\rident")");                    // CR, line 8
    replace(R"(body = "Welcome")", "body = \"\"\"\nWel\ncome\"\"\"");                              // LF, lines 19-21
    replace(R"({ id = "a", label = "Action A" })", "{ id = \"a\", label = \"Action\xC2\x85" "A\" }");  // C1 (NEL), raw
    replace(R"(title = "Agenda")", "title = \"Agenda\"\nprompt = 'Tab\there'");                    // TAB in a literal
    const ScenarioLoad load = parse_scenario(text, "ctl.toml");
    REQUIRE_FALSE(load.ok());
    const std::string all = format_diagnostics(load.errors);
    INFO(all);
    const auto has = [&](const std::string& where, const std::string& what) {
        CHECK_THAT(all, Catch::Contains(where + ": error: " + what + " contains the control character"));
    };
    has("ctl.toml:4:22", "`title.en`");  // title = { en = "Test \u001B: the backslash
    has("ctl.toml:8:20", "`label.en`");  // label = { en = "Res\r: the backslash
    has("ctl.toml:19:4", "`body`");      // the line break after "Wel"
    has("ctl.toml:38:14", "`prompt`");   // prompt = 'Tab<TAB>
    has("ctl.toml:42:30", "`label`");    //   { id = "a", label = "Action<NEL>
    CHECK(load.errors.size() == 5);
    CHECK_THAT(all, Catch::Contains("U+001B") && Catch::Contains("U+0085") && Catch::Contains("U+000A (a line break)"));
    CHECK(all.find('\x1b') == std::string::npos);  // the message itself is safe to print
}

// --- finding 5: the formula guard sees through leading blanks -------------------------------------

TEST_CASE("the formula guard: leading spaces, tabs, NBSP and other Unicode blanks before = + - @") {
    for (const char* text : {" =1+1", "  +1", "\t=1", " \t-2", "\xC2\xA0=HYPERLINK(\"x\")", "\xE3\x80\x80@SUM(A1)",
                             "\xE2\x80\x83=1", "\xEF\xBB\xBF=1", "\n=1", "' =1", " ' =1"}) {
        INFO(text);
        CHECK(csv_needs_guard(text));
        CHECK(csv_guard(text) == std::string("'") + text);
        CHECK(csv_unguard(csv_guard(text)) == text);
    }
    for (const char* text : {" 1+1", "a =1", "\xC2\xA0hello", "", " ", "'", "' x"}) {
        INFO(text);
        CHECK_FALSE(csv_needs_guard(text));
        CHECK(csv_unguard(csv_guard(text)) == text);
    }
}

TEST_CASE("an idea ' =1+1' is guarded in ideas.csv and round-trips byte for byte") {
    test::TempDir dir;
    const std::string ideas = "step,idea,text,lang\nideas,i1, =1+1,en\nideas,i2,\xC2\xA0@cmd,en\n";
    REQUIRE(test::import_csv(dir / "a.db", "ballot,step,option,value\nv1,ideas,i1,1\n", ideas).errors.empty());
    REQUIRE(export_to(dir / "a.db", dir / "first").ok());
    const std::string written = test::read_text(dir / "first/ideas.csv");
    CHECK_THAT(written, Catch::Contains(",i1,' =1+1,en,"));
    CHECK_THAT(written, Catch::Contains(",i2,'\xC2\xA0@cmd,en,"));
    REQUIRE(test::import_csv(dir / "b.db", test::read_text(dir / "first/ballots.csv"), written).errors.empty());
    REQUIRE(export_to(dir / "b.db", dir / "second").ok());
    for (const char* name : {"ideas.csv", "ballots.csv", "results.csv"})
        CHECK(test::read_text(dir / (std::string("first/") + name)) == test::read_text(dir / (std::string("second/") + name)));
    test::Connection b(dir / "b.db");
    CHECK(b.query("SELECT text FROM ideas ORDER BY id") == " =1+1\n\xC2\xA0@cmd\n");
}

// --- finding 6: import hygiene --------------------------------------------------------------------

TEST_CASE("import bounds the session column and the kiosk column like ballot ids") {
    test::TempDir dir;
    const Imported huge = test::import_csv(dir / "a.db", "session,ballot,step,option,value\n9223372036854775807,v1,themes,work,1\n");
    CHECK_THAT(messages(huge.errors), Catch::Contains("ballots.csv:2: error: session `9223372036854775807` is not a session number from 1 to 1000000"));
    CHECK_FALSE(fs::exists(dir / "a.db"));  // refused while reading: nothing written
    const Imported ideas = test::import_csv(dir / "a.db", "ballot,step,option,value\n", "session,step,idea,text\n0,ideas,i1,hi\n");
    CHECK_THAT(messages(ideas.errors), Catch::Contains("ideas.csv:2: error: session `0` is not a session number"));

    const Imported escape = test::import_csv(dir / "a.db", "ballot,step,option,value,kiosk\nv1,themes,work,1,k\x1b[2J\n");
    CHECK_THAT(messages(escape.errors), Catch::Contains("ballots.csv:2: error: kiosk `k\\u001B[2J` is not allowed"));
    const Imported c1 = test::import_csv(dir / "a.db", "ballot,step,option,value,kiosk\nv1,themes,work,1,k\xC2\x9B" "31m\n");
    CHECK_THAT(messages(c1.errors), Catch::Contains("error: kiosk `k\\u009B31m` is not allowed"));
    const Imported long_name = test::import_csv(dir / "a.db", "ballot,step,option,value,kiosk\nv1,themes,work,1," + std::string(257, 'k') + "\n");
    CHECK_THAT(messages(long_name.errors), Catch::Contains("is not allowed; use text of at most 256 bytes"));
    const Imported fine = test::import_csv(dir / "a.db", "session,ballot,step,option,value,kiosk\n7,v1,themes,work,1," + std::string(256, 'k') + "\n");
    CHECK(fine.errors.empty());
    CHECK(fine.outcome.report.session == 7);  // the export's session number, bounded
}

TEST_CASE("paper ballots into a closed step or an ended session need allow_closed") {
    test::TempDir dir;
    const std::string db = dir / "closed.db";
    REQUIRE(test::import_csv(db, "ballot,step,option,value\nv1,themes,work,1\n").errors.empty());
    {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        REQUIRE((*store)->add_action(1, {0, Store::now(), "test", std::string(action::step_closed), "themes", "", ""}));
    }
    const std::string more = "ballot,step,option,value\nv2,agenda,a,1\nv2,agenda,b,2\nv3,themes,work,1\nv4,themes,housing,1\n";
    const Imported refused = test::import_csv(db, more);
    CHECK(messages(refused.errors) ==
          "ballots.csv:4: error: ballot `v3`: step `themes` is closed in session 1; to add paper ballots collected while it "
          "was open, import with --allow-closed\n");
    CHECK(test::Connection(db).query("SELECT count(*) FROM ballots") == "1\n");  // nothing written

    const Imported allowed = test::import_csv(db, more, "", test::scenario(), true);
    CHECK(allowed.errors.empty());
    CHECK(allowed.outcome.report.ballots_recorded == 3);

    {
        auto store = Store::open(db);
        REQUIRE(store.ok());
        REQUIRE((*store)->add_action(1, {0, Store::now(), "test", std::string(action::session_ended), "", "", ""}));
    }
    const Imported ended = test::import_csv(db, "ballot,step,option,value\nv5,agenda,a,1\nv5,agenda,c,2\n");
    CHECK_THAT(messages(ended.errors), Catch::Contains("ballots.csv:2: error: ballot `v5`: session 1 has ended and takes no more ballots"));
    CHECK(test::import_csv(db, "ballot,step,option,value\nv5,agenda,a,1\nv5,agenda,c,2\n", "", test::scenario(), true).errors.empty());
    // A re-import of what is already there changes nothing and is no error, closed or not.
    CHECK(test::import_csv(db, more).errors.empty());
}

// --- finding 8: ballot secrecy in exports ---------------------------------------------------------

TEST_CASE("ballots.csv: rows by step, then by a hash of the ballot id, times to the quarter hour") {
    test::TempDir dir;
    const std::string db = dir / "secret.db";
    // Voting order a, b, c, d (agenda rows first in the file, to show the step order is the scenario's).
    const std::string ballots = "ballot,step,option,value,cast_at\n"
                                "a,agenda,a,1,2024-05-01T09:37:12Z\n"
                                "a,agenda,b,2,2024-05-01T09:37:12Z\n"
                                "c,agenda,b,1,2024-05-01T09:45:00Z\n"
                                "c,agenda,c,2,2024-05-01T09:45:00Z\n"
                                "a,themes,work,1,2024-05-01T09:37:12Z\n"
                                "b,themes,work,1,2024-05-01T09:44:59Z\n"
                                "c,themes,work,1,2024-05-01T09:45:00Z\n"
                                "d,themes,work,1,2024-05-01T10:01:30Z\n";
    const std::string ideas = "step,idea,text,submitted_at\nideas,i1,Benches,2024-05-01T09:14:59.250Z\n";
    REQUIRE(test::import_csv(db, ballots, ideas).errors.empty());
    REQUIRE(export_to(db, dir / "out").ok());
    // The first 8 bytes of SHA-256("1:a") = 4162fddd39a3e422, "1:b" = 6f05a38663673dd0,
    // "1:c" = b8a9f1364894a713, "1:d" = 244be185583d746b (Python's hashlib): d, a, b, c.
    CHECK(export_ballot_key(1, "a") == 0x4162fddd39a3e422ULL);
    CHECK(export_ballot_key(1, "d") == 0x244be185583d746bULL);
    CHECK(test::read_text(dir / "out/ballots.csv") ==
          "session,ballot,step,option,value,role,lang,cast_at,kiosk\r\n"
          "1,d,themes,work,1,,,2024-05-01T10:00:00Z,importer\r\n"
          "1,a,themes,work,1,,,2024-05-01T09:30:00Z,importer\r\n"
          "1,b,themes,work,1,,,2024-05-01T09:30:00Z,importer\r\n"
          "1,c,themes,work,1,,,2024-05-01T09:45:00Z,importer\r\n"
          "1,a,agenda,a,1,,,2024-05-01T09:30:00Z,importer\r\n"
          "1,a,agenda,b,2,,,2024-05-01T09:30:00Z,importer\r\n"
          "1,c,agenda,b,1,,,2024-05-01T09:45:00Z,importer\r\n"
          "1,c,agenda,c,2,,,2024-05-01T09:45:00Z,importer\r\n");
    CHECK_THAT(test::read_text(dir / "out/ideas.csv"), Catch::Contains("1,ideas,i1,Benches,,2024-05-01T09:00:00Z,0\r\n"));

    // The database keeps the exact times; --exact-times (audits) writes them.
    CHECK(test::Connection(db).query("SELECT cast_at FROM ballots WHERE visit = 'd'") == "2024-05-01T10:01:30Z\n");
    ExportOptions exact;
    exact.exact_times = true;
    REQUIRE(export_to(db, dir / "exact", exact).ok());
    CHECK_THAT(test::read_text(dir / "exact/ballots.csv"), Catch::Contains("1,d,themes,work,1,,,2024-05-01T10:01:30Z,importer\r\n"));
    CHECK_THAT(test::read_text(dir / "exact/ideas.csv"), Catch::Contains(",2024-05-01T09:14:59.250Z,"));

    // Export -> import into an empty database -> export: the same bytes.
    REQUIRE(test::import_csv(dir / "copy.db", test::read_text(dir / "out/ballots.csv"), test::read_text(dir / "out/ideas.csv")).errors.empty());
    REQUIRE(export_to(dir / "copy.db", dir / "again").ok());
    for (const char* name : {"ballots.csv", "ideas.csv", "results.csv"})
        CHECK(test::read_text(dir / (std::string("out/") + name)) == test::read_text(dir / (std::string("again/") + name)));
}

// --- finding 9: a full disk is named as a full disk -----------------------------------------------

TEST_CASE("a full disk is named as a full disk") {
    CHECK_THAT(io_error_text(ENOSPC), Catch::StartsWith("the disk is full"));
    CHECK_THAT(io_error_text(EDQUOT), Catch::StartsWith("the disk is full"));
    CHECK(io_error_text(ENOENT) == std::strerror(ENOENT));
}

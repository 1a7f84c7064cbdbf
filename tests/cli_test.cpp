// cli_test.cpp — `workshop import|export|tally|synth` end to end through the real binary
// (WORKSHOP_CLI): exit codes, messages, files written, --help.
#include <unistd.h>

#include "support/cli.h"
#include "support/database.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"
#include "workshop/store.h"

namespace {

using test::CliRun;
using test::run_cli;

const std::string ballots_csv = "ballot,step,option,value,role,lang\n"
                                "p1,themes,housing,3,resident,en\n"
                                "p1,themes,work,2,resident,en\n"
                                "p1,agenda,a,1,resident,en\n"
                                "p1,agenda,b,2,resident,en\n"
                                "p2,themes,work,1,council,nl\n"
                                "p2,agenda,b,1,council,nl\n"
                                "p2,agenda,c,2,council,nl\n";

// cast_at is the time of recording: the one column two runs may not share.
std::string without_cast_at(const std::string& csv) {
    std::string out;
    std::istringstream lines(csv);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
        if (fields.size() > 7) fields[7] = "";
        for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
        out += "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("every command answers --help with its usage and exit 0") {
    for (const char* command : {"import", "export", "tally", "synth"}) {
        INFO(command);
        const CliRun run = run_cli({command, "--help"});
        CHECK(run.status == 0);
        CHECK(run.out.rfind(std::string("usage: workshop ") + command, 0) == 0);
        CHECK(run.err.empty());
    }
    const CliRun top = run_cli({"--help"});
    CHECK(top.status == 0);
}

TEST_CASE("usage mistakes exit 2 and say what is missing") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    test::write_text(scenario, test::scenario_text());
    struct Case {
        std::vector<std::string> args;
        const char* message;
    };
    const Case cases[] = {
        {{"import", "--scenario", scenario, "x.csv"}, "--db DB is required"},
        {{"import", "--db", dir / "a.db", "x.csv"}, "--scenario FILE is required"},
        {{"import", "--db", dir / "a.db", "--scenario", scenario}, "give the ballots file"},
        {{"import", "--db", dir / "a.db", "--scenario", scenario, "--session", "first", "x.csv"}, "--session needs"},
        {{"export", "--db", dir / "a.db"}, "--out DIR is required"},
        {{"export", "--db", dir / "a.db", "--out", dir / "o", "--delimiter", "|"}, "--delimiter must be"},
        {{"tally"}, "--db DB is required"},
        {{"tally", "--db", dir / "a.db", "--bogus"}, "unknown option --bogus"},
        {{"synth", "--db", dir / "a.db", "--scenario", scenario}, "--ballots is required"},
        {{"synth", "--db", dir / "a.db", "--scenario", scenario, "--ballots", "0"}, "--ballots needs a number"},
    };
    for (const Case& c : cases) {
        INFO(c.args[0] << " " << c.message);
        const CliRun run = run_cli(c.args);
        CHECK(run.status == 2);
        CHECK_THAT(run.err, Catch::Contains(c.message));
    }
    CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
}

TEST_CASE("import records, re-import changes nothing, a bad file is rejected with exit 1") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, test::scenario_text());
    test::write_text(dir / "ballots.csv", ballots_csv);

    CliRun run = run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out == "recorded 4 ballots (2 visits) in new session 1 of scenario test-workshop\n");
    const std::string after_first = test::dump(db);

    run = run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"});
    CHECK(run.status == 0);
    CHECK(run.out == "nothing new: 4 ballots already recorded in session 1\n");
    CHECK(test::dump(db) == after_first);

    test::write_text(dir / "bad.csv", "ballot,step,option,value\n"
                                      "p3,themes,work,1\n"
                                      "p3,agenda,a,x\n"
                                      "p4,themes,garden,1\n");
    run = run_cli({"import", "--db", db, "--scenario", scenario, dir / "bad.csv"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains(dir / "bad.csv" + ":3: error: value `x` is not a whole number"));
    // Every problem of the file, not only the unreadable rows: line 4 breaks a ballot rule.
    CHECK_THAT(run.err, Catch::Contains(dir / "bad.csv" + ":4: error: ballot `p4`: step `themes`: unknown option `garden`"));
    CHECK_THAT(run.err, Catch::EndsWith("workshop import: rejected: 2 problem(s); nothing was written\n"));
    CHECK(test::dump(db) == after_first);
    run = run_cli({"import", "--db", dir / "fresh.db", "--scenario", scenario, dir / "bad.csv"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains(":4: error: ballot `p4`"));
    CHECK_FALSE(std::filesystem::exists(dir / "fresh.db"));

    test::write_text(dir / "bad-rule.csv", "ballot,step,option,value\np5,themes,garden,1\n");
    run = run_cli({"import", "--db", db, "--scenario", scenario, dir / "bad-rule.csv"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains(dir / "bad-rule.csv" + ":2: error: ballot `p5`: step `themes`: unknown option `garden`"));
    CHECK(test::dump(db) == after_first);

    // A rejected import into a database that did not exist leaves no file behind.
    run = run_cli({"import", "--db", dir / "new.db", "--scenario", scenario, dir / "bad-rule.csv"});
    CHECK(run.status == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "new.db"));

    run = run_cli({"import", "--db", db, "--scenario", scenario, dir / "missing.csv"});
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Contains("cannot read " + dir / "missing.csv"));

    test::write_text(dir / "broken.toml", "format = 1\nid = \"x\"\n");
    run = run_cli({"import", "--db", db, "--scenario", dir / "broken.toml", dir / "ballots.csv"});
    CHECK(run.status == 1);
    CHECK_THAT(run.err, Catch::Contains("broken.toml"));
    CHECK(test::dump(db) == after_first);
}

TEST_CASE("export writes the three files, tally prints aligned tables") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, test::scenario_text());
    test::write_text(dir / "ballots.csv", ballots_csv);
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"}).status == 0);
    std::filesystem::remove(scenario);  // export and tally use the scenario stored in the session

    CliRun run = run_cli({"export", "--db", db, "--out", dir / "out"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("session 1: 8 result rows, 7 ballot rows, 0 ideas"));
    const std::string results = test::read_text(dir / "out/results.csv");
    CHECK(results ==
          "session,step,step_type,method,option,label,score,position,ballots\r\n"
          "1,themes,dot_vote,,housing,Housing,3,1,2\r\n"
          "1,themes,dot_vote,,work,Work,3,1,2\r\n"
          "1,themes,dot_vote,,language,Language,0,3,2\r\n"
          "1,agenda,ranking,borda,b,Action B,5,1,2\r\n"
          "1,agenda,ranking,borda,a,Action A,3,2,2\r\n"
          "1,agenda,ranking,borda,c,Action C,2,3,2\r\n"
          "1,agenda,ranking,borda,d,Action D,0,4,2\r\n"
          "1,ideas,idea_vote,,idea-2,A preset idea,0,1,0\r\n");
    CHECK(test::read_text(dir / "out/ideas.csv") == "session,step,idea,text,lang,submitted_at,hidden\r\n");

    run = run_cli({"export", "--db", db, "--out", dir / "nl", "--delimiter", ";", "--bom"});
    REQUIRE(run.status == 0);
    CHECK(test::read_text(dir / "nl/results.csv").rfind("\xEF\xBB\xBFsession;step;", 0) == 0);

    run = run_cli({"export", "--db", dir / "missing.db", "--out", dir / "o"});
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Contains("does not exist"));
    run = run_cli({"export", "--db", db, "--out", dir / "o", "--session", "9"});
    CHECK(run.status == 2);
    CHECK_THAT(run.err, Catch::Contains("has no session 9"));

    run = run_cli({"tally", "--db", db});
    INFO(run.out);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("Session 1: test-workshop \"Test workshop\""));
    // One ballot per role: no role column, which would show how that one person voted
    // (min_group_size defaults to 5).
    CHECK_THAT(run.out, Catch::Contains("agenda (ranking, borda): Agenda\n"
                                        "  pos  option   label     score  first\n"
                                        "    1  b        Action B      5      1\n"
                                        "    2  a        Action A      3      1\n"
                                        "    3  c        Action C      2      0\n"
                                        "    4  d        Action D      0      0\n"
                                        "       ballots                2\n"
                                        "  (a role group with fewer than 5 ballots has no column of its own"));
    CHECK_THAT(run.out, !Catch::Contains("resident"));
    CHECK_THAT(run.out, !Catch::Contains("council"));
}

TEST_CASE("tally: role groups of 1, 4 and 5 under min_group_size 5") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, test::scenario_text() +
                                   "\n[[role]]\nid = \"alderman\"\nlabel = \"Alderman\"\n");
    // 5 residents give housing 1; 4 council members work 2; 1 alderman language 3.
    std::string csv = "ballot,step,option,value,role,lang\n";
    for (int i = 0; i < 5; ++i) csv += "r" + std::to_string(i) + ",themes,housing,1,resident,en\n";
    for (int i = 0; i < 4; ++i) csv += "c" + std::to_string(i) + ",themes,work,2,council,en\n";
    const std::string alderman = "a0,themes,language,3,alderman,en\n";
    test::write_text(dir / "b.csv", csv);
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "b.csv"}).status == 0);
    CliRun run = run_cli({"tally", "--db", db});
    INFO(run.out);
    REQUIRE(run.status == 0);
    // The 4 council members alone stay hidden, and a resident column beside the totals would
    // give them away (work 8 = 8 - 0): the residents join them, one column of all 9 ballots.
    CHECK_THAT(run.out, Catch::Contains("themes (dot_vote): Themes\n"
                                        "  pos  option    label     score  (other groups)\n"
                                        "    1  work      Work          8               8\n"
                                        "    2  housing   Housing       5               5\n"
                                        "    3  language  Language      0               0\n"
                                        "       ballots                 9               9\n"));
    CHECK_THAT(run.out, !Catch::Contains("resident"));
    // The alderman's one ballot joins them: 4 + 1 = 5 make "(other groups)", never a column of one.
    test::write_text(dir / "a.csv", "ballot,step,option,value,role,lang\n" + alderman);
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "a.csv"}).status == 0);
    run = run_cli({"tally", "--db", db});
    CHECK_THAT(run.out, Catch::Contains("themes (dot_vote): Themes\n"
                                        "  pos  option    label     score  resident  (other groups)\n"
                                        "    1  work      Work          8         0               8\n"
                                        "    2  housing   Housing       5         5               0\n"
                                        "    3  language  Language      3         0               3\n"
                                        "       ballots                10         5               5\n"));
    CHECK_THAT(run.out, !Catch::Contains("alderman"));
    CHECK_THAT(run.out, !Catch::Contains("council"));
}

TEST_CASE("tally: a column for ballots without a role, counted apart") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    // Groups of one shown on purpose here (min_group_size = 1): the column layout is what is tested.
    test::write_text(scenario, test::scenario_text() + "\n[results]\nmin_group_size = 1\n");
    // p3 gave no role and ranked d, c: Borda over 4 options gives d 3 and c 2 points in "(no role)".
    test::write_text(dir / "ballots.csv", ballots_csv + "p3,agenda,d,1,,en\np3,agenda,c,2,,en\n");
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"}).status == 0);
    const CliRun run = run_cli({"tally", "--db", db});
    INFO(run.out);
    REQUIRE(run.status == 0);
    // a and d tie at 3 and share position 3 in file order ("1233").
    CHECK_THAT(run.out, Catch::Contains("agenda (ranking, borda): Agenda\n"
                                        "  pos  option   label     score  first  resident  council  (no role)\n"
                                        "    1  b        Action B      5      1         2        3          0\n"
                                        "    2  c        Action C      4      0         0        2          2\n"
                                        "    3  a        Action A      3      1         3        0          0\n"
                                        "    3  d        Action D      3      1         0        0          3\n"
                                        "       ballots                3                1        1          1\n"));
}

TEST_CASE("tally pads by characters, not bytes") {
    test::TempDir dir;
    const std::string scenario = dir / "uk.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, "format = 1\nid = \"uk\"\nlanguages = [\"uk\"]\ntitle = \"Тест\"\n"
                               "[[step]]\nid = \"pick\"\ntype = \"dot_vote\"\ntitle = \"Вибір\"\ndots = 2\n"
                               "options = [ { id = \"a\", label = \"Житло\" }, { id = \"b\", label = \"Робота\" } ]\n");
    test::write_text(dir / "b.csv", "ballot,step,option,value\nx,pick,a,2\n");
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "b.csv"}).status == 0);
    const CliRun run = run_cli({"tally", "--db", db});
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("  pos  option   label   score\n"
                                        "    1  a        Житло       2\n"
                                        "    2  b        Робота      0\n"
                                        "       ballots              1\n"));
}

TEST_CASE("synth records valid ballots, the same for the same seed") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    test::write_text(scenario, test::scenario_text());
    CliRun run = run_cli({"synth", "--db", dir / "a.db", "--scenario", scenario, "--ballots", "200", "--seed", "7"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out == "recorded 600 ballots (200 visits) in new session 1 of scenario test-workshop\n");
    REQUIRE(run_cli({"synth", "--db", dir / "b.db", "--scenario", scenario, "--ballots", "200", "--seed", "7"})
                .status == 0);
    run = run_cli({"synth", "--db", dir / "a.db", "--scenario", scenario, "--ballots", "200", "--seed", "7"});
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains("nothing new: 600 ballots already recorded"));
    REQUIRE(run_cli({"synth", "--db", dir / "c.db", "--scenario", scenario, "--ballots", "200"}).status == 0);

    REQUIRE(run_cli({"export", "--db", dir / "a.db", "--out", dir / "a"}).status == 0);
    REQUIRE(run_cli({"export", "--db", dir / "b.db", "--out", dir / "b"}).status == 0);
    REQUIRE(run_cli({"export", "--db", dir / "c.db", "--out", dir / "c"}).status == 0);
    CHECK(test::read_text(dir / "a/results.csv") == test::read_text(dir / "b/results.csv"));
    CHECK(without_cast_at(test::read_text(dir / "a/ballots.csv")) == without_cast_at(test::read_text(dir / "b/ballots.csv")));
    CHECK(test::read_text(dir / "a/results.csv") != test::read_text(dir / "c/results.csv"));

    // Every synthetic ballot passes the import's checks: the export re-imports whole.
    run = run_cli({"import", "--db", dir / "d.db", "--scenario", scenario, dir / "a/ballots.csv"});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out == "recorded 600 ballots (200 visits) in new session 1 of scenario test-workshop\n");
}

TEST_CASE("synth makes up ideas for a step that only votes on collected ideas") {
    test::TempDir dir;
    const std::string scenario = dir / "ideas.toml";
    test::write_text(scenario, "format = 1\nid = \"ideas-only\"\nlanguages = [\"en\"]\ntitle = \"T\"\n"
                               "[[step]]\nid = \"collect\"\ntype = \"idea_vote\"\ntitle = \"Ideas\"\n"
                               "collect_ideas = true\nvotes_per_participant = 2\nmax_idea_length = 10\n");
    CliRun run = run_cli({"synth", "--db", dir / "a.db", "--scenario", scenario, "--ballots", "30"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out == "recorded 30 ballots (30 visits) and 5 made-up ideas in new session 1 of scenario ideas-only\n");
    CHECK(run.err.empty());
    test::Connection c(dir / "a.db");
    CHECK(c.query("SELECT idea, text, source FROM ideas ORDER BY id") ==
          "idea-1|Idea 1|synth\nidea-2|Idea 2|synth\nidea-3|Idea 3|synth\nidea-4|Idea 4|synth\nidea-5|Idea 5|synth\n");
    CHECK(c.query("SELECT COUNT(*) FROM ballots WHERE step = 'collect'") == "30\n");
    // The same seed again finds the ideas recorded and draws the same ballots: nothing new.
    run = run_cli({"synth", "--db", dir / "a.db", "--scenario", scenario, "--ballots", "30"});
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Catch::StartsWith("nothing new: 30 ballots already recorded"));
    run = run_cli({"export", "--db", dir / "a.db", "--out", dir / "out"});
    REQUIRE(run.status == 0);
    const std::string results = test::read_text(dir / "out/results.csv");
    CHECK_THAT(results, Catch::Contains(",collect,idea_vote,,idea-1,Idea 1,"));
    CHECK_THAT(results, Catch::Contains(",30\r\n"));
}

TEST_CASE("tally escapes control characters: a kiosk name cannot send terminal codes") {
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, test::scenario_text());
    test::write_text(dir / "ballots.csv", ballots_csv);
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"}).status == 0);
    {
        // A session written by some other program (or an older version) with a hostile kiosk name.
        auto store = workshop::Store::open(db);
        REQUIRE(store.ok());
        auto added = (*store)->add_session(test::scenario(), "evil\x1b[2J\r\xC2\x9B" "31m", "import", workshop::Store::now());
        INFO(added.message());
        REQUIRE(added.ok());
    }
    const CliRun run = run_cli({"tally", "--db", db, "--session", "2"});
    INFO(run.out << run.err);
    REQUIRE(run.status == 0);
    CHECK_THAT(run.out, Catch::Contains(" on evil\\u001B[2J\\r\\u009B31m, "));
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(run.out.find('\r') == std::string::npos);
    CHECK(run.out.find("\xC2\x9B") == std::string::npos);
}

TEST_CASE("tally and export name a full disk as a full disk") {
    if (::access("/dev/full", W_OK) != 0) return;  // Linux's always-full device
    test::TempDir dir;
    const std::string scenario = dir / "test.toml";
    const std::string db = dir / "workshop.db";
    test::write_text(scenario, test::scenario_text());
    test::write_text(dir / "ballots.csv", ballots_csv);
    REQUIRE(run_cli({"import", "--db", db, "--scenario", scenario, dir / "ballots.csv"}).status == 0);
    for (const std::string command : {"tally", "export"}) {
        std::vector<std::string> args = {command, "--db", db};
        if (command == "export") args.insert(args.end(), {"--out", dir / "out"});
        const CliRun run = run_cli(args, "/dev/full");
        INFO(command);
        CHECK(run.status == 2);
        CHECK_THAT(run.err, Catch::Contains("cannot write the output: the disk is full"));
    }
}

TEST_CASE("import --allow-closed and export --exact-times are offered") {
    CHECK_THAT(run_cli({"import", "--help"}).out, Catch::Contains("--allow-closed"));
    CHECK_THAT(run_cli({"export", "--help"}).out, Catch::Contains("--exact-times"));
}

// store_test.cpp — the database file: schema version, migration, refusal of newer or foreign
// files, owner-only permissions, append-only triggers and the views.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <tuple>

#include "internal_access.h"
#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"
#include "store_schema.h"
#include "workshop/store.h"

using namespace workshop;

namespace {

std::unique_ptr<Store> open_store(const std::string& path) {
    auto store = Store::open(path);
    INFO(store.message());
    REQUIRE(store.ok());
    return std::move(*store);
}

unsigned mode_of(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777;
}

// A session with one kiosk visit (3 ballots) and one idea, written through the store itself.
std::int64_t fill(Store& store) {
    const Scenario scenario = test::scenario();
    Store::Transaction transaction(store, Store::Durability::full);
    REQUIRE(transaction.status());
    auto session = store.add_session(scenario, "kiosk-1", "kiosk", "2024-05-01T09:00:00Z");
    REQUIRE(session.ok());
    for (Ballot ballot : test::visit("v1", "resident")) {
        ballot.cast_at = "2024-05-01T09:01:00Z";
        ballot.kiosk = "kiosk-1";
        REQUIRE(store.add_ballot(*session, ballot, BallotSource::kiosk).ok());
    }
    Idea idea;
    idea.id = "idea-1";
    idea.step = "ideas";
    idea.text = "More benches";
    idea.submitted_at = "2024-05-01T09:02:00Z";
    REQUIRE(store.add_idea(*session, idea, "kiosk-1", BallotSource::kiosk));
    REQUIRE(transaction.commit());
    return *session;
}

}  // namespace

TEST_CASE("a new database carries the schema version and is owner-only") {
    test::TempDir dir;
    const std::string path = dir / "new.db";
    auto store = open_store(path);
    test::Connection db(path);
    CHECK(db.number("PRAGMA user_version") == Store::schema_version);
    CHECK(db.number("PRAGMA application_id") == Store::application_id);
    CHECK(db.query("PRAGMA journal_mode") == "wal\n");
    CHECK(mode_of(path) == 0600);
    fill(*store);
    CHECK(mode_of(path + "-wal") == 0600);
    for (const char* table : {"sessions", "ballots", "marks", "voids", "ideas", "actions"})
        CHECK(db.number(std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '") + table + "'") == 1);
}

TEST_CASE("an empty file (schema 0) is migrated to the current schema on open") {
    test::TempDir dir;
    const std::string path = dir / "old.db";
    test::write_text(path, "");
    {
        test::Connection db(path);  // a version-0 database with nothing in it
        REQUIRE(db.number("PRAGMA user_version") == 0);
    }
    auto store = open_store(path);
    test::Connection db(path);
    CHECK(db.number("PRAGMA user_version") == Store::schema_version);
    CHECK(db.number("SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name = 'valid_ballot_rows'") == 1);
    CHECK(db.number("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'hub_rows'") == 1);
    // The migrated file works.
    const std::int64_t session = fill(*store);
    CHECK(db.number("SELECT COUNT(*) FROM ballots WHERE session = " + std::to_string(session)) == 3);
}

TEST_CASE("opening twice does not migrate twice") {
    test::TempDir dir;
    const std::string path = dir / "twice.db";
    { fill(*open_store(path)); }
    const std::string before = test::dump(path);
    { open_store(path); }
    CHECK(test::dump(path) == before);
}

TEST_CASE("a schema-1 file (before the hub) is upgraded: its rows and short visit ids keep working") {
    test::TempDir dir;
    const std::string path = dir / "v1.db";
    {
        test::Connection db(path);
        REQUIRE(db.exec(std::string("BEGIN;") + schema::migrations()[0].sql + "PRAGMA user_version = 1; COMMIT;") == SQLITE_OK);
        REQUIRE(db.exec("INSERT INTO sessions VALUES (1, 's', 'S', 'abc', 'text', '2024-05-01T09:00:00Z', 'k', 'kiosk');"
                        "INSERT INTO ballots VALUES (1, 1, '0a1b2c3d4e5f', 'themes', '', '', '2024-05-01T09:01:00Z', 'k', 'kiosk');"
                        "INSERT INTO marks VALUES (1, 1, 'a', 2);"
                        "INSERT INTO actions VALUES (1, 1, '2024-05-01T09:02:00Z', 'f', 'step_closed', 'themes', '', '');") ==
                SQLITE_OK);
    }
    auto store = open_store(path);
    test::Connection db(path);
    CHECK(db.number("PRAGMA user_version") == Store::schema_version);
    CHECK(db.number("SELECT COUNT(*) FROM hub_links") == 0);
    auto found = store->find_ballot(1, "0a1b2c3d4e5f", "themes");
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->ballot.marks.size() == 1);
    auto actions = store->actions(1);
    REQUIRE(actions.ok());
    REQUIRE(actions->size() == 1);
    CHECK(actions->front().action == "step_closed");
    CHECK(db.exec("INSERT INTO hub_rows VALUES (5, 1, 'ballot', 1)") == SQLITE_OK);
    CHECK(db.exec("UPDATE hub_rows SET seq = 2") != SQLITE_OK);  // the new tables are append-only too
    CHECK(db.exec("DELETE FROM hub_rows") != SQLITE_OK);
}

TEST_CASE("a database from a newer program is refused with a clear message") {
    test::TempDir dir;
    const std::string path = dir / "newer.db";
    { open_store(path); }
    {
        test::Connection db(path);
        REQUIRE(db.exec("PRAGMA user_version = 7") == SQLITE_OK);
    }
    auto store = Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.message() == "database " + path +
                                 " was made by a newer workshop (schema 7, this program knows " +
                                 std::to_string(Store::schema_version) + "): upgrade the program");
}

TEST_CASE("a database of another program is refused, not taken over") {
    test::TempDir dir;
    const std::string path = dir / "other.db";
    {
        test::Connection db(path);
        REQUIRE(db.exec("CREATE TABLE contacts (name TEXT)") == SQLITE_OK);
    }
    const std::string before = test::dump(path);
    auto store = Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK_THAT(store.message(), Catch::Contains("is not a workshop database"));
    CHECK(test::dump(path) == before);
}

TEST_CASE("a damaged file and a missing file give clear messages") {
    test::TempDir dir;
    const std::string garbage = dir / "garbage.db";
    test::write_text(garbage, std::string(4096, 'x'));
    auto damaged = Store::open(garbage);
    REQUIRE_FALSE(damaged.ok());
    CHECK_THAT(damaged.message(), Catch::Contains("is damaged or is not a database"));
    CHECK(test::read_text(garbage) == std::string(4096, 'x'));  // left alone

    auto missing = Store::open(dir / "missing.db", Store::OpenMode::existing);
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.message(), Catch::Contains("does not exist"));
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));

    auto no_folder = Store::open(dir / "no/such/folder.db");
    REQUIRE_FALSE(no_folder.ok());
    CHECK_THAT(no_folder.message(), Catch::Contains("check that the folder exists"));
}

TEST_CASE("recorded rows can never be changed or deleted") {
    test::TempDir dir;
    const std::string path = dir / "append.db";
    auto store = open_store(path);
    const std::int64_t session = fill(*store);
    {
        Store::Transaction transaction(*store, Store::Durability::full);
        REQUIRE(store->void_visit(session, "v1", "facilitator", "2024-05-01T10:00:00Z", "test").ok());
        REQUIRE(transaction.commit());
    }
    const std::string before = test::dump(path);
    test::Connection db(path);
    const char* const attempts[] = {
        "UPDATE sessions SET scenario_text = ''",  "DELETE FROM sessions",
        "UPDATE ballots SET step = 'agenda'",      "DELETE FROM ballots",
        "UPDATE marks SET value = 1",              "DELETE FROM marks",
        "UPDATE voids SET reason = 'changed'",     "DELETE FROM voids",
        "UPDATE ideas SET text = 'changed'",       "DELETE FROM ideas",
        "UPDATE actions SET actor = 'someone'",    "DELETE FROM actions",
    };
    for (const char* sql : attempts) {
        INFO(sql);
        CHECK(db.exec(sql) == SQLITE_CONSTRAINT);
        CHECK_THAT(db.error(), Catch::Contains("append-only"));
    }
    CHECK(test::dump(path) == before);
}

TEST_CASE("the views answer the obvious questions") {
    test::TempDir dir;
    const std::string path = dir / "views.db";
    auto store = open_store(path);
    const std::int64_t session = fill(*store);
    {
        Store::Transaction transaction(*store, Store::Durability::full);
        Ballot late = test::ballot("v2", "themes", {{"work", 1}}, "council");
        late.cast_at = "2024-05-01T09:05:00Z";
        late.kiosk = "kiosk-1";
        REQUIRE(store->add_ballot(session, late, BallotSource::import).ok());
        REQUIRE(store->add_action(session, {0, "2024-05-01T09:06:00Z", "facilitator", "idea_hidden", "ideas", "idea-1", ""}));
        REQUIRE(transaction.commit());
    }
    test::Connection db(path);
    CHECK(db.query("SELECT ballot, step, option, value, role FROM valid_ballot_rows ORDER BY ballot_row, mark_seq") ==
          "v1|themes|housing|3|resident\n"
          "v1|themes|work|2|resident\n"
          "v1|agenda|a|1|resident\n"
          "v1|agenda|b|2|resident\n"
          "v1|ideas|idea-2|1|resident\n"
          "v2|themes|work|1|council\n");
    CHECK(db.query("SELECT step, role, ballots FROM ballot_counts ORDER BY step, role") ==
          "agenda|resident|1\nideas|resident|1\nthemes|council|1\nthemes|resident|1\n");
    CHECK(db.query("SELECT idea, text, hidden FROM ideas_state") == "idea-1|More benches|1\n");
    CHECK(db.query("SELECT state, visits FROM session_states") == "running|2\n");
    CHECK(db.query("SELECT actor, action FROM audit_log") == "kiosk|session_created\nfacilitator|idea_hidden\n");

    // Voiding v2 takes it out of every view of valid ballots, and shows it in void_ballots.
    {
        Store::Transaction transaction(*store, Store::Durability::full);
        auto voided = store->void_visit(session, "v2", "facilitator", "2024-05-01T09:07:00Z", "double vote");
        REQUIRE(voided.ok());
        CHECK(*voided == 1);
        REQUIRE(transaction.commit());
    }
    CHECK(db.number("SELECT COUNT(*) FROM valid_ballot_rows WHERE ballot = 'v2'") == 0);
    CHECK(db.query("SELECT ballot, step, voided_by, reason FROM void_ballots") == "v2|themes|facilitator|double vote\n");
    CHECK(db.number("SELECT COUNT(*) FROM ballots") == 4);  // nothing was deleted
}

TEST_CASE("the store streams whole ballots in recording order, skipping void ones and other sessions") {
    test::TempDir dir;
    auto store = open_store(dir / "rows.db");
    const std::int64_t first = fill(*store);  // v1 in session 1
    {
        // Session 2's ballots interleave with session 1's, and one of session 1's is voided.
        Store::Transaction transaction(*store, Store::Durability::full);
        auto second = store->add_session(test::scenario(), "kiosk-2", "kiosk", "2024-05-01T10:00:00Z");
        REQUIRE(second.ok());
        const auto add = [&](std::int64_t session, const std::string& visit, const std::string& step,
                             std::vector<Mark> marks) {
            Ballot ballot = test::ballot(visit, step, std::move(marks));
            ballot.cast_at = "2024-05-01T10:01:00Z";
            ballot.kiosk = "k";
            REQUIRE(store->add_ballot(session, ballot, BallotSource::kiosk).ok());
        };
        add(*second, "w1", "themes", {{"language", 1}});
        add(first, "v2", "themes", {{"work", 3}});
        add(*second, "w1", "agenda", {{"d", 1}, {"c", 2}});
        add(first, "v3", "agenda", {{"c", 1}, {"d", 2}});
        add(first, "v4", "themes", {{"housing", 1}});
        REQUIRE(store->void_visit(first, "v2", "anna", "2024-05-01T10:02:00Z", "test").ok());
        REQUIRE(transaction.commit());
    }
    const auto stream = [&](std::int64_t session, std::string_view step) {
        std::vector<std::string> seen;
        REQUIRE(store->for_each_ballot(session, step, [&](Ballot& ballot) {
            std::string text = ballot.visit + "/" + ballot.step + ":";
            for (const Mark& mark : ballot.marks) text += " " + mark.option + "=" + std::to_string(mark.value);
            seen.push_back(text);
            return true;
        }));
        return seen;
    };
    CHECK(stream(first, "") == std::vector<std::string>{"v1/themes: housing=3 work=2", "v1/agenda: a=1 b=2",
                                                        "v1/ideas: idea-2=1", "v3/agenda: c=1 d=2",
                                                        "v4/themes: housing=1"});
    CHECK(stream(first, "themes") == std::vector<std::string>{"v1/themes: housing=3 work=2", "v4/themes: housing=1"});
    CHECK(stream(first, "agenda") == std::vector<std::string>{"v1/agenda: a=1 b=2", "v3/agenda: c=1 d=2"});
    CHECK(stream(first + 1, "") == std::vector<std::string>{"w1/themes: language=1", "w1/agenda: d=1 c=2"});
    CHECK(stream(first + 2, "").empty());

    std::vector<Ballot> agenda;
    REQUIRE(store->load_ballots(first, "agenda", agenda));
    REQUIRE(agenda.size() == 2);
    CHECK(agenda[0].visit == "v1");
    CHECK(agenda[0].role == "resident");
    CHECK(agenda[0].cast_at == "2024-05-01T09:01:00Z");
    REQUIRE(agenda[0].marks.size() == 2);
    CHECK(agenda[0].marks[1].option == "b");
    CHECK(agenda[0].marks[1].value == 2);

    int calls = 0;  // returning false stops the stream
    REQUIRE(store->for_each_ballot(first, "", [&](Ballot&) { return ++calls < 2; }));
    CHECK(calls == 2);
}

TEST_CASE("INSERT OR REPLACE cannot overwrite a recorded row either") {
    test::TempDir dir;
    const std::string path = dir / "replace.db";
    auto store = open_store(path);
    fill(*store);
    const std::string before = test::dump(path);
    test::Connection db(path);
    const char* const attempts[] = {
        "INSERT OR REPLACE INTO sessions (id, scenario_id, scenario_title, scenario_sha256, scenario_text,"
        " created_at, kiosk, created_by) VALUES (1, 'x', 'x', 'x', 'x', 'x', 'x', 'kiosk')",
        "INSERT OR REPLACE INTO ballots (session, visit, step, cast_at, kiosk, source)"
        " VALUES (1, 'v1', 'themes', 'x', 'y', 'kiosk')",
        "INSERT OR REPLACE INTO ballots (id, session, visit, step, cast_at, kiosk, source)"
        " VALUES (1, 1, 'other', 'themes', 'x', 'y', 'kiosk')",
        "INSERT OR REPLACE INTO ideas (session, step, idea, text, submitted_at, kiosk, source)"
        " VALUES (1, 'ideas', 'idea-1', 'changed', 'x', 'x', 'kiosk')",
        "INSERT OR REPLACE INTO actions (id, session, at, actor, action) VALUES (1, 1, 'x', 'x', 'x')",
    };
    for (const char* sql : attempts) {
        INFO(sql);
        CHECK(db.exec(sql) == SQLITE_CONSTRAINT);
        CHECK_THAT(db.error(), Catch::Contains("append-only"));
    }
    CHECK(test::dump(path) == before);
}

// The export's order (for_each_exported_ballot) is sorted by SQLite: a session larger than the
// cache a scan keeps (2 MiB) is sorted through a temporary file, not in memory (temp_store = FILE;
// with MEMORY, SQLite's sorter kept every record: 240 MB for a million rows).
TEST_CASE("a sorted stream larger than a scan's cache is complete and in order, and the cache comes back") {
    test::TempDir dir;
    auto store = open_store(dir / "sorted.db");
    const std::int64_t session = fill(*store);  // v1: themes, agenda, ideas
    constexpr int visits = 40000;                // ~4 MB of sort records
    const auto visit_id = [](int i) {
        std::string id = "s";
        id += std::to_string(i);
        return id;
    };
    {
        Store::Transaction transaction(*store, Store::Durability::bulk);
        const std::string cast_at = "2024-05-01T10:01:00Z", kiosk = "kiosk-2";
        for (int i = 0; i < visits; ++i) {
            Ballot ballot = i % 3 ? test::ballot(visit_id(i), "themes", {{"work", i % 7}, {"housing", 1}})
                                  : test::ballot(visit_id(i), "agenda", {{"c", 1}});
            ballot.cast_at = cast_at;
            ballot.kiosk = kiosk;
            REQUIRE(store->add_ballot(session, ballot, BallotSource::kiosk).ok());
        }
        REQUIRE(transaction.commit());
    }
    // Keys of 16 bits (many ties, broken by the visit id) spread over the whole unsigned range
    // (the top bit set for half of them: SQLite's integers are signed).
    Store::BallotOrder order;
    order.group = [](std::string_view step) -> std::int64_t { return step == "themes" ? 0 : step == "agenda" ? 1 : 2; };
    order.key = [](std::string_view visit) { return std::hash<std::string_view>{}(visit) & 0xffff000000000000ULL; };
    using Entry = std::tuple<std::int64_t, std::uint64_t, std::string>;
    std::vector<Entry> expected{{0, order.key("v1"), "v1"}, {1, order.key("v1"), "v1"}, {2, order.key("v1"), "v1"}};
    for (int i = 0; i < visits; ++i) {
        const std::string visit = visit_id(i);
        expected.emplace_back(i % 3 ? 0 : 1, order.key(visit), visit);
    }
    std::sort(expected.begin(), expected.end());
    std::vector<Entry> seen;
    bool marks_whole = true;
    REQUIRE(store->for_each_ballot_ordered(session, order, [&](Ballot& ballot) {
        seen.emplace_back(order.group(ballot.step), order.key(ballot.visit), ballot.visit);
        if (ballot.visit != "v1" && ballot.step == "themes") {
            const int i = std::stoi(ballot.visit.substr(1));
            marks_whole = marks_whole && ballot.marks.size() == 2 && ballot.marks[0].option == "work" &&
                          ballot.marks[0].value == i % 7 && ballot.marks[1].option == "housing";
        }
        return true;
    }));
    CHECK(seen.size() == expected.size());
    CHECK(seen == expected);
    CHECK(marks_whole);

    sqlite3* db = detail::handle_of(*store);
    const auto pragma = [&](const char* sql) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        const std::int64_t value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    };
    CHECK(pragma("PRAGMA temp_store") == 1);      // FILE: a large sort spills to a file
    CHECK(pragma("PRAGMA cache_size") == -16384);  // the kiosk's cache again after the scan
    // The functions were only there for the sort.
    CHECK(sqlite3_exec(db, "SELECT workshop_ballot_key('v1')", nullptr, nullptr, nullptr) == SQLITE_ERROR);
}

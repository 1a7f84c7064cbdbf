// session_test.cpp — the Session the kiosk drives: resume, casting visits (durable, all or
// nothing), facilitator state, ideas, undo, results, and storage failures it must survive.
#include <cstdio>
#include <set>

#include "sha256.h"  // engine/src: the fingerprint is internal
#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/shown_bars.h"
#include "support/temp_dir.h"
#include "workshop/store.h"
#include "internal_access.h"

using namespace workshop;

namespace {

std::unique_ptr<Session> open_session(const std::string& path, const Scenario& scenario, bool resume = true) {
    SessionOptions options;
    options.kiosk_id = "kiosk-1";
    options.resume = resume;
    auto session = Session::open(path, scenario, options);
    INFO(session.message());
    REQUIRE(session.ok());
    return std::move(*session);
}

std::unique_ptr<Session> open_session(const std::string& path) { return open_session(path, test::scenario()); }

long long count(const std::string& path, const std::string& sql) {
    test::Connection db(path);
    return db.number(sql);
}

}  // namespace

TEST_CASE("a session is created once and resumed when the same scenario file is opened again") {
    test::TempDir dir;
    const std::string path = dir / "resume.db";
    std::int64_t first = 0;
    {
        auto session = open_session(path);
        first = session->id();
        REQUIRE(session->cast_visit(test::visit("v1")));
    }
    {
        auto again = open_session(path);
        CHECK(again->id() == first);
        CHECK(again->visit_count() == 1);
    }
    {
        auto fresh = open_session(path, test::scenario(), false);  // resume off: a new session
        CHECK(fresh->id() != first);
        CHECK(fresh->visit_count() == 0);
    }
    // The newest unfinished session with the same hash is resumed: the fresh one.
    auto latest = open_session(path);
    CHECK(latest->id() == first + 1);
    CHECK(latest->scenario().id == "test-workshop");

    test::Connection db(path);
    CHECK(db.query("SELECT scenario_id, scenario_sha256 = '" + sha256_hex(test::scenario_text()) + "', length(scenario_text)"
                   " FROM sessions WHERE id = 1") ==
          "test-workshop|1|" + std::to_string(test::scenario_text().size()) + "\n");
}

TEST_CASE("another version of the scenario file, or an ended session, starts a new session") {
    test::TempDir dir;
    const std::string path = dir / "versions.db";
    std::int64_t first = 0;
    {
        auto session = open_session(path);
        first = session->id();
    }
    const Scenario changed = test::scenario(test::scenario_text() + "\n# edited\n");
    {
        auto other = open_session(path, changed);
        CHECK(other->id() != first);
    }
    {
        auto original = open_session(path);
        CHECK(original->id() == first);
        REQUIRE(original->end());
        CHECK(original->state() == SessionState::ended);
    }
    auto after_end = open_session(path);
    CHECK(after_end->id() != first);
    CHECK(after_end->state() == SessionState::running);
}

TEST_CASE("a cast visit is committed before cast_visit returns") {
    test::TempDir dir;
    const std::string path = dir / "durable.db";
    auto session = open_session(path);
    const std::string visit = session->new_visit_id();
    REQUIRE(session->cast_visit(test::visit(visit, "resident")));
    CHECK(session->last_storage_error().empty());
    // Another connection (another process, as far as SQLite knows) sees all three ballots.
    test::Connection db(path);
    CHECK(db.query("SELECT step, role, kiosk, source FROM ballots WHERE visit = '" + visit + "' ORDER BY id") ==
          "themes|resident|kiosk-1|kiosk\nagenda|resident|kiosk-1|kiosk\nideas|resident|kiosk-1|kiosk\n");
    CHECK(db.number("SELECT COUNT(*) FROM marks") == 5);
    const std::string cast_at = db.query("SELECT cast_at FROM ballots LIMIT 1");
    CHECK(cast_at.size() == 21);  // "2024-05-01T09:30:00Z\n"
    CHECK(cast_at[10] == 'T');
    CHECK(cast_at[19] == 'Z');
}

TEST_CASE("visit ids are 128-bit random UUIDs (version 4) and differ") {
    test::TempDir dir;
    auto session = open_session(dir / "ids.db");
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = session->new_visit_id();
        REQUIRE(id.size() == 36);  // 8-4-4-4-12 hex digits
        CHECK(id[8] == '-');
        CHECK(id[13] == '-');
        CHECK(id[14] == '4');  // version 4: random, reveals no time
        CHECK(id[18] == '-');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // RFC 4122 variant
        CHECK(id[23] == '-');
        CHECK(id.find_first_not_of("0123456789abcdef-") == std::string::npos);
        ids.insert(id);
    }
    CHECK(ids.size() == 1000);
}

TEST_CASE("a visit with one bad ballot records nothing") {
    test::TempDir dir;
    const std::string path = dir / "atomic.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    const std::string before = test::dump(path);

    SECTION("a rule broken in the last ballot") {
        auto ballots = test::visit("v2");
        ballots[2].marks = {{"idea-2", 1}, {"nope", 1}};
        const Status cast = session->cast_visit(ballots);
        REQUIRE_FALSE(cast);
        CHECK_THAT(cast.message, Catch::Contains("unknown option `nope`"));
    }
    SECTION("too many dots") {
        auto ballots = test::visit("v2");
        ballots[0].marks = {{"housing", 3}, {"work", 3}};
        const Status cast = session->cast_visit(ballots);
        REQUIRE_FALSE(cast);
        CHECK_THAT(cast.message, Catch::Contains("6 dots given, at most 5 allowed"));
    }
    SECTION("the same visit again") {
        const Status cast = session->cast_visit(test::visit("v1"));
        REQUIRE_FALSE(cast);
        CHECK_THAT(cast.message, Catch::Contains("already voted in step `themes`"));
    }
    SECTION("two ballots for one step") {
        auto ballots = test::visit("v2");
        ballots.push_back(test::ballot("v2", "themes", {{"work", 1}}));
        const Status cast = session->cast_visit(ballots);
        REQUIRE_FALSE(cast);
        CHECK_THAT(cast.message, Catch::Contains("two ballots in one visit"));
    }
    SECTION("an info step") {
        const Status cast = session->cast_visit({test::ballot("v2", "intro", {{"x", 1}})});
        REQUIRE_FALSE(cast);
        CHECK_THAT(cast.message, Catch::Contains("info step"));
    }
    SECTION("mixed visit ids") {
        auto ballots = test::visit("v2");
        ballots[1].visit = "v3";
        REQUIRE_FALSE(session->cast_visit(ballots));
    }
    CHECK(test::dump(path) == before);
    CHECK(session->visit_count() == 1);
}

TEST_CASE("a closed step, a paused or an ended session takes no ballots") {
    test::TempDir dir;
    const std::string path = dir / "state.db";
    auto session = open_session(path);
    CHECK(session->step_open("themes"));

    REQUIRE(session->set_step_open("agenda", false));
    CHECK_FALSE(session->step_open("agenda"));
    Status cast = session->cast_visit(test::visit("v1"));
    REQUIRE_FALSE(cast);
    CHECK_THAT(cast.message, Catch::Contains("step `agenda` is closed"));
    // The other steps alone are fine.
    REQUIRE(session->cast_visit({test::visit("v1")[0]}));
    REQUIRE(session->set_step_open("agenda", true));
    REQUIRE(session->cast_visit({test::visit("v1")[1]}));

    REQUIRE(session->pause());
    CHECK(session->state() == SessionState::paused);
    cast = session->cast_visit(test::visit("v2"));
    REQUIRE_FALSE(cast);
    CHECK_THAT(cast.message, Catch::Contains("paused"));
    REQUIRE_FALSE(session->add_idea("ideas", "More trees", "en"));
    REQUIRE(session->resume());
    REQUIRE(session->cast_visit(test::visit("v2")));

    REQUIRE(session->end());
    CHECK_FALSE(session->cast_visit(test::visit("v3")));
    CHECK_FALSE(session->resume());
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 5);
}

TEST_CASE("facilitator state is derived from the append-only audit log and survives a restart") {
    test::TempDir dir;
    const std::string path = dir / "audit.db";
    {
        SessionOptions options;
        options.kiosk_id = "kiosk-1";
        options.actor = "anna";
        auto session = Session::open(path, test::scenario(), options);
        REQUIRE(session.ok());
        REQUIRE((*session)->set_step_open("themes", false));
        REQUIRE((*session)->set_step_open("themes", true));
        REQUIRE((*session)->set_step_open("agenda", false));
        REQUIRE((*session)->set_revealed("themes", true));
        REQUIRE((*session)->set_revealed("themes", true));  // no change: not logged twice
        REQUIRE((*session)->pause());
        REQUIRE((*session)->log_action("note", "coffee break"));
        const Status reserved = (*session)->log_action("step_closed", "sneaky");
        REQUIRE_FALSE(reserved);
        CHECK_FALSE((*session)->set_step_open("nope", false));
    }
    auto session = open_session(path);
    CHECK(session->step_open("themes"));
    CHECK_FALSE(session->step_open("agenda"));
    CHECK(session->revealed("themes"));
    CHECK_FALSE(session->revealed("agenda"));
    CHECK(session->state() == SessionState::paused);

    test::Connection db(path);
    CHECK(db.query("SELECT actor, action, step, detail FROM audit_log WHERE action <> 'session_created'") ==
          "anna|step_closed|themes|\n"
          "anna|step_opened|themes|\n"
          "anna|step_closed|agenda|\n"
          "anna|results_revealed|themes|\n"
          "anna|session_paused||\n"
          "anna|note||coffee break\n");
    CHECK(db.query("SELECT step, open, revealed FROM step_states ORDER BY step") == "agenda|0|0\nthemes|1|1\n");
}

TEST_CASE("ideas get ids idea-N that never clash with an option, and can be hidden") {
    test::TempDir dir;
    const std::string path = dir / "ideas.db";
    auto session = open_session(path);
    auto first = session->add_idea("ideas", "More benches", "en");
    REQUIRE(first.ok());
    CHECK(first->id == "idea-1");
    auto second = session->add_idea("ideas", "Meer bomen", "nl");
    REQUIRE(second.ok());
    CHECK(second->id == "idea-3");  // idea-2 is an option of the step
    CHECK(second->language == "nl");

    auto blank = session->add_idea("ideas", "   ", "en");
    REQUIRE_FALSE(blank.ok());
    CHECK_THAT(blank.message(), Catch::Contains("empty"));
    auto long_one = session->add_idea("ideas", std::string(41, 'x'), "en");
    REQUIRE_FALSE(long_one.ok());
    CHECK_THAT(long_one.message(), Catch::Contains("41 characters long, at most 40"));
    CHECK_FALSE(session->add_idea("themes", "Not here", "en").ok());

    REQUIRE(session->cast_visit({test::ballot("v1", "ideas", {{"idea-1", 1}, {"idea-3", 1}})}));
    REQUIRE(session->cast_visit({test::ballot("v2", "ideas", {{"idea-3", 1}})}));
    StepResult result = session->results("ideas");
    REQUIRE(result.rows.size() == 3);
    CHECK(result.rows[0].option == "idea-3");
    CHECK(result.rows[0].score == 2);
    CHECK(result.rows[0].is_idea);

    REQUIRE(session->set_idea_hidden("ideas", "idea-3", true));
    CHECK(session->ideas("ideas").size() == 1);
    CHECK(session->ideas("ideas", true).size() == 2);
    result = session->results("ideas");
    REQUIRE(result.rows.size() == 2);  // hidden ideas leave the results, their ballots stay valid
    CHECK(result.rows[0].option == "idea-1");
    CHECK(result.ballots == 2);
    CHECK_FALSE(session->set_idea_hidden("ideas", "idea-9", true));
    REQUIRE(session->set_idea_hidden("ideas", "idea-3", false));
    CHECK(session->results("ideas").rows.size() == 3);
}

TEST_CASE("undo voids the last visit cast at the screen and records who did it") {
    test::TempDir dir;
    const std::string path = dir / "void.db";
    auto session = open_session(path);
    CHECK_FALSE(session->void_last_visit("anna"));  // nothing to undo yet
    REQUIRE(session->cast_visit(test::visit("v1", "resident")));
    REQUIRE(session->cast_visit(test::visit("v2", "council")));
    CHECK(session->visit_count() == 2);
    CHECK(session->ballot_counts("themes") == std::map<std::string, int>{{"council", 1}, {"resident", 1}});

    const Outcome<std::string> undone = session->void_last_visit("anna");
    REQUIRE(undone);
    CHECK(*undone == "v2");  // the visit the facilitator is told was undone
    CHECK(session->visit_count() == 1);
    CHECK(session->ballot_counts("themes") == std::map<std::string, int>{{"resident", 1}});
    CHECK(session->results("themes").ballots == 1);

    test::Connection db(path);
    CHECK(db.number("SELECT COUNT(*) FROM ballots") == 6);  // nothing deleted
    CHECK(db.query("SELECT ballot, step, voided_by FROM void_ballots ORDER BY step") ==
          "v2|agenda|anna\nv2|ideas|anna\nv2|themes|anna\n");
    CHECK(db.query("SELECT actor, target, detail FROM audit_log WHERE action = 'visit_voided'") ==
          "anna|v2|3 ballots voided\n");

    REQUIRE(session->void_last_visit("anna"));  // then the one before
    CHECK(session->visit_count() == 0);
    CHECK_FALSE(session->void_last_visit("anna"));
}

TEST_CASE("undo never reaches a ballot another kiosk cast (a hub replica holds those too)") {
    test::TempDir dir;
    const std::string path = dir / "replica.db";
    auto session = open_session(path);  // kiosk-1
    REQUIRE(session->cast_visit(test::visit("mine", "resident")));
    {  // a visit kiosk-2 cast, brought into this file by a pull, newer than ours
        Store::Transaction transaction(detail::store_of(*session), Store::Durability::full);
        for (Ballot ballot : test::visit("theirs", "council")) {
            ballot.kiosk = "kiosk-2";
            ballot.cast_at = "2024-05-01T09:05:00Z";
            REQUIRE(detail::store_of(*session).add_ballot(session->id(), ballot, BallotSource::kiosk).ok());
        }
        REQUIRE(transaction.commit());
    }
    const Outcome<std::string> undone = session->void_last_visit("anna");
    REQUIRE(undone);
    CHECK(*undone == "mine");  // the screen names its own visit, not kiosk-2's newer one
    test::Connection db(path);
    CHECK(db.query("SELECT DISTINCT ballot FROM void_ballots") == "mine\n");
    CHECK_FALSE(session->void_last_visit("anna"));  // kiosk-2's visit is not this screen's to undo
}

TEST_CASE("results and counts are tallied over valid ballots") {
    test::TempDir dir;
    auto session = open_session(dir / "results.db");
    REQUIRE(session->cast_visit({test::ballot("v1", "themes", {{"housing", 3}, {"work", 2}}, "resident"),
                                 test::ballot("v1", "agenda", {{"a", 1}, {"b", 2}, {"c", 3}}, "resident")}));
    REQUIRE(session->cast_visit({test::ballot("v2", "themes", {{"work", 3}, {"language", 1}}, "council"),
                                 test::ballot("v2", "agenda", {{"c", 1}, {"a", 2}}, "council")}));
    REQUIRE(session->cast_visit({test::ballot("v3", "themes", {{"language", 1}})}));

    // Dots: housing 3, work 5, language 2 -> work 1st, housing 2nd, language 3rd.
    const StepResult themes = session->results("themes");
    CHECK(themes.ballots == 3);
    REQUIRE(themes.rows.size() == 3);
    CHECK(themes.rows[0].option == "work");
    CHECK(themes.rows[0].score == 5);
    CHECK(themes.rows[1].option == "housing");
    CHECK(themes.rows[1].score == 3);
    CHECK(themes.rows[2].score == 2);

    // Borda, 4 options: v1 a 3, b 2, c 1; v2 c 3, a 2 -> a 5, c 4, b 2, d 0.
    const StepResult agenda = session->results("agenda");
    REQUIRE(agenda.rows.size() == 4);
    CHECK(agenda.rows[0].option == "a");
    CHECK(agenda.rows[0].score == 5);
    CHECK(agenda.rows[1].option == "c");
    CHECK(agenda.rows[1].score == 4);
    CHECK(agenda.rows[3].option == "d");
    CHECK(agenda.rows[3].score == 0);

    const std::vector<RoleResult> roles = session->results_by_role("themes");
    REQUIRE(roles.size() == 3);  // resident, council, no role
    CHECK(roles[0].role == "resident");
    CHECK(roles[0].result.ballots == 1);
    CHECK(roles[1].role == "council");
    CHECK(roles[1].result.rows[0].option == "work");
    CHECK(roles[1].result.rows[0].score == 3);
    CHECK(roles[2].role.empty());
    CHECK(roles[2].result.ballots == 1);

    CHECK(session->ballot_counts("themes") == std::map<std::string, int>{{"", 1}, {"council", 1}, {"resident", 1}});
    CHECK(session->ballot_counts("ideas").empty());
    CHECK(session->visit_count() == 3);
    CHECK(session->results("intro").rows.empty());
    CHECK(session->results("nope").rows.empty());
}

namespace {

// The test scenario with `[results] min_group_size` set to `size`.
std::unique_ptr<Session> open_with_min_group_size(const std::string& path, int size) {
    Scenario scenario = test::scenario();
    scenario.results.min_group_size = size;
    return open_session(path, scenario);
}

long long score_of(const StepResult& result, const std::string& option) {
    for (const ResultRow& row : result.rows)
        if (row.option == option) return row.score;
    return -1;  // not shown
}

}  // namespace

// A screen keeps the reference instead of copying the results at every arrival (the kiosk's
// results screen): the answer stays where it is, for the same step, until changes() moves.
TEST_CASE("shown_results keeps its answer in place until changes() moves") {
    test::TempDir dir;
    auto session = open_with_min_group_size(dir / "kept.db", 3);
    for (const char* visit : {"v1", "v2", "v3", "v4", "v5", "v6", "v7"})
        REQUIRE(session->cast_visit({test::ballot(visit, "themes", {{"housing", 1}})}));
    const std::uint64_t changes = session->changes();
    const ShownResults* themes = &session->shown_results("themes");
    CHECK(themes->ballots_now == 7);
    for (const Step& step : session->scenario().steps) session->shown_results(step.id);  // the other slides
    (void)session->results("themes");
    (void)session->visible_groups("themes");
    (void)session->ballot_counts("themes");
    REQUIRE(session->changes() == changes);
    CHECK(&session->shown_results("themes") == themes);
    CHECK(themes->ballots_now == 7);
    CHECK(themes->result.ballots == 3);
}

TEST_CASE("while voting is open the shown bars move only in steps of min_group_size, one step behind, exact once closed") {
    test::TempDir dir;
    auto session = open_with_min_group_size(dir / "shown.db", 3);
    const auto cast = [&](const std::string& visit, const std::string& option) {
        REQUIRE(session->cast_visit({test::ballot(visit, "themes", {{option, 1}})}));
    };
    ShownResults shown = session->shown_results("themes");
    CHECK(shown.result.ballots == 0);
    CHECK(shown.in_steps);
    cast("v1", "housing");
    cast("v2", "work");
    shown = session->shown_results("themes");
    CHECK(shown.ballots_now == 2);  // the count is live ...
    CHECK(shown.result.ballots == 0);  // ... the bars are not: v1 and v2 would show one by one
    CHECK(score_of(shown.result, "housing") == 0);
    cast("v3", "work");
    CHECK(session->shown_results("themes").result.ballots == 0);  // one step in: held a step behind
    cast("v4", "language");
    cast("v5", "language");
    cast("v6", "language");
    shown = session->shown_results("themes");
    CHECK(shown.result.ballots == 3);  // two steps in: the first three show
    CHECK(score_of(shown.result, "work") == 2);
    CHECK(score_of(shown.result, "housing") == 1);
    CHECK(score_of(shown.result, "language") == 0);

    REQUIRE(session->void_last_visit("anna"));  // v6 undone: 5 valid ballots, fewer than two steps
    shown = session->shown_results("themes");
    CHECK(shown.ballots_now == 5);
    CHECK(shown.result.ballots == 0);
    cast("v7", "language");
    shown = session->shown_results("themes");
    CHECK(shown.result.ballots == 3);  // v1 housing, v2 and v3 work
    CHECK(score_of(shown.result, "work") == 2);
    cast("v8", "housing");
    cast("v9", "housing");
    CHECK(session->shown_results("themes").result.ballots == 3);  // 8 now: still held
    cast("v10", "work");
    shown = session->shown_results("themes");
    CHECK(shown.result.ballots == 6);  // v1 housing, v2 v3 work, v4 v5 v7 language
    CHECK(score_of(shown.result, "language") == 3);
    CHECK(score_of(shown.result, "work") == 2);
    CHECK(score_of(shown.result, "housing") == 1);

    // Closed at 10: the exact results differ from the last held bars by four ballots, never by
    // one (had the bars held the first 9, closing would show v10 alone as the change).
    cast("v11", "work");
    CHECK(session->shown_results("themes").result.ballots == 6);
    REQUIRE(session->set_step_open("themes", false));
    shown = session->shown_results("themes");
    CHECK_FALSE(shown.in_steps);
    CHECK(shown.result.ballots == 10);  // closed: exact
    CHECK(score_of(shown.result, "housing") == 3);
    CHECK(score_of(shown.result, "work") == 4);
    CHECK(score_of(shown.result, "language") == 3);
}

TEST_CASE("bars first shown after fewer than min_group_size ballots count none yet, in the file's order") {
    test::TempDir dir;
    auto session = open_with_min_group_size(dir / "first-shown.db", 3);
    // The first voter votes, then the facilitator reveals: that one ballot must not show.
    REQUIRE(session->cast_visit({test::ballot("v1", "themes", {{"language", 3}})}));
    ShownResults shown = session->shown_results("themes");
    CHECK(shown.ballots_now == 1);
    CHECK(shown.result.ballots == 0);
    CHECK(shown.groups.empty());
    REQUIRE(shown.result.rows.size() == 3);
    CHECK(shown.result.rows[0].option == "housing");  // not "language" first, as its dots would rank it
    CHECK(shown.result.rows[1].option == "work");
    CHECK(shown.result.rows[2].option == "language");
    for (const ResultRow& row : shown.result.rows) CHECK(row.score == 0);
    REQUIRE(session->cast_visit({test::ballot("v2", "themes", {{"work", 1}})}));
    REQUIRE(session->cast_visit({test::ballot("v3", "themes", {{"work", 1}})}));
    CHECK(session->shown_results("themes").result.ballots == 0);  // a step of three: held a step behind
    for (const char* visit : {"v4", "v5", "v6"}) REQUIRE(session->cast_visit({test::ballot(visit, "themes", {{"housing", 1}})}));
    shown = session->shown_results("themes");
    CHECK(shown.result.ballots == 3);  // two steps: the first three move in
    CHECK(score_of(shown.result, "language") == 3);
    CHECK(score_of(shown.result, "work") == 2);
    CHECK(score_of(shown.result, "housing") == 0);
    // Another screen (or this one restarted) first showing six or more shows them at once.
    auto other = open_with_min_group_size(dir / "first-shown.db", 3);
    CHECK(other->shown_results("themes").result.ballots == 3);
}

namespace {

using test::bars_of;

// A screen on `path` with min_group_size 3, voting as kiosk `kiosk` (on a hub: `hub`).
std::unique_ptr<Session> screen_of(const std::string& path, const std::string& kiosk, bool hub = false) {
    Scenario scenario = test::scenario();
    scenario.results.min_group_size = 3;
    SessionOptions options;
    options.kiosk_id = kiosk;
    options.hub = hub;
    auto session = Session::open(path, scenario, options);
    REQUIRE(session.ok());
    return std::move(*session);
}

void cast_theme(Session& session, const std::string& visit, const std::string& option, const char* role = "resident") {
    REQUIRE(session.cast_visit({test::ballot(visit, "themes", {{option, 1}}, role, "en")}));
}

}  // namespace

// Held points belong to the ballots, not to a screen: two screens that first showed the step a
// ballot apart (a reveal reaching them at different moments) must not show bars one ballot apart.
TEST_CASE("two screens that first show a step at 7 and at 8 ballots show the same held bars") {
    test::TempDir dir;
    const std::string path = dir / "two-screens.db";
    auto a = screen_of(path, "kiosk-1");
    auto b = screen_of(path, "kiosk-1");
    const char* options[] = {"housing", "work", "work", "language", "language", "language", "language"};
    for (int i = 0; i < 7; ++i) cast_theme(*a, "v" + std::to_string(i + 1), options[i]);
    const std::string first_three = "3/7: work=2 housing=1 language=0, groups 3";  // v1-v3, all residents
    CHECK(bars_of(a->shown_results("themes")) == first_three);
    cast_theme(*a, "v8", "language");
    CHECK(bars_of(b->shown_results("themes")) == "3/8: work=2 housing=1 language=0, groups 3");
    CHECK(bars_of(a->shown_results("themes")) == bars_of(b->shown_results("themes")));
    cast_theme(*b, "v9", "language", "council");
    // Nine in: the first six, residents all (the council's one ballot is not among them).
    const std::string first_six = "6/9: language=3 work=2 housing=1, groups 6";
    CHECK(bars_of(a->shown_results("themes")) == first_six);
    CHECK(bars_of(b->shown_results("themes")) == first_six);
}

TEST_CASE("a screen opened afresh after 10 ballots shows the held bars of the first 6, as the screen that saw them come") {
    test::TempDir dir;
    const std::string path = dir / "restart.db";
    auto running = screen_of(path, "kiosk-1");
    const char* options[] = {"housing", "housing", "work", "language", "work", "housing",
                             "language", "work", "work", "language"};
    for (int i = 0; i < 10; ++i) {
        cast_theme(*running, "v" + std::to_string(i + 1), options[i]);
        running->shown_results("themes");  // the screen looks after every ballot
    }
    const std::string six = "6/10: housing=3 work=2 language=1, groups 6";
    CHECK(bars_of(running->shown_results("themes")) == six);
    CHECK(bars_of(screen_of(path, "kiosk-1")->shown_results("themes")) == six);
}

TEST_CASE("held bars after an undo are those of the valid ballots, on every screen alike") {
    test::TempDir dir;
    const std::string path = dir / "undo.db";
    auto screen = screen_of(path, "kiosk-1");
    const char* options[] = {"housing", "work", "work", "language", "language", "housing",
                             "work", "language", "housing", "work"};
    for (int i = 0; i < 10; ++i) cast_theme(*screen, "v" + std::to_string(i + 1), options[i]);
    CHECK(bars_of(screen->shown_results("themes")) == "6/10: housing=2 work=2 language=2, groups 6");
    REQUIRE(screen->void_last_visit("facilitator"));  // v10: 9 valid, still three steps: nothing moves
    CHECK(bars_of(screen->shown_results("themes")) == "6/9: housing=2 work=2 language=2, groups 6");
    REQUIRE(screen->void_last_visit("facilitator"));  // v9: 8 valid, two steps: back to the first three
    const std::string three = "3/8: work=2 housing=1 language=0, groups 3";
    CHECK(bars_of(screen->shown_results("themes")) == three);
    CHECK(bars_of(screen_of(path, "kiosk-1")->shown_results("themes")) == three);
    cast_theme(*screen, "v11", "language");
    CHECK(bars_of(screen->shown_results("themes")) == "6/9: housing=2 work=2 language=2, groups 6");
}

// The session's ballot order: the hub's numbers first (every kiosk of the session has them
// alike), then this file's ballots without one, in row order.
TEST_CASE("held bars follow the hub's order, and a screen that held unnumbered ballots follows when they get numbers") {
    // A hub kiosk keeps its own held ballots whole until they have hub numbers; another reads
    // the step again: both must give the same bars.
    const bool hub = GENERATE(false, true);
    INFO("on a hub: " << hub);
    test::TempDir dir;
    const std::string path = dir / "hub-order.db";
    auto screen = screen_of(path, "kiosk-1", hub);
    auto pulled = screen_of(path, "kiosk-2");  // its rows stand for another kiosk's, pulled
    for (const char* visit : {"p1", "p2", "p3"}) cast_theme(*pulled, visit, "language");  // rows 1 to 3
    test::Connection db(path);
    const std::string session = std::to_string(screen->id());
    const auto number = [&](const std::vector<std::pair<int, int>>& seq_row) {  // as a pull records them
        std::string values;
        for (const auto& [seq, row] : seq_row)
            values += (values.empty() ? "(" : ", (") + std::to_string(seq) + ", " + session + ", 'ballot', " +
                      std::to_string(row) + ")";
        REQUIRE(db.exec("INSERT INTO hub_rows (seq, session, kind, row) VALUES " + values) == SQLITE_OK);
    };
    number({{1, 1}, {2, 2}, {3, 3}});
    cast_theme(*screen, "own1", "housing");  // rows 4 and 5: this kiosk's, not yet through the hub
    cast_theme(*screen, "own2", "housing");
    cast_theme(*pulled, "b1", "work");  // row 6
    CHECK(bars_of(screen->shown_results("themes")) == "3/6: language=3 housing=0 work=0, groups 3");
    cast_theme(*pulled, "b2", "work");  // rows 7 to 9
    cast_theme(*pulled, "b3", "work");
    cast_theme(*pulled, "x1", "language");
    // Nine in, none of the last six numbered: the first six by row are p1-p3, own1, own2, b1.
    CHECK(bars_of(screen->shown_results("themes")) == "6/9: language=3 housing=2 work=1, groups 6");
    // b1-b3 get their numbers first: the held six are p1-p3 and b1-b3, here and on a fresh screen.
    number({{4, 6}, {5, 7}, {6, 8}});
    const std::string theirs = "6/9: work=3 language=3 housing=0, groups 6";
    CHECK(bars_of(screen->shown_results("themes")) == theirs);
    CHECK(bars_of(screen_of(path, "kiosk-1")->shown_results("themes")) == theirs);
    // This kiosk's own get numbers after them: nothing moves; three more hold nine.
    number({{7, 4}, {8, 5}});
    CHECK(bars_of(screen->shown_results("themes")) == theirs);
    for (const char* visit : {"own3", "own4", "own5"}) cast_theme(*screen, visit, "language");
    CHECK(bars_of(screen->shown_results("themes")) == "9/12: language=4 work=3 housing=2, groups 9");
}

TEST_CASE("an idea the facilitator hides leaves held bars at once, and min_group_size 1 moves with every ballot") {
    test::TempDir dir;
    auto session = open_with_min_group_size(dir / "shown-ideas.db", 1);
    REQUIRE(session->add_idea("ideas", "More benches", "en"));
    REQUIRE(session->add_idea("ideas", "Meer bomen", "nl"));
    REQUIRE(session->cast_visit({test::ballot("v1", "ideas", {{"idea-1", 1}})}));
    ShownResults shown = session->shown_results("ideas");
    CHECK_FALSE(shown.in_steps);
    CHECK(score_of(shown.result, "idea-1") == 1);

    session.reset();
    session = open_with_min_group_size(dir / "shown-ideas.db", 5);
    shown = session->shown_results("ideas");
    REQUIRE(shown.result.ballots == 0);  // first shown with fewer than 5 in: none counted
    REQUIRE(score_of(shown.result, "idea-1") == 0);
    REQUIRE(session->cast_visit({test::ballot("v2", "ideas", {{"idea-3", 1}})}));
    REQUIRE(session->set_idea_hidden("ideas", "idea-1", true));
    shown = session->shown_results("ideas");
    CHECK(shown.result.ballots == 0);  // held: v2 is not shown
    CHECK(score_of(shown.result, "idea-1") == -1);  // but the hidden idea is gone
    CHECK(score_of(shown.result, "idea-3") == 0);
    CHECK(score_of(shown.result, "idea-2") == 0);  // the step's own option stays

    // A new idea shows at once, with nothing counted for it until the bars move.
    REQUIRE(session->cast_visit({test::ballot("v3", "ideas", {{"idea-3", 1}})}));
    const Outcome<Idea> fresh = session->add_idea("ideas", "A bench by the quay", "en");
    REQUIRE(fresh);
    REQUIRE(session->cast_visit({test::ballot("v4", "ideas", {{fresh->id, 1}})}));
    shown = session->shown_results("ideas");
    CHECK(shown.result.ballots == 0);
    CHECK(shown.ballots_now == 4);
    CHECK(score_of(shown.result, fresh->id) == 0);
    CHECK(shown.result.rows.back().option == fresh->id);
    CHECK(shown.result.rows.back().position == 1);  // level with idea-3 and idea-2: none counted yet
    CHECK(shown.result.rows.front().position == 1);  // idea-1 (1st) is hidden: the rest move up
}

TEST_CASE("an idea the facilitator hides leaves the held groups of 'by group' at once too") {
    test::TempDir dir;
    auto session = open_with_min_group_size(dir / "shown-groups.db", 2);
    REQUIRE(session->add_idea("ideas", "More benches", "en"));
    REQUIRE(session->cast_visit({test::ballot("v1", "ideas", {{"idea-1", 1}}, "resident")}));
    REQUIRE(session->cast_visit({test::ballot("v2", "ideas", {{"idea-1", 1}}, "resident")}));
    REQUIRE(session->cast_visit({test::ballot("v3", "ideas", {{"idea-2", 1}}, "resident")}));
    REQUIRE(session->cast_visit({test::ballot("v4", "ideas", {{"idea-2", 1}}, "resident")}));
    ShownResults shown = session->shown_results("ideas");  // two steps of two: the first two show
    REQUIRE(shown.groups.size() == 1);
    CHECK(score_of(shown.groups.front().result, "idea-1") == 2);
    CHECK(score_of(shown.groups.front().result, "idea-2") == 0);
    REQUIRE(session->cast_visit({test::ballot("v5", "ideas", {{"idea-2", 1}}, "resident")}));
    REQUIRE(session->set_idea_hidden("ideas", "idea-1", true));
    shown = session->shown_results("ideas");
    CHECK(shown.result.ballots == 2);  // held
    REQUIRE(shown.groups.size() == 1);
    CHECK(score_of(shown.groups.front().result, "idea-1") == -1);
    CHECK(score_of(shown.groups.front().result, "idea-2") == 0);
}

TEST_CASE("ballots another program records show up in the session") {
    test::TempDir dir;
    const std::string path = dir / "shared.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    CHECK(session->ballot_counts("themes") == std::map<std::string, int>{{"", 1}});
    {
        auto other = Store::open(path);
        REQUIRE(other.ok());
        Store::Transaction transaction(**other, Store::Durability::full);
        Ballot paper = test::ballot("paper-1", "themes", {{"work", 1}}, "council");
        paper.cast_at = "2024-05-01T09:00:00Z";
        paper.kiosk = "paper";
        REQUIRE((*other)->add_ballot(session->id(), paper, BallotSource::import).ok());
        REQUIRE(transaction.commit());
    }
    CHECK(session->ballot_counts("themes") == std::map<std::string, int>{{"", 1}, {"council", 1}});
    CHECK(session->visit_count() == 2);
}

TEST_CASE("a screen that checks once per frame sees another program's writes at its next check") {
    test::TempDir dir;
    const std::string path = dir / "shared.db";
    auto session = open_session(path);
    session->set_check_each_read(false);
    CHECK_FALSE(session->revealed("themes"));
    CHECK(session->visit_count() == 0);
    {
        auto other = open_session(path);  // the same session, opened by another program
        REQUIRE(other->id() == session->id());
        REQUIRE(other->set_revealed("themes", true));
        REQUIRE(other->cast_visit(test::visit("elsewhere")));
    }
    CHECK_FALSE(session->revealed("themes"));  // not asked yet: the frame's answers stay as they were
    CHECK(session->visit_count() == 0);
    session->check_for_changes();
    CHECK(session->revealed("themes"));
    CHECK(session->visit_count() == 1);
    // Its own writes show at once, checked or not.
    REQUIRE(session->set_revealed("agenda", true));
    CHECK(session->revealed("agenda"));
    REQUIRE(session->cast_visit(test::visit("here")));
    CHECK(session->visit_count() == 2);
}

// What a results screen shows of a step: the ballots, then each row's option, score and place.
std::string shown(const StepResult& result) {
    std::string out = std::to_string(result.ballots) + ":";
    for (const ResultRow& row : result.rows)
        out += " " + row.option + "=" + std::to_string(row.score) + "@" + std::to_string(row.position);
    return out;
}

std::string shown(const std::vector<RoleGroup>& groups) {
    std::string out;
    for (const RoleGroup& group : groups) out += "[" + (group.roles.empty() ? "" : group.roles.front()) + "] " + shown(group.result);
    return out;
}

// One file, seen by a screen that reads only what is new (check_for_changes) and written by
// another session, as a hub pull writes another kiosk's rows into it.
struct SharedFile {
    test::TempDir dir;
    std::string path;
    std::unique_ptr<Session> screen;
    std::unique_ptr<Session> other;
    explicit SharedFile(const char* name) : path(dir / name), screen(open_session(path)), other(open_session(path)) {
        screen->set_check_each_read(false);
    }
};

// The streaming tallies (session.cpp): after another program's writes only the new ballots are
// read; what the screen shows must still equal a fresh tally, voids and ideas included.
TEST_CASE("results follow another program's ballots, voids and ideas exactly as a fresh tally does") {
    SharedFile file("live.db");
    const std::string& path = file.path;
    auto& screen = file.screen;
    auto& other = file.other;
    const auto same_as_fresh = [&](const std::string& step) {
        screen->check_for_changes();
        auto fresh = open_session(path);
        CHECK(shown(screen->results(step)) == shown(fresh->results(step)));
        CHECK(shown(screen->visible_groups(step)) == shown(fresh->visible_groups(step)));
        return shown(screen->results(step));
    };
    REQUIRE(other->cast_visit(test::visit("v1", "council")));
    CHECK(same_as_fresh("themes") == "1: housing=3@1 work=2@2 language=0@3");
    REQUIRE(other->cast_visit({test::ballot("v2", "themes", {{"work", 3}, {"language", 1}}, "resident", "en")}));
    CHECK(same_as_fresh("themes") == "2: work=5@1 housing=3@2 language=1@3");
    REQUIRE(other->void_last_visit("facilitator"));  // undo at the other kiosk: v2 is void
    CHECK(same_as_fresh("themes") == "1: housing=3@1 work=2@2 language=0@3");
    // An idea typed elsewhere, voted for, then hidden by the facilitator.
    auto idea = other->add_idea("ideas", "More benches", "en");
    REQUIRE(idea.ok());
    CHECK(same_as_fresh("ideas") == "1: idea-2=1@1 " + idea->id + "=0@2");
    REQUIRE(other->cast_visit({test::ballot("v3", "ideas", {{idea->id, 1}}, "council", "en")}));
    CHECK(same_as_fresh("ideas") == "2: idea-2=1@1 " + idea->id + "=1@1");
    REQUIRE(other->set_idea_hidden("ideas", idea->id, true));
    CHECK(same_as_fresh("ideas") == "2: idea-2=1@1");
    // This session's own cast counts at once, on top of what it had.
    REQUIRE(screen->cast_visit({test::ballot("v4", "themes", {{"language", 2}}, "resident", "en")}));
    CHECK(shown(screen->results("themes")) == "2: housing=3@1 work=2@2 language=2@2");
}

// A hub pull writes many visits between two checks of the screen (10 a second from other
// kiosks, one check a quarter second): they are read as one batch, once per change, and the
// total and the groups of one frame come from the same reading.
TEST_CASE("ballots that arrive in a batch between two checks give the tally a fresh one does, total and groups alike") {
    SharedFile file("batch.db");
    auto& screen = file.screen;
    auto& other = file.other;
    int n = 0;
    const auto arrive = [&](int visits) {
        for (int i = 0; i < visits; ++i, ++n)
            REQUIRE(other->cast_visit({test::ballot("b" + std::to_string(n), "themes", {{n % 3 ? "work" : "housing", 1 + n % 3}},
                                                    n % 2 ? "council" : "resident", "en")}));
    };
    const auto sum_of_groups = [](const std::vector<RoleGroup>& groups) {
        int ballots = 0;
        for (const RoleGroup& g : groups) ballots += g.result.ballots;
        return ballots;
    };
    arrive(12);
    screen->check_for_changes();
    CHECK(shown(screen->results("themes")) == "12: work=20@1 housing=4@2 language=0@3");
    CHECK(sum_of_groups(screen->visible_groups("themes")) == 12);
    // Another batch lands between the total and the groups of the next frame (the sync thread
    // commits whenever it pulls): both still show the file as of the frame's check.
    arrive(7);
    screen->check_for_changes();
    CHECK(screen->results("themes").ballots == 19);
    arrive(5);
    CHECK(sum_of_groups(screen->visible_groups("themes")) == 19);
    CHECK(screen->results("themes").ballots == 19);
    // At the next check all of it, as a fresh tally over the whole file has it.
    screen->check_for_changes();
    auto fresh = open_session(file.path);
    CHECK(shown(screen->results("themes")) == shown(fresh->results("themes")));
    CHECK(shown(screen->visible_groups("themes")) == shown(fresh->visible_groups("themes")));
    CHECK(screen->results("themes").ballots == 24);
    CHECK(sum_of_groups(screen->visible_groups("themes")) == 24);
}

// Everything a screen reads of a session, for comparing a snapshot with a fresh reading.
std::string shown_session(const Session& session) {
    std::string out = std::string(to_string(session.state())) + "; " + std::to_string(session.visit_count()) + " visits";
    for (const Step& step : session.scenario().steps) {
        out += "\n" + step.id + (session.step_open(step.id) ? " open" : " closed") + (session.revealed(step.id) ? " revealed" : "");
        for (const Idea& idea : session.ideas(step.id, true)) out += " [" + idea.id + (idea.hidden ? " hidden]" : "]");
        if (!step.takes_ballots()) continue;
        out += " " + shown(session.results(step.id)) + " |" + shown(session.visible_groups(step.id)) + " |";
        for (const auto& [role, n] : session.ballot_counts(step.id)) out += " " + role + "=" + std::to_string(n);
    }
    return out;
}

namespace {

std::unique_ptr<Session> reader_of(Session& screen) {
    auto opened = screen.open_reader();
    REQUIRE(opened.ok());
    return std::move(*opened);
}

}  // namespace

// The kiosk with a hub reads other kiosks' rows on a thread of its own (a reader) and the screen
// only adopts the snapshot: it must say what a fresh reading of the file says at that moment,
// however the rows arrived (one by one, a batch while the reader read, a void, an idea, a reveal).
TEST_CASE("a reader's snapshot, adopted by the screen, equals a fresh reading of the file, batches and voids included") {
    SharedFile file("reader.db");
    auto& screen = file.screen;
    auto& other = file.other;
    std::unique_ptr<Session> reader = reader_of(*screen);
    int n = 0;
    const auto arrive = [&](int visits) {
        for (int i = 0; i < visits; ++i, ++n)
            REQUIRE(other->cast_visit({test::ballot("r" + std::to_string(n), "themes", {{n % 3 ? "work" : "housing", 1 + n % 3}},
                                                    n % 2 ? "council" : "resident", "en")}));
    };
    const auto fresh = [&] { return shown_session(*open_session(file.path)); };
    arrive(12);
    REQUIRE(screen->adopt(reader->snapshot()));
    CHECK(screen->results("themes").ballots == 12);
    CHECK(shown_session(*screen) == fresh());
    // A batch lands after the reading: the screen shows the file as the snapshot saw it (it
    // does not read the file itself), and the next snapshot brings all of it.
    arrive(7);
    auto snapshot = reader->snapshot();
    const std::string at_snapshot = fresh();
    arrive(5);
    const std::uint64_t before = screen->changes();
    REQUIRE(screen->adopt(snapshot));
    CHECK(screen->changes() != before);
    CHECK(screen->results("themes").ballots == 19);
    CHECK(shown_session(*screen) == at_snapshot);
    REQUIRE(screen->adopt(reader->snapshot()));
    CHECK(screen->results("themes").ballots == 24);
    CHECK(shown_session(*screen) == fresh());
    // Another kiosk's undo (a void: the tallies start again), an idea, a vote for it, a reveal.
    REQUIRE(other->void_last_visit("facilitator"));
    auto idea = other->add_idea("ideas", "More benches", "en");
    REQUIRE(idea.ok());
    REQUIRE(other->cast_visit({test::ballot("r-idea", "ideas", {{idea->id, 1}}, "council", "en")}));
    REQUIRE(other->set_revealed("themes", true));
    REQUIRE(other->set_step_open("agenda", false));
    REQUIRE(screen->adopt(reader->snapshot()));
    CHECK(screen->results("themes").ballots == 23);
    CHECK(screen->revealed("themes"));
    CHECK_FALSE(screen->step_open("agenda"));
    CHECK(screen->has_idea("ideas", idea->id));
    CHECK(shown_session(*screen) == fresh());
}

// A snapshot is read while the screen goes on: one begun before the screen's own write lacks
// that write and is refused; after the write the screen answers from the file at once.
TEST_CASE("a snapshot never hides the screen's own newer write") {
    SharedFile file("own.db");
    auto& screen = file.screen;
    auto& other = file.other;
    std::unique_ptr<Session> reader = reader_of(*screen);
    REQUIRE(other->cast_visit({test::ballot("o1", "themes", {{"work", 1}}, "council", "en")}));
    REQUIRE(other->set_revealed("themes", true));
    REQUIRE(screen->adopt(reader->snapshot()));
    CHECK(screen->revealed("themes"));
    auto old = reader->snapshot();
    REQUIRE(screen->cast_visit({test::ballot("own1", "themes", {{"housing", 3}}, "resident", "en")}));
    CHECK(screen->writes() == old->writes + 1);
    CHECK_FALSE(screen->adopt(old));
    CHECK(shown(screen->results("themes")) == "2: housing=3@1 work=1@2 language=0@3");
    CHECK(screen->revealed("themes"));  // the flags the snapshot brought stay, read again from the file
    CHECK(screen->visit_count() == 2);
    // A snapshot begun after the write has it.
    auto newer = reader->snapshot();
    CHECK(newer->writes == screen->writes());
    REQUIRE(screen->adopt(newer));
    CHECK(shown_session(*screen) == shown_session(*open_session(file.path)));
    // And the next own write shows at once, without waiting for the reader.
    REQUIRE(screen->cast_visit({test::ballot("own2", "themes", {{"language", 2}}, "resident", "en")}));
    CHECK(shown(screen->results("themes")) == "3: housing=3@1 language=2@2 work=1@3");
    // An undo here right after a snapshot brought a reveal made elsewhere: the reveal stays.
    REQUIRE(other->set_revealed("agenda", true));
    REQUIRE(screen->adopt(reader->snapshot()));
    REQUIRE(screen->void_last_visit("facilitator"));
    CHECK(screen->revealed("agenda"));
    CHECK(shown(screen->results("themes")) == "2: housing=3@1 work=1@2 language=0@3");
}

// The kiosk where the facilitator revealed the step wrote to the file itself, so its screen
// read the results from the file once; the ballots other kiosks cast afterwards reach it only
// through the reader's snapshots, and must still move the count, the groups and (in steps of
// min_group_size while voting is open) the bars.
TEST_CASE("after the screen's own write, adopted snapshots still move its results, groups and shown bars") {
    SharedFile file("after-own.db");
    auto& screen = file.screen;
    auto& other = file.other;
    std::unique_ptr<Session> reader = reader_of(*screen);
    REQUIRE(screen->set_revealed("themes", true));
    CHECK(screen->results("themes").ballots == 0);
    CHECK(screen->visible_groups("themes").empty());
    CHECK(screen->shown_results("themes").ballots_now == 0);
    const int step = file.screen->scenario().results.min_group_size;
    REQUIRE(step == 5);  // the test scenario's: the bars below move at 10 and 15, a step behind
    for (int n = 1; n <= 16; ++n) {
        REQUIRE(other->cast_visit({test::ballot("a" + std::to_string(n), "themes", {{n <= 5 ? "work" : "housing", 1}},
                                                n % 2 ? "council" : "resident", "en")}));
        REQUIRE(screen->adopt(reader->snapshot()));
        const ShownResults bars = screen->shown_results("themes");
        CHECK(bars.ballots_now == n);
        CHECK(bars.result.ballots == std::max(0, n / step - 1) * step);
    }
    CHECK(shown(screen->results("themes")) == "16: housing=11@1 work=5@2 language=0@3");
    CHECK(score_of(screen->shown_results("themes").result, "housing") == 5);  // the bars of 10 ballots
    CHECK(shown_session(*screen) == shown_session(*open_session(file.path)));
}

// The facilitator's counts as its home screen shows them: visits, then each step's ballots per
// role ("-" = none), from `visits` and `ballots` of step.
template <typename Visits, typename Ballots>
std::string shown_counts(Visits visits, Ballots ballots) {
    std::string out = std::to_string(visits()) + " visits;";
    for (const char* step : {"themes", "agenda", "ideas"}) {
        out += std::string(" ") + step + ":";
        for (const auto& [role, n] : ballots(step)) out += " " + (role.empty() ? std::string("-") : role) + "=" + std::to_string(n);
    }
    return out;
}

// The live counts (session.cpp): after another program's writes only the ballots recorded since
// are counted; what the facilitator sees must still equal a fresh count over the whole file.
TEST_CASE("the facilitator's counts follow another program's ballots and voids exactly as a fresh count does") {
    SharedFile file("counts.db");
    const std::string& path = file.path;
    auto& screen = file.screen;
    auto& other = file.other;
    const std::int64_t session = screen->id();
    const auto same_as_fresh = [&] {
        screen->check_for_changes();
        auto fresh = Store::open(path, Store::OpenMode::existing);  // counted whole, by other queries
        REQUIRE(fresh.ok());
        const std::string expected = shown_counts([&] { return *(*fresh)->visit_count(session); },
                                                  [&](const std::string& step) { return *(*fresh)->ballot_counts(session, step); });
        const std::string counted = shown_counts([&] { return screen->visit_count(); },
                                                 [&](const std::string& step) { return screen->ballot_counts(step); });
        CHECK(counted == expected);
        return counted;
    };
    // One ballot of visit `visit` for `step`, committed on its own (a pull's window may end
    // between two ballots of one visit).
    const auto pulled = [&](const std::string& visit, const std::string& step, const std::string& role) {
        Store& store = detail::store_of(*other);
        Store::Transaction transaction(store, Store::Durability::full);
        Ballot ballot = test::ballot(visit, step, {{step == "themes" ? "work" : step == "agenda" ? "a" : "idea-2", 1}}, role, "en");
        ballot.kiosk = "kiosk-2";
        ballot.cast_at = "2024-05-01T09:05:00Z";
        REQUIRE(store.add_ballot(session, ballot, BallotSource::kiosk).ok());
        REQUIRE(transaction.commit());
    };
    CHECK(same_as_fresh() == "0 visits; themes: agenda: ideas:");
    REQUIRE(other->cast_visit(test::visit("v1", "council")));
    CHECK(same_as_fresh() == "1 visits; themes: council=1 agenda: council=1 ideas: council=1");
    pulled("v2", "themes", "resident");
    CHECK(same_as_fresh() == "2 visits; themes: council=1 resident=1 agenda: council=1 ideas: council=1");
    pulled("v2", "agenda", "resident");  // the same visit's next ballot: not another visit
    CHECK(same_as_fresh() == "2 visits; themes: council=1 resident=1 agenda: council=1 resident=1 ideas: council=1");
    {  // another session of the same file counts for itself only
        auto next = open_session(path, test::scenario(), false);
        REQUIRE(next->id() != session);
        REQUIRE(next->cast_visit(test::visit("elsewhere", "council")));
    }
    REQUIRE(other->cast_visit(test::visit("v3")));
    CHECK(same_as_fresh() == "3 visits; themes: -=1 council=1 resident=1 agenda: -=1 council=1 resident=1 ideas: -=1 council=1");
    REQUIRE(other->void_last_visit("facilitator"));  // undo at the other kiosk: v3 is void
    CHECK(same_as_fresh() == "2 visits; themes: council=1 resident=1 agenda: council=1 resident=1 ideas: council=1");
    // v2's last ballot, late, after its visit's other ballots were voided: v2 counts again, once.
    REQUIRE(other->void_last_visit("facilitator").ok());  // v1 (v2 came from kiosk-2)
    {
        Store& store = detail::store_of(*other);
        Store::Transaction transaction(store, Store::Durability::full);
        REQUIRE(store.void_visit(session, "v2", "facilitator", "2024-05-01T09:06:00Z", "test").ok());
        REQUIRE(transaction.commit());
    }
    CHECK(same_as_fresh() == "0 visits; themes: agenda: ideas:");
    pulled("v2", "ideas", "resident");
    CHECK(same_as_fresh() == "1 visits; themes: agenda: ideas: resident=1");
    // This session's own cast counts at once, on top of what it had.
    REQUIRE(screen->cast_visit({test::ballot("v4", "themes", {{"language", 2}}, "resident", "en")}));
    CHECK(screen->visit_count() == 2);
    CHECK(screen->ballot_counts("themes") == std::map<std::string, int>{{"resident", 1}});
    CHECK(same_as_fresh() == "2 visits; themes: resident=1 agenda: ideas: resident=1");
}

TEST_CASE("a read-only database refuses the visit clearly, loses nothing, and recovers") {
    test::TempDir dir;
    const std::string path = dir / "readonly.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    const std::string before = test::dump(path);

    // query_only makes this connection read-only, as a file made read-only would (even for root).
    REQUIRE(sqlite3_exec(detail::handle_of(detail::store_of(*session)), "PRAGMA query_only = ON", nullptr, nullptr, nullptr) == SQLITE_OK);
    const Status refused = session->cast_visit(test::visit("v2"));
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("is read-only: make the file and its folder writable"));
    CHECK(session->last_storage_error() == refused.message);
    CHECK_FALSE(session->pause());
    CHECK(test::dump(path) == before);
    CHECK(session->visit_count() == 1);

    REQUIRE(sqlite3_exec(detail::handle_of(detail::store_of(*session)), "PRAGMA query_only = OFF", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(session->cast_visit(test::visit("v2")));  // the same visit, retried
    CHECK(session->last_storage_error().empty());
    CHECK(session->visit_count() == 2);
}

TEST_CASE("a full disk refuses the visit clearly, loses nothing, and recovers") {
    test::TempDir dir;
    const std::string path = dir / "full.db";
    auto session = open_session(path);
    sqlite3* db = detail::handle_of(detail::store_of(*session));
    test::Connection reader(path);
    const long long pages = reader.number("PRAGMA page_count");
    // The file may not grow: the next visit that needs a new page fails as on a full disk.
    REQUIRE(sqlite3_exec(db, ("PRAGMA max_page_count = " + std::to_string(pages)).c_str(), nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    Status cast;
    int recorded = 0;
    std::string failed_visit;
    for (int i = 0; i < 10000 && cast; ++i) {
        const std::string id = "v" + std::to_string(i);
        cast = session->cast_visit(test::visit(id));
        if (cast)
            ++recorded;
        else
            failed_visit = id;
    }
    REQUIRE_FALSE(cast);
    CHECK_THAT(cast.message, Catch::Contains("is full: free some space, then try again"));
    CHECK(session->last_storage_error() == cast.message);
    // Every visit confirmed before is there, complete; the failed one left no trace.
    CHECK(reader.number("SELECT COUNT(*) FROM ballots") == 3LL * recorded);
    CHECK(reader.number("SELECT COUNT(*) FROM ballots WHERE visit = '" + failed_visit + "'") == 0);
    CHECK(reader.query("PRAGMA integrity_check") == "ok\n");

    REQUIRE(sqlite3_exec(db, "PRAGMA max_page_count = 1000000", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(session->cast_visit(test::visit(failed_visit)));
    CHECK(session->last_storage_error().empty());
    CHECK(reader.number("SELECT COUNT(*) FROM ballots") == 3LL * (recorded + 1));
}

TEST_CASE("a database locked by another program refuses the visit clearly and recovers") {
    test::TempDir dir;
    const std::string path = dir / "locked.db";
    auto session = open_session(path);
    detail::store_of(*session).set_busy_timeout(50);
    test::Connection other(path);
    REQUIRE(other.exec("BEGIN IMMEDIATE; INSERT INTO actions (session, at, actor, action) VALUES (1, 'x', 'other', 'x')") ==
            SQLITE_OK);
    const Status refused = session->cast_visit(test::visit("v1"));
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("is locked by another program"));
    REQUIRE(other.exec("ROLLBACK") == SQLITE_OK);
    REQUIRE(session->cast_visit(test::visit("v1")));
    CHECK(other.number("SELECT COUNT(*) FROM ballots") == 3);
}

TEST_CASE("a database file that vanished refuses the visit instead of losing it") {
    test::TempDir dir;
    const std::string path = dir / "vanish.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    REQUIRE(std::rename(path.c_str(), (dir / "moved.db").c_str()) == 0);
    const Status refused = session->cast_visit(test::visit("v2"));
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("has vanished"));
    REQUIRE(std::rename((dir / "moved.db").c_str(), path.c_str()) == 0);
    REQUIRE(session->cast_visit(test::visit("v2")));
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 6);
}

TEST_CASE("opening a session on a damaged file fails clearly") {
    test::TempDir dir;
    const std::string path = dir / "damaged.db";
    test::write_text(path, "this is not a database, but a shopping list: milk, bread, eggs\n" + std::string(2000, '.'));
    auto session = Session::open(path, test::scenario());
    REQUIRE_FALSE(session.ok());
    CHECK_THAT(session.message(), Catch::Contains("damaged"));
}

// kiosk_hardening_test.cpp — the kiosk surviving what a public room does to it: close requests
// outside facilitator mode, a failing database (read-only, vanished, full), SIGKILL.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("locked exits: a close request is refused outside facilitator mode", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    const Facilitator& f = k.app().facilitator();
    CHECK_FALSE(f.allows_close());
    KIOSK_RUN(k, "tap \"Touch the screen to start\"\n");
    CHECK_FALSE(f.allows_close());
    k.app().reset_visit();
    hold_corner(k);
    CHECK_FALSE(f.allows_close());  // the PIN pad is not facilitator mode yet
    KIOSK_RUN(k, "type \"2468\"\ntap \"OK\"\n");
    CHECK(f.allows_close());
    CHECK(k.find("Quit the kiosk…") != nullptr);
    KIOSK_RUN(k, "tap \"Quit the kiosk…\"\ntap \"Cancel\"\n");
    CHECK_FALSE(k.app().wants_quit());
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\n");
    CHECK_FALSE(f.allows_close());
    CHECK_FALSE(k.app().wants_quit());
    enter(k);
    KIOSK_RUN(k, "tap \"Quit the kiosk…\"\ntap \"Quit\"\n");
    CHECK(k.app().wants_quit());
    CHECK(actions(k, "kiosk_quit").size() == 1);

    AppConfig no_quit = config_with_pin();
    no_quit.kiosk.allow_quit = false;
    Kiosk q(workshop_toml, {1920, 1080}, no_quit);
    enter(q);
    CHECK(q.find("Quit the kiosk…") == nullptr);
}
TEST_CASE("a failing database: the voter sees a calm message, the facilitator the cause, nothing is lost", "[ui][facilitator][storage]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    REQUIRE(k.session().visit_count() == 1);
    sqlite3* db = detail::handle_of(detail::store_of(k.session()));
    const std::string path = k.db_path();
    const char* const to_review = R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Blue"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
tap "✓ Confirm"
expect "This ballot could not be saved"
expect "This is not your fault. Please call the facilitator."
expect_not "Thank you!"
)";
    std::string cause;
    std::function<void()> fix;  // what the facilitator does about it
    int recorded = 1;

    SECTION("a read-only file") {
        // chmod alone does not stop a connection that is already open (nor root): query_only makes
        // this connection behave exactly as it would on a read-only file.
        REQUIRE(::chmod(path.c_str(), 0444) == 0);
        REQUIRE(sqlite3_exec(db, "PRAGMA query_only = ON", nullptr, nullptr, nullptr) == SQLITE_OK);
        cause = "is read-only";
        fix = [&] {
            REQUIRE(::chmod(path.c_str(), 0600) == 0);
            REQUIRE(sqlite3_exec(db, "PRAGMA query_only = OFF", nullptr, nullptr, nullptr) == SQLITE_OK);
        };
    }
    SECTION("a file that vanished (deleted, or its disk pulled out)") {
        REQUIRE(::rename(path.c_str(), (path + ".away").c_str()) == 0);
        cause = "has vanished";
        fix = [&] { REQUIRE(::rename((path + ".away").c_str(), path.c_str()) == 0); };
    }
    SECTION("a full disk") {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        const long long pages = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        // The file may not grow: visits the size of the voter's fill it up until one fails.
        REQUIRE(sqlite3_exec(db, ("PRAGMA max_page_count = " + std::to_string(pages)).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        Status cast = Status::success();
        for (int i = 0; i < 5000 && cast; ++i) {
            Ballot b;
            b.visit = "filler-" + std::to_string(i);
            b.step = "colours";
            b.role = "resident";
            b.language = "en";
            b.marks = {{"blue", 1}};
            cast = k.session().cast_visit({b});
            if (cast) ++recorded;
        }
        REQUIRE_FALSE(cast);
        // Small audit rows may still fit in the last page: fill that too, as a full disk would.
        for (int i = 0; i < 5000 && k.session().log_action("filler", "x"); ++i) {
        }
        cause = "is full";
        fix = [&] { REQUIRE(sqlite3_exec(db, "PRAGMA max_page_count = 1000000", nullptr, nullptr, nullptr) == SQLITE_OK); };
    }
    KIOSK_RUN(k, to_review);
    CHECK(k.screen() == ScreenId::save_failed);
    CHECK(k.session().visit_count() == recorded);  // nothing recorded is lost, the failed visit left no trace
    CHECK_THAT(k.session().last_storage_error(), Catch::Contains(cause));

    // The facilitator, called over: the cause on the home screen.
    enter(k);
    // The cause names the database's path and what to do: the whole text as the kiosk has it.
    auto expect_cause = [&] {
        const std::string problem = k.app().facilitator().storage_problem(k.session());
        CHECK_THAT(problem, Catch::Contains(cause));
        KIOSK_RUN(k, "expect \"" + problem + "\"\n");
    };
    KIOSK_RUN(k, "expect \"Ballots cannot be saved\"\nexpect \"Once fixed, exit facilitator mode: the voter then taps “Try again”.\"\n");
    expect_cause();
    save(k, "15-home-storage-problem-" + std::string(cause == "is full" ? "full" : cause == "has vanished" ? "vanished" : "readonly") + ".png");
    KIOSK_RUN(k, "tap \"Check again\"\n");
    expect_cause();
    CHECK(k.app().facilitator().feedback().error);

    fix();
    KIOSK_RUN(k, "tap \"Check again\"\nexpect \"The database can be written again.\"\nexpect_not \"Ballots cannot be saved\"\n");
    CHECK(k.session().last_storage_error().empty());

    // Back to the voter, exactly where they were: the same ballot, retried.
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"This ballot could not be saved\"\ntap \"Try again\"\nexpect \"Thank you!\"\n");
    CHECK(k.session().visit_count() == recorded + 1);
    const auto stored = k.ballots("colours");
    REQUIRE(stored.size() == static_cast<std::size_t>(recorded + 1));
    CHECK(stored.back().visit == detail::store_of(k.session()).last_visit(k.session().id(), BallotSource::kiosk).value());
    CHECK(Kiosk::marks(stored.back()) == std::vector<std::string>{"blue=1"});
}

TEST_CASE("after SIGKILL the kiosk resumes its session: steps, reveals and every confirmed ballot", "[ui][facilitator][crash]") {
    TempDir dir;
    const std::string db = dir / "workshop.db";
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The kiosk: two voters, the facilitator closes a step and reveals another; then it
        // waits, mid-session, for the kill. No Catch2 here: a problem is an exit status.
        ::close(ready[0]);
        ScenarioLoad load = parse_scenario(workshop_toml, "harbour.toml");
        auto session = Session::open(db, std::move(*load.scenario));
        if (!session) ::_exit(10);
        App app(**session, config_with_pin());
        HeadlessKiosk h(app, {1280, 800});
        h.frame({});
        if (!h.run(one_voter) || !h.run(one_voter)) ::_exit(11);
        h.frame({{10, 10}, true});
        for (int i = 0; i < 14; ++i) {
            h.advance(0.25);
            h.frame({{10, 10}, true});
        }
        h.frame({{10, 10}, false});
        h.frame({{10, 10}, false});
        if (!h.run("type \"2468\"\ntap \"OK\"\ntap \"Closed Rank shapes\"\ntap \"Revealed Pick colours\"\n")) ::_exit(12);
        if ((*session)->step_open("shapes") || !(*session)->revealed("colours")) ::_exit(13);
        const char byte = 'k';
        if (::write(ready[1], &byte, 1) != 1) ::_exit(14);
        for (;;) ::pause();  // in facilitator mode, database open: SIGKILL comes now
    }
    ::close(ready[1]);
    char byte = 0;
    const bool signalled = ::read(ready[0], &byte, 1) == 1;
    ::close(ready[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(signalled);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    // Restart with the same database: the same session, as the facilitator left it.
    ScenarioLoad load = parse_scenario(workshop_toml, "harbour.toml");
    auto resumed = Session::open(db, std::move(*load.scenario));
    REQUIRE(resumed.ok());
    Session& s = **resumed;
    CHECK(s.id() == 1);
    CHECK(s.visit_count() == 2);
    CHECK(s.ballot_counts("colours") == std::map<std::string, int>{{"resident", 2}});
    CHECK_FALSE(s.step_open("shapes"));
    CHECK(s.step_open("colours"));
    CHECK(s.revealed("colours"));
    CHECK(s.state() == SessionState::running);
    App app(s, config_with_pin());
    HeadlessKiosk h(app, {1280, 800});
    h.frame({});
    CHECK(app.screen() == ScreenId::attract);  // the UI starts over; facilitator mode is locked
    CHECK_FALSE(app.facilitator().active());
    const Status played = h.run(R"(
expect "See the results"
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
expect "Pick colours"
tap "Skip this question"
expect "Your ideas"
)");
    CHECK(played.message == "");
}

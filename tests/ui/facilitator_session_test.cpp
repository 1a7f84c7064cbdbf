// facilitator_session_test.cpp — running the session from facilitator mode: open and close
// steps, blind voting and the reveal, pause, undo the last ballot, hide an idea, supervised turns.
#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("open and close steps: a closed step is skipped by voters and refuses ballots", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    enter(k);
    KIOSK_RUN(k, R"(
tap "Closed Pick colours"
expect "“Pick colours” is closed: voters skip it."
expect "Dot vote · 0 ballots · closed: voters skip this step"
tap "Closed Welcome"
)");
    CHECK_FALSE(k.session().step_open("colours"));
    CHECK_FALSE(k.session().step_open("intro"));
    CHECK(k.session().step_open("shapes"));
    save(k, "05-home-steps-closed.png");
    KIOSK_RUN(k, R"(
tap "Exit facilitator mode"
tap "Touch the screen to start"
tap "Resident"
expect "Rank shapes"
expect "Step 1 of 3"
)");
    k.app().reset_visit();

    Ballot b;
    b.visit = "paper-1";
    b.step = "colours";
    b.marks = {{"red", 1}};
    const Status refused = k.session().cast_visit({b});
    CHECK_FALSE(refused);
    CHECK_THAT(refused.message, Catch::Contains("step `colours` is closed"));

    enter(k);
    KIOSK_RUN(k, "tap \"Open Pick colours\"\n");
    CHECK(k.session().step_open("colours"));
    CHECK(k.session().cast_visit({b}));
    CHECK(actions(k, "step_closed").size() == 2);
    CHECK(actions(k, "step_opened").size() == 1);
}

TEST_CASE("blind voting: results show on the shared screen only after the reveal", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    KIOSK_RUN(k, "expect_not \"See the results\"\n");
    CHECK_FALSE(k.session().revealed("colours"));

    enter(k);
    KIOSK_RUN(k, R"(
expect "1 voter so far · session 1"
expect "Dot vote · 1 ballot: Resident 1"
tap "Revealed Pick colours"
expect "The results of “Pick colours” are revealed to everyone."
)");
    CHECK(k.session().revealed("colours"));
    CHECK_FALSE(k.session().revealed("shapes"));
    save(k, "06-home-revealed.png");
    KIOSK_RUN(k, R"(
tap "Exit facilitator mode"
tap "See the results"
expect "Pick colours"
expect_not "Rank shapes"
expect "Red"
)");
    CHECK(k.screen() == ScreenId::results);

    // "Show on screen" puts a revealed step's results up for the room.
    KIOSK_RUN(k, "tap \"← Close\"\n");
    enter(k);
    KIOSK_RUN(k, "tap \"Revealed Rank shapes\"\ntap \"Show on screen Rank shapes\"\nexpect \"Circle\"\n");
    CHECK(k.screen() == ScreenId::results);
    CHECK_FALSE(k.app().facilitator().active());

    enter(k);
    KIOSK_RUN(k, "tap \"Hidden Pick colours\"\ntap \"Hidden Rank shapes\"\ntap \"Exit facilitator mode\"\nexpect_not \"See the results\"\n");
    CHECK_FALSE(k.session().revealed("colours"));
}

TEST_CASE("pause and resume: voters see a calm screen, the gesture still works on it", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    enter(k);
    KIOSK_RUN(k, "tap \"Pause voting\"\nexpect \"Paused\"\nexpect \"Resume voting\"\n");
    CHECK(k.session().state() == SessionState::paused);
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"Voting is paused\"\n");
    CHECK(k.screen() == ScreenId::paused);
    enter(k);
    KIOSK_RUN(k, "tap \"Resume voting\"\nexpect \"Voting has resumed.\"\ntap \"Exit facilitator mode\"\nexpect \"Touch the screen to start\"\n");
    CHECK(k.session().state() == SessionState::running);
    CHECK(actions(k, "session_paused").size() == 1);
    CHECK(actions(k, "session_resumed").size() == 1);

    enter(k);
    KIOSK_RUN(k, "tap \"End the session…\"\nexpect \"End this session?\"\n");
    save(k, "07-confirm-end.png");
    KIOSK_RUN(k, "tap \"End the session\"\nexpect \"Ended\"\n");
    CHECK(k.session().state() == SessionState::ended);
    KIOSK_RUN(k, "tap \"Exit facilitator mode\"\nexpect \"Voting has ended\"\n");
}

TEST_CASE("undo the last ballot: confirmed, marked void (never deleted), audited", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    KIOSK_RUN(k, one_voter);
    KIOSK_RUN(k, one_voter);
    REQUIRE(k.session().visit_count() == 2);
    auto last = detail::store_of(k.session()).last_visit(k.session().id(), BallotSource::kiosk);
    REQUIRE(last.ok());
    const std::string visit = *last;

    enter(k);
    KIOSK_RUN(k, "tap \"Undo the last ballot…\"\nexpect \"Undo the last ballot?\"\ntap \"Cancel\"\n");
    CHECK(k.session().visit_count() == 2);
    CHECK(k.screen() == ScreenId::facilitator_home);
    KIOSK_RUN(k, "tap \"Undo the last ballot…\"\n");
    save(k, "08-confirm-undo.png");
    KIOSK_RUN(k, "tap \"Undo the ballot\"\nexpect \"The last ballot (" + visit + ") is void: it no longer counts.\"\nexpect \"1 voter so far · session 1\"\n");
    CHECK(k.session().visit_count() == 1);
    CHECK(k.ballots("colours").size() == 1);
    auto stored = detail::store_of(k.session()).find_ballot(k.session().id(), visit, "colours");
    REQUIRE(stored.ok());
    REQUIRE(stored->has_value());
    CHECK((*stored)->is_void);  // still there, marked void
    const auto voided = actions(k, "visit_voided");
    REQUIRE(voided.size() == 1);
    CHECK(voided[0].actor == "facilitator");
    CHECK(voided[0].target == visit);
}

TEST_CASE("hide an idea (moderation) after a confirmation, and show it again", "[ui][facilitator]") {
    Kiosk k(workshop_toml, {1920, 1080}, config_with_pin());
    auto idea = k.session().add_idea("ideas", "Free ferry on Sundays", "en");
    REQUIRE(idea.ok());
    REQUIRE(k.session().add_idea("ideas", "=HYPERLINK(\"x\")", "en").ok());
    enter(k);
    KIOSK_RUN(k, R"(
expect "Ideas · 0 ballots · 2 ideas"
tap "Ideas… Your ideas"
expect "Ideas: Your ideas"
expect "Free ferry on Sundays"
)");
    save(k, "09-ideas.png");
    KIOSK_RUN(k, "tap \"Hide Free ferry on Sundays\"\nexpect \"Hide this idea?\"\ntap \"Hide the idea\"\nexpect \"The idea is hidden.\"\n");
    CHECK(k.screen() == ScreenId::facilitator_ideas);
    auto visible = k.session().ideas("ideas");
    REQUIRE(visible.size() == 1);
    CHECK(visible[0].text == "=HYPERLINK(\"x\")");
    CHECK(actions(k, "idea_hidden").size() == 1);
    CHECK(actions(k, "idea_hidden")[0].target == idea->id);
    KIOSK_RUN(k, "tap \"Show Free ferry on Sundays\"\n");
    CHECK(k.session().ideas("ideas").size() == 2);
    KIOSK_RUN(k, "tap \"← Back\"\nexpect \"Steps\"\n");
}
TEST_CASE("supervised turns: each voter starts only after the facilitator's release", "[ui][facilitator]") {
    AppConfig config = config_with_pin();
    config.kiosk.supervised = true;
    Kiosk k(workshop_toml, {1920, 1080}, config);
    CHECK(k.screen() == ScreenId::wait_for_facilitator);
    KIOSK_RUN(k, "expect \"Please wait for the facilitator\"\nexpect \"Wacht even op de begeleider\"\nexpect_not \"Touch the screen to start\"\ntap 960 540\n");
    save(k, "14-wait-for-facilitator.png");
    CHECK(k.screen() == ScreenId::wait_for_facilitator);  // a tap does not start a visit

    enter(k);
    KIOSK_RUN(k, "expect \"Supervised turns: the next voter is waiting for you.\"\ntap \"Let the next voter start\"\nexpect \"Touch the screen to start\"\n");
    CHECK(actions(k, "voter_released").size() == 1);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Red"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
tap "✓ Confirm"
tap "Done"
expect "Please wait for the facilitator"
)");
    CHECK(k.session().visit_count() == 1);
    // A voter who walks away also uses up the release.
    enter(k);
    KIOSK_RUN(k, "tap \"Let the next voter start\"\ntap \"Touch the screen to start\"\nwait 100s\nexpect \"Please wait for the facilitator\"\n");
}

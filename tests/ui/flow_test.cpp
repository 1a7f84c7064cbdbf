// flow_test.cpp — the way through the kiosk: pages skipped when not asked or closed, progress,
// review and "Change", Back to the start, the paused screen, a ballot that cannot be stored
// (calm message, no thank-you), and revealed results.
#include <sqlite3.h>

#include "support/kiosk_harness.h"
#include "soft_render.h"
#include "internal_access.h"

using namespace kiosk_test;

namespace {

const char* const two_steps = R"(format = 1
id = "two-steps"
languages = ["en", "nl"]
title = { en = "Two steps", nl = "Twee stappen" }

[kiosk]
ask_language = false
ask_role = false

[[role]]
id = "resident"
label = { en = "Resident", nl = "Bewoner" }

[[step]]
id = "intro"
type = "info"
title = "Intro page"
body = "Hello."

[[step]]
id = "colours"
type = "dot_vote"
title = { en = "Pick colours", nl = "Kies kleuren" }
dots = 2
options = [ { id = "red", label = { en = "Red", nl = "Rood" } }, { id = "blue", label = { en = "Blue", nl = "Blauw" } } ]

[[step]]
id = "shapes"
type = "ranking"
title = "Rank shapes"
options = [ { id = "circle", label = "Circle" }, { id = "square", label = "Square" } ]
)";

std::string screenshot_path(const std::string& name) {
    return std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/catch2/" + name;
}

void save(Kiosk& k, const std::string& name) {
    std::string error;
    CHECK(write_png(screenshot_path(name), k.headless().screenshot(), &error));
}

}  // namespace

TEST_CASE("language and role pages are skipped when not asked, closed steps are skipped", "[ui][flow]") {
    Kiosk k(two_steps);
    REQUIRE(k.session().set_step_open("colours", false));
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
expect "Intro page"
expect "Step 1 of 3"
tap "Next →"
expect "Rank shapes"
expect "Step 2 of 3"
tap "← Back"
expect "Intro page"
tap "← Back"
expect "Touch the screen to start"
)");
    CHECK(k.app().visit().drafts().empty());
}

TEST_CASE("the review's Change goes to the step and back to the review", "[ui][flow]") {
    Kiosk k(two_steps);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Next →"
tap "Red"
tap "Next →"
tap "Skip this question"
expect "Check your choices"
expect "Red — 1 dot"
expect "Skipped"
tap "Change Pick colours"
expect "Pick colours"
tap "Blue"
tap "Check my choices"
expect "Check your choices"
expect "Blue — 1 dot"
tap "✓ Confirm"
expect "Thank you!"
)");
    const auto ballots = k.ballots("colours");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"blue=1", "red=1"});
    CHECK(ballots[0].language == "en");
    CHECK(k.ballots("shapes").empty());
}

TEST_CASE("a paused session shows a calm screen and the visit continues after resume", "[ui][flow]") {
    Kiosk k(two_steps);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Next →"
tap "Red"
)");
    REQUIRE(k.session().pause());
    KIOSK_RUN(k, R"(
wait 2
expect "Voting is paused"
expect_not "Pick colours"
)");
    CHECK(k.screen() == ScreenId::paused);
    save(k, "paused.png");
    REQUIRE(k.session().resume());
    KIOSK_RUN(k, R"(
wait 2
expect "Pick colours"
expect "1 dot left"
)");
    REQUIRE(k.session().end());
    KIOSK_RUN(k, R"(
wait 2
expect "Voting has ended"
)");
}

TEST_CASE("a ballot that cannot be stored: no thank-you, a calm message, try again", "[ui][flow]") {
    Kiosk k(two_steps);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Next →"
tap "Red"
tap "Red"
tap "Next →"
tap "Circle"
tap "Next →"
expect "Check your choices"
)");
    // Another connection holds the write lock: the cast fails at once (no busy wait).
    detail::store_of(k.session()).set_busy_timeout(0);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(k.db_path().c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    KIOSK_RUN(k, R"(
tap "✓ Confirm"
expect "This ballot could not be saved"
expect "This is not your fault. Please call the facilitator."
expect_not "Thank you!"
)");
    CHECK(k.screen() == ScreenId::save_failed);
    CHECK_FALSE(k.app().last_cast().ok);
    save(k, "save-failed.png");
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(k.ballots("colours").empty());

    KIOSK_RUN(k, R"(
tap "Try again"
expect "Thank you!"
)");
    const auto ballots = k.ballots("colours");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"red=2"});
    CHECK(k.ballots("shapes").size() == 1);
    CHECK(k.session().visit_count() == 1);
    // The thank-you screen already holds nothing of the ballot.
    CHECK(k.app().visit().drafts().empty());
    KIOSK_RUN(k, R"(
wait 9s
expect "Touch the screen to start"
)");
}

TEST_CASE("revealed results: bars with label and number, ranked list, per role", "[ui][results]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, R"(
tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Employer"
tap "Next →"
tap "Housing"
tap "Housing"
tap "Language"
tap "Next →"
tap "Buddy programme"
tap "Language café"
tap "Next →"
tap "Information from the municipality in Ukrainian too"
tap "Next →"
tap "✓ Confirm"
tap "Next →"
tap "Done"
tap "Raak het scherm aan om te beginnen"
tap "Nederlands"
tap "Taalschool"
tap "Volgende →"
tap "Taal"
tap "Taal"
tap "Taal"
tap "Volgende →"
tap "Taalcafé"
tap "Volgende →"
tap "Deze vraag overslaan"
tap "✓ Bevestigen"
tap "Volgende →"
tap "Klaar"
expect_not "Resultaten bekijken"
)");
    // Blind until the facilitator reveals; closed, so that two ballots move the bars.
    REQUIRE(k.session().set_step_open("themes", false));
    REQUIRE(k.session().set_step_open("agenda", false));
    REQUIRE(k.session().set_revealed("themes", true));
    REQUIRE(k.session().set_revealed("agenda", true));
    KIOSK_RUN(k, R"(
wait 2
tap "Resultaten bekijken"
expect "Resultaten"
expect "2 mensen hebben gestemd"
expect "4 stippen"
expect "2 stippen"
expect "67%"
expect "33%"
)");
    // One voter per group: no "by group" slide that would show how one person voted.
    CHECK_FALSE(k.shows_part("Per groep"));
    CHECK_FALSE(k.shows_part("Werkgever"));
    CHECK_FALSE(k.shows_part("Taalschool"));
    CHECK(k.screen() == ScreenId::results);
    // The bars come sorted by score: Taal (4) above Huisvesting (2).
    float taal_y = -1, housing_y = -1;
    for (const ShownText& t : k.app().registry().texts) {
        if (t.text == "Taal" && taal_y < 0) taal_y = t.rect.min.y;
        if (t.text == "Huisvesting" && housing_y < 0) housing_y = t.rect.min.y;
    }
    REQUIRE(taal_y >= 0);
    REQUIRE(housing_y >= 0);
    CHECK(taal_y < housing_y);
    save(k, "results-dot-vote.png");

    KIOSK_RUN(k, R"(
tap "Volgende →"
expect "Met welke acties beginnen we?"
expect "11 punten"
expect "6 punten"
expect "1 keer op de eerste plaats · 50%"
)");
    save(k, "results-ranking.png");
    KIOSK_RUN(k, R"(
tap "← Sluiten"
expect "Raak het scherm aan om te beginnen"
)");
}

TEST_CASE("a reveal written by another program shows within a quarter second", "[ui][results]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, R"(
wait 2
expect_not "Resultaten bekijken"
)");
    // The facilitator's `workshop reveal`: another connection to the same database.
    ScenarioLoad load = parse_scenario(sample_scenario(), "same-scenario.toml");
    REQUIRE(load.ok());
    auto other = Session::open(k.db_path(), std::move(*load.scenario));
    REQUIRE(other);
    REQUIRE((*other)->set_revealed("themes", true));
    KIOSK_RUN(k, R"(
wait 16
expect "Resultaten bekijken"
)");
    REQUIRE((*other)->set_revealed("themes", false));
    KIOSK_RUN(k, R"(
wait 16
expect_not "Resultaten bekijken"
)");
}

TEST_CASE("twenty revealed steps: one slide each, every one reachable, in portrait too", "[ui][results]") {
    // Twenty steps with long titles: a slide each, turned with Next; the title never cut short.
    std::string toml = R"(format = 1
id = "many-steps"
languages = ["en"]
title = "Many steps"

[kiosk]
ask_language = false
ask_role = false
)";
    std::vector<std::string> titles;
    for (int i = 1; i <= 20; ++i) {
        titles.push_back("Step " + std::to_string(i) + ": which of these themes matter most to you");
        toml += "\n[[step]]\nid = \"s" + std::to_string(i) + "\"\ntype = \"dot_vote\"\ntitle = \"" + titles.back() +
                "\"\ndots = 1\noptions = [ { id = \"a\", label = \"A\" }, { id = \"b\", label = \"B\" } ]\n";
    }
    for (ImVec2 size : {ImVec2(1080, 1920), ImVec2(1920, 1080)}) {
        INFO("at " << size.x << "x" << size.y);
        Kiosk k(toml, size);
        for (int i = 1; i <= 20; ++i) REQUIRE(k.session().set_revealed("s" + std::to_string(i), true));
        KIOSK_RUN(k, R"(
wait 2
tap "See the results"
expect "Results"
)");
        CHECK(k.shows("1 of 20"));
        CHECK(k.shows(titles.front()));
        CHECK(k.shows("0 ballots"));  // the results of the step shown
        for (int i = 2; i <= 20; ++i) KIOSK_RUN(k, "tap \"Next →\"\n");
        CHECK(k.shows("20 of 20"));
        CHECK(k.shows(titles.back()));
        for (const ShownText& t : k.app().registry().texts) CHECK_FALSE(t.cut);
        REQUIRE(k.find("Next →"));
        CHECK_FALSE(k.find("Next →")->enabled);
        save(k, "results-many-tabs-" + std::to_string(int(size.x)) + ".png");
    }
}

TEST_CASE("the kiosk starts in the language it is given", "[ui][flow]") {
    AppConfig config;
    config.start_language = "uk";
    Kiosk k(sample_scenario(), {1920, 1080}, config);
    KIOSK_RUN(k, R"(
expect "Від емпатії до перспективи"
tap "Торкніться екрана, щоб почати"
expect "Оберіть мову"
)");
}

// Issue 13: a closing info step ("thank you for your input") came before review & confirm, and
// a voter who walked away there lost the vote. The review now follows the last choice; the
// closing step shows after the ballots are stored, and walking away from it loses nothing.
TEST_CASE("a voter who walks away from the closing info step has voted", "[ui][flow]") {
    Kiosk k(std::string(two_steps) + R"(
[[step]]
id = "closing"
type = "info"
title = "Thanks for your input"
body = "We will discuss the results together."
)");
    REQUIRE(k.session().set_step_open("shapes", false));
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
expect "Step 1 of 3"
tap "Next →"
expect "Step 2 of 3"
tap "Red"
tap "Next →"
expect "Check your choices"
expect "Step 3 of 3"
expect_not "Thanks for your input"
tap "✓ Confirm"
expect "Thanks for your input"
expect_not "← Back"
)");
    CHECK(k.ballots("colours").size() == 1);  // stored before the closing step shows
    KIOSK_RUN(k, R"(
wait 95s
expect "Touch the screen to start"
)");
    const auto ballots = k.ballots("colours");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"red=1"});
    CHECK(k.session().visit_count() == 1);
}

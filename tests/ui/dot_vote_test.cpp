// dot_vote_test.cpp — a dot vote cast through the screen: tap to add, − to take back, the
// per-option and total limits shown and enforced, require_all_dots before Next.
#include <array>
#include <cmath>
#include <cstdlib>

#include "support/kiosk_harness.h"

using namespace kiosk_test;

TEST_CASE("a dot vote with the minus is stored only on confirm", "[ui][dot_vote]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, R"(
expect "5 dots left"
tap "Housing"
tap "Housing"
tap "+ Housing"
tap "Housing"
expect "At most 3 per option"
tap "Language"
tap "− Housing"
expect "2 dots left"
tap "Next →"
expect "Which actions should we start with?"
)");
    CHECK(k.ballots("themes").empty());  // nothing is stored before the review is confirmed
    KIOSK_RUN(k, R"(
tap "Skip this question"
tap "Skip this question"
expect "Check your choices"
expect "Housing — 2 dots"
expect "Language — 1 dot"
)");
    CHECK(k.ballots("themes").empty());
    KIOSK_RUN(k, R"(
tap "✓ Confirm"
tap "Next →"
expect "Your choices have been saved."
)");
    const auto ballots = k.ballots("themes");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"housing=2", "language=1"});
    CHECK(ballots[0].role == "employer");
    CHECK(ballots[0].language == "en");
    CHECK(k.ballots("agenda").empty());  // skipped steps cast nothing
    CHECK(k.ballots("ideas").empty());
    CHECK(k.session().visit_count() == 1);

    // The next person starts clean: no dots, no language or role of the one before.
    KIOSK_RUN(k, R"(
tap "Done"
expect "Raak het scherm aan om te beginnen"
tap "Raak het scherm aan om te beginnen"
expect "Kies je taal"
tap "English"
tap "Municipality"
tap "Next →"
expect "5 dots left"
)");
    CHECK(k.app().visit().draft("themes").empty());
    CHECK(k.app().visit().role() == "municipality");
}

TEST_CASE("the dots run out visibly and a full option greys its +", "[ui][dot_vote]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, R"(
tap "Housing"
tap "Housing"
tap "Housing"
tap "Work & retraining"
tap "Integration"
expect "All dots are used. Take one back to move it."
tap "Language"
tap "+ Language"
)");
    const StepDraft& draft = k.app().visit().draft("themes");
    CHECK(draft.dots_used() == 5);
    CHECK(draft.dots.count("language") == 0);
    REQUIRE(k.find("+ Language"));
    CHECK_FALSE(k.find("+ Language")->enabled);
    CHECK_FALSE(k.find("+ Housing")->enabled);
    CHECK(k.find("− Housing")->enabled);
    CHECK_FALSE(k.find("− Language")->enabled);  // nothing to take back
}

TEST_CASE("require_all_dots keeps Next closed until every dot is placed", "[ui][dot_vote]") {
    Kiosk k(R"(format = 1
id = "all-dots"
languages = ["en"]
title = "All dots"

[[step]]
id = "pick"
type = "dot_vote"
title = "Pick two things"
dots = 3
require_all_dots = true
options = [ { id = "a", label = "Alpha" }, { id = "b", label = "Beta" } ]
)");
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
expect "Pick two things"
expect "Place all your dots to continue"
tap "Next →"
expect "Pick two things"
tap "Alpha"
tap "Beta"
tap "Next →"
expect "Pick two things"
tap "Beta"
expect_not "Place all your dots to continue"
tap "Next →"
expect "Check your choices"
tap "✓ Confirm"
expect "Thank you!"
)");
    const auto ballots = k.ballots("pick");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"a=1", "b=2"});
    CHECK(ballots[0].role.empty());
}

TEST_CASE("a card in the grid's first row shows its whole border", "[ui][dot_vote]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, "tap \"Housing\"\n");  // a dot given: the card's border is thick and in its colour
    const Tappable* card = k.find("Housing");
    REQUIRE(card != nullptr);
    const Image img = k.headless().screenshot();
    const auto pixel = [&](int x, int y) {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x)) * 4;
        return std::array<int, 3>{img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]};
    };
    // The card's top edge is the grid's clip edge: a border drawn across its rectangle's edges
    // loses its outer half there. Every border pixel must lie inside the rectangle.
    const int x = static_cast<int>(card->rect.min.x + card->rect.w() * 0.5f);
    const int top = static_cast<int>(std::floor(card->rect.min.y)), bottom = static_cast<int>(std::ceil(card->rect.max.y)) - 1;
    const auto border = pixel(x, bottom - 1);  // the border's colour, from its bottom edge
    const auto is_border = [&](int y) {
        const auto p = pixel(x, y);
        return std::abs(p[0] - border[0]) + std::abs(p[1] - border[1]) + std::abs(p[2] - border[2]) < 60;
    };
    int top_rows = 0, bottom_rows = 0;
    for (int y = top; y < top + 8; ++y) top_rows += is_border(y);
    for (int y = bottom; y > bottom - 8; --y) bottom_rows += is_border(y);
    INFO("card " << card->rect.min.y << ".." << card->rect.max.y << ": border rows at the top " << top_rows
                 << ", at the bottom " << bottom_rows);
    CHECK(bottom_rows >= 2);
    CHECK(top_rows >= bottom_rows - 1);
    CHECK_FALSE(is_border(bottom + 1));  // nothing of it below the card
    CHECK_FALSE(is_border(bottom + 2));
}

// Issue 13: a one-dot question needed − then + to change the answer; a tap on another answer
// now moves the dot.
TEST_CASE("one dot: a tap on another answer moves it", "[ui][dot_vote]") {
    Kiosk k(R"(format = 1
id = "one-dot"
languages = ["en"]
title = "One dot"

[[step]]
id = "pick"
type = "dot_vote"
title = "Pick one"
dots = 1
options = [ { id = "a", label = "Alpha" }, { id = "b", label = "Beta" } ]
)");
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Alpha"
tap "Beta"
)");
    CHECK(k.app().visit().draft("pick").dots == std::map<std::string, int>{{"b", 1}});
    KIOSK_RUN(k, R"(
tap "Next →"
expect "Beta"
expect_not "Alpha"
expect_not "dot"
tap "✓ Confirm"
)");
    const auto ballots = k.ballots("pick");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"b=1"});
}

namespace {

// A one-dot question and a pick-up-to-three question.
const char* const choices_toml = R"(format = 1
id = "choices"
languages = ["en", "nl"]
title = "Choices"

[kiosk]
ask_language = false

[[step]]
id = "one"
type = "dot_vote"
title = "Where do we meet?"
dots = 1
options = [ { id = "library", label = "Library" }, { id = "park", label = "Park" }, { id = "school", label = "School" } ]

[[step]]
id = "some"
type = "dot_vote"
title = "What do you bring?"
dots = 3
max_per_option = 1
options = [ { id = "food", label = "Food" }, { id = "music", label = "Music" }, { id = "games", label = "Games" },
            { id = "chairs", label = "Chairs" } ]
)";

}  // namespace

TEST_CASE("a one-dot question looks like a single choice, several dots of one each like checkboxes", "[ui][dot_vote]") {
    AppConfig config;
    config.start_language = "en";
    Kiosk k(choices_toml, {1080, 1920}, config);
    KIOSK_RUN(k, "tap \"Touch the screen to start\"\nexpect \"Where do we meet?\"\n");
    // No dot-vote words, no + or −: a round mark per answer.
    CHECK(k.shows("Choose one answer. Tap another answer to change it."));
    CHECK_FALSE(k.shows_part("dot"));
    CHECK_FALSE(k.find("+ Park"));
    CHECK_FALSE(k.find("− Park"));
    KIOSK_RUN(k, "tap \"Park\"\n");
    CHECK(k.app().visit().draft("one").dots == std::map<std::string, int>{{"park", 1}});
    CHECK_FALSE(k.shows_part("0 dots left"));
    CHECK_FALSE(k.shows_part("take one back"));
    // "Next" is the main button; with nothing chosen "Skip this question" is a secondary one.
    REQUIRE(k.find("Next →"));
    CHECK(k.find("Next →")->enabled);
    CHECK_FALSE(k.find("Skip this question"));
    KIOSK_RUN(k, "tap \"Park\"\n");  // a tap on the chosen answer takes it back
    CHECK(k.app().visit().draft("one").dots.empty());
    REQUIRE(k.find("Skip this question"));
    CHECK_FALSE(k.find("Next →")->enabled);
    k.headless().frame({});
    KIOSK_RUN(k, "tap \"School\"\ntap \"Next →\"\nexpect \"What do you bring?\"\n");

    // Up to three, one each: checkboxes; a tap toggles, the fourth is refused with a reason.
    CHECK(k.shows("You can choose 3 more"));
    CHECK_FALSE(k.find("+ Food"));
    KIOSK_RUN(k, "tap \"Food\"\ntap \"Games\"\nexpect \"✓\"\nexpect \"You can choose 1 more\"\ntap \"Chairs\"\n");
    CHECK(k.shows("You have chosen the maximum. Tap a chosen answer again to take it back."));
    CHECK_FALSE(k.find("Music")->enabled);
    KIOSK_RUN(k, "tap \"Games\"\n");
    CHECK(k.app().visit().draft("some").dots == std::map<std::string, int>{{"chairs", 1}, {"food", 1}});
    CHECK_FALSE(k.shows_part("dots left"));
}

TEST_CASE("a single choice and a multi-select speak of answers and votes, not dots, in the review and the results", "[ui][dot_vote]") {
    // The voter never saw a dot on these questions: "Park — 1 dot" in the review and "1 dot" on
    // the results' bars read as another kind of question.
    AppConfig config;
    config.start_language = "en";
    Kiosk k(choices_toml, {1920, 1080}, config);
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Park"
tap "Next →"
tap "Food"
tap "Games"
tap "Next →"
expect "Park"
expect "Food"
expect "Games"
expect_not "dot"
tap "✓ Confirm"
)");
    REQUIRE(k.ballots("one").size() == 1);
    // Closed first: while voting is open, one ballot would not move the bars (shown_results).
    REQUIRE(k.session().set_step_open("one", false).ok);
    REQUIRE(k.session().set_step_open("some", false).ok);
    REQUIRE(k.session().set_revealed("one", true).ok);
    REQUIRE(k.session().set_revealed("some", true).ok);
    KIOSK_RUN(k, "tap \"Done\"\ntap \"See the results\"\nexpect \"1 vote\"\n");
    CHECK_FALSE(k.shows_part("dot"));
    KIOSK_RUN(k, "tap \"Next →\"\nexpect \"What do you bring?\"\nexpect \"1 vote\"\n");
    CHECK_FALSE(k.shows_part("dot"));
}

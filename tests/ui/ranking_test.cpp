// ranking_test.cpp — a ranking cast through the screen: tap order, tap again to undo, the
// maximum shown, a drag that reorders the chosen list, rank_at_least before Next.
#include "support/kiosk_harness.h"
#include "translations.h"

using namespace kiosk_test;

TEST_CASE("a ranking by tapping, undo and a drag to the top", "[ui][ranking]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, R"(
tap "Skip this question"
expect "Which actions should we start with?"
expect "Tap an option"
tap "Diploma recognition"
tap "Buddy programme"
tap "Language café"
expect "You have chosen 3, the maximum"
tap "Welcome meetings"
tap "Buddy programme"
)");
    const auto& ranking = [&]() -> const std::vector<std::string>& { return k.app().visit().draft("agenda").ranking; };
    CHECK(ranking() == std::vector<std::string>{"diploma", "language-cafe"});  // the 4th was refused, Buddy undone

    // Drag "Language café" (2nd) above "Diploma recognition".
    KIOSK_RUN(k, R"(drag "Language café Your order" 0 -200)");
    CHECK(ranking() == std::vector<std::string>{"language-cafe", "diploma"});
    // A drag that ends where it started changes nothing; a tap on a chosen row undoes it.
    KIOSK_RUN(k, R"(
drag "Diploma recognition Your order" 0 20
tap "Welcome meetings"
drag "Welcome meetings Your order" 0 -600
)");
    CHECK(ranking() == std::vector<std::string>{"welcome-meetings", "language-cafe", "diploma"});

    KIOSK_RUN(k, R"(
tap "Next →"
tap "Skip this question"
expect "1. Welcome meetings"
expect "3. Diploma recognition"
tap "✓ Confirm"
expect "Thank you!"
)");
    const auto ballots = k.ballots("agenda");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"diploma=3", "language-cafe=2", "welcome-meetings=1"});
    // Borda over 7 options: 6, 5, 4 points.
    const StepResult result = k.session().results("agenda");
    REQUIRE(result.rows.size() == 7);
    CHECK(result.rows[0].option == "welcome-meetings");
    CHECK(result.rows[0].score == 6);
    CHECK(result.rows[0].first_choices == 1);
    CHECK(result.rows[2].option == "diploma");
    CHECK(result.rows[2].score == 4);
}

TEST_CASE("rank_at_least keeps Next closed for a too short ranking", "[ui][ranking]") {
    Kiosk k(R"(format = 1
id = "at-least"
languages = ["en"]
title = "At least"

[[step]]
id = "order"
type = "ranking"
title = "Order them"
rank_at_least = 2
options = [ { id = "a", label = "Alpha" }, { id = "b", label = "Beta" }, { id = "c", label = "Gamma" } ]
)");
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Gamma"
expect "Choose at least 2 to continue"
tap "Next →"
expect "Order them"
tap "Alpha"
tap "Next →"
expect "Check your choices"
expect "1. Gamma"
expect "2. Alpha"
tap "✓ Confirm"
expect "Thank you!"
)");
    const auto ballots = k.ballots("order");
    REQUIRE(ballots.size() == 1);
    CHECK(Kiosk::marks(ballots[0]) == std::vector<std::string>{"a=2", "c=1"});
}

TEST_CASE("ranking cards show the descriptions the scenario gives", "[ui][ranking]") {
    const char* const toml = R"(format = 1
id = "described"
languages = ["en"]
title = "Described"

[[step]]
id = "order"
type = "ranking"
title = "Put the plans in order"
options = [ { id = "bridge", label = "A new bridge", description = { en = "Cyclists cross the harbour in two minutes" } },
            { id = "ferry", label = "A ferry", description = { en = "Every ten minutes, also at night" } } ]
)";
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        Kiosk k(toml, size);
        KIOSK_RUN(k, "tap \"Touch the screen to start\"\nexpect \"Put the plans in order\"\n");
        CHECK(k.shows("Cyclists cross the harbour in two minutes"));
        CHECK(k.shows("Every ten minutes, also at night"));
    }
}

TEST_CASE("'drag to reorder' takes a second line under 'Your order' when both do not fit one, never cut", "[ui][ranking][layout]") {
    // At 1280x800 with large text the hint was cut with "…" in nl, uk, ru, pl, tr and so; in
    // Arabic and Persian the heading mirrors (the title at the right).
    const Strings& s = Strings::builtin();
    std::string toml = "format = 1\nid = \"rank\"\nlanguages = [\"en\", \"nl\", \"uk\", \"ru\", \"pl\", \"tr\", \"so\", \"ar\", \"fa\"]\n"
                       "title = \"Rank\"\n[[step]]\nid = \"order\"\ntype = \"ranking\"\ntitle = \"What first?\"\n"
                       "options = [{ id = \"a\", label = \"Alfa\" }, { id = \"b\", label = \"Beta\" }, { id = \"c\", label = \"Gamma\" }]\n";
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1080, 1920)})
        for (const char* lang : {"nl", "uk", "ru", "pl", "tr", "so", "ar", "fa"}) {
            INFO(lang << " at " << size.x << "x" << size.y);
            Kiosk k(toml, size);
            KIOSK_RUN(k, "tap \"Touch the screen to start\"\ntap \"" + s.language_name(lang) + "\"\ntap \"Aa " + s.get("reading", lang) +
                             "\"\nwait 2\ntap \"Alfa\"\ntap \"Beta\"\ntap \"Gamma\"\nwait 2\n");
            REQUIRE(k.app().visit().memory.large_text);
            const Registry& r = k.app().registry();
            const std::string hint = s.get("drag_to_reorder", lang), title = s.get("your_order", lang);
            const ShownText* shown_hint = nullptr;
            const ShownText* shown_title = nullptr;
            for (const ShownText& t : r.texts) {
                if (t.text == hint) shown_hint = &t;
                if (t.text == title) shown_title = &t;
            }
            INFO("on screen: " << r.describe_texts());
            REQUIRE(shown_hint);
            REQUIRE(shown_title);
            CHECK_FALSE(shown_hint->cut);
            CHECK_FALSE(shown_title->cut);
            CHECK(shown_hint->rect.intersect(shown_title->rect).empty());
            // Both over the places, in their column; the places above the footer.
            float footer_top = size.y;
            for (const Tappable& t : r.tappables)
                if (t.context == s.get("reading", lang) || t.label == "← " + s.get("back", lang)) footer_top = std::min(footer_top, t.rect.min.y);
            int places = 0;
            for (const Tappable& t : r.tappables) {
                if (t.context != title) continue;
                ++places;
                INFO("place \"" << t.label << "\"");
                CHECK(t.rect.min.y >= shown_hint->rect.max.y);
                CHECK(t.rect.max.y <= footer_top);
                CHECK(shown_hint->rect.min.x >= t.rect.min.x - 1);
                CHECK(shown_hint->rect.max.x <= t.rect.max.x + 1);
                // The title starts the line where one reads from: the right in Arabic and Persian.
                const bool rtl = std::string(lang) == "ar" || std::string(lang) == "fa";
                CHECK(std::abs(rtl ? t.rect.max.x - shown_title->rect.max.x : shown_title->rect.min.x - t.rect.min.x) < 2);
            }
            CHECK(places == 3);
            if (size.x == 1280) {
                std::string error;
                CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/ranking-hint-" + lang + "-large-1280x800.png",
                                k.headless().screenshot(), &error));
            }
        }
}

// facilitator_tour_test.cpp — facilitator mode as a facilitator sees it: a scripted tour in
// landscape and portrait, and the mode in the configured language (Dutch).
#include "facilitator_harness.h"

using namespace kiosk_test;

TEST_CASE("a tour of facilitator mode, landscape and portrait (scripts/facilitator_tour.kscript)", "[ui][facilitator][screenshots]") {
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        TempDir dir;
        AppConfig config = config_with_pin();
        config.kiosk.scenarios_dir = WORKSHOP_SOURCE_DIR "/scenarios";
        config.kiosk.exports_dir = dir / "exports";
        Kiosk k(workshop_toml, size, config);
        KIOSK_RUN(k, one_voter);
        REQUIRE(k.session().add_idea("ideas", "Free ferry on Sundays", "en").ok());
        REQUIRE(k.session().add_idea("ideas", "Benches along the quay, with shade for the summer and a view of the boats", "en").ok());
        hold_corner(k);
        const std::string shots = screenshot_path("tour-" + std::to_string(static_cast<int>(size.x)) + "x" +
                                                  std::to_string(static_cast<int>(size.y)));
        fs::create_directories(shots);
        auto script = Script::load(WORKSHOP_SOURCE_DIR "/tests/ui/scripts/facilitator_tour.kscript");
        REQUIRE(script.ok());
        const Status played = k.headless().run(*script, shots);
        INFO(size.x << "x" << size.y);
        CHECK(played.message == "");
        CHECK(fs::exists(shots + "/home.png"));
        CHECK(k.session().revealed("colours"));
        CHECK_FALSE(k.session().step_open("intro"));
        CHECK(k.session().ideas("ideas").size() == 2);  // the hide was cancelled
        CHECK(k.screen() == ScreenId::attract);
    }
}

TEST_CASE("facilitator mode speaks the configured language (Dutch)", "[ui][facilitator][screenshots]") {
    AppConfig config = config_with_pin();
    config.kiosk.language = "nl";
    config.kiosk.supervised = true;
    Kiosk k(workshop_toml, {1920, 1080}, config);
    REQUIRE(k.session().add_idea("ideas", "Gratis pont op zondag", "nl").ok());
    enter(k);
    KIOSK_RUN(k, R"(
expect "Begeleidersmodus"
expect "Volgende deelnemer laten beginnen"
expect "0 deelnemers tot nu toe · sessie 1"
tap "Gesloten Kies kleuren"
expect "“Kies kleuren” is gesloten: deelnemers slaan deze stap over."
)");
    save(k, "16-home-dutch.png");
    CHECK_FALSE(k.session().step_open("colours"));
    CHECK(Facilitator::strings().misses().empty());  // every text it asked for exists in Dutch
}

TEST_CASE("facilitator home: no text overlaps another, whatever controls a step's card has", "[ui][facilitator][layout]") {
    // A closed info step and a ranking with hidden results have no buttons under their switches:
    // portrait once drew their titles under the switches (the buttons' line was kept anyway).
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        Kiosk k(workshop_toml, size, config_with_pin());
        KIOSK_RUN(k, one_voter);
        REQUIRE(k.session().set_step_open("intro", false).ok);
        REQUIRE(k.session().set_revealed("colours", true).ok);
        enter(k);
        const Registry& r = k.app().registry();
        INFO(size.x << "x" << size.y << "\nshown: " << r.describe());
        CHECK(k.shows("1. Welcome"));
        for (std::size_t i = 0; i < r.texts.size(); ++i)
            for (std::size_t j = i + 1; j < r.texts.size(); ++j) {
                const Rect both = r.texts[i].rect.intersect(r.texts[j].rect);
                INFO("\"" << r.texts[i].text << "\" and \"" << r.texts[j].text << "\"");
                CHECK_FALSE((!both.empty() && both.w() > 1 && both.h() > 1));
            }
    }
}

// script_test.cpp — the .kscript player: parse errors with file and line, a failing line named,
// labels found only when on screen.
#include <chrono>

#include "support/kiosk_harness.h"
#include "script.h"

using namespace kiosk_test;

TEST_CASE("script syntax errors name the file and line", "[ui][script]") {
    auto bad = Script::parse("tap \"Next\"\n\nfly away\ntap 1\nwait -3\ntype \"open\n", "s.kscript");
    REQUIRE_FALSE(bad);
    CHECK(bad.message() ==
          "s.kscript:3: error: unknown command `fly` (known: tap, hold, drag, type, wait, wait_for, sleep, expect, expect_not, screenshot, quit)\n"
          "s.kscript:4: error: bad arguments for `tap`: write tap \"LABEL\" or tap X Y\n"
          "s.kscript:5: error: bad arguments for `wait`: write wait N (frames, at most 1000000) or wait Ns (seconds, at most 3600)\n"
          "s.kscript:6: error: unterminated string (a \" is missing)");
    auto good = Script::parse("# a comment\ntap \"Say \\\"hi\\\"\"  # trailing\nwait 3s\nscreenshot a.png\n", "g.kscript");
    REQUIRE(good);
    REQUIRE(good->commands.size() == 3);
    CHECK(good->commands[0].text[0] == "Say \"hi\"");
    CHECK(good->commands[0].line == 2);
    CHECK(good->commands[1].seconds);
    CHECK(good->commands[2].text[0] == "a.png");
}

TEST_CASE("wait_for takes a text and seconds, it fails when the text never shows", "[ui][script]") {
    auto bad = Script::parse("wait_for \"x\"\nwait_for 3\nwait_for \"x\" 0\n", "w.kscript");
    REQUIRE_FALSE(bad);
    CHECK(bad.message() ==
          "w.kscript:1: error: bad arguments for `wait_for`: write wait_for \"TEXT\" SECONDS (at most 3600)\n"
          "w.kscript:2: error: bad arguments for `wait_for`: write wait_for \"TEXT\" SECONDS (at most 3600)\n"
          "w.kscript:3: error: bad arguments for `wait_for`: write wait_for \"TEXT\" SECONDS (at most 3600)");
    Kiosk k(sample_scenario());
    // What is already on screen ends the wait at once; what never comes fails after SECONDS.
    Status played = k.headless().run("wait_for \"Van empathie naar perspectief\" 5\nwait_for \"Never shown\" 0.3\nquit\n",
                                     "w.kscript");
    REQUIRE_FALSE(played.ok);
    CHECK(played.message.rfind("w.kscript:2: error: \"Never shown\" did not appear on screen in time", 0) == 0);
}

TEST_CASE("sleep keeps the kiosk running on the wall clock for its seconds, then goes on", "[ui][script]") {
    auto bad = Script::parse("sleep\nsleep 0\nsleep \"x\" 1\nsleep 3601\n", "z.kscript");
    REQUIRE_FALSE(bad);
    const std::string form = "bad arguments for `sleep`: write sleep SECONDS (at most 3600)";
    CHECK(bad.message() == "z.kscript:1: error: " + form + "\nz.kscript:2: error: " + form + "\nz.kscript:3: error: " + form +
                               "\nz.kscript:4: error: " + form);
    Kiosk k(sample_scenario());
    const double before = k.headless().now();
    const auto started = std::chrono::steady_clock::now();
    Status played = k.headless().run("sleep 0.4s\nexpect \"Van empathie naar perspectief\"\nquit\n", "z.kscript");
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    REQUIRE(played.ok);
    CHECK(wall >= 0.4);
    CHECK(k.headless().now() - before >= 0.4 - 1.0 / 60);  // the kiosk's clock followed the wall clock
}

TEST_CASE("a failing line stops the script and says which", "[ui][script]") {
    Kiosk k(sample_scenario());
    Status played = k.headless().run("expect \"Van empathie naar perspectief\"\ntap \"Nowhere\"\nquit\n", "x.kscript");
    REQUIRE_FALSE(played.ok);
    CHECK(played.message.rfind("x.kscript:2: error: nothing to tap labelled \"Nowhere\" on screen; tappable: ", 0) == 0);
    played = k.headless().run("\n\nexpect \"Something else\"\n", "y.kscript");
    REQUIRE_FALSE(played.ok);
    CHECK(played.message.rfind("y.kscript:3: error: expected \"Something else\" on screen", 0) == 0);
    played = k.headless().run("expect_not \"Van empathie\"\n", "z.kscript");
    CHECK(played.message == "z.kscript:1: error: did not expect \"Van empathie\" on screen");
}

TEST_CASE("expect matches a whole text or a whole line, expect_not any part", "[ui][script]") {
    Registry reg;
    reg.texts.push_back({"12 dots left", {}, false});
    reg.texts.push_back({"Housing\nMore homes near the station", {}, false});
    reg.tappables.push_back({"−", "Housing", "", {}, true, {}});
    reg.tappables.push_back({"Next →", "", "", {}, true, {}});
    CHECK(reg.shows("12 dots left"));
    CHECK_FALSE(reg.shows("2 dots left"));  // the bug of issue 12: a part passed for the whole
    CHECK_FALSE(reg.shows("dots left"));
    CHECK(reg.shows("Housing"));  // one whole line of a text with a line break
    CHECK(reg.shows("More homes near the station"));
    CHECK_FALSE(reg.shows("More homes"));
    CHECK(reg.shows("Next →"));
    CHECK_FALSE(reg.shows("Next"));
    CHECK(reg.shows("− Housing"));  // a label with its context, as `tap` finds it
    CHECK(reg.shows_part("2 dots left"));
    CHECK(reg.shows_part("homes near"));
    CHECK_FALSE(reg.shows_part("Council"));
    // For failure messages: the whole texts holding a part, or every text (each once).
    CHECK(reg.describe_texts("dots") == "\"12 dots left\"");
    CHECK(reg.describe_texts("Council").empty());
    CHECK(reg.describe_texts() == "\"12 dots left\", \"Housing\nMore homes near the station\", \"−\", \"Next →\"");

    // The same on a real screen: "5 dots left" as a whole, never its tail.
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, "expect \"5 dots left\"\nexpect_not \"15 dots left\"\n");
    const Status played = k.headless().run("expect \"dots left\"\n", "d.kscript");
    REQUIRE_FALSE(played.ok);
    CHECK(played.message.rfind("d.kscript:1: error: expected \"dots left\" on screen (only as a part of \"5 dots left\": write a whole text); texts on screen: \"", 0) == 0);
}

TEST_CASE("a failed expect or wait_for names the whole texts holding the part and lists every text on screen", "[ui][script]") {
    // The attract screen's title: one text, a line per language.
    Kiosk k(sample_scenario());
    Status played = k.headless().run("expect \"Van empathie naar perspectief\"\nexpect \"Van empathie\"\n", "p.kscript");
    REQUIRE_FALSE(played.ok);
    CHECK(played.message.rfind("p.kscript:2: error: expected \"Van empathie\" on screen (only as a part of \"Van empathie naar perspectief\nFrom empathy to perspective\nВід емпатії до перспективи\": write a whole text); texts on screen: \"", 0) == 0);
    CHECK_THAT(played.message, Catch::Contains("\"Raak het scherm aan om te beginnen\""));  // a text that holds no part
    CHECK_THAT(played.message, Catch::Contains("; tappable: \""));
    played = k.headless().run("wait_for \"Van empathie\" 0.2\n", "q.kscript");
    CHECK(played.message.rfind("q.kscript:1: error: \"Van empathie\" did not appear on screen in time (only as a part of \"Van empathie naar perspectief\nFrom empathy to perspective\nВід емпатії до перспективи\": write a whole text); texts on screen: \"", 0) == 0);
    // A text not on screen at all: no "part of", the texts still listed.
    played = k.headless().run("expect \"Nowhere at all\"\n", "r.kscript");
    CHECK(played.message.rfind("r.kscript:1: error: expected \"Nowhere at all\" on screen; texts on screen: \"", 0) == 0);
}

TEST_CASE("a press that moves is a drag, not a tap", "[ui][script]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, R"(
drag 900 500 960 560
expect "Raak het scherm aan om te beginnen"
)");
    CHECK(k.screen() == ScreenId::attract);
    KIOSK_RUN(k, R"(
drag 900 500 905 503
expect "Kies je taal"
)");
}

TEST_CASE("hold is a long press: the facilitator's hidden corner, scripted", "[ui][script]") {
    auto bad = Script::parse("hold 5 5\nhold \"Next\" 61s\nhold 1 2 3s\nhold \"OK\" 0.5\n", "h.kscript");
    REQUIRE_FALSE(bad);
    CHECK(bad.message() ==
          "h.kscript:1: error: bad arguments for `hold`: write hold X Y SECONDS or hold \"LABEL\" SECONDS (at most 60)\n"
          "h.kscript:2: error: bad arguments for `hold`: write hold X Y SECONDS or hold \"LABEL\" SECONDS (at most 60)");
    AppConfig config;
    config.kiosk.pin = "2468";
    Kiosk k(sample_scenario(), {1920, 1080}, config);
    // A short press is a tap (a visit starts); three seconds and more open the PIN pad.
    KIOSK_RUN(k, "hold 12 12 1s\nexpect \"Kies je taal\"\n");
    k.app().reset_visit();
    KIOSK_RUN(k, "wait 2\nhold 12 12 3.2s\n");
    CHECK(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, "type \"2468\"\ntap \"OK\"\n");
    CHECK(k.screen() == ScreenId::facilitator_home);
}

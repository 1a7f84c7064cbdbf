// idle_reset_test.cpp — a voter who walks away: the countdown shows for the last 30 s (or the
// last third), a touch dismisses it without pressing what lies beneath, and the reset discards
// the unconfirmed ballot and ALL ballot state, so the next person never sees previous choices.
#include "support/kiosk_harness.h"

using namespace kiosk_test;

TEST_CASE("an idle reset clears everything and the next voter sees a clean ballot", "[ui][idle]") {
    Kiosk k(sample_scenario(), {1080, 1920});
    // Voter one, in Ukrainian, leaves traces everywhere: dots, a ranking, typed text, a scroll.
    KIOSK_RUN(k, R"(
tap "Торкніться екрана, щоб почати"
tap "Українська"
tap "Муніципалітет"
tap "Далі →"
tap "Житло"
tap "Мова"
tap "Далі →"
tap "Визнання дипломів"
drag "Мовне кафе" 0 -300
tap "Далі →"
tap "Безкоштовні пробні заняття спортом для сімей"
tap "+ Додати свою ідею"
type "Таємниця"
expect "Таємниця"
)");
    REQUIRE(k.app().visit().language() == "uk");
    REQUIRE_FALSE(k.app().visit().drafts().empty());

    // 59 s of nothing: no countdown yet; at 61 s it shows with the seconds left.
    KIOSK_RUN(k, "wait 59s");
    CHECK_FALSE(k.shows_part("Ви ще тут?"));
    KIOSK_RUN(k, R"(
wait 2s
expect "Ви ще тут?"
expect "29"
)");
    // A touch (here on a key) only dismisses it: nothing is typed, the countdown goes.
    KIOSK_RUN(k, R"(tap "й")");
    CHECK_FALSE(k.shows_part("Ви ще тут?"));
    CHECK(k.app().visit().memory.editor.text == "Таємниця");

    // Now away for good: 90 s without a touch.
    KIOSK_RUN(k, R"(
wait 61s
expect "Ви ще тут?"
wait 30s
expect "Raak het scherm aan om te beginnen"
)");
    CHECK(k.screen() == ScreenId::attract);
    CHECK(k.ballots("themes").empty());
    CHECK(k.ballots("agenda").empty());
    CHECK(k.ballots("ideas").empty());
    CHECK(k.session().visit_count() == 0);
    // Not one piece of voter one is left.
    const Visit& v = k.app().visit();
    CHECK(v.language() == "nl");  // the start language, not voter one's
    CHECK(v.role().empty());
    CHECK(v.drafts().empty());
    CHECK(v.memory.scroll.empty());
    CHECK_FALSE(v.memory.editor.open);
    CHECK(v.memory.editor.text.empty());
    CHECK((!v.turn || v.turn->new_ideas().empty()));

    // Voter two walks the same way and sees nothing of voter one.
    KIOSK_RUN(k, R"(
tap "Raak het scherm aan om te beginnen"
expect "Kies je taal"
tap "English"
expect "Who are you?"
tap "Employer"
tap "Next →"
expect "5 dots left"
expect_not "All dots are used"
tap "Skip this question"
expect "Tap an option"
tap "Skip this question"
expect "3 votes left"
tap "+ Add your idea"
expect "0 / 200 characters"
expect_not "Таємниця"
)");
    const Visit& v2 = k.app().visit();
    CHECK(v2.draft("themes").empty());
    CHECK(v2.draft("agenda").empty());
    CHECK(v2.draft("ideas").empty());
    CHECK((v2.memory.scroll.count("rank/agenda") == 0 || v2.memory.scroll.at("rank/agenda") == 0));
}

TEST_CASE("a short idle time counts down its last third", "[ui][idle]") {
    Kiosk k(R"(format = 1
id = "short-idle"
languages = ["en"]
title = "Quick"

[kiosk]
idle_reset_seconds = 30

[[step]]
id = "hello"
type = "info"
title = "Hello there"
body = "Read me."
)");
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
expect "Hello there"
wait 19s
expect_not "Are you still there?"
wait 2s
expect "Are you still there?"
expect "The screen starts over in 9 seconds. Touch the screen to continue."
wait 8s
expect "The screen starts over in 1 second. Touch the screen to continue."
wait 2s
expect "Touch the screen to start"
)");
}

TEST_CASE("the app sleeps unless a countdown runs", "[ui][idle]") {
    Kiosk k(sample_scenario());
    // On the start screen it only looks now and then for a facilitator's changes.
    CHECK(k.app().seconds_until_update(k.headless().now()) >= 5.0);
    KIOSK_RUN(k, R"(tap "Raak het scherm aan om te beginnen")");
    // A visit: nothing happens by itself until the countdown starts at 60 s.
    const double until = k.app().seconds_until_update(k.headless().now());
    CHECK(until > 59.0);
    CHECK(until <= 60.0);
    KIOSK_RUN(k, "wait 61s");
    CHECK(k.app().seconds_until_update(k.headless().now()) <= 0.25);  // the seconds tick
}

TEST_CASE("the countdown says plainly when choices are not saved yet", "[ui][idle]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_dot_vote_en);
    KIOSK_RUN(k, "wait 62s\nexpect \"Are you still there?\"\n");
    CHECK_FALSE(k.shows_part("not saved yet"));  // nothing chosen: nothing to lose
    KIOSK_RUN(k, "tap 5 5\ntap \"Housing\"\nwait 62s\nexpect \"Your choices are not saved yet — tap to continue. In 28 seconds the screen starts over and your choices are lost.\"\n");
}

// scroll_test.cpp — touch scrolling: dragging a long list scrolls it and taps nothing; a flick
// glides on and stops by itself; a touch stops it; the offset never leaves the content.
#include "support/kiosk_harness.h"

using namespace kiosk_test;

namespace {

std::string many_ideas() {
    std::string toml = R"(format = 1
id = "many"
languages = ["en"]
title = "Many ideas"

[[step]]
id = "ideas"
type = "idea_vote"
title = "Lots of ideas"
options = [
)";
    for (int i = 1; i <= 30; ++i)
        toml += "  { id = \"i" + std::to_string(i) + "\", label = \"Idea number " + std::to_string(i) + "\" },\n";
    return toml + "]\n";
}

float offset(Kiosk& k) {
    const auto& scroll = k.app().visit().memory.scroll;
    auto it = scroll.find("ideas/ideas");
    return it == scroll.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("a drag scrolls the list and approves nothing, a flick glides and stops", "[ui][scroll]") {
    Kiosk k(many_ideas(), {1080, 1920});
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
expect "Idea number 1"
expect_not "Idea number 30"
)");
    // Drag, hold still, lift: the list follows the finger exactly and stays; nothing is approved.
    HeadlessKiosk& h = k.headless();
    const Tappable* card = k.find("Idea number 5");
    REQUIRE(card);
    const ImVec2 start = card->rect.center();
    for (int i = 0; i <= 24; ++i) h.frame({ImVec2(start.x, start.y - 10.0f * i), true});
    for (int i = 0; i < 8; ++i) h.frame({ImVec2(start.x, start.y - 240), true});
    h.frame({ImVec2(start.x, start.y - 240), false});
    KIOSK_RUN(k, "wait 30");
    CHECK(k.app().visit().draft("ideas").approved.empty());
    CHECK(offset(k) == Approx(240));

    // A quick flick keeps going after the finger lifts.
    const ImVec2 from(540, 1400), to(540, 1100);
    h.frame({from, true});
    h.frame({ImVec2(540, 1300), true});
    h.frame({ImVec2(540, 1200), true});
    h.frame({to, true});
    h.frame({to, false});
    const float at_release = offset(k);
    CHECK(at_release == Approx(540));
    CHECK(k.app().seconds_until_update(h.now()) <= 1.0 / 30);  // animating: frames keep coming
    for (int i = 0; i < 20; ++i) h.frame({to, false});
    CHECK(offset(k) > at_release + 50);
    // It stops by itself, inside the content.
    for (int i = 0; i < 400; ++i) h.frame({to, false});
    const float stopped = offset(k);
    h.frame({to, false});
    CHECK(offset(k) == stopped);
    CHECK(k.app().seconds_until_update(h.now()) > 1);
    KIOSK_RUN(k, "expect \"Idea number 30\"");  // far enough to show the end

    // A touch on a gliding list stops it.
    h.frame({ImVec2(540, 1600), true});
    h.frame({ImVec2(540, 1550), true});
    h.frame({ImVec2(540, 1200), true});
    h.frame({ImVec2(540, 1200), false});  // flick down
    h.frame({ImVec2(540, 1200), false});
    h.frame({ImVec2(540, 1200), true});   // finger down: it stops here
    const float held = offset(k);
    h.frame({ImVec2(540, 1200), true});
    h.frame({ImVec2(540, 1200), true});
    CHECK(offset(k) == held);
    h.frame({ImVec2(540, 1200), false});
}

// large_text_test.cpp — "Aa" (all text 1.5x) on every participant screen at four window sizes:
// what the UI reports (the registry's texts and touch targets) is never cut off, never off the
// screen, and no two touch targets overlap.
#include "support/kiosk_harness.h"

using namespace kiosk_test;

namespace {

bool inside(const Rect& outer, const Rect& inner, float slack = 0.5f) {
    return inner.min.x >= outer.min.x - slack && inner.min.y >= outer.min.y - slack && inner.max.x <= outer.max.x + slack &&
           inner.max.y <= outer.max.y + slack;
}

// Two targets overlap when they share area and neither holds the other (a card holds its + and −;
// the attract screen's whole-screen target holds everything).
bool overlap(const Rect& a, const Rect& b) {
    const Rect both = a.intersect(b);
    return !both.empty() && both.w() > 0.5f && both.h() > 0.5f && !inside(a, b) && !inside(b, a);
}

void check_layout(Kiosk& k, const std::string& screen) {
    const Registry& r = k.app().registry();
    const Rect glass = k.app().metrics().display.x > 0 ? Rect{{0, 0}, k.app().metrics().display} : Rect{};
    INFO("screen: " << screen << "\nshown: " << r.describe());
    CHECK(k.app().metrics().body > 0);
    for (const ShownText& t : r.texts) {
        INFO("text: " << t.text);
        CHECK_FALSE(t.cut);
        CHECK(inside(glass, t.rect));
    }
    for (std::size_t i = 0; i < r.tappables.size(); ++i) {
        const Tappable& a = r.tappables[i];
        INFO("target: " << a.label << " " << a.context);
        CHECK(inside(glass, a.rect));
        for (std::size_t j = i + 1; j < r.tappables.size(); ++j) {
            const Tappable& b = r.tappables[j];
            INFO("and: " << b.label << " " << b.context);
            CHECK_FALSE(overlap(a.rect, b.rect));
        }
    }
}

// Every participant screen of the sample scenario in English, with "Aa" chosen on the first one.
struct Stop {
    const char* script;  // from the previous stop to this screen
    const char* screen;
};
const Stop walk[] = {
    {"expect \"Touch the screen to start\"\ntap \"Aa\"\nwait 2\nexpect \"✓ Aa\"\n", "attract"},
    {"tap \"Touch the screen to start\"\nwait 2\nexpect \"Choose your language\"\n", "language"},
    {"tap \"English\"\nwait 2\nexpect \"Who are you?\"\n", "role"},
    {"tap \"Employer\"\nwait 2\nexpect \"Welcome\"\n", "info"},
    {"tap \"Next →\"\nwait 2\nexpect \"What should we work on first?\"\n", "dot vote"},
    {"tap \"Skip this question\"\nwait 2\nexpect \"Which actions should we start with?\"\n", "ranking"},
    {"tap \"Skip this question\"\nwait 2\nexpect \"Ideas from the room\"\n", "idea vote"},
    {"tap \"+ Add your idea\"\nwait 2\nexpect \"Your idea\"\n", "keyboard"},
    {"tap \"Cancel\"\nwait 2\ntap \"Skip this question\"\nwait 2\nexpect \"Check your choices\"\n", "review"},
    {"tap \"✓ Confirm\"\nwait 2\n", "closing info"},
    // The reading buttons stay to the end: "Aa" still chosen on the thanks screen.
    {"tap \"Next →\"\nwait 2\nexpect \"Your choices have been saved.\"\nexpect \"✓ Aa\"\n", "thanks"},
};

}  // namespace

TEST_CASE("large text on every participant screen at four sizes: nothing cut, off screen or overlapping", "[ui][reading][layout]") {
    for (ImVec2 size : {ImVec2(1080, 1920), ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(800, 1280)}) {
        INFO("window " << size.x << "x" << size.y);
        Kiosk k(sample_scenario(), size);
        for (const Stop& stop : walk) {
            KIOSK_RUN(k, stop.script);
            REQUIRE(k.app().visit().memory.large_text);
            check_layout(k, stop.screen);
        }
    }
}

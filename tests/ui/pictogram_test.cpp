// pictogram_test.cpp — icons and pictures on option cards, role buttons and the review, as the
// headless software renderer draws them (pixel checks), and an icon atlas that holds only the
// scenario's icons.
#include <fstream>

#include "support/kiosk_harness.h"
#include "picture_helpers.h"

using namespace kiosk_test;

namespace {

// One language, one role with an icon, a dot vote whose first option has an icon and whose
// second a magenta picture, and a third option with neither.
std::string scenario_text(bool with_pictograms, int dots) {
    const std::string icon = with_pictograms ? ", icon = \"home\"" : "";
    const std::string image = with_pictograms ? ", image = \"magenta.png\"" : "";
    return "format = 1\nid = \"pictures\"\nlanguages = [\"en\"]\ntitle = \"Pictures\"\n"
           "[[role]]\nid = \"r\"\nlabel = \"Resident\"\n" + std::string(with_pictograms ? "icon = \"users\"\n" : "") +
           "[[step]]\nid = \"s\"\ntype = \"dot_vote\"\ntitle = \"Pick\"\ndots = " + std::to_string(dots) + "\n"
           "options = [{ id = \"a\", label = \"Alpha\"" + icon + " }, { id = \"b\", label = \"Beta\"" + image +
           " }, { id = \"c\", label = \"Gamma\" }]\n";
}

Scenario load(const TempDir& dir, bool with_pictograms, int dots = 3) {
    std::ofstream(dir / "magenta.png", std::ios::binary) << test::png_filled(64, 48, 0xFF00FFFF);
    std::ofstream(dir / "s.toml", std::ios::binary) << scenario_text(with_pictograms, dots);
    ScenarioLoad loaded = load_scenario_file(dir / "s.toml");
    INFO(format_diagnostics(loaded.errors));
    REQUIRE(loaded.ok());
    return std::move(*loaded.scenario);
}

// Pixels inside `r` for which `wanted` holds.
template <class Wanted>
int count(const Image& img, const Rect& r, Wanted wanted) {
    int n = 0;
    for (int y = std::max(0, static_cast<int>(r.min.y)); y < std::min(img.height, static_cast<int>(r.max.y)); ++y)
        for (int x = std::max(0, static_cast<int>(r.min.x)); x < std::min(img.width, static_cast<int>(r.max.x)); ++x) {
            const unsigned char* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
            n += wanted(p[0], p[1], p[2]) ? 1 : 0;
        }
    return n;
}
const auto magenta = [](int r, int g, int b) { return r > 240 && g < 15 && b > 240; };
const auto dark = [](int r, int g, int b) { return r < 90 && g < 90 && b < 90; };
const auto inked = [](int r, int, int) { return r < 100; };  // text, or the primary blue

struct Shot {
    Image image;
    Rect alpha, beta, gamma, role;
};

Shot dot_vote_screen(bool with_pictograms, int dots) {
    TempDir dir;
    Kiosk k(load(dir, with_pictograms, dots), ImVec2(1280, 800));
    Shot shot;
    KIOSK_RUN(k, "tap \"Touch the screen to start\"\n");
    shot.role = k.find("Resident")->rect;
    KIOSK_RUN(k, "tap \"Resident\"\nexpect \"Pick\"\n");
    shot.image = k.headless().screenshot();
    shot.alpha = k.find("Alpha")->rect;
    shot.beta = k.find("Beta")->rect;
    shot.gamma = k.find("Gamma")->rect;
    return shot;
}

}  // namespace

TEST_CASE("a card with an icon draws it, a card with a picture shows the picture", "[ui][pictogram]") {
    // A dot card (3 dots), and a choice card (1 dot: a single choice draws the card another way).
    const int dots = GENERATE(3, 1);
    INFO("dots = " << dots);
    const Shot plain = dot_vote_screen(false, dots);
    const Shot shown = dot_vote_screen(true, dots);
    INFO("alpha " << shown.alpha.min.x << "," << shown.alpha.min.y << " " << shown.alpha.w() << "x" << shown.alpha.h());
    // The house glyph adds hundreds of dark pixels to Alpha's card; Gamma (no pictogram) is the
    // same in both.
    const int alpha_plain = count(plain.image, plain.alpha, dark), alpha_icon = count(shown.image, shown.alpha, dark);
    CHECK(alpha_icon > alpha_plain + 300);
    CHECK(std::abs(count(shown.image, shown.gamma, dark) - count(plain.image, plain.gamma, dark)) < 50);
    // The picture is pure magenta: it shows on Beta's card only, at least 40 px on a side.
    CHECK(count(plain.image, plain.beta, magenta) == 0);
    CHECK(count(shown.image, shown.beta, magenta) > 40 * 40);
    CHECK(count(shown.image, shown.alpha, magenta) == 0);
    CHECK(count(shown.image, shown.gamma, magenta) == 0);
}

TEST_CASE("role buttons and the review show the pictograms too", "[ui][pictogram]") {
    TempDir dir;
    Kiosk with(load(dir, true), ImVec2(1280, 800));
    TempDir other;
    Kiosk without(load(other, false), ImVec2(1280, 800));
    for (Kiosk* k : {&with, &without}) KIOSK_RUN(*k, "tap \"Touch the screen to start\"\n");
    const Rect role = with.find("Resident")->rect;
    CHECK(count(with.headless().screenshot(), role, inked) > count(without.headless().screenshot(), role, inked) + 100);

    const std::string vote = "tap \"Resident\"\ntap \"Beta\"\ntap \"Alpha\"\ntap \"Next →\"\nexpect \"Check your choices\"\n";
    KIOSK_RUN(with, vote);
    KIOSK_RUN(without, vote);
    const Rect screen{{0, 0}, {1280, 800}};
    CHECK(count(with.headless().screenshot(), screen, magenta) > 15 * 15);
    CHECK(count(without.headless().screenshot(), screen, magenta) == 0);
}

TEST_CASE("the icon font holds only the scenario's icons", "[ui][pictogram][memory]") {
    TempDir dir;
    Kiosk k(load(dir, true), ImVec2(1280, 800));
    const Fonts& fonts = k.app().fonts();
    const ImFont* icons = fonts.icons;
    REQUIRE(icons != nullptr);
    CHECK(icons->FindGlyphNoFallback(fonts.icon(0xf015)) != nullptr);  // home
    CHECK(icons->FindGlyphNoFallback(fonts.icon(0xf0c0)) != nullptr);  // users
    CHECK(fonts.icon(0xf0b1) == 0);                                    // briefcase: not used here
    CHECK(icons->Glyphs.Size == 2);
    // At low code points: ImGui's look-up tables reach the highest one (Font Awesome's U+F0C0
    // made them 61,633 entries, 370 KB).
    CHECK(fonts.icon(0xf015) == 0x100);
    CHECK(fonts.icon(0xf0c0) == 0x101);
    CHECK(icons->IndexLookup.Size == 0x102);
    // A scenario without icons has no icon font at all.
    TempDir other;
    Kiosk plain(load(other, false), ImVec2(1280, 800));
    CHECK(plain.app().fonts().icons == nullptr);
}

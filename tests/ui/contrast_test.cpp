// contrast_test.cpp — every text colour on every fill it is drawn on, in the default theme (WCAG
// AA, 4.5:1) and the high-contrast theme (AAA, 7:1), computed with WCAG 2.x's formula here, not
// taken from the kiosk's own helpers.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "theme.h"

using namespace workshop::kiosk;

namespace {

double channel(unsigned value) {
    const double c = value / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double relative_luminance(ImU32 color) {
    return 0.2126 * channel((color >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((color >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * channel((color >> IM_COL32_B_SHIFT) & 0xFF);
}
double wcag(ImU32 a, ImU32 b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
ImU32 hex(const char* text) {
    ImU32 out = 0;
    REQUIRE(parse_color(text, out));
    return out;
}

struct Pair {
    const char* ink;
    const char* fill;
    ImU32 Palette::*ink_member;
    ImU32 Palette::*fill_member;
};
#define PAIR(ink, fill) Pair{#ink, #fill, &Palette::ink, &Palette::fill}
// Every (text, fill) the screens draw (ui.cpp's buttons, chrome, cards, notices, results).
const std::vector<Pair> text_pairs = {
    PAIR(text, background),      PAIR(text, surface),    PAIR(text, selected),       PAIR(muted, background),
    PAIR(muted, surface),        PAIR(muted, selected),  PAIR(primary, background),  PAIR(primary, surface),
    PAIR(primary, selected),     PAIR(on_primary, primary), PAIR(on_primary, primary_pressed),
    PAIR(on_disabled, disabled), PAIR(on_notice, notice), PAIR(success, background), PAIR(success, surface),
};

void check_palette(const Palette& palette, double least) {
    for (const Pair& p : text_pairs) {
        INFO(p.ink << " on " << p.fill);
        CHECK(wcag(palette.*p.ink_member, palette.*p.fill_member) >= least);
    }
    for (ImU32 option : palette.options) {
        INFO("option colour " << std::hex << option);
        CHECK(wcag(text_color_on(option), option) >= least);  // "+", a result's number on its bar
    }
    // A scenario's own colours ("#777777" has no ink at 4.5:1 with #141414) are made readable.
    for (const char* own : {"#777777", "#D55E00", "#0072B2", "#FF0000", "#00FF00", "#808080", "#5A5A5A"}) {
        INFO("scenario colour " << own);
        const ImU32 fill = readable_fill(hex(own), palette.min_contrast);
        CHECK(wcag(text_color_on(fill), fill) >= least);
    }
}

}  // namespace

TEST_CASE("the WCAG formula as used here gives the published values", "[ui][contrast]") {
    CHECK(wcag(hex("#FFFFFF"), hex("#000000")) == Approx(21.0));
    CHECK(wcag(hex("#777777"), hex("#FFFFFF")) == Approx(4.48).epsilon(0.005));
    CHECK(contrast_ratio(hex("#D55E00"), hex("#000000")) == Approx(wcag(hex("#D55E00"), hex("#000000"))).epsilon(0.001));
}

TEST_CASE("the default theme reaches WCAG AA (4.5:1) for every text", "[ui][contrast]") {
    const Theme& theme = Theme::builtin();
    CHECK(theme.palette.min_contrast == Approx(4.5f));
    check_palette(theme.palette, 4.5);
    // The option colour the issue named reads at AA now: black ink, not #141414.
    CHECK(text_color_on(hex("#D55E00")) == IM_COL32_BLACK);
}

TEST_CASE("the high-contrast theme reaches 7:1 for every text", "[ui][contrast]") {
    const Theme& theme = Theme::builtin();
    CHECK(theme.high_contrast.min_contrast == Approx(7.0f));
    check_palette(theme.high_contrast, 7.0);
    CHECK_FALSE(theme.high_contrast == theme.palette);
}

// The window's first frame is drawn with only the attract screen's glyphs (App::FontScope), the
// rest built when it first wakes up after that frame: the attract screen must look exactly the
// same with either atlas. And the atlas reads the font files in place.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>

#include "bidi.h"
#include "support/kiosk_harness.h"
#include "theme.h"

using namespace kiosk_test;

namespace {

int glyph_count(const ImFontAtlas& atlas) {
    int n = 0;
    for (const ImFont* font : atlas.Fonts) n += font->Glyphs.Size;
    return n;
}

// The attract screen drawn with all glyphs, then with the first screen's only: the same pixels,
// no glyph missing, and far fewer glyphs built.
void same_attract_screen(Kiosk& k) {
    REQUIRE(k.screen() == ScreenId::attract);
    k.headless().frame({});
    const Image all = k.headless().screenshot();
    const int all_glyphs = glyph_count(*ImGui::GetIO().Fonts);
    CHECK_FALSE(k.app().fonts_partial());

    k.headless().build_fonts(App::FontScope::first_screen);
    REQUIRE(k.app().fonts_partial());
    k.headless().frame({});
    const Image first = k.headless().screenshot();
    const int first_glyphs = glyph_count(*ImGui::GetIO().Fonts);
    CHECK(first_glyphs * 2 < all_glyphs);
    for (const std::string& miss : k.app().ui().glyph_misses()) FAIL_CHECK("drawn without its glyph: " << miss);
    REQUIRE(first.width == all.width);
    REQUIRE(first.height == all.height);
    // Pixel for pixel, but for rounding: the glyphs sit elsewhere in a texture of another size, so
    // a scaled glyph's bilinear samples may round one level apart on a few edge pixels.
    std::size_t differing = 0;
    int most = 0;
    for (std::size_t i = 0; i < all.rgba.size(); i += 4)
        if (std::memcmp(&first.rgba[i], &all.rgba[i], 4) != 0) {
            ++differing;
            for (int c = 0; c < 3; ++c) most = std::max(most, std::abs(first.rgba[i + c] - all.rgba[i + c]));
        }
    CHECK(most <= 1);
    CHECK(differing * 1000 < all.rgba.size() / 4);
}

}  // namespace

TEST_CASE("the attract screen looks the same with only its own glyphs, ten languages", "[ui][fonts]") {
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    for (ImVec2 size : {ImVec2(1280, 800), ImVec2(1080, 1920)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(ten, size);
        same_attract_screen(k);
    }
}

TEST_CASE("the attract screen looks the same with only its own glyphs: results button, description, contrast", "[ui][fonts]") {
    std::string scenario = sample_scenario();
    Kiosk k(scenario, {1280, 800});
    for (const Step& step : k.session().scenario().steps)
        if (step.takes_ballots()) REQUIRE(k.session().set_revealed(step.id, true));
    KIOSK_RUN(k, "wait 10");  // the kiosk notices the reveal: "see the results" on the attract screen
    same_attract_screen(k);
    KIOSK_RUN(k, "tap \"" + Strings::builtin().get("high_contrast", "nl") + "\"\nwait 1");
    k.headless().build_fonts();
    same_attract_screen(k);
}

TEST_CASE("on any other screen the first screen's fonts are all of them", "[ui][fonts]") {
    Kiosk k(sample_scenario(), {1280, 800});
    KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"");
    REQUIRE(k.screen() != ScreenId::attract);
    k.headless().build_fonts(App::FontScope::first_screen);
    CHECK_FALSE(k.app().fonts_partial());
}

TEST_CASE("a font file that cannot be read is passed over for the next one", "[ui][fonts]") {
    TempDir dir;
    const std::string empty = dir / "empty.ttf";
    std::ofstream(empty).close();
    Theme theme = Theme::builtin();
    const std::string dejavu = theme.regular_fonts.front();
    theme.regular_fonts = {empty, dejavu};
    ImFontAtlas atlas;
    const Fonts fonts = build_fonts(atlas, theme, Metrics{}, "Welkom");
    CHECK(fonts.warning.empty());
    REQUIRE(fonts.regular);
    CHECK(fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(0x0416)));  // Ж: DejaVu, not ImGui's built-in font

    theme.regular_fonts = {empty};
    ImFontAtlas fallback;
    const Fonts without = build_fonts(fallback, theme, Metrics{}, "Welkom");
    CHECK(without.warning == "font not found (" + empty + "): using ImGui's built-in font, which has no Cyrillic");
    REQUIRE(without.regular);
    CHECK_FALSE(without.regular->FindGlyphNoFallback(static_cast<ImWchar>(0x0416)));
}

namespace {

// The sizes of the blocks ImGui allocates while the allocator below is installed.
std::vector<std::size_t>* g_allocated = nullptr;
void* counting_alloc(std::size_t size, void*) {
    if (g_allocated) g_allocated->push_back(size);
    return std::malloc(size);
}
void counting_free(void* p, void*) { std::free(p); }

}  // namespace

TEST_CASE("the atlas reads the font files in place: no copy of a file per size", "[ui][fonts]") {
    // ImGui's AddFontFromMemoryTTF copies bytes the atlas does not own: with ten languages that
    // was ~6.7 MB per build, a copy of a whole font file for each size (main.cpp's start-up).
    const Theme& theme = Theme::builtin();
    std::set<std::size_t> file_sizes;
    for (const auto* files : {&theme.regular_fonts, &theme.bold_fonts, &theme.script_regular_fonts, &theme.script_bold_fonts})
        for (const std::string& file : *files) {
            std::error_code ec;
            const auto size = std::filesystem::file_size(file, ec);
            if (!ec) file_sizes.insert(static_cast<std::size_t>(size));
        }
    REQUIRE(file_sizes.size() >= 2);  // DejaVu Sans and its bold at least
    ImGuiMemAllocFunc alloc = nullptr;
    ImGuiMemFreeFunc release = nullptr;
    void* user = nullptr;
    ImGui::GetAllocatorFunctions(&alloc, &release, &user);
    std::vector<std::size_t> allocated;
    {
        ImFontAtlas atlas;
        g_allocated = &allocated;
        ImGui::SetAllocatorFunctions(counting_alloc, counting_free);
        const Fonts fonts = build_fonts(atlas, theme, Metrics{}, "Welkom أهلًا ትግርኛ", script_glyphs("ar") + script_glyphs("ti"));
        ImGui::SetAllocatorFunctions(alloc, release, user);
        g_allocated = nullptr;
        REQUIRE(fonts.regular);
        CHECK(fonts.regular->FindGlyphNoFallback(static_cast<ImWchar>(0x0416)));  // Ж, from the file
        CHECK(atlas.ConfigData.empty());  // nothing of the files kept
    }
    REQUIRE_FALSE(allocated.empty());
    for (std::size_t size : allocated) CHECK(file_sizes.count(size) == 0);
}

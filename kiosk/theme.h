// theme.h — colours, sizes and fonts (assets/theme.toml), and the screen metrics derived from
// the real size of the display: every layout works in these units, never in fixed pixels.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "workshop/result.h"

namespace workshop::kiosk {

struct Palette {
    ImU32 background = 0, surface = 0, text = 0, muted = 0;
    ImU32 primary = 0, primary_pressed = 0, on_primary = 0;
    ImU32 border = 0, disabled = 0, on_disabled = 0;
    ImU32 notice = 0, on_notice = 0, success = 0, selected = 0;
    std::vector<ImU32> options;  // used in turn for options without a colour of their own
    float min_contrast = 4.5f;   // every text on its fill reaches this (WCAG: AA 4.5, AAA 7)
    bool operator==(const Palette&) const = default;
};

struct Theme {
    std::vector<std::string> regular_fonts, bold_fonts, icon_fonts;
    // Fonts for the scripts DejaVu lacks (Arabic, Ethiopic), merged in glyph by glyph.
    std::vector<std::string> script_regular_fonts, script_bold_fonts;
    std::string extra_glyphs;
    float body_mm = 6, target_mm = 12, body_per_short_side = 0.024f;
    float small = 0.78f, title = 1.45f, display = 2.1f;
    float fallback_dpi = 96;
    Palette palette;
    Palette high_contrast;  // the voter's "high contrast" choice: every text at least 7:1

    static Outcome<Theme> parse(std::string_view toml_text, std::string_view origin);
    static const Theme& builtin();  // assets/theme.toml embedded at build time
};

// Sizes in pixels for the current display.
struct Metrics {
    ImVec2 display{1920, 1080};
    float px_per_mm = 96 / 25.4f;
    float body = 24;      // body text height
    float small = 19, title = 35, display_text = 50;
    float target = 46;    // smallest touch target side (>= target_mm on the real screen)
    float gap = 14;       // between elements
    float pad = 16;       // inside elements
    float radius = 8;     // corner rounding
    float margin = 32;    // page margin
    bool portrait = false;

    // px_per_mm <= 0 means unknown: theme.fallback_dpi is used.
    static Metrics compute(const Theme& theme, ImVec2 display, float px_per_mm, float ui_scale);
    float mm(float millimetres) const { return millimetres * px_per_mm; }
};

// Pixels per millimetre from a monitor's reported size; 0 when the report is missing or absurd.
float px_per_mm_from_monitor(int width_px, int width_mm, int height_px, int height_mm);

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* small = nullptr;
    ImFont* title = nullptr;
    ImFont* display = nullptr;
    ImFont* icons = nullptr;   // Font Awesome, only the scenario's icons (null when it uses none)
    std::vector<ImWchar> icon_codepoints;  // Font Awesome's code points of those icons, sorted
    float built_for_body = 0;  // Metrics::body the atlas was made for
    unsigned serial = 0;       // which build: glyphs move in the atlas from one build to the next
    bool partial = false;      // built with `only_texts` (build_fonts): the rest must follow
    std::string warning;       // e.g. a font file that was not found

    // The character that draws Font Awesome's `codepoint` in `icons`, 0 when the atlas lacks it.
    // The icons sit at low code points (from 0x100, in order): ImGui sizes each font's look-up
    // tables by its highest code point, and Font Awesome's (U+F000...) made them 370 KB.
    ImWchar icon(std::uint32_t codepoint) const {
        const auto it = std::lower_bound(icon_codepoints.begin(), icon_codepoints.end(), codepoint);
        if (!icons || it == icon_codepoints.end() || *it != codepoint) return 0;
        return static_cast<ImWchar>(kFirstIcon + (it - icon_codepoints.begin()));
    }
    static constexpr ImWchar kFirstIcon = 0x100;
};

// Clears `atlas` and loads the theme's fonts at the metrics' sizes, with Latin, Cyrillic and the
// extra glyphs. Builds the atlas (the caller uploads it to the GPU when there is one).
// The display font, the biggest (most of the atlas, and of the start-up time to rasterize it),
// only draws titles, symbols and digits: it gets the extra glyphs and the code points of
// `display_texts` (App::display_font_texts), nothing else. `icons`: the Font Awesome code points to draw (pictograms.h).
// Arabic and Ethiopic code points in `script_texts` (the scenario's languages' letters and
// shaped forms) come from the theme's script fonts, merged into every font; the display font
// gets those of `display_texts`. Without such languages the atlas holds none of them.
// `only_texts` (when not empty): the body, bold, small and title fonts get only the glyphs of
// these texts (and the extra glyphs), for a first screen drawn before the whole atlas is made.
Fonts build_fonts(ImFontAtlas& atlas, const Theme& theme, const Metrics& metrics, std::string_view display_texts,
                  std::string_view script_texts = {}, const std::vector<ImWchar>& icons = {},
                  std::string_view only_texts = {});

// "#RRGGBB" -> opaque colour; false when malformed.
bool parse_color(std::string_view hex, ImU32& out);
// Black or white, whichever reads better on `background` (WCAG contrast).
ImU32 text_color_on(ImU32 background);
// Relative luminance (WCAG) of a colour.
float luminance(ImU32 color);
// WCAG contrast ratio of two opaque colours (1..21).
float contrast_ratio(ImU32 a, ImU32 b);
// `fill`, lightened or darkened just enough that text_color_on(fill) reaches `min_contrast`.
ImU32 readable_fill(ImU32 fill, float min_contrast);
ImU32 with_alpha(ImU32 color, float alpha);
ImU32 mix(ImU32 a, ImU32 b, float t);  // t = 0 -> a, 1 -> b
// A line width in whole pixels (at least 1): ImGui draws those from its font texture with half
// the vertices of a fractional width, and a screen full of outlined cards adds up.
inline float whole_px(float width) { return std::max(1.0f, std::round(width)); }

}  // namespace workshop::kiosk

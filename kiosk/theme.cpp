#include "theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include "assets.h"
#include "bidi.h"
#include "utf8.h"

namespace workshop::kiosk {

bool parse_color(std::string_view hex, ImU32& out) {
    if (hex.size() != 7 || hex[0] != '#') return false;
    unsigned v = 0;
    for (char c : hex.substr(1)) {
        v <<= 4;
        if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
        else return false;
    }
    out = IM_COL32((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, 0xFF);
    return true;
}

float luminance(ImU32 color) {
    auto channel = [](unsigned c) {
        const float s = static_cast<float>(c) / 255.0f;
        return s <= 0.03928f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
    };
    const float r = channel((color >> IM_COL32_R_SHIFT) & 0xFF);
    const float g = channel((color >> IM_COL32_G_SHIFT) & 0xFF);
    const float b = channel((color >> IM_COL32_B_SHIFT) & 0xFF);
    return 0.2126f * r + 0.7152f * g + 0.0722f * b;
}

ImU32 text_color_on(ImU32 background) {
    const float l = luminance(background);
    const float on_black = (l + 0.05f) / 0.05f;
    const float on_white = 1.05f / (l + 0.05f);
    // Pure black and white: on any colour one of them reaches at least 4.58:1 (WCAG AA).
    return on_black >= on_white ? IM_COL32(0x00, 0x00, 0x00, 0xFF) : IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
}

float contrast_ratio(ImU32 a, ImU32 b) {
    const float la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

ImU32 readable_fill(ImU32 fill, float min_contrast) {
    // Towards white or black, whichever ink the colour keeps, in small steps: the colour stays
    // recognisable, only as much lighter (or darker) as the contrast needs.
    const ImU32 ink = text_color_on(fill);
    const ImU32 away = ink == IM_COL32_BLACK ? IM_COL32_WHITE : IM_COL32_BLACK;
    ImU32 out = fill;
    for (int step = 1; step <= 20 && contrast_ratio(out, text_color_on(out)) < min_contrast; ++step)
        out = mix(fill, away, static_cast<float>(step) / 20.0f);
    return out;
}

ImU32 with_alpha(ImU32 color, float alpha) {
    const unsigned a = static_cast<unsigned>(std::clamp(alpha, 0.0f, 1.0f) * static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF));
    return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImU32 mix(ImU32 a, ImU32 b, float t) {
    auto lerp = [t](unsigned x, unsigned y) {
        return static_cast<unsigned>(std::lround(static_cast<float>(x) + (static_cast<float>(y) - static_cast<float>(x)) * t));
    };
    unsigned out = 0;
    for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT, IM_COL32_A_SHIFT})
        out |= lerp((a >> shift) & 0xFF, (b >> shift) & 0xFF) << shift;
    return out;
}

Outcome<Theme> Theme::parse(std::string_view toml_text, std::string_view origin) {
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& err) {
        return Status::failure(std::string(origin) + ":" + std::to_string(err.source().begin.line) + ":" +
                               std::to_string(err.source().begin.column) + ": error: " + std::string(err.description()));
    }
    Theme theme;
    std::string problem;
    auto fail = [&](const toml::node* node, const std::string& what) {
        if (!problem.empty()) return;
        const int line = node ? static_cast<int>(node->source().begin.line) : 0;
        problem = std::string(origin) + ":" + std::to_string(line) + ": error: " + what;
    };
    auto strings = [&](const char* table, const char* key, std::vector<std::string>& out) {
        const toml::node* node = root.at_path(std::string(table) + "." + key).node();
        if (!node || !node->is_array()) return fail(node, std::string(table) + "." + key + " must be an array of paths");
        for (const auto& item : *node->as_array())
            if (auto s = item.value<std::string>()) out.push_back(*s);
    };
    strings("fonts", "regular", theme.regular_fonts);
    strings("fonts", "bold", theme.bold_fonts);
    if (root.at_path("fonts.script_regular")) strings("fonts", "script_regular", theme.script_regular_fonts);
    if (root.at_path("fonts.script_bold")) strings("fonts", "script_bold", theme.script_bold_fonts);
    if (root.at_path("fonts.icons")) strings("fonts", "icons", theme.icon_fonts);
    theme.extra_glyphs = root.at_path("fonts.extra").value_or(std::string());

    auto number = [&](const char* key, float& out) {
        const toml::node* node = root.at_path(std::string("sizes.") + key).node();
        if (!node) return;
        if (auto v = node->value<double>()) out = static_cast<float>(*v);
        else fail(node, std::string("sizes.") + key + " must be a number");
    };
    number("body_mm", theme.body_mm);
    number("target_mm", theme.target_mm);
    number("body_per_short_side", theme.body_per_short_side);
    number("small", theme.small);
    number("title", theme.title);
    number("display", theme.display);
    number("fallback_dpi", theme.fallback_dpi);

    // [colors] is the default look, [high_contrast] the one a voter may switch to ("Aa").
    auto palette = [&](const std::string& table, Palette& out) {
        const std::map<std::string, ImU32*> colors = {
            {"background", &out.background}, {"surface", &out.surface}, {"text", &out.text}, {"muted", &out.muted},
            {"primary", &out.primary}, {"primary_pressed", &out.primary_pressed}, {"on_primary", &out.on_primary},
            {"border", &out.border}, {"disabled", &out.disabled}, {"on_disabled", &out.on_disabled},
            {"notice", &out.notice}, {"on_notice", &out.on_notice}, {"success", &out.success},
            {"selected", &out.selected}};
        for (const auto& [key, target] : colors) {
            const toml::node* node = root.at_path(table + "." + key).node();
            const auto text = node ? node->value<std::string>() : std::nullopt;
            if (!text || !parse_color(*text, *target)) fail(node, table + "." + key + " must be a colour \"#RRGGBB\"");
        }
        if (const toml::array* options = root.at_path(table + ".options").as_array()) {
            for (const auto& item : *options) {
                ImU32 c = 0;
                const auto text = item.value<std::string>();
                if (!text || !parse_color(*text, c)) fail(&item, table + ".options must hold colours \"#RRGGBB\"");
                out.options.push_back(c);
            }
        }
        if (out.options.empty()) fail(nullptr, table + ".options must list at least one colour");
        out.min_contrast = static_cast<float>(root.at_path(table + ".min_contrast").value_or(4.5));
    };
    palette("colors", theme.palette);
    if (root.at_path("high_contrast")) palette("high_contrast", theme.high_contrast);
    else theme.high_contrast = theme.palette;
    if (!problem.empty()) return Status::failure(problem);
    return theme;
}

const Theme& Theme::builtin() {
    static const Theme theme = [] {
        Outcome<Theme> parsed = Theme::parse(assets::theme_toml(), "assets/theme.toml");
        if (!parsed) {
            std::fprintf(stderr, "%s\n", parsed.message().c_str());
            Theme fallback;
            fallback.palette.options = {IM_COL32(0xE6, 0x9F, 0x00, 0xFF)};
            fallback.palette.text = IM_COL32_BLACK;
            fallback.palette.surface = fallback.palette.background = IM_COL32_WHITE;
            return fallback;
        }
        return std::move(parsed.value());
    }();
    return theme;
}

float px_per_mm_from_monitor(int width_px, int width_mm, int height_px, int height_mm) {
    if (width_px <= 0 || height_px <= 0 || width_mm < 50 || height_mm < 30) return 0;
    const float x = static_cast<float>(width_px) / static_cast<float>(width_mm);
    const float y = static_cast<float>(height_px) / static_cast<float>(height_mm);
    // Square pixels and a plausible density (25..400 dpi), or the report is nonsense (e.g. a
    // projector or a virtual screen claiming 1 mm or a fixed 96 dpi made-up size is still fine).
    if (std::abs(x - y) > 0.2f * std::max(x, y)) return 0;
    const float ppm = (x + y) / 2;
    if (ppm < 25 / 25.4f || ppm > 400 / 25.4f) return 0;
    return ppm;
}

Metrics Metrics::compute(const Theme& theme, ImVec2 display, float px_per_mm, float ui_scale) {
    Metrics m;
    m.display = display;
    m.portrait = display.y > display.x;
    if (px_per_mm <= 0) px_per_mm = theme.fallback_dpi / 25.4f;
    if (ui_scale <= 0) ui_scale = 1;
    m.px_per_mm = px_per_mm * ui_scale;
    const float short_side = std::min(display.x, display.y);
    m.body = std::round(std::max(theme.body_mm * m.px_per_mm, short_side * theme.body_per_short_side * ui_scale));
    m.small = std::round(m.body * theme.small);
    m.title = std::round(m.body * theme.title);
    m.display_text = std::round(m.body * theme.display);
    m.target = std::round(std::max(theme.target_mm * m.px_per_mm, m.body * 2.3f));
    m.gap = std::round(m.body * 0.6f);
    m.pad = std::round(m.body * 0.75f);
    m.radius = std::round(m.body * 0.4f);
    m.margin = std::round(std::max(m.body * 1.2f, short_side * 0.035f));
    return m;
}

namespace {

// The font files of one build, each mapped once and read in place by stb_truetype. ImGui's
// AddFontFromFileTTF read a whole copy per font size, and AddFontFromMemoryTTF copies data it
// does not own: ~6 MB into fresh heap pages, a third of the build's time. So the atlas is told it
// owns the mapped bytes, and release() takes them back before it would free them.
class FontFiles {
public:
    explicit FontFiles(ImFontAtlas& atlas) : m_atlas(atlas) {}
    FontFiles(const FontFiles&) = delete;
    FontFiles& operator=(const FontFiles&) = delete;
    ~FontFiles() {
        release();
        for (const auto& [file, mapped] : m_files)
            if (mapped.bytes) munmap(mapped.bytes, mapped.size);
    }
    // `file` added to the atlas at `size`, or nullptr when it cannot be read.
    ImFont* add(const std::string& file, float size, ImFontConfig config, const ImWchar* ranges) {
        const Mapped& mapped = map(file);
        if (!mapped.bytes) return nullptr;
        config.FontDataOwnedByAtlas = true;  // no copy; release() takes it back
        return m_atlas.AddFontFromMemoryTTF(mapped.bytes, static_cast<int>(mapped.size), size, &config, ranges);
    }
    // The atlas forgets the mapped bytes (before ClearInputData, which would free them).
    void release() {
        for (ImFontConfig& config : m_atlas.ConfigData)
            for (const auto& [file, mapped] : m_files)
                if (config.FontData && config.FontData == mapped.bytes) {
                    config.FontData = nullptr;
                    config.FontDataOwnedByAtlas = false;
                }
    }

private:
    struct Mapped {
        void* bytes = nullptr;
        std::size_t size = 0;
    };
    const Mapped& map(const std::string& file) {
        auto [it, added] = m_files.try_emplace(file);
        if (!added) return it->second;
        const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat info {};
        if (fd >= 0 && fstat(fd, &info) == 0 && info.st_size > 0 && info.st_size < (1 << 30)) {
            void* bytes = mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (bytes != MAP_FAILED) it->second = {bytes, static_cast<std::size_t>(info.st_size)};
        }
        if (fd >= 0) close(fd);
        return it->second;
    }
    ImFontAtlas& m_atlas;
    std::map<std::string, Mapped> m_files;
};

// Arabic and Ethiopic glyphs come from the script fonts (Noto), even where DejaVu has some.
bool drawn_by_script_font(char32_t c) { return script_font_of(c) != ScriptFont::none; }

// The script fonts' code points among `texts`; nullptr when there are none.
const ImWchar* script_ranges(std::string_view texts) {
    static std::map<std::string, ImVector<ImWchar>, std::less<>> cache;
    if (auto it = cache.find(texts); it != cache.end()) return it->second.Size > 1 ? it->second.Data : nullptr;
    ImFontGlyphRangesBuilder builder;
    for (char32_t c : decode_utf8(texts))
        if (drawn_by_script_font(c)) builder.AddChar(static_cast<ImWchar>(c));
    ImVector<ImWchar>& ranges = cache[std::string(texts)];
    builder.BuildRanges(&ranges);
    return ranges.Size > 1 ? ranges.Data : nullptr;
}

// A font's line height (hhea ascent - descent) in em, 0 when unreadable. ImGui sizes a font by
// that height, so Noto Sans Arabic (2.1 em, room for stacked marks) would come out at 55% of
// DejaVu's letters (1.16 em) unless its size is scaled by the ratio.
float line_height_em(const std::string& file) {
    static std::map<std::string, float> known;
    if (auto it = known.find(file); it != known.end()) return it->second;
    // Only the table directory and the two tables are read (the whole file took ~15 ms of the
    // start-up for the six fonts).
    std::ifstream in(file, std::ios::binary);
    auto read = [&in](std::size_t at, std::size_t n) {
        std::string bytes(n, '\0');
        in.clear();
        in.seekg(static_cast<std::streamoff>(at));
        in.read(bytes.data(), static_cast<std::streamsize>(n));
        bytes.resize(in ? n : 0);
        return bytes;
    };
    auto u16 = [](const std::string& b, std::size_t at) { return at + 2 <= b.size() ? (static_cast<unsigned char>(b[at]) << 8) | static_cast<unsigned char>(b[at + 1]) : 0; };
    auto u32 = [&](const std::string& b, std::size_t at) { return (static_cast<std::size_t>(u16(b, at)) << 16) | static_cast<std::size_t>(u16(b, at + 2)); };
    const std::string offsets = read(0, 12);
    const std::string directory = read(12, 16 * static_cast<std::size_t>(u16(offsets, 4)));
    std::string head, hhea;
    for (std::size_t at = 0; at + 16 <= directory.size(); at += 16) {
        const std::string_view tag = std::string_view(directory).substr(at, 4);
        if (tag == "head") head = read(u32(directory, at + 8), 54);
        if (tag == "hhea") hhea = read(u32(directory, at + 8), 36);
    }
    const int units_per_em = u16(head, 18);
    const int ascent = static_cast<std::int16_t>(u16(hhea, 4));
    const int descent = static_cast<std::int16_t>(u16(hhea, 6));
    return known[file] = units_per_em > 0 ? static_cast<float>(ascent - descent) / static_cast<float>(units_per_em) : 0;
}

// Merges the script fonts' `glyphs` into the font added last (a separate step, so that other
// merged fonts, e.g. icons, can sit beside it), their letters as big as the main font's (`main`).
void merge_script_fonts(FontFiles& mapped, const std::vector<std::string>& files, float size,
                        const ImWchar* glyphs, const std::vector<std::string>& main) {
    if (!glyphs) return;
    float main_em = 0;
    for (const std::string& file : main) {
        std::error_code ec;
        if (main_em == 0 && std::filesystem::exists(file, ec)) main_em = line_height_em(file);
    }
    for (const std::string& file : files) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) continue;
        ImFontConfig config;
        config.MergeMode = true;
        config.OversampleH = 1;
        config.OversampleV = 1;
        const float em = line_height_em(file);
        mapped.add(file, main_em > 0 && em > 0 ? size * em / main_em : size, config, glyphs);
    }
}

const ImWchar* glyph_ranges(const std::string& extra, std::string_view display_texts) {
    // The atlas keeps a pointer to the ranges: they live as long as the program.
    static std::map<std::string, ImVector<ImWchar>> cache;
    std::string key = extra;
    if (!display_texts.empty()) key.append("\n").append(display_texts);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second.Data;
    ImFontGlyphRangesBuilder builder;
    static const ImWchar base[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 (Dutch accents)
        0x0100, 0x017F,  // Latin Extended-A
        0x0400, 0x045F,  // Cyrillic
        0x0490, 0x0491,  // Ґ ґ
        0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
        0,
    };
    if (display_texts.empty()) {
        builder.AddRanges(base);
    } else {
        for (char32_t c : decode_utf8(display_texts))
            if (c <= 0xFFFF && !drawn_by_script_font(c)) builder.AddChar(static_cast<ImWchar>(c));
    }
    builder.AddText(extra.c_str());
    ImVector<ImWchar>& ranges = cache[key];
    builder.BuildRanges(&ranges);
    return ranges.Data;
}

ImFont* add_font(ImFontAtlas& atlas, FontFiles& mapped, const std::vector<std::string>& files, float size,
                 const ImWchar* ranges, std::string& warning) {
    for (const std::string& file : files) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) continue;
        ImFontConfig config;
        // No sub-pixel oversampling: text is drawn at whole pixels, and 2x costs twice the
        // rasterizing (and atlas) at start-up for every glyph.
        config.OversampleH = 1;
        config.OversampleV = 1;
        if (ImFont* font = mapped.add(file, size, config, ranges)) return font;
    }
    if (warning.empty())
        warning = "font not found (" + (files.empty() ? std::string("none configured") : files.front()) +
                  "): using ImGui's built-in font, which has no Cyrillic";
    ImFontConfig config;
    config.SizePixels = size;
    return atlas.AddFontDefault(&config);
}

// The icon font holds only the icons in use (a few dozen glyphs, not Font Awesome's 700), at the
// display size: icons are drawn at most that large, smaller ones scale down from it.
ImFont* add_icon_font(FontFiles& mapped, const std::vector<std::string>& files, float size,
                      const std::vector<ImWchar>& codepoints, std::string& warning) {
    if (codepoints.empty()) return nullptr;
    // The atlas keeps a pointer to the ranges until it is built again: one list per build.
    static ImVector<ImWchar> ranges;
    ranges.clear();
    for (ImWchar code : codepoints) ranges.push_back(code), ranges.push_back(code);
    ranges.push_back(0);
    for (const std::string& file : files) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) continue;
        ImFontConfig config;
        config.OversampleH = 1;
        config.OversampleV = 1;
        if (ImFont* font = mapped.add(file, size, config, ranges.Data)) return font;
    }
    if (warning.empty())
        warning = "icon font not found (" + (files.empty() ? std::string("none configured") : files.front()) +
                  "): options show no icons; install fonts-font-awesome";
    return nullptr;
}

// The icons from Fonts::kFirstIcon on (Fonts::icon), and the icon font's look-up tables made
// again for those code points: a few hundred entries instead of 62,000.
void move_icons_down(Fonts& fonts, const std::vector<ImWchar>& icons) {
    fonts.icon_codepoints = icons;
    std::sort(fonts.icon_codepoints.begin(), fonts.icon_codepoints.end());
    if (!fonts.icons) return;
    for (ImFontGlyph& glyph : fonts.icons->Glyphs) glyph.Codepoint = fonts.icon(glyph.Codepoint);
    fonts.icons->FallbackGlyph = nullptr;  // else the rebuild takes it for a space and adds a tab glyph
    fonts.icons->BuildLookupTable();
}

// The marks that steer joining and direction but show nothing: zero width space and non-joiner
// (Persian's half-space), joiner, the direction marks (U+200B-U+200F), and the bidi isolates
// (U+2066-U+2069) that keep each language's words a run of their own on the start screen's
// results button. No font draws them, so they get glyphs that take no room: else each was
// measured as the fallback glyph and lines wrapped early.
void add_invisible_marks(const Fonts& fonts) {
    for (ImFont* font : {fonts.regular, fonts.bold, fonts.small, fonts.title, fonts.display}) {
        if (!font) continue;
        for (const auto [first, last] : {std::pair<ImWchar, ImWchar>{0x200B, 0x200F}, {0x2066, 0x2069}})
            for (ImWchar c = first; c <= last; ++c)
                if (!font->FindGlyphNoFallback(c)) font->AddGlyph(nullptr, c, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        font->BuildLookupTable();
    }
}

}  // namespace

Fonts build_fonts(ImFontAtlas& atlas, const Theme& theme, const Metrics& metrics, std::string_view display_texts,
                  std::string_view script_texts, const std::vector<ImWchar>& icons, std::string_view only_texts) {
    static unsigned serial = 0;
    atlas.Clear();
    // As high as the glyphs need, not the next power of two: up to half of the texture, which
    // a software driver keeps in RAM, was empty.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    Fonts fonts;
    fonts.serial = ++serial;
    FontFiles mapped(atlas);
    const ImWchar* ranges = glyph_ranges(theme.extra_glyphs, only_texts);
    const ImWchar* script = script_ranges(only_texts.empty() ? script_texts : only_texts);
    fonts.regular = add_font(atlas, mapped, theme.regular_fonts, metrics.body, ranges, fonts.warning);
    merge_script_fonts(mapped, theme.script_regular_fonts, metrics.body, script, theme.regular_fonts);
    fonts.bold = add_font(atlas, mapped, theme.bold_fonts, metrics.body, ranges, fonts.warning);
    merge_script_fonts(mapped, theme.script_bold_fonts, metrics.body, script, theme.bold_fonts);
    fonts.small = add_font(atlas, mapped, theme.regular_fonts, metrics.small, ranges, fonts.warning);
    merge_script_fonts(mapped, theme.script_regular_fonts, metrics.small, script, theme.regular_fonts);
    fonts.title = add_font(atlas, mapped, theme.bold_fonts, metrics.title, ranges, fonts.warning);
    merge_script_fonts(mapped, theme.script_bold_fonts, metrics.title, script, theme.bold_fonts);
    fonts.display = add_font(atlas, mapped, theme.bold_fonts, metrics.display_text,
                             glyph_ranges(theme.extra_glyphs, display_texts), fonts.warning);
    merge_script_fonts(mapped, theme.script_bold_fonts, metrics.display_text, script_ranges(display_texts),
                       theme.bold_fonts);
    fonts.icons = add_icon_font(mapped, theme.icon_fonts, metrics.display_text, icons, fonts.warning);
    atlas.Build();
    move_icons_down(fonts, icons);
    add_invisible_marks(fonts);
    // The fonts' bytes served only the build: a rebuild maps the files again.
    mapped.release();
    atlas.ClearInputData();
    fonts.built_for_body = metrics.body;
    fonts.partial = !only_texts.empty();
    return fonts;
}

}  // namespace workshop::kiosk

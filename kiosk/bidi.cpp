#include "bidi.h"

#include <algorithm>
#include <vector>

#include <fribidi.h>

#include "utf8.h"

namespace workshop::kiosk {

namespace {

bool is_rtl_code_point(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

void append_range(std::string& out, char32_t first, char32_t last) {
    for (char32_t c = first; c <= last; ++c) append_utf8(out, c);
}

}  // namespace

bool is_rtl_language(std::string_view language) {
    static constexpr std::string_view rtl[] = {"ar", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"};
    return std::find(std::begin(rtl), std::end(rtl), language) != std::end(rtl);
}

bool has_rtl(std::string_view text) {
    // Every RTL code point is at least two bytes with a lead byte >= 0xD6: skip ASCII quickly.
    for (unsigned char c : text)
        if (c >= 0xD6) {
            for (char32_t cp : decode_utf8(text))
                if (is_rtl_code_point(cp)) return true;
            return false;
        }
    return false;
}

bool reads_rtl(std::string_view text, bool otherwise) {
    if (!otherwise && !has_rtl(text)) return false;  // Latin, Cyrillic, Ge'ez: quickly
    for (char32_t c : decode_utf8(text)) {
        const FriBidiCharType type = fribidi_get_bidi_type(static_cast<FriBidiChar>(c));
        if (FRIBIDI_IS_LETTER(type)) return FRIBIDI_IS_RTL(type);
    }
    return otherwise;
}

std::string visual_line(std::string_view logical, bool rtl) {
    const std::vector<char32_t> in = decode_utf8(logical);
    if (in.empty()) return {};
    std::vector<FriBidiChar> text(in.begin(), in.end());
    std::vector<FriBidiChar> visual(text.size() + 1);
    FriBidiParType direction = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    // log2vis: the bidi algorithm, bracket mirroring, and Arabic shaping (presentation forms and
    // the lam-alef ligatures, whose second code point becomes a filler that is dropped below).
    // Joiners, direction marks (Persian's half-space ZWNJ) and isolates did their work and are
    // dropped too: the fonts have no glyph for them.
    if (!fribidi_log2vis(text.data(), static_cast<FriBidiStrIndex>(text.size()), &direction, visual.data(), nullptr,
                         nullptr, nullptr))
        return std::string(logical);
    std::string out;
    out.reserve(logical.size());
    for (std::size_t i = 0; i < text.size(); ++i)
        if (visual[i] != FRIBIDI_CHAR_FILL && (visual[i] < 0x200B || visual[i] > 0x200F) && (visual[i] < 0x2066 || visual[i] > 0x2069))
            append_utf8(out, static_cast<char32_t>(visual[i]));
    return out;
}

bool is_nonspacing_mark(char32_t c) { return fribidi_get_bidi_type(static_cast<FriBidiChar>(c)) == FRIBIDI_TYPE_NSM; }

ScriptFont script_font_of(char32_t c) {
    if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) return ScriptFont::arabic;
    if (c >= 0x1200 && c <= 0x139F) return ScriptFont::ethiopic;
    return ScriptFont::none;
}

std::string script_glyphs(std::string_view language) {
    std::string out;
    if (language == "ar" || language == "fa" || language == "ur" || language == "ps") {
        append_range(out, 0x060C, 0x060C);  // ، comma
        append_range(out, 0x061B, 0x061F);  // ؛ ؟
        append_range(out, 0x0621, 0x0655);  // letters and the common marks
        append_range(out, 0x0660, 0x066D);  // Arabic-Indic digits, separators
        for (char32_t c : {0x0670, 0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06C0, 0x06CC, 0x06D4}) append_utf8(out, c);
        append_range(out, 0x06F0, 0x06F9);  // Persian digits
        // Presentation forms: پ, چ, ژ, ک, گ, ی and the Arabic letters, lam-alef ligatures.
        append_range(out, 0xFB56, 0xFB59);
        append_range(out, 0xFB7A, 0xFB7D);
        append_range(out, 0xFB8A, 0xFB95);
        append_range(out, 0xFBA4, 0xFBA5);
        append_range(out, 0xFBE8, 0xFBE9);  // ى joined on both sides (typed ىى, as shaped)
        append_range(out, 0xFBFC, 0xFBFF);
        append_range(out, 0xFE70, 0xFE74);
        append_range(out, 0xFE76, 0xFEFC);
    } else if (language == "ti" || language == "am") {
        // Of the 350 syllables, those the keyboard types (7 forms of 33 consonants) and the
        // texts hold (App::script_glyphs_of_scenario): the others cost start-up and memory.
        append_range(out, 0x1361, 0x1368);  // ፡ ። ፣ ፤ ...
    }
    return out;
}

}  // namespace workshop::kiosk

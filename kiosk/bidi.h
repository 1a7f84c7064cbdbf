// bidi.h — right-to-left text for the kiosk: Arabic and Persian joined and in display order.
//
// ImGui draws one glyph per code point, left to right. For Arabic script that is not enough: the
// letters take a different form at the start, middle or end of a word, lam + alef is one
// ligature, and a line mixes right-to-left words with digits and Latin names. GNU FriBiDi does
// both halves: it turns letters into their Unicode presentation forms (which Noto Sans Arabic
// draws) and reorders a line by the Unicode bidi algorithm. The kiosk wraps lines in logical
// order (as typed) and only then asks for each line's display order.
#pragma once

#include <string>
#include <string_view>

namespace workshop::kiosk {

// Whether `language` (ISO 639-1) is written right to left: the whole screen mirrors for it.
bool is_rtl_language(std::string_view language);
// Whether `text` holds a right-to-left letter (Arabic, Hebrew, Thaana, Syriac, N'Ko blocks).
bool has_rtl(std::string_view text);
// Whether a text reads right to left by its first letter of a strong direction (the Unicode
// rules P2-P3): a voter's Arabic idea does on a Dutch screen, an English name on an Arabic one
// does not. Without such a letter (digits only), `otherwise`: the screen's direction.
bool reads_rtl(std::string_view text, bool otherwise);
// One line in display order, left to right as it appears on screen, Arabic letters shaped
// (presentation forms, lam-alef ligatures). `rtl`: the paragraph's direction (the voter's
// language), which decides where digits and Latin words go at the line's ends.
std::string visual_line(std::string_view logical, bool rtl);
// Whether `c` is a non-spacing mark (Arabic harakat, a combining accent): drawn over or under
// the letter it follows as typed, without an advance of its own.
bool is_nonspacing_mark(char32_t c);
// The scripts the kiosk draws from fonts of their own (Noto): Arabic (with its presentation
// forms) and Ge'ez; DejaVu Sans draws the others.
enum class ScriptFont { none, arabic, ethiopic };
ScriptFont script_font_of(char32_t c);
// The code points the kiosk needs to draw `language`'s script beyond what its keyboard types
// and its texts hold: for Arabic script its letters, digits and the presentation forms shaping
// produces; for Ge'ez its punctuation. Empty for scripts DejaVu Sans covers (Latin, Cyrillic).
// The font atlas carries these glyphs only for the scenario's languages.
std::string script_glyphs(std::string_view language);

}  // namespace workshop::kiosk

// keyboard.h — the on-screen keyboard, drawn by the kiosk itself (a system keyboard misbehaves
// over a fullscreen app and knows nothing of our languages).
//
// Layouts: Latin QWERTY with an accent row in the voter's language (Dutch, Turkish ç ğ ı İ ö ş ü,
// Polish ą ć ę ł ń ó ś ź ż), Ukrainian ЙЦУКЕН (with ґ and the apostrophe ʼ), Russian ЙЦУКЕН,
// Arabic, Persian (پ چ ژ گ ک ی and the half-space ZWNJ), Ge'ez for Tigrinya, and
// digits/punctuation. Shift works once (the next letter), and is on for the first letter. Ge'ez
// as mobile Ge'ez keyboards do it: a consonant key opens a row of its seven vowel forms beside
// it; tapping one types it.
#pragma once

#include <string>
#include <string_view>

#include "ui.h"

namespace workshop::kiosk {

enum class KeyboardLayout { latin, ukrainian, symbols, russian, arabic, persian, geez };

// Part of the voter's state: cleared with everything else on reset.
struct KeyboardState {
    KeyboardLayout layout = KeyboardLayout::latin;
    bool shift = true;
    char32_t consonant = 0;  // Ge'ez: the consonant whose vowel forms are open (0: none)
};

struct KeyPress {
    enum class Kind { none, insert, backspace } kind = Kind::none;
    std::string text;  // for insert
};

struct KeyboardLabels {
    std::string space;  // the space bar's label, in the voter's language
    // The other script offered beside Latin (a key switches), if any.
    KeyboardLayout native = KeyboardLayout::ukrainian;
    bool offer_native = true;
    std::string_view accents = "é ë è ï ö ó ü à ç";  // Latin's first row, space-separated
    bool dotted_i = false;  // shift makes i İ (Turkish), not I
};

// How many rows of keys `state`'s layout has as drawn (4 or 5): the keyboard is that tall.
int keyboard_rows(const KeyboardState& state, const KeyboardLabels& labels);
// The keyboard's height for a given width and number of rows (keys at least one touch target tall).
float keyboard_height(const Metrics& m, float width, int rows);
// The layout a voter of `language` starts with.
KeyboardLayout keyboard_layout_for(std::string_view language);
// The Latin layout's accent row for `language` (Dutch's when it has none of its own).
std::string_view latin_accents_for(std::string_view language);
// Whether `language` writes i's capital with a dot (İ) and ı's without (I): Turkish, Azerbaijani.
bool dotted_capital_i(std::string_view language);
// Everything `layout`'s letter keys can type: their letters, upper case too, and for Ge'ez each
// consonant's seven vowel forms (the font atlas must hold all of it).
std::string keyboard_text(KeyboardLayout layout);

// Draws the keyboard into `area` and returns what was pressed. Letter keys are disabled when
// `can_insert` is false (the length limit is reached); backspace never is.
KeyPress draw_keyboard(Ui& ui, const Rect& area, KeyboardState& state, const KeyboardLabels& labels,
                       bool can_insert);

// Applies a key press to `text` within `max_code_points`; returns whether the text changed.
bool apply_key(std::string& text, const KeyPress& key, int max_code_points);

}  // namespace workshop::kiosk

// keyboard.h — the on-screen keyboard, drawn by the kiosk itself (a system keyboard misbehaves
// over a fullscreen app and knows nothing of our languages).
//
// Layouts: Latin QWERTY with a Dutch accent row, Ukrainian ЙЦУКЕН (with ґ and the apostrophe ʼ),
// and digits/punctuation; shift works once (the next letter), and is on for the first letter.
#pragma once

#include <string>
#include <string_view>

#include "ui.h"

namespace workshop::kiosk {

enum class KeyboardLayout { latin, ukrainian, symbols };

// Part of the voter's state: cleared with everything else on reset.
struct KeyboardState {
    KeyboardLayout layout = KeyboardLayout::latin;
    bool shift = true;
};

struct KeyPress {
    enum class Kind { none, insert, backspace } kind = Kind::none;
    std::string text;  // for insert
};

struct KeyboardLabels {
    std::string space;        // the space bar's label, in the voter's language
    bool offer_cyrillic = true;
};

// The keyboard's height for a given width (keys at least one touch target tall).
float keyboard_height(const Metrics& m, float width);
// The layout a voter of `language` starts with.
KeyboardLayout keyboard_layout_for(std::string_view language);

// Draws the keyboard into `area` and returns what was pressed. Letter keys are disabled when
// `can_insert` is false (the length limit is reached); backspace never is.
KeyPress draw_keyboard(Ui& ui, const Rect& area, KeyboardState& state, const KeyboardLabels& labels,
                       bool can_insert);

// Applies a key press to `text` within `max_code_points`; returns whether the text changed.
bool apply_key(std::string& text, const KeyPress& key, int max_code_points);

}  // namespace workshop::kiosk

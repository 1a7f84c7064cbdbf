// facilitator_chrome.h — what facilitator screens share: a dark header bar (so nobody mistakes
// facilitator mode for the voters' screens) with the way back and "Exit facilitator mode", the
// last action's feedback, state chips and two-way switches.
#pragma once

#include <string_view>

#include "facilitator_mode.h"

namespace workshop::kiosk {

// Draws the header bar and the feedback of the last action; returns the area below. `back`:
// a "← Back" button to the facilitator home. A tap sets `intent`.
Rect facilitator_page(ScreenContext& ctx, std::string_view title, bool back, Intent& intent);

// A rounded label showing a state ("Open", "Paused"); returns its width.
float chip_width(const Ui& ui, std::string_view text);
void draw_chip(Ui& ui, const Rect& r, std::string_view text, ImU32 fill, ImU32 ink);

// A two-way switch: two halves, the chosen one filled. Returns 0 or 1 when the other half was
// tapped, -1 otherwise. Each half is a tappable under its label with `context`.
int draw_switch(Ui& ui, const Rect& r, std::string_view left, std::string_view right, int chosen, ImU32 chosen_fill,
                std::string_view context);
float switch_width(const Ui& ui, std::string_view left, std::string_view right);

// A secondary button as wide as its label needs (at least `min_w`), cut from the right of `row`.
bool button_right(Ui& ui, Rect& row, std::string_view label, ButtonKind kind, float min_w = 0, bool enabled = true,
                  std::string_view context = {});
float button_width(const Ui& ui, std::string_view label, float min_w = 0);

// Colours of facilitator mode beyond the palette.
ImU32 facilitator_bar_color(const Ui& ui);
ImU32 danger_color();
ImU32 paused_color();

// Bytes in `language`'s words and number style: "57.2 GB" (en), "57,2 GB" (nl), "57,2 ГБ" (uk);
// the unit names are facilitator texts (size_b … size_tb), the decimal sign the one numbers on
// results slides use (format_decimal). "" for a negative (unknown) size.
std::string human_size(long long bytes, std::string_view language);

}  // namespace workshop::kiosk

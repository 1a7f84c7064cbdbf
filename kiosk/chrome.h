// chrome.h — the parts every screen shares: page margins, the step header ("Step 2 of 4", title,
// prompt), the footer with Back/Next and the reason Next is not available, and card grids.
#pragma once

#include <string_view>

#include "pictograms.h"
#include "screens.h"

namespace workshop::kiosk {

// The screen minus the page margins.
Rect page_rect(const Ui& ui);

// Draws the header of a step (progress, title, prompt) at the top of `area` and removes it.
void draw_step_header(ScreenContext& ctx, Rect& area);

struct FooterTaps {
    bool back = false;
    bool next = false;
    bool skip = false;
};

// The footer at the bottom of `area` (removed from it): Back on the left, Next on the right;
// when Next is disabled, `reason` says why, calmly, between them. An empty label: no Next.
// `skip_label`, when given, is a secondary button left of Next (FooterTaps::skip).
FooterTaps draw_footer(ScreenContext& ctx, Rect& area, std::string_view next_label, bool next_enabled,
                       std::string_view reason, bool show_back = true, std::string_view skip_label = {});
// A footer with Back and the reading buttons only (a screen where a tap on a choice moves on).
// `speaker` false before the voter chose a language (see draw_reading_buttons).
bool draw_back_footer(ScreenContext& ctx, Rect& area, bool speaker = true);
float footer_height(const Metrics& m);
// The voter's reading choices, cut off the left of the footer `bar`: "Aa" (all text 1.5x), high
// contrast and, when read_aloud is on and the voter's language has a voice, the speaker (it sets
// ctx.read_page). Every footer has them; they live in the visit, so an idle reset undoes them.
// Before the voter chose a language (attract, language screens) there is no speaker: it would
// read in a language nobody chose.
void draw_reading_buttons(ScreenContext& ctx, Rect& bar, bool speaker = true);
// The reading buttons at the foot of a screen without a step footer (thanks, paused, could not
// save): whoever needed large text, contrast or the speaker keeps them to the end.
void draw_reading_foot(ScreenContext& ctx, bool speaker = true);
// The room the reading buttons take in a footer (with their gaps).
float reading_buttons_width(const ScreenContext& ctx);
// Whether this voter gets the speaker: read_aloud on and a voice for their language.
bool can_read_aloud(const ScreenContext& ctx);
// What the speaker button reads: a step's title, prompt and options; on another screen the texts
// drawn above the footer, in order.
std::string page_text(const ScreenContext& ctx);
// A long press on `card` reads `text` (an option's label and description) aloud; the release
// that ends it is no tap (Ui::tapped).
void read_on_long_press(ScreenContext& ctx, const Rect& card, std::string_view text);
// The footer of a step that asks for a choice: Back, and "Next →" as the main button ("Check my
// choices" when the voter came from the review). While nothing is chosen and the step may be
// skipped, Next waits and a secondary "Skip this question" goes on (taps.next either way).
FooterTaps draw_step_footer(ScreenContext& ctx, Rect& area, bool nothing_chosen, bool next_enabled, std::string_view reason);

// A notice (a limit reached and the like) filling `box` in the notice colours.
void draw_notice(Ui& ui, const Rect& box, std::string_view text);

// The tag on an idea typed in another language than the one shown (idea cards, results): that
// language by its own name in its own script, as on the language screen ("العربية", not "AR",
// which says nothing to a reader of Arabic script). "" for an idea in the viewer's language.
std::string idea_language_tag(const ScreenContext& ctx, std::string_view language);
// The tag's width in `f` (a rounded outline around its text).
float language_tag_width(const Ui& ui, FontSpec f, std::string_view tag);
// Draws the tag at the left of `box` (as tall as `box`) and returns its width.
float draw_language_tag(Ui& ui, FontSpec f, std::string_view tag, const Rect& box, ImU32 ink);

// Cards laid out in a grid in `area`: of the column counts that keep every card at least
// `min_size` (and at most `max_h` tall), the one whose cards come closest to `aspect`
// (width / height) with the fewest empty cells; scrolls when none fits.
struct Grid {
    int columns = 1;
    float card_w = 0, card_h = 0, gap = 0;
    float content_h = 0;
    Rect cell(int index, const Rect& area, float scroll) const;
};
Grid layout_grid(int count, const Rect& area, ImVec2 min_size, float max_h, float gap, int max_columns = 4,
                 float aspect = 2.5f);

// A calm full-screen message: a big symbol in a circle, a title and a body text, centred, with
// `extra_below` pixels kept free under it; returns the rectangle below the text.
Rect centred_message(Ui& ui, std::string_view symbol, ImU32 symbol_color, std::string_view title,
                     std::string_view body, float extra_below);

// Draws a row of `total` dots, the first `filled` solid: dots left, dots given.
void draw_dots(Ui& ui, ImVec2 left_center, float radius, int filled, int total, ImU32 color, ImU32 empty);

}  // namespace workshop::kiosk

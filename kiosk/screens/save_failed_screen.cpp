// save_failed_screen.cpp — the ballots could not be stored: a calm message, call the facilitator;
// "Try again" casts the same visit again, "Start over" discards it.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_save_failed_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    // Calm, not alarming: a neutral colour, no red, and the two ways on.
    Rect below = centred_message(ui, "!", ui.colors().on_notice, ctx.tr("save_failed_title"), ctx.tr("save_failed_body"), m.target * 2.5f);
    Intent intent;
    const std::string retry = ctx.tr("try_again");
    const std::string over = ctx.tr("start_over");
    Rect row = cut_top(below, m.target * 1.2f, m.gap);
    const float w = std::min((row.w() - m.gap) / 2, std::max(ui.measure(ui.bold(), retry).x, ui.measure(ui.bold(), over).x) + m.pad * 4);
    row = row.centered_width(w * 2 + m.gap);
    if (ui.button(cut_left(row, w, m.gap), over, ButtonKind::secondary)) intent = Intent::of(IntentKind::finish);
    if (ui.button(row, retry, ButtonKind::primary)) intent = Intent::of(IntentKind::confirm);
    draw_reading_foot(ctx);
    return intent;
}

}  // namespace workshop::kiosk

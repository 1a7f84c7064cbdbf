// thanks_screen.cpp — shown only after Session::cast_visit stored the ballots; returns to the
// start by itself after a few seconds (App) or on "Done".
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_thanks_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    Rect below = centred_message(ui, "✓", ui.colors().success, ctx.tr("thanks_title"), ctx.tr("thanks_body"), m.target * 1.3f);
    const std::string done = ctx.tr("done");
    const Rect button = cut_top(below, m.target * 1.2f).centered_width(std::max(m.body * 9, ui.measure(ui.bold(), done).x + m.pad * 4));
    const bool finished = ui.button(button, done, ButtonKind::primary);
    draw_reading_foot(ctx);
    return finished ? Intent::of(IntentKind::finish) : Intent{};
}

}  // namespace workshop::kiosk

// paused_screen.cpp — the facilitator paused or ended the session: a calm message, no buttons.
// The voter's unconfirmed choices wait (the idle reset still clears them).
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_paused_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const bool ended = ctx.session && ctx.session->state() == SessionState::ended;
    centred_message(ui, ended ? "✓" : "…", ui.colors().primary, ctx.tr(ended ? "ended_title" : "paused_title"),
                    ctx.tr(ended ? "ended_body" : "paused_body"), 0);
    return {};
}

}  // namespace workshop::kiosk

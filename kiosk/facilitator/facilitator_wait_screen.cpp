// facilitator_wait_screen.cpp — supervised turns: instead of "touch to start", the next voter
// is asked to wait until the facilitator lets them start (facilitator mode, "Let the next voter
// start"). In every language of the scenario; nothing here can be tapped.
#include <algorithm>
#include <cmath>

#include "chrome.h"
#include "facilitator_mode.h"

namespace workshop::kiosk {

Intent draw_wait_for_facilitator_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Strings& s = Facilitator::strings();
    std::vector<std::string> others;
    if (ctx.scenario)
        for (const std::string& lang : ctx.scenario->languages)
            if (lang != ctx.lang) others.push_back(s.get("wait_title", lang));
    float others_h = 0;
    const float col_w = std::min(ui.screen().w() - m.margin * 2, m.body * 34);
    for (const std::string& o : others) others_h += ui.measure(ui.body(), o, col_w).y + m.gap * 0.3f;

    if (ctx.scenario) {
        Rect top = page_rect(ui);
        const std::string& title = ctx.local(ctx.scenario->title);
        ui.text(ui.fit(ui.title(), title, ImVec2(top.w(), ui.line_height(ui.title()) * 2), 0.7f), title, top, c.muted, Align::center);
    }
    Rect below = centred_message(ui, "…", c.primary, s.get("wait_title", ctx.lang), s.get("wait_body", ctx.lang), others_h + m.gap);
    Rect col = below.centered_width(col_w);
    for (const std::string& o : others) cut_top(col, ui.text(ui.body(), o, col, c.muted, Align::center), m.gap * 0.3f);
    return {};
}

}  // namespace workshop::kiosk

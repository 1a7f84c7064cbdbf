// language_screen.cpp — one big button per language, each in its own name.
#include <algorithm>
#include <cmath>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_language_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Scenario& scenario = *ctx.scenario;
    Rect page = page_rect(ui);
    Intent intent;

    // "Choose your language" in each language: whoever stands here can read one of them.
    Rect footer = cut_bottom(page, footer_height(m), m.gap);
    const std::string back = "← " + ctx.tr("back");
    if (ui.button(cut_left(footer, std::max(m.body * 6, ui.measure(ui.bold(), back).x + m.pad * 2)), back, ButtonKind::secondary))
        intent = Intent::of(IntentKind::back);

    const float col_w = std::min(page.w(), m.body * 24);
    const float button_h = std::round(m.target * 1.35f);
    const std::size_t n = scenario.languages.size();
    float heading_h = 0;
    for (const std::string& lang : scenario.languages)
        heading_h += ui.measure(lang == scenario.languages.front() ? ui.title() : ui.body(), ctx.strings.get("choose_language", lang), col_w).y;
    const float total = heading_h + m.gap * 2 + n * button_h + (n - 1) * m.gap;
    Rect col = page.centered_width(col_w);
    col.min.y += std::max(0.0f, (col.h() - total) / 2);

    for (const std::string& lang : scenario.languages) {
        const bool first = lang == scenario.languages.front();
        cut_top(col, ui.text(first ? ui.title() : ui.body(), ctx.strings.get("choose_language", lang), col,
                             first ? c.text : c.muted, Align::center), 0);
    }
    cut_top(col, m.gap * 2);
    for (const std::string& lang : scenario.languages) {
        const Rect r = cut_top(col, button_h, m.gap);
        const bool current = lang == ctx.visit.language();
        if (ui.button(r, ctx.strings.language_name(lang), current ? ButtonKind::primary : ButtonKind::secondary))
            intent = Intent::of(IntentKind::choose_language, lang);
    }
    return intent;
}

}  // namespace workshop::kiosk

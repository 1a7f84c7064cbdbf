// language_screen.cpp — one big button per language, each in its own name.
#include <algorithm>
#include <cmath>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

// Many languages (five or more): a grid of buttons, each with "Choose your language" in its
// language under it, so whoever stands here finds one they read, in its own script.
Intent draw_language_grid(ScreenContext& ctx, Rect page) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::vector<std::string>& languages = ctx.scenario->languages;
    const std::size_t n = languages.size();
    const float hint_h = ui.line_height(ui.small());
    const float button_h = std::round(m.target * 1.2f);
    const float cell_h = button_h + hint_h + m.gap * 0.3f;
    const std::string heading = ctx.strings.get("choose_language", ctx.lang);
    const float heading_h = ui.measure(ui.title(), heading, page.w()).y;
    // As few columns as fit the height (two at least, four at most).
    std::size_t cols = 2, rows = 0;
    float grid_h = 0;
    for (;; ++cols) {
        rows = (n + cols - 1) / cols;
        grid_h = cell_h * static_cast<float>(rows) + m.gap * static_cast<float>(rows - 1);
        if (cols == 4 || grid_h + heading_h + m.gap * 2 <= page.h()) break;
    }
    const float grid_w = std::min(page.w(), m.body * 18 * static_cast<float>(cols));
    const float cell_w = (grid_w - m.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    Rect col = page.centered_width(grid_w);
    col.min.y += std::max(0.0f, (col.h() - heading_h - m.gap * 2 - grid_h) / 2);
    cut_top(col, ui.text(ui.title(), heading, col, c.text, Align::center), m.gap * 2);
    Intent intent;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& lang = languages[i];
        const Rect cell = Rect::xywh(col.min.x + static_cast<float>(i % cols) * (cell_w + m.gap),
                                     col.min.y + static_cast<float>(i / cols) * (cell_h + m.gap), cell_w, cell_h);
        const bool current = lang == ctx.visit.language();
        if (ui.button(Rect::xywh(cell.min.x, cell.min.y, cell_w, button_h), ctx.strings.language_name(lang),
                      current ? ButtonKind::primary : ButtonKind::secondary))
            intent = Intent::of(IntentKind::choose_language, lang);
        const std::string hint = ctx.strings.get("choose_language", lang);
        const Rect below = Rect::xywh(cell.min.x, cell.min.y + button_h + m.gap * 0.3f, cell_w, hint_h);
        ui.text(ui.fit(ui.small(), hint, ImVec2(cell_w, hint_h), 0.7f), hint, below, c.muted, Align::center);
    }
    return intent;
}

}  // namespace

Intent draw_language_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Scenario& scenario = *ctx.scenario;
    Rect page = page_rect(ui);
    Intent intent;

    // "Choose your language" in each language: whoever stands here can read one of them.
    if (draw_back_footer(ctx, page, false)) intent = Intent::of(IntentKind::back);  // no language chosen yet: no speaker

    if (scenario.languages.size() >= 5) {
        const Intent chosen = draw_language_grid(ctx, page);
        return chosen ? chosen : intent;
    }
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

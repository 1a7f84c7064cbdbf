// startup_error_screen.cpp — the scenario (or database) could not be opened: the diagnostics, for
// the facilitator to fix, and Close.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_startup_error_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Rect page = page_rect(ui);
    Intent intent;
    Rect footer = cut_bottom(page, m.target, m.gap);
    const std::string close = ctx.tr("close");
    if (ui.button(cut_right(footer, std::max(m.body * 8, ui.measure(ui.bold(), close).x + m.pad * 3)), close, ButtonKind::primary))
        intent = Intent::of(IntentKind::quit);
    cut_top(page, ui.text(ui.title(), ctx.tr("scenario_errors"), page, c.text), m.gap * 0.5f);
    cut_top(page, ui.text(ui.body(), ctx.tr("scenario_errors_hint"), page, c.muted), m.gap);
    std::string all;
    for (const std::string& e : *ctx.startup_errors) all += e + "\n";
    const float h = ui.measure(ui.small(), all, page.w() - m.pad * 2).y + m.pad * 2;
    float& scroll = ctx.memory.scroll["errors"];
    ui.panel(page, c.surface, c.border, 1.5f);
    ui.begin_scroll("errors", page, h, scroll);
    ui.text(ui.small(), all, page.shrink(m.pad).offset(0, -scroll), c.text);
    ui.end_scroll(page, h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

// role_screen.cpp — "who are you?": the scenario's roles as big buttons, and a way not to say.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_role_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Scenario& scenario = *ctx.scenario;
    Rect page = page_rect(ui);
    Intent intent;

    // No Next: choosing a role moves on. The footer keeps Back where it always is.
    if (draw_footer(ctx, page, {}, false, {}, true).back) intent = Intent::of(IntentKind::back);

    const Rect text_col = page.centered_width(std::min(page.w(), m.body * 34));
    Rect col = text_col;
    cut_top(col, ui.text(ui.title(), ctx.tr("choose_role"), col, c.text, Align::center), m.gap * 0.5f);
    cut_top(col, ui.text(ui.body(), ctx.tr("role_hint"), col, c.muted, Align::center), m.gap * 2);
    page.min.y = col.min.y;

    const int n = static_cast<int>(scenario.roles.size());
    const float none_h = m.target;
    Rect grid_area = page;
    const Rect none_row = cut_bottom(grid_area, none_h, m.gap * 1.5f);
    const Grid grid = layout_grid(n, grid_area, ImVec2(m.body * 14, m.target * 1.3f), m.target * 2.2f, m.gap, 2, 5.0f);
    float& scroll = ctx.memory.scroll["roles"];
    // Centre a grid that does not fill the area.
    Rect area = grid_area;
    if (grid.content_h < area.h()) area.min.y += (area.h() - grid.content_h) / 3;
    ui.begin_scroll("roles", area, grid.content_h, scroll);
    for (int i = 0; i < n; ++i) {
        const Role& role = scenario.roles[static_cast<std::size_t>(i)];
        const bool current = ctx.visit.role == role.id;
        if (ui.button(grid.cell(i, area, scroll), ctx.local(role.label), current ? ButtonKind::primary : ButtonKind::secondary))
            intent = Intent::of(IntentKind::choose_role, role.id);
    }
    ui.end_scroll(area, grid.content_h, scroll);

    const std::string none = ctx.tr("role_none");
    const Rect none_button = none_row.centered_width(std::min(none_row.w(), ui.measure(ui.bold(), none).x + m.pad * 4));
    if (ui.button(none_button, none, ButtonKind::quiet)) intent = Intent::of(IntentKind::choose_role, "");
    return intent;
}

}  // namespace workshop::kiosk

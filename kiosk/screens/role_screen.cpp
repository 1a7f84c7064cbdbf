// role_screen.cpp — "who are you?": the scenario's roles as big buttons, and a way not to say.
#include <algorithm>

#include "chrome.h"
#include "read_aloud.h"

namespace workshop::kiosk {

Intent draw_role_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Scenario& scenario = *ctx.scenario;
    Rect page = page_rect(ui);
    Intent intent;

    // No Next: choosing a role moves on. The footer keeps Back where it always is.
    if (draw_back_footer(ctx, page)) intent = Intent::of(IntentKind::back);

    // Heading, roles and "rather not say" form one block, centred in the page when it fits.
    const int n = static_cast<int>(scenario.roles.size());
    const float col_w = std::min(page.w(), m.body * 34);
    const std::string heading = ctx.tr("choose_role");
    const std::string hint = ctx.tr("role_hint");
    const float heading_h = ui.measure(ui.title(), heading, col_w).y + m.gap * 0.5f + ui.measure(ui.body(), hint, col_w).y + m.gap * 2;
    const float none_h = m.target + m.gap * 1.5f;
    Rect grid_area = page;
    grid_area.min.y += heading_h;
    grid_area.max.y -= none_h;
    // Every role on the first screen (the last one, often the newcomers', must not need a scroll to
    // be found): cards shrink to the touch target's height and take a third column before scrolling.
    const Grid grid = layout_grid(n, grid_area, ImVec2(m.body * 12, m.target), m.target * 1.8f, m.gap, m.portrait ? 2 : 3, 5.0f);
    const float block_h = heading_h + std::min(grid.content_h, grid_area.h()) + none_h;
    Rect col = page.centered_width(col_w);
    col.min.y += std::max(0.0f, (page.h() - block_h) / 2);
    cut_top(col, ui.text(ui.title(), heading, col, c.text, Align::center), m.gap * 0.5f);
    cut_top(col, ui.text(ui.body(), hint, col, c.muted, Align::center), m.gap * 2);

    Rect area{{page.min.x, col.min.y}, {page.max.x, col.min.y + std::min(grid.content_h, grid_area.h())}};
    float& scroll = ctx.memory.scroll["roles"];
    ui.begin_scroll("roles", area, grid.content_h, scroll);
    for (int i = 0; i < n; ++i) {
        const Role& role = scenario.roles[static_cast<std::size_t>(i)];
        const bool current = ctx.visit.role() == role.id;
        const Rect cell = grid.cell(i, area, scroll);
        const float icon = role.pictogram.empty() ? 0 : std::min(cell.h() * 0.62f, m.body * 2.4f);
        read_on_long_press(ctx, cell, ctx.local(role.label));
        if (ui.button(cell, ctx.local(role.label), current ? ButtonKind::primary : ButtonKind::secondary, true, {}, icon + m.pad))
            intent = Intent::of(IntentKind::choose_role, role.id);
        Rect icon_area = cell.shrink(m.pad, 0);
        draw_pictogram_left(ctx, role.pictogram, icon_area, icon, current ? c.on_primary : c.primary);
    }
    ui.end_scroll(area, grid.content_h, scroll);
    const Rect none_row = Rect::xywh(page.min.x, area.max.y + m.gap * 1.5f, page.w(), m.target);
    const std::string none = ctx.tr("role_none");
    const Rect none_button = none_row.centered_width(std::min(none_row.w(), ui.measure(ui.bold(), none).x + m.pad * 4));
    if (ui.button(none_button, none, ButtonKind::quiet)) intent = Intent::of(IntentKind::choose_role, "");
    return intent;
}

}  // namespace workshop::kiosk

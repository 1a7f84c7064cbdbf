// facilitator_export_screen.cpp — export the session as CSV: a list of folders (the kiosk's own
// exports/ folder, configured folders, and USB sticks mounted under /media and /run/media), the
// Excel choice (';' and a BOM), and afterwards the full paths written or why it failed.
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"

namespace workshop::kiosk {

Intent draw_facilitator_export_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Facilitator& f = *ctx.facilitator;
    Intent intent;
    Rect page = facilitator_page(ctx, ftr(ctx, "export_title"), true, intent);

    // The format: plain CSV, or what Excel in a comma-decimal locale (Dutch) opens directly.
    Rect top = cut_top(page, ui.line_height(ui.small()) + m.target, m.gap * 1.5f);
    Rect refresh = top;
    refresh.min.y = refresh.max.y - m.target;
    if (button_right(ui, refresh, ftr(ctx, "refresh"), ButtonKind::secondary, m.body * 6))
        intent = Intent::run([](App& app) { app.facilitator().open_export(); });
    top.max.x = refresh.max.x;
    const std::string plain = ftr(ctx, "format_plain"), excel = ftr(ctx, "format_excel");
    Rect format = cut_left(top, std::min(top.w(), switch_width(ui, plain, excel)), m.gap);
    ui.text(ui.small(), ftr(ctx, "format"), cut_top(format, ui.line_height(ui.small())), c.muted);
    const int chosen = draw_switch(ui, format, plain, excel, f.excel() ? 1 : 0, c.primary, {});
    if (chosen >= 0) intent = Intent::run([chosen](App& app) { app.facilitator().set_excel(chosen == 1); });

    cut_top(page, ui.text(ui.body(), ftr(ctx, "export_hint"), page, c.muted), m.gap);
    const auto& targets = f.export_targets();
    const std::string here = ftr(ctx, "export_here");
    const float button_w = button_width(ui, here, m.body * 7);
    const std::string local = ftr(ctx, "target_local"), removable = ftr(ctx, "target_removable");
    const float chip_w = std::max(chip_width(ui, local), chip_width(ui, removable));  // paths line up
    const float card_h = std::round(std::max(m.target, ui.line_height(ui.bold()) + ui.line_height(ui.small())) + m.pad * 1.2f);
    const float content_h = targets.size() * (card_h + m.gap * 0.6f);
    float& scroll = f.scroll("export");
    ui.begin_scroll("facilitator-export", page, content_h, scroll);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const ExportTarget& t = targets[i];
        const Rect card = Rect::xywh(page.min.x, page.min.y - scroll + i * (card_h + m.gap * 0.6f), page.w() - m.gap * 0.5f, card_h);
        if (card.max.y < page.min.y || card.min.y > page.max.y) continue;
        ui.panel(card, c.surface, c.border, 1);
        Rect inner = card.shrink(m.pad * 0.8f, m.pad * 0.6f);
        const Rect button = cut_right(inner, button_w, m.gap).shrink(0, std::max(0.0f, (inner.h() - m.target) / 2));
        if (ui.button(button, here, ButtonKind::primary, true, t.path)) {
            const std::string folder = t.path;
            intent = Intent::run([folder](App& app) { app.facilitator().export_to(app, folder); });
        }
        const std::string& kind = t.removable ? removable : local;
        const Rect chip = cut_left(inner, chip_w, m.gap);
        draw_chip(ui, chip.shrink(0, std::max(0.0f, (chip.h() - ui.line_height(ui.bold()) * 1.2f) / 2)), kind,
                  t.removable ? c.primary : c.muted, IM_COL32_WHITE);
        // A stick by its label and size first (two sticks never look the same: the path follows).
        const std::string size = human_size(t.size_bytes, f.language(ctx.scenario));
        const std::string title = !t.removable ? t.path
                                  : t.label.empty() ? ftr(ctx, "stick_unnamed", {{"size", size}})
                                                    : ftr(ctx, "stick_named", {{"label", t.label}, {"size", size}});
        cut_top(inner, ui.text(ui.fit(ui.bold(), title, ImVec2(inner.w(), ui.line_height(ui.bold())), 0.6f), title, inner, c.text), 0);
        std::string detail = t.free_bytes >= 0 ? ftr(ctx, "free_space", {{"size", human_size(t.free_bytes, f.language(ctx.scenario))}}) : std::string();
        if (t.removable) detail = t.path + (detail.empty() ? "" : " · " + detail);
        if (!detail.empty())
            ui.text(ui.fit(ui.small(), detail, ImVec2(inner.w(), ui.line_height(ui.small())), 0.6f), detail, inner, c.muted);
    }
    ui.end_scroll(page, content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

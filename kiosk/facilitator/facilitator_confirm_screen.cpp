// facilitator_confirm_screen.cpp — "are you sure?" before an action that changes what counts
// (undo a ballot, hide an idea, end the session, switch scenario, quit): the question, what will
// happen, and two big answers.
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"

namespace workshop::kiosk {

Intent draw_facilitator_confirm_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Confirmation& q = ctx.facilitator->confirmation();
    Intent intent;
    Rect page = facilitator_page(ctx, ftr(ctx, "confirm_title"), false, intent);

    const float w = std::min(page.w(), m.body * 34);
    const float inner_w = w - m.pad * 3;
    const float h = ui.measure(ui.title(), q.title, inner_w).y + ui.measure(ui.body(), q.body, inner_w).y + m.target * 1.3f + m.pad * 5;
    Rect card = Rect::xywh(page.center().x - w / 2, page.min.y + std::max(0.0f, (page.h() - h) / 2.5f), w, std::min(h, page.h()));
    ui.panel(card, c.surface, c.border, 2);
    Rect inner = card.shrink(m.pad * 1.5f);
    cut_top(inner, ui.text(ui.title(), q.title, inner, c.text), m.gap);
    cut_top(inner, ui.text(ui.body(), q.body, inner, c.muted), m.gap * 1.5f);

    Rect row = cut_bottom(inner, m.target * 1.3f);
    const float bw = (row.w() - m.gap) / 2;
    if (ui.button(cut_left(row, bw, m.gap), ftr(ctx, "cancel"), ButtonKind::secondary))
        intent = Intent::run([](App& app) { app.facilitator().answer(app, false); });
    if (ui.button(row, q.yes_label, ButtonKind::primary))
        intent = Intent::run([](App& app) { app.facilitator().answer(app, true); });
    return intent;
}

}  // namespace workshop::kiosk

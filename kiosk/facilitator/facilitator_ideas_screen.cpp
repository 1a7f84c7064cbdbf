// facilitator_ideas_screen.cpp — moderation: the ideas voters typed in for one step, each with
// Hide (after a confirmation) or Show. A hidden idea disappears from the voters' screens; nothing
// is deleted and the audit log records who hid it and when.
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"

namespace workshop::kiosk {

Intent draw_facilitator_ideas_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Facilitator& f = *ctx.facilitator;
    Intent intent;
    const Step* step = ctx.scenario ? ctx.scenario->find_step(f.ideas_step()) : nullptr;
    const std::string lang = f.language(ctx.scenario);
    Rect page = facilitator_page(ctx, ftr(ctx, "ideas_title", {{"step", step ? step->title.in(lang) : std::string()}}), true, intent);
    if (!step || !ctx.session) return intent;

    const std::vector<Idea> ideas = ctx.session->ideas(step->id, true);
    cut_top(page, ui.text(ui.body(), ftr(ctx, "ideas_hint"), page, c.muted), m.gap);
    if (ideas.empty()) {
        ui.text(ui.body(), ftr(ctx, "no_ideas"), page, c.muted);
        return intent;
    }

    const std::string hide = ftr(ctx, "hide"), show = ftr(ctx, "show");
    const float button_w = std::max(button_width(ui, hide, m.body * 6), button_width(ui, show, m.body * 6));
    const float text_w = page.w() - button_w - m.pad * 2 - m.gap * 2;
    std::vector<float> heights;
    float content_h = 0;
    for (const Idea& idea : ideas) {
        const float h = std::max(m.target, ui.measure(ui.body(), idea.text, text_w).y + ui.line_height(ui.small())) + m.pad * 1.2f;
        heights.push_back(h);
        content_h += h + m.gap * 0.6f;
    }
    float& scroll = f.scroll("ideas/" + step->id);
    ui.begin_scroll("facilitator-ideas", page, content_h, scroll);
    float y = page.min.y - scroll;
    for (std::size_t i = 0; i < ideas.size(); ++i) {
        const Idea& idea = ideas[i];
        const Rect card = Rect::xywh(page.min.x, y, page.w() - m.gap * 0.5f, heights[i]);
        y += heights[i] + m.gap * 0.6f;
        if (card.max.y < page.min.y || card.min.y > page.max.y) continue;
        ui.panel(card, idea.hidden ? c.disabled : c.surface, c.border, 1);
        Rect inner = card.shrink(m.pad * 0.8f, m.pad * 0.6f);
        const Rect button = cut_right(inner, button_w, m.gap).shrink(0, std::max(0.0f, (inner.h() - m.target) / 2));
        const std::string id = step->id, idea_id = idea.id;
        if (!idea.hidden && ui.button(button, hide, ButtonKind::secondary, true, idea.text)) {
            intent = Intent::run([id, idea_id, title = ftr(ctx, "confirm_hide_title"), body = ftr(ctx, "confirm_hide_body", {{"idea", idea.text}}),
                                  yes = ftr(ctx, "hide_yes")](App& app) {
                app.facilitator().ask({title, body, yes, [id, idea_id](App& a) { a.facilitator().set_idea_hidden(a, id, idea_id, true); },
                                       ScreenId::facilitator_ideas});
            });
        }
        if (idea.hidden && ui.button(button, show, ButtonKind::secondary, true, idea.text))
            intent = Intent::run([id, idea_id](App& app) { app.facilitator().set_idea_hidden(app, id, idea_id, false); });
        cut_top(inner, ui.text(ui.body(), idea.text, inner, idea.hidden ? c.on_disabled : c.text), 0);
        std::string meta = idea.id + " · " + idea.language + " · " + idea.submitted_at;
        if (idea.hidden) meta += " · " + ftr(ctx, "idea_is_hidden");
        ui.text(ui.small(), meta, inner, c.muted);
    }
    ui.end_scroll(page, content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

// ranking_screen.cpp — a ranking step. Tap the options in your order (badges 1, 2, 3 appear; tap
// again to undo) — no dragging needed. The chosen list ("Your order") can also be reordered by
// dragging a row. Partial rankings are fine within rank_at_least..rank_at_most.
#include <algorithm>
#include <cmath>

#include "chrome.h"
#include "read_aloud.h"

namespace workshop::kiosk {

namespace {

int rank_of(const StepDraft& d, const std::string& id) {
    auto it = std::find(d.ranking.begin(), d.ranking.end(), id);
    return it == d.ranking.end() ? 0 : static_cast<int>(it - d.ranking.begin()) + 1;
}

std::size_t option_index(const Step& step, const std::string& id) {
    for (std::size_t i = 0; i < step.options.size(); ++i)
        if (step.options[i].id == id) return i;
    return 0;
}

void draw_order_row(ScreenContext& ctx, const Rect& r, const Option& option, ImU32 color, int rank, bool lifted) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    if (lifted) ui.dl()->AddRectFilled(ImVec2(r.min.x + 4, r.min.y + 6), ImVec2(r.max.x + 4, r.max.y + 6), with_alpha(IM_COL32_BLACK, 0.18f), m.radius);
    ui.panel(r, lifted ? c.selected : c.surface, lifted ? c.primary : c.border, lifted ? 3.0f : 1.5f);
    const float stripe = std::max(6.0f, m.body * 0.3f);
    ui.dl()->AddRectFilled(r.min, ImVec2(r.min.x + stripe, r.max.y), color, m.radius, ImDrawFlags_RoundCornersLeft);
    Rect inner = r.shrink(m.pad * 0.5f);
    inner.min.x += stripe;
    const float badge = std::min(inner.h(), m.body * 1.7f);
    const Rect b = cut_left(inner, badge, m.gap);
    ui.badge(b.center(), badge / 2, c.primary, std::to_string(rank), c.on_primary);
    // The handle says "this moves".
    const Rect handle = cut_right(inner, m.body * 1.2f, m.gap * 0.5f);
    ui.text(ui.title(), "≡", handle, c.muted, Align::center, true);
    draw_pictogram_left(ctx, option.pictogram, inner, m.body * 2, c.text);
    const std::string& label = ctx.local(option.label);
    ui.text(ui.fit(ui.bold(), label, ImVec2(inner.w(), inner.h()), 0.7f), label, inner, c.text, Align::left, true);
}

// Where "Your order" and the pool of options go, and how tall a row of the order is.
struct RankingLayout {
    Rect order_panel, pool;
    float row_h = 0;
    float heading_h = 0;
};

// How wide "Your order" is: beside the pool (landscape) or across the page (portrait).
float order_panel_w(const Metrics& m, const Rect& page) { return m.portrait ? page.w() : std::round(page.w() * 0.42f); }

// Whether "drag to reorder" fits on the line of "Your order", right of it; else it goes under it.
bool reorder_hint_beside(ScreenContext& ctx, float width) {
    Ui& ui = ctx.ui;
    return ui.measure(ui.bold(), ctx.tr("your_order")).x + ui.m().gap * 2 + ui.measure(ui.small(), ctx.tr("drag_to_reorder")).x <= width;
}

// "Your order" and "drag to reorder" (shown once two are chosen; its room is kept from the start,
// so the places do not jump): one line, or the hint wrapped under the title, never cut.
float order_heading_h(ScreenContext& ctx, float width, int slots) {
    Ui& ui = ctx.ui;
    const float title_h = ui.line_height(ui.bold()) + ui.m().gap * 0.5f;
    if (slots < 2 || reorder_hint_beside(ctx, width)) return title_h;
    return title_h + ui.measure(ui.small(), ctx.tr("drag_to_reorder"), width).y + ui.m().gap * 0.5f;
}

// "Your order" beside the pool (landscape) or above it (portrait, at most half the page).
RankingLayout split_order_and_pool(ScreenContext& ctx, Rect& page, int slots) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    RankingLayout out;
    out.heading_h = order_heading_h(ctx, order_panel_w(m, page), slots);
    out.row_h = std::round(m.target * 1.1f);
    if (m.portrait) {
        const float want = out.heading_h + slots * (out.row_h + m.gap * 0.6f);
        const float room = page.h() * 0.5f;
        if (want > room) out.row_h = std::max(m.target, (room - out.heading_h) / slots - m.gap * 0.6f);
        out.order_panel = cut_top(page, std::min(want, std::max(room, out.heading_h + slots * (out.row_h + m.gap * 0.6f))), m.gap * 1.5f);
        out.pool = page;
    } else {
        out.order_panel = cut_right(page, order_panel_w(m, page), m.gap * 2);
        out.pool = page;
        out.row_h = std::clamp((out.order_panel.h() - out.heading_h) / slots - m.gap * 0.6f, m.target, m.target * 1.3f);
    }
    return out;
}

std::string ranking_status_text(const ScreenContext& ctx, bool full) {
    return full ? ctx.tr("rank_full", {{"n", std::to_string(ctx.step->rank_at_most)}}) : ctx.tr("ranking_hint");
}

// The height of the hint or notice across `width`, as many lines as it needs.
float ranking_status_h(ScreenContext& ctx, float width, bool full) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const float hint_h = ui.measure(ui.body(), ranking_status_text(ctx, full), width - m.pad * 1.2f).y + m.pad * 0.3f;
    return std::max({ui.line_height(ui.body()), m.body * 1.4f, hint_h});
}

// The hint, or (when no more may be ranked) a notice; it wraps onto as many lines as it needs.
void draw_ranking_status(ScreenContext& ctx, Rect& page, bool full) {
    Ui& ui = ctx.ui;
    const std::string hint = ranking_status_text(ctx, full);
    const Rect status = cut_top(page, ranking_status_h(ctx, page.w(), full), ui.m().gap);
    if (full) draw_notice(ui, status, hint);
    else ui.text(ui.body(), hint, status, ui.colors().muted, Align::left, true);
}

// Landscape: whether "Your order" would be too short below the hint for its places at a touch
// target's height (a hint on two lines, large text on a 1280x800 screen); then it stands beside
// the hint, which sits above the options only.
bool order_beside_status(ScreenContext& ctx, const Rect& page, int slots, bool full) {
    const Metrics& m = ctx.ui.m();
    if (m.portrait) return false;
    const float places_h = order_heading_h(ctx, order_panel_w(m, page), slots) + static_cast<float>(slots) * (m.target + m.gap * 0.6f);
    return places_h > page.h() - ranking_status_h(ctx, page.w(), full) - m.gap;
}

// One option of the pool: its colour, pictogram, label (and description), and its rank badge.
bool draw_pool_card(ScreenContext& ctx, const Rect& r, std::size_t i, int rank, bool enabled) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Option& option = ctx.step->options[i];
    const ImU32 color = ctx.option_color(*ctx.step, i);
    const bool held = enabled && ui.pressing(r);
    ImU32 fill = rank > 0 ? c.selected : c.surface;
    if (!enabled) fill = mix(c.background, c.disabled, 0.6f);
    if (held) fill = mix(fill, c.primary, 0.12f);
    ui.panel(r, fill, rank > 0 ? c.primary : c.border, rank > 0 ? std::max(3.0f, m.body * 0.14f) : 1.5f);
    const float stripe = std::max(6.0f, m.body * 0.3f);
    ui.dl()->AddRectFilled(r.min, ImVec2(r.min.x + stripe, r.max.y), enabled ? color : with_alpha(color, 0.4f), m.radius, ImDrawFlags_RoundCornersLeft);
    Rect inner = r.shrink(m.pad * 0.6f);
    inner.min.x += stripe;
    const float badge = std::min(inner.h(), m.body * 1.8f);
    const Rect b = cut_right(inner, badge, m.gap);
    if (rank > 0) ui.badge(b.center(), badge / 2, c.primary, std::to_string(rank), c.on_primary);
    else ui.dl()->AddCircle(b.center(), badge / 2 - 1, enabled ? c.border : c.disabled, 0, whole_px(std::max(2.0f, m.body * 0.1f)));
    draw_pictogram_left(ctx, option.pictogram, inner, m.body * 2, enabled ? c.text : c.on_disabled);
    const std::string& label = ctx.local(option.label);
    const std::string& description = ctx.local(option.description);
    if (description.empty()) {
        ui.text(ui.fit(ui.bold(), label, ImVec2(inner.w(), inner.h()), 0.7f), label, inner, enabled ? c.text : c.on_disabled, Align::left, true);
    } else {  // the label, and under it as much of the description as the card holds (wrapped)
        const FontSpec f = ui.fit(ui.bold(), label, ImVec2(inner.w(), ui.line_height(ui.bold()) * 2), 0.8f);
        cut_top(inner, ui.text(f, label, inner, enabled ? c.text : c.on_disabled), m.gap * 0.2f);
        ui.text(ui.fit(ui.small(), description, ImVec2(inner.w(), inner.h()), 0.8f), description, inner, c.muted);
    }
    read_on_long_press(ctx, r, spoken_text(label, {description}));
    return ui.target(r, label, enabled);
}

// The pool: every option; tapping ranks it next, or unranks it.
Intent draw_pool(ScreenContext& ctx, const Rect& pool, bool full) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Step& step = *ctx.step;
    Intent intent;
    const int n = static_cast<int>(step.options.size());
    // Options with a description get room for two lines of it under the label.
    const bool described = std::any_of(step.options.begin(), step.options.end(), [&](const Option& o) { return !ctx.local(o.description).empty(); });
    const float card_min_h = m.target * 1.25f + (described ? ui.line_height(ui.small()) * 2 : 0);
    const Grid grid = layout_grid(n, pool, ImVec2(m.body * 12, card_min_h), card_min_h * 1.45f, m.gap * 0.8f, m.portrait ? 2 : 3,
                                  described ? 3.0f : 5.0f);
    float& scroll = ctx.memory.scroll["rank/" + step.id];
    ui.begin_scroll("rank-pool", pool, grid.content_h, scroll);
    for (int i = 0; i < n; ++i) {
        const Option& option = step.options[static_cast<std::size_t>(i)];
        const int rank = rank_of(*ctx.draft, option.id);
        if (draw_pool_card(ctx, grid.cell(i, pool, scroll), static_cast<std::size_t>(i), rank, rank > 0 || !full))
            intent = Intent::of(IntentKind::rank_toggle, option.id);
    }
    ui.end_scroll(pool, grid.content_h, scroll);
    return intent;
}

// The tray and heading of "Your order" (with "drag to reorder" once there are two); the rows'
// area below the heading.
Rect draw_order_heading(ScreenContext& ctx, const RankingLayout& layout, int chosen, const std::string& title) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    // A soft tray holds "Your order", apart from the options.
    const Rect tray = layout.order_panel.shrink(-m.pad * 0.5f);
    ui.dl()->AddRectFilled(tray.min, tray.max, mix(c.background, c.disabled, 0.45f), m.radius * 1.5f);
    Rect panel = layout.order_panel;
    Rect heading = cut_top(panel, layout.heading_h, 0);
    const bool beside = reorder_hint_beside(ctx, heading.w());
    const float tw = ui.measure(ui.bold(), title).x;
    const Rect title_line = cut_top(heading, ui.line_height(ui.bold()), m.gap * 0.5f);
    ui.text(ui.bold(), title, Rect{title_line.min, {title_line.min.x + tw, title_line.max.y}}, c.text);
    if (chosen >= 2) {
        const std::string reorder = ctx.tr("drag_to_reorder");
        if (beside) ui.text(ui.small(), reorder, title_line, c.muted, Align::right, true);
        else ui.text(ui.small(), reorder, heading, c.muted);
    }
    return panel;
}

// The numbered places not filled yet; the first says what goes there. `row_rect(i)`: place i's rectangle.
template <class RowRect>
void draw_empty_places(ScreenContext& ctx, const RowRect& row_rect, int chosen, int slots) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    for (int i = chosen; i < slots; ++i) {
        const Rect r = row_rect(i);
        ui.panel(r, 0, c.border, 2.0f);
        Rect inner = r.shrink(m.pad * 0.5f);
        const float badge = std::min(inner.h(), m.body * 1.7f);
        const Rect b = cut_left(inner, badge, m.gap);
        ui.badge(b.center(), badge / 2, c.disabled, std::to_string(i + 1), c.on_disabled);
        if (i == chosen) ui.text(ui.body(), ctx.tr("rank_slot_empty"), inner, c.muted, Align::left, true);
    }
}

// "Your order": drag a row to move it; a tap on a row unranks it.
Intent draw_order(ScreenContext& ctx, const RankingLayout& layout, int slots) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Step& step = *ctx.step;
    const StepDraft& draft = *ctx.draft;
    const int chosen = static_cast<int>(draft.ranking.size());
    Intent intent;
    const std::string title = ctx.tr("your_order");
    const Rect panel = draw_order_heading(ctx, layout, chosen, title);
    const float row_h = layout.row_h;
    const float row_step = row_h + m.gap * 0.6f;
    auto row_rect = [&](int index) { return Rect::xywh(panel.min.x, panel.min.y + index * row_step, panel.w(), row_h); };

    // A press on a row lifts it; it follows the finger until released.
    RankDrag& drag = ctx.memory.drag;
    const Touch& touch = ui.touch();
    const Rect rows_area{panel.min, {panel.max.x, panel.min.y + chosen * row_step}};
    if (ui.claim_drag("rank-order", rows_area) && drag.option.empty() && chosen > 0) {
        const int index = std::clamp(static_cast<int>((touch.press_pos.y - panel.min.y) / row_step), 0, chosen - 1);
        drag.option = draft.ranking[static_cast<std::size_t>(index)];
        drag.grab_offset = touch.press_pos.y - row_rect(index).min.y;
    }
    if (!touch.down && !touch.released) drag = RankDrag{};
    const bool dragging = !drag.option.empty() && rank_of(draft, drag.option) > 0;
    int drop_index = 0;
    float lifted_top = 0;
    if (dragging) {
        lifted_top = std::clamp(touch.pos.y - drag.grab_offset, panel.min.y - row_h * 0.5f, panel.min.y + (chosen - 0.5f) * row_step);
        drop_index = std::clamp(static_cast<int>(std::lround((lifted_top - panel.min.y) / row_step)), 0, chosen - 1);
    }

    // Empty places first, then the rows (others make room where the lifted one would land).
    draw_empty_places(ctx, row_rect, chosen, slots);
    int shown = 0;
    for (int i = 0; i < chosen; ++i) {
        const std::string& id = draft.ranking[static_cast<std::size_t>(i)];
        if (dragging && id == drag.option) continue;
        int place = shown++;
        if (dragging && place >= drop_index) ++place;
        const std::size_t oi = option_index(step, id);
        const Rect r = row_rect(place);
        draw_order_row(ctx, r, step.options[oi], ctx.option_color(step, oi), place + 1, false);
        if (!dragging && ui.target(r, ctx.local(step.options[oi].label), true, title))
            intent = Intent::of(IntentKind::rank_toggle, id);
    }
    if (dragging) {
        const std::size_t oi = option_index(step, drag.option);
        draw_order_row(ctx, Rect::xywh(panel.min.x, lifted_top, panel.w(), row_h), step.options[oi],
                       ctx.option_color(step, oi), drop_index + 1, true);
        if (touch.released) {
            intent = Intent::of(IntentKind::rank_move, drag.option, drop_index);
            drag = RankDrag{};
        }
    }
    return intent;
}

}  // namespace

Intent draw_ranking_screen(ScreenContext& ctx) {
    const Step& step = *ctx.step;
    const StepDraft& draft = *ctx.draft;
    Rect page = page_rect(ctx.ui);
    Intent intent;

    const int chosen = static_cast<int>(draft.ranking.size());
    // Whether one more may be ranked (asked for an unranked option: all answer alike).
    const auto unranked = std::find_if(step.options.begin(), step.options.end(),
                                       [&](const Option& o) { return rank_of(draft, o.id) == 0; });
    const bool full = unranked == step.options.end() || !ctx.turn->may_rank(unranked->id);
    const bool enough = static_cast<bool>(ctx.turn->step_ready());
    const FooterTaps taps = draw_step_footer(ctx, page, chosen == 0, enough,
                                        ctx.tr("rank_at_least", {{"n", std::to_string(step.rank_at_least)}}));
    if (taps.back) intent = Intent::of(IntentKind::back);
    if (taps.next) intent = Intent::of(IntentKind::next);

    draw_step_header(ctx, page);
    // "Your order": every place up to the maximum when there are few, else the filled ones + 1.
    const int slots = step.rank_at_most <= 10 ? step.rank_at_most : std::min(step.rank_at_most, chosen + 1);
    const bool beside = order_beside_status(ctx, page, slots, full);
    if (!beside) draw_ranking_status(ctx, page, full);
    RankingLayout layout = split_order_and_pool(ctx, page, slots);
    if (beside) draw_ranking_status(ctx, layout.pool, full);
    if (Intent tapped = draw_pool(ctx, layout.pool, full)) intent = std::move(tapped);
    if (Intent moved = draw_order(ctx, layout, slots)) intent = std::move(moved);
    return intent;
}

}  // namespace workshop::kiosk

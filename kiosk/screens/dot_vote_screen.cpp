// dot_vote_screen.cpp — a dot_vote step: each option a large card in its colour; tap a card to
// give it a dot, tap − to take one back. The dots left are shown as dots; every limit shows
// itself (a greyed +, a short reason) instead of silently ignoring a tap.
//
// How it looks follows what the question asks (scenario-format.md, "Additions"): `dots = 1` is a
// single choice (a round mark, no dot texts), `max_per_option = 1` with more dots a multi-select
// (checkboxes); only other dot votes show dots, + and −.
#include <algorithm>

#include "chrome.h"
#include "read_aloud.h"

namespace workshop::kiosk {

namespace {

struct CardResult {
    bool add = false;
    bool remove = false;
};

enum class Look { single_choice, multi_select, dots };

Look look_of(const Step& step) {
    if (shows_dots(step)) return Look::dots;
    return step.dots == 1 ? Look::single_choice : Look::multi_select;
}

// An option's label (and its description when there is room), shrunk a little rather than
// clipped; a roomy card (portrait, few options) gets bigger type rather than empty space.
// Returns whether the card was roomy, for what else the card draws.
bool draw_label_and_description(ScreenContext& ctx, const Option& option, const std::string& label, const Rect& inner) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::string& description = ctx.local(option.description);
    const bool roomy = inner.h() >= m.title * 1.25f * 2 + m.body * 1.25f * 2 + m.gap;
    const FontSpec label_font = ui.fit(roomy ? ui.title() : ui.bold(), label, ImVec2(inner.w(), inner.h()), 0.7f);
    const float lh = ui.text(label_font, label, inner, c.text);
    if (!description.empty()) {
        Rect d = inner;
        d.min.y += lh + m.gap * 0.3f;
        const FontSpec f = roomy ? ui.body() : ui.small();
        if (ui.measure(f, description, d.w()).y <= d.h()) ui.text(f, description, d, c.muted);
    }
    return roomy;
}

// A choice card (single choice, multi-select): the whole card is the button; a round mark or a
// checkbox says whether it is chosen, and the option's pictogram stands beside it as on a dot card. A tap on a chosen card takes it back.
CardResult draw_choice_card(ScreenContext& ctx, const Rect& r, const Option& option, ImU32 color, bool chosen,
                            bool can_add, Look look) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::string& label = ctx.local(option.label);
    const bool enabled = chosen || can_add;
    const bool held = enabled && ui.pressing(r);
    ui.panel(r, held || chosen ? c.selected : c.surface, chosen ? color : c.border, chosen ? std::max(3.0f, m.body * 0.16f) : 1.5f);
    const float stripe = std::max(8.0f, m.body * 0.45f);
    ui.dl()->AddRectFilled(r.min, ImVec2(r.min.x + stripe, r.max.y), color, m.radius, ImDrawFlags_RoundCornersLeft);
    Rect inner = r.shrink(m.pad * 0.8f);
    inner.min.x += stripe;

    // The mark, left of the text: a circle with a dot (one answer) or a box with ✓ (several).
    const float side = std::min(m.body * 1.5f, inner.h());
    const Rect mark = Rect::xywh(inner.min.x, inner.min.y + std::min(inner.h() - side, m.body * 0.1f), side, side);
    cut_left(inner, side, m.gap);
    const float stroke = std::max(2.0f, m.body * 0.12f);
    const ImU32 ink = enabled ? c.text : c.on_disabled;
    if (look == Look::single_choice) {
        ui.dl()->AddCircle(mark.center(), side / 2 - stroke / 2, chosen ? c.primary : ink, 0, stroke);
        if (chosen) ui.dl()->AddCircleFilled(mark.center(), side * 0.26f, c.primary, 0);
    } else {
        ui.panel(mark, chosen ? c.primary : c.surface, chosen ? c.primary : ink, chosen ? 0 : stroke);
        if (chosen) ui.text(ui.bold(), "✓", mark, c.on_primary, Align::center, true);
    }
    draw_pictogram_left(ctx, option.pictogram, inner, m.body * 3.2f, ink);

    draw_label_and_description(ctx, option, label, inner);
    read_on_long_press(ctx, r, spoken_text(label, {ctx.local(option.description)}));
    CardResult result;
    if (ui.target(r, label, enabled)) (chosen ? result.remove : result.add) = true;
    return result;
}

CardResult draw_card(ScreenContext& ctx, const Rect& r, const Option& option, ImU32 color, int given,
                     bool can_add, bool at_max) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    const std::string& label = ctx.local(option.label);

    const bool held = can_add && ui.pressing(r);
    ui.panel(r, held ? c.selected : c.surface, given > 0 ? color : c.border, given > 0 ? std::max(3.0f, m.body * 0.16f) : 1.5f);
    const float stripe = std::max(8.0f, m.body * 0.45f);
    ui.dl()->AddRectFilled(r.min, ImVec2(r.min.x + stripe, r.max.y), color, m.radius, ImDrawFlags_RoundCornersLeft);

    Rect inner = r.shrink(m.pad * 0.8f);
    inner.min.x += stripe;
    const float button = m.target;
    Rect bottom = cut_bottom(inner, button, m.gap * 0.5f);
    const Rect plus = cut_right(bottom, button, m.gap * 0.6f);
    const Rect minus = cut_right(bottom, button, m.gap);
    draw_pictogram_left(ctx, option.pictogram, inner, m.body * 3.2f, c.text);

    const bool roomy = draw_label_and_description(ctx, option, label, inner);

    // The dots this option has, in its colour, with empty places up to the per-option maximum.
    const float radius = std::min(m.body * (roomy ? 0.55f : 0.42f), bottom.h() * 0.4f);
    const int places = step.max_per_option <= 10 ? step.max_per_option : given;
    draw_dots(ui, ImVec2(bottom.min.x, bottom.center().y), radius, given, places, color, c.border);
    const float dots_w = places * radius * 2.6f;
    if (at_max) {
        Rect reason = bottom;
        reason.min.x += dots_w + m.gap * 0.5f;
        const std::string text = ctx.tr("max_per_option", {{"n", std::to_string(step.max_per_option)}});
        if (reason.w() > m.body * 3) ui.text(ui.fit(ui.small(), text, ImVec2(reason.w(), reason.h()), 0.8f), text, reason, c.on_notice, Align::left, true);
    }

    read_on_long_press(ctx, r, spoken_text(label, {ctx.local(option.description)}));
    CardResult result;
    result.remove = ui.button(minus, "−", ButtonKind::secondary, given > 0, label);
    // The + is in the option's colour: the same colour as the dots it adds.
    const bool plus_held = can_add && ui.pressing(plus);
    const ImU32 plus_fill = can_add ? (plus_held ? mix(color, IM_COL32_BLACK, 0.25f) : color) : c.disabled;
    ui.panel(plus, plus_fill, can_add ? mix(color, IM_COL32_BLACK, 0.3f) : 0, can_add ? 1.5f : 0);
    ui.text(ui.title(), "+", plus, can_add ? text_color_on(color) : c.on_disabled, Align::center, true);
    result.add = ui.target(plus, "+", can_add, label);
    const bool card_tap = ui.target(r, label, can_add);
    if (card_tap && !minus.contains(ui.touch().press_pos) && !plus.contains(ui.touch().press_pos)) result.add = true;
    return result;
}

// Dots left, as dots and in words; then the hint or the reason nothing more can be added.
void draw_dots_status(ScreenContext& ctx, Rect& page, int left) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    // The dots and "N dots left" on one line; the hint or the reason beside them when it fits on
    // a line there, else wrapped on lines of its own below (never cut short with "…").
    const float radius = m.body * 0.42f;
    const std::string left_text = ctx.plural("dots_left", left);
    const float dots_w = step.dots <= 12 ? step.dots * radius * 2.6f + m.gap * 0.5f : 0;
    const float left_w = ui.measure(ui.bold(), left_text).x;
    const std::string hint = ctx.tr(left == 0 ? "no_dots_left" : "dots_hint");
    const float line_h = std::max(ui.line_height(ui.bold()), m.body * 1.4f);
    const float beside_w = page.w() - dots_w - left_w - m.gap * 1.5f;
    const bool beside = ui.measure(ui.body(), hint).x + m.pad * 1.2f <= beside_w;
    Rect status = cut_top(page, line_h, beside ? m.gap : m.gap * 0.5f);
    if (step.dots <= 12) {
        draw_dots(ui, ImVec2(status.min.x, status.center().y), radius, left, step.dots, c.text, c.border);
        cut_left(status, dots_w, 0);
    }
    ui.text(ui.bold(), left_text, cut_left(status, left_w, m.gap * 1.5f), c.text, Align::left, true);
    if (!beside) status = cut_top(page, ui.measure(ui.body(), hint, page.w() - m.pad * 1.2f).y + m.pad * 0.4f, m.gap);
    if (left == 0) draw_notice(ui, status, hint);
    else ui.text(ui.body(), hint, status, c.muted, Align::left, true);
}

}  // namespace

Intent draw_dot_vote_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    const StepDraft& draft = *ctx.draft;
    Rect page = page_rect(ui);
    Intent intent;

    const int used = draft.dots_used();
    const int left = step.dots - used;
    const bool complete = static_cast<bool>(ctx.turn->step_ready());
    const FooterTaps taps = draw_step_footer(ctx, page, used == 0 && !step.require_all_dots, complete, ctx.tr("place_all_dots"));
    if (taps.back) intent = Intent::of(IntentKind::back);
    if (taps.next) intent = Intent::of(IntentKind::next);

    draw_step_header(ctx, page);

    const Look look = look_of(step);
    if (look != Look::dots) {
        // A choice: the hint, or how many more may be chosen (never dot texts).
        const std::string hint = look == Look::single_choice ? ctx.tr("choose_one")
                                 : left > 0 ? ctx.plural("choices_left", left) : ctx.tr("no_choices_left");
        cut_top(page, ui.text(ui.body(), hint, page, left == 0 && look == Look::multi_select ? c.on_notice : c.muted), m.gap);
    } else {
        draw_dots_status(ctx, page, left);
    }

    // The cards.
    const int n = static_cast<int>(step.options.size());
    const float min_h = look == Look::dots ? std::max(m.target + m.pad * 2 + m.body * 2.6f, m.target * 2.2f)
                                           : std::max(m.target * 1.3f, m.pad * 2 + m.body * 2.6f);
    const Grid grid = layout_grid(n, page, ImVec2(m.body * 13, min_h), min_h * 1.7f, m.gap, m.portrait ? 2 : 4);
    float& scroll = ctx.memory.scroll["dots/" + step.id];
    ui.begin_scroll("dots", page, grid.content_h, scroll);
    for (int i = 0; i < n; ++i) {
        const Option& option = step.options[static_cast<std::size_t>(i)];
        auto it = draft.dots.find(option.id);
        const int given = it == draft.dots.end() ? 0 : it->second;
        const Answer more = ctx.turn->may_add_dot(option.id);  // the Turn's rules, not ours
        const bool at_max = !more && more.why.code == ProblemCode::dots_over_cap;
        const Rect cell = grid.cell(i, page, scroll);
        const ImU32 color = ctx.option_color(step, static_cast<std::size_t>(i));
        // A single choice's other answers stay tappable: a tap there moves the answer.
        const CardResult r = look == Look::dots ? draw_card(ctx, cell, option, color, given, more.ok, at_max)
                                                : draw_choice_card(ctx, cell, option, color, given > 0,
                                                                   look == Look::single_choice || more.ok, look);
        if (r.add) intent = Intent::of(IntentKind::add_dot, option.id);
        if (r.remove) intent = Intent::of(IntentKind::remove_dot, option.id);
    }
    ui.end_scroll(page, grid.content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

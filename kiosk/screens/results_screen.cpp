// results_screen.cpp — revealed results: a tab per revealed step, the step's results, Close.
#include "results_screen.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

// The label of a result row in the viewer's language (ideas keep the language they were typed in).
const std::string& row_label(const ScreenContext& ctx, const ResultRow& row) { return row.label.in(ctx.lang); }

ImU32 row_color(const ScreenContext& ctx, const Step& step, const ResultRow& row, std::size_t i) {
    for (std::size_t k = 0; k < step.options.size(); ++k)
        if (step.options[k].id == row.option) return ctx.option_color(step, k);
    return ctx.option_color(step, step.options.size() + i);
}

// Text drawn across a bar: in the bar's ink where it lies on the bar, in plain ink beside it.
void split_text(Ui& ui, FontSpec f, std::string_view text, const Rect& box, float bar_end, ImU32 on_bar, ImU32 off_bar) {
    ui.text_part(f, text, box, on_bar, box.min.x, std::min(bar_end, box.max.x), Align::left, true);
    ui.text_part(f, text, box, off_bar, std::max(bar_end, box.min.x), box.max.x, Align::left, true);
}

float draw_bars(ScreenContext& ctx, const Step& step, const StepResult& result, Rect area) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float top = area.min.y;
    long long best = 1;
    for (const ResultRow& r : result.rows) best = std::max(best, r.score);
    const float row_h = std::round(m.target * 0.95f);
    const float pos_w = m.body * 1.6f;
    // Pictograms get a column of their own, so that every bar starts at the same place.
    const bool pictograms = std::any_of(step.options.begin(), step.options.end(),
                                        [](const Option& o) { return !o.pictogram.empty(); });
    std::string key;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const ResultRow& row = result.rows[i];
        Rect full = cut_top(area, row_h, m.gap * 0.5f);
        if (full.max.y < ui.clip().min.y || full.min.y > ui.clip().max.y) continue;  // scrolled away: only its height counts
        if (pictograms) {
            const Rect icon = cut_left(full, row_h, m.gap * 0.6f);
            if (const Option* option = row.is_idea ? nullptr : step.find_option(row.option))
                draw_pictogram(ctx, option->pictogram, icon, c.text);
        }
        const ImU32 color = row_color(ctx, step, row, i);
        const float frac = static_cast<float>(row.score) / static_cast<float>(best);
        const std::string& label = row_label(ctx, row);
        // A row looks the same wherever it is: drawn once, then copied (see Ui::cached). The key
        // holds all that the drawing below depends on.
        const float k[] = {full.w(), full.h(), frac, std::bit_cast<float>(color)};
        const long long n[] = {row.position, row.score, static_cast<long long>(step.type)};
        key.assign("result-bar");
        key.append(reinterpret_cast<const char*>(k), sizeof k);
        key.append(reinterpret_cast<const char*>(n), sizeof n);
        key.append(ctx.lang);
        key += '\0';
        key.append(label);
        ui.cached(key, full.min, [&] {
            Rect line = full;
            const Rect pos = cut_left(line, pos_w, m.gap * 0.5f);
            ui.text(ui.bold(), std::to_string(row.position) + ".", pos, c.muted, Align::right, true);
            ui.dl()->AddRectFilled(line.min, line.max, mix(c.background, c.disabled, 0.7f), m.radius);
            const float bar_end = row.score > 0 ? line.min.x + std::max(m.radius * 2, line.w() * frac) : line.min.x;
            if (row.score > 0) ui.dl()->AddRectFilled(line.min, ImVec2(bar_end, line.max.y), color, m.radius);
            const std::string number = step.type == StepType::dot_vote ? ctx.plural("dots_given", row.score)
                                                                        : ctx.plural("votes_count", row.score);
            const float number_w = ui.measure(ui.bold(), number).x;
            const float label_w = ui.measure(ui.body(), label).x;
            // Number at the bar's end, inside it when the label fits before it; else at the row's end.
            const float pad = m.pad * 0.6f;
            const bool inside = bar_end - line.min.x >= label_w + number_w + pad * 4;
            const Rect number_box = inside ? Rect::xywh(bar_end - pad - number_w, line.min.y, number_w, line.h())
                                           : Rect::xywh(line.max.x - pad - number_w, line.min.y, number_w, line.h());
            split_text(ui, ui.bold(), number, number_box, bar_end, text_color_on(color), c.text);
            Rect label_box = line.shrink(pad, 0);
            label_box.max.x = number_box.min.x - pad;
            const FontSpec f = ui.fit(ui.body(), label, ImVec2(label_box.w(), label_box.h()), 0.7f);
            split_text(ui, f, label, label_box, bar_end, text_color_on(color), c.text);
            return 0.0f;
        });
    }
    return area.min.y - top;
}

float draw_ranked_list(ScreenContext& ctx, const Step& step, const StepResult& result, Rect area) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float top = area.min.y;
    long long best = 1;
    for (const ResultRow& r : result.rows) best = std::max(best, r.score);
    const float row_h = std::round(ui.line_height(ui.bold()) + ui.line_height(ui.small()) + m.pad * 1.2f);
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const ResultRow& row = result.rows[i];
        const Rect card = cut_top(area, row_h, m.gap * 0.5f);
        if (card.max.y < ui.clip().min.y || card.min.y > ui.clip().max.y) continue;  // scrolled away
        ui.panel(card, c.surface, c.border, 1.0f);
        Rect inner = card.shrink(m.pad * 0.6f, m.pad * 0.5f);
        const ImU32 color = row_color(ctx, step, row, i);
        const float badge = std::min(inner.h(), m.body * 1.9f);
        const Rect b = cut_left(inner, badge, m.gap);
        ui.badge(b.center(), badge / 2, row.position == 1 ? c.primary : c.muted, std::to_string(row.position), c.on_primary);
        const std::string score = result.method == RankingMethod::borda ? ctx.plural("points", row.score)
                                                                        : ctx.plural("beats", row.score);
        const float score_w = ui.measure(ui.bold(), score).x;
        const Rect score_box = cut_right(inner, score_w, m.gap);
        ui.text(ui.bold(), score, score_box, c.text, Align::right, true);
        Rect label = cut_top(inner, ui.line_height(ui.bold()), 0);
        const std::string text = row_label(ctx, row);
        ui.text(ui.fit(ui.bold(), text, ImVec2(label.w(), label.h()), 0.7f), text, label, c.text);
        // A slim bar under the label shows the score against the winner's.
        const float bar_h = std::max(4.0f, m.body * 0.2f);
        const float frac = static_cast<float>(row.score) / static_cast<float>(best);
        if (row.score > 0)
            ui.dl()->AddRectFilled(ImVec2(inner.min.x, inner.min.y + 2), ImVec2(inner.min.x + inner.w() * frac, inner.min.y + 2 + bar_h), color, bar_h / 2);
        inner.min.y += bar_h + 4;
        ui.text(ui.small(), ctx.plural("ranked_first", row.first_choices), inner, c.muted);
    }
    return area.min.y - top;
}

float draw_by_role(ScreenContext& ctx, const std::vector<RoleResult>& groups, Rect area) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    std::vector<const RoleResult*> shown;
    for (const RoleResult& g : groups)
        if (g.result.ballots > 0) shown.push_back(&g);
    if (shown.empty() || (shown.size() == 1 && shown.front()->role.empty())) return 0;
    const float top = area.min.y;
    cut_top(area, ui.text(ui.title().scaled(0.85f), ctx.tr("by_role"), area, c.text), m.gap * 0.5f);
    const int top_rows = 3;
    const float lh = ui.line_height(ui.body());
    const float card_h = ui.line_height(ui.bold()) + ui.line_height(ui.small()) + top_rows * lh + m.pad * 1.5f;
    const Grid grid = layout_grid(static_cast<int>(shown.size()), Rect{area.min, {area.max.x, area.min.y + 1e6f}},
                                  ImVec2(m.body * 14, card_h), card_h, m.gap, m.portrait ? 2 : 3, 1.8f);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const RoleResult& g = *shown[i];
        const Rect card = grid.cell(static_cast<int>(i), area, 0);
        ui.panel(card, c.surface, c.border, 1.0f);
        Rect inner = card.shrink(m.pad * 0.75f);
        const Role* role = ctx.scenario->find_role(g.role);
        const std::string name = role ? ctx.local(role->label) : ctx.tr("no_role");
        cut_top(inner, ui.text(ui.fit(ui.bold(), name, ImVec2(inner.w(), ui.line_height(ui.bold())), 0.7f), name, inner, c.text), 0);
        cut_top(inner, ui.text(ui.small(), ctx.plural("ballots_count", g.result.ballots), inner, c.muted), m.gap * 0.3f);
        for (std::size_t k = 0; k < g.result.rows.size() && k < static_cast<std::size_t>(top_rows); ++k) {
            const ResultRow& row = g.result.rows[k];
            Rect line = cut_top(inner, lh, 0);
            const std::string score = std::to_string(row.score);
            const float sw = ui.measure(ui.bold(), score).x;
            ui.text(ui.bold(), score, cut_right(line, sw, m.gap * 0.5f), c.text, Align::right);
            const std::string label = std::to_string(row.position) + ". " + row_label(ctx, row);
            ui.text(ui.fit(ui.body(), label, ImVec2(line.w(), lh), 0.7f), label, line, c.text);
        }
    }
    return area.min.y - top + grid.content_h;
}

}  // namespace

void draw_step_results(ScreenContext& ctx, const Step& step, const Rect& area, float& scroll) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    // The content's height is known after drawing it: use last frame's to clamp the scroll.
    float& content_h = ctx.memory.scroll["results-height/" + step.id];
    ui.begin_scroll("results", area, content_h, scroll);
    const float shift = std::round(scroll);  // whole pixels: crisp text, and rows drawn once stay cached
    Rect r{ImVec2(area.min.x, area.min.y - shift), ImVec2(area.max.x - m.gap, area.min.y - shift + 1e6f)};
    const float top = r.min.y;
    // Fetched again when a visit is counted or undone, and at least every second.
    SessionCache& cache = ctx.memory.results_cache;
    if (cache.stale(step.id, ctx.session->changes())) {
        cache.result = ctx.session->results(step.id);
        cache.by_role = ctx.session->results_by_role(step.id);
    }
    const StepResult& result = cache.result;
    cut_top(r, ui.text(ui.title(), ctx.local(step.title), r, c.text), m.gap * 0.2f);
    cut_top(r, ui.text(ui.body(), ctx.plural("ballots_count", result.ballots), r, c.muted), m.gap);
    if (result.ballots == 0) {
        cut_top(r, ui.text(ui.body(), ctx.tr("no_ballots"), r, c.muted), m.gap);
    } else {
        const float h = step.type == StepType::ranking ? draw_ranked_list(ctx, step, result, r) : draw_bars(ctx, step, result, r);
        cut_top(r, h, m.gap * 2);
        cut_top(r, draw_by_role(ctx, cache.by_role, r), m.gap);
    }
    content_h = r.min.y - top;
    ui.end_scroll(area, content_h, scroll);
}

Intent draw_results_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Rect page = page_rect(ui);
    Intent intent;

    std::vector<const Step*> revealed;
    for (const Step& s : ctx.scenario->steps)
        if (s.takes_ballots() && ctx.session->revealed(s.id)) revealed.push_back(&s);

    Rect footer = cut_bottom(page, footer_height(m), m.gap);
    const std::string close = "← " + ctx.tr("close");
    if (ui.button(cut_left(footer, std::max(m.body * 7, ui.measure(ui.bold(), close).x + m.pad * 2)), close, ButtonKind::secondary))
        intent = Intent::of(IntentKind::finish);

    cut_top(page, ui.text(ui.title(), ctx.tr("results"), page, c.text), m.gap);
    if (revealed.empty()) {
        ui.text(ui.body(), ctx.tr("no_ballots"), page, c.muted);
        return intent;
    }
    std::string& current = ctx.memory.results_step;
    auto it = std::find_if(revealed.begin(), revealed.end(), [&](const Step* s) { return s->id == current; });
    const Step* step = it == revealed.end() ? revealed.front() : *it;

    if (revealed.size() > 1) {  // one tab per revealed step, in rows that leave room for the results
        const float widest = std::min(page.w(), m.body * 22), narrowest = std::min(widest, m.body * 7);
        const std::size_t most_rows = std::max(1, static_cast<int>(page.h() * 0.3f / (m.target + m.gap)));
        std::vector<float> widths;
        std::size_t rows = 0;
        float left = 0;
        for (const Step* s : revealed) {
            widths.push_back(std::clamp(ui.measure(ui.bold(), ctx.local(s->title)).x + m.pad * 2.5f, narrowest, widest));
            if (widths.back() > left) {
                ++rows;
                left = page.w();
            }
            left -= widths.back() + m.gap;
        }
        if (rows > most_rows) {  // too many at their own widths: equal columns (long titles end with "…")
            const auto columns = static_cast<float>((revealed.size() + most_rows - 1) / most_rows);
            std::fill(widths.begin(), widths.end(), std::floor((page.w() - m.gap * (columns - 1)) / columns));
        }
        Rect row;
        for (std::size_t i = 0; i < revealed.size(); ++i) {
            if (widths[i] > row.w()) row = cut_top(page, m.target, m.gap);
            const Step* s = revealed[i];
            if (ui.button(cut_left(row, widths[i], m.gap), ctx.local(s->title), s == step ? ButtonKind::primary : ButtonKind::secondary))
                current = s->id;  // which tab shows is the viewer's UI state, not an engine change
        }
        cut_top(page, 0, m.gap * 0.5f);
    }
    draw_step_results(ctx, *step, page.centered_width(std::min(page.w(), m.body * 46)), ctx.memory.scroll["results/" + step->id]);
    return intent;
}

}  // namespace workshop::kiosk

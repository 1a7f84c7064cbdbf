// review_screen.cpp — every voting step with what the voter chose, a "Change" button for each,
// and Confirm. Nothing is stored before Confirm.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

struct Line {
    std::string text;
    ImU32 color = 0;  // dots in this colour before the text (dot votes)
    int dots = 0;
    const Pictogram* pictogram = nullptr;  // the option's icon or picture, before the text
};

struct Entry {
    int step_index = 0;
    const Step* step = nullptr;
    std::vector<Line> lines;  // empty = skipped
};

// The steps the Turn reviews, each with what was chosen.
std::vector<Entry> entries_of(const ScreenContext& ctx) {
    std::vector<Entry> entries;
    const Scenario& s = *ctx.scenario;
    std::vector<Idea> ideas;
    for (int i : ctx.turn->review_steps()) {
        const Step& step = s.steps[static_cast<std::size_t>(i)];
        Entry e{i, &step, {}};
        {
            const StepDraft& d = ctx.turn->draft(step.id);
            switch (step.type) {
                case StepType::dot_vote:
                    for (std::size_t k = 0; k < step.options.size(); ++k) {
                        auto dit = d.dots.find(step.options[k].id);
                        if (dit == d.dots.end() || dit->second == 0) continue;
                        const std::string label = ctx.local(step.options[k].label);
                        e.lines.push_back({shows_dots(step) ? label + " — " + ctx.plural("dots_given", dit->second) : label,
                                           ctx.option_color(step, k), dit->second, &step.options[k].pictogram});
                    }
                    break;
                case StepType::ranking:
                    for (std::size_t r = 0; r < d.ranking.size(); ++r) {
                        const Option* o = step.find_option(d.ranking[r]);
                        e.lines.push_back({std::to_string(r + 1) + ". " + (o ? ctx.local(o->label) : d.ranking[r]), 0, 0,
                                           o ? &o->pictogram : nullptr});
                    }
                    break;
                case StepType::idea_vote:
                    if (!d.approved.empty()) ideas = ctx.turn->ideas(step.id);  // with this voter's new ones
                    for (const std::string& id : d.approved) {
                        std::string text = id;
                        if (const Option* o = step.find_option(id)) text = ctx.local(o->label);
                        for (const Idea& idea : ideas)
                            if (idea.id == id) text = idea.text;
                        e.lines.push_back({"✓ " + text});
                    }
                    break;
                case StepType::info: break;
            }
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

}  // namespace

Intent draw_review_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Rect page = page_rect(ui);
    Intent intent;

    const FooterTaps taps = draw_footer(ctx, page, "✓ " + ctx.tr("confirm"), true, {});
    if (taps.back) intent = Intent::of(IntentKind::back);
    if (taps.next) intent = Intent::of(IntentKind::confirm);

    const std::vector<Entry> entries = entries_of(ctx);
    const bool nothing = std::all_of(entries.begin(), entries.end(), [](const Entry& e) { return e.lines.empty(); });
    Rect col = page.centered_width(std::min(page.w(), m.body * 40));
    draw_step_header(ctx, col);  // the progress: "check & confirm" is the last step
    cut_top(col, ui.text(ui.title(), ctx.tr("review_title"), col, c.text), m.gap * 0.4f);
    cut_top(col, ui.text(ui.body(), ctx.tr(nothing ? "review_nothing" : "review_hint"), col, c.muted), m.gap * 1.2f);

    // Measure each entry: title, then one line per choice, beside a "Change" button.
    const std::string change = ctx.tr("change");
    const float button_w = std::max(m.body * 6, ui.measure(ui.bold(), change).x + m.pad * 2);
    const float text_w = col.w() - button_w - m.pad * 3;
    const float lh = ui.line_height(ui.body());
    const auto pictogram_w = [&](const Line& l) { return l.pictogram && !l.pictogram->empty() ? lh + m.gap * 0.4f : 0.0f; };
    std::vector<float> heights;
    float content_h = 0;
    for (const Entry& e : entries) {
        float h = ui.measure(ui.bold(), ctx.local(e.step->title), text_w).y + m.gap * 0.3f;
        if (e.lines.empty()) h += lh;
        for (const Line& l : e.lines) h += std::max(lh, ui.measure(ui.body(), l.text, text_w - (l.dots ? m.body * 2 : 0) - pictogram_w(l)).y);
        h = std::max(h, m.target) + m.pad * 2;
        heights.push_back(h);
        content_h += h + m.gap;
    }

    float& scroll = ctx.memory.scroll["review"];
    ui.begin_scroll("review", col, content_h, scroll);
    float y = col.min.y - scroll;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        const Rect card = Rect::xywh(col.min.x, y, col.w(), heights[i]);
        y += heights[i] + m.gap;
        ui.panel(card, c.surface, c.border, 1.5f);
        Rect inner = card.shrink(m.pad);
        const Rect button = cut_right(inner, button_w, m.pad).shrink(0, std::max(0.0f, (inner.h() - m.target) / 2));
        const Rect b{button.min, {button.max.x, button.min.y + m.target}};
        if (ui.button(b, change, ButtonKind::secondary, true, ctx.local(e.step->title)))
            intent = Intent::of(IntentKind::edit_step, {}, e.step_index);
        cut_top(inner, ui.text(ui.bold(), ctx.local(e.step->title), inner, c.text), m.gap * 0.3f);
        if (e.lines.empty()) ui.text(ui.body(), ctx.tr("skipped"), inner, c.muted);
        for (const Line& l : e.lines) {
            Rect line = inner;
            if (l.dots > 0) {
                const float r = m.body * 0.28f;
                draw_dots(ui, ImVec2(line.min.x, line.min.y + lh / 2), r, 1, 1, l.color, l.color);
                line.min.x += m.body * 1.0f;
            }
            if (l.pictogram && !l.pictogram->empty()) {
                draw_pictogram(ctx, *l.pictogram, Rect::xywh(line.min.x, line.min.y, lh, lh), c.text);
                line.min.x += pictogram_w(l);
            }
            cut_top(inner, std::max(lh, ui.text(ui.body(), l.text, line, c.text)), 0);
        }
    }
    ui.end_scroll(col, content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

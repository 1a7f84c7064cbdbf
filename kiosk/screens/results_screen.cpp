// results_screen.cpp — revealed results as slides the facilitator can project: one step per
// slide, its "by group" breakdown on a slide of its own, the whole screen wide, labels sized for
// the back of the room, counts and percentages written the viewer's way. Previous/next by the
// buttons, by tapping the left or right edge, and by the arrow keys (a presenter's clicker).
#include "results_screen.h"

#include <algorithm>
#include <cmath>

#include "app.h"
#include "chrome.h"
#include "facilitator_mode.h"

namespace workshop::kiosk {

namespace {

struct Slide {
    const Step* step = nullptr;
    bool by_group = false;
};

// A slide's text sizes, taken from the screen (a room reads them from meters away): labels at
// least ~4 % of the short side, headings larger.
struct SlideFonts {
    FontSpec heading, label, note;
};

SlideFonts slide_fonts(const Ui& ui) {
    const Metrics& m = ui.m();
    const float short_side = std::min(m.display.x, m.display.y);
    const float label = std::max(ui.title().size, std::round(short_side * 0.042f));
    const float note = std::max(ui.body().size, std::round(short_side * 0.03f));
    return {ui.display().scaled(label * 1.4f / ui.display().size), ui.title().scaled(label / ui.title().size),
            ui.body().scaled(note / ui.body().size)};
}

// The label of a result row in the viewer's language (ideas keep the language they were typed in).
const std::string& row_label(const ScreenContext& ctx, const ResultRow& row) { return row.label.in(ctx.lang); }

// The tag of an idea typed in another language than the viewer's ("" otherwise).
std::string idea_language(const ScreenContext& ctx, const ResultRow& row) {
    if (!row.is_idea || row.label.by_language.size() != 1) return {};
    return idea_language_tag(ctx, row.label.by_language.begin()->first);
}

ImU32 row_color(const ScreenContext& ctx, const Step& step, const ResultRow& row, std::size_t i) {
    for (std::size_t k = 0; k < step.options.size(); ++k)
        if (step.options[k].id == row.option) return ctx.option_color(step, k);
    return ctx.option_color(step, step.options.size() + i);
}

// What a row's percentage is of: all dots given (dot votes), the ballots (approvals: each ballot
// may approve several; rankings: the ballots that put it first).
double percent_base(const Step& step, const StepResult& result) {
    if (step.type != StepType::dot_vote) return result.ballots;
    long long dots = 0;
    for (const ResultRow& r : result.rows) dots += r.score;
    return static_cast<double>(dots);
}

long long percent_part(const Step& step, const ResultRow& row) { return step.type == StepType::ranking ? row.first_choices : row.score; }

// Whole percents; one decimal only when two rows with different numbers would read the same.
int percent_decimals(const Step& step, const StepResult& result, double base) {
    if (base <= 0) return 0;
    std::vector<long long> parts;
    for (const ResultRow& r : result.rows) parts.push_back(percent_part(step, r));
    std::sort(parts.begin(), parts.end());
    for (std::size_t i = 1; i < parts.size(); ++i)
        if (parts[i] != parts[i - 1] && std::llround(100.0 * parts[i] / base) == std::llround(100.0 * parts[i - 1] / base))
            return 1;
    return 0;
}

std::string percent_text(const ScreenContext& ctx, long long part, double base, int decimals) {
    return format_percent(base > 0 ? 100.0 * static_cast<double>(part) / base : 0.0, decimals, ctx.lang);
}

// The language tag before an idea's label: smaller than the label, and the room it takes.
FontSpec tag_font(FontSpec label) { return label.scaled(0.62f); }
float tag_room(const Ui& ui, FontSpec f, const std::string& tag) {
    return tag.empty() ? 0 : language_tag_width(ui, tag_font(f), tag) + tag_font(f).size * 0.5f;
}

// The row's label, wrapped onto as many lines as it needs (nothing cut off), after the tag of an
// idea typed in another language. Returns the height used.
float draw_row_label(ScreenContext& ctx, const ResultRow& row, FontSpec f, Rect box, ImU32 ink) {
    Ui& ui = ctx.ui;
    if (const std::string tag = idea_language(ctx, row); !tag.empty()) {
        const float h = ui.line_height(tag_font(f)) * 1.15f;
        draw_language_tag(ui, tag_font(f), tag, Rect::xywh(box.min.x, box.min.y + (ui.line_height(f) - h) / 2, 0, h), ui.colors().muted);
        box.min.x += tag_room(ui, f, tag);
    }
    const std::string& label = row_label(ctx, row);
    box.max.y = box.min.y + ui.measure(f, label, box.w()).y;
    return ui.text(f, label, box, ink);
}

float row_label_height(const ScreenContext& ctx, const ResultRow& row, FontSpec f, float width) {
    return ctx.ui.measure(f, row_label(ctx, row), width - tag_room(ctx.ui, f, idea_language(ctx, row))).y;
}

// Dot votes and approvals: per row the label, under it a bar with the count at its end, and the
// percentage in a column of its own.
// `room`: the height left on the screen for the rows.
float draw_bars(ScreenContext& ctx, const Step& step, const StepResult& result, Rect area, const SlideFonts& f, float room) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float top = area.min.y;
    long long best = 1;
    for (const ResultRow& r : result.rows) best = std::max(best, r.score);
    const double base = percent_base(step, result);
    const int decimals = percent_decimals(step, result, base);
    const float percent_w = ui.measure(f.label, percent_text(ctx, 1000, 1000, decimals)).x;
    // A few rows on a tall screen get thicker bars and more air rather than an empty lower half.
    float bar_h = std::round(f.label.size * 1.15f), gap = f.label.size * 0.55f;
    if (result.rows.size() <= 12) {
        float natural = 0;
        for (const ResultRow& row : result.rows)
            natural += row_label_height(ctx, row, f.label, area.w() - percent_w - m.gap) + f.label.size * 0.15f + bar_h + gap;
        const float extra = std::clamp((room - natural) / static_cast<float>(std::max<std::size_t>(1, result.rows.size())), 0.0f, f.label.size * 1.6f);
        bar_h = std::round(bar_h + extra * 0.4f);
        gap += extra * 0.6f;
    }
    // Pictograms get a column of their own, so that every bar starts at the same place.
    const bool pictograms = std::any_of(step.options.begin(), step.options.end(),
                                        [](const Option& o) { return !o.pictogram.empty(); });
    const float icon_w = pictograms ? std::round(f.label.size * 2.2f) : 0;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const ResultRow& row = result.rows[i];
        const float label_h = row_label_height(ctx, row, f.label, area.w() - icon_w - percent_w - m.gap);
        Rect line = cut_top(area, std::max(label_h + f.label.size * 0.15f + bar_h, icon_w), gap);
        if (line.max.y < ui.clip().min.y || line.min.y > ui.clip().max.y) continue;  // scrolled away
        if (pictograms) {
            const Rect icon = cut_left(line, icon_w, m.gap * 0.6f);
            if (const Option* option = row.is_idea ? nullptr : step.find_option(row.option))
                draw_pictogram(ctx, option->pictogram, icon, c.text);
        }
        const Rect percent = cut_right(line, percent_w, m.gap);
        draw_row_label(ctx, row, f.label, Rect{line.min, {line.max.x, line.min.y + label_h}}, c.text);
        const Rect track{{line.min.x, line.max.y - bar_h}, line.max};
        ui.dl()->AddRectFilled(track.min, track.max, mix(c.background, c.disabled, 0.7f), m.radius);
        const float frac = static_cast<float>(row.score) / static_cast<float>(best);
        const float bar_end = row.score > 0 ? track.min.x + std::max(m.radius * 2, track.w() * frac) : track.min.x;
        const ImU32 color = row_color(ctx, step, row, i);
        if (row.score > 0) ui.dl()->AddRectFilled(track.min, ImVec2(bar_end, track.max.y), color, m.radius);
        const std::string count = shows_dots(step) ? ctx.plural("dots_given", row.score)
                                                                   : ctx.plural("votes_count", row.score);
        const FontSpec count_font = f.note;
        const float count_w = ui.measure(count_font, count).x, pad = m.pad * 0.6f;
        const bool inside = bar_end - track.min.x >= count_w + pad * 2;
        const Rect count_box = inside ? Rect{{bar_end - pad - count_w, track.min.y}, {bar_end - pad, track.max.y}}
                                      : Rect{{bar_end + pad, track.min.y}, {bar_end + pad + count_w, track.max.y}};
        ui.text(count_font, count, count_box, inside ? text_color_on(color) : c.text, Align::left, true);
        ui.text(f.label, percent_text(ctx, percent_part(step, row), base, decimals),
                Rect{{percent.min.x, track.min.y}, {percent.max.x, track.max.y}}, c.text, Align::right, true);
    }
    return area.min.y - top;
}

// Rankings: a card per option in order, with a badge for its place, its score in words, a slim
// bar against the winner's, and how many put it first.
float draw_ranked_list(ScreenContext& ctx, const Step& step, const StepResult& result, Rect area, const SlideFonts& f) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float top = area.min.y;
    const std::string explainer = ctx.tr(result.method == RankingMethod::borda ? "borda_explained" : "schulze_explained");
    cut_top(area, ui.text(f.note, explainer, area, c.muted), f.note.size * 0.8f);
    long long best = 1;
    for (const ResultRow& r : result.rows) best = std::max(best, r.score);
    const double base = result.ballots;
    const int decimals = percent_decimals(step, result, base);
    const long long others = static_cast<long long>(result.rows.size()) - 1;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const ResultRow& row = result.rows[i];
        const float badge = f.label.size * 1.6f;
        const float text_w = area.w() - badge - m.gap - m.pad * 1.2f;
        const float label_h = row_label_height(ctx, row, f.label, text_w);
        const float bar_h = std::max(4.0f, f.note.size * 0.3f);
        const float card_h = label_h + ui.line_height(f.note) * 2 + bar_h + f.note.size * 0.6f + m.pad * 1.4f;
        const Rect card = cut_top(area, card_h, f.label.size * 0.35f);
        if (card.max.y < ui.clip().min.y || card.min.y > ui.clip().max.y) continue;  // scrolled away
        ui.panel(card, c.surface, c.border, 1.0f);
        Rect inner = card.shrink(m.pad * 0.6f, m.pad * 0.7f);
        const Rect b = cut_left(inner, badge, m.gap);
        ui.badge(ImVec2(b.center().x, inner.min.y + badge / 2), badge / 2, row.position == 1 ? c.primary : c.muted,
                 std::to_string(row.position), c.on_primary);
        cut_top(inner, draw_row_label(ctx, row, f.label, inner, c.text), f.note.size * 0.2f);
        const std::string score = result.method == RankingMethod::borda
                                      ? ctx.plural("points", row.score)
                                      : ctx.plural("beats", row.score, {{"m", format_number(others, ctx.lang)}});
        cut_top(inner, ui.text(f.note, score, inner, c.text), f.note.size * 0.2f);
        const float frac = static_cast<float>(row.score) / static_cast<float>(best);
        if (row.score > 0)
            ui.dl()->AddRectFilled(inner.min, ImVec2(inner.min.x + inner.w() * frac, inner.min.y + bar_h),
                                   row_color(ctx, step, row, i), bar_h / 2);
        cut_top(inner, bar_h, f.note.size * 0.2f);
        const std::string first = ctx.plural("ranked_first", row.first_choices) + " · " +
                                  percent_text(ctx, row.first_choices, base, decimals);
        ui.text(f.note, first, inner, c.muted);
    }
    return area.min.y - top;
}

const ShownResults& results_of(ScreenContext& ctx, const Step& step);

// A group of ballots that may be shown on its own, named in the viewer's language.
struct GroupView {
    std::string name;
    const StepResult* result = nullptr;
};

// The step's groups that may be shown (the engine's rule: none under min_group_size on its own).
std::vector<GroupView> groups_shown(ScreenContext& ctx, const Step& step) {
    const std::vector<RoleGroup>& groups = results_of(ctx, step).groups;
    std::vector<GroupView> out;
    if (!groups_add_to_totals(groups)) return out;
    for (const RoleGroup& g : groups) {
        std::string name;
        if (g.other_groups) name = ctx.tr("other_groups");
        else if (const Role* role = ctx.scenario->find_role(g.roles.front())) name = ctx.local(role->label);
        else name = ctx.tr("no_role");
        out.push_back({std::move(name), &g.result});
    }
    return out;
}

// "By group": a card per group that may be shown, with its ballots and its first three rows.
float draw_groups(ScreenContext& ctx, const Step& step, Rect area, const SlideFonts& f) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::vector<GroupView> groups = groups_shown(ctx, step);
    const float top = area.min.y;
    const int top_rows = 3;
    // The rows are option labels, read from the back of the room like the main slide's.
    const FontSpec row_font = ui.body().scaled(f.label.size / ui.body().size);
    const float lh = ui.line_height(row_font);
    const float card_h = ui.line_height(f.label) * 1.1f + ui.line_height(f.note) + lh * top_rows + m.pad * 2 + m.gap * 0.4f;
    const int columns = std::clamp(static_cast<int>(area.w() / (f.label.size * 12)), 1, m.portrait ? 1 : 3);
    const Grid grid = layout_grid(static_cast<int>(groups.size()), Rect{area.min, {area.max.x, area.min.y + 1e6f}},
                                  ImVec2(area.w() / static_cast<float>(columns) - m.gap, card_h), card_h, m.gap, columns, 1.6f);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const GroupView& g = groups[i];
        const Rect card = grid.cell(static_cast<int>(i), area, 0);
        ui.panel(card, c.surface, c.border, 1.0f);
        Rect inner = card.shrink(m.pad);
        cut_top(inner, ui.text(ui.fit(f.label, g.name, ImVec2(inner.w(), ui.line_height(f.label)), 0.75f), g.name, inner, c.text), 0);
        cut_top(inner, ui.text(f.note, ctx.plural("ballots_count", g.result->ballots), inner, c.muted), m.gap * 0.4f);
        const double base = percent_base(step, *g.result);
        const int decimals = percent_decimals(step, *g.result, base);
        for (std::size_t k = 0; k < g.result->rows.size() && k < static_cast<std::size_t>(top_rows); ++k) {
            const ResultRow& row = g.result->rows[k];
            Rect line = cut_top(inner, lh, 0);
            const std::string share = step.type == StepType::ranking && g.result->method == RankingMethod::borda
                                          ? ctx.plural("points", row.score)
                                          : step.type == StepType::ranking ? format_number(row.score, ctx.lang)
                                                                           : percent_text(ctx, percent_part(step, row), base, decimals);
            const float sw = ui.measure(ui.bold().scaled(row_font.size / ui.bold().size), share).x;
            ui.text(ui.bold().scaled(row_font.size / ui.bold().size), share, cut_right(line, sw, m.gap * 0.5f), c.text, Align::right);
            const std::string label = std::to_string(row.position) + ". " + row_label(ctx, row);
            ui.text(ui.fit(row_font, label, ImVec2(line.w(), lh), 0.7f), label, line, c.text);
        }
    }
    cut_top(area, grid.content_h, m.gap);
    const int min_size = ctx.scenario->results.min_group_size;
    cut_top(area, ui.text(f.note, ctx.tr("groups_hidden_note", {{"n", format_number(min_size, ctx.lang)}}), area, c.muted), m.gap);
    return area.min.y - top;
}

// The slides: each revealed step, then its groups when the facilitator allows them on screen.
std::vector<Slide> slides_of(const ScreenContext& ctx) {
    std::vector<Slide> slides;
    for (const Step& s : ctx.scenario->steps) {
        if (!s.takes_ballots() || !ctx.session->revealed(s.id)) continue;
        slides.push_back({&s, false});
        if (ctx.facilitator && ctx.facilitator->groups_on_screen() && groups_add_to_totals(ctx.session->shown_results(s.id).groups)) slides.push_back({&s, true});
    }
    return slides;
}

// The results of `step` as a shared screen shows them (the bars move in steps while voting is
// open), fetched again when a visit is counted or undone, and at least every second (the live
// counter while voting is open).
const ShownResults& results_of(ScreenContext& ctx, const Step& step) {
    SessionCache& cache = ctx.memory.results_cache;
    if (cache.stale(*ctx.session, step.id)) cache.shown = &ctx.session->shown_results(step.id);
    return *cache.shown;
}

// The heading: the step's title, how many voted, and whether voting goes on (the count is live).
void draw_slide_heading(ScreenContext& ctx, const Slide& slide, const ShownResults& shown, Rect& page, const SlideFonts& f) {
    Ui& ui = ctx.ui;
    const Palette& c = ui.colors();
    cut_top(page, ui.text(f.heading, ctx.local(slide.step->title), page, c.text), f.note.size * 0.3f);
    if (slide.by_group) cut_top(page, ui.text(f.label, ctx.tr("by_role"), page, c.primary), f.note.size * 0.3f);
    const std::string line = ctx.plural("ballots_count", shown.ballots_now);
    const bool live = ctx.session->state() == SessionState::running && ctx.session->step_open(slide.step->id);
    // The note on the bars' steps sits close under this line: one block, no scroll for it.
    Rect row = cut_top(page, ui.line_height(f.note), f.note.size * (live && shown.in_steps ? 0.2f : 1.2f));
    ui.text(f.note, line, row, c.muted);
    if (!live) return;
    row.min.x += ui.measure(f.note, line).x + f.note.size;
    const float r = f.note.size * 0.3f;
    ui.dl()->AddCircleFilled(ImVec2(row.min.x + r, row.center().y), r, c.success);
    row.min.x += r * 2 + f.note.size * 0.4f;
    ui.text(f.note, ctx.tr("voting_still_open"), row, c.success);
    if (!shown.in_steps) return;  // say why the bars lag the count (Session::shown_results)
    const std::string steps = ctx.plural("bars_move_in_steps", ctx.scenario->results.min_group_size);
    cut_top(page, ui.text(f.note, steps, page, c.muted), f.note.size * 1.2f);
}

// One slide in `area`, scrolled by dragging when it is longer than the screen.
void draw_slide(ScreenContext& ctx, const Slide& slide, const Rect& area, float& scroll) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const SlideFonts f = slide_fonts(ui);
    const ShownResults& shown = results_of(ctx, *slide.step);
    const StepResult& result = shown.result;
    // The content's height is known after drawing it: use last frame's to clamp the scroll.
    float& content_h = ctx.memory.scroll[std::string(slide.by_group ? "slide-groups-height/" : "slide-height/") + slide.step->id];
    ui.begin_scroll("results", area, content_h, scroll);
    const float shift = std::round(scroll);  // whole pixels: crisp text
    Rect r{ImVec2(area.min.x, area.min.y - shift), ImVec2(area.max.x - m.gap, area.min.y - shift + 1e6f)};
    const float top = r.min.y;
    draw_slide_heading(ctx, slide, shown, r, f);
    if (shown.ballots_now == 0 && result.ballots == 0) {
        cut_top(r, ui.text(f.label, ctx.tr("no_ballots"), r, ui.colors().muted), m.gap);
    } else if (slide.by_group) {
        cut_top(r, draw_groups(ctx, *slide.step, r, f), m.gap);
    } else {
        cut_top(r, slide.step->type == StepType::ranking ? draw_ranked_list(ctx, *slide.step, result, r, f)
                                                         : draw_bars(ctx, *slide.step, result, r, f, area.max.y - r.min.y), m.gap);
    }
    content_h = r.min.y - top;
    ui.end_scroll(area, content_h, scroll);
}

// The scenario's languages as buttons, each by its own name in its own script (as on the language
// screen: codes like "AR" say nothing to a participant who cannot read Latin script), in `font`.
// Each is at least a target wide.
std::vector<float> language_button_widths(ScreenContext& ctx, FontSpec font) {
    std::vector<float> widths;
    for (const std::string& l : ctx.scenario->languages)
        widths.push_back(std::max(ctx.ui.m().target, ctx.ui.measure(font, ctx.strings.language_name(l)).x + ctx.ui.m().pad * 2));
    return widths;
}

// The rows the buttons of `widths` take in a row `width` wide, each row's first button's index:
// as few rows as filling them in order takes, and as even as fits (5 + 5, not 9 + 1).
std::vector<std::size_t> language_rows(const std::vector<float>& widths, float width, float gap) {
    std::vector<std::size_t> starts;
    float used = width + 1;  // no row yet
    for (std::size_t i = 0; i < widths.size(); ++i) {
        if (used + gap + widths[i] > width) {
            starts.push_back(i);
            used = widths[i];
        } else {
            used += gap + widths[i];
        }
    }
    const std::size_t per_row = (widths.size() + starts.size() - 1) / std::max<std::size_t>(1, starts.size());
    std::vector<std::size_t> even;
    for (std::size_t i = 0; i < widths.size(); i += per_row) {
        float row = -gap;
        for (std::size_t k = i; k < std::min(widths.size(), i + per_row); ++k) row += widths[k] + gap;
        if (row > width) return starts;
        even.push_back(i);
    }
    return even.size() == starts.size() ? even : starts;
}

// The language buttons in the rows `starts`: beside Close, at the right of `area` (`beside`), or
// in rows of their own cut from the top of `area`, from where the reader starts.
void draw_language_rows(ScreenContext& ctx, Rect& area, const std::vector<float>& widths, const std::vector<std::size_t>& starts, bool beside) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const auto& languages = ctx.scenario->languages;
    for (std::size_t r = 0; r < starts.size(); ++r) {
        Rect row = beside ? area : cut_top(area, m.target, m.gap * 0.6f);
        const std::size_t end = r + 1 < starts.size() ? starts[r + 1] : languages.size();
        float skip = 0;  // beside Close: the row ends at the right
        for (std::size_t i = starts[r]; beside && i < end; ++i) skip += widths[i] + m.gap;
        row.min.x = beside ? row.max.x - skip + m.gap : row.min.x;
        for (std::size_t i = starts[r]; i < end; ++i) {
            const Rect button = cut_left(row, widths[i], m.gap);
            if (ui.button(button, ctx.strings.language_name(languages[i]), languages[i] == ctx.lang ? ButtonKind::primary : ButtonKind::secondary, true, "language"))
                ctx.memory.results_language = languages[i];  // the viewer's UI state, as the slide shown
        }
        if (beside) area.max.x -= skip;
    }
}

// The language buttons: beside Close in `bar` when they fit, else in rows of their own cut from
// `page` (two at most at the buttons' size, else a smaller, still readable size: ten languages).
void draw_language_buttons(ScreenContext& ctx, Rect& bar, Rect& page) {
    Ui& ui = ctx.ui;
    const float gap = ui.m().gap;
    std::vector<float> widths = language_button_widths(ctx, ui.bold());
    if (std::vector<std::size_t> one = language_rows(widths, bar.w(), gap); one.size() == 1) {
        draw_language_rows(ctx, bar, widths, one, true);
        return;
    }
    std::vector<std::size_t> rows = language_rows(widths, page.w(), gap);
    if (rows.size() > 2) {
        widths = language_button_widths(ctx, ui.bold().scaled(0.8f));
        rows = language_rows(widths, page.w(), gap);
    }
    draw_language_rows(ctx, page, widths, rows, false);
}

// The bar above the slide (cut from the top of `page`): Close, the way back to facilitator mode
// (while it lasts), and the scenario's languages side by side, in rows of their own below when
// they do not fit beside (ten languages).
Intent draw_slide_bar(ScreenContext& ctx, Rect& page) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    Rect bar = cut_top(page, m.target, m.gap);
    Intent intent;
    const std::string close = "← " + ctx.tr("close");
    if (ui.button(cut_left(bar, ui.measure(ui.bold(), close).x + m.pad * 2, m.gap), close, ButtonKind::secondary))
        intent = Intent::of(IntentKind::finish);
    if (ctx.facilitator && ctx.facilitator->may_return(ctx.now)) {
        // The facilitator's own control: in facilitator mode's language, and at the top left of
        // the glass whatever the room reads (facilitator mode is never mirrored, and the hand
        // finds it where it always is when the slide switches to Arabic).
        const std::string back = ftr(ctx, "back_to_facilitator");
        const float w = ui.measure(ui.bold(), back).x + m.pad * 2;
        if (ui.button(ui.mirrored() ? cut_right(bar, w, m.gap) : cut_left(bar, w, m.gap), back, ButtonKind::quiet))
            intent = Intent::run([](App& app) { app.facilitator().return_from_presentation(app); });
    }
    if (ctx.scenario->languages.size() >= 2) draw_language_buttons(ctx, bar, page);
    const std::string heading = ctx.tr("results");
    if (ui.measure(ui.bold(), heading).x <= bar.w()) ui.text(ui.bold(), heading, bar, ui.colors().muted, Align::center, true);
    return intent;
}

}  // namespace

void draw_step_results(ScreenContext& ctx, const Step& step, const Rect& area, float& scroll) {
    draw_slide(ctx, Slide{&step, false}, area, scroll);
}

Intent draw_results_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    if (!ctx.memory.results_language.empty()) ctx.lang = ctx.memory.results_language;
    Rect page = ui.screen().shrink(m.margin * 0.75f, m.margin * 0.5f);
    Intent intent = draw_slide_bar(ctx, page);

    const std::vector<Slide> slides = slides_of(ctx);
    if (slides.empty()) {
        ui.text(slide_fonts(ui).label, ctx.tr("no_ballots"), page, ui.colors().muted);
        return intent;
    }
    // The slide shown: the step asked for (its overall results first), else the first.
    std::string& current = ctx.memory.results_step;
    bool& by_group = ctx.memory.results_by_group;
    auto it = std::find_if(slides.begin(), slides.end(), [&](const Slide& s) { return s.step->id == current && s.by_group == by_group; });
    if (it == slides.end()) it = std::find_if(slides.begin(), slides.end(), [&](const Slide& s) { return s.step->id == current; });
    const std::size_t index = it == slides.end() ? 0 : static_cast<std::size_t>(it - slides.begin());

    // Previous / "2 / 5" / next at the bottom, big enough to hit while talking.
    Rect footer = cut_bottom(page, m.target * 1.2f, m.gap);
    const std::string previous = ctx.tr("slide_previous"), next = ctx.tr("slide_next");
    const float button_w = std::min(footer.w() * 0.38f, std::max(ui.measure(ui.bold(), previous).x, ui.measure(ui.bold(), next).x) + m.pad * 3);
    int turn = ui.page_key();
    if (ui.button(cut_left(footer, button_w), previous, ButtonKind::secondary, index > 0)) turn = -1;
    if (ui.button(cut_right(footer, button_w), next, ButtonKind::primary, index + 1 < slides.size())) turn = +1;
    ui.text(ui.bold(), fill(ctx.tr("slide_count"), {{"i", std::to_string(index + 1)}, {"n", std::to_string(slides.size())}}),
            footer, ui.colors().muted, Align::center, true);

    // A tap on the left or right fifth of the slide turns it too (a drag scrolls instead).
    const float zone = page.w() * 0.2f;
    if (ui.tapped(Rect{page.min, {page.min.x + zone, page.max.y}})) turn = -1;
    if (ui.tapped(Rect{{page.max.x - zone, page.min.y}, page.max})) turn = +1;

    const Slide& slide = slides[index];
    draw_slide(ctx, slide, page, ctx.memory.scroll[std::string(slide.by_group ? "slide-groups/" : "slide/") + slide.step->id]);
    if (turn != 0 && !intent) {
        const long long to = std::clamp<long long>(static_cast<long long>(index) + turn, 0, static_cast<long long>(slides.size()) - 1);
        current = slides[static_cast<std::size_t>(to)].step->id;  // which slide shows is the viewer's UI state
        by_group = slides[static_cast<std::size_t>(to)].by_group;
    }
    return intent;
}

}  // namespace workshop::kiosk

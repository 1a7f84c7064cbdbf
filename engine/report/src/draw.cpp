// draw.cpp — charts, tables and text of the report, each recorded as a Block.
#include "draw.h"

#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>

namespace workshop::report {

namespace {

constexpr const char* font_family = "Noto Sans, DejaVu Sans";

void set_rgb(cairo_t* cr, unsigned rgb, double alpha = 1) {
    cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha);
}

std::string valid_utf8(const std::string& text) {
    if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return text;
    gchar* fixed = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    std::string out = fixed;
    g_free(fixed);
    return out;
}

std::string number(long long n) { return std::to_string(n); }

// "2=" for a position shared with a neighbour.
std::string position_text(const StepResult& result, std::size_t i) {
    const int p = result.rows[i].position;
    const bool tied = (i > 0 && result.rows[i - 1].position == p) ||
                      (i + 1 < result.rows.size() && result.rows[i + 1].position == p);
    return std::to_string(p) + (tied ? "=" : "");
}

bool has_ties(const StepResult& result) {
    for (std::size_t i = 1; i < result.rows.size(); ++i)
        if (result.rows[i].position == result.rows[i - 1].position) return true;
    return false;
}

const Step& step_of(const ChartContext& c) { return c.summary.step_of(c.step); }

bool is_schulze(const Step& step) { return step.type == StepType::ranking && step.method == RankingMethod::schulze; }

// What a row's number says: dots, points and first choices, options beaten, votes.
std::string value_text(const ChartContext& c, const ResultRow& row) {
    const Step& step = step_of(c);
    switch (step.type) {
    case StepType::dot_vote: return text(Text::dots, c.language, {{"n", number(row.score)}});
    case StepType::idea_vote: return text(Text::votes, c.language, {{"n", number(row.score)}});
    case StepType::ranking: {
        const std::string first = text(Text::first_choices, c.language, {{"n", number(row.first_choices)}});
        if (is_schulze(step)) return text(Text::beats_count, c.language, {{"n", number(row.score)}}) + " · " + first;
        return text(Text::points, c.language, {{"n", number(row.score)}}) + " · " + first;
    }
    case StepType::info: break;
    }
    return number(row.score);
}

std::string row_label(const ChartContext& c, const ResultRow& row) {
    return valid_utf8(local(row.label, c.language, c.summary.scenario));
}

std::string group_name(const ChartContext& c, const RoleGroup& group) {
    const Scenario& sc = c.summary.scenario;
    const auto role_name = [&](const std::string& id) {
        const Role* role = sc.find_role(id);
        return role ? local(role->label, c.language, sc) : text(Text::no_role, c.language);
    };
    if (!group.other_groups) return role_name(group.roles.front());
    std::string names;
    for (const std::string& id : group.roles) names += (names.empty() ? "" : ", ") + role_name(id);
    return text(Text::other_groups, c.language) + " (" + names + ")";
}

// One bar row: position, wrapped label, bar, value. Returns its height.
double bar_row(cairo_t* cr, const ChartContext& c, const std::string& position, const std::string& label,
               long long score, long long max_score, const std::string& value, bool wide_label) {
    const double s = c.scale;
    const double pos_w = 30 * s, value_w = 130 * s, gap = 8 * s, bar_h = 14 * s;
    const double label_w = c.width * (wide_label ? 0.5 : 0.36);
    const double bar_x = pos_w + label_w + gap;
    const double bar_max = std::max(10.0, c.width - bar_x - value_w - gap);
    const Style plain{10 * s};
    double h = draw_text(cr, 0, 0, pos_w - 4 * s, position, {10 * s, true});
    h = std::max(h, draw_text(cr, pos_w, 0, label_w, label, plain));
    fill_rect(cr, bar_x, 1 * s, 0.8 * s, bar_h, 0x9a9a9a);  // the axis, so a zero bar still shows
    if (score > 0 && max_score > 0)
        fill_rect(cr, bar_x, 1 * s, bar_max * static_cast<double>(score) / static_cast<double>(max_score), bar_h, accent);
    h = std::max(h, draw_text(cr, bar_x + bar_max + gap, 0, value_w, value, {9.5 * s, false, muted}));
    return std::max(h, bar_h + 2 * s) + 6 * s;
}

long long max_score(const StepResult& result) {
    long long m = 0;
    for (const ResultRow& row : result.rows) m = std::max(m, row.score);
    return m;
}

}  // namespace

Block record(const std::function<double(cairo_t*)>& draw) {
    cairo_surface_t* surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr);
    cairo_t* cr = cairo_create(surface);
    const double height = draw(cr);
    cairo_destroy(cr);
    return {std::shared_ptr<cairo_surface_t>(surface, cairo_surface_destroy), height};
}

double draw_text(cairo_t* cr, double x, double y, double width, const std::string& text, const Style& style, bool right) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);  // the same layout at every scale
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout);

    PangoFontDescription* font = pango_font_description_from_string(font_family);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    if (style.bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);  // long words break too: nothing is cut off
    if (right) pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    const std::string valid = valid_utf8(text);
    pango_layout_set_text(layout, valid.c_str(), static_cast<int>(valid.size()));

    set_rgb(cr, style.rgb);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
}

void fill_rect(cairo_t* cr, double x, double y, double w, double h, unsigned rgb) {
    set_rgb(cr, rgb);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

Block step_heading(const ChartContext& c) {
    const Step& step = step_of(c);
    return record([&](cairo_t* cr) {
        const Scenario& sc = c.summary.scenario;
        double y = draw_text(cr, 0, 0, c.width, local(step.title, c.language, sc), {15 * c.scale, true});
        if (!step.prompt.empty())
            y += 2 * c.scale + draw_text(cr, 0, y + 2 * c.scale, c.width, local(step.prompt, c.language, sc), {10.5 * c.scale, false, muted});
        y += 2 * c.scale + draw_text(cr, 0, y + 2 * c.scale, c.width,
                                     text(Text::ballots, c.language, {{"n", number(c.step.total.ballots)}}),
                                     {9.5 * c.scale, false, muted});
        return y + 6 * c.scale;
    });
}

std::vector<Block> step_chart(const ChartContext& c) {
    const StepResult& result = c.step.total;
    std::vector<Block> rows;
    if (result.ballots == 0) {
        rows.push_back(record([&](cairo_t* cr) { return draw_text(cr, 0, 0, c.width, text(Text::no_ballots, c.language), {10 * c.scale}); }));
        return rows;
    }
    const long long top = max_score(result);
    const bool ideas = step_of(c).type == StepType::idea_vote;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        const ResultRow& row = result.rows[i];
        rows.push_back(record([&](cairo_t* cr) {
            return bar_row(cr, c, position_text(result, i), row_label(c, row), row.score, top, value_text(c, row), ideas);
        }));
    }
    if (has_ties(result))
        rows.push_back(record([&](cairo_t* cr) { return draw_text(cr, 0, 0, c.width, text(Text::tie, c.language), {9 * c.scale, false, muted}); }));
    return rows;
}

namespace {

// The Schulze pairwise table: a row per option, a numbered column per option; a cell is
// green where the row's option wins that pair, shaded by how many ballots say so.
Block pairwise_table(const ChartContext& c) {
    const StepResult& result = c.step.total;
    const std::size_t n = result.rows.size();
    return record([&](cairo_t* cr) {
        const double s = c.scale;
        const double label_w = c.width * 0.36;
        const double cell = std::min(30 * s, (c.width - label_w - 24 * s) / std::max<std::size_t>(n, 1));
        const double x0 = label_w + 24 * s;
        double y = draw_text(cr, 0, 0, c.width, text(Text::pairwise_caption, c.language), {9 * s, false, muted}) + 4 * s;
        for (std::size_t j = 0; j < n; ++j)
            draw_text(cr, x0 + j * cell, y, cell, std::to_string(j + 1), {8 * s, true}, true);
        y += 12 * s;
        const double ballots = std::max(1, result.ballots);
        for (std::size_t i = 0; i < n; ++i) {
            draw_text(cr, 0, y + 2 * s, 22 * s, std::to_string(i + 1), {8.5 * s, true});
            const double h = std::max(cell, draw_text(cr, 22 * s, y + 2 * s, label_w, row_label(c, result.rows[i]), {8.5 * s}) + 4 * s);
            for (std::size_t j = 0; j < n; ++j) {
                const double x = x0 + j * cell;
                if (i == j) {
                    fill_rect(cr, x + 1, y + 1, cell - 2, cell - 2, 0xeeeeee);
                    continue;
                }
                const long long won = result.pairwise[i * n + j], lost = result.pairwise[j * n + i];
                set_rgb(cr, won > lost ? 0x2e8b57 : 0xb0b0b0, 0.15 + 0.75 * static_cast<double>(won) / ballots);
                cairo_rectangle(cr, x + 1, y + 1, cell - 2, cell - 2);
                cairo_fill(cr);
                draw_text(cr, x, y + cell / 2 - 6 * s, cell - 3 * s, number(won), {8 * s, won > lost}, true);
            }
            y += h;
        }
        return y + 4 * s;
    });
}

}  // namespace

std::vector<Block> schulze_details(const ChartContext& c) {
    std::vector<Block> blocks;
    const StepResult& result = c.step.total;
    if (!is_schulze(step_of(c)) || result.ballots == 0) return blocks;
    blocks.push_back(pairwise_table(c));
    blocks.push_back(record([&](cairo_t* cr) { return draw_text(cr, 0, 0, c.width, text(Text::who_beats_whom, c.language), {11 * c.scale, true}) + 2; }));
    const std::size_t n = result.rows.size();
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::string> lines;
        for (std::size_t j = 0; j < n; ++j) {
            const long long won = result.pairwise[i * n + j], lost = result.pairwise[j * n + i];
            if (i != j && won > lost)
                lines.push_back(text(Text::beats, c.language, {{"a", row_label(c, result.rows[i])}, {"b", row_label(c, result.rows[j])},
                                                              {"x", number(won)}, {"y", number(lost)}}));
        }
        if (lines.empty()) lines.push_back(text(Text::beats_nobody, c.language, {{"a", row_label(c, result.rows[i])}}));
        for (const std::string& line : lines)
            blocks.push_back(record([&](cairo_t* cr) { return draw_text(cr, 12 * c.scale, 0, c.width - 12 * c.scale, line, {9.5 * c.scale}) + 2; }));
    }
    return blocks;
}

Block method_sentence(const ChartContext& c) {
    const Step& step = step_of(c);
    std::string sentence;
    switch (step.type) {
    case StepType::dot_vote: sentence = text(Text::method_dot_vote, c.language, {{"dots", number(step.dots)}}); break;
    case StepType::idea_vote: sentence = text(Text::method_idea_vote, c.language); break;
    case StepType::ranking: {
        const long long n = static_cast<long long>(step.options.size());
        sentence = is_schulze(step) ? text(Text::method_schulze, c.language)
                                    : text(Text::method_borda, c.language, {{"n", number(n)}, {"first", number(n - 1)}});
        break;
    }
    case StepType::info: break;
    }
    return record([&](cairo_t* cr) { return draw_text(cr, 0, 0, c.width, sentence, {9.5 * c.scale, false, muted}) + 4; });
}

namespace {

// One group's small chart: its name and ballots, then its rows with small bars.
double small_multiple(cairo_t* cr, const ChartContext& c, const RoleGroup& group, double width) {
    const double s = c.scale;
    const StepResult& r = group.result;
    double y = draw_text(cr, 0, 0, width, group_name(c, group), {9.5 * s, true});
    y += draw_text(cr, 0, y, width, text(Text::ballots, c.language, {{"n", number(r.ballots)}}), {8.5 * s, false, muted}) + 3 * s;
    const long long top = max_score(r);
    const double label_w = width * 0.5, num_w = 34 * s, bar_max = width - label_w - num_w - 8 * s;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const ResultRow& row = r.rows[i];
        double h = draw_text(cr, 0, y, label_w - 4 * s, position_text(r, i) + "  " + row_label(c, row), {8.5 * s});
        if (row.score > 0 && top > 0)
            fill_rect(cr, label_w, y + 2 * s, bar_max * static_cast<double>(row.score) / static_cast<double>(top), 8 * s, accent);
        draw_text(cr, label_w + bar_max + 4 * s, y, num_w, number(row.score), {8.5 * s, false, muted}, true);
        y += std::max(h, 11 * s) + 2 * s;
    }
    return y;
}

}  // namespace

std::vector<Block> role_multiples(const ChartContext& c) {
    std::vector<Block> blocks;
    const Scenario& sc = c.summary.scenario;
    if (sc.roles.empty()) return blocks;
    blocks.push_back(record([&](cairo_t* cr) { return draw_text(cr, 0, 0, c.width, text(Text::per_group, c.language), {11 * c.scale, true}) + 2; }));
    static const std::vector<RoleGroup> none;
    const std::vector<RoleGroup>& groups = groups_add_to_totals(c.step.groups) ? c.step.groups : none;
    const double gap = 18 * c.scale, cell = (c.width - gap) / 2;
    for (std::size_t g = 0; g < groups.size(); g += 2)
        blocks.push_back(record([&](cairo_t* cr) {
            double h = small_multiple(cr, c, groups[g], cell);
            if (g + 1 < groups.size()) {
                cairo_save(cr);
                cairo_translate(cr, cell + gap, 0);
                h = std::max(h, small_multiple(cr, c, groups[g + 1], cell));
                cairo_restore(cr);
            }
            return h + 8 * c.scale;
        }));
    blocks.push_back(record([&](cairo_t* cr) {
        return draw_text(cr, 0, 0, c.width, text(Text::groups_small, c.language, {{"n", number(sc.results.min_group_size)}}),
                         {8.5 * c.scale, false, muted}) + 4;
    }));
    return blocks;
}

Block step_footnote(const ChartContext& c) {
    return record([&](cairo_t* cr) {
        double y = 0;
        const Style note{9 * c.scale, false, muted};
        if (step_of(c).collect_ideas)
            y += draw_text(cr, 0, y, c.width, text(Text::hidden_ideas, c.language, {{"n", number(c.step.hidden_ideas)}}), note);
        y += draw_text(cr, 0, y, c.width, text(Text::voided, c.language, {{"n", number(c.step.voided_ballots)}}), note);
        return y;
    });
}

}  // namespace workshop::report


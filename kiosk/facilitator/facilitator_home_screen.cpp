// facilitator_home_screen.cpp — the facilitator's overview: is voting running, how many have
// voted per step and role (counts only, never how anyone voted), each step open or closed and its
// results hidden or revealed, storage problems, and the actions (pause, end, undo the last
// ballot, load a scenario, export, quit).
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"
#include "facilitator_hub_panel.h"

namespace workshop::kiosk {

namespace {

std::string step_type_name(const ScreenContext& ctx, StepType type) {
    switch (type) {
        case StepType::info: return ftr(ctx, "type_info");
        case StepType::dot_vote: return ftr(ctx, "type_dot_vote");
        case StepType::ranking: return ftr(ctx, "type_ranking");
        case StepType::idea_vote: return ftr(ctx, "type_idea_vote");
    }
    return {};
}

// "12 ballots: Residents 5 · Council 4 · no role given 3"
std::string counts_line(const ScreenContext& ctx, const Step& step) {
    const std::string lang = ctx.facilitator->language(ctx.scenario);
    const auto counts = ctx.session->ballot_counts(step.id);
    int total = 0;
    for (const auto& [role, n] : counts) total += n;
    std::string line = fplural(ctx, "ballots", total);
    std::string parts;
    auto add = [&](const std::string& name, int n) {
        parts += (parts.empty() ? "" : " · ") + name + " " + std::to_string(n);
    };
    for (const Role& role : ctx.scenario->roles) {
        auto it = counts.find(role.id);
        if (it != counts.end()) add(role.label.in(lang), it->second);
    }
    if (auto it = counts.find(""); it != counts.end() && !ctx.scenario->roles.empty()) add(ftr(ctx, "no_role"), it->second);
    if (!parts.empty()) line += ": " + parts;
    return line;
}

// Pause/resume, end; the number of voters.
void draw_session_row(ScreenContext& ctx, Rect& page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Session& s = *ctx.session;
    const SessionState state = s.state();
    const std::string label = ftr(ctx, state == SessionState::running ? "state_running" : state == SessionState::paused ? "state_paused" : "state_ended");
    const std::string info = fplural(ctx, "voters_so_far", s.visit_count()) + " · " + ftr(ctx, "session_number", {{"id", std::to_string(s.id())}});
    const std::string end = ftr(ctx, "end_session");
    const std::string toggle = ftr(ctx, state == SessionState::paused ? "resume" : "pause");
    // One row, or the buttons on a row of their own when the screen is narrow.
    const float needed = chip_width(ui, label) + ui.measure(ui.body(), info).x + button_width(ui, end, m.body * 7) +
                         button_width(ui, toggle, m.body * 8) + m.gap * 4;
    Rect row = cut_top(page, m.target, m.gap);
    const bool one_row = needed <= row.w();
    Rect buttons = one_row ? row : cut_top(page, m.target, m.gap);
    if (button_right(ui, buttons, end, ButtonKind::secondary, m.body * 7, state != SessionState::ended)) {
        intent = Intent::run([title = ftr(ctx, "confirm_end_title"), body = ftr(ctx, "confirm_end_body"), yes = ftr(ctx, "end_session_yes")](App& app) {
            app.facilitator().ask({title, body, yes, [](App& a) { a.facilitator().end_session(a); }});
        });
    }
    if (state == SessionState::paused) {
        if (button_right(ui, buttons, toggle, ButtonKind::primary, m.body * 8))
            intent = Intent::run([](App& app) { app.facilitator().set_paused(app, false); });
    } else if (button_right(ui, buttons, toggle, ButtonKind::secondary, m.body * 8, state == SessionState::running)) {
        intent = Intent::run([](App& app) { app.facilitator().set_paused(app, true); });
    }
    if (one_row) row.max.x = buttons.max.x;

    const ImU32 fill = state == SessionState::running ? c.success : state == SessionState::paused ? paused_color() : c.muted;
    const Rect chip = cut_left(row, chip_width(ui, label), m.gap);
    draw_chip(ui, chip.shrink(0, m.target * 0.12f), label, fill, IM_COL32_WHITE);
    ui.text(ui.fit(ui.body(), info, ImVec2(row.w(), row.h()), 0.7f), info, row, c.text, Align::left, true);
}

// Supervised turns: the next voter waits for "Let the next voter start".
void draw_supervised_row(ScreenContext& ctx, Rect& page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const bool waiting = ctx.facilitator->voter_must_wait();
    Rect row = cut_top(page, m.target * 1.15f, m.gap);
    ui.panel(row, c.surface, c.border, 1);
    Rect inner = row.shrink(m.pad * 0.6f, m.target * 0.075f);
    const std::string release = ftr(ctx, "release_voter");
    if (button_right(ui, inner, release, ButtonKind::primary, m.body * 10, waiting))
        intent = Intent::run([](App& app) { app.facilitator().release_next_voter(app); });
    const std::string state = ftr(ctx, waiting ? "supervised_waiting" : "supervised_released");
    ui.text(ui.fit(ui.body(), state, ImVec2(inner.w(), inner.h()), 0.7f), state, inner, c.text, Align::left, true);
}

// What stops ballots from being saved, and "Check again".
void draw_storage_problem(ScreenContext& ctx, Rect& page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::string storage = ctx.facilitator->storage_problem(*ctx.session);
    const std::string& voter = ctx.facilitator->voter_problem();
    if (storage.empty() && voter.empty()) return;
    std::string body = storage.empty() ? voter : storage;
    const std::string title = ftr(ctx, storage.empty() ? "voter_problem_title" : "storage_problem_title");
    if (!voter.empty()) body += "\n" + ftr(ctx, "voter_waiting_hint");
    const float w = page.w() - m.pad * 2 - button_width(ui, ftr(ctx, "check_again"), m.body * 7) - m.gap;
    const float h = ui.measure(ui.bold(), title, w).y + ui.measure(ui.body(), body, w).y + m.pad * 1.4f;
    Rect box = cut_top(page, std::max(h, m.target + m.pad), m.gap);
    ui.panel(box, c.notice);
    ui.dl()->AddRectFilled(box.min, ImVec2(box.min.x + std::max(5.0f, m.body * 0.25f), box.max.y), danger_color(), m.radius,
                           ImDrawFlags_RoundCornersLeft);
    Rect inner = box.shrink(m.pad, m.pad * 0.7f);
    if (!storage.empty()) {
        Rect button_row = inner;
        button_row.max.y = button_row.min.y + m.target;
        if (button_right(ui, button_row, ftr(ctx, "check_again"), ButtonKind::secondary, m.body * 7))
            intent = Intent::run([](App& app) { app.facilitator().check_storage(app); });
        inner.max.x = button_row.max.x;
    }
    cut_top(inner, ui.text(ui.bold(), title, inner, danger_color()), 0);
    ui.text(ui.body(), body, inner, c.on_notice);
}

// Undo, load, export, quit: one row of equal buttons (two rows on a narrow screen).
void draw_tools(ScreenContext& ctx, Rect& page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Facilitator& f = *ctx.facilitator;
    const bool quit = f.config().quit_allowed();
    const int n = quit ? 4 : 3;
    const int per_row = page.w() / n >= m.body * 9 ? n : 2;
    const int rows = (n + per_row - 1) / per_row;
    const float w = (page.w() - m.gap * (per_row - 1)) / per_row;
    Rect area = cut_top(page, m.target * rows + m.gap * (rows - 1), m.gap * 1.5f);
    auto cell = [&](int i) {
        return Rect::xywh(area.min.x + (i % per_row) * (w + m.gap), area.min.y + (i / per_row) * (m.target + m.gap), w, m.target);
    };
    const bool has_ballots = ctx.session->visit_count() > 0;
    if (ui.button(cell(0), ftr(ctx, "undo_last"), ButtonKind::secondary, has_ballots)) {
        intent = Intent::run([title = ftr(ctx, "confirm_undo_title"), body = ftr(ctx, "confirm_undo_body"), yes = ftr(ctx, "undo_yes")](App& app) {
            app.facilitator().ask({title, body, yes, [](App& a) { a.facilitator().undo_last_ballot(a); }});
        });
    }
    if (ui.button(cell(1), ftr(ctx, "load_scenario"), ButtonKind::secondary))
        intent = Intent::run([](App& app) { app.facilitator().open_scenarios(app); });
    if (ui.button(cell(2), ftr(ctx, "export_csv"), ButtonKind::secondary))
        intent = Intent::run([](App& app) { app.facilitator().open_export(); });
    if (quit && ui.button(cell(3), ftr(ctx, "quit_kiosk"), ButtonKind::secondary)) {
        intent = Intent::run([title = ftr(ctx, "confirm_quit_title"), body = ftr(ctx, "confirm_quit_body"), yes = ftr(ctx, "quit_yes")](App& app) {
            app.facilitator().ask({title, body, yes, [](App& a) { a.facilitator().quit(a); }});
        });
    }
}

// "Dot vote · 12 ballots: ... · 3 ideas (1 hidden) · closed: voters skip this step"
std::string step_detail(const ScreenContext& ctx, const Step& step) {
    const Session& s = *ctx.session;
    std::string detail = step_type_name(ctx, step.type);
    if (step.takes_ballots()) detail += " · " + counts_line(ctx, step);
    if (step.type == StepType::idea_vote) {
        const auto ideas = s.ideas(step.id, true);
        const long long hidden = std::count_if(ideas.begin(), ideas.end(), [](const Idea& i) { return i.hidden; });
        detail += " · " + fplural(ctx, "ideas_count", static_cast<long long>(ideas.size()));
        if (hidden > 0) detail += " " + ftr(ctx, "ideas_hidden_count", {{"n", std::to_string(hidden)}});
    }
    if (!s.step_open(step.id)) detail += " · " + ftr(ctx, step.takes_ballots() ? "closed_note" : "skipped_note");
    return detail;
}

// Whether a step's card has buttons under its switches (its ideas; its results on screen).
bool has_buttons(const ScreenContext& ctx, const Step& step) {
    return step.takes_ballots() && (step.type == StepType::idea_vote || ctx.session->revealed(step.id));
}

struct StepControls {
    std::string voting_on, voting_off, results_off, results_on, show, ideas;
    float width = 0;  // all of them side by side
};

void draw_step_card(ScreenContext& ctx, const Step& step, int number, const std::string& detail, const Rect& card, bool stacked,
                    const StepControls& k, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Session& s = *ctx.session;
    const std::string lang = ctx.facilitator->language(ctx.scenario);
    const std::string title = step.title.in(lang);
    const bool open = s.step_open(step.id);
    const bool revealed = s.revealed(step.id);
    ui.panel(card, c.surface, open ? c.border : c.disabled, 1.5f);
    Rect inner = card.shrink(m.pad * 0.8f, m.pad * 0.6f);

    // The controls: on the right, or on their own line when the screen is narrow.
    // Stacked, the buttons get a line of their own under the switches (never cut short).
    const Rect buttons_line = stacked && has_buttons(ctx, step) ? cut_bottom(inner, m.target, m.gap * 0.5f) : Rect{};
    Rect controls = stacked ? cut_bottom(inner, ui.line_height(ui.small()) + m.target, m.gap * 0.5f)
                            : cut_right(inner, k.width, m.gap);
    if (!stacked) controls = Rect::xywh(controls.min.x, controls.center().y - (ui.line_height(ui.small()) + m.target) / 2,
                                        controls.w(), ui.line_height(ui.small()) + m.target);
    auto labelled = [&](std::string_view caption, float w) {
        Rect part = cut_left(controls, w, m.gap);
        ui.text(ui.small(), caption, cut_top(part, ui.line_height(ui.small())), c.muted);
        return part;
    };
    const Rect voting = labelled(ftr(ctx, step.takes_ballots() ? "voting" : "page"), switch_width(ui, k.voting_on, k.voting_off));
    const int v = draw_switch(ui, voting, k.voting_on, k.voting_off, open ? 0 : 1, open ? c.success : c.muted, title);
    if (v >= 0) {
        const std::string id = step.id;
        const bool want_open = v == 0;
        intent = Intent::run([id, want_open](App& app) { app.facilitator().set_step_open(app, id, want_open); });
    }
    if (step.takes_ballots()) {
        const Rect results = labelled(ftr(ctx, "results"), switch_width(ui, k.results_off, k.results_on));
        const int r = draw_switch(ui, results, k.results_off, k.results_on, revealed ? 1 : 0, revealed ? c.primary : c.muted, title);
        if (r >= 0) {
            const std::string id = step.id;
            const bool want_revealed = r == 1;
            intent = Intent::run([id, want_revealed](App& app) { app.facilitator().set_revealed(app, id, want_revealed); });
        }
        Rect rest = controls;
        rest.min.y += ui.line_height(ui.small());
        if (stacked) rest = buttons_line;
        if (step.type == StepType::idea_vote) {
            const auto ideas = s.ideas(step.id, true);
            if (ui.button(cut_left(rest, button_width(ui, k.ideas, m.body * 5), m.gap), k.ideas, ButtonKind::secondary, !ideas.empty(), title)) {
                const std::string id = step.id;
                intent = Intent::run([id](App& app) { app.facilitator().open_ideas(id); });
            }
        }
        if (revealed && ui.button(cut_left(rest, button_width(ui, k.show, m.body * 5), m.gap), k.show, ButtonKind::secondary, true, title)) {
            const std::string id = step.id;
            intent = Intent::run([id](App& app) { app.facilitator().show_results(app, id); });
        }
    }

    // The step: number, title, type and the counts.
    Rect words = inner;
    const std::string heading = std::to_string(number) + ". " + title;
    cut_top(words, ui.text(ui.fit(ui.bold(), heading, ImVec2(words.w(), ui.line_height(ui.bold())), 0.75f), heading, words, c.text), m.gap * 0.2f);
    ui.text(ui.small(), detail, words, c.muted);
}

void draw_steps(ScreenContext& ctx, Rect page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    // The heading, and whether "by group" results may go on the shared screen at all.
    Rect heading = cut_top(page, ui.line_height(ui.small()) + m.target, m.gap * 0.5f);
    const std::string shown = ftr(ctx, "groups_shown"), off = ftr(ctx, "groups_off"), caption = ftr(ctx, "groups_on_screen");
    Rect groups = cut_right(heading, std::max(switch_width(ui, shown, off), ui.measure(ui.small(), caption).x), m.gap);
    ui.text(ui.small(), caption, cut_top(groups, ui.line_height(ui.small())), c.muted);
    const bool on = ctx.facilitator->groups_on_screen();
    const int g = draw_switch(ui, Rect{groups.min, {groups.min.x + switch_width(ui, shown, off), groups.max.y}}, shown, off, on ? 0 : 1,
                              on ? c.primary : c.muted, caption);
    if (g >= 0) intent = Intent::run([want = g == 0](App& app) { app.facilitator().set_groups_on_screen(app, want); });
    ui.text(ui.title().scaled(0.8f), ftr(ctx, "steps"), heading, c.text, Align::left, true);

    StepControls k{ftr(ctx, "open"), ftr(ctx, "closed"), ftr(ctx, "hidden"), ftr(ctx, "revealed"), ftr(ctx, "show_on_screen"), ftr(ctx, "ideas")};
    k.width = switch_width(ui, k.voting_on, k.voting_off) + switch_width(ui, k.results_off, k.results_on) +
              button_width(ui, k.ideas, m.body * 5) + button_width(ui, k.show, m.body * 5) + m.gap * 3;
    const bool stacked = page.w() - k.width < m.body * 16;
    const float controls_h = ui.line_height(ui.small()) + m.target;
    const float card_w = page.w() - m.gap * 0.5f;
    const float text_w = card_w - m.pad * 1.6f - (stacked ? 0 : k.width + m.gap);
    // Each card as tall as its text needs (the counts may wrap).
    const auto& steps = ctx.scenario->steps;
    std::vector<std::string> details;
    std::vector<float> heights;
    float content_h = 0;
    for (const Step& step : steps) {
        details.push_back(step_detail(ctx, step));
        const float text_h = ui.line_height(ui.bold()) + m.gap * 0.2f + ui.measure(ui.small(), details.back(), text_w).y;
        const float stacked_h = text_h + controls_h + m.gap * 0.5f + (has_buttons(ctx, step) ? m.target + m.gap * 0.5f : 0);
        heights.push_back(std::round((stacked ? stacked_h : std::max(text_h, controls_h)) + m.pad * 1.2f));
        content_h += heights.back() + m.gap;
    }

    float& scroll = ctx.facilitator->scroll("home/steps");
    ui.begin_scroll("facilitator-steps", page, content_h, scroll);
    float y = page.min.y - scroll;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Rect card = Rect::xywh(page.min.x, y, card_w, heights[i]);
        y += heights[i] + m.gap;
        if (card.max.y < page.min.y || card.min.y > page.max.y) continue;
        draw_step_card(ctx, steps[i], static_cast<int>(i) + 1, details[i], card, stacked, k, intent);
    }
    ui.end_scroll(page, content_h, scroll);
}

// The kiosk could not start (a broken scenario or database): what went wrong, load another.
void draw_without_session(ScreenContext& ctx, Rect page, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Rect row = cut_top(page, m.target, m.gap * 1.5f);
    const std::string load = ftr(ctx, "load_scenario");
    if (ui.button(cut_left(row, button_width(ui, load, m.body * 10), m.gap), load, ButtonKind::primary))
        intent = Intent::run([](App& app) { app.facilitator().open_scenarios(app); });
    if (ctx.facilitator->config().quit_allowed()) {
        const std::string quit = ftr(ctx, "quit_kiosk");
        if (ui.button(cut_left(row, button_width(ui, quit, m.body * 8), m.gap), quit, ButtonKind::secondary))
            intent = Intent::run([](App& app) { app.facilitator().quit(app); });
    }
    cut_top(page, ui.text(ui.bold(), ftr(ctx, "no_session"), page, c.text), m.gap);
    if (ctx.startup_errors)
        for (const std::string& e : *ctx.startup_errors) cut_top(page, ui.text(ui.small(), e, page, c.muted), m.gap * 0.3f);
}

}  // namespace

Intent draw_facilitator_home_screen(ScreenContext& ctx) {
    Intent intent;
    const std::string title = ctx.scenario ? ctx.scenario->title.in(ctx.facilitator->language(ctx.scenario)) : ftr(ctx, "home_title");
    Rect page = facilitator_page(ctx, title, false, intent);
    if (!ctx.session || !ctx.scenario) {
        draw_without_session(ctx, page, intent);
        return intent;
    }
    draw_session_row(ctx, page, intent);
    if (ctx.facilitator->config().is_supervised()) draw_supervised_row(ctx, page, intent);
    draw_storage_problem(ctx, page, intent);
    draw_hub_panel(ctx, page);
    draw_tools(ctx, page, intent);
    draw_steps(ctx, page, intent);
    return intent;
}

}  // namespace workshop::kiosk

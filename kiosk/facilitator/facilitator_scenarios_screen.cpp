// facilitator_scenarios_screen.cpp — load another scenario: the *.toml files of the scenarios
// folder, each with its title and whether it is valid. A valid file switches the kiosk to a
// session for it (after a confirmation); a file with errors shows them and changes nothing.
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"

namespace workshop::kiosk {

namespace {

void draw_errors(ScreenContext& ctx, const ScenarioFile& file, Rect area) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    ui.panel(area, c.notice);
    Rect inner = area.shrink(m.pad);
    ui.push_clip(area);
    cut_top(inner, ui.text(ui.bold(), ftr(ctx, "scenario_errors_title", {{"file", file.name}}), inner, danger_color()), m.gap * 0.5f);
    cut_top(inner, ui.text(ui.body(), ftr(ctx, "scenario_errors_hint"), inner, c.on_notice), m.gap * 0.5f);
    for (const std::string& e : file.errors) cut_top(inner, ui.text(ui.small(), e, inner, c.on_notice), m.gap * 0.3f);
    ui.pop_clip();
}

}  // namespace

Intent draw_facilitator_scenarios_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    Facilitator& f = *ctx.facilitator;
    Intent intent;
    Rect page = facilitator_page(ctx, ftr(ctx, "scenarios_title"), true, intent);

    Rect top = cut_top(page, m.target, m.gap);
    if (button_right(ui, top, ftr(ctx, "refresh"), ButtonKind::secondary, m.body * 6))
        intent = Intent::run([](App& app) { app.facilitator().open_scenarios(app); });
    const std::string where = ftr(ctx, "scenarios_in", {{"folder", f.scenarios_dir()}});
    ui.text(ui.fit(ui.body(), where, ImVec2(top.w(), top.h()), 0.7f), where, top, c.muted, Align::left, true);

    const auto& files = f.scenarios();
    if (files.empty()) {
        ui.text(ui.body(), ftr(ctx, "no_scenarios"), page, c.muted);
        return intent;
    }
    const ScenarioFile* selected = nullptr;
    for (const ScenarioFile& file : files)
        if (file.path == f.selected_scenario() && !file.errors.empty()) selected = &file;

    // The errors of the chosen broken file: beside the list, or under it on a narrow screen.
    Rect list = page;
    if (selected) {
        if (page.w() > m.body * 40) draw_errors(ctx, *selected, cut_right(list, page.w() * 0.45f, m.gap));
        else draw_errors(ctx, *selected, cut_bottom(list, page.h() * 0.45f, m.gap));
    }

    const float card_h = std::round(ui.line_height(ui.bold()) + ui.line_height(ui.small()) + m.pad * 1.4f);
    const float content_h = files.size() * (card_h + m.gap * 0.6f);
    float& scroll = f.scroll("scenarios");
    ui.begin_scroll("facilitator-scenarios", list, content_h, scroll);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const ScenarioFile& file = files[i];
        const Rect card = Rect::xywh(list.min.x, list.min.y - scroll + i * (card_h + m.gap * 0.6f), list.w() - m.gap * 0.5f, card_h);
        if (card.max.y < list.min.y || card.min.y > list.max.y) continue;
        const bool valid = file.errors.empty();
        const bool chosen = &file == selected;
        ui.panel(card, ui.pressing(card) ? c.selected : c.surface, chosen ? danger_color() : c.border, chosen ? 3.0f : 1.0f);
        Rect inner = card.shrink(m.pad * 0.8f, m.pad * 0.7f);
        const std::string state = file.current ? ftr(ctx, "scenario_running") : valid ? ftr(ctx, "scenario_valid")
                                                                                    : fplural(ctx, "scenario_error_count", static_cast<long long>(file.errors.size()));
        const Rect chip = cut_right(inner, chip_width(ui, state), m.gap);
        draw_chip(ui, chip.shrink(0, std::max(0.0f, (chip.h() - ui.line_height(ui.bold()) * 1.2f) / 2)), state,
                  file.current ? c.primary : valid ? c.success : danger_color(), IM_COL32_WHITE);
        const std::string title = valid ? file.title : ftr(ctx, "scenario_broken");
        cut_top(inner, ui.text(ui.fit(ui.bold(), title, ImVec2(inner.w(), ui.line_height(ui.bold())), 0.7f), title, inner, c.text), 0);
        ui.text(ui.small(), file.name, inner, c.muted);
        if (!ui.target(card, valid ? title : file.name, true, file.name)) continue;
        const std::string path = file.path;
        if (!valid) {
            intent = Intent::run([path](App& app) { app.facilitator().select_scenario(path); });
        } else {
            intent = Intent::run([path, title = ftr(ctx, "confirm_load_title", {{"title", file.title}}),
                                  body = ftr(ctx, file.current ? "confirm_reload_body" : "confirm_load_body"), yes = ftr(ctx, "load_yes")](App& app) {
                app.facilitator().ask({title, body, yes, [path](App& a) { a.facilitator().load_scenario(a, path); },
                                       ScreenId::facilitator_scenarios});
            });
        }
    }
    ui.end_scroll(list, content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk

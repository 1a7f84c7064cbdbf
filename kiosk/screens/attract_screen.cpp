// attract_screen.cpp — what the kiosk shows between voters: the workshop's title and an
// invitation to touch, in every language of the scenario. The whole screen is the button.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

bool any_revealed(const ScreenContext& ctx) {
    if (!ctx.session || !ctx.scenario) return false;
    for (const Step& s : ctx.scenario->steps)
        if (s.takes_ballots() && ctx.session->revealed(s.id)) return true;
    return false;
}

}  // namespace

Intent draw_attract_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Scenario& scenario = *ctx.scenario;
    const Rect screen = ui.screen();

    // A band of the option colours along the top: the kiosk's calm signature.
    const float band = std::max(6.0f, m.body * 0.35f);
    const auto& colors = c.options;
    for (std::size_t i = 0; i < colors.size(); ++i) {
        const float w = screen.w() / static_cast<float>(colors.size());
        ui.dl()->AddRectFilled(ImVec2(screen.min.x + w * i, 0), ImVec2(screen.min.x + w * (i + 1), band), colors[i]);
        ui.dl()->AddRectFilled(ImVec2(screen.min.x + w * i, screen.max.y - band), ImVec2(screen.min.x + w * (i + 1), screen.max.y), colors[i]);
    }

    Rect page = page_rect(ui);
    Rect results_button{};
    const bool show_results = any_revealed(ctx);
    Rect bottom = cut_bottom(page, m.target, m.gap);
    if (show_results) {
        const std::string label = ctx.tr("see_results");
        results_button = cut_right(bottom, std::min(bottom.w() * 0.5f, ui.measure(ui.bold(), label).x + m.pad * 3), m.gap);
    }
    // "Aa" and contrast before the first touch: whoever needs them can read the invitation.
    Rect reading_bar = bottom;
    draw_reading_buttons(ctx, reading_bar, false);
    const Rect reading{bottom.min, {reading_bar.min.x, bottom.max.y}};

    // Every scenario language alike: the title and the invitation in each (the same text once),
    // one per line at one size; nobody has chosen a language yet. Measured first so the block
    // sits in the middle of the screen.
    const float col_w = std::min(page.w(), m.body * 34);
    auto every_language = [&](auto&& text_in) {
        std::vector<std::string> lines{text_in(ctx.lang)};
        for (const std::string& lang : scenario.languages)
            if (std::string line = text_in(lang); std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
        std::string out;
        for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
        return std::make_pair(out, static_cast<float>(lines.size()));
    };
    const auto [title, title_lines] = every_language([&](const std::string& l) { return scenario.title.in(l); });
    const std::string& description = ctx.local(scenario.description);
    const auto [touch, touch_lines] = every_language([&](const std::string& l) { return ctx.strings.get("touch_to_start", l); });

    const FontSpec title_font = ui.fit(ui.display(), title, ImVec2(col_w, m.display_text * 1.25f * (title_lines + 1)), 0.5f);
    const FontSpec touch_font = ui.fit(ui.title(), touch, ImVec2(col_w - m.pad * 2, ui.line_height(ui.title()) * (touch_lines + 1)), 0.7f);
    const float pill_w = std::min(col_w, ui.measure(touch_font, touch).x + m.pad * 4);
    const float pill_text_h = ui.measure(touch_font, touch, pill_w - m.pad * 2).y;
    const float pill_h = std::max(m.target * 1.5f, pill_text_h + m.pad * 2);
    const float ripple = m.display_text * 1.6f;  // the "touch here" sign above the invitation
    const float total = ui.measure(title_font, title, col_w).y + m.gap * 1.5f +
                        (description.empty() ? 0 : ui.measure(ui.body(), description, col_w).y + m.gap * 2) +
                        ripple + m.gap * 1.5f + pill_h;
    Rect col = page.centered_width(col_w);
    col.min.y = std::max(page.min.y, page.min.y + (page.h() - total) / 2 - m.body);

    cut_top(col, ui.text(title_font, title, col, c.text, Align::center), m.gap * 1.5f);
    if (!description.empty()) cut_top(col, ui.text(ui.body(), description, col, c.muted, Align::center), m.gap * 2);

    // A fingertip with ripples: the universal "touch" sign, in the calm primary colour.
    const ImVec2 rc = cut_top(col, ripple, m.gap * 1.5f).center();
    for (int i = 3; i >= 1; --i)
        ui.dl()->AddCircle(rc, ripple * 0.16f * (static_cast<float>(i) + 0.4f), with_alpha(c.primary, 0.22f * static_cast<float>(4 - i)), 0,
                           std::max(2.0f, m.body * 0.12f));
    ui.dl()->AddCircleFilled(rc, ripple * 0.15f, c.primary, 0);

    const Rect pill = cut_top(col, pill_h, m.gap * 1.5f).centered_width(pill_w);
    const bool held = ui.pressing(screen) && !results_button.contains(ui.touch().press_pos) && !reading.contains(ui.touch().press_pos);
    ui.dl()->AddRectFilled(pill.min, pill.max, held ? c.primary_pressed : c.primary, std::min(pill_h / 2, m.target * 0.75f));
    ui.text(touch_font, touch, pill.shrink(m.pad, 0), c.on_primary, Align::center, true);

    if (show_results && ui.button(results_button, ctx.tr("see_results"), ButtonKind::secondary))
        return Intent::of(IntentKind::show_results);

    // Anywhere else starts a visit; registered under the invitation in every language.
    bool start = false;
    for (const std::string& lang : scenario.languages)
        start = ui.target(screen, ctx.strings.get("touch_to_start", lang)) || start;
    if (start && !results_button.contains(ui.touch().press_pos) && !reading.contains(ui.touch().press_pos)) return Intent::of(IntentKind::start);
    return {};
}

}  // namespace workshop::kiosk

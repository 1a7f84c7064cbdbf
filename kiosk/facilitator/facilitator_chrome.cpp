#include "facilitator_chrome.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app.h"

namespace workshop::kiosk {

ImU32 facilitator_bar_color(const Ui&) { return IM_COL32(0x22, 0x30, 0x3C, 0xFF); }
ImU32 danger_color() { return IM_COL32(0xB3, 0x26, 0x1E, 0xFF); }
ImU32 paused_color() { return IM_COL32(0x9A, 0x5B, 0x00, 0xFF); }

std::string human_size(long long bytes, std::string_view language) {
    if (bytes < 0) return {};
    const char* units[] = {"size_b", "size_kb", "size_mb", "size_gb", "size_tb"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    const int decimals = u == 0 || v >= 99.95 ? 0 : 1;  // 99.96 would round to "100.0"
    return Facilitator::strings().get(units[u], language, {{"n", format_decimal(v, decimals, language)}});
}

// A chip's ends are half circles: its words keep clear of them (a long Ukrainian state touched them).
float chip_width(const Ui& ui, std::string_view text) { return ui.measure(ui.bold(), text).x + ui.m().pad * 2.2f; }

void draw_chip(Ui& ui, const Rect& r, std::string_view text, ImU32 fill, ImU32 ink) {
    ui.dl()->AddRectFilled(r.min, r.max, fill, r.h() / 2);
    ui.text(ui.fit(ui.bold(), text, ImVec2(r.w() - ui.m().pad * 2.2f, r.h()), 0.7f), text, r.shrink(ui.m().pad * 1.1f, 0), ink,
            Align::center, true);
}

float switch_width(const Ui& ui, std::string_view left, std::string_view right) {
    const float half = std::max(ui.measure(ui.bold(), left).x, ui.measure(ui.bold(), right).x) + ui.m().pad * 2;
    return std::max(half, ui.m().target * 1.6f) * 2;
}

int draw_switch(Ui& ui, const Rect& r, std::string_view left, std::string_view right, int chosen, ImU32 chosen_fill,
                std::string_view context) {
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float border = std::max(2.0f, m.body * 0.08f);
    ui.dl()->AddRectFilled(r.min, r.max, c.surface, m.radius);
    Rect halves = r;
    const Rect parts[2] = {cut_left(halves, r.w() / 2), halves};
    const std::string_view labels[2] = {left, right};
    int tapped = -1;
    for (int i = 0; i < 2; ++i) {
        const Rect& part = parts[i];
        const bool on = i == chosen;
        const ImDrawFlags corners = i == 0 ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersRight;
        if (on) ui.dl()->AddRectFilled(part.min, part.max, chosen_fill, m.radius, corners);
        else if (ui.pressing(part)) ui.dl()->AddRectFilled(part.min, part.max, c.selected, m.radius, corners);
        const Rect inner = part.shrink(m.pad * 0.4f, 0);
        ui.text(ui.fit(ui.bold(), labels[i], ImVec2(inner.w(), inner.h()), 0.65f), labels[i], inner,
                on ? text_color_on(chosen_fill) : c.primary, Align::center, true);
        if (ui.target(part, labels[i], !on, context)) tapped = i;
    }
    ui.panel(r, 0, c.primary, border);  // the outline over both halves
    return tapped;
}

float button_width(const Ui& ui, std::string_view label, float min_w) {
    return std::max(min_w, ui.measure(ui.bold(), label).x + ui.m().pad * 2.4f);
}

bool button_right(Ui& ui, Rect& row, std::string_view label, ButtonKind kind, float min_w, bool enabled,
                  std::string_view context) {
    return ui.button(cut_right(row, button_width(ui, label, min_w), ui.m().gap), label, kind, enabled, context);
}

Rect facilitator_page(ScreenContext& ctx, std::string_view title, bool back, Intent& intent) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Facilitator& f = *ctx.facilitator;
    Rect screen = ui.screen();

    // The bar: dark, so facilitator mode never looks like a voter's screen.
    const float bar_h = std::round(m.target * 1.45f);
    Rect bar = cut_top(screen, bar_h);
    ui.dl()->AddRectFilled(bar.min, bar.max, facilitator_bar_color(ui));
    Rect inner = bar.shrink(m.margin, (bar_h - m.target) / 2);
    if (f.unlocked()) {
        const std::string exit = ftr(ctx, "exit_mode");
        if (button_right(ui, inner, exit, ButtonKind::secondary, m.body * 8))
            intent = Intent::run([](App& app) { app.facilitator().leave(app); });
    }
    if (back) {
        const std::string label = "← " + ftr(ctx, "back");
        if (ui.button(cut_left(inner, button_width(ui, label, m.body * 5), m.gap * 1.5f), label, ButtonKind::secondary))
            intent = Intent::run([](App& app) { app.facilitator().go(ScreenId::facilitator_home); });
    }
    const std::string mode = ftr(ctx, "mode_name");
    const float mode_w = ui.measure(ui.small(), mode).x;
    Rect words = inner;
    const FontSpec tf = ui.fit(ui.title(), title, ImVec2(std::max(1.0f, words.w() - mode_w - m.gap), words.h()), 0.6f);
    const float title_w = std::min(words.w(), ui.measure(tf, title).x);
    ui.text(tf, title, cut_left(words, title_w, m.gap), IM_COL32_WHITE, Align::left, true);
    if (words.w() > mode_w) ui.text(ui.small(), mode, words, with_alpha(IM_COL32_WHITE, 0.75f), Align::left, true);

    Rect page = screen.shrink(m.margin, m.margin * 0.6f);
    const Feedback& fb = f.feedback();
    if (!fb.text.empty()) {
        const float w = page.w() - m.pad * 2;
        float h = ui.measure(ui.bold(), fb.text, w).y;
        for (const std::string& line : fb.lines) h += ui.measure(ui.body(), line, w).y + m.gap * 0.2f;
        h = std::min(h + m.pad * 1.2f, page.h() * 0.45f);
        const Rect box = cut_top(page, h, m.gap);
        const ImU32 fill = fb.error ? c.notice : mix(c.surface, c.success, 0.12f);
        const ImU32 edge = fb.error ? danger_color() : c.success;
        ui.panel(box, fill);
        ui.dl()->AddRectFilled(box.min, ImVec2(box.min.x + std::max(5.0f, m.body * 0.25f), box.max.y), edge, m.radius,
                               ImDrawFlags_RoundCornersLeft);
        Rect text = box.shrink(m.pad, m.pad * 0.6f);
        ui.push_clip(box);
        cut_top(text, ui.text(ui.bold(), fb.text, text, fb.error ? c.on_notice : c.text), m.gap * 0.2f);
        for (const std::string& line : fb.lines) cut_top(text, ui.text(ui.body(), line, text, c.muted), m.gap * 0.2f);
        ui.pop_clip();
    }
    return page;
}

}  // namespace workshop::kiosk

// facilitator_pin_screen.cpp — the PIN pad behind the hidden gesture: big keys, the digits shown
// as dots, a calm message after a wrong PIN and a countdown while the pad is locked.
#include <algorithm>
#include <cmath>

#include "app.h"
#include "facilitator_chrome.h"

namespace workshop::kiosk {

namespace {

// The digits typed so far, as dots (never the digits: someone may be watching).
void draw_pin_display(ScreenContext& ctx, const Rect& display) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Facilitator& f = *ctx.facilitator;
    ui.panel(display, c.surface, c.border, 2);
    if (f.typed().empty()) {
        ui.text(ui.body(), ftr(ctx, "pin_prompt"), display.shrink(m.pad, 0), c.muted, Align::center, true);
        return;
    }
    // Up to 12 dots: smaller ones when the usual spacing would not fit the display.
    const float n = static_cast<float>(f.typed().size());
    const float step = std::min(std::min(display.h() * 0.14f, m.body * 0.45f) * 3.2f, (display.w() - m.pad * 2) / n);
    const float r = step / 3.2f;
    const float x0 = display.center().x - step * (static_cast<float>(f.typed().size()) - 1) / 2;
    for (std::size_t i = 0; i < f.typed().size(); ++i)
        ui.dl()->AddCircleFilled(ImVec2(x0 + step * static_cast<float>(i), display.center().y), r, c.text, 24);
    ui.note_text(std::string(f.typed().size(), '*'), display);
}

// A wrong PIN, the lockout's countdown, or why there is no PIN.
void draw_pin_message(ScreenContext& ctx, const Rect& page, const Rect& message, double locked) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Facilitator& f = *ctx.facilitator;
    std::string note;
    ImU32 ink = ui.colors().on_notice;
    if (!f.gate().has_pin()) {
        note = f.pin_message().empty() ? ftr(ctx, "pin_not_set", {{"file", f.config().path.empty() ? "kiosk.toml" : f.config().path}})
                                       : f.pin_message();
    } else if (locked > 0) {
        const int s = static_cast<int>(std::ceil(locked));
        char clock[16];
        std::snprintf(clock, sizeof clock, "%d:%02d", s / 60, s % 60);
        note = ftr(ctx, "pin_locked", {{"time", clock}});
        ink = danger_color();
    } else {
        note = f.pin_message();
    }
    if (note.empty()) return;
    Rect wide = message;
    wide.min.x = std::max(page.min.x, message.center().x - m.body * 16);
    wide.max.x = std::min(page.max.x, message.center().x + m.body * 16);
    ui.text(ui.fit(ui.bold(), note, ImVec2(wide.w(), wide.h()), 0.7f), note, wide, ink, Align::center, true);
}

// 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK, each `key` square; all off while `keys_on` is false.
Intent draw_pin_keys(ScreenContext& ctx, Rect& col, float key, float gap, bool keys_on) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Facilitator& f = *ctx.facilitator;
    Intent intent;
    const char* const labels[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"};
    for (int row = 0; row < 4; ++row) {
        Rect line = cut_top(col, key, gap);
        for (int k = 0; k < 3; ++k) {
            const int i = row * 3 + k;
            const Rect r = cut_left(line, key, gap);
            const std::string label = i == 11 ? ftr(ctx, "pin_ok") : labels[i];
            const bool digit = i != 9 && i != 11;
            const bool enabled = keys_on && (digit ? static_cast<int>(f.typed().size()) < kPinMaxDigits : !f.typed().empty());
            const bool held = enabled && ui.pressing(r);
            const ImU32 fill = !enabled ? c.disabled : i == 11 ? (held ? c.primary_pressed : c.primary) : (held ? c.selected : c.surface);
            ui.panel(r, fill, c.border, i == 11 || !enabled ? 0 : 2);
            const FontSpec font = digit ? ui.display() : ui.title();
            ui.text(ui.fit(font, label, ImVec2(r.w() - m.pad, r.h()), 0.5f), label, r.shrink(m.pad * 0.5f, 0),
                    !enabled ? c.on_disabled : i == 11 ? c.on_primary : c.text, Align::center, true);
            if (!ui.target(r, label, enabled, {}, digit ? label : std::string())) continue;
            if (digit) {
                const char d = labels[i][0];
                intent = Intent::run([d](App& app) { app.facilitator().type_digit(d); });
            } else if (i == 9) {
                intent = Intent::run([](App& app) { app.facilitator().erase_digit(); });
            } else {
                const double now = ctx.now;
                intent = Intent::run([now](App& app) { app.facilitator().submit_pin(app, now); });
            }
        }
    }
    return intent;
}

}  // namespace

Intent draw_facilitator_pin_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Facilitator& f = *ctx.facilitator;
    Intent intent;
    Rect page = facilitator_page(ctx, ftr(ctx, "pin_title"), false, intent);

    const double locked = f.gate().locked_for(ctx.now);
    const bool keys_on = locked <= 0 && f.gate().has_pin();

    // Keys as large as the screen allows: up to 2 targets wide, 4 rows + the display + Cancel.
    const float gap = m.gap;
    const float display_h = std::round(m.target * 1.3f);
    const float message_h = ui.line_height(ui.body()) * 2;
    const float footer_h = m.target;
    const float free_h = page.h() - display_h - message_h - footer_h - gap * 7;
    const float key = std::floor(std::clamp(std::min(free_h / 4, (page.w() - gap * 2) / 3), m.target, m.target * 2.0f));
    Rect col = page.centered_width(key * 3 + gap * 2);
    col.min.y += std::max(0.0f, (page.h() - (display_h + message_h + footer_h + key * 4 + gap * 7)) / 2);

    draw_pin_display(ctx, cut_top(col, display_h, gap));
    draw_pin_message(ctx, page, cut_top(col, message_h, gap), locked);
    if (Intent typed = draw_pin_keys(ctx, col, key, gap, keys_on)) intent = std::move(typed);

    Rect footer = cut_top(col, footer_h, gap);
    const std::string cancel = ftr(ctx, "cancel");
    if (ui.button(footer.centered_width(button_width(ui, cancel, m.body * 8)), cancel, ButtonKind::secondary))
        intent = Intent::run([](App& app) { app.facilitator().leave(app); });
    return intent;
}

}  // namespace workshop::kiosk

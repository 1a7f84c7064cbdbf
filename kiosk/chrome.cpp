#include "chrome.h"

#include <algorithm>
#include <cmath>

#include "read_aloud.h"

namespace workshop::kiosk {

Rect page_rect(const Ui& ui) {
    const float m = ui.m().margin;
    return ui.screen().shrink(m, m * 0.75f);
}

void draw_step_header(ScreenContext& ctx, Rect& area) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    if (ctx.step_count > 0) {
        const std::string progress = ctx.tr("step_of", {{"n", std::to_string(ctx.step_number)},
                                                         {"total", std::to_string(ctx.step_count)}});
        const Rect line = cut_top(area, ui.line_height(ui.small()), m.gap * 0.3f);
        ui.text(ui.small(), progress, line, ui.colors().muted);
        // A progress track under the words: done steps filled.
        const float seg_gap = m.gap * 0.4f;
        const float seg_w = std::min(m.body * 3, (area.w() - seg_gap * (ctx.step_count - 1)) / ctx.step_count);
        const float h = std::max(4.0f, m.body * 0.22f);
        for (int i = 0; i < ctx.step_count; ++i) {
            const Rect seg = Rect::xywh(area.min.x + i * (seg_w + seg_gap), area.min.y, seg_w, h);
            ui.dl()->AddRectFilled(seg.min, seg.max, i < ctx.step_number ? ui.colors().primary : ui.colors().disabled, h / 2);
        }
        cut_top(area, h, m.gap);
    }
    if (ctx.step) {
        const std::string& title = ctx.local(ctx.step->title);
        const float h = ui.text(ui.title(), title, area, ui.colors().text);
        cut_top(area, h, m.gap * 0.4f);
        if (!ctx.step->prompt.empty()) {
            const float ph = ui.text(ui.body(), ctx.local(ctx.step->prompt), area.centered_width(area.w()), ui.colors().muted);
            cut_top(area, ph, 0);
        }
        cut_top(area, m.gap, 0);
    }
}

float footer_height(const Metrics& m) { return std::round(m.target * 1.1f); }

namespace {

// The reading buttons' widths: as wide as their words (with the ✓ of a chosen one).
struct ReadingWidths {
    float aa = 0, contrast = 0, speaker = 0;  // speaker 0: no speaker button
};

ReadingWidths reading_widths(const ScreenContext& ctx, bool speaker) {
    const Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    ReadingWidths w;
    w.aa = std::max(m.target * 1.3f, ui.measure(ui.bold(), "✓ Aa").x + m.pad * 1.5f);
    w.contrast = ui.measure(ui.bold(), "✓ " + ctx.tr("high_contrast")).x + m.pad * 2;
    if (speaker && can_read_aloud(ctx)) w.speaker = m.target * 1.3f;
    return w;
}

}  // namespace

float reading_buttons_width(const ScreenContext& ctx) {
    const ReadingWidths w = reading_widths(ctx, true);
    return w.aa + w.contrast + w.speaker + ctx.ui.m().gap * 3;
}

FooterTaps draw_step_footer(ScreenContext& ctx, Rect& area, bool nothing_chosen, bool next_enabled, std::string_view reason) {
    if (ctx.turn && ctx.turn->returning_to_review()) return draw_footer(ctx, area, ctx.tr("to_review"), next_enabled, reason);
    const bool skip = nothing_chosen;
    FooterTaps taps = draw_footer(ctx, area, ctx.tr("next") + " →", next_enabled && !skip, skip ? std::string_view() : reason, true,
                                  skip ? ctx.tr("skip") : std::string());
    taps.next = taps.next || taps.skip;
    return taps;
}

namespace {

struct FooterSpec {
    std::string_view next_label;
    bool next_enabled = false;
    std::string_view reason;
    bool show_back = true;
    std::string_view skip_label;
    bool speaker = true;
};

FooterTaps draw_footer_of(ScreenContext& ctx, Rect& area, const FooterSpec& spec) {
    const std::string_view next_label = spec.next_label, reason = spec.reason, skip_label = spec.skip_label;
    const bool next_enabled = spec.next_enabled, show_back = spec.show_back;
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    Rect bar = cut_bottom(area, footer_height(m), m.gap);
    const std::string back_label = "← " + ctx.tr("back");
    const float next_w = next_label.empty() ? 0 : std::min(bar.w() * 0.42f, std::max(m.body * 9, ui.measure(ui.bold(), next_label).x + m.pad * 3));
    const float back_w = show_back ? std::min(bar.w() * 0.45f, std::max(m.body * 6, ui.measure(ui.bold(), back_label).x + m.pad * 2)) : 0;
    const float skip_w = skip_label.empty() ? 0 : ui.measure(ui.bold(), skip_label).x + m.pad * 2;
    // Large text on a narrow screen: the reading buttons get a row of their own above, rather
    // than squeezing the words of any button.
    Rect reading = bar;
    const float gaps = m.gap * static_cast<float>((next_w > 0) + (back_w > 0) + (skip_w > 0));
    if (ctx.memory.large_text && next_w + back_w + skip_w + gaps + reading_buttons_width(ctx) > bar.w()) reading = cut_bottom(area, footer_height(m), m.gap * 0.6f);
    ctx.footer_top = reading.min.y;
    FooterTaps taps;
    if (!next_label.empty()) taps.next = ui.button(cut_right(bar, next_w, m.gap), next_label, ButtonKind::primary, next_enabled);
    if (show_back) taps.back = ui.button(cut_left(bar, back_w, m.gap), back_label, ButtonKind::secondary, true);
    draw_reading_buttons(ctx, reading.min.y == bar.min.y ? bar : reading, spec.speaker);
    if (!skip_label.empty()) {  // next to Next, as wide as its words need (wrapped if the bar is narrow)
        taps.skip = ui.button(cut_right(bar, std::min(bar.w(), skip_w), m.gap), skip_label, ButtonKind::secondary, true);
    }
    if (!next_enabled && !reason.empty()) {
        const FontSpec f = ui.fit(ui.body(), reason, ImVec2(bar.w(), bar.h()), 0.75f);
        ui.text(f, reason, bar, ui.colors().on_notice, Align::right, true);
    }
    return taps;
}

}  // namespace

FooterTaps draw_footer(ScreenContext& ctx, Rect& area, std::string_view next_label, bool next_enabled,
                       std::string_view reason, bool show_back, std::string_view skip_label) {
    return draw_footer_of(ctx, area, {next_label, next_enabled, reason, show_back, skip_label, true});
}

bool draw_back_footer(ScreenContext& ctx, Rect& area, bool speaker) {
    return draw_footer_of(ctx, area, {{}, false, {}, true, {}, speaker}).back;
}

void draw_reading_buttons(ScreenContext& ctx, Rect& bar, bool speaker_button) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    ScreenMemory& memory = ctx.memory;
    // A chosen setting shows as a filled button with a ✓ mark, never by colour alone.
    const auto toggle = [&](const Rect& r, std::string_view label, bool on) {
        const std::string shown = on ? "✓ " + std::string(label) : std::string(label);
        return ui.button(r, shown, on ? ButtonKind::primary : ButtonKind::secondary, true, ctx.tr("reading"));
    };
    const ReadingWidths w = reading_widths(ctx, speaker_button);
    if (toggle(cut_left(bar, w.aa, m.gap), "Aa", memory.large_text)) memory.large_text = !memory.large_text;
    const std::string contrast = ctx.tr("high_contrast");
    if (toggle(cut_left(bar, std::min(bar.w(), w.contrast), m.gap), contrast, memory.high_contrast)) memory.high_contrast = !memory.high_contrast;
    if (w.speaker <= 0) return;
    // The speaker: a loudspeaker icon; its words ("Read aloud") are its label for scripts.
    const Rect speaker = cut_left(bar, w.speaker, m.gap);
    const Palette& c = ui.colors();
    ui.panel(speaker, ui.pressing(speaker) ? c.selected : c.surface, c.primary, std::max(2.0f, m.body * 0.1f));
    Pictogram loudspeaker;
    loudspeaker.codepoint = speaker_icon;
    const float icon = std::min(speaker.w(), speaker.h()) * 0.6f;
    draw_pictogram(ctx, loudspeaker, Rect::xywh(speaker.center().x - icon / 2, speaker.center().y - icon / 2, icon, icon), c.primary);
    if (ui.target(speaker, ctx.tr("read_aloud"), true, ctx.tr("reading"))) ctx.read_page = true;
}

void draw_reading_foot(ScreenContext& ctx, bool speaker) {
    Rect page = page_rect(ctx.ui);
    Rect bar = cut_bottom(page, ctx.ui.m().target, ctx.ui.m().gap);
    ctx.footer_top = bar.min.y;
    draw_reading_buttons(ctx, bar, speaker);
}

bool can_read_aloud(const ScreenContext& ctx) { return ctx.speaker && ctx.speaker->can_read(ctx.lang); }

std::string page_text(const ScreenContext& ctx) {
    std::vector<std::string> parts;
    if (ctx.step) {
        parts.push_back(ctx.local(ctx.step->title));
        if (!ctx.step->prompt.empty()) parts.push_back(ctx.local(ctx.step->prompt));
        for (const Option& option : ctx.step->options) parts.push_back(ctx.local(option.label));
    } else {
        for (const ShownText& shown : ctx.ui.registry().texts)
            if (shown.rect.max.y <= ctx.footer_top && (parts.empty() || parts.back() != shown.text)) parts.push_back(shown.text);
    }
    if (parts.empty()) return {};
    const std::string heading = parts.front();
    parts.erase(parts.begin());
    return spoken_text(heading, parts);
}

void read_on_long_press(ScreenContext& ctx, const Rect& card, std::string_view text) {
    constexpr double hold_seconds = 1.0;  // longer than any tap, short enough to find by chance
    if (can_read_aloud(ctx) && ctx.ui.long_pressed(card, hold_seconds)) ctx.speaker->read(ctx.lang, std::string(text));
}

void draw_notice(Ui& ui, const Rect& box, std::string_view text) {
    const Metrics& m = ui.m();
    ui.panel(box, ui.colors().notice);
    const Rect inner = box.shrink(m.pad * 0.6f, m.pad * 0.15f);
    ui.text(ui.fit(ui.body(), text, ImVec2(inner.w(), inner.h()), 0.7f), text, inner, ui.colors().on_notice, Align::left, true);
}

std::string idea_language_tag(const ScreenContext& ctx, std::string_view language) {
    return language.empty() || language == ctx.lang ? std::string() : ctx.strings.language_name(language);
}

float language_tag_width(const Ui& ui, FontSpec f, std::string_view tag) { return ui.measure(f, tag).x + f.size * 0.8f; }

float draw_language_tag(Ui& ui, FontSpec f, std::string_view tag, const Rect& box, ImU32 ink) {
    const Rect pill = Rect::xywh(box.min.x, box.min.y, language_tag_width(ui, f, tag), box.h());
    ui.panel(pill, ui.colors().surface, ink, std::max(1.5f, f.size * 0.08f));
    ui.text(f, tag, pill, ink, Align::center, true);
    return pill.w();
}

Rect Grid::cell(int index, const Rect& area, float scroll) const {
    const int row = index / columns, col = index % columns;
    return Rect::xywh(area.min.x + col * (card_w + gap), area.min.y + row * (card_h + gap) - scroll, card_w, card_h);
}

Grid layout_grid(int count, const Rect& area, ImVec2 min_size, float max_h, float gap, int max_columns,
                 float aspect) {
    Grid g;
    g.gap = gap;
    count = std::max(count, 1);
    const int fit_w = std::max(1, static_cast<int>((area.w() + gap) / (min_size.x + gap)));
    const int most = std::clamp(std::min(fit_w, max_columns), 1, count);
    float best = 1e9f;
    bool fits = false;
    for (int cols = 1; cols <= most; ++cols) {
        const int rows = (count + cols - 1) / cols;
        const float w = (area.w() - gap * (cols - 1)) / cols;
        const float h = std::min(max_h, (area.h() - gap * (rows - 1)) / rows);
        if (h < min_size.y) continue;
        const float score = std::abs(std::log((w / h) / aspect)) + 0.5f * static_cast<float>(cols * rows - count) / count;
        if (score < best) {
            best = score;
            g.columns = cols;
            fits = true;
        }
    }
    if (!fits) g.columns = most;
    const int rows = (count + g.columns - 1) / g.columns;
    g.card_w = std::floor((area.w() - gap * (g.columns - 1)) / g.columns);
    g.card_h = std::floor(fits ? std::min(max_h, (area.h() - gap * (rows - 1)) / rows) : min_size.y);
    g.content_h = rows * g.card_h + (rows - 1) * gap;
    return g;
}

// A centred block: a big symbol in a circle, a title and a body text.
namespace {

// The fonts and column of a centred message, and whether its sign fits above it: at full size
// when the page holds it, else smaller, in the first arrangement that holds it at that size: one
// column, then (landscape) the title beside the text, then one wide column; the sign only at
// full size (ten languages' title and text on a 1280x800 screen).
struct MessageLayout {
    FontSpec title, body;
    float w = 0, circle = 0;
    float body_w = 0;     // beside: the text's column, right of the title's (as wide as its lines)
    bool beside = false;  // the title at the left, the text at the right
};

float message_h(const Ui& ui, const MessageLayout& l, std::string_view title, std::string_view body) {
    const Metrics& m = ui.m();
    const float title_h = ui.measure(l.title, title, l.w).y, body_h = ui.measure(l.body, body, l.beside ? l.body_w : l.w).y;
    if (l.beside) return std::max(title_h, body_h);
    return (l.circle > 0 ? l.circle + m.gap * 1.5f : 0) + title_h + m.gap + body_h;
}

MessageLayout fit_message(const Ui& ui, std::string_view title, std::string_view body, float room) {
    const Metrics& m = ui.m();
    const Rect page = page_rect(ui);
    MessageLayout out;
    for (float k = 1; k >= 0.3f; k *= 0.92f) {  // a title at 0.3 of its size is still about the body's
        for (int arrangement = 0; arrangement < 3; ++arrangement) {
            if (arrangement == 1 && (m.portrait || k >= 0.99f)) continue;
            out.beside = arrangement == 1;
            out.w = arrangement == 0 ? std::min(page.w(), m.body * 30) : out.beside ? page.w() / 2 : page.w();
            out.circle = k >= 0.99f && !out.beside ? m.display_text * 1.8f : 0;
            out.title = ui.fit(ui.display().scaled(k), title, ImVec2(out.w, FLT_MAX), 0.6f);  // no word cut in two
            out.body = ui.body().scaled(std::max(k, 0.8f));  // the title gives way first
            if (out.beside) {  // the titles' column as wide as their widest line: the rest for the text
                out.w = std::min(out.w, ui.measure(out.title, title, out.w).x);
                out.body_w = page.w() - out.w - m.gap * 3;
            }
            if (message_h(ui, out, title, body) <= room) return out;
        }
    }
    return out;  // the smallest: what does not fit ends in "…" (tests look for it)
}

}  // namespace

Rect centred_message(Ui& ui, std::string_view symbol, ImU32 symbol_color, std::string_view title,
                     std::string_view body, float extra_below) {
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Rect page = page_rect(ui);
    // Above the reading buttons at the foot (draw_reading_foot) and what the screen adds below.
    const float room = page.h() - m.target - m.gap - extra_below;
    const MessageLayout l = fit_message(ui, title, body, room);
    const float content = message_h(ui, l, title, body);
    Rect col = l.beside ? page : page.centered_width(l.w);
    col.min.y += std::max(0.0f, (col.h() - m.target - m.gap - content - extra_below) / 2);
    if (l.beside) {  // each half centred beside the other
        const float title_h = ui.measure(l.title, title, l.w).y, body_h = ui.measure(l.body, body, l.body_w).y;
        Rect right = col;
        const Rect left = cut_left(right, l.w, m.gap * 3);
        ui.text(l.title, title, left.offset(0, (content - title_h) / 2), c.text, Align::center);
        ui.text(l.body, body, right.offset(0, (content - body_h) / 2), c.muted, Align::center);
        cut_top(col, content, m.gap * 2);
        return col;
    }
    if (l.circle > 0) {
        const Rect icon = cut_top(col, l.circle, m.gap * 1.5f).centered_width(l.circle);
        ui.dl()->AddCircleFilled(icon.center(), l.circle / 2, symbol_color, 0);
        ui.text(ui.display(), symbol, icon, IM_COL32_WHITE, Align::center, true);
    }
    cut_top(col, ui.text(l.title, title, col, c.text, Align::center), m.gap);
    cut_top(col, ui.text(l.body, body, col, c.muted, Align::center), m.gap * 2);
    return col;
}

void draw_dots(Ui& ui, ImVec2 left_center, float radius, int filled, int total, ImU32 color, ImU32 empty) {
    const float step = radius * 2.6f;
    for (int i = 0; i < total; ++i) {
        const ImVec2 c(left_center.x + radius + i * step, left_center.y);
        if (i < filled) {
            ui.dl()->AddCircleFilled(c, radius, color, 0);
            ui.dl()->AddCircle(c, radius, with_alpha(IM_COL32(0, 0, 0, 255), 0.35f), 0, whole_px(radius * 0.12f));
        } else {
            ui.dl()->AddCircle(c, radius - 1, empty, 0, whole_px(std::max(2.0f, radius * 0.18f)));
        }
    }
}

}  // namespace workshop::kiosk

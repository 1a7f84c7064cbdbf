// attract_screen.cpp — what the kiosk shows between voters: the workshop's title and an
// invitation to touch, in every language of the scenario. The whole screen is the button.
#include <algorithm>
#include <functional>
#include <tuple>
#include <vector>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

bool any_revealed(const ScreenContext& ctx) {
    if (!ctx.session || !ctx.scenario) return false;
    for (const Step& s : ctx.scenario->steps)
        if (s.takes_ballots() && ctx.session->revealed(s.id)) return true;
    return false;
}

// Every scenario language alike: the title and the invitation in each (the same text once),
// one per line at one size; nobody has chosen a language yet.
struct AttractTexts {
    std::string title, touch;
    float title_lines = 0, touch_lines = 0;
    FontSpec title_font, touch_font;
};

std::pair<std::string, float> in_every_language(const ScreenContext& ctx, const std::function<std::string(const std::string&)>& text_in) {
    std::vector<std::string> lines{text_in(ctx.lang)};
    for (const std::string& lang : ctx.scenario->languages)
        if (std::string line = text_in(lang); std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
    return {out, static_cast<float>(lines.size())};
}

AttractTexts attract_texts(const ScreenContext& ctx) {
    AttractTexts t;
    std::tie(t.title, t.title_lines) = in_every_language(ctx, [&](const std::string& l) { return ctx.scenario->title.in(l); });
    std::tie(t.touch, t.touch_lines) = in_every_language(ctx, [&](const std::string& l) { return ctx.strings.get("touch_to_start", l); });
    return t;
}

// The title (and description) above a touch sign and the invitation's pill, in the middle of
// `page`; beside each other when a landscape screen cannot hold them one above the other (ten
// languages), so that every language's invitation stays on the screen, whole and large. Draws
// all but the pill, whose rectangle it returns (its font in `t`).
Rect draw_invitation_block(ScreenContext& ctx, const Rect& page, AttractTexts& t) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    // Nobody has chosen a language yet: the description too in each (it favoured the first).
    const std::string description =
        in_every_language(ctx, [&](const std::string& l) { return ctx.scenario->description.in(l); }).first;
    const float title_want = m.display_text * 1.25f * (t.title_lines + 1);
    const float touch_want = ui.line_height(ui.title()) * (t.touch_lines + 1) + m.pad * 2;
    const float ripple = std::min(m.display_text * 1.6f, page.h() * 0.12f);  // the "touch here" sign
    FontSpec description_font = ui.body();
    float description_h = description.empty() ? 0 : ui.measure(description_font, description, std::min(page.w(), m.body * 34)).y + m.gap * 2;
    const float signs_h = ripple + m.gap * 3 + description_h;
    const bool beside = page.w() > page.h() * 1.2f && title_want + touch_want + signs_h > page.h();
    // Each part's column and the height it may take: one above the other, they share the page's.
    Rect title_col = page.centered_width(std::min(page.w(), m.body * 34)), touch_col = title_col;
    float title_h = title_want, touch_h = touch_want;
    if (beside) {
        title_col = Rect{page.min, {page.min.x + page.w() * 0.55f - m.gap, page.max.y}};
        touch_col = Rect{{page.min.x + page.w() * 0.55f + m.gap, page.min.y}, page.max};
        if (!description.empty()) {  // at most 40 % of the column: a few languages' descriptions
            description_font = ui.fit(ui.body(), description, ImVec2(title_col.w(), page.h() * 0.4f - m.gap * 2), 0.6f);
            description_h = ui.measure(description_font, description, title_col.w()).y + m.gap * 2;
        }
        title_h = std::min(title_want, page.h() - description_h);
        touch_h = std::min(touch_want, page.h() - ripple - m.gap * 1.5f);
    } else if (const float room = page.h() - signs_h; title_want + touch_want > room) {
        const float share = std::max(0.0f, room) / (title_want + touch_want);
        title_h = title_want * share;
        touch_h = touch_want * share;
    }
    t.title_font = ui.fit(ui.display(), t.title, ImVec2(title_col.w(), title_h), 0.3f);
    t.touch_font = ui.fit(ui.title(), t.touch, ImVec2(touch_col.w() - m.pad * 2, touch_h - m.pad * 2), 0.4f);
    const float pill_w = std::min(touch_col.w(), ui.measure(t.touch_font, t.touch).x + m.pad * 4);
    const float pill_h = std::max(m.target * 1.5f, ui.measure(t.touch_font, t.touch, pill_w - m.pad * 2).y + m.pad * 2);
    const float title_block = ui.measure(t.title_font, t.title, title_col.w()).y + description_h;
    const float touch_block = ripple + m.gap * 1.5f + pill_h;
    // Measured first so each block sits in the middle of its column.
    const auto middle = [&](Rect col, float h) {
        col.min.y = std::max(page.min.y, page.min.y + (page.h() - h) / 2 - (beside ? 0 : m.body));
        return col;
    };
    title_col = middle(title_col, beside ? title_block : title_block + m.gap * 1.5f + touch_block);
    cut_top(title_col, ui.text(t.title_font, t.title, title_col, c.text, Align::center), m.gap * 1.5f);
    if (!description.empty()) cut_top(title_col, ui.text(description_font, description, title_col, c.muted, Align::center), m.gap * 2);
    touch_col = beside ? middle(touch_col, touch_block) : title_col;

    // A fingertip with ripples: the universal "touch" sign, in the calm primary colour.
    const ImVec2 rc = cut_top(touch_col, ripple, m.gap * 1.5f).center();
    for (int i = 3; i >= 1; --i)
        ui.dl()->AddCircle(rc, ripple * 0.16f * (static_cast<float>(i) + 0.4f), with_alpha(c.primary, 0.22f * static_cast<float>(4 - i)), 0,
                           std::max(2.0f, m.body * 0.12f));
    ui.dl()->AddCircleFilled(rc, ripple * 0.15f, c.primary, 0);
    return cut_top(touch_col, pill_h, m.gap * 1.5f).centered_width(pill_w);
}

// "See the results" in every scenario language (each once), packed onto lines without a
// language's words split across two: "Bekijk de resultaten · See the results" / "Переглянути…".
std::vector<std::string> results_words(const ScreenContext& ctx) {
    std::vector<std::string> words{ctx.tr("see_results")};
    for (const std::string& lang : ctx.scenario->languages)
        if (std::string w = ctx.strings.get("see_results", lang); std::find(words.begin(), words.end(), w) == words.end())
            words.push_back(std::move(w));
    return words;
}

// Each language's words are a bidi isolate (FSI ... PDI): a run of their own, so a line reads in
// the screen's direction part by part. Without them FriBiDi merged "See the results ·
// Переглянути результати" into one left-to-right run, which an Arabic screen read from its right.
std::string isolated(const std::string& words) { return "\u2068" + words + "\u2069"; }

std::string pack_words(const Ui& ui, FontSpec f, const std::vector<std::string>& words, float width) {
    std::string out, line;
    for (const std::string& w : words) {
        if (!line.empty() && ui.measure(f, line + " · " + isolated(w)).x > width) {
            out += (out.empty() ? "" : "\n") + line;
            line.clear();
        }
        line += (line.empty() ? "" : " · ") + isolated(w);
    }
    return out + (out.empty() ? "" : "\n") + line;
}

// The results button: a bar-chart sign anyone reads, and the words in every language. At body
// size wherever that fits: beside the reading buttons (up to five lines, a fifth of the page),
// else on a row of its own above them, the page's width (with them up to a third of the page;
// a language's words may wrap, never a word). Smaller only where that row cannot hold them.
struct ResultsButton {
    std::vector<std::string> words;  // each language's, as a script or test finds the button
    std::string label;
    FontSpec font;
    float h = 0;
    float text_w = 0;
    bool own_row = false;  // above the reading buttons, not beside them
};

bool holds(const Ui& ui, ResultsButton& b, float text_w, float most_h) {
    b.label = pack_words(ui, b.font, b.words, text_w);
    b.text_w = text_w;
    const ImVec2 size = ui.measure(b.font, b.label, text_w);  // wider than text_w: a word did not fit
    return size.y <= most_h && size.x <= text_w + 0.5f;
}

ResultsButton results_button_text(const ScreenContext& ctx, float beside_w, float row_w, float page_h) {
    const Ui& ui = ctx.ui;
    const float line_h = ui.line_height(ui.bold());
    const float beside_h = std::max(line_h, std::min(line_h * 5, page_h * 0.2f));
    const float row_h = std::max(line_h, page_h / 3 - ui.m().target - ui.m().gap);
    ResultsButton b{results_words(ctx), {}, ui.bold(), 0, beside_w, false};
    if (!holds(ui, b, beside_w, beside_h)) {
        b.own_row = row_w > beside_w;
        const float w = b.own_row ? row_w : beside_w, h = b.own_row ? row_h : beside_h;
        while (!holds(ui, b, w, h) && b.font.size > ui.bold().size * 0.6f) b.font.size = std::max(ui.bold().size * 0.6f, b.font.size * 0.95f);
    }
    b.h = std::max(ui.m().target, ui.measure(b.font, b.label, b.text_w).y + ui.m().pad * 0.8f);
    return b;
}

// Three bars, rising: "results" without words.
void draw_bar_sign(Ui& ui, const Rect& box, ImU32 color) {
    const float side = std::min(box.w(), box.h());
    const Rect sign = Rect::xywh(box.center().x - side / 2, box.center().y - side / 2, side, side);
    const float bar = side / 4, gap = side / 8;
    for (int i = 0; i < 3; ++i) {
        const float h = side * (0.45f + 0.275f * static_cast<float>(i));
        const float x = sign.min.x + static_cast<float>(i) * (bar + gap);
        ui.dl()->AddRectFilled(ImVec2(x, sign.max.y - h), ImVec2(x + bar, sign.max.y), color, bar * 0.2f);
    }
}

// Draws the button in `r` (the sign at its left) and tells whether it was tapped; a script or
// test finds it by its words in any one language.
bool draw_results_button(ScreenContext& ctx, const Rect& r, const ResultsButton& b, float sign_w) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    ui.panel(r, ui.pressing(r) ? c.selected : c.surface, c.primary, std::max(2.0f, m.body * 0.1f));
    Rect inner = r.shrink(m.pad * 0.6f, m.pad * 0.4f);
    draw_bar_sign(ui, cut_left(inner, sign_w, m.gap).shrink(0, std::max(0.0f, (inner.h() - sign_w) / 2)), c.primary);
    ui.text(b.font, b.label, inner, c.primary, Align::center, true);
    bool tapped = false;
    for (const std::string& words : b.words) tapped = ui.target(r, words) || tapped;
    return tapped;
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
    // The results button takes the bottom row beside the reading buttons (not wider than a
    // comfortable line), or a row of the page's width above them; its words wrap by language.
    const float sign_w = m.body * 1.4f;
    const float frame_w = sign_w + m.gap + m.pad * 1.2f;  // the sign and the button's insides
    const float beside_w = std::min(page.w() - reading_buttons_width(ctx) - m.gap * 2, m.body * 24) - frame_w;
    const float row_w = page.w() - frame_w;
    const ResultsButton results = show_results ? results_button_text(ctx, beside_w, row_w, page.h()) : ResultsButton{};
    Rect bottom = cut_bottom(page, std::max(m.target, results.own_row ? 0.0f : results.h), m.gap);
    if (show_results) {
        const float w = std::min(results.text_w, ui.measure(results.font, results.label).x) + frame_w;
        Rect row = results.own_row ? cut_bottom(page, results.h, m.gap) : bottom;
        results_button = cut_right(row, w, m.gap);
    }
    // "Aa" and contrast before the first touch: whoever needs them can read the invitation.
    Rect reading_bar{{bottom.min.x, bottom.max.y - m.target}, bottom.max};  // a touch target tall, beside a taller results button too
    draw_reading_buttons(ctx, reading_bar, false);
    const Rect reading{{bottom.min.x, reading_bar.min.y}, {reading_bar.min.x, bottom.max.y}};

    AttractTexts texts = attract_texts(ctx);
    const Rect pill = draw_invitation_block(ctx, page, texts);
    const bool held = ui.pressing(screen) && !results_button.contains(ui.touch().press_pos) && !reading.contains(ui.touch().press_pos);
    ui.dl()->AddRectFilled(pill.min, pill.max, held ? c.primary_pressed : c.primary, std::min(pill.h() / 2, m.target * 0.75f));
    ui.text(texts.touch_font, texts.touch, pill.shrink(m.pad, 0), c.on_primary, Align::center, true);

    if (show_results && draw_results_button(ctx, results_button, results, sign_w)) return Intent::of(IntentKind::show_results);

    // Anywhere else starts a visit; registered under the invitation in every language.
    bool start = false;
    for (const std::string& lang : scenario.languages)
        start = ui.target(screen, ctx.strings.get("touch_to_start", lang)) || start;
    if (start && !results_button.contains(ui.touch().press_pos) && !reading.contains(ui.touch().press_pos)) return Intent::of(IntentKind::start);
    return {};
}

}  // namespace workshop::kiosk

// idea_vote_screen.cpp — an idea_vote step: idea cards (the file's options and the ideas typed
// in at this kiosk) in a grid scrolled by dragging; tap to approve, tap again to take it back.
// "Add your idea" opens an editor with our own on-screen keyboard (keyboard.cpp); the idea stays
// with the voter's Turn (marked "new", approved only if tapped) and is stored with the ballots
// at confirm, so a voter who walks away leaves none.
#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "chrome.h"
#include "read_aloud.h"
#include "utf8.h"

namespace workshop::kiosk {

namespace {

// Views into the scenario and the ideas cache: valid for the frame that made them.
struct Card {
    std::string_view id;
    std::string_view text;
    std::string_view detail;
    bool mine = false;
    std::string_view language;  // an idea's: the language it was typed in, when not the one shown
};

// The step's options, the ideas collected (fetched again when the session changed), then this
// voter's new ones.
class Cards {
public:
    explicit Cards(const ScreenContext& ctx) : m_ctx(ctx), m_options(ctx.step->options.size()) {
        if (ctx.turn) m_new = &ctx.turn->new_ideas();
        if (!ctx.session) return;
        SessionCache& cache = ctx.memory.ideas_cache;
        if (cache.stale(*ctx.session, ctx.step->id)) cache.ideas = ctx.session->ideas(ctx.step->id);
        m_ideas = &cache.ideas;
    }
    std::size_t size() const { return m_options + collected() + new_ones(); }
    // Built on demand: only the cards on screen are looked at.
    Card operator[](std::size_t i) const {
        if (i < m_options) {
            const Option& o = m_ctx.step->options[i];
            return {o.id, m_ctx.local(o.label), m_ctx.local(o.description), false, {}};
        }
        // The language an idea was typed in, tagged when it is not the one shown.
        const auto tagged = [this](const std::string& language) { return language == m_ctx.lang ? std::string_view() : std::string_view(language); };
        if (i < m_options + collected()) {
            const Idea& idea = (*m_ideas)[i - m_options];
            return {idea.id, idea.text, {}, false, tagged(idea.language)};
        }
        // This voter's new ideas of this step, in the order typed.
        std::size_t k = i - m_options - collected();
        for (const Idea& idea : *m_new)
            if (idea.step == m_ctx.step->id && k-- == 0)
                return {idea.id, idea.text, {}, true, tagged(idea.language)};
        return {};
    }

    // This voter's new ideas of this step.
    std::size_t new_ones() const {
        if (!m_new) return 0;
        return static_cast<std::size_t>(std::count_if(m_new->begin(), m_new->end(), [&](const Idea& idea) { return idea.step == m_ctx.step->id; }));
    }

private:
    std::size_t collected() const { return m_ideas ? m_ideas->size() : 0; }
    const ScreenContext& m_ctx;
    std::size_t m_options;
    const std::vector<Idea>* m_ideas = nullptr;
    const std::vector<Idea>* m_new = nullptr;
};

// The keyboard's words and scripts for this voter: their own script beside Latin, else the
// first other script the scenario offers.
KeyboardLabels keyboard_labels(const ScreenContext& ctx) {
    KeyboardLabels labels;
    labels.space = ctx.tr("key_space");
    labels.offer_native = false;
    std::vector<std::string_view> candidates{ctx.lang};
    candidates.insert(candidates.end(), ctx.scenario->languages.begin(), ctx.scenario->languages.end());
    for (std::string_view language : candidates) {
        const KeyboardLayout own = keyboard_layout_for(language);
        if (!labels.offer_native && own != KeyboardLayout::latin) {
            labels.native = own;
            labels.offer_native = true;
        }
    }
    labels.accents = latin_accents_for(ctx.lang);
    labels.dotted_i = dotted_capital_i(ctx.lang);
    return labels;
}

Intent draw_editor(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    IdeaEditor& editor = ctx.memory.editor;
    Rect page = page_rect(ui);
    Intent intent;

    // The keyboard at the bottom, at most half the screen, not wider than is comfortable, as
    // tall as its layout's rows (a four-row layout leaves the field the fifth row's room).
    const KeyboardLabels labels = keyboard_labels(ctx);
    const float kb_w = std::min(page.w(), m.body * 44);
    const float kb_h = std::min(keyboard_height(m, kb_w, keyboard_rows(editor.keyboard, labels)), page.h() * 0.5f);
    const Rect kb = cut_bottom(page, kb_h, m.gap * 1.5f).centered_width(kb_w);
    if (m.portrait) draw_step_header(ctx, page);  // a tall screen has room to say what this is about

    // Everything sits just above the keyboard, where the hands are; the field shows ~6 lines.
    Rect col = page.centered_width(std::min(page.w(), m.body * 40));
    // At least one whole line at body size (large text on a 1280x800 screen left less).
    const float line_h = ui.line_height(ui.body());
    const float field_h = std::max(line_h + m.pad * 0.8f,
                                   std::min(col.h() - ui.line_height(ui.small()) - ui.line_height(ui.title()) - m.target - line_h - m.gap * 3,
                                            line_h * 6 + m.pad * 2));
    col.min.y = col.max.y - (ui.line_height(ui.small()) + ui.line_height(ui.title()) + field_h + ui.line_height(ui.body()) +
                             m.target + m.gap * 2.3f);
    cut_top(col, ui.text(ui.small(), ctx.local(step.title), col, c.muted), m.gap * 0.2f);
    cut_top(col, ui.text(ui.title(), ctx.tr("your_idea"), col, c.text), m.gap * 0.6f);

    Rect buttons = cut_bottom(col, m.target, m.gap);
    Rect counter = cut_bottom(col, ui.line_height(ui.body()), m.gap * 0.5f);
    // The text field: what was typed, with the caret at its end.
    const Rect field = col;
    ui.panel(field, c.surface, c.primary, std::max(2.0f, m.body * 0.1f));
    const Rect inner = field.shrink(m.pad, std::clamp((field.h() - line_h) / 2, 0.0f, m.pad));
    const int length = count_code_points(editor.text);
    if (editor.text.empty()) {
        ui.text(ui.body(), ctx.tr("idea_placeholder"), inner, c.muted);
        ui.dl()->AddRectFilled(inner.min, ImVec2(inner.min.x + 3, inner.min.y + ui.line_height(ui.body())), c.primary);
    } else {
        // Body size whatever the length: never smaller than the texts around it, large text on or off.
        const FontSpec f = ui.body();
        const auto lines = ui.wrap(f, editor.text, inner.w());
        // Long texts show their end: that is where the typing happens.
        const float lh = ui.line_height(f);
        const int fit_lines = std::max(1, static_cast<int>(inner.h() / lh));
        const std::size_t first = lines.size() > static_cast<std::size_t>(fit_lines) ? lines.size() - fit_lines : 0;
        float y = inner.min.y;
        float caret_x = inner.min.x;
        for (std::size_t i = first; i < lines.size(); ++i) {
            ui.draw_line(f, ImVec2(inner.min.x, y + (lh - f.size) / 2), c.text, lines[i]);
            caret_x = inner.min.x + ui.drawn_width(f, lines[i]);
            if (i + 1 < lines.size()) y += lh;
        }
        if (!editor.text.empty() && editor.text.back() == ' ') caret_x += f.size * 0.3f;
        ui.dl()->AddRectFilled(ImVec2(caret_x + 2, y + lh * 0.1f), ImVec2(caret_x + 5, y + lh * 0.9f), c.primary);
        ui.note_text(editor.text, inner);
    }

    const bool at_limit = length >= step.max_idea_length;
    const std::string count = ctx.tr("idea_length", {{"n", std::to_string(length)}, {"max", std::to_string(step.max_idea_length)}});
    const float count_w = ui.measure(ui.body(), count).x;
    ui.text(ui.body(), count, cut_right(counter, count_w), at_limit ? c.on_notice : c.muted, Align::right, true);
    if (!editor.error.empty()) draw_notice(ui, counter, editor.error);
    else if (at_limit) draw_notice(ui, counter, ctx.tr("idea_limit_reached"));

    const std::string add = ctx.tr("add_idea_confirm");
    const bool has_text = editor.text.find_first_not_of(" \t") != std::string::npos;
    if (ui.button(cut_right(buttons, std::max(m.body * 9, ui.measure(ui.bold(), add).x + m.pad * 3), m.gap), add, ButtonKind::primary, has_text))
        intent = Intent::of(IntentKind::submit_idea);
    const std::string cancel = ctx.tr("cancel");
    if (ui.button(cut_left(buttons, std::max(m.body * 7, ui.measure(ui.bold(), cancel).x + m.pad * 3)), cancel, ButtonKind::secondary))
        intent = Intent::of(IntentKind::close_editor);

    const KeyPress key = draw_keyboard(ui, kb, editor.keyboard, labels, !at_limit);
    if (apply_key(editor.text, key, step.max_idea_length)) editor.error.clear();
    return intent;
}

// Votes left | the hint, or why nothing more can be chosen: beside each other when the hint
// fits on the line, else the hint wrapped on lines of its own (never cut short with "…").
void draw_idea_status(ScreenContext& ctx, Rect& page, int approved, bool full) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    const bool limited = step.votes_per_participant > 0;
    const std::string votes = limited ? ctx.plural("votes_left", step.votes_per_participant - approved) : ctx.tr("votes_unlimited");
    const std::string hint = full ? ctx.tr("no_votes_left") : !ctx.memory.notice.empty() ? ctx.memory.notice : ctx.tr("idea_hint");
    const bool notice = full || !ctx.memory.notice.empty();
    const float vw = ui.measure(ui.bold(), votes).x;
    const bool beside = vw + m.gap * 1.5f + ui.measure(ui.body(), hint).x + m.pad * 1.2f <= page.w();
    Rect status = cut_top(page, std::max(ui.line_height(ui.bold()), m.body * 1.4f), beside ? m.gap : m.gap * 0.5f);
    ui.text(ui.bold(), votes, cut_left(status, std::min(vw, status.w()), m.gap * 1.5f), c.text, Align::left, true);
    if (!beside) status = cut_top(page, ui.measure(ui.body(), hint, page.w() - m.pad * 1.2f).y + m.pad * 0.4f, m.gap);
    if (notice) draw_notice(ui, status, hint);
    else ui.text(ui.body(), hint, status, c.muted, Align::left, true);
}

// "Add your idea": the grid's first card.
bool draw_add_idea_card(ScreenContext& ctx, const Rect& r) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::string add = ctx.tr("add_idea");
    const bool held = ui.pressing(r);
    ui.panel(r, held ? c.selected : mix(c.background, c.surface, 0.5f), c.primary, std::max(2.0f, m.body * 0.1f));
    ui.text(ui.fit(ui.title(), add, ImVec2(r.w() - m.pad * 2, r.h() - m.pad * 2), 0.6f), add, r.shrink(m.pad), c.primary, Align::center, true);
    return ui.target(r, add);
}

// What one idea's card shows: the text (and detail), the ✓ or an empty circle, the language it
// was typed in and the "new" tag of ideas typed here.
void draw_idea_card_face(ScreenContext& ctx, const Rect& r, const Card& card, bool on, bool enabled, ImU32 fill, const std::string& tag) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    ui.panel(r, fill, on ? c.primary : c.border, on ? std::max(3.0f, m.body * 0.16f) : 1.5f);
    Rect inner = r.shrink(m.pad * 0.8f);
    const float mark = m.body * 1.6f;
    Rect side = cut_right(inner, mark, m.gap * 0.6f);
    const ImVec2 mc(side.center().x, side.min.y + mark / 2);
    if (on) ui.badge(mc, mark / 2, c.primary, "✓", c.on_primary);
    else ui.dl()->AddCircle(mc, mark / 2 - 1, enabled ? c.border : c.disabled, 0, whole_px(std::max(2.0f, m.body * 0.1f)));
    if (card.mine || !card.language.empty()) {
        Rect t = cut_bottom(inner, ui.line_height(ui.small()), m.gap * 0.3f);
        if (const std::string language = idea_language_tag(ctx, card.language); !language.empty())  // "Українська"
            cut_left(t, draw_language_tag(ui, ui.small(), language, t, c.muted), m.gap * 0.4f);
        if (card.mine) {
            const Rect pill = cut_left(t, ui.measure(ui.small(), tag).x + m.pad, 0);
            ui.dl()->AddRectFilled(pill.min, pill.max, c.notice, pill.h() / 2);
            ui.text(ui.small(), tag, pill, c.on_notice, Align::center, true);
        }
    }
    const FontSpec f = ui.fit(ui.body(), card.text, ImVec2(inner.w(), inner.h()), 0.65f);
    const float th = ui.text(f, card.text, inner, enabled ? c.text : c.on_disabled);
    if (!card.detail.empty()) {
        Rect d = inner;
        d.min.y += th + m.gap * 0.3f;
        if (ui.measure(ui.small(), card.detail, d.w()).y <= d.h()) ui.text(ui.small(), card.detail, d, c.muted);
    }
}

// The grid: "Add your idea" first (always in the same place, never scrolled away far), then every
// idea; a tap approves one or takes the approval back.
Intent draw_idea_grid(ScreenContext& ctx, const Rect& page, const Cards& cards, bool full) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const Step& step = *ctx.step;
    const StepDraft& draft = *ctx.draft;
    Intent intent;
    const int first = step.collect_ideas ? 1 : 0;
    const int n = static_cast<int>(cards.size()) + first;
    const float min_h = m.body * 1.25f * 3 + m.pad * 2;
    const Grid grid = layout_grid(n, page, ImVec2(m.body * 12, min_h), min_h * 1.3f, m.gap, m.portrait ? 2 : 4, 2.2f);
    float& scroll = ctx.memory.scroll["ideas/" + step.id];
    ui.begin_scroll("ideas", page, grid.content_h, scroll);
    const float shift = std::round(scroll);  // whole pixels: crisp text, and cards drawn once stay cached
    if (step.collect_ideas && draw_add_idea_card(ctx, grid.cell(0, page, shift))) intent = Intent::of(IntentKind::open_editor);
    // Only the rows on screen: a grid of 500 ideas costs what its visible part costs.
    const float row_h = grid.card_h + grid.gap;
    const int first_row = std::max(0, static_cast<int>(std::floor((shift - grid.card_h) / row_h)));
    const int last_row = static_cast<int>(std::ceil((shift + page.h()) / row_h));
    std::string tag, key;  // the "new" tag of ideas typed here; the key of a card's drawing
    for (int cell = std::max(first, first_row * grid.columns); cell < n && cell < (last_row + 1) * grid.columns; ++cell) {
        const Rect r = grid.cell(cell, page, shift);
        const Card card = cards[static_cast<std::size_t>(cell - first)];
        if (r.max.y < page.min.y || r.min.y > page.max.y) continue;  // off screen
        const bool on = std::find(draft.approved.begin(), draft.approved.end(), card.id) != draft.approved.end();
        const bool enabled = on || !full;
        ImU32 fill = on ? c.selected : c.surface;
        if (!enabled) fill = mix(c.background, c.disabled, 0.6f);
        if (enabled && ui.pressing(r)) fill = mix(fill, c.primary, 0.12f);
        // A card looks the same wherever it is: drawn once, then copied (see Ui::cached). The key
        // holds all that the drawing depends on.
        if (card.mine && tag.empty()) tag = ctx.tr("idea_new");
        const float k[] = {r.w(), r.h(), std::bit_cast<float>(fill)};
        key.assign("idea-card");
        key.append(reinterpret_cast<const char*>(k), sizeof k);
        key += static_cast<char>(on * 1 + enabled * 2 + card.mine * 4);
        for (std::string_view part : {card.text, card.detail, card.mine ? std::string_view(tag) : std::string_view(), card.language}) {
            key.append(part);
            key += '\0';
        }
        ui.cached(key, r.min, [&] {
            draw_idea_card_face(ctx, r, card, on, enabled, fill, tag);
            return 0.0f;
        });
        // An idea typed in another language is not read: never in the wrong voice.
        if (card.language.empty() || card.language == ctx.lang) read_on_long_press(ctx, r, spoken_text(card.text, {std::string(card.detail)}));
        if (ui.target(r, card.text, enabled)) intent = Intent::of(IntentKind::approve_toggle, std::string(card.id));
    }
    ui.end_scroll(page, grid.content_h, scroll);
    return intent;
}

}  // namespace

Intent draw_idea_vote_screen(ScreenContext& ctx) {
    if (ctx.memory.editor.open) return draw_editor(ctx);

    Rect page = page_rect(ctx.ui);
    Intent intent;
    const int approved = static_cast<int>(ctx.draft->approved.size());
    const bool full = !ctx.turn->may_approve_another();
    const Cards cards(ctx);
    // Right after adding one's own idea, Next (not Skip) is the way on.
    const FooterTaps taps = draw_step_footer(ctx, page, approved == 0 && cards.new_ones() == 0, true, {});
    if (taps.back) intent = Intent::of(IntentKind::back);
    if (taps.next) intent = Intent::of(IntentKind::next);

    draw_step_header(ctx, page);
    draw_idea_status(ctx, page, approved, full);
    if (Intent tapped = draw_idea_grid(ctx, page, cards, full)) intent = std::move(tapped);
    return intent;
}

}  // namespace workshop::kiosk

// ui.h — touch-first drawing and hit testing on top of ImGui's draw lists.
//
// Screens do not use ImGui widgets: a public touch screen needs big targets, taps that act on
// release, and presses that move turning into scrolls, never into taps. Every tappable widget and
// every text drawn is recorded for the frame (label + rectangle) so the script player and the
// tests can find "Next" on screen exactly as a person would.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <imgui.h>

#include "theme.h"

namespace workshop::kiosk {

struct Rect {
    ImVec2 min{0, 0}, max{0, 0};

    static Rect xywh(float x, float y, float w, float h) { return {{x, y}, {x + w, y + h}}; }
    float w() const { return max.x - min.x; }
    float h() const { return max.y - min.y; }
    ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
    bool empty() const { return max.x <= min.x || max.y <= min.y; }
    Rect shrink(float d) const { return {{min.x + d, min.y + d}, {max.x - d, max.y - d}}; }
    Rect shrink(float dx, float dy) const { return {{min.x + dx, min.y + dy}, {max.x - dx, max.y - dy}}; }
    Rect offset(float dx, float dy) const { return {{min.x + dx, min.y + dy}, {max.x + dx, max.y + dy}}; }
    Rect intersect(const Rect& o) const;
    // A rectangle of width `w` (<= this width) centred horizontally in this one.
    Rect centered_width(float w) const;
};

// Layout by cutting: each takes a slice off one side of `r` (and the gap after it).
Rect cut_top(Rect& r, float h, float gap = 0);
Rect cut_bottom(Rect& r, float h, float gap = 0);
Rect cut_left(Rect& r, float w, float gap = 0);
Rect cut_right(Rect& r, float w, float gap = 0);

// The pointer (mouse or a finger, which GLFW and ImGui report as the mouse).
struct Touch {
    ImVec2 pos{0, 0};
    ImVec2 press_pos{0, 0};
    ImVec2 delta{0, 0};     // movement this frame while down
    bool down = false;
    bool pressed = false;   // went down this frame
    bool released = false;  // went up this frame
    bool dragging = false;  // moved more than the drag threshold since the press: not a tap
    double press_time = 0;
};

struct Tappable {
    std::string label;    // the visible label, in the voter's language
    std::string context;  // what it belongs to, e.g. the option of a "−" button
    std::string types;    // text a keyboard key types ("" for other widgets)
    Rect rect;            // on screen (clipped)
    bool enabled = true;
    ImVec2 size{0, 0};    // unclipped size (touch target checks)
};

struct ShownText {
    std::string text;
    Rect rect;
    bool cut = false;  // did not fit its box: its last line shown ends in "…"
};

// What one frame drew that a person can see or tap.
struct Registry {
    std::vector<Tappable> tappables;
    std::vector<ShownText> texts;

    // A tappable whose label is `query` (or "label context"); nullptr when none.
    const Tappable* find(std::string_view query) const;
    // A tappable that types `text` (a keyboard key).
    const Tappable* find_key(std::string_view text) const;
    // Whether `text` is visible as a whole: all of one drawn text or label (or "label context"),
    // or all of one line of a text with line breaks. "2 dots left" is not shown by "12 dots left".
    bool shows(std::string_view text) const;
    // Whether `text` is visible anywhere, even inside a longer text: what must NOT be on screen.
    bool shows_part(std::string_view text) const;
    // The whole texts and labels on screen that hold `part` (all of them when empty), quoted,
    // for error messages; "" when none.
    std::string describe_texts(std::string_view part = {}) const;
    // Every visible label, for error messages.
    std::string describe() const;
};

enum class Align { left, center, right };
enum class ButtonKind { primary, secondary, quiet };

struct FontSpec {
    ImFont* font = nullptr;
    float size = 0;
    FontSpec scaled(float k) const { return {font, size * k}; }
};

class Ui {
public:
    // Starts a frame: reads the pointer from ImGui's io and clears the registry.
    void begin_frame(ImDrawList* draw_list, const Metrics& metrics, const Fonts& fonts,
                     const Palette& palette, double now);
    void end_frame();

    ImDrawList* dl() const { return m_dl; }
    const Metrics& m() const { return m_metrics; }
    const Palette& colors() const { return m_palette; }
    const Touch& touch() const { return m_touch; }
    const Registry& registry() const { return m_registry; }
    double now() const { return m_now; }
    Rect screen() const { return {{0, 0}, m_metrics.display}; }

    // --- direction -------------------------------------------------------------------------------
    // For a right-to-left voter (Arabic, Persian) the whole frame mirrors. Screens lay out left to
    // right as always; the touch is mirrored as it comes in (begin_frame), and end_frame() flips
    // every vertex, clip rectangle and registered rectangle. Text is drawn pre-flipped (each line
    // in reverse display order, each glyph's image flipped), so it reads right after the flip;
    // digits and Latin names keep their order (bidi). Set before begin_frame.
    void set_mirrored(bool mirrored);
    bool mirrored() const { return m_mirrored; }
    // The rectangle at `r`'s place on the glass whatever the direction (the facilitator's corner).
    Rect physical(const Rect& r) const { return m_mirrored ? flipped(r) : r; }

    // --- hit testing (all act on release, never on press) -----------------------------------
    // Released inside `r` after a press inside `r` that did not turn into a drag.
    bool tapped(const Rect& r) const;
    // Held down inside `r`, not dragging: draw the pressed look.
    bool pressing(const Rect& r) const;
    // Held down without moving inside `r` for `seconds` (reported once per press).
    bool long_pressed(const Rect& r, double seconds);
    // Records a tappable widget and tells whether it was tapped (always false when disabled).
    bool target(const Rect& r, std::string_view label, bool enabled = true,
                std::string_view context = {}, std::string_view types = {});
    // A drag that started inside `region`, owned by `id` until release (first claimer wins).
    bool claim_drag(std::string_view id, const Rect& region);
    // A key pressed this frame that turns a page: +1 (→, Page Down, space: what a presenter's
    // clicker sends), -1 (←, Page Up), else 0.
    int page_key() const { return m_blocked ? 0 : m_page_key; }
    // While blocked, nothing is tapped or dragged (e.g. the touch that dismisses a countdown).
    void block_input(bool blocked) { m_blocked = blocked; }

    // --- clipping -----------------------------------------------------------------------------
    void push_clip(const Rect& r);
    void pop_clip();
    Rect clip() const;

    // --- text ----------------------------------------------------------------------------------
    const Fonts& fonts() const { return m_fonts; }
    FontSpec small() const { return {m_fonts.small, m_metrics.small}; }
    FontSpec body() const { return {m_fonts.regular, m_metrics.body}; }
    FontSpec bold() const { return {m_fonts.bold, m_metrics.body}; }
    FontSpec title() const { return {m_fonts.title, m_metrics.title}; }
    FontSpec display() const { return {m_fonts.display, m_metrics.display_text}; }

    // Glyphs drawn in a font that lacks them though another of the voter's fonts has them
    // ("U+1275 at 18 px"): build_fonts gives each size only the glyphs of the texts it draws, and
    // a text drawn at a size that was not given its glyphs lands here (tests fail on any).
    const std::set<std::string>& glyph_misses() const { return m_glyph_misses; }

    // Lines of `text` wrapped to `width` (explicit '\n' respected).
    std::vector<std::string_view> wrap(FontSpec f, std::string_view text, float width) const;
    ImVec2 measure(FontSpec f, std::string_view text, float wrap_width = 0) const;
    float line_height(FontSpec f) const { return f.size * 1.25f; }
    // Draws `text` wrapped into `box` (top-aligned unless vcenter), cut with "…" where it would
    // leave the box; returns the height used.
    float text(FontSpec f, std::string_view text, const Rect& box, ImU32 color,
               Align align = Align::left, bool vcenter = false);
    // As text(), but only the glyphs' parts between x = x0 and x1, cut there as a clip rectangle
    // would cut them, without starting a draw command: a text in two colours across a bar's end.
    float text_part(FontSpec f, std::string_view text, const Rect& box, ImU32 color, float x0, float x1,
                    Align align = Align::left, bool vcenter = false);
    // The largest size <= f.size (down to f.size * min_scale) at which `text` fits `box`, no
    // word cut in two.
    FontSpec fit(FontSpec f, std::string_view text, ImVec2 box, float min_scale = 0.7f) const;
    // `line` cut at a code point so that it plus "…" fits `width`.
    std::string ellipsized(FontSpec f, std::string_view line, float width) const;
    // The width of one already wrapped line as draw_line draws it (joined, in display order):
    // where a caret after it goes.
    float drawn_width(FontSpec f, std::string_view line) const;
    // Draws one already wrapped line at `pos` (top-left of its glyph cell), in display order.
    void draw_line(FontSpec f, ImVec2 pos, ImU32 color, std::string_view line);
    // Registers text drawn by other means (so `expect` can see it).
    void note_text(std::string_view text, const Rect& r, bool cut = false);
    // How many texts were laid out afresh (not found in the layout cache) so far: what a frame
    // that shows new numbers pays for them (tests).
    std::size_t layouts_made() const { return m_layouts_made; }
    // Empties the layout caches (which hold the texts laid out, typed ones too): a new voter.
    void forget_texts() {
        m_layouts.clear();
        m_fits.clear();
        m_drawings.clear();
        m_drawn_vertices = 0;
    }

    // --- drawing once, then copying --------------------------------------------------------------
    // Draws what `draw` draws (it returns a number, kept: e.g. a height), or, when the same `key`
    // was drawn before at a position with the same sub-pixel offset, copies those vertices moved
    // to `origin`, and notes the same texts: no text shaping, no path building. The key must name
    // everything that changes the drawing; `draw` only draws and notes texts (no input, no clips).
    template <class Draw>
    float cached(std::string_view key, ImVec2 origin, Draw&& draw) {
        const std::string& full = drawing_key(key, origin);
        if (auto it = m_drawings.find(full); it != m_drawings.end()) return replay(it->second, origin);
        std::string kept = full;  // draw() may reuse the key buffers
        const Recording mark = begin_recording();
        const float value = draw();
        end_recording(mark, std::move(kept), origin, value);
        return value;
    }

    // --- widgets ---------------------------------------------------------------------------------
    // `leading`: pixels kept free at the left, inside the button (a pictogram drawn there).
    bool button(const Rect& r, std::string_view label, ButtonKind kind, bool enabled = true,
                std::string_view context = {}, float leading = 0);
    void panel(const Rect& r, ImU32 fill, ImU32 border = 0, float border_width = 0);
    // A round badge with a number or short text.
    void badge(ImVec2 center, float radius, ImU32 fill, std::string_view text, ImU32 text_color);

    // --- touch scrolling -------------------------------------------------------------------------
    // A vertical region scrolled by dragging (no scrollbar to hit). `offset` is the caller's
    // state (part of the voter's state, so a reset clears it). Clips until end_scroll.
    void begin_scroll(std::string_view id, const Rect& view, float content_height, float& offset);
    // Draws the "more below/above" fades and a thin position mark; pops the clip.
    void end_scroll(const Rect& view, float content_height, float offset);
    // A flicked list keeps gliding a moment after the finger lifts (the only animation).
    bool animating() const { return !m_fling.id.empty(); }
    void stop_animation() { m_fling = {}; }

private:
    // Wrapped lines of one text at one font, size and width: offsets into the text and widths.
    struct Layout {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> lines;
        std::vector<std::string> shown;  // a line as drawn when not its bytes as typed (see drawn())
        std::vector<float> drawn_widths;  // each line as drawn (joined Arabic is narrower): to place it
        float widest = 0;                 // the wider of as typed and as drawn: to size boxes
    };
    // Screens lay out the same texts every frame (and fit() tries several sizes): keep the
    // results, keyed by (font, size, width, text); cleared when the fonts change or it grows.
    const Layout& layout(FontSpec f, std::string_view text, float width) const;
    const Layout& layout_at(FontSpec f, std::string_view text, float width) const;  // wrapped at exactly `width`
    FontSpec fit_uncached(FontSpec f, std::string_view text, ImVec2 box, float min_scale) const;
    float widest_word(FontSpec f, std::string_view text) const;
    // text() drawing only the glyphs between x0 and x1 (all: -FLT_MAX, FLT_MAX), cut per glyph.
    float text_between(FontSpec f, std::string_view text, const Rect& box, ImU32 color, Align align, bool vcenter,
                       float x0, float x1);
    float text_uncached(FontSpec f, std::string_view text, const Rect& box, ImU32 color, Align align, bool vcenter,
                        float x0, float x1);
    // Whether a line is drawn other than as typed: right-to-left letters, or a mirrored frame.
    bool reshapes(std::string_view line) const;
    // The line as drawn: shaped, in display order, and when mirrored reversed with →/← swapped.
    std::string drawn(std::string_view line, bool rtl) const;
    // RenderText of a drawn line; in a mirrored frame each glyph's image is flipped.
    void render_line(FontSpec f, ImVec2 pos, ImU32 color, const ImVec4& clip, std::string_view shown, bool cpu_clip);
    // Which quad RenderText wrote for each glyph of a line it drew unclipped from vertex `first`
    // on (-1: none, as for a space), as it decides; empty when the vertices say otherwise.
    struct DrawnGlyph {
        const ImFontGlyph* glyph;
        char32_t code_point;
        int quad;
    };
    std::vector<DrawnGlyph> drawn_glyphs(FontSpec f, ImVec2 pos, const ImVec4& clip, std::string_view shown, int first) const;
    // In a mirrored frame each glyph's quad moved within its advance as the mirror will see it:
    // a glyph whose ink is not centred in its advance ('j', a final Arabic letter) sat off by the
    // difference of its side bearings.
    void place_for_mirror(const std::vector<DrawnGlyph>& glyphs, float scale, int first);
    // Each non-spacing mark of a line, centred over its letter (presentation forms place harakat
    // at the pen, beside the letter's middle).
    void centre_marks(const std::vector<DrawnGlyph>& glyphs, int first);
    void note_glyph_misses(FontSpec f, std::string_view shown);
    std::set<std::string> m_glyph_misses;
    Rect flipped(const Rect& r) const { return {{m_metrics.display.x - r.max.x, r.min.y}, {m_metrics.display.x - r.min.x, r.max.y}}; }
    void mirror_frame();
    // Ends a key with what kind of drawing it names and two small values.
    static void key_tag(std::string& key, char kind, char a = 0, char b = 0);
    // The key in a reused buffer (no allocation for a look-up); valid until the next call.
    const std::string& cache_key(FontSpec f, std::string_view text, float a, float b = 0, float c = 0) const;
    mutable std::string m_key;
    mutable std::unordered_map<std::string, Layout> m_layouts;
    mutable std::size_t m_layouts_made = 0;
    mutable std::unordered_map<std::string, float> m_fits;

    // What cached() keeps: the vertices and indices as drawn, where they were drawn.
    struct Drawing {
        std::vector<ImDrawVert> vtx;
        std::vector<ImDrawIdx> idx;
        std::vector<ShownText> texts;  // noted while drawing, relative to `at`
        ImVec2 at{0, 0};               // the origin's whole pixels
        unsigned base = 0;             // the index of the first vertex
        float value = 0;
    };
    struct Recording {
        int vtx = 0, idx = 0, cmd = 0;
        unsigned base = 0, vtx_offset = 0;
        std::size_t texts = 0;
        ImVec4 clip;
    };
    const std::string& drawing_key(std::string_view key, ImVec2 origin);
    float replay(const Drawing& d, ImVec2 origin);
    Recording begin_recording();
    void end_recording(const Recording& mark, std::string key, ImVec2 origin, float value);
    std::string m_drawing_key;
    std::unordered_map<std::string, Drawing> m_drawings;
    std::size_t m_drawn_vertices = 0;
    int m_recording = 0;                  // nesting depth of cached() calls drawing afresh
    std::vector<ShownText> m_noted;       // texts noted while recording (unclipped)

    ImDrawList* m_dl = nullptr;
    Metrics m_metrics;
    Fonts m_fonts;
    Palette m_palette;
    Touch m_touch;
    Registry m_registry;
    std::vector<Rect> m_clips;
    std::string m_drag_owner;
    bool m_long_press_fired = false;
    bool m_blocked = false;
    bool m_mirrored = false;
    int m_frame_vtx = 0, m_frame_cmd = 0;  // where this frame's drawing starts in the draw list
    int m_page_key = 0;
    double m_now = 0;
    double m_frame_dt = 1.0 / 60;
    float m_drag_velocity = 0;  // px/s of the finger, smoothed, while a scroll drag goes on
    struct Fling {
        std::string id;
        float velocity = 0;  // px/s
        bool seen = false;   // its area was drawn this frame
    } m_fling;
};

}  // namespace workshop::kiosk

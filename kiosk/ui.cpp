#include "ui.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "bidi.h"
#include "utf8.h"

namespace workshop::kiosk {

Rect Rect::intersect(const Rect& o) const {
    return {{std::max(min.x, o.min.x), std::max(min.y, o.min.y)}, {std::min(max.x, o.max.x), std::min(max.y, o.max.y)}};
}

Rect Rect::centered_width(float width) const {
    width = std::min(width, w());
    const float x = min.x + (w() - width) / 2;
    return {{x, min.y}, {x + width, max.y}};
}

Rect cut_top(Rect& r, float h, float gap) {
    h = std::min(h, r.h());
    Rect out{r.min, {r.max.x, r.min.y + h}};
    r.min.y = std::min(r.max.y, r.min.y + h + gap);
    return out;
}

Rect cut_bottom(Rect& r, float h, float gap) {
    h = std::min(h, r.h());
    Rect out{{r.min.x, r.max.y - h}, r.max};
    r.max.y = std::max(r.min.y, r.max.y - h - gap);
    return out;
}

Rect cut_left(Rect& r, float w, float gap) {
    w = std::min(w, r.w());
    Rect out{r.min, {r.min.x + w, r.max.y}};
    r.min.x = std::min(r.max.x, r.min.x + w + gap);
    return out;
}

Rect cut_right(Rect& r, float w, float gap) {
    w = std::min(w, r.w());
    Rect out{{r.max.x - w, r.min.y}, r.max};
    r.max.x = std::max(r.min.x, r.max.x - w - gap);
    return out;
}

// --- Registry ----------------------------------------------------------------------------------

const Tappable* Registry::find(std::string_view query) const {
    for (const Tappable& t : tappables)
        if (t.label == query) return &t;
    for (const Tappable& t : tappables)
        if (!t.context.empty() && t.label + " " + t.context == query) return &t;
    return nullptr;
}

const Tappable* Registry::find_key(std::string_view text) const {
    for (const Tappable& t : tappables)
        if (!t.types.empty() && t.types == text) return &t;
    return nullptr;
}

namespace {
// `text` is all of `whole`, or all of one of its lines (between explicit line breaks).
bool is_whole_or_line(std::string_view whole, std::string_view text) {
    if (whole == text) return true;
    if (whole.find('\n') == std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= whole.size()) {
        std::size_t end = whole.find('\n', start);
        if (end == std::string_view::npos) end = whole.size();
        if (whole.substr(start, end - start) == text) return true;
        start = end + 1;
    }
    return false;
}
}  // namespace

bool Registry::shows(std::string_view text) const {
    for (const ShownText& s : texts)
        if (is_whole_or_line(s.text, text)) return true;
    for (const Tappable& t : tappables)
        if (is_whole_or_line(t.label, text) || (!t.context.empty() && t.label + " " + t.context == text)) return true;
    return false;
}

bool Registry::shows_part(std::string_view text) const { return !describe_texts(text).empty(); }

std::string Registry::describe_texts(std::string_view part) const {
    std::string out;
    auto add = [&](const std::string& whole) {
        if (whole.find(part) == std::string::npos) return;
        const std::string quoted = "\"" + whole + "\"";
        if (out.find(quoted) != std::string::npos) return;  // a button's label is drawn as a text too
        if (!out.empty()) out += ", ";
        out += quoted;
    };
    for (const ShownText& s : texts) add(s.text);
    for (const Tappable& t : tappables) add(t.label);
    return out;
}

std::string Registry::describe() const {
    std::string out;
    for (const Tappable& t : tappables) {
        if (t.types.size() > 0 && t.types.size() <= 4) continue;  // keyboard keys: too many to list
        if (!out.empty()) out += ", ";
        out += "\"" + t.label + (t.context.empty() ? "" : " " + t.context) + "\"";
    }
    return out.empty() ? "nothing" : out;
}

// --- frame -------------------------------------------------------------------------------------

void Ui::begin_frame(ImDrawList* draw_list, const Metrics& metrics, const Fonts& fonts,
                     const Palette& palette, double now) {
    m_dl = draw_list;
    if (fonts.serial != m_fonts.serial || fonts.built_for_body != m_fonts.built_for_body ||
        metrics.display.x != m_metrics.display.x || metrics.display.y != m_metrics.display.y || metrics.body != m_metrics.body ||
        !(palette == m_palette)) {
        forget_texts();  // laid out and drawn with glyphs, sizes (or colours) that are gone
    }
    m_metrics = metrics;
    m_fonts = fonts;
    m_palette = palette;
    m_frame_dt = std::clamp(now - m_now, 1.0 / 240, 0.1);
    m_now = now;
    m_registry.tappables.clear();
    m_registry.texts.clear();
    m_clips.clear();
    m_clips.push_back(screen());
    m_frame_vtx = draw_list->VtxBuffer.Size;
    m_frame_cmd = std::max(0, draw_list->CmdBuffer.Size - 1);

    const ImGuiIO& io = ImGui::GetIO();
    auto key_pressed = [&](ImGuiKey key) { return io.KeyMap[key] >= 0 && ImGui::IsKeyPressed(io.KeyMap[key], false); };
    m_page_key = key_pressed(ImGuiKey_RightArrow) || key_pressed(ImGuiKey_PageDown) || key_pressed(ImGuiKey_Space) ? 1
                 : key_pressed(ImGuiKey_LeftArrow) || key_pressed(ImGuiKey_PageUp)                                  ? -1
                                                                                                                     : 0;
    const bool down = io.MouseDown[0];
    ImVec2 pos = ImGui::IsMousePosValid(&io.MousePos) ? io.MousePos : m_touch.pos;
    if (m_mirrored && ImGui::IsMousePosValid(&io.MousePos)) pos.x = metrics.display.x - pos.x;
    Touch& t = m_touch;
    t.pressed = down && !t.down;
    t.released = !down && t.down;
    t.delta = (t.down && down) ? ImVec2(pos.x - t.pos.x, pos.y - t.pos.y) : ImVec2(0, 0);
    if (t.pressed) {
        m_fling = {};  // a touch stops a gliding list
        m_drag_velocity = 0;
        t.press_pos = pos;
        t.press_time = now;
        t.dragging = false;
        m_long_press_fired = false;
    }
    if (down && !t.dragging) {
        // A press that moves more than ~3 mm is a drag (a scroll), never a tap.
        const float dx = pos.x - t.press_pos.x, dy = pos.y - t.press_pos.y;
        const float threshold = std::max(metrics.mm(3.0f), 6.0f);
        if (dx * dx + dy * dy > threshold * threshold) {
            t.dragging = true;
            t.delta = ImVec2(dx, dy);  // from the press on: what is dragged stays under the finger
        }
    }
    if (!down && !t.released) m_drag_owner.clear();
    t.pos = pos;
    t.down = down;
}

void Ui::end_frame() {
    if (m_mirrored) mirror_frame();
    if (m_touch.released) m_drag_owner.clear();
    if (!m_fling.seen) m_fling = {};  // its list is gone (another screen, a reset)
    m_fling.seen = false;
}

void Ui::set_mirrored(bool mirrored) {
    if (mirrored != m_mirrored) forget_texts();  // drawings kept are in the other direction
    m_mirrored = mirrored;
}

void Ui::mirror_frame() {
    const float w = m_metrics.display.x;
    for (int i = m_frame_vtx; i < m_dl->VtxBuffer.Size; ++i) m_dl->VtxBuffer[i].pos.x = w - m_dl->VtxBuffer[i].pos.x;
    for (int i = m_frame_cmd; i < m_dl->CmdBuffer.Size; ++i) {
        ImVec4& c = m_dl->CmdBuffer[i].ClipRect;
        c = ImVec4(w - c.z, c.y, w - c.x, c.w);
    }
    for (Tappable& t : m_registry.tappables) t.rect = flipped(t.rect);
    for (ShownText& s : m_registry.texts) s.rect = flipped(s.rect);
}

bool Ui::tapped(const Rect& r) const {
    const Rect visible = r.intersect(clip());
    // A press that was a long press (which read a card aloud) is no tap when it ends.
    return !m_blocked && m_touch.released && !m_touch.dragging && !m_long_press_fired &&
           visible.contains(m_touch.press_pos) && visible.contains(m_touch.pos);
}

bool Ui::pressing(const Rect& r) const {
    const Rect visible = r.intersect(clip());
    return !m_blocked && m_touch.down && !m_touch.dragging && visible.contains(m_touch.press_pos);
}

bool Ui::long_pressed(const Rect& r, double seconds) {
    if (m_long_press_fired || !pressing(r) || m_now - m_touch.press_time < seconds) return false;
    m_long_press_fired = true;
    return true;
}

bool Ui::target(const Rect& r, std::string_view label, bool enabled, std::string_view context,
                std::string_view types) {
    const Rect visible = r.intersect(clip());
    if (visible.empty()) return false;
    m_registry.tappables.push_back({std::string(label), std::string(context), std::string(types), visible, enabled, {r.w(), r.h()}});
    return enabled && tapped(r);
}

bool Ui::claim_drag(std::string_view id, const Rect& region) {
    if (m_blocked || !m_touch.dragging || !(m_touch.down || m_touch.released)) return false;
    if (m_drag_owner.empty() && region.intersect(clip()).contains(m_touch.press_pos)) m_drag_owner = id;
    return m_drag_owner == id;
}

void Ui::push_clip(const Rect& r) {
    const Rect c = r.intersect(clip());
    m_clips.push_back(c);
    m_dl->PushClipRect(c.min, ImVec2(std::max(c.min.x, c.max.x), std::max(c.min.y, c.max.y)), false);
}

void Ui::pop_clip() {
    if (m_clips.size() > 1) {
        m_clips.pop_back();
        m_dl->PopClipRect();
    }
}

Rect Ui::clip() const { return m_clips.empty() ? screen() : m_clips.back(); }

// --- text ----------------------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxCachedLayouts = 4096;  // a few screens' worth of texts
const ImVec4 kNoClip(-FLT_MAX, -FLT_MAX, FLT_MAX, FLT_MAX);

std::vector<std::string_view> wrap_lines(FontSpec f, std::string_view text, float width) {
    std::vector<std::string_view> lines;
    const char* s = text.data();
    const char* end = text.data() + text.size();
    const float scale = f.size / f.font->FontSize;
    while (s < end) {
        const char* nl = std::find(s, end, '\n');
        if (s == nl) {  // an empty line
            lines.emplace_back();
            ++s;
            continue;
        }
        // +1: a box measured for this very text must not wrap it through rounding.
        const char* eol = width > 0 ? f.font->CalcWordWrapPositionA(scale, s, nl, width + 1.0f) : nl;
        if (eol <= s) {  // a single glyph wider than the box: take it anyway
            eol = s + decode_utf8_at(std::string_view(s, static_cast<std::size_t>(nl - s)), 0).length;
        }
        const char* line_end = eol;
        while (line_end > s && line_end[-1] == ' ') --line_end;
        lines.emplace_back(s, static_cast<std::size_t>(line_end - s));
        s = eol;
        while (s < nl && *s == ' ') ++s;
        if (s == nl && nl < end) ++s;  // consume the explicit newline
    }
    return lines;
}

}  // namespace

const std::string& Ui::cache_key(FontSpec f, std::string_view text, float a, float b, float c) const {
    std::string& key = m_key;
    key.resize(sizeof(ImFont*) + sizeof(float) * 4);
    char* p = key.data();
    std::memcpy(p, &f.font, sizeof(ImFont*));
    p += sizeof(ImFont*);
    for (float v : {f.size, a, b, c}) {
        std::memcpy(p, &v, sizeof(float));
        p += sizeof(float);
    }
    key.append(text);
    return key;
}

bool Ui::reshapes(std::string_view line) const { return m_mirrored || has_rtl(line); }

std::string Ui::drawn(std::string_view line, bool rtl) const {
    std::string visual = visual_line(line, rtl);
    if (!m_mirrored) return visual;
    const std::vector<char32_t> code_points = decode_utf8(visual);
    std::string out;
    out.reserve(visual.size());
    for (auto it = code_points.rbegin(); it != code_points.rend(); ++it)  // arrows point the way one reads
        append_utf8(out, *it == U'→' ? U'←' : *it == U'←' ? U'→' : *it);
    return out;
}

// Only text drawn anew (not replayed from the drawing cache) is looked at: a look-up per glyph.
void Ui::note_glyph_misses(FontSpec f, std::string_view shown) {
    for (std::size_t at = 0; at < shown.size();) {
        const Utf8CodePoint decoded = decode_utf8_at(shown, at);
        at += decoded.length;
        const char32_t c = decoded.code_point;
        if (c < 0x20 || c > 0xFFFF || f.font->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
        for (const ImFont* other : {m_fonts.regular, m_fonts.bold, m_fonts.small, m_fonts.title, m_fonts.display})
            if (other && other->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
                char miss[40];
                std::snprintf(miss, sizeof miss, "U+%04X at %.0f px", static_cast<unsigned>(c), f.font->FontSize);
                m_glyph_misses.insert(miss);
                break;
            }
    }
}

namespace {

bool has_nonspacing_mark(std::string_view line) {
    // Marks (U+0300 on) are two bytes or more, with a lead byte from 0xCC on: Latin quickly.
    if (std::none_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xCC; })) return false;
    // Most Cyrillic, Arabic or Ge'ez lines have no mark either: one pass over the code points
    // before any glyph is looked up or anything allocated, every frame.
    for (std::size_t at = 0; at < line.size();) {
        const Utf8CodePoint decoded = decode_utf8_at(line, at);
        at += std::max<std::size_t>(1, decoded.length);  // an invalid byte is one
        if (is_nonspacing_mark(decoded.code_point)) return true;
    }
    return false;
}

}  // namespace

void Ui::render_line(FontSpec f, ImVec2 pos, ImU32 color, const ImVec4& clip, std::string_view shown, bool cpu_clip) {
    note_glyph_misses(f, shown);
    const int first = m_dl->VtxBuffer.Size;
    f.font->RenderText(m_dl, f.size, pos, color, clip, shown.data(), shown.data() + shown.size(), 0, cpu_clip);
    // Clipped per glyph (cpu_clip), a quad no longer spans its glyph: left as drawn.
    const bool marks = has_nonspacing_mark(shown);
    if (!cpu_clip && (m_mirrored || marks)) {
        const std::vector<DrawnGlyph> glyphs = drawn_glyphs(f, pos, clip, shown, first);
        if (m_mirrored) place_for_mirror(glyphs, f.size / f.font->FontSize, first);
        if (marks) centre_marks(glyphs, first);
    }
    if (!m_mirrored) return;
    // RenderText writes four vertices per glyph: top-left, top-right, bottom-right, bottom-left.
    // Swapping their u flips the glyph's image; end_frame's mirror flips it back.
    for (int i = first; i + 3 < m_dl->VtxBuffer.Size; i += 4) {
        std::swap(m_dl->VtxBuffer[i].uv.x, m_dl->VtxBuffer[i + 1].uv.x);
        std::swap(m_dl->VtxBuffer[i + 3].uv.x, m_dl->VtxBuffer[i + 2].uv.x);
    }
}

std::vector<Ui::DrawnGlyph> Ui::drawn_glyphs(FontSpec f, ImVec2 pos, const ImVec4& clip, std::string_view shown, int first) const {
    std::vector<DrawnGlyph> glyphs;
    const float scale = f.size / f.font->FontSize;
    float x = std::floor(pos.x);
    int quads = 0;
    for (std::size_t at = 0; at < shown.size();) {
        const Utf8CodePoint decoded = decode_utf8_at(shown, at);
        at += std::max<std::size_t>(1, decoded.length);  // an invalid byte is one
        const ImFontGlyph* g = decoded.code_point < 32 ? nullptr : f.font->FindGlyph(static_cast<ImWchar>(decoded.code_point));
        if (!g) continue;
        const bool quad = g->Visible && x + g->X0 * scale <= clip.z && x + g->X1 * scale >= clip.x;
        glyphs.push_back({g, decoded.code_point, quad ? quads++ : -1});
        x += g->AdvanceX * scale;
    }
    if (quads * 4 != m_dl->VtxBuffer.Size - first) glyphs.clear();  // not as foreseen: leave the line
    return glyphs;
}

void Ui::place_for_mirror(const std::vector<DrawnGlyph>& glyphs, float scale, int first) {
    // A quad at pen + [X0, X1] shows, mirrored, at [-X1, -X0] from the pen's mirror image; the
    // glyph belongs at [X0, X1] from the start of its mirrored advance.
    ImDrawVert* v = m_dl->VtxBuffer.Data + first;
    for (const DrawnGlyph& d : glyphs) {
        if (d.quad < 0) continue;
        const float shift = (d.glyph->AdvanceX - d.glyph->X0 - d.glyph->X1) * scale;
        for (int k = 0; k < 4; ++k) v[d.quad * 4 + k].pos.x += shift;
    }
}

void Ui::centre_marks(const std::vector<DrawnGlyph>& glyphs, int first) {
    const auto is_mark = [](const DrawnGlyph& d) { return d.quad >= 0 && d.glyph->AdvanceX == 0 && is_nonspacing_mark(d.code_point); };
    if (std::none_of(glyphs.begin(), glyphs.end(), is_mark)) return;
    ImDrawVert* v = m_dl->VtxBuffer.Data + first;
    const auto centre = [v](int quad) { return (v[quad * 4].pos.x + v[quad * 4 + 1].pos.x) / 2; };
    // In display order a mark follows its letter (FriBiDi's REORDER_NSM); a mirrored frame draws
    // each line reversed, the letter after its marks.
    const int step = m_mirrored ? 1 : -1, n = static_cast<int>(glyphs.size());
    for (int i = 0; i < n; ++i) {
        if (!is_mark(glyphs[static_cast<std::size_t>(i)])) continue;
        int b = i;
        while (b >= 0 && b < n && is_mark(glyphs[static_cast<std::size_t>(b)])) b += step;
        if (b < 0 || b >= n || glyphs[static_cast<std::size_t>(b)].quad < 0) continue;  // no letter to sit on
        const int mark = glyphs[static_cast<std::size_t>(i)].quad;
        const float shift = std::round(centre(glyphs[static_cast<std::size_t>(b)].quad) - centre(mark));
        for (int k = 0; k < 4; ++k) v[mark * 4 + k].pos.x += shift;
    }
}

void Ui::draw_line(FontSpec f, ImVec2 pos, ImU32 color, std::string_view text) {
    const std::string shown = reshapes(text) ? drawn(text, reads_rtl(text, m_mirrored)) : std::string(text);
    render_line(f, pos, color, kNoClip, shown, false);
}

// A text whose every line fits the width wraps nowhere: its unwrapped layout is the same lines,
// so it is laid out once whatever box it is drawn in (a new count measured, then drawn in a box of
// its own width, was laid out twice in the frame that took it in).
const Ui::Layout& Ui::layout(FontSpec f, std::string_view text, float width) const {
    if (width > 0) {
        const Layout& unwrapped = layout_at(f, text, 0);
        if (unwrapped.widest <= width) return unwrapped;
    }
    return layout_at(f, text, width);
}

const Ui::Layout& Ui::layout_at(FontSpec f, std::string_view text, float width) const {
    const std::string& key = cache_key(f, text, width, m_mirrored ? 1.0f : 0.0f);
    if (auto it = m_layouts.find(key); it != m_layouts.end()) return it->second;
    if (m_layouts.size() >= kMaxCachedLayouts) m_layouts.clear();  // callers hold no references across calls
    ++m_layouts_made;
    Layout out;
    // Each line in the direction of the whole text: a voter's Arabic idea reads right to left
    // on a Dutch screen too, digits and Latin names in their places.
    const bool rtl = reads_rtl(text, m_mirrored);
    for (std::string_view line : wrap_lines(f, text, width)) {
        std::string shown = reshapes(line) ? drawn(line, rtl) : std::string();
        // Lines wrap by their glyphs as typed; joined Arabic is narrower: the wider counts, so a
        // box measured for a text never wraps it.
        const float typed = f.font->CalcTextSizeA(f.size, FLT_MAX, 0, line.data(), line.data() + line.size()).x;
        const float as_drawn = shown.empty() ? typed : f.font->CalcTextSizeA(f.size, FLT_MAX, 0, shown.data(), shown.data() + shown.size()).x;
        const float w = std::max(typed, as_drawn);
        out.lines.emplace_back(static_cast<std::uint32_t>(line.data() - text.data()), static_cast<std::uint32_t>(line.size()));
        out.shown.push_back(std::move(shown));
        out.drawn_widths.push_back(as_drawn);
        out.widest = std::max(out.widest, w);
    }
    return m_layouts.emplace(key, std::move(out)).first->second;
}

std::vector<std::string_view> Ui::wrap(FontSpec f, std::string_view text, float width) const {
    const Layout& l = layout(f, text, width);
    std::vector<std::string_view> lines;
    lines.reserve(l.lines.size());
    for (const auto& [offset, length] : l.lines) lines.push_back(text.substr(offset, length));
    return lines;
}

float Ui::drawn_width(FontSpec f, std::string_view line) const {
    const Layout& l = layout(f, line, 0);
    return l.drawn_widths.empty() ? 0 : l.drawn_widths.front();
}

ImVec2 Ui::measure(FontSpec f, std::string_view text, float wrap_width) const {
    const Layout& l = layout(f, text, wrap_width);
    return {l.widest, line_height(f) * static_cast<float>(l.lines.size())};
}

// `line` shortened at a code point boundary so that it and a trailing ellipsis fit `width`.
std::string Ui::ellipsized(FontSpec f, std::string_view line, float width) const {
    std::string out(line);
    while (!out.empty()) {
        if (measure(f, out + "…").x <= width) break;
        pop_code_point(out);
    }
    return out + "…";
}

namespace {

// How many of a text's lines fit a box (at least one: the last shown ends in "…").
std::size_t lines_shown(std::size_t lines, float line_height, float box_h) {
    if (box_h > 0 && line_height * static_cast<float>(lines) > box_h + 0.5f)
        return std::max<std::size_t>(1, static_cast<std::size_t>((box_h + 0.5f) / line_height));
    return lines;
}

}  // namespace

float Ui::text(FontSpec f, std::string_view text, const Rect& box, ImU32 color, Align align, bool vcenter) {
    return text_between(f, text, box, color, align, vcenter, -FLT_MAX, FLT_MAX);
}

float Ui::text_part(FontSpec f, std::string_view text, const Rect& box, ImU32 color, float x0, float x1, Align align,
                    bool vcenter) {
    return x1 <= x0 ? 0 : text_between(f, text, box, color, align, vcenter, x0, x1);
}

float Ui::text_between(FontSpec f, std::string_view text, const Rect& box, ImU32 color, Align align, bool vcenter,
                       float x0, float x1) {
    if (text.empty() || (color & IM_COL32_A_MASK) == 0)
        return text_uncached(f, text, box, color, align, vcenter, x0, x1);
    // Below what is visible (scrolled away): only its height counts. Not so while cached() draws
    // something to copy elsewhere later, e.g. a card just coming into view.
    if (m_recording == 0 && box.min.y > clip().max.y)
        return line_height(f) * static_cast<float>(lines_shown(layout(f, text, box.w()).lines.size(), line_height(f), box.h()));
    cache_key(f, text, box.w(), box.h(), std::bit_cast<float>(color));
    const bool part = x0 != -FLT_MAX || x1 != FLT_MAX;
    if (part) {
        const float range[] = {x0 - box.min.x, x1 - box.min.x};
        m_key.append(reinterpret_cast<const char*>(range), sizeof range);
    }
    key_tag(m_key, part ? 'P' : 'T', static_cast<char>(align), vcenter);
    return cached(m_key, box.min, [&] { return text_uncached(f, text, box, color, align, vcenter, x0, x1); });
}

float Ui::text_uncached(FontSpec f, std::string_view text, const Rect& box, ImU32 color, Align align, bool vcenter,
                        float x0, float x1) {
    const Layout& l = layout(f, text, box.w());
    const float lh = line_height(f);
    // Text never spills out of its box (a participant's 1000-character idea in a small card):
    // the lines that fit are drawn, the last of them ending in an ellipsis.
    const std::size_t shown = lines_shown(l.lines.size(), lh, box.h());
    const float total = lh * static_cast<float>(shown);
    float y = box.min.y + (vcenter ? std::max(0.0f, (box.h() - total) / 2) : 0);
    const float top = y;
    const float widest = l.widest;
    // ImGui's glyphs sit in a cell of FontSize; centre that cell in our taller line.
    const float inset = (lh - f.size) / 2;
    for (std::size_t i = 0; i < shown; ++i) {
        std::string_view line = l.shown[i].empty() ? text.substr(l.lines[i].first, l.lines[i].second) : l.shown[i];
        std::string cut;
        // Placed by the width as drawn: centred joined Arabic sits in the middle, not off to one side.
        float w = l.drawn_widths[i];
        if (i + 1 == shown && shown < l.lines.size()) {
            cut = ellipsized(f, text.substr(l.lines[i].first, l.lines[i].second), box.w());  // may empty the layout cache: `l` is not used after this
            if (reshapes(cut)) cut = drawn(cut, reads_rtl(text, m_mirrored));
            w = f.font->CalcTextSizeA(f.size, FLT_MAX, 0, cut.data(), cut.data() + cut.size()).x;
            line = cut;
        }
        float x = box.min.x;
        if (align == Align::center) x += (box.w() - w) / 2;
        if (align == Align::right) x += box.w() - w;
        // Not clipped here (the draw command's clip rectangle still applies): cached() may copy
        // these vertices to where other parts of the text are visible.
        const bool part = x0 != -FLT_MAX || x1 != FLT_MAX;
        if ((color & IM_COL32_A_MASK) != 0)
            render_line(f, ImVec2(std::round(x), std::round(y + inset)), color,
                        part ? ImVec4(x0, -FLT_MAX, x1, FLT_MAX) : kNoClip, line, part);
        y += lh;
    }
    float left = box.min.x;
    if (align == Align::center) left += (box.w() - widest) / 2;
    if (align == Align::right) left += box.w() - widest;
    note_text(text, Rect{{std::max(left, x0), top}, {std::min(left + widest, x1), top + total}}, shown < l.lines.size());
    return total;
}

FontSpec Ui::fit(FontSpec f, std::string_view text, ImVec2 box, float min_scale) const {
    if (auto it = m_fits.find(cache_key(f, text, box.x, box.y, min_scale)); it != m_fits.end()) return {f.font, it->second};
    if (m_fits.size() >= kMaxCachedLayouts) m_fits.clear();
    const FontSpec out = fit_uncached(f, text, box, min_scale);  // reuses the key buffer
    m_fits.emplace(cache_key(f, text, box.x, box.y, min_scale), out.size);
    return out;
}

// The widest word of `text` (between spaces and line breaks) on one line.
float Ui::widest_word(FontSpec f, std::string_view text) const {
    float widest = 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find_first_of(" \n", at), text.size());
        if (end > at) widest = std::max(widest, measure(f, text.substr(at, end - at)).x);
        at = end + 1;
    }
    return widest;
}

FontSpec Ui::fit_uncached(FontSpec f, std::string_view text, ImVec2 box, float min_scale) const {
    // Down to the smallest size allowed, however many steps that takes (large text starts 1.5x
    // bigger: eight steps stopped at half size, and ten languages' titles were cut with "…").
    const float smallest = f.size * min_scale;
    for (FontSpec out = f;; out.size = std::max(smallest, out.size * 0.92f)) {
        // Fits: in the box, and no word cut in two (the Persian half-space key's نیم‌فاصله is one).
        const ImVec2 size = measure(out, text, box.x);
        if (size.y <= box.y && size.x <= box.x + 0.5f && widest_word(out, text) <= box.x + 0.5f) return out;
        if (out.size <= smallest) return out;
    }
}

void Ui::note_text(std::string_view text, const Rect& r, bool cut) {
    if (m_recording > 0 && !text.empty()) m_noted.push_back({std::string(text), r, cut});
    const Rect visible = r.intersect(clip());
    if (visible.empty() || text.empty()) return;
    m_registry.texts.push_back({std::string(text), visible, cut});
}

// --- drawing once, then copying --------------------------------------------------------------------

namespace {
constexpr std::size_t kMaxDrawnVertices = std::size_t{1} << 18;  // ~7 MB: a few screens of cards
}

void Ui::key_tag(std::string& key, char kind, char a, char b) {
    const char tag[] = {kind, a, b};
    key.append(tag, sizeof tag);
}

const std::string& Ui::drawing_key(std::string_view key, ImVec2 origin) {
    // The sub-pixel offset is part of the key: copies move by whole pixels only, so text that was
    // placed on whole pixels stays there.
    const float frac[] = {origin.x - std::floor(origin.x), origin.y - std::floor(origin.y)};
    m_drawing_key.assign(key);
    m_drawing_key.append(reinterpret_cast<const char*>(frac), sizeof frac);
    return m_drawing_key;
}

float Ui::replay(const Drawing& d, ImVec2 origin) {
    const ImVec2 at(std::floor(origin.x), std::floor(origin.y));
    ImDrawList& dl = *m_dl;
    const int nv = static_cast<int>(d.vtx.size()), ni = static_cast<int>(d.idx.size());
    if (nv > 0) dl.PrimReserve(ni, nv);  // may start a new draw command (VtxOffset) for a big frame
    ImDrawVert* __restrict v = dl._VtxWritePtr;
    ImDrawIdx* __restrict i = dl._IdxWritePtr;
    const unsigned base = dl._VtxCurrentIdx;
    // An unchanged screen draws the same things in the same order: then the copy is exact.
    // (nv, ni > 0: memcpy must not see an empty vector's null data)
    if (nv > 0 && at.x == d.at.x && at.y == d.at.y) {
        std::memcpy(v, d.vtx.data(), d.vtx.size() * sizeof(ImDrawVert));
    } else {
        const float dx = at.x - d.at.x, dy = at.y - d.at.y;
        for (int k = 0; k < nv; ++k) {
            v[k] = d.vtx[static_cast<std::size_t>(k)];
            v[k].pos.x += dx;
            v[k].pos.y += dy;
        }
    }
    if (ni > 0 && base == d.base) {
        std::memcpy(i, d.idx.data(), d.idx.size() * sizeof(ImDrawIdx));
    } else {
        const auto shift = static_cast<ImDrawIdx>(base - d.base);
        const ImDrawIdx* __restrict src = d.idx.data();
        for (int k = 0; k < ni; ++k) i[k] = static_cast<ImDrawIdx>(src[k] + shift);
    }
    dl._VtxWritePtr = v + nv;
    dl._IdxWritePtr = i + ni;
    dl._VtxCurrentIdx += static_cast<unsigned>(nv);
    for (const ShownText& t : d.texts) note_text(t.text, t.rect.offset(at.x, at.y), t.cut);
    return d.value;
}

Ui::Recording Ui::begin_recording() {
    ++m_recording;
    return {m_dl->VtxBuffer.Size, m_dl->IdxBuffer.Size, m_dl->CmdBuffer.Size, m_dl->_VtxCurrentIdx,
            m_dl->_CmdHeader.VtxOffset, m_noted.size(), m_dl->_CmdHeader.ClipRect};
}

void Ui::end_recording(const Recording& mark, std::string key, ImVec2 origin, float value) {
    --m_recording;
    const ImDrawList& dl = *m_dl;
    const int nv = dl.VtxBuffer.Size - mark.vtx;
    // Kept only when it all went into one draw command (no clip change, no 64k-vertex split).
    const ImVec4& clip = dl._CmdHeader.ClipRect;
    const bool same_clip = clip.x == mark.clip.x && clip.y == mark.clip.y && clip.z == mark.clip.z && clip.w == mark.clip.w;
    if (dl.CmdBuffer.Size == mark.cmd && same_clip && dl._CmdHeader.VtxOffset == mark.vtx_offset && nv < 0xFFFF) {
        if (m_drawn_vertices + static_cast<std::size_t>(nv) > kMaxDrawnVertices) {
            m_drawings.clear();
            m_drawn_vertices = 0;
        }
        const ImVec2 at(std::floor(origin.x), std::floor(origin.y));
        Drawing d;
        d.value = value;
        d.at = at;
        d.base = mark.base;
        d.vtx.assign(dl.VtxBuffer.Data + mark.vtx, dl.VtxBuffer.Data + dl.VtxBuffer.Size);
        d.idx.assign(dl.IdxBuffer.Data + mark.idx, dl.IdxBuffer.Data + dl.IdxBuffer.Size);
        for (std::size_t k = mark.texts; k < m_noted.size(); ++k)
            d.texts.push_back({m_noted[k].text, m_noted[k].rect.offset(-at.x, -at.y), m_noted[k].cut});
        m_drawn_vertices += d.vtx.size();
        m_drawings.insert_or_assign(std::move(key), std::move(d));
    }
    if (m_recording == 0) m_noted.clear();
}

// --- widgets -------------------------------------------------------------------------------------

void Ui::panel(const Rect& r, ImU32 fill, ImU32 border, float border_width) {
    const float radius = m_metrics.radius;
    const float k[] = {r.w(), r.h(), std::bit_cast<float>(fill), std::bit_cast<float>(border), border_width, radius};
    std::string_view key(reinterpret_cast<const char*>(k), sizeof k);
    cached(key, r.min, [&] {
        m_dl->AddRectFilled(r.min, r.max, fill, radius);
        if (border_width > 0) {
            // ImGui strokes half the width on each side of a line 0.5 px inside the rectangle:
            // moved in by the rest, the whole border stays inside `r` (a card at the edge of a
            // scrolled area keeps all four sides).
            const float width = whole_px(border_width), in = (width - 1) * 0.5f;
            m_dl->AddRect(ImVec2(r.min.x + in, r.min.y + in), ImVec2(r.max.x - in, r.max.y - in), border,
                          std::max(0.0f, radius - in), 0, width);
        }
        return 0.0f;
    });
}

void Ui::badge(ImVec2 center, float radius, ImU32 fill, std::string_view text, ImU32 text_color) {
    m_dl->AddCircleFilled(center, radius, fill, 0);
    FontSpec f = bold();
    f.size = std::min(f.size, radius * 1.15f);
    const ImVec2 size = f.font->CalcTextSizeA(f.size, FLT_MAX, 0, text.data(), text.data() + text.size());
    draw_line(f, ImVec2(std::round(center.x - size.x / 2), std::round(center.y - size.y / 2)), text_color, text);
}

bool Ui::button(const Rect& r, std::string_view label, ButtonKind kind, bool enabled, std::string_view context,
                float leading) {
    const bool held = enabled && pressing(r);
    const Palette& c = m_palette;
    ImU32 fill = c.primary, ink = c.on_primary, border = 0;
    switch (kind) {
        case ButtonKind::primary:
            fill = held ? c.primary_pressed : c.primary;
            ink = c.on_primary;
            break;
        case ButtonKind::secondary:
            fill = held ? c.selected : c.surface;
            ink = c.primary;
            border = c.primary;
            break;
        case ButtonKind::quiet:
            fill = held ? c.selected : with_alpha(c.surface, 0.0f);
            ink = c.primary;
            break;
    }
    if (!enabled) {
        fill = c.disabled;
        ink = c.on_disabled;
        border = 0;
    }
    panel(r, fill, border, border ? std::max(2.0f, m_metrics.body * 0.1f) : 0);
    Rect inner = r.shrink(m_metrics.pad * 0.6f, m_metrics.pad * 0.25f);
    inner.min.x += leading;
    const FontSpec f = fit(bold(), label, ImVec2(inner.w(), inner.h()), 0.6f);
    text(f, label, inner, ink, Align::center, true);
    return target(r, label, enabled, context);
}

// --- scrolling -----------------------------------------------------------------------------------

void Ui::begin_scroll(std::string_view id, const Rect& view, float content_height, float& offset) {
    const float max_offset = std::max(0.0f, content_height - view.h());
    if (claim_drag(id, view)) {
        offset -= m_touch.delta.y;
        if (m_touch.down) m_drag_velocity = m_drag_velocity * 0.5f + static_cast<float>(m_touch.delta.y / m_frame_dt) * 0.5f;
        // Let go while moving: the list glides on (a slow release just stops).
        if (m_touch.released && std::abs(m_drag_velocity) > m_metrics.mm(40)) m_fling = {std::string(id), -m_drag_velocity, true};
    } else if (m_fling.id == id) {
        m_fling.seen = true;
        offset += static_cast<float>(m_fling.velocity * m_frame_dt);
        m_fling.velocity *= static_cast<float>(std::exp(-3.5 * m_frame_dt));
        if (std::abs(m_fling.velocity) < m_metrics.mm(8) || offset <= 0 || offset >= max_offset) m_fling = {};
    }
    const ImGuiIO& io = ImGui::GetIO();  // a mouse wheel, for desktops
    if (io.MouseWheel != 0 && view.contains(m_touch.pos)) offset -= io.MouseWheel * m_metrics.body * 3;
    offset = std::clamp(offset, 0.0f, max_offset);
    push_clip(view);
}

void Ui::end_scroll(const Rect& view, float content_height, float offset) {
    pop_clip();
    if (content_height <= view.h() + 0.5f) return;
    const ImU32 bg = m_palette.background;
    const float fade = std::min(view.h() * 0.12f, m_metrics.body * 2.0f);
    const float max_offset = content_height - view.h();
    if (offset > 1) {
        m_dl->AddRectFilledMultiColor(view.min, ImVec2(view.max.x, view.min.y + fade), bg, bg, with_alpha(bg, 0), with_alpha(bg, 0));
    }
    if (offset < max_offset - 1) {
        m_dl->AddRectFilledMultiColor(ImVec2(view.min.x, view.max.y - fade), view.max, with_alpha(bg, 0), with_alpha(bg, 0), bg, bg);
        // A chevron says "there is more below: drag up".
        const ImVec2 c(view.center().x, view.max.y - fade * 0.45f);
        const float s = m_metrics.body * 0.45f;
        m_dl->AddTriangleFilled(ImVec2(c.x - s, c.y - s * 0.5f), ImVec2(c.x + s, c.y - s * 0.5f), ImVec2(c.x, c.y + s * 0.5f), m_palette.muted);
    }
    // A thin position mark at the right edge (not a control: nothing to hit).
    const float track = view.h();
    const float thumb = std::max(m_metrics.body, track * view.h() / content_height);
    const float y = view.min.y + (track - thumb) * (offset / max_offset);
    const float w = std::max(3.0f, m_metrics.body * 0.15f);
    m_dl->AddRectFilled(ImVec2(view.max.x - w, y), ImVec2(view.max.x, y + thumb), with_alpha(m_palette.muted, 0.45f), w / 2);
}

}  // namespace workshop::kiosk

#include "damage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace workshop::kiosk {

namespace {

// Beyond this share of the screen, one full pass is cheaper than several partial ones.
constexpr double kMostOfScreen = 0.6;

std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
    h ^= word;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

std::uint64_t mix_bytes(std::uint64_t h, const void* p, std::size_t n) {
    const auto* bytes = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; i += sizeof(std::uint32_t)) {
        std::uint32_t word = 0;
        std::memcpy(&word, bytes + i, std::min(sizeof(word), n - i));
        h = mix(h, word);
    }
    return h;
}

// A vertex in three words (position, texture position, colour): triangles are hashed every
// frame that is put on screen, some thousands of them.
std::uint64_t mix_vertex(std::uint64_t h, const ImDrawVert& v) {
    static_assert(sizeof(v.pos) == 8 && sizeof(v.uv) == 8 && sizeof(v.col) == 4);
    std::uint64_t pos = 0, uv = 0;
    std::memcpy(&pos, &v.pos, sizeof(pos));
    std::memcpy(&uv, &v.uv, sizeof(uv));
    return mix(mix(mix(h, pos), uv), v.col);
}

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
    return {std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
}

PixelRect unite(const PixelRect& a, const PixelRect& b) {
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

bool better_as_one(const PixelRect& a, const PixelRect& b, long long join_below) {
    return unite(a, b).area() - a.area() - b.area() < join_below;
}

// Every pixel a command's triangles can reach, by any rasterizer's rounding: the backend's
// scissor and the software renderer's both lie inside.
PixelRect reachable(const ImVec4& clip, ImVec2 pos, ImVec2 scale) {
    return {static_cast<int>(std::floor((clip.x - pos.x) * scale.x)), static_cast<int>(std::floor((clip.y - pos.y) * scale.y)),
            static_cast<int>(std::ceil((clip.z - pos.x) * scale.x)), static_cast<int>(std::ceil((clip.w - pos.y) * scale.y))};
}

// std::floor and std::ceil to an int, without the library call they cost on baseline x86-64
// (called for every corner of every triangle of a frame put on screen).
int floor_int(float v) {
    const int i = static_cast<int>(v);
    return i - (v < static_cast<float>(i));
}
int ceil_int(float v) {
    const int i = static_cast<int>(v);
    return i + (v > static_cast<float>(i));
}

// Every pixel a triangle can touch: its corners' bounding box, widened to whole pixels and one
// more (pixel centres inside the triangle lie inside, whatever the rasterizer's rounding).
PixelRect reachable(const ImDrawVert* const corners[3], ImVec2 pos, ImVec2 scale) {
    const ImVec2 a = corners[0]->pos, b = corners[1]->pos, c = corners[2]->pos;
    const float x0 = std::min({a.x, b.x, c.x}), x1 = std::max({a.x, b.x, c.x});
    const float y0 = std::min({a.y, b.y, c.y}), y1 = std::max({a.y, b.y, c.y});
    return {floor_int((x0 - pos.x) * scale.x), floor_int((y0 - pos.y) * scale.y), ceil_int((x1 - pos.x) * scale.x) + 1,
            ceil_int((y1 - pos.y) * scale.y) + 1};
}

// The three corners of a command's triangle starting at index `i`.
void corners_of(const ImDrawList& list, const ImDrawCmd& cmd, unsigned i, const ImDrawVert* out[3]) {
    for (unsigned c = 0; c < 3; ++c)
        out[c] = &list.VtxBuffer[static_cast<int>(cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i + c)])];
}

bool overlap(const PixelRect& a, const PixelRect& b) { return !intersect(a, b).empty(); }

}  // namespace

void DamageTracker::collect(const ImDrawData& data, std::vector<Triangle>& out) const {
    out.clear();
    const ImVec2 pos = data.DisplayPos, scale = data.FramebufferScale;
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) continue;  // the kiosk draws none; they would carry no triangles
            std::uint64_t command_key = mix_bytes(0x243F6A8885A308D3ull, &cmd.ClipRect, sizeof(cmd.ClipRect));
            command_key = mix_bytes(command_key, &cmd.TextureId, sizeof(cmd.TextureId));
            const PixelRect clip = intersect(reachable(cmd.ClipRect, pos, scale), m_screen);
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert* corners[3];
                corners_of(list, cmd, i, corners);
                std::uint64_t key = command_key;
                for (const ImDrawVert* v : corners) key = mix_vertex(key, *v);
                out.push_back({key, intersect(reachable(corners, pos, scale), clip)});
            }
        }
    }
}

// Damages the triangles only one of the frames draws; true when those both draw keep their order.
// Sorting by key pairs them up (the first n of a kind in each frame, when one draws n and the
// other more): a few thousand triangles a frame, well under a millisecond. The last frame's
// sorted keys are those sorted the frame before, when there were.
bool DamageTracker::shared_in_same_order(const std::vector<Triangle>& now, std::vector<PixelRect>& damage) {
    auto by_key = [](const std::vector<Triangle>& frame, std::vector<std::pair<std::uint64_t, std::uint32_t>>& out) {
        out.clear();
        for (std::uint32_t i = 0; i < frame.size(); ++i) out.emplace_back(frame[i].key, i);
        std::sort(out.begin(), out.end());
    };
    if (!m_last_sorted) by_key(m_last, m_by_key_last);
    by_key(now, m_by_key_now);
    m_now_sorted = true;
    m_shared_last.assign(m_last.size(), 0);
    m_shared_now.assign(now.size(), 0);
    for (std::size_t i = 0, j = 0; i < m_by_key_last.size() && j < m_by_key_now.size();) {
        const std::uint64_t a = m_by_key_last[i].first, b = m_by_key_now[j].first;
        if (a == b) m_shared_last[m_by_key_last[i++].second] = m_shared_now[m_by_key_now[j++].second] = 1;
        else if (a < b) ++i;
        else ++j;
    }
    // The shared ones in each frame's order: the same sequence, compared as they come.
    std::size_t j = 0;
    bool same_order = true;
    for (std::size_t i = 0; i < m_last.size(); ++i) {
        if (!m_shared_last[i]) {
            if (!m_last[i].pixels.empty()) damage.push_back(m_last[i].pixels);
            continue;
        }
        while (j < now.size() && !m_shared_now[j]) ++j;
        if (j == now.size() || now[j++].key != m_last[i].key) same_order = false;
    }
    for (std::size_t i = 0; i < now.size(); ++i)
        if (!m_shared_now[i] && !now[i].pixels.empty()) damage.push_back(now[i].pixels);
    return same_order;
}

std::vector<PixelRect> DamageTracker::next(const ImDrawData& data) {
    const PixelRect screen{0, 0, static_cast<int>(std::ceil(data.DisplaySize.x * data.FramebufferScale.x)),
                           static_cast<int>(std::ceil(data.DisplaySize.y * data.FramebufferScale.y))};
    if (screen.x1 != m_screen.x1 || screen.y1 != m_screen.y1) m_whole = true;
    m_screen = screen;
    collect(data, m_now);
    m_now_sorted = false;
    std::vector<PixelRect> damage;
    if (!m_whole && shared_in_same_order(m_now, damage)) {
        damage = merge_rects(std::move(damage), kMaxRects, kRedrawJoin);
        long long area = 0;
        for (const PixelRect& r : damage) area += r.area();
        if (area > kMostOfScreen * static_cast<double>(m_screen.area())) damage = {m_screen};
    } else {
        damage = {m_screen};
    }
    std::swap(m_last, m_now);
    std::swap(m_by_key_last, m_by_key_now);
    m_last_sorted = m_now_sorted;
    m_whole = false;
    return damage;
}

std::vector<PixelRect> merge_rects(std::vector<PixelRect> rects, std::size_t max, long long join_below) {
    std::vector<PixelRect> out;
    for (const PixelRect& r : rects) {
        if (r.empty()) continue;
        out.push_back(r);
        // The new one swallows its neighbours, and the union may reach further ones.
        for (bool merged = true; merged;) {
            merged = false;
            for (std::size_t i = 0; i + 1 < out.size(); ++i)
                if (better_as_one(out[i], out.back(), join_below)) {
                    out.back() = unite(out.back(), out[i]);
                    out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
                    merged = true;
                    break;
                }
        }
    }
    while (out.size() > std::max<std::size_t>(max, 1)) {  // join the pair that adds the least
        std::size_t best_i = 0, best_j = 1;
        long long best = -1;
        for (std::size_t i = 0; i < out.size(); ++i)
            for (std::size_t j = i + 1; j < out.size(); ++j) {
                const long long added = unite(out[i], out[j]).area() - out[i].area() - out[j].area();
                if (best < 0 || added < best) best = added, best_i = i, best_j = j;
            }
        out[best_i] = unite(out[best_i], out[best_j]);
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(best_j));
    }
    return out;
}

PixelRect backend_scissor(const ImDrawCmd& cmd, ImVec2 display_pos, int framebuffer_height) {
    const ImVec2 min(cmd.ClipRect.x - display_pos.x, cmd.ClipRect.y - display_pos.y);
    const ImVec2 max(cmd.ClipRect.z - display_pos.x, cmd.ClipRect.w - display_pos.y);
    if (max.x <= min.x || max.y <= min.y) return {};
    // glScissor((int)min.x, (int)(fb_height - max.y), (int)(max.x - min.x), (int)(max.y - min.y)),
    // its y counted from the bottom.
    const int x = static_cast<int>(min.x), width = static_cast<int>(max.x - min.x);
    const int bottom = static_cast<int>(static_cast<float>(framebuffer_height) - max.y), height = static_cast<int>(max.y - min.y);
    return {x, framebuffer_height - bottom - height, x + width, framebuffer_height - bottom};
}

std::vector<PixelRect> disjoint(const std::vector<PixelRect>& rects) {
    std::vector<PixelRect> out;
    for (const PixelRect& r : rects) {
        std::vector<PixelRect> pieces{r};  // what is left of r outside those taken already
        for (const PixelRect& taken : out) {
            std::vector<PixelRect> left;
            for (const PixelRect& p : pieces) {
                if (!overlap(p, taken)) {
                    left.push_back(p);
                    continue;
                }
                const PixelRect common = intersect(p, taken);  // above, below, left and right of it
                for (const PixelRect& side : {PixelRect{p.x0, p.y0, p.x1, common.y0}, PixelRect{p.x0, common.y1, p.x1, p.y1},
                                              PixelRect{p.x0, common.y0, common.x0, common.y1},
                                              PixelRect{common.x1, common.y0, p.x1, common.y1}})
                    if (!side.empty()) left.push_back(side);
            }
            pieces = std::move(left);
        }
        out.insert(out.end(), pieces.begin(), pieces.end());
    }
    return out;
}

std::optional<ImU32> opaque_background(const ImDrawData& data, const ImFontAtlas& atlas) {
    if (data.CmdListsCount == 0 || data.CmdLists[0]->CmdBuffer.empty()) return std::nullopt;
    const ImDrawList& list = *data.CmdLists[0];
    const ImDrawCmd& cmd = list.CmdBuffer[0];
    const ImVec2 min = data.DisplayPos, max(data.DisplayPos.x + data.DisplaySize.x, data.DisplayPos.y + data.DisplaySize.y);
    if (cmd.UserCallback || cmd.ElemCount < 6 || cmd.TextureId != atlas.TexID || cmd.ClipRect.x > min.x ||
        cmd.ClipRect.y > min.y || cmd.ClipRect.z < max.x || cmd.ClipRect.w < max.y)
        return std::nullopt;
    // ImDrawList::PrimRect: corners a b c d clockwise from the top left, triangles a b c and a c d.
    const ImDrawVert* a[3];
    const ImDrawVert* b[3];
    corners_of(list, cmd, 0, a);
    corners_of(list, cmd, 3, b);
    if (b[0] != a[0] || b[1] != a[2]) return std::nullopt;
    const ImDrawVert* corner[4] = {a[0], a[1], a[2], b[2]};
    for (const ImDrawVert* v : corner)
        if (v->col != a[0]->col || v->uv.x != atlas.TexUvWhitePixel.x || v->uv.y != atlas.TexUvWhitePixel.y)
            return std::nullopt;
    const bool covers = corner[0]->pos.x <= min.x && corner[0]->pos.y <= min.y && corner[1]->pos.x >= max.x &&
                        corner[1]->pos.y == corner[0]->pos.y && corner[2]->pos.x == corner[1]->pos.x &&
                        corner[2]->pos.y >= max.y && corner[3]->pos.x == corner[0]->pos.x && corner[3]->pos.y == corner[2]->pos.y;
    const bool opaque = ((a[0]->col >> IM_COL32_A_SHIFT) & 0xFF) == 0xFF;
    return covers && opaque ? std::optional<ImU32>(a[0]->col) : std::nullopt;
}

ImDrawData& DamagedPart::cut(const ImDrawData& data, const std::vector<PixelRect>& rects, bool without_background) {
    m_used = 0;
    for (int l = 0; l < data.CmdListsCount; ++l) cut_list(*data.CmdLists[l], data, rects, without_background && l == 0 ? 2 : 0);
    m_pointers.clear();
    m_data = ImDrawData();
    for (std::size_t i = 0; i < m_used; ++i) {
        ImDrawList& out = *m_lists[i];
        if (out.CmdBuffer.empty()) continue;
        m_pointers.push_back(&out);
        m_data.TotalVtxCount += out.VtxBuffer.Size;
        m_data.TotalIdxCount += out.IdxBuffer.Size;
    }
    m_data.Valid = true;
    m_data.CmdLists = m_pointers.data();
    m_data.CmdListsCount = static_cast<int>(m_pointers.size());
    m_data.DisplayPos = data.DisplayPos;
    m_data.DisplaySize = data.DisplaySize;
    m_data.FramebufferScale = data.FramebufferScale;
    return m_data;
}

// The fixed-function backend ignores a command's VtxOffset: every index counts from its list's
// first vertex, so a list holds at most 65,536 vertices. The current list while `vertices` more
// fit, else a new one (drawn after it, so the order of the triangles stays).
ImDrawList& DamagedPart::list_with_room(unsigned vertices) {
    constexpr std::size_t indexable = std::size_t{1} << (8 * sizeof(ImDrawIdx));
    if (m_used > 0 && static_cast<std::size_t>(m_lists[m_used - 1]->VtxBuffer.Size) + vertices <= indexable)
        return *m_lists[m_used - 1];
    if (m_used == m_lists.size()) m_lists.push_back(std::make_unique<ImDrawList>(nullptr));
    ImDrawList& out = *m_lists[m_used++];
    out.CmdBuffer.resize(0);
    out.IdxBuffer.resize(0);
    out.VtxBuffer.resize(0);
    return out;
}

// Each command once per rectangle it reaches: its scissor within the rectangle, its triangles
// that can touch that, and their corners copied into a list with room for them. The rectangles
// share no pixel, so their order within a command is free. The first `skip` triangles of the
// list are left out.
void DamagedPart::cut_list(const ImDrawList& list, const ImDrawData& data, const std::vector<PixelRect>& rects,
                           unsigned skip) {
    if (m_remap.size() < static_cast<std::size_t>(list.VtxBuffer.Size)) m_remap.resize(static_cast<std::size_t>(list.VtxBuffer.Size));
    const ImVec2 pos = data.DisplayPos;
    const int height = static_cast<int>(std::lround(data.DisplaySize.y));
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        const unsigned skip_here = std::min(skip, cmd.ElemCount / 3);
        skip -= skip_here;
        if (cmd.UserCallback) continue;  // the kiosk draws none (collect() skips them too)
        const PixelRect scissor = backend_scissor(cmd, pos, height);
        bool reached = false;
        for (const PixelRect& rect : rects) reached = reached || overlap(scissor, rect);
        if (!reached) continue;
        m_boxes.clear();  // each triangle's pixels, found once for all rectangles
        for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
            const ImDrawVert* corners[3];
            corners_of(list, cmd, i, corners);
            m_boxes.push_back(i / 3 < skip_here ? PixelRect{} : reachable(corners, pos, ImVec2(1, 1)));
        }
        for (const PixelRect& rect : rects) {
            const PixelRect box = intersect(scissor, rect);
            if (box.empty()) continue;
            ImDrawList& out = list_with_room(cmd.ElemCount);
            ImDrawCmd part = cmd;
            // Whole pixels: the backend's scissor of this clip rectangle is exactly `box`.
            part.ClipRect = ImVec4(pos.x + static_cast<float>(box.x0), pos.y + static_cast<float>(box.y0),
                                   pos.x + static_cast<float>(box.x1), pos.y + static_cast<float>(box.y1));
            part.IdxOffset = static_cast<unsigned>(out.IdxBuffer.Size);
            part.VtxOffset = 0;
            if (++m_stamp == 0) {  // wrapped: no vertex may seem made already
                std::fill(m_remap.begin(), m_remap.end(), std::pair<unsigned, ImDrawIdx>{0, 0});
                m_stamp = 1;
            }
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                if (!overlap(m_boxes[i / 3], box)) continue;
                for (unsigned c = 0; c < 3; ++c) {
                    const unsigned vertex = cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i + c)];
                    std::pair<unsigned, ImDrawIdx>& made = m_remap[vertex];
                    if (made.first != m_stamp) {
                        made = {m_stamp, static_cast<ImDrawIdx>(out.VtxBuffer.Size)};
                        out.VtxBuffer.push_back(list.VtxBuffer[static_cast<int>(vertex)]);
                    }
                    out.IdxBuffer.push_back(made.second);
                }
            }
            part.ElemCount = static_cast<unsigned>(out.IdxBuffer.Size) - part.IdxOffset;
            if (part.ElemCount > 0) out.CmdBuffer.push_back(part);
        }
    }
}

}  // namespace workshop::kiosk

// damage.h — which parts of the screen a frame changes, so that a software-rendered kiosk redraws
// and presents only those (a tap changes a card and a counter, not the 2 million pixels around
// them). Pure ImGui draw data: no OpenGL, testable against the software rasterizer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "imgui.h"

namespace workshop::kiosk {

// Pixels [x0, x1) × [y0, y1) of the framebuffer, rows counted from the top.
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
};

// Follows the frames put on screen. Each triangle drawn is known by its vertices, texture and
// clip rectangle; a triangle that appears or disappears damages the pixels it can touch. When the
// triangles both frames share are drawn in another order (a window came to the front), or the
// damage is most of the screen, the whole screen is damaged.
class DamageTracker {
public:
    // The rectangles whose pixels may differ between the last frame given and `data` (none when
    // the two draw the same); at most kMaxRects, whole screen on the first frame. `data` becomes
    // the last frame.
    std::vector<PixelRect> next(const ImDrawData& data);
    // The pixels on screen are lost or textures changed: the next frame is damaged everywhere.
    void invalidate() { m_whole = true; }

    static constexpr std::size_t kMaxRects = 16;

private:
    struct Triangle {
        std::uint64_t key;
        PixelRect pixels;
    };
    void collect(const ImDrawData& data, std::vector<Triangle>& out) const;
    bool shared_in_same_order(const std::vector<Triangle>& now, std::vector<PixelRect>& damage);

    std::vector<Triangle> m_last;
    std::vector<Triangle> m_now;  // kept to reuse its memory
    // Scratch space, kept to reuse its memory: triangles by key, which ones both frames draw.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_by_key_last, m_by_key_now;
    std::vector<char> m_shared_last, m_shared_now;
    bool m_last_sorted = false, m_now_sorted = false;  // m_by_key_last / _now hold the frame's keys sorted
    PixelRect m_screen;
    bool m_whole = true;
};

// Pixels a rectangle of its own is worth. Redrawing, a rectangle costs a clear and a draw call
// for each command reaching it (llvmpipe fills some 30 million pixels a second on a busy 2-core
// PC). Copying to the window, it costs a round trip to the X server, which copies a few hundred
// thousand pixels in that time (and the back buffer is right everywhere, so copying more is
// harmless).
inline constexpr long long kRedrawJoin = 2000;
inline constexpr long long kCopyJoin = 200000;

// Rectangles merged until they are at most `max` and joining no two of them would add fewer than
// `join_below` pixels.
std::vector<PixelRect> merge_rects(std::vector<PixelRect> rects, std::size_t max, long long join_below = kRedrawJoin);

// The pixels ImGui's OpenGL 2 backend lets a command draw: its scissor box, computed as the
// backend (imgui_impl_opengl2.cpp) does, with a framebuffer scale of 1.
PixelRect backend_scissor(const ImDrawCmd& cmd, ImVec2 display_pos, int framebuffer_height);

// The same pixels, each in one rectangle only: what a later rectangle shares with an earlier one
// is cut away from it (at most four pieces each), so that drawing into all of them at once
// blends no pixel twice.
std::vector<PixelRect> disjoint(const std::vector<PixelRect>& rects);

// The colour the frame's first two triangles paint the whole screen with, when they do: one
// rectangle of one opaque colour on the font atlas's white pixel (the kiosk window's background).
// A software renderer clears to it instead: a clear reads no texture and blends nothing, where
// that rectangle cost a third of a tap's drawing.
std::optional<ImU32> opaque_background(const ImDrawData& data, const ImFontAtlas& atlas);

// The part of a frame that lies in some rectangles. llvmpipe sets up and bins every triangle it
// is given, however scissored: a tap that changes a card's border would cost the setup of the
// whole screen's text. Cut down, each command becomes one per rectangle it reaches, limited to it
// as the backend scissors, with only the triangles that can touch it, in their order.
class DamagedPart {
public:
    // `data` cut down to the pixels of `rects` (disjoint, framebuffer scale 1): drawing it draws
    // exactly the pixels of `rects` that a full redraw would, and no other. Valid until the next
    // call; `data` itself is left as it is. `without_background`: its opaque_background()
    // triangles are left out (the rectangles are cleared to their colour).
    ImDrawData& cut(const ImDrawData& data, const std::vector<PixelRect>& rects, bool without_background = false);
    // Triangles in the last cut (a frame's damage is worth its triangles, not its commands).
    int triangles() const { return m_data.TotalIdxCount / 3; }

private:
    void cut_list(const ImDrawList& list, const ImDrawData& data, const std::vector<PixelRect>& rects, unsigned skip);
    ImDrawList& list_with_room(unsigned vertices);

    std::vector<std::unique_ptr<ImDrawList>> m_lists;  // kept to reuse their memory
    std::size_t m_used = 0;                            // of m_lists, by the last cut
    std::vector<ImDrawList*> m_pointers;
    // For the command being cut: the vertex each of the list's vertices became, this command.
    std::vector<std::pair<unsigned, ImDrawIdx>> m_remap;
    unsigned m_stamp = 0;
    std::vector<PixelRect> m_boxes;  // the pixels each triangle of the command being cut can touch
    ImDrawData m_data;
};

}  // namespace workshop::kiosk

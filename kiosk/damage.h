// damage.h — which parts of the screen a frame changes, so that a software-rendered kiosk redraws
// and presents only those (a tap changes a card and a counter, not the 2 million pixels around
// them). Pure ImGui draw data: no OpenGL, testable against the software rasterizer.
#pragma once

#include <cstdint>
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

    static constexpr std::size_t kMaxRects = 4;

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
    PixelRect m_screen;
    bool m_whole = true;
};

// Rectangles merged until they are at most `max` and none overlaps or nearly touches another.
std::vector<PixelRect> merge_rects(std::vector<PixelRect> rects, std::size_t max);

// The pixels ImGui's OpenGL 2 backend lets a command draw: its scissor box, computed as the
// backend (imgui_impl_opengl2.cpp) does, with a framebuffer scale of 1.
PixelRect backend_scissor(const ImDrawCmd& cmd, ImVec2 display_pos, int framebuffer_height);

// Limits every command of `data` to `rect` (framebuffer scale 1), so that drawing it again redraws
// exactly the pixels of `rect` a full redraw would; restore_clips() puts the rectangles back.
std::vector<ImVec4> clip_to(ImDrawData& data, const PixelRect& rect);
void restore_clips(ImDrawData& data, const std::vector<ImVec4>& saved);

}  // namespace workshop::kiosk

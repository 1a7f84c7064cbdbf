// partial_present.h — on a software renderer (a kiosk PC without a GPU driver, Xvfb), presenting
// a whole 1080×1920 frame is the slowest part of a tap: llvmpipe redraws two million pixels and
// the X server copies them. This puts on screen only the rectangles a frame changed (damage.h),
// redrawn into the back buffer, which is never swapped and so keeps the rest of the picture.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "damage.h"
#include "soft_render.h"  // Image

namespace workshop::kiosk {

class WindowContext;

class PartialPresenter {
public:
    // Null when this window cannot or need not: no GLX_MESA_copy_sub_buffer, or a GPU renderer
    // (its full swaps are cheap and wait for the display's refresh, so they never tear).
    static std::unique_ptr<PartialPresenter> open(const WindowContext& context, std::string_view renderer);

    // Copies these rectangles (rows from the top) of the back buffer to the window.
    void present(const std::vector<PixelRect>& rects, int framebuffer_height) const;

    // What the window shows (top row first), read back from the X server: a test's check that
    // the rectangles presented left nothing stale.
    bool read_shown(int width, int height, Image& image) const;

private:
    using Function = void (*)();  // glXCopySubBufferMESA, typed where X11 is included
    PartialPresenter(void* display, unsigned long window, unsigned long drawable, Function copy)
        : m_display(display), m_window(window), m_drawable(drawable), m_copy(copy) {}
    void* m_display;           // the X11 Display
    unsigned long m_window;    // the X11 Window
    unsigned long m_drawable;  // its GLXDrawable
    Function m_copy;
};

}  // namespace workshop::kiosk

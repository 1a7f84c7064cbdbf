#include "partial_present.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "window_context.h"

namespace workshop::kiosk {

namespace {

using CopySubBuffer = void (*)(Display*, unsigned long drawable, int x, int y, int width, int height);

bool software(std::string_view renderer) {
    for (std::string_view name : {"llvmpipe", "softpipe", "Software Rasterizer", "swrast"})
        if (renderer.find(name) != std::string_view::npos) return true;
    return false;
}

}  // namespace

std::unique_ptr<PartialPresenter> PartialPresenter::open(const WindowContext& context, std::string_view renderer) {
    if (!software(renderer) || !context.has_extension("GLX_MESA_copy_sub_buffer")) return nullptr;
    void* display = context.x11_display();
    const unsigned long drawable = context.glx_drawable();
    const WindowContext::Proc copy = context.loader()("glXCopySubBufferMESA");
    if (!display || !drawable || !copy) return nullptr;
    return std::unique_ptr<PartialPresenter>(new PartialPresenter(display, context.x11_window(), drawable, copy));
}

void PartialPresenter::present(const std::vector<PixelRect>& rects, int framebuffer_height) const {
    const auto copy = reinterpret_cast<CopySubBuffer>(m_copy);
    for (const PixelRect& r : rects)  // GLX counts rows from the bottom
        copy(static_cast<Display*>(m_display), m_drawable, r.x0, framebuffer_height - r.y1, r.x1 - r.x0, r.y1 - r.y0);
}

bool PartialPresenter::read_shown(int width, int height, Image& image) const {
    auto* display = static_cast<Display*>(m_display);
    XSync(display, False);  // the copies have reached the server
    // A window reaching past the screen cannot be read: an X error, which by default ends the
    // program, so it is caught and becomes a false.
    static bool failed;
    failed = false;
    const auto previous = XSetErrorHandler([](Display*, XErrorEvent*) { return (failed = true), 0; });
    XImage* shown = XGetImage(display, m_window, 0, 0, static_cast<unsigned>(width), static_cast<unsigned>(height), AllPlanes, ZPixmap);
    XSync(display, False);
    XSetErrorHandler(previous);
    if (!shown || failed) {
        if (shown) XDestroyImage(shown);
        return false;
    }
    image.width = width;
    image.height = height;
    image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const unsigned long pixel = XGetPixel(shown, x, y);
            unsigned char* out = &image.rgba[(static_cast<std::size_t>(y) * width + x) * 4];
            out[0] = static_cast<unsigned char>((pixel & shown->red_mask) >> __builtin_ctzl(shown->red_mask));
            out[1] = static_cast<unsigned char>((pixel & shown->green_mask) >> __builtin_ctzl(shown->green_mask));
            out[2] = static_cast<unsigned char>((pixel & shown->blue_mask) >> __builtin_ctzl(shown->blue_mask));
            out[3] = 255;
        }
    XDestroyImage(shown);
    return true;
}

}  // namespace workshop::kiosk

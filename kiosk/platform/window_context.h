// window_context.h — the kiosk's window and its OpenGL 2.1 context, current on the main thread.
//
// GLFW picks a framebuffer config by asking GLX for every config the X server has and for ~17
// attributes of each, one library call at a time (Xvfb has 840 configs: ~85 ms of CPU at every
// start, more than loading Mesa's driver). On X11 the kiosk opens a window without a context
// (GLFW_NO_API) and asks GLX once for a config of that window's own visual, then makes the
// context itself. Where that cannot work (no X11, no GLX 1.3, no such config), GLFW makes the
// window and context as before.
#pragma once

#include <memory>

struct GLFWwindow;
struct GLFWmonitor;

namespace workshop::kiosk {

class WindowContext {
public:
    using Proc = void (*)();
    using Loader = Proc (*)(const char* name);

    // A window (fullscreen on `monitor`, else windowed) with an OpenGL context current on this
    // thread; null when neither way works (GLFW has reported why). The window hints set before
    // (the context version) apply to GLFW's way.
    static std::unique_ptr<WindowContext> open(int width, int height, const char* title, GLFWmonitor* monitor);
    ~WindowContext();  // the context, then the window
    WindowContext(const WindowContext&) = delete;
    WindowContext& operator=(const WindowContext&) = delete;

    GLFWwindow* window() const { return m_window; }
    bool own_glx() const { return m_context != nullptr; }  // made here, not by GLFW
    void swap_interval(int frames) const;
    void swap() const;
    // GLX's extensions (the context's screen) on X11, else GLFW's answer.
    bool has_extension(const char* name) const;
    // Where OpenGL and GLX functions come from (for gladLoadGL): GLX's glXGetProcAddressARB
    // when the context was made here, else glfwGetProcAddress.
    Loader loader() const;
    // The X11 display, window and GLX drawable; null / 0 when GLFW made the context and they are
    // not known (then only GLFW's own functions apply).
    void* x11_display() const;
    unsigned long x11_window() const;
    unsigned long glx_drawable() const;

private:
    WindowContext() = default;
    bool make_glx_context();

    GLFWwindow* m_window = nullptr;
    void* m_context = nullptr;  // GLXContext, when made here
    void* m_config = nullptr;   // its GLXFBConfig
    unsigned long m_drawable = 0;  // its GLXWindow
};

}  // namespace workshop::kiosk

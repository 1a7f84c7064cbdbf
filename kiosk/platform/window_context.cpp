#include "window_context.h"

#include <cstdio>
#include <cstring>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#define GLFW_EXPOSE_NATIVE_GLX
#include <GLFW/glfw3native.h>
#include <GL/glx.h>

namespace workshop::kiosk {

namespace {

// An X error while the context is made (a driver refusing the window's visual) would end the
// program with Xlib's default handler: it becomes a false, and GLFW's way is tried instead.
bool g_x_failed = false;

int note_x_error(Display*, XErrorEvent*) {
    g_x_failed = true;
    return 0;
}

// The first config GLX ranks best for a double-buffered RGBA window whose visual is the
// window's own (a context can draw only into a window of its config's visual).
GLXFBConfig config_of_visual(Display* display, int screen, VisualID visual) {
    const int wanted[] = {GLX_X_RENDERABLE, True, GLX_DRAWABLE_TYPE, GLX_WINDOW_BIT, GLX_RENDER_TYPE, GLX_RGBA_BIT,
                          GLX_DOUBLEBUFFER, True, GLX_RED_SIZE, 8, GLX_GREEN_SIZE, 8, GLX_BLUE_SIZE, 8, None};
    int count = 0;
    GLXFBConfig* configs = glXChooseFBConfig(display, screen, wanted, &count);
    GLXFBConfig chosen = nullptr;
    for (int i = 0; configs && i < count && !chosen; ++i) {
        int id = 0;
        if (glXGetFBConfigAttrib(display, configs[i], GLX_VISUAL_ID, &id) == Success && static_cast<VisualID>(id) == visual)
            chosen = configs[i];
    }
    if (configs) XFree(configs);
    return chosen;
}

// GLFW 3.3 is built for one platform; Debian's for X11, where this is never null.
Display* display_of(GLFWwindow* window) {
    return window ? glfwGetX11Display() : nullptr;
}

WindowContext::Proc glx_proc(const char* name) {
    return glXGetProcAddressARB(reinterpret_cast<const GLubyte*>(name));
}

}  // namespace

std::unique_ptr<WindowContext> WindowContext::open(int width, int height, const char* title, GLFWmonitor* monitor) {
    std::unique_ptr<WindowContext> made(new WindowContext);
    if (glfwGetX11Display()) {
        glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
        made->m_window = glfwCreateWindow(width, height, title, monitor, nullptr);
        glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
        if (made->m_window && made->make_glx_context()) return made;
        if (made->m_window) glfwDestroyWindow(made->m_window);
        made->m_window = nullptr;
    }
    made->m_window = glfwCreateWindow(width, height, title, monitor, nullptr);
    if (!made->m_window) return nullptr;
    glfwMakeContextCurrent(made->m_window);
    return made;
}

bool WindowContext::make_glx_context() {
    Display* display = display_of(m_window);
    const Window window = glfwGetX11Window(m_window);
    int error_base = 0, event_base = 0, major = 0, minor = 0;
    if (!display || !window || !glXQueryExtension(display, &error_base, &event_base) ||
        !glXQueryVersion(display, &major, &minor) || major < 1 || (major == 1 && minor < 3))
        return false;
    XWindowAttributes attributes{};
    if (!XGetWindowAttributes(display, window, &attributes)) return false;
    const GLXFBConfig config = config_of_visual(display, XScreenNumberOfScreen(attributes.screen), XVisualIDFromVisual(attributes.visual));
    if (!config) return false;
    g_x_failed = false;
    XSync(display, False);
    const auto previous = XSetErrorHandler(note_x_error);
    GLXContext context = glXCreateNewContext(display, config, GLX_RGBA_TYPE, nullptr, True);
    const GLXWindow drawable = context ? glXCreateWindow(display, config, window, nullptr) : 0;
    const bool current = drawable && glXMakeContextCurrent(display, drawable, drawable, context);
    XSync(display, False);
    XSetErrorHandler(previous);
    if (!current || g_x_failed) {
        if (current) glXMakeContextCurrent(display, None, None, nullptr);
        if (drawable) glXDestroyWindow(display, drawable);
        if (context) glXDestroyContext(display, context);
        return false;
    }
    m_context = context;
    m_config = config;
    m_drawable = drawable;
    return true;
}

WindowContext::~WindowContext() {
    if (m_context) {
        Display* display = display_of(m_window);
        glXMakeContextCurrent(display, None, None, nullptr);
        glXDestroyWindow(display, m_drawable);
        glXDestroyContext(display, static_cast<GLXContext>(m_context));
    }
    if (m_window) glfwDestroyWindow(m_window);
}

void WindowContext::swap_interval(int frames) const {
    if (!m_context) {
        glfwSwapInterval(frames);
        return;
    }
    Display* display = display_of(m_window);
    if (has_extension("GLX_EXT_swap_control")) {
        if (auto set = reinterpret_cast<PFNGLXSWAPINTERVALEXTPROC>(glx_proc("glXSwapIntervalEXT"))) set(display, m_drawable, frames);
    } else if (has_extension("GLX_MESA_swap_control")) {
        if (auto set = reinterpret_cast<int (*)(unsigned)>(glx_proc("glXSwapIntervalMESA"))) set(static_cast<unsigned>(frames));
    }
}

void WindowContext::swap() const {
    if (m_context) glXSwapBuffers(display_of(m_window), m_drawable);
    else glfwSwapBuffers(m_window);
}

bool WindowContext::has_extension(const char* name) const {
    if (!m_context) return glfwExtensionSupported(name) == GLFW_TRUE;
    Display* display = display_of(m_window);
    const char* all = glXQueryExtensionsString(display, DefaultScreen(display));
    const std::size_t length = std::strlen(name);
    for (const char* at = all; at && (at = std::strstr(at, name)) != nullptr; at += length)
        if ((at == all || at[-1] == ' ') && (at[length] == ' ' || at[length] == '\0')) return true;
    return false;
}

WindowContext::Loader WindowContext::loader() const {
    return m_context ? &glx_proc : &glfwGetProcAddress;
}

void* WindowContext::x11_display() const {
    return display_of(m_window);
}

unsigned long WindowContext::x11_window() const {
    return x11_display() ? glfwGetX11Window(m_window) : 0;
}

unsigned long WindowContext::glx_drawable() const {
    if (m_context) return m_drawable;
    return x11_display() ? glfwGetGLXWindow(m_window) : 0;
}

}  // namespace workshop::kiosk

#include "platform_glfw.h"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "theme.h"

namespace workshop::kiosk {

float monitor_px_per_mm(GLFWmonitor* monitor) {
    if (!monitor) return 0;
    int width_mm = 0, height_mm = 0;
    glfwGetMonitorPhysicalSize(monitor, &width_mm, &height_mm);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (!mode) return 0;
    return px_per_mm_from_monitor(mode->width, width_mm, mode->height, height_mm);
}

GLFWmonitor* window_monitor(GLFWwindow* window) {
    if (GLFWmonitor* m = glfwGetWindowMonitor(window)) return m;
    return glfwGetPrimaryMonitor();
}

bool read_framebuffer(int width, int height, Image& image) {
    image.width = width;
    image.height = height;
    image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    if (glGetError() != GL_NO_ERROR) return false;
    for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
    flip_vertically(image);
    return true;
}

bool save_framebuffer_png(int width, int height, const std::string& path, std::string* error) {
    Image image;
    if (!read_framebuffer(width, height, image)) {
        if (error) *error = "cannot read the framebuffer for " + path;
        return false;
    }
    return write_png(path, image, error);
}

}  // namespace workshop::kiosk

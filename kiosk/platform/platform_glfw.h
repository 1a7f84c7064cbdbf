// platform_glfw.h — the little the window needs beyond ImGui's GLFW and OpenGL2 backends:
// the monitor's real pixel density and a screenshot of the framebuffer.
#pragma once

#include <string>

#include "soft_render.h"

struct GLFWwindow;
struct GLFWmonitor;

namespace workshop::kiosk {

// Pixels per millimetre of `monitor` in framebuffer pixels; 0 when it reports 0 or nonsense
// (Xvfb, many projectors): the theme's fallback dpi is then used.
float monitor_px_per_mm(GLFWmonitor* monitor);
// The monitor the window is on (the primary one for a windowed kiosk).
GLFWmonitor* window_monitor(GLFWwindow* window);
// Reads the back buffer (after rendering, before swapping), top row first.
bool read_framebuffer(int width, int height, Image& image);
// Reads the back buffer (call after rendering, before swapping) and writes it as a PNG.
bool save_framebuffer_png(int width, int height, const std::string& path, std::string* error);

}  // namespace workshop::kiosk

#include "pointer_events.h"

#include <cfloat>

namespace workshop::kiosk {

void PointerEvents::moved(float x, float y) {
    m_pos = ImVec2(x, y);
    m_known = true;
}

void PointerEvents::entered(bool inside) { m_inside = inside; }

void PointerEvents::button(int button, bool pressed) {
    if (button < 0 || button >= kButtons) return;
    m_held[button] = pressed;
    if (pressed) m_pressed[button] = true;
}

void PointerEvents::feed(ImGuiIO& io) {
    static_assert(kButtons == IM_ARRAYSIZE(io.MouseDown));
    bool held = false;
    for (int i = 0; i < kButtons; ++i) {
        io.MouseDown[i] = m_pressed[i] || m_held[i];
        held = held || m_held[i];
    }
    m_press_over = m_pressed[0] && !m_held[0];
    for (bool& pressed : m_pressed) pressed = false;
    io.MousePos = m_known && (m_inside || held) ? m_pos : ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace workshop::kiosk

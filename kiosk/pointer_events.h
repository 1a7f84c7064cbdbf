// pointer_events.h — the pointer as the window's events told it, fed to ImGui without asking the
// X server. ImGui's GLFW backend asks it at every frame with input for the window's size, the
// focus and the pointer: four round trips, each waiting for the X server to get a core, on the
// frame that starts a tap. Every one of those changes comes as an event the window receives
// anyway. No GLFW here: the window's callbacks call it (kiosk/platform/main.cpp).
#pragma once

#include "imgui.h"

namespace workshop::kiosk {

class PointerEvents {
public:
    static constexpr int kButtons = 5;  // ImGuiMouseButton_COUNT

    void moved(float x, float y);  // in window coordinates
    void entered(bool inside);     // the pointer came into or left the window
    void button(int button, bool pressed);

    // Whether any event has said where the pointer is: on a bare X server the kiosk's window
    // may get no event before the first tap; the window then asks once.
    bool knows_position() const { return m_known; }

    // The pointer for ImGui's next frame. A button pressed since the last frame is down in it
    // even when released already (a quick tap comes as both in one batch); the release shows
    // in the frame after. Outside the window the pointer is nowhere, unless a button is held.
    void feed(ImGuiIO& io);

    // The last feed held a press whose release came already: a tap nobody saw pressed.
    bool press_already_over() const { return m_press_over; }

private:
    ImVec2 m_pos{0, 0};
    bool m_known = false;
    bool m_inside = true;
    bool m_held[kButtons] = {};
    bool m_pressed[kButtons] = {};  // since the last feed
    bool m_press_over = false;
};

}  // namespace workshop::kiosk

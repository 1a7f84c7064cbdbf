// headless.h — the kiosk without a window: the same App and screens, an ImGui context with no
// platform or renderer backend, a simulated clock, and screenshots by the software rasterizer.
// `workshop-kiosk --headless` and the UI tests both use it.
#pragma once

#include <string>
#include <string_view>

#include "app.h"
#include "options.h"
#include "script.h"
#include "soft_render.h"

struct ImGuiContext;

namespace workshop::kiosk {

class HeadlessKiosk {
public:
    // A virtual screen of `size` pixels; px_per_mm <= 0 means unknown (96 dpi is assumed).
    HeadlessKiosk(App& app, ImVec2 size, float px_per_mm = 0);
    ~HeadlessKiosk();
    HeadlessKiosk(const HeadlessKiosk&) = delete;
    HeadlessKiosk& operator=(const HeadlessKiosk&) = delete;

    // One frame, 1/60 s after the previous one, with the pointer as given.
    void frame(PointerState pointer);
    // A key pressed during the next frame (ImGuiKey_RightArrow, ...): a presenter's clicker.
    void press_key(ImGuiKey key) { m_key = key; }
    // Moves the clock forward without drawing (the kiosk notices at the next frame).
    void advance(double seconds) { m_now += seconds; }
    double now() const { return m_now; }
    const PointerState& pointer() const { return m_pointer; }
    App& app() { return m_app; }

    // What the last frame showed, rendered in software.
    Image screenshot() const;
    // What `data` draws (a part of the last frame, say) with this kiosk's fonts and pictures.
    Image screenshot(const ImDrawData& data) const;

    // Builds the App's fonts again (a window's first frame has only its first screen's: see
    // App::FontScope); the next frame draws with them.
    void build_fonts(App::FontScope scope = App::FontScope::all);

    // Plays a script to its end (see script.h); the failure names the script's file and line.
    Status run(const Script& script, const std::string& screenshot_dir = {});
    // Frames on the wall clock until SIGTERM or SIGINT: a kiosk left running by its script.
    void run_until_stopped();
    // Plays script text given inline (tests); `name` stands for the file in messages.
    Status run(std::string_view script_text, const std::string& name = "<script>");

private:
    App& m_app;
    ImGuiContext* m_context = nullptr;
    Texture m_atlas;
    double m_now = 0;
    PointerState m_pointer;
    int m_key = -1;
};

// The whole program in headless mode; returns the exit status.
int run_headless(const Options& options);

}  // namespace workshop::kiosk

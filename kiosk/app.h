// app.h — the kiosk's windows, input, screens and timers: which screen shows, the idle reset,
// and passing intents on to the voter's Turn (workshop/turn.h holds every rule of a turn). It knows ImGui (it draws) but no platform: the GLFW window
// (main.cpp) and the headless runner (headless.h) both drive it one frame at a time.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "hub_sync.h"
#include "session_reader.h"
#include "kiosk_config.h"
#include "pictograms.h"
#include "read_aloud.h"
#include "screens.h"
#include "translations.h"
#include "theme.h"
#include "ui.h"
#include "visit.h"
#include "workshop/session.h"

namespace workshop::kiosk {

struct AppConfig {
    std::string start_language;  // "" = the scenario's default language
    float ui_scale = 1;          // --ui-scale: multiplies every size
    double thanks_seconds = 8;   // the thank-you screen returns to the start by itself
    KioskConfig kiosk;           // facilitator mode, supervised turns (kiosk_config.h)
    // The voice when kiosk.read_aloud is on (tests give a recording one); null: eSpeak NG.
    std::shared_ptr<Speaker> speaker;
};

class App {
public:
    // A kiosk for `session` (which must outlive the App).
    App(Session& session, AppConfig config = {});
    // A kiosk that can only show why it could not start (scenario or database errors).
    App(std::vector<std::string> startup_errors, AppConfig config = {});
    ~App();

    // --- display and fonts (call set_display before the first frame) --------------------------
    // px_per_mm <= 0: unknown, the theme's fallback dpi is used.
    void set_display(ImVec2 size, float px_per_mm);
    const Metrics& metrics() const { return m_metrics; }
    static constexpr float large_text_scale = 1.5f;  // the voter's "Aa" choice
    // The colours of this frame: the theme's, or its high-contrast set when the voter chose it.
    const Palette& palette() const;
    // Whether the font atlas no longer matches the display (build_fonts, then re-upload it).
    bool fonts_stale() const;
    // Which glyphs build_fonts puts in the atlas: all that any screen may draw, or only those of
    // the attract screen (its first frame comes sooner; the window builds the rest when it first
    // wakes up after that frame, before any input is handled). On any other screen
    // `first_screen` builds them all too.
    enum class FontScope { all, first_screen };
    void build_fonts(ImFontAtlas& atlas, FontScope scope = FontScope::all);
    // The atlas holds only the first screen's glyphs: build_fonts(all) before drawing another.
    bool fonts_partial() const { return m_fonts.partial; }
    const Fonts& fonts() const { return m_fonts; }
    // The scenario's pictures, decoded; the window or the headless runner sets their ids.
    PictureTextures& pictures() { return m_pictures; }
    // ImGui style for our single full-screen window (colours, no padding).
    void apply_style(ImGuiStyle& style) const;

    // --- frames --------------------------------------------------------------------------------
    // Draws one frame between ImGui::NewFrame() and ImGui::Render(), then acts on the intent.
    // `now` is in seconds on any steady clock.
    void frame(double now);
    // Seconds until the screen changes by itself (countdown, a gliding list, timers); while it
    // waits for a voter, a few seconds (to notice a pause or reveal made elsewhere); +inf when
    // only a touch can change it. The window sleeps that long in glfwWaitEventsTimeout.
    double seconds_until_update(double now) const;
    bool wants_quit() const { return m_quit; }

    // --- what is on screen (tests, script player) --------------------------------------------
    const Registry& registry() const { return m_ui.registry(); }
    const Ui& ui() const { return m_ui; }
    // The screen the next frame draws.
    ScreenId screen() const;
    const Visit& visit() const { return m_visit; }
    const Scenario* scenario() const;
    Session* session() { return m_session; }
    const Strings& strings() const { return *m_strings; }
    const std::vector<std::string>& startup_errors() const { return m_startup_errors; }
    // The result of the last cast (empty message = success).
    const Status& last_cast() const { return m_last_cast; }

    // Types into the open text field (the script player's fallback when a key is missing).
    bool insert_text(std::string_view text);

    // --- for other modes (facilitator) ----------------------------------------------------------
    void show(ScreenId id);
    // Discards the voter's unconfirmed choices and returns to the attract screen.
    void reset_visit();
    void apply(const Intent& intent);
    Facilitator& facilitator() { return *m_facilitator; }
    const Facilitator& facilitator() const { return *m_facilitator; }
    // Runs the kiosk on `session` from now on (a scenario the facilitator loaded; it must outlive
    // the App or the next set_session). The voter's unconfirmed choices are discarded.
    void set_session(Session& session);
    // The link to the hub (hub_sync.h), or null when the kiosk shares no hub.
    const HubSync* hub() const { return m_hub.get(); }

private:
    ScreenContext context();
    ScreenId flow_screen() const;
    void begin_visit();
    void new_visit();
    void confirm();
    void submit_idea();
    bool apply_flow(const Intent& intent);
    bool apply_choice(const Intent& intent);
    void draw_idle_countdown(double remaining);
    double idle_limit() const;
    double countdown_window() const;
    std::string start_language() const;
    void start_speaker();
    void start_reader();
    bool reads_aloud() const { return m_config.kiosk.reads_aloud() && m_config.speaker; }

    Session* m_session = nullptr;
    std::vector<std::string> m_startup_errors;
    AppConfig m_config;
    const Strings* m_strings;
    const Theme* m_theme;
    Metrics m_metrics;
    ImVec2 m_display{0, 0};
    float m_px_per_mm = 0;
    bool m_large_text = false;  // what m_metrics was computed for
    Fonts m_fonts;
    std::string m_fonts_titles;  // the scenario titles the display font was built for
    std::vector<ImWchar> m_fonts_icons;  // the icons the atlas holds
    std::string display_titles() const;
    std::string script_glyphs_of_scenario() const;
    std::string display_font_texts() const;
    std::string first_screen_texts() const;
    std::string first_screen_titles() const;
    PictureTextures m_pictures;
    Ui m_ui;

    ScreenId m_screen = ScreenId::attract;  // when not in the participant flow
    bool m_in_flow = false;                 // the screen follows the Turn's page
    bool m_press_in_countdown = false;      // that touch only dismisses the countdown
    Visit m_visit;
    Status m_last_cast;
    double m_now = 0;
    double m_last_external_check = -std::numeric_limits<double>::infinity();
    double m_last_touch = 0;
    double m_screen_since = 0;
    bool m_quit = false;
    bool m_lockout_resumed = false;  // Facilitator::resume_lockout done
    std::unique_ptr<Facilitator> m_facilitator;  // facilitator mode (facilitator_mode.h)
    std::int64_t m_room_tried = 0;               // the hub session of the last room move followed
    // With a hub: what other kiosks wrote, read off the UI thread (session_reader.h).
    std::unique_ptr<SessionReader> m_reader;
    std::unique_ptr<HubSync> m_hub;              // last: its thread stops first
};

}  // namespace workshop::kiosk

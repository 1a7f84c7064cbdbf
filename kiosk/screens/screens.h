// screens.h — THE list of screens and modes of the kiosk, and what a screen gets and returns.
//
// A screen is a function of state: it draws the engine's and the voter's state every frame and
// returns what the person asked for (an Intent); the App applies intents. One file per screen
// (<name>_screen.cpp); the table in screens.cpp maps each ScreenId to its function.
//
// Adding a mode (e.g. facilitator mode in facilitator_*.cpp): add its ScreenIds below with
// Mode::facilitator, declare the draw functions at the end of this file, add rows to the table in
// screens.cpp, and switch to them with App::show(). A screen that needs to do more than the
// participant intents can return Intent::run(...) with a function that gets the App.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "translations.h"
#include "ui.h"
#include "visit.h"
#include "workshop/scenario.h"
#include "workshop/session.h"

namespace workshop::kiosk {

class App;
class Facilitator;  // facilitator_mode.h
class PictureTextures;  // pictograms.h
class Speaker;          // read_aloud.h

enum class Mode { participant, facilitator };

enum class ScreenId {
    // participant flow
    attract,        // scenario title, "touch to start" in every language
    language,       // choose a language
    role,           // choose a role (stakeholder group)
    info,           // an info step
    dot_vote,       // a dot_vote step
    ranking,        // a ranking step
    idea_vote,      // an idea_vote step (with the on-screen keyboard)
    review,         // check and confirm
    thanks,         // shown only after the ballots were stored
    save_failed,    // the ballots could not be stored
    paused,         // the session is paused or has ended
    results,        // revealed results (also what the facilitator's "reveal" shows)
    startup_error,  // the scenario or database could not be opened
    wait_for_facilitator,  // supervised turns: the next voter waits for the facilitator's release
    // facilitator mode (facilitator_*_screen.cpp), entered by the hidden gesture and the PIN
    facilitator_pin,        // the PIN pad
    facilitator_home,       // session state, steps open/closed/revealed, ballots per role, actions
    facilitator_ideas,      // hide or show collected ideas (moderation)
    facilitator_scenarios,  // load another scenario from the scenarios folder
    facilitator_export,     // export CSV to a folder or a USB stick
    facilitator_confirm,    // "are you sure?" before an action that changes what counts
};

enum class IntentKind {
    none,
    start,            // leave the attract screen
    choose_language,  // id = language code
    choose_role,      // id = role id ("" = rather not say)
    back,
    next,
    add_dot,          // id = option
    remove_dot,       // id = option
    rank_toggle,      // id = option: rank it next, or unrank it
    rank_move,        // id = option, index = its new place (0-based)
    approve_toggle,   // id = option or idea
    open_editor,      // "add your idea"
    close_editor,
    submit_idea,      // text = the idea (from the editor)
    edit_step,        // index = step index (from the review)
    confirm,          // store the ballots
    finish,           // back to the attract screen, voter state cleared
    show_results,     // id = step id ("" = first revealed)
    run,              // action(App&)
    quit,
};

struct Intent {
    IntentKind kind = IntentKind::none;
    std::string id;
    int index = 0;
    std::string text;
    std::function<void(App&)> action;

    static Intent of(IntentKind kind, std::string id = {}, int index = 0) { return {kind, std::move(id), index, {}, {}}; }
    static Intent run(std::function<void(App&)> action) { return {IntentKind::run, {}, 0, {}, std::move(action)}; }
    explicit operator bool() const { return kind != IntentKind::none; }
};

// What a screen may read (and the per-voter UI memory it may change).
struct ScreenContext {
    Ui& ui;
    const Strings& strings;
    std::string lang;                          // the voter's language (UI and scenario texts)
    const Scenario* scenario = nullptr;        // null only on the startup error screen
    const Session* session = nullptr;
    const Visit& visit;
    ScreenMemory& memory;
    const Step* step = nullptr;                // step screens: the current step
    const StepDraft* draft = nullptr;          // step screens: the voter's choices so far
    const Turn* turn = nullptr;                // in the participant flow: ask it what may be done
    int step_number = 0, step_count = 0;       // "step 2 of 4"
    const std::vector<std::string>* startup_errors = nullptr;
    Facilitator* facilitator = nullptr;        // facilitator mode's state (facilitator_mode.h)
    const PictureTextures* pictures = nullptr; // the scenario's pictures (pictograms.h)
    const class HubSync* hub = nullptr;        // the link to the hub, or null (hub_sync.h)
    Speaker* speaker = nullptr;                // read_aloud = true: the voice (read_aloud.h), else null
    double now = 0;
    // Set while drawing: the speaker button was tapped (the App reads the page once it is drawn),
    // and where the footer begins (what lies above it is the page that is read).
    bool read_page = false;
    float footer_top = 1e9f;

    std::string tr(std::string_view key, const Args& args = {}) const { return strings.get(key, lang, args); }
    std::string plural(std::string_view key, long long n, const Args& args = {}) const {
        return strings.plural(key, lang, n, args);
    }
    const std::string& local(const LocalText& text) const { return text.in(lang); }
    // An option's colour: its own, or the palette's in turn.
    ImU32 option_color(const Step& step, std::size_t index) const;
};

using DrawScreen = Intent (*)(ScreenContext&);

struct ScreenEntry {
    ScreenId id;
    Mode mode;
    std::string_view name;  // for logs and tests
    DrawScreen draw;
};

// Every screen, in one table (screens.cpp).
std::span<const ScreenEntry> all_screens();
const ScreenEntry& screen_entry(ScreenId id);

// Whether a dot_vote is shown as dots (+ and −, "3 dots"). `dots = 1` is a single choice and
// `max_per_option = 1` a multi-select (scenario-format.md, "Additions"): their answers are
// choices, so the review and the results never speak of dots for them.
bool shows_dots(const Step& step);

// --- the screens (one file each) ---------------------------------------------------------------
Intent draw_attract_screen(ScreenContext& ctx);
Intent draw_language_screen(ScreenContext& ctx);
Intent draw_role_screen(ScreenContext& ctx);
Intent draw_info_screen(ScreenContext& ctx);
Intent draw_dot_vote_screen(ScreenContext& ctx);
Intent draw_ranking_screen(ScreenContext& ctx);
Intent draw_idea_vote_screen(ScreenContext& ctx);
Intent draw_review_screen(ScreenContext& ctx);
Intent draw_thanks_screen(ScreenContext& ctx);
Intent draw_save_failed_screen(ScreenContext& ctx);
Intent draw_paused_screen(ScreenContext& ctx);
Intent draw_results_screen(ScreenContext& ctx);
Intent draw_startup_error_screen(ScreenContext& ctx);
Intent draw_wait_for_facilitator_screen(ScreenContext& ctx);
Intent draw_facilitator_pin_screen(ScreenContext& ctx);
Intent draw_facilitator_home_screen(ScreenContext& ctx);
Intent draw_facilitator_ideas_screen(ScreenContext& ctx);
Intent draw_facilitator_scenarios_screen(ScreenContext& ctx);
Intent draw_facilitator_export_screen(ScreenContext& ctx);
Intent draw_facilitator_confirm_screen(ScreenContext& ctx);

}  // namespace workshop::kiosk

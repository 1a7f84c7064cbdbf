// visit.h — everything that belongs to the one person at the screen.
//
// A Visit is replaced wholesale when the voter confirms, walks away (idle reset) or starts over,
// so nothing of theirs — choices, typed text, scroll positions, keyboard, language — can be seen
// by the next person. Keep all per-voter state in here, never in statics or in ImGui's storage.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keyboard.h"
#include "workshop/ballot.h"
#include "workshop/tally.h"
#include "workshop/turn.h"

namespace workshop::kiosk {

struct IdeaEditor {
    bool open = false;
    std::string text;
    KeyboardState keyboard;
    std::string error;  // why the last "add" did not work
};

// A row of the ranking being dragged to a new place.
struct RankDrag {
    std::string option;
    float grab_offset = 0;  // finger y minus row top at the start
};

// Session data a screen shows, fetched again only when the session changed (Session::changes):
// copying 500 ideas or 60 result rows every frame cost more than drawing them.
struct SessionCache {
    const Session* session = nullptr;  // the session it was fetched from
    std::string step;           // the step it was fetched for
    std::uint64_t changes = 0;  // Session::changes() when fetched
    bool fetched = false;
    std::vector<Idea> ideas;
    // Results screen: what a shared screen shows, as Session::shown_results keeps it until
    // changes() moves (a copy per arrival cost a frame more than laying out the new numbers).
    const ShownResults* shown = nullptr;

    // Whether to fetch again (and if so, marks it fetched for these keys).
    bool stale(const Session& from, const std::string& step_id) {
        if (fetched && session == &from && step == step_id && changes == from.changes()) return false;
        session = &from;
        step = step_id;
        changes = from.changes();
        fetched = true;
        return true;
    }
};

// Per-voter UI state the screens keep between frames.
struct ScreenMemory {
    std::map<std::string, float> scroll;  // scroll offset per area id
    IdeaEditor editor;
    RankDrag drag;
    std::string notice;                   // a one-off message ("your idea was added")
    std::string results_step;             // which step the results screen shows
    bool results_by_group = false;        // ... its overall results or its "by group" slide
    std::string results_language;         // the language the results show in ("" = the voter's)
    SessionCache ideas_cache;             // the idea_vote screen's ideas
    SessionCache results_cache;           // the results of the step shown
    // The voter's reading choices ("Aa" in the footer); a new visit starts with the defaults.
    bool large_text = false;              // every size 1.5x
    bool high_contrast = false;           // Theme::high_contrast instead of the default colours

    // A fresh memory that keeps only the reading choices: the same voter reads on (a visit
    // begun from the attract screen, the closing pages after confirm).
    ScreenMemory reading_choices() const {
        ScreenMemory fresh;
        fresh.large_text = large_text;
        fresh.high_contrast = high_contrast;
        return fresh;
    }
};

// The person at the screen: their Turn (language, role, choices, pages: the engine's rules) and
// what the screens remember for them.
struct Visit {
    std::optional<Turn> turn;      // none only without a session (the start-up error)
    std::string no_turn_language;  // the language without a session
    ScreenMemory memory;

    const std::string& language() const { return turn ? turn->language() : no_turn_language; }
    const std::string& role() const;
    const std::map<std::string, StepDraft>& drafts() const;
    const StepDraft& draft(std::string_view step_id) const;  // an empty one when none
};

}  // namespace workshop::kiosk

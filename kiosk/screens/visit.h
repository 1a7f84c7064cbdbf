// visit.h — everything that belongs to the one person at the screen.
//
// A Visit is replaced wholesale when the voter confirms, walks away (idle reset) or starts over,
// so nothing of theirs — choices, typed text, scroll positions, keyboard, language — can be seen
// by the next person. Keep all per-voter state in here, never in statics or in ImGui's storage.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "keyboard.h"
#include "workshop/ballot.h"
#include "workshop/tally.h"

namespace workshop::kiosk {

// What the voter has chosen so far in one step (not yet a Ballot: nothing is stored before
// the review is confirmed).
struct StepDraft {
    std::map<std::string, int> dots;    // dot_vote: option id -> dots
    std::vector<std::string> ranking;   // ranking: option ids, first = rank 1
    std::vector<std::string> approved;  // idea_vote: option/idea ids in the order tapped

    int dots_used() const;
    bool empty() const { return dots_used() == 0 && ranking.empty() && approved.empty(); }
};

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

// Session data a screen shows, fetched again only when it can have changed: copying 500 ideas
// or 60 result rows every frame cost more than drawing them.
struct SessionCache {
    std::string step;         // the step it was fetched for
    long long stamp = -1;     // what else it depends on (ideas added here, visits counted)
    double fetched_at = -1;   // ScreenContext::now; changes made elsewhere show within a moment
    std::vector<Idea> ideas;
    StepResult result;
    std::vector<RoleGroup> groups;  // the results' groups that may be shown (Session::visible_groups)

    // Whether to fetch again (and if so, marks it fetched for these keys).
    bool stale(const std::string& step_id, long long new_stamp, double now, double max_age) {
        if (step == step_id && stamp == new_stamp && now >= fetched_at && now - fetched_at < max_age) return false;
        step = step_id;
        stamp = new_stamp;
        fetched_at = now;
        return true;
    }
};

// Per-voter UI state the screens keep between frames.
struct ScreenMemory {
    std::map<std::string, float> scroll;  // scroll offset per area id
    IdeaEditor editor;
    RankDrag drag;
    std::string notice;                   // a one-off message ("your idea was added")
    std::vector<std::string> my_ideas;    // ideas this voter added (marked "new")
    std::string results_step;             // which step the results screen shows
    bool results_by_group = false;        // ... its overall results or its "by group" slide
    std::string results_language;         // the language the results show in ("" = the voter's)
    SessionCache ideas_cache;             // the idea_vote screen's ideas
    SessionCache results_cache;           // the results of the step shown
};

// The pages of the participant flow, in order; a page that does not apply is skipped.
enum class Page { language, role, step, review };

struct Visit {
    std::string id;              // the visit id, made at the first confirm and kept for retries
    std::string language;        // UI and scenario language of this voter
    std::string role;            // role id, "" = none given
    Page page = Page::language;
    int step = 0;                // index into scenario.steps while page == step
    bool return_to_review = false;
    std::map<std::string, StepDraft> drafts;  // by step id
    ScreenMemory memory;
};

}  // namespace workshop::kiosk

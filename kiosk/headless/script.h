// script.h — input scripts (*.kscript) that drive the kiosk like a person would, in the real
// window or headless. One command per line; `#` starts a comment:
//
//   tap "LABEL"              tap the widget showing LABEL (in the current language); a widget
//                            that belongs to something else is also "LABEL CONTEXT", e.g. "− Housing"
//   tap X Y                  tap a point (pixels from the top left)
//   hold X Y SECONDS         press a point for SECONDS (of the kiosk's clock, at most 60), release:
//   hold "LABEL" SECONDS     a long press, e.g. the facilitator's hidden corner (hold 5 5 3.5s)
//   drag X1 Y1 X2 Y2         press, move, release (a drag scrolls; it is never a tap)
//   drag "LABEL" DX DY       drag from the middle of LABEL by DX, DY pixels
//   type "TEXT"              type on the on-screen keyboard (switching layout/shift as needed;
//                            straight into the text field only when no key types a character)
//   wait N | wait Ns         N frames, or N seconds (of the kiosk's clock)
//   wait_for "TEXT" SECONDS  frames keep coming on the wall clock (the kiosk's clock follows it)
//                            until TEXT is on screen (as expect); fail after SECONDS (what arrives over
//                            the network: another kiosk's idea, a reveal made elsewhere)
//   sleep SECONDS            frames keep coming on the wall clock for SECONDS (what the network
//                            brings meanwhile arrives; a voter in the middle of a turn stays there)
//   expect "TEXT"            fail unless TEXT is on screen as a whole: all of one widget's text
//                            or label ("LABEL CONTEXT" too), or all of one line of a text with
//                            line breaks ("2 dots left" does not match "12 dots left")
//   expect_not "TEXT"        fail if TEXT is on screen anywhere, even inside a longer text
//   screenshot NAME.png      save what the screen shows (relative to the screenshot folder)
//   quit                     stop, successfully
//
// A tap is a press in one frame and a release in the next, then one frame for the screen to
// follow. A failing line stops the script with "FILE:LINE: error: MESSAGE". A script that runs
// out of lines without `quit` leaves the kiosk running: the window takes touches again, and a
// headless kiosk keeps making frames on the wall clock (and syncing with its hub) until it gets
// SIGTERM or SIGINT.
#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui.h"
#include "workshop/result.h"

namespace workshop::kiosk {

struct ScriptCommand {
    int line = 0;
    std::string name;
    std::vector<std::string> text;  // quoted arguments
    std::vector<float> numbers;     // numeric arguments
    bool seconds = false;           // wait Ns
};

struct Script {
    std::string path;
    std::vector<ScriptCommand> commands;

    static Outcome<Script> parse(std::string_view text, std::string path);
    static Outcome<Script> load(const std::string& path);
    // Whether it ends the kiosk (has a `quit`), or leaves it running once played.
    bool quits() const;
};

struct PointerState {
    ImVec2 pos{0, 0};
    bool down = false;
};

// What the runner does for the next frame.
struct FrameRequest {
    PointerState pointer;
    std::string insert_text;  // the `type` fallback: App::insert_text before the frame
    std::string screenshot;   // save this frame, once rendered, to this path
    double advance = 0;       // extra seconds on the clock before this frame (wait Ns)
    bool quit = false;
};

class ScriptPlayer {
public:
    // `screenshot_dir` prefixes relative screenshot names ("" = the working folder).
    ScriptPlayer(Script script, std::string screenshot_dir = {});

    // The next frame's input, decided from what the last frame showed.
    FrameRequest next_frame(const Registry& last_frame);
    // Reports a problem with the current line found by the runner (e.g. a screenshot failed).
    void fail(const std::string& message);

    bool done() const { return m_done; }
    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }  // "FILE:LINE: error: MESSAGE"

private:
    bool start_command(const ScriptCommand& c, const Registry& reg);
    bool step_typing(const Registry& reg);
    bool step_wait_for(const Registry& reg);  // false once TEXT showed (or the time ran out)
    void push_tap(ImVec2 p);
    void push_hold(ImVec2 p, double seconds);
    void push_drag(ImVec2 from, ImVec2 to);
    void error_at(int line, const std::string& message);

    Script m_script;
    std::string m_screenshot_dir;
    std::size_t m_next = 0;
    int m_line = 0;
    std::deque<FrameRequest> m_pending;
    PointerState m_pointer;
    // `type` in progress: the characters left, and what was tried for the current one.
    std::vector<std::string> m_typing;
    std::set<std::string> m_layouts_seen, m_shift_tried;
    std::set<char32_t> m_consonant_tried;  // Ge'ez consonant keys tapped for the next syllable
    bool m_done = false;
    std::string m_error;
    // `wait_for` in progress: the text, its line, and the wall-clock deadline and last frame.
    struct WaitFor {
        std::string text;
        int line = 0;
        std::chrono::steady_clock::time_point deadline, last;
    };
    std::optional<WaitFor> m_wait_for;
};

}  // namespace workshop::kiosk

// facilitator_mode.h — facilitator mode: the hidden way in (hold the top-left corner for 3 s, then
// the PIN), the state the facilitator_*_screen.cpp screens draw, and the actions they ask for.
//
// The App owns one Facilitator. While it is active the App shows its screens whatever the
// session's state, and the voter's Visit waits untouched underneath: leaving facilitator mode
// returns to exactly where the voter was (a "ballot could not be saved" screen can be retried
// once the facilitator fixed the cause). Every PIN attempt and every action is written to the
// session's audit log (Session::log_action and the Session methods that log themselves).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "facilitator_auth.h"
#include "kiosk_config.h"
#include "screens.h"
#include "translations.h"
#include "workshop/hub.h"

namespace workshop::kiosk {

// An action that changes what counts waits for a "yes".
struct Confirmation {
    std::string title, body, yes_label;
    std::function<void(App&)> action;
    ScreenId back = ScreenId::facilitator_home;  // where "no" (and "yes") return to
};

// A *.toml file in the scenarios folder.
struct ScenarioFile {
    std::string path;
    std::string name;   // the file name
    std::string title;  // in the facilitator's language, "" when the file has errors
    std::vector<std::string> errors;  // "FILE:LINE: error: ..." — empty when valid
    bool current = false;             // the kiosk runs this file now
    bool removable = false;           // on a USB stick: loading copies it into the scenarios folder first
};

// A folder the facilitator can export to.
struct ExportTarget {
    std::string path;
    bool removable = false;  // a mounted USB stick or other medium
    long long free_bytes = -1;
    std::string label;        // a stick's file system label ("" = none)
    long long size_bytes = -1;  // a stick's whole size
};

// What the last action did, shown at the top of the facilitator's screens.
struct Feedback {
    std::string text;
    bool error = false;
    std::vector<std::string> lines;  // details: files written, errors
};

class Facilitator {
public:
    static constexpr double hold_seconds = 3.0;  // the hidden gesture's long press

    Facilitator(KioskConfig config, std::string start_language);

    const KioskConfig& config() const { return m_config; }
    // The language of facilitator mode's texts.
    std::string language(const Scenario* scenario) const;
    // Facilitator mode's texts (assets/facilitator_strings.toml).
    static const Strings& strings();

    // --- the mode (the App asks) -------------------------------------------------------------
    bool active() const { return m_phase != Phase::closed; }  // PIN pad or facilitator screens
    bool unlocked() const { return m_phase == Phase::unlocked; }
    ScreenId screen() const { return m_screen; }
    // Supervised turns: the attract screen asks the next voter to wait for a release.
    bool voter_must_wait() const { return m_config.is_supervised() && !m_voter_released; }
    // Called by App::frame after the screen drew: the hidden gesture, facilitator mode's
    // time-out, a supervised voter starting. Returns the intent the App applies.
    Intent watch(Ui& ui, ScreenId shown, Intent intent);
    double seconds_until_update(double now) const;
    // Whether a close request (window button, Alt-F4) may end the kiosk: only in facilitator mode.
    bool allows_close() const { return unlocked(); }

    // --- the PIN pad ----------------------------------------------------------------------------
    void open_pin(App& app, ScreenId from);
    void type_digit(char digit);
    void erase_digit();
    void submit_pin(App& app, double now);
    const std::string& typed() const { return m_typed; }
    const PinGate& gate() const { return m_gate; }
    // Wrong PINs of an earlier run (the tries file beside kiosk.toml; the database's audit log,
    // any session, when there is one) still count, and their lockout still runs: restarting the
    // kiosk must not give a guesser fresh tries. Once, before the first frame, on every path.
    void resume_lockout(Session* session, double now);
    const std::string& pin_message() const { return m_pin_message; }

    // --- moving around ---------------------------------------------------------------------------
    void leave(App& app, std::string_view why = "facilitator_left");
    void go(ScreenId page);
    void ask(Confirmation confirmation);
    void answer(App& app, bool yes);
    const Confirmation& confirmation() const { return m_confirmation; }
    const Feedback& feedback() const { return m_feedback; }
    // Why the voter's ballot could not be saved, when facilitator mode was entered from that screen.
    const std::string& voter_problem() const { return m_voter_problem; }
    // The database problem to show: the session's last storage error, or the one seen when
    // facilitator mode was entered (the facilitator's own audit writes must not hide it) until
    // "Check again" succeeds.
    std::string storage_problem(const Session& session) const;
    // Scroll offsets of facilitator screens (kept here, never in the voter's Visit).
    float& scroll(const std::string& id) { return m_scroll[id]; }

    // --- the session -------------------------------------------------------------------------------
    void set_paused(App& app, bool paused);
    void end_session(App& app);
    void set_step_open(App& app, const std::string& step, bool open);
    void set_revealed(App& app, const std::string& step, bool revealed);
    void show_results(App& app, const std::string& step);  // on the shared screen, as voters see them

    // --- presentation mode (the results the facilitator put on the shared screen) -------------
    // While presenting, the idle reset leaves the slides alone; it ends when the screen leaves
    // the results (Close, the way back below).
    bool presenting() const { return m_presenting; }
    void stop_presenting() { m_presenting = false; }
    // For facilitator_timeout after "Show on screen", the slides offer a way back to facilitator
    // mode without the PIN (then it locks as it would have while the facilitator was away).
    bool may_return(double now) const { return m_presenting && now < m_return_until; }
    void return_from_presentation(App& app);
    // Whether "by group" results may go on the shared screen at all (the facilitator's switch;
    // small groups are never shown on their own either way).
    bool groups_on_screen() const { return m_groups_on_screen; }
    void set_groups_on_screen(App& app, bool shown);
    void undo_last_ballot(App& app);
    void set_idea_hidden(App& app, const std::string& step, const std::string& idea, bool hidden);
    void check_storage(App& app);  // a test write: is the database writable again?
    void release_next_voter(App& app);
    void quit(App& app);

    void open_ideas(const std::string& step);
    const std::string& ideas_step() const { return m_ideas_step; }

    // --- scenarios ---------------------------------------------------------------------------------
    void open_scenarios(const App& app);
    const std::vector<ScenarioFile>& scenarios() const { return m_scenarios; }
    const std::string& scenarios_dir() const { return m_scenarios_dir; }
    const std::string& selected_scenario() const { return m_selected_scenario; }
    void select_scenario(const std::string& path) { m_selected_scenario = path; }
    // Switches the kiosk to a new Session for the file; a file with errors changes nothing.
    void load_scenario(App& app, const std::string& path);
    // Another kiosk of the hub session loaded another scenario: this one follows (between voters).
    void follow_room(App& app, const RoomMove& move);

    // --- export ---------------------------------------------------------------------------------------
    void open_export();
    const std::vector<ExportTarget>& export_targets() const { return m_export_targets; }
    bool excel() const { return m_excel; }
    void set_excel(bool excel) { m_excel = excel; }
    // Writes the CSV files into a new folder inside `folder`; the paths written or the error
    // become the feedback (never silent).
    void export_to(App& app, const std::string& folder);

private:
    enum class Phase { closed, pin, unlocked };

    void log(App& app, const std::string& action, const std::string& detail);
    // After a right PIN: replaces an old (sha256i) stored hash with Argon2id in kiosk.toml.
    void upgrade_pin_hash(App& app, const std::string& pin);
    // Copies a scenario file (from a USB stick) into the scenarios folder: its path there.
    Outcome<std::string> copy_into_scenarios(const std::string& path) const;
    void report(const Status& status, std::string done_text);
    std::string text(const App& app, std::string_view key, const Args& args = {}) const;

    KioskConfig m_config;
    std::string m_start_language;
    PinGate m_gate;
    Phase m_phase = Phase::closed;
    ScreenId m_screen = ScreenId::facilitator_home;
    std::string m_typed;
    std::string m_pin_message;
    double m_last_touch = 0;
    double m_now = 0;
    bool m_swallow_release = false;  // the finger of the gesture is still down: its release taps nothing
    bool m_voter_released = false;
    bool m_presenting = false;
    double m_return_until = -1;
    bool m_groups_on_screen = true;

    Confirmation m_confirmation;
    Feedback m_feedback;
    std::string m_ideas_step;
    std::string m_voter_problem;
    std::string m_storage_problem;
    std::map<std::string, float> m_scroll;

    std::string m_scenarios_dir;
    std::vector<ScenarioFile> m_scenarios;
    std::string m_selected_scenario;
    bool switch_session(App& app, Scenario scenario, const std::string& source, bool lead);

    std::unique_ptr<Session> m_session;  // the session of a scenario loaded here (the App points at it)
    std::string m_current_scenario_path;

    std::vector<ExportTarget> m_export_targets;
    bool m_excel = false;
};

// Facilitator mode's text `key` for the screen in `ctx`.
std::string ftr(const ScreenContext& ctx, std::string_view key, const Args& args = {});
std::string fplural(const ScreenContext& ctx, std::string_view key, long long n, const Args& args = {});

// Mounted removable media: entries of `mounts_file` (fstab format) below `roots`, by mount point.
struct MountedMedium {
    std::string path;    // the mount point
    std::string device;  // e.g. /dev/sdb1
};
std::vector<MountedMedium> mounted_media(const std::string& mounts_file, const std::vector<std::string>& roots);
// Their mount points only.
std::vector<std::string> removable_media(const std::string& mounts_file, const std::vector<std::string>& roots);
// The file system label of `device`: the name of the link to it in `labels_dir`
// (/dev/disk/by-label), udev's \xNN escapes undone, control characters escaped; "" when none.
std::string medium_label(const std::string& device, const std::string& labels_dir);

}  // namespace workshop::kiosk

// session.h — one running workshop: a loaded scenario, its database and what the facilitator
// has opened, closed and revealed. With the Turn (turn.h) for a participant's turn, this is all a
// front-end needs: the Session keeps its database connection to itself.
//
// All state lives in the database (see docs/database.md), so a kiosk that is killed and
// restarted with the same file resumes where it was. Every method that writes is one
// transaction; cast_visit commits durably (synchronous=FULL) before it returns success.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/store.h"
#include "workshop/tally.h"

namespace workshop {

namespace detail {
struct SessionAccess;  // the engine's own code and tests only (its Store)
}

enum class SessionState { running, paused, ended };
std::string_view to_string(SessionState state);

struct SessionOptions {
    std::string kiosk_id;         // recorded with each ballot; default: the host name
    bool resume = true;           // continue the latest unfinished session of this scenario
    std::string actor = "kiosk";  // recorded in the audit log for facilitator actions
    bool hub = false;             // shared through a hub (hub.h): new ideas get global ids
};

// How a facilitator's CSV export should look (cli-and-data.md, "CSV conventions").
struct CsvStyle {
    char delimiter = ',';
    bool bom = false;
};

struct ExportOptions {
    // Ballot secrecy: cast_at and submitted_at are cut to the quarter hour unless this is set
    // (audits). The database always keeps the exact times.
    bool exact_times = false;
};

struct ExportReport {
    std::vector<std::string> files;  // full paths written
    std::size_t ballot_rows = 0;
    std::size_t idea_rows = 0;
    std::size_t result_rows = 0;
};

// One participant's confirmed turn: a ballot per step they voted in and the ideas they typed
// in. Each new idea carries a provisional id (any id that is not an option of its step, e.g. the
// Turn's "+1"); ballots may approve it under that id, and both are stored under its real id.
struct VisitCast {
    std::string visit;  // the visit id ("" = the ballots'): recorded with its ideas, for undo
    std::vector<Ballot> ballots;
    std::vector<Idea> ideas;
};

// What cast_visit did: nothing (problems say why, as data) or everything.
struct CastReport {
    std::vector<Problem> problems;  // empty = stored durably
    int failed_ballot = -1;         // index of the first ballot with a problem, -1: none or the visit
    std::vector<Idea> ideas;        // the stored ideas with their real ids, in the order given

    bool ok() const { return problems.empty(); }
    // English: "the visit was not recorded: PROBLEM; PROBLEM" ("" when stored).
    std::string message() const;
};

// What a shared screen shows of a step's results (Session::shown_results).
struct ShownResults {
    StepResult result;              // the bars
    std::vector<RoleGroup> groups;  // the groups that may be shown, of the same ballots
    int ballots_now = 0;            // the step's ballots now: the live count (how many, never how)
    bool in_steps = false;          // voting is open and the bars move in steps of min_group_size
};

// Everything a screen reads of a session at one moment (what the reads of Session below return),
// made by a reader (Session::open_reader) on a thread of its own: the thread that draws then only
// swaps it in (Session::adopt) instead of reading and tallying the rows another kiosk or program
// wrote. Made by the same code as the Session's own answers.
struct SessionSnapshot {
    std::uint64_t writes = 0;  // the drawing Session's own writes when the reading began (Session::writes)
    SessionState state = SessionState::running;
    std::set<std::string> closed_steps, revealed_steps;
    std::map<std::string, std::vector<Idea>> ideas;  // per step, hidden ones included
    std::map<std::string, std::map<std::string, int>> ballot_counts;  // per step that takes ballots
    int visits = 0;
    std::map<std::string, StepResult> results;               // per step that takes ballots
    std::map<std::string, std::vector<RoleGroup>> groups;    // visible_groups, per step that takes ballots
    std::map<std::string, ShownResults> shown;               // shown_results, per step that takes ballots
};

class Session {
public:
    // Opens (creating when missing) the database at `db_path` and the session for `scenario`:
    // the latest unfinished one with the same scenario hash when options.resume, else a new one.
    static Outcome<std::unique_ptr<Session>> open(const std::string& db_path, Scenario scenario,
                                                  const SessionOptions& options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Scenario& scenario() const;
    std::int64_t id() const;          // the session's number in its database
    // The database file this session lives in: to open the same session again (another
    // scenario, a restart) or hand it to a sync thread (hub.h) on its own connection.
    const std::string& database_path() const;

    // --- participants ---------------------------------------------------------------------
    // A fresh, unguessable visit id for the next participant: 128 bits (new_global_id), unique
    // across every kiosk of a hub.
    std::string new_visit_id();
    // Checks every ballot and idea (check_ballot, check_idea_problems, at most
    // max_ideas_per_visit ideas, steps open, session running) and records them all in one
    // durable transaction, or nothing. Success means they survive a power cut. A visit with no
    // ballot and no idea is refused (empty_visit): there is nothing to record.
    CastReport cast_visit(const VisitCast& visit);
    // The same for ballots alone; the message names the ballot's step and what is wrong.
    Status cast_visit(const std::vector<Ballot>& ballots);
    // Stores an idea on its own, outside a visit (a facilitator seeding the wall, tests): the
    // kiosk stores a voter's ideas with their ballots (cast_visit). Returns it with its id.
    Outcome<Idea> add_idea(const std::string& step_id, const std::string& text,
                           const std::string& language);
    // The step's collected ideas in submission order; hidden ones only when asked.
    std::vector<Idea> ideas(const std::string& step_id, bool include_hidden = false) const;
    // Whether the step has collected idea `idea_id` (not hidden): a lookup, no copy.
    bool has_idea(std::string_view step_id, std::string_view idea_id) const;

    // --- what the facilitator controls ------------------------------------------------------
    SessionState state() const;
    // Every step starts open, info steps too; only the facilitator's set_step_open(id, false)
    // closes one. A closed step is not shown to the next participants (Turn::step_shown) and
    // cast_visit refuses ballots for it. Pause and end do not close steps: cast_visit refuses
    // everything while the session is not running (state()).
    bool step_open(const std::string& step_id) const;
    bool revealed(const std::string& step_id) const;    // results start hidden
    Status pause();
    Status resume();
    Status end();
    Status set_step_open(const std::string& step_id, bool open);
    Status set_revealed(const std::string& step_id, bool revealed);
    Status set_idea_hidden(const std::string& step_id, const std::string& idea_id, bool hidden);
    // Marks the most recent visit cast at this kiosk void (who/when recorded) and hides the
    // ideas that visit added; nothing is deleted. Returns the visit id it undid; an imported
    // ballot or another kiosk's visit (hub) is never undone from here.
    Outcome<std::string> void_last_visit(const std::string& who);
    // Appends to the audit log (every method above logs itself; this is for other actions).
    Status log_action(const std::string& action, const std::string& detail);
    // The audit log's actions named `a` or `b`, of EVERY session in the database, oldest first:
    // what outlives a session (e.g. the kiosk's PIN tries).
    Outcome<std::vector<ActionRecord>> actions_named(std::string_view a, std::string_view b) const;

    // --- results ------------------------------------------------------------------------------
    // Every valid ballot of the step, whether or not the step is revealed(): reveal is only a
    // flag a front-end reads to decide whether totals may appear on a shared screen. An info
    // step, or an unknown id, gives a result without rows.
    StepResult results(const std::string& step_id) const;
    // Every role group, small ones too: for checks, never for a shared screen or a report.
    std::vector<RoleResult> results_by_role(const std::string& step_id) const;
    // The groups that may be shown (scenario `[results] min_group_size`, visible_role_groups).
    std::vector<RoleGroup> visible_groups(const std::string& step_id) const;
    // What a shared screen shows. While the step's voting is open, bars that moved with every
    // ballot would show a known voter's ballot land, so they hold the tally of the first
    // (floor(n / g) - 1) * g of the step's n valid ballots (g = `[results] min_group_size`) in the
    // session's ballot order: the hub's order where a ballot has a hub number, then this file's
    // ballots without one, in row order (hub.md). A whole step behind, so that closing the step,
    // which shows results() exactly, changes the bars by at least g ballots too. Fewer than 2g
    // in: none counted, rows in the file's order. The groups are of the same ballots; the count of ballots stays live. The
    // held bars depend on the ballots alone, not on when a screen looked, so every screen of the
    // session (other kiosks, a restarted one) shows the same. A closed step, or an ended session,
    // shows results() exactly.
    // Worked out once per change (changes()); the reference stays valid, and names the same
    // step, until changes() moves: a screen keeps it instead of a copy.
    const ShownResults& shown_results(const std::string& step_id) const;
    // Ballots cast for a step (not void), per role id ("" = no role): counts only, never content.
    std::map<std::string, int> ballot_counts(const std::string& step_id) const;
    int visit_count() const;

    // A number that grows whenever what the reads above return may have changed: a write through
    // this Session, or another program's write seen by check_for_changes (or a checked read).
    // A front-end compares it every frame and fetches again only when it moved.
    std::uint64_t changes() const;

    // Every read above first asks SQLite whether another program wrote to the file (one small
    // query, a few system calls). A screen that reads a dozen times per frame asks once instead:
    // set_check_each_read(false), then check_for_changes() at the start of each frame.
    void set_check_each_read(bool check);
    void check_for_changes();

    // --- reading on another thread ------------------------------------------------------------
    // A reader of this session: the same file, session and scenario on a connection of its own,
    // for another thread (it shares nothing with this Session but the count of its writes). It
    // only reads: snapshot() after each check_for_changes() that moved changes().
    Outcome<std::unique_ptr<Session>> open_reader() const;
    // Every read of the list above, for each step, in one snapshot (null when a read failed).
    // Only what is new since the last snapshot is read and tallied (the streaming tallies).
    std::shared_ptr<const SessionSnapshot> snapshot();
    // Answers the reads above from `snapshot` (made by a reader of this Session) until this
    // Session writes next; refused (false) when this Session wrote after the reading began: the
    // snapshot may lack that write. What was adopted counts as a change (changes()).
    bool adopt(std::shared_ptr<const SessionSnapshot> snapshot);
    // How many writes this Session (or its readers' original) has committed: a reader's
    // snapshot carries the count it saw, so a newer write is never hidden by an older snapshot.
    std::uint64_t writes() const;

    // Writes results.csv, ballots.csv and ideas.csv into `dir` (see export_session in exchange.h:
    // never through a link, rows in an order unrelated to voting, times to the quarter hour).
    Outcome<ExportReport> export_csv(const std::string& dir, const CsvStyle& style = {}, const ExportOptions& options = {}) const;

    // The last storage problem (disk full, read-only, ...) or "" when the last write succeeded.
    const std::string& last_storage_error() const;

private:
    friend struct detail::SessionAccess;
    struct Impl;
    explicit Session(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace workshop

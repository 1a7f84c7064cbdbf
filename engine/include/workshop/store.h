// store.h — the SQLite file that holds sessions, ballots, ideas and the audit log.
//
// The schema is documented for people in docs/database.md. Rows are only ever appended: a ballot
// is undone by a `voids` row, a step is closed by an `actions` row; triggers refuse UPDATE and
// DELETE. Every failure comes back as a Status whose message says what happened to which file and
// what to do (disk full, read-only, locked, damaged, vanished), never as an exception.
//
// A Store is one connection, for one thread. A front-end uses Session (session.h), which keeps
// its Store to itself; the `workshop` command, the report library and the hub's sync thread use a
// Store directly (import, export, tally, sync), each on its own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/result.h"
#include "workshop/scenario.h"

namespace workshop {

namespace detail {
struct StoreAccess;  // the engine's own code only (its raw connection)
}

// Where a ballot came from (the `source` column).
enum class BallotSource { kiosk, import, synth };
std::string_view to_string(BallotSource source);

// One row of the `sessions` table.
struct SessionRecord {
    std::int64_t id = 0;
    std::string scenario_id;
    std::string scenario_title;   // in the scenario's default language, for people browsing
    std::string scenario_sha256;  // sha256_hex(scenario_text)
    std::string scenario_text;    // the exact scenario file the session ran with
    std::string created_at;       // ISO 8601 UTC
    std::string kiosk;            // host that created the session
    std::string created_by;       // "kiosk", "import" or "synth"
};

// One row of the `actions` table (the audit log). Session state is derived from these rows.
struct ActionRecord {
    std::int64_t id = 0;
    std::string at;
    std::string actor;
    std::string action;  // e.g. "session_paused", "step_closed", "idea_hidden", "visit_voided"
    std::string step;    // "" when the action concerns no step
    std::string target;  // idea id, visit id, ... or ""
    std::string detail;
};

// A ballot as stored: its row id, its source and whether it was voided.
struct StoredBallot {
    std::int64_t row = 0;
    Ballot ballot;
    BallotSource source = BallotSource::kiosk;
    bool is_void = false;
};

// Counts about a session that a report shows beside the results (none says how anyone voted).
struct SessionFigures {
    int visits = 0;                                 // visits with at least one valid ballot
    std::map<std::string, int> visits_by_role;      // role id ("" = none) -> visits with a valid ballot
    std::map<std::string, int> visits_by_language;  // language code ("" = none) -> visits
    std::map<std::string, int> voided_by_step;      // step id -> voided ballots
    std::vector<std::string> kiosks;                // kiosks that recorded a valid ballot, sorted
    std::string first_cast_at;                      // the earliest valid ballot's time, or ""
};

// The action names the store derives state from; Session::log_action refuses them.
namespace action {
inline constexpr std::string_view session_created = "session_created";
inline constexpr std::string_view session_paused = "session_paused";
inline constexpr std::string_view session_resumed = "session_resumed";
inline constexpr std::string_view session_ended = "session_ended";
inline constexpr std::string_view step_opened = "step_opened";
inline constexpr std::string_view step_closed = "step_closed";
inline constexpr std::string_view results_revealed = "results_revealed";
inline constexpr std::string_view results_hidden = "results_hidden";
inline constexpr std::string_view idea_hidden = "idea_hidden";
inline constexpr std::string_view idea_shown = "idea_shown";
inline constexpr std::string_view visit_voided = "visit_voided";
// An idea typed in at the screen, stored with its visit's ballots (target = idea, detail = the
// visit id): undo of that visit hides it.
inline constexpr std::string_view idea_added = "idea_added";
// The facilitator loaded another scenario at this screen (detail = the new file's SHA-256),
// recorded in the session it leaves: on a hub, the room follows (hub.md, guarantee 8).
inline constexpr std::string_view scenario_switched = "scenario_switched";
bool is_reserved(std::string_view name);
}  // namespace action

class Store {
public:
    static constexpr int schema_version = 3;            // PRAGMA user_version this program writes
    static constexpr int application_id = 0x57534850;  // PRAGMA application_id: "WSHP"

    enum class OpenMode {
        create,    // create the file (mode 0600) when missing
        existing,  // the file must exist
    };

    // Opens the database, creating and migrating its schema as needed. Refuses a file made by
    // a newer program, a file that is not a workshop database, and a damaged file.
    static Outcome<std::unique_ptr<Store>> open(const std::string& path, OpenMode mode = OpenMode::create);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::string& path() const;
    void set_busy_timeout(int milliseconds);  // how long a write waits for another program's lock

    // --- transactions -------------------------------------------------------------------------
    // `full`: the commit is on disk before commit() returns (a visit); `bulk`: no fsync at
    // commit (imports, synth), still atomic: a crash keeps all of the transaction or none.
    enum class Durability { full, bulk };
    Status begin_write(Durability durability = Durability::full);  // BEGIN IMMEDIATE
    Status begin_read();                                            // a consistent snapshot
    Status commit();
    void rollback();  // harmless without a transaction

    // Rolls back on destruction unless committed.
    class Transaction {
    public:
        Transaction(Store& store, Durability durability);  // a write transaction
        explicit Transaction(Store& store);                 // a read snapshot
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        const Status& status() const { return m_status; }  // did it begin?
        Status commit();

    private:
        Store& m_store;
        Status m_status;
        bool m_open = false;
    };

    // --- sessions -----------------------------------------------------------------------------
    // Records a new session of `scenario` (its full text and hash, and its pictures' bytes) and
    // its session_created action, inside a write transaction; returns the session id.
    Outcome<std::int64_t> add_session(const Scenario& scenario, const std::string& kiosk,
                                      std::string_view created_by, const std::string& at);
    // The same, numbered `wanted_id` when no session has that number yet (else the next free one).
    Outcome<std::int64_t> add_session(const Scenario& scenario, const std::string& kiosk,
                                      std::string_view created_by, const std::string& at,
                                      std::int64_t wanted_id);
    Outcome<std::optional<SessionRecord>> session(std::int64_t id);  // empty when there is none
    // The newest session; only of `scenario_id` / with `sha256` when they are not empty; only
    // sessions without a session_ended action when `unended_only`.
    Outcome<std::optional<SessionRecord>> latest_session(std::string_view scenario_id = {},
                                                         std::string_view sha256 = {},
                                                         bool unended_only = false);
    Outcome<bool> has_sessions_of(std::string_view scenario_id);  // any version of the file
    // The pictures recorded with a session (add_session stores the scenario's), by `image` path:
    // what its voters saw, whatever the files on disk hold now.
    Outcome<std::map<std::string, Picture>> pictures(std::int64_t session);

    // --- ballots ------------------------------------------------------------------------------
    // Appends one ballot and its marks (inside a write transaction). cast_at and kiosk must be set.
    // On failure the whole transaction has already been rolled back (no per-row sub-transaction
    // is paid for): stop and report; commit() then refuses.
    Outcome<std::int64_t> add_ballot(std::int64_t session, const Ballot& ballot, BallotSource source);
    // The stored ballot for (visit, step), void or not.
    Outcome<std::optional<StoredBallot>> find_ballot(std::int64_t session, std::string_view visit,
                                                     std::string_view step);
    // Streams the valid (not void) ballots of a session, or of one `step` when it is not empty,
    // whole and in the order they were recorded. `each` may move from the ballot it is given;
    // it returns false to stop.
    Status for_each_ballot(std::int64_t session, std::string_view step, const std::function<bool(Ballot&)>& each);
    // How for_each_ballot_ordered sorts: by group(step) (smaller first), then key(visit) as an
    // unsigned number, then the visit id's bytes. Both must give the same answer for the same text.
    struct BallotOrder {
        std::function<std::int64_t(std::string_view step)> group;
        std::function<std::uint64_t(std::string_view visit)> key;
    };
    // Streams the valid ballots of a session, whole, in `order`. SQLite sorts them, past a small
    // cache in a temporary file (deleted on close): memory does not grow with the session.
    Status for_each_ballot_ordered(std::int64_t session, const BallotOrder& order,
                                   const std::function<bool(Ballot&)>& each);
    // The valid ballots of one step, in the order they were recorded, appended to `out`.
    Status load_ballots(std::int64_t session, const std::string& step, std::vector<Ballot>& out);
    // Valid ballots of a step per role id ("" = none).
    Outcome<std::map<std::string, int>> ballot_counts(std::int64_t session, const std::string& step);
    Outcome<int> visit_count(std::int64_t session);  // visits with at least one valid ballot
    Outcome<SessionFigures> figures(std::int64_t session);
    // The visit id of the newest valid ballot of `source` (cast at `kiosk`, when not empty: a
    // replica also holds other kiosks' ballots, hub.h), or "" when there is none.
    Outcome<std::string> last_visit(std::int64_t session, BallotSource source, std::string_view kiosk = {});
    // Voids every valid ballot of the visit (inside a write transaction); returns how many.
    Outcome<int> void_visit(std::int64_t session, const std::string& visit, const std::string& who,
                            const std::string& at, const std::string& reason);

    // --- ideas --------------------------------------------------------------------------------
    Status add_idea(std::int64_t session, const Idea& idea, const std::string& kiosk, BallotSource source);
    // Collected ideas with their hidden flag, in submission order; all steps when `step` is empty.
    Outcome<std::vector<Idea>> ideas(std::int64_t session, std::string_view step = {});

    // --- the audit log --------------------------------------------------------------------------
    Status add_action(std::int64_t session, const ActionRecord& action);
    Outcome<std::vector<ActionRecord>> actions(std::int64_t session);
    // The actions named `a` or `b`, of every session, oldest first (e.g. the kiosk's PIN tries,
    // which outlive a session).
    Outcome<std::vector<ActionRecord>> actions_named(std::string_view a, std::string_view b);

    // True when another connection committed since the last call (PRAGMA data_version).
    bool changed_elsewhere();

    // The time now as ISO 8601 UTC ("2024-05-01T09:30:00Z").
    static std::string now();

private:
    friend struct detail::StoreAccess;
    struct Impl;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace workshop
